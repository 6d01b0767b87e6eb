"""Standards profiles: load content/standards/*.toml into frozen values, and tighten them.

A profile is data: rules with a measure, a window, thresholds, who they apply to and an
explanation with its source. A team picks one profile and may tighten (never loosen) its
thresholds and options through `apply_overrides`. Loading reports every problem at once.
"""

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

from backend.adherence.rules.measures import (
    CONTRADICTIONS,
    MEASURES,
    Condition,
    Measure,
    MeasureSpec,
    OptionValue,
    WindowKind,
    is_at_least_as_tight,
)
from backend.adherence.rules.options import parse_option, parse_threshold
from backend.adherence.rules.toml_reader import ProfileError, Reader, Table

STANDARDS_DIR = Path(__file__).resolve().parents[3] / "content" / "standards"

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
_PROFILE_KEYS = frozenset(
    [
        "id",
        "name",
        "version",
        "description",
        "default",
        "sources",
        "experience",
        "activity",
        "rules",
    ]
)
_RULE_KEYS = frozenset(
    [
        "id",
        "title",
        "measure",
        "window",
        "threshold",
        "applies_to",
        "options",
        "explanation",
        "source",
        "section",
        "advisory",
        "suggestion",
    ]
)
_MONTHS_WINDOWS = frozenset({WindowKind.ROLLING_MONTHS, WindowKind.PER_COURSE})


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    url: str = ""
    note: str = ""
    # Our own words, not a published standard: rules citing it never count in the overall.
    ours: bool = False


@dataclass(frozen=True, slots=True)
class Window:
    kind: WindowKind
    months: int | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    title: str
    measure: Measure
    window: Window
    thresholds: Mapping[str, float]
    applies_to: frozenset[Condition]
    options: Mapping[str, OptionValue]
    explanation: str
    source: str
    section: str = ""
    advisory: bool = False
    suggestion: bool = False

    def threshold(self, key: str | None = None) -> float:
        return self.thresholds[key or MEASURES[self.measure].thresholds[0]]

    def flag(self, name: str) -> bool:
        return bool(self.options[name])

    def number(self, name: str) -> float:
        value = self.options[name]
        assert isinstance(value, float)
        return value

    def text(self, name: str) -> str:
        return str(self.options[name])

    def names(self, name: str) -> tuple[str, ...]:
        value = self.options[name]
        assert isinstance(value, tuple)
        return value


@dataclass(frozen=True, slots=True)
class ExperiencePolicy:
    """When a teacher stops being inexperienced."""

    closely_supervised_courses: int = 2
    requires_training: bool = True


@dataclass(frozen=True, slots=True)
class Profile:
    id: str
    name: str
    version: int
    description: str
    sources: tuple[Source, ...]
    rules: tuple[Rule, ...]
    experience: ExperiencePolicy = ExperiencePolicy()
    activity_months: int = 12
    is_default: bool = False
    tightened: tuple[str, ...] = ()

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def source(self, source_id: str) -> Source:
        return next(source for source in self.sources if source.id == source_id)


def load_profile(path: Path) -> Profile:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ProfileError(path.name, [f"not valid TOML: {error}"]) from error
    return parse_profile(data, path.name)


def load_profiles(directory: Path = STANDARDS_DIR) -> dict[str, Profile]:
    """Every *.toml profile in `directory`, by id. Exactly one must be the default."""
    profiles: dict[str, Profile] = {}
    problems: list[str] = []
    for path in sorted(directory.glob("*.toml")):
        profile = load_profile(path)
        if profile.id in profiles:
            problems.append(f"{path.name}: profile id '{profile.id}' is used twice")
        profiles[profile.id] = profile
    defaults = [profile.id for profile in profiles.values() if profile.is_default]
    if len(defaults) != 1:
        problems.append(f"exactly one profile must have default = true, found {defaults}")
    if problems:
        raise ProfileError(str(directory), problems)
    return profiles


def default_profile(profiles: Mapping[str, Profile]) -> Profile:
    return next(profile for profile in profiles.values() if profile.is_default)


def parse_profile(data: Table, source_name: str) -> Profile:
    reader = Reader(source_name)
    reader.unknown_keys(data, _PROFILE_KEYS, "profile")
    profile_id = reader.text(data, "id")
    if profile_id and not _ID.match(profile_id):
        reader.problem(f"id '{profile_id}' must be lower-case letters, digits and hyphens")
    sources = _parse_sources(reader, data)
    own_sources = {source.id for source in sources if source.ours}
    source_ids = {source.id for source in sources}
    rules = tuple(
        rule
        for index, raw in enumerate(reader.tables(data, "rules"))
        if (rule := _parse_rule(reader, raw, index, source_ids, own_sources)) is not None
    )
    _check_unique([rule.id for rule in rules], "rule id", reader)
    activity = reader.table(data, "activity")
    reader.unknown_keys(activity, {"months"}, "[activity]")
    profile = Profile(
        id=profile_id,
        name=reader.text(data, "name"),
        version=reader.integer(data, "version", minimum=1),
        description=reader.text(data, "description"),
        sources=sources,
        rules=rules,
        experience=_parse_experience(reader, data),
        activity_months=reader.integer(activity, "months", default=12, minimum=1, maximum=120),
        is_default=reader.boolean(data, "default", default=False),
    )
    if not rules and not reader.problems:
        reader.problem("a profile needs at least one rule")
    reader.raise_if_any()
    return profile


def _parse_experience(reader: Reader, data: Table) -> ExperiencePolicy:
    table = reader.table(data, "experience")
    reader.unknown_keys(table, {"closely_supervised_courses", "requires_training"}, "[experience]")
    return ExperiencePolicy(
        closely_supervised_courses=reader.integer(
            table, "closely_supervised_courses", default=2, maximum=20
        ),
        requires_training=reader.boolean(table, "requires_training", default=True),
    )


def _parse_sources(reader: Reader, data: Table) -> tuple[Source, ...]:
    sources = []
    for raw in reader.tables(data, "sources"):
        reader.unknown_keys(raw, {"id", "title", "url", "note", "ours"}, "source")
        sources.append(
            Source(
                id=reader.text(raw, "id"),
                title=reader.text(raw, "title"),
                url=reader.text(raw, "url", default=""),
                note=reader.text(raw, "note", default=""),
                ours=reader.boolean(raw, "ours", default=False),
            )
        )
    if not sources:
        reader.problem("a profile needs at least one [[sources]] entry")
    _check_unique([source.id for source in sources], "source id", reader)
    return tuple(sources)


def _check_unique(ids: Sequence[str], what: str, reader: Reader) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            reader.problem(f"duplicate {what} '{item}'")
        seen.add(item)


def _parse_rule(
    reader: Reader, raw: Table, index: int, source_ids: set[str], own_sources: set[str]
) -> Rule | None:
    rule_id = reader.text(raw, "id", where=f"rule {index + 1}")
    where = f"rule '{rule_id}'" if rule_id else f"rule {index + 1}"
    before = len(reader.problems)
    if rule_id and not _ID.match(rule_id):
        reader.problem(f"{where}: id must be lower-case letters, digits and hyphens")
    reader.unknown_keys(raw, _RULE_KEYS, where)
    measure_name = reader.text(raw, "measure", where=where)
    if measure_name not in set(Measure):
        known = ", ".join(sorted(Measure))
        reader.problem(f"{where}: unknown measure '{measure_name}' (known: {known})")
        return None
    measure = Measure(measure_name)
    spec = MEASURES[measure]
    source = reader.text(raw, "source", where=where)
    if source and source not in source_ids:
        reader.problem(f"{where}: source '{source}' is not one of the profile's [[sources]]")
    rule = Rule(
        id=rule_id,
        title=reader.text(raw, "title", where=where),
        measure=measure,
        window=_parse_window(reader, raw.get("window"), spec, where),
        thresholds=MappingProxyType(
            parse_threshold(reader, raw.get("threshold"), measure, where, partial=False)
        ),
        applies_to=_parse_applies_to(reader, raw.get("applies_to", ["all"]), where),
        options=MappingProxyType(_parse_options(reader, raw.get("options", {}), spec, where)),
        explanation=reader.text(raw, "explanation", where=where),
        source=source,
        section=reader.text(raw, "section", default="", where=where),
        # A rule that only we ask for is advice: the overall status follows the sources.
        advisory=reader.boolean(raw, "advisory", default=False, where=where)
        or source in own_sources,
        suggestion=reader.boolean(raw, "suggestion", default=False, where=where),
    )
    return rule if len(reader.problems) == before else None


def _parse_window(reader: Reader, raw: object, spec: MeasureSpec, where: str) -> Window:
    if not isinstance(raw, Mapping):
        reader.problem(f'{where}: window must be a table such as {{ kind = "rolling_months" }}')
        return Window(WindowKind.EVER)
    reader.unknown_keys(raw, {"kind", "months"}, f"{where}: window")
    kind_name = reader.text(raw, "kind", where=f"{where}: window")
    if kind_name not in set(WindowKind):
        reader.problem(f"{where}: unknown window kind '{kind_name}'")
        return Window(WindowKind.EVER)
    kind = WindowKind(kind_name)
    if kind not in spec.windows:
        allowed = ", ".join(sorted(spec.windows))
        reader.problem(f"{where}: window '{kind}' does not suit this measure (use: {allowed})")
    if kind in _MONTHS_WINDOWS:
        months = reader.integer(raw, "months", minimum=1, maximum=120, where=f"{where}: window")
        return Window(kind, months)
    if "months" in raw:
        reader.problem(f"{where}: a '{kind}' window takes no months")
    return Window(kind)


def _parse_applies_to(reader: Reader, raw: object, where: str) -> frozenset[Condition]:
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        reader.problem(f'{where}: applies_to must be a list such as ["inactive"] or ["all"]')
        return frozenset()
    names = set(raw) - {"all"}
    if "all" in raw and names:
        reader.problem(f"{where}: applies_to cannot mix 'all' with other conditions")
    unknown = names - set(Condition)
    if unknown:
        reader.problem(
            f"{where}: unknown applies_to {sorted(unknown)} (known: all, {', '.join(Condition)})"
        )
    conditions = frozenset(Condition(name) for name in names - unknown)
    for pair in CONTRADICTIONS:
        if pair <= conditions:
            reader.problem(f"{where}: applies_to cannot hold both {' and '.join(sorted(pair))}")
    return conditions


def _parse_options(
    reader: Reader, raw: object, spec: MeasureSpec, where: str
) -> dict[str, OptionValue]:
    options = {option.name: option.default for option in spec.options}
    if not isinstance(raw, Mapping):
        reader.problem(f"{where}: options must be a table")
        return options
    for name, value in raw.items():
        option = spec.option(name)
        if option is None:
            known = ", ".join(option.name for option in spec.options) or "none"
            reader.problem(f"{where}: unknown option '{name}' (this measure takes: {known})")
            continue
        parsed = parse_option(reader, option, value, where)
        if parsed is not None:
            options[name] = parsed
    return options


def apply_overrides(profile: Profile, overrides: Mapping[str, Mapping[str, object]]) -> Profile:
    """The profile with a team's tighter thresholds and options. Loosening is refused."""
    reader = Reader(f"overrides for profile '{profile.id}'")
    rules = {rule.id: rule for rule in profile.rules}
    changed: set[str] = set()
    for rule_id, override in overrides.items():
        rule = rules.get(rule_id)
        if rule is None:
            reader.problem(f"no rule '{rule_id}' in profile '{profile.id}'")
            continue
        tightened = _tighten_rule(reader, rule, override)
        if tightened != rule:
            rules[rule_id] = tightened
            changed.add(rule_id)
    reader.raise_if_any()
    return replace(
        profile,
        rules=tuple(rules[rule.id] for rule in profile.rules),
        tightened=tuple(sorted(changed | set(profile.tightened))),
    )


def _tighten_rule(reader: Reader, rule: Rule, override: Mapping[str, object]) -> Rule:
    where = f"rule '{rule.id}'"
    if not isinstance(override, Mapping):
        reader.problem(f"{where}: an override must be a table of threshold and options")
        return rule
    reader.unknown_keys(override, {"threshold", "options"}, f"{where} override")
    thresholds = dict(rule.thresholds)
    if "threshold" in override:
        new = parse_threshold(reader, override["threshold"], rule.measure, where, partial=True)
        for key, value in new.items():
            if value < thresholds[key]:
                reader.problem(
                    f"{where}: threshold {key} {value:g} is below the profile's "
                    f"{thresholds[key]:g}; a team may tighten a standard, never loosen it"
                )
            thresholds[key] = value
    options = dict(rule.options)
    raw_options = override.get("options", {})
    spec = MEASURES[rule.measure]
    parsed = _parse_options(reader, raw_options, spec, where)
    for name in raw_options if isinstance(raw_options, Mapping) else ():
        option = spec.option(name)
        if option is None or name not in parsed:
            continue
        if not is_at_least_as_tight(option, rule.options[name], parsed[name]):
            reader.problem(
                f"{where}: option {name} = {parsed[name]!r} would loosen the profile's "
                f"{rule.options[name]!r}; a team may tighten a standard, never loosen it"
            )
        options[name] = parsed[name]
    return replace(rule, thresholds=MappingProxyType(thresholds), options=MappingProxyType(options))
