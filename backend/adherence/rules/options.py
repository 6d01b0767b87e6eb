"""Parsing of rule thresholds and options, shared by profile files and team overrides."""

from collections.abc import Mapping

from backend.adherence.rules.measures import MEASURES, Measure, OptionSpec, OptionValue
from backend.adherence.rules.records import MBI_TAC_LEVELS
from backend.adherence.rules.toml_reader import Reader
from backend.words import plural

_MAX_THRESHOLD = 10_000.0


def parse_threshold(
    reader: Reader, raw: object, measure: Measure, where: str, *, partial: bool
) -> dict[str, float]:
    """`threshold = 3` or `threshold = { with_senior = 2, ... }`, as floats by key.

    With `partial`, a table may name only some keys (a team override).
    """
    keys = MEASURES[measure].thresholds
    if raw is None:
        reader.problem(f"{where}: threshold is missing")
        return dict.fromkeys(keys, 0.0)
    if not isinstance(raw, Mapping):
        if len(keys) > 1:
            reader.problem(f"{where}: threshold must be a table with {', '.join(keys)}")
            return dict.fromkeys(keys, 0.0)
        raw = {keys[0]: raw}
    unknown = sorted(set(raw) - set(keys))
    if unknown:
        reader.problem(
            f"{where}: {plural(len(unknown), 'unknown threshold')}: {', '.join(unknown)}"
        )
    missing = [key for key in keys if key not in raw]
    if missing and not partial:
        reader.problem(f"{where}: threshold needs {', '.join(missing)}")
    return {
        key: _threshold_value(reader, raw[key], measure, f"{where}: threshold {key}")
        for key in keys
        if key in raw
    }


def _threshold_value(reader: Reader, value: object, measure: Measure, where: str) -> float:
    if measure is Measure.MBI_TAC_LEVEL:
        if value in MBI_TAC_LEVELS:
            return float(MBI_TAC_LEVELS.index(str(value)))
        reader.problem(f"{where} must be one of {', '.join(MBI_TAC_LEVELS)}")
        return 0.0
    if isinstance(value, bool) or not isinstance(value, int | float):
        reader.problem(f"{where} must be a number")
        return 0.0
    if not 0 < value <= _MAX_THRESHOLD:
        reader.problem(f"{where} must be more than 0 and at most {_MAX_THRESHOLD:g}")
        return 0.0
    return float(value)


def parse_option(reader: Reader, spec: OptionSpec, value: object, where: str) -> OptionValue | None:
    """The option's value in its canonical type, or None (with a problem noted)."""
    label = f"{where}: option {spec.name}"
    default = spec.default
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
        reader.problem(f"{label} must be true or false")
    elif isinstance(default, float):
        if not isinstance(value, bool) and isinstance(value, int | float) and 0 <= value <= 100:
            return float(value)
        reader.problem(f"{label} must be a number from 0 to 100")
    elif isinstance(default, tuple):
        if isinstance(value, list) and all(isinstance(item, str) and item for item in value):
            return tuple(dict.fromkeys(str(item) for item in value))
        reader.problem(f"{label} must be a list of names")
    elif value in spec.choices:
        return str(value)
    else:
        reader.problem(f"{label} must be one of {', '.join(spec.choices)}")
    return None
