"""The words a resource or a question is tagged with: the framework's characteristics,
stages and themes (asked of the journey feature, hook FRAMEWORK_TAGS), and the kinds of
resource.

The framework's words are known only once the app runs (from its features), so a
mutation's schema takes a tag as text and its handler checks it (`refuse_unknown`), with
the message a choice from a list gives."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from backend.hooks import FRAMEWORK_TAGS, FrameworkTags, provided_one
from backend.validation import Text, ValidationFailed

KINDS = [
    ("case-example", "Case example"),
    ("template", "Template"),
    ("evidence", "Evidence"),
    ("business-case", "Business case"),
    ("training", "Training"),
    ("policy", "Policy"),
]
NO_FRAMEWORK = FrameworkTags((), (), ())


def label(options: Iterable[tuple[str, str]], key: str) -> str:
    return dict(options).get(key, "")


@dataclass(frozen=True, slots=True)
class Tags:
    """The tags as the pages show them (`tags.characteristics()`, `tags.label(...)`)."""

    framework: FrameworkTags
    KINDS: ClassVar[list[tuple[str, str]]] = KINDS

    def characteristics(self) -> list[tuple[str, str]]:
        return list(self.framework.characteristics)

    def stages(self) -> list[tuple[str, str]]:
        return list(self.framework.stages)

    def themes(self) -> list[tuple[str, str]]:
        return list(self.framework.themes)

    @staticmethod
    def label(options: Iterable[tuple[str, str]], key: str) -> str:
        return label(options, key)


def tags_of(services: Any) -> Tags:
    """The app's tags (no framework words if no feature gives them)."""
    framework = provided_one(services.features, FRAMEWORK_TAGS)
    return Tags(framework() if framework is not None else NO_FRAMEWORK)


def tag_field(name: str, label: str) -> Text:
    """An optional tag in a mutation's schema; `refuse_unknown` checks it is a known one."""
    return Text(name, label, required=False, max_length=200)


def refuse_unknown(services: Any, args: Mapping[str, Any], names: Iterable[str]) -> None:
    """ValidationFailed for each of these tags (characteristic, stage, theme) that is given
    but not one of the framework's, worded as a choice from a list is refused ("Select
    characteristic from the list"), so a form shows it at its field with the input kept."""
    tags = tags_of(services)
    options = {
        "characteristic": tags.characteristics(),
        "stage": tags.stages(),
        "theme": tags.themes(),
    }
    errors = {
        name: f"Select {name} from the list"
        for name in names
        if args.get(name) and args[name] not in {key for key, _ in options[name]}
    }
    if errors:
        raise ValidationFailed(errors)
