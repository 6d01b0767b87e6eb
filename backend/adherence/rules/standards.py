"""Standards profiles: load content/standards/*.toml into frozen values, and tighten them.

A profile is data: rules with a measure, a window, thresholds, who they apply to and an
explanation with its source. A team picks one profile and may tighten (never loosen) its
thresholds and options through `apply_overrides`. Loading reports every problem at once.
"""

import re
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
from backend.toml_reader import Table, TomlError, read_toml

STANDARDS_DIR = Path(__file__).resolve().parents[3] / "content" / "standards"

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
_ID_RULE = "lower-case letters, digits and hyphens"
_PROFILE_KEYS = (
    "id",
    "name",
    "version",
    "description",
    "default",
    "sources",
    "experience",
    "activity",
    "rules",
)
_RULE_KEYS = (
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
)
_MONTHS_WINDOWS = frozenset({WindowKind.ROLLING_MONTHS, WindowKind.PER_COURSE})


class ProfileError(TomlError):
    """A profile or a team's overrides are invalid. `problems` lists each one in plain words."""


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
    return parse_profile(read_toml(path, ProfileError), str(path))


def load_profiles(directory: Path = STANDARDS_DIR) -> dict[str, Profile]:
    """Every *.toml profile in `directory`, by id. Exactly one must be the default."""
    profiles: dict[str, Profile] = {}
    problems: list[str] = []
    for path in sorted(directory.glob("*.toml")):
        profile = load_profile(path)
        if profile.id in profiles:
            problems.append(f"{path}: profile id '{profile.id}' is used twice")
        profiles[profile.id] = profile
    defaults = [profile.id for profile in profiles.values() if profile.is_default]
    if len(defaults) != 1:
        problems.append(
            f"{directory}: exactly one profile must have default = true, found {defaults}"
        )
    if problems:
        raise ProfileError(str(directory), problems)
    return profiles


def default_profile(profiles: Mapping[str, Profile]) -> Profile:
    return next(profile for profile in profiles.values() if profile.is_default)


def parse_profile(data: Mapping[str, object], source_name: str) -> Profile:
    t = Table(data, source_name)
    t.only(*_PROFILE_KEYS)
    profile_id = t.ident(_ID, _ID_RULE)
    sources = _parse_sources(t)
    own_sources = {source.id for source in sources if source.ours}
    source_ids = {source.id for source in sources}
    rules = tuple(
        rule
        for raw in t.tables("rules")
        if (rule := _parse_rule(raw, source_ids, own_sources)) is not None
    )
    _check_unique([rule.id for rule in rules], "rule id", t)
    activity = t.table("activity")
    activity.only("months")
    profile = Profile(
        id=profile_id,
        name=t.text("name"),
        version=t.integer("version", minimum=1, maximum=10_000),
        description=t.text("description"),
        sources=sources,
        rules=rules,
        experience=_parse_experience(t),
        activity_months=activity.integer("months", default=12, minimum=1, maximum=120),
        is_default=t.flag("default"),
    )
    t.raise_if_any(ProfileError)
    return profile


def _parse_experience(profile: Table) -> ExperiencePolicy:
    t = profile.table("experience")
    t.only("closely_supervised_courses", "requires_training")
    return ExperiencePolicy(
        closely_supervised_courses=t.integer("closely_supervised_courses", default=2, maximum=20),
        requires_training=t.flag("requires_training", default=True),
    )


def _parse_sources(profile: Table) -> tuple[Source, ...]:
    sources = []
    for t in profile.tables("sources"):
        t.only("id", "title", "url", "note", "ours")
        sources.append(
            Source(
                id=t.text("id"),
                title=t.text("title"),
                url=t.text("url", default=""),
                note=t.text("note", default=""),
                ours=t.flag("ours"),
            )
        )
    _check_unique([source.id for source in sources], "source id", profile)
    return tuple(sources)


def _check_unique(ids: Sequence[str], what: str, t: Table) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            t.problem(f"duplicate {what} '{item}'")
        seen.add(item)


def _parse_rule(t: Table, source_ids: set[str], own_sources: set[str]) -> Rule | None:
    before = len(t.problems)
    rule_id = t.ident(_ID, _ID_RULE)
    t.only(*_RULE_KEYS)
    measure_name = t.text("measure")
    if measure_name not in set(Measure):
        if measure_name:
            known = ", ".join(sorted(Measure))
            t.problem(f"unknown measure '{measure_name}' (known: {known})")
        return None
    measure = Measure(measure_name)
    spec = MEASURES[measure]
    source = t.text("source")
    if source and source not in source_ids:
        t.problem(f"source '{source}' is not one of the profile's sources")
    rule = Rule(
        id=rule_id,
        title=t.text("title"),
        measure=measure,
        window=_parse_window(t, spec),
        thresholds=MappingProxyType(
            parse_threshold(t, t.data.get("threshold"), measure, partial=False)
        ),
        applies_to=_parse_applies_to(t),
        options=MappingProxyType(_parse_options(t, t.data.get("options", {}), spec)),
        explanation=t.text("explanation"),
        source=source,
        section=t.text("section", default=""),
        # A rule that only we ask for is advice: the overall status follows the sources.
        advisory=t.flag("advisory") or source in own_sources,
        suggestion=t.flag("suggestion"),
    )
    return rule if len(t.problems) == before else None


def _parse_window(rule: Table, spec: MeasureSpec) -> Window:
    if not isinstance(rule.data.get("window"), Mapping):
        rule.problem("'window' must be a table such as { kind = \"rolling_months\" }")
        return Window(WindowKind.EVER)
    t = rule.table("window")
    t.only("kind", "months")
    kind_name = t.text("kind")
    if kind_name not in set(WindowKind):
        if kind_name:
            t.problem(f"unknown window kind '{kind_name}' (known: {', '.join(WindowKind)})")
        return Window(WindowKind.EVER)
    kind = WindowKind(kind_name)
    if kind not in spec.windows:
        allowed = ", ".join(sorted(spec.windows))
        t.problem(f"window '{kind}' does not suit this measure (use: {allowed})")
    if kind in _MONTHS_WINDOWS:
        return Window(kind, t.integer("months", minimum=1, maximum=120))
    if "months" in t.data:
        t.problem(f"a '{kind}' window takes no months")
    return Window(kind)


def _parse_applies_to(t: Table) -> frozenset[Condition]:
    raw = t.data.get("applies_to", ["all"])
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        t.problem('\'applies_to\' must be a list such as ["inactive"] or ["all"]')
        return frozenset()
    names = set(raw) - {"all"}
    if "all" in raw and names:
        t.problem("'applies_to' cannot mix 'all' with other conditions")
    unknown = names - set(Condition)
    if unknown:
        t.problem(f"unknown applies_to {sorted(unknown)} (known: all, {', '.join(Condition)})")
    conditions = frozenset(Condition(name) for name in names - unknown)
    for pair in CONTRADICTIONS:
        if pair <= conditions:
            t.problem(f"'applies_to' cannot hold both {' and '.join(sorted(pair))}")
    return conditions


def _parse_options(t: Table, raw: object, spec: MeasureSpec) -> dict[str, OptionValue]:
    options = {option.name: option.default for option in spec.options}
    if not isinstance(raw, Mapping):
        t.problem("'options' must be a table")
        return options
    for name, value in raw.items():
        option = spec.option(name)
        if option is None:
            known = ", ".join(option.name for option in spec.options) or "none"
            t.problem(f"unknown option '{name}' (this measure takes: {known})")
            continue
        parsed = parse_option(t, option, value)
        if parsed is not None:
            options[name] = parsed
    return options


def apply_overrides(profile: Profile, overrides: Mapping[str, Mapping[str, object]]) -> Profile:
    """The profile with a team's tighter thresholds and options. Loosening is refused."""
    problems: list[str] = []
    rules = {rule.id: rule for rule in profile.rules}
    changed: set[str] = set()
    for rule_id, override in overrides.items():
        rule = rules.get(rule_id)
        if rule is None:
            problems.append(f"no rule '{rule_id}' in profile '{profile.id}'")
            continue
        tightened = _tighten_rule(Table(override, "", problems, f"rule '{rule_id}'"), rule)
        if tightened != rule:
            rules[rule_id] = tightened
            changed.add(rule_id)
    if problems:
        raise ProfileError(f"overrides for profile '{profile.id}'", problems)
    return replace(
        profile,
        rules=tuple(rules[rule.id] for rule in profile.rules),
        tightened=tuple(sorted(changed | set(profile.tightened))),
    )


def _tighten_rule(t: Table, rule: Rule) -> Rule:
    """The rule with the override `t` (threshold and options) applied, if it tightens."""
    override = t.data
    t.only("threshold", "options")
    thresholds = dict(rule.thresholds)
    if "threshold" in override:
        new = parse_threshold(t, override["threshold"], rule.measure, partial=True)
        for key, value in new.items():
            if value < thresholds[key]:
                t.problem(
                    f"threshold {key} {value:g} is below the profile's "
                    f"{thresholds[key]:g}; a team may tighten a standard, never loosen it"
                )
            thresholds[key] = value
    options = dict(rule.options)
    raw_options = override.get("options", {})
    spec = MEASURES[rule.measure]
    parsed = _parse_options(t, raw_options, spec)
    for name in raw_options if isinstance(raw_options, Mapping) else ():
        option = spec.option(name)
        if option is None or name not in parsed:
            continue
        if not is_at_least_as_tight(option, rule.options[name], parsed[name]):
            t.problem(
                f"option {name} = {parsed[name]!r} would loosen the profile's "
                f"{rule.options[name]!r}; a team may tighten a standard, never loosen it"
            )
        options[name] = parsed[name]
    return replace(rule, thresholds=MappingProxyType(thresholds), options=MappingProxyType(options))
