"""Parsing of rule thresholds and options, shared by profile files and team overrides."""

from collections.abc import Mapping

from backend.adherence.rules.measures import MEASURES, Measure, OptionSpec, OptionValue
from backend.adherence.rules.records import MBI_TAC_LEVELS
from backend.toml_reader import Table

_MAX_THRESHOLD = 10_000.0


def parse_threshold(t: Table, raw: object, measure: Measure, *, partial: bool) -> dict[str, float]:
    """`threshold = 3` or `threshold = { with_senior = 2, ... }` in the rule (or override)
    `t`, as floats by key. With `partial`, a table may name only some keys (an override).
    """
    keys = MEASURES[measure].thresholds
    if raw is None:
        t.problem("'threshold' is missing")
        return dict.fromkeys(keys, 0.0)
    if not isinstance(raw, Mapping):
        if len(keys) > 1:
            t.problem(f"'threshold' must be a table with {', '.join(keys)}")
            return dict.fromkeys(keys, 0.0)
        return {keys[0]: _threshold_value(t, raw, measure, "threshold")}
    for key in sorted(set(raw) - set(keys)):
        t.problem(f"unknown threshold '{key}' (allowed: {', '.join(keys)})")
    missing = [key for key in keys if key not in raw]
    if missing and not partial:
        t.problem(f"'threshold' needs {', '.join(missing)}")
    return {
        key: _threshold_value(t, raw[key], measure, f"threshold.{key}")
        for key in keys
        if key in raw
    }


def _threshold_value(t: Table, value: object, measure: Measure, key: str) -> float:
    if measure is Measure.MBI_TAC_LEVEL:
        if value in MBI_TAC_LEVELS:
            return float(MBI_TAC_LEVELS.index(str(value)))
        t.problem(f"'{key}' must be one of {', '.join(MBI_TAC_LEVELS)}")
        return 0.0
    if isinstance(value, bool) or not isinstance(value, int | float):
        t.problem(f"'{key}' must be a number")
        return 0.0
    if not 0 < value <= _MAX_THRESHOLD:
        t.problem(f"'{key}' must be more than 0 and at most {_MAX_THRESHOLD:g}")
        return 0.0
    return float(value)


def parse_option(t: Table, spec: OptionSpec, value: object) -> OptionValue | None:
    """The option's value in its canonical type, or None (with a problem noted in `t`)."""
    label = f"'options.{spec.name}'"
    default = spec.default
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
        t.problem(f"{label} must be true or false")
    elif isinstance(default, float):
        if not isinstance(value, bool) and isinstance(value, int | float) and 0 <= value <= 100:
            return float(value)
        t.problem(f"{label} must be a number from 0 to 100")
    elif isinstance(default, tuple):
        if isinstance(value, list) and all(isinstance(item, str) and item for item in value):
            return tuple(dict.fromkeys(str(item) for item in value))
        t.problem(f"{label} must be a list of names")
    elif value in spec.choices:
        return str(value)
    else:
        t.problem(f"{label} must be one of {', '.join(spec.choices)}")
    return None
