"""Declarative checks for mutation arguments, with messages in the NHS error style.

A mutation's arguments are the raw fields of the form that makes it (strings,
or lists of strings for repeated fields), whether the form was posted online or
queued offline and pushed later; JSON clients may send numbers and booleans.
A Schema turns them into clean Python values or per-field messages such as
"Enter a team name" and "Team name must be 100 characters or fewer".
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from backend.dates import uk_today
from backend.words import quantity

Raw = Mapping[str, Any]
ABSURD_YEARS = 100


class Invalid(Exception):
    """One field's value is not acceptable; the message is shown to the person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationFailed(Exception):
    """Per-field messages, in the order the fields appear on the form."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = dict(errors)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = value[-1] if value else ""
    if isinstance(value, bool | int | float):
        return str(value)
    if not isinstance(value, str):
        raise Invalid("Enter text")
    return value


def _lower_first(label: str) -> str:
    return label[:1].lower() + label[1:] if label[:2] != label[:2].upper() else label


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    label: str
    required: bool = True
    hint: str = ""

    def missing_message(self) -> str:
        return f"Enter {_lower_first(self.label)}"

    def raw(self, data: Raw) -> Any:
        return data.get(self.name)

    def is_blank(self, data: Raw) -> bool:
        return _text(self.raw(data)).strip() == ""

    def parse(self, data: Raw) -> Any:
        raise NotImplementedError

    def default(self) -> Any:
        return None


@dataclass(frozen=True, slots=True)
class Text(Field):
    max_length: int = 200
    min_length: int = 0
    multiline: bool = False
    pattern: str = ""
    pattern_message: str = ""

    def default(self) -> Any:
        return ""

    def parse(self, data: Raw) -> str:
        value = _text(self.raw(data)).replace("\r\n", "\n").replace("\x00", "")
        value = value.strip() if self.multiline else " ".join(value.split())
        if len(value) > self.max_length:
            raise Invalid(f"{self.label} must be {self.max_length:,} characters or fewer")
        if len(value) < self.min_length:
            raise Invalid(f"{self.label} must be {self.min_length} characters or more")
        if self.pattern and not re.fullmatch(self.pattern, value):
            raise Invalid(self.pattern_message or f"Enter a valid {_lower_first(self.label)}")
        return value


EMAIL_RE = r"[^@\s]+@[^@\s]+\.[^@\s]+"


def Email(name: str, label: str = "Email address", **kw: Any) -> Text:
    return Text(
        name,
        label,
        max_length=254,
        pattern=EMAIL_RE,
        pattern_message="Enter an email address in the correct format, like name@example.nhs.uk",
        **kw,
    )


@dataclass(frozen=True, slots=True)
class Integer(Field):
    minimum: int | None = None
    maximum: int | None = None
    unit: str = ""

    def parse(self, data: Raw) -> int:
        raw = self.raw(data)
        if isinstance(raw, bool):
            raise Invalid(f"{self.label} must be a whole number")
        text = _text(raw).strip().replace(",", "")
        if not re.fullmatch(r"-?\d{1,9}", text):
            raise Invalid(f"{self.label} must be a whole number")
        value = int(text)
        if self.minimum is not None and value < self.minimum:
            raise Invalid(f"{self.label} must be {quantity(self.minimum, self.unit)} or more")
        if self.maximum is not None and value > self.maximum:
            raise Invalid(f"{self.label} must be {quantity(self.maximum, self.unit)} or fewer")
        return value


@dataclass(frozen=True, slots=True)
class Decimal(Field):
    minimum: float | None = None
    maximum: float | None = None
    unit: str = ""

    def parse(self, data: Raw) -> float:
        text = _text(self.raw(data)).strip()
        if not re.fullmatch(r"-?\d{1,6}(\.\d{1,2})?", text):
            raise Invalid(f"{self.label} must be a number, like 1.5")
        value = float(text)
        if self.minimum is not None and value < self.minimum:
            raise Invalid(f"{self.label} must be {quantity(self.minimum, self.unit)} or more")
        if self.maximum is not None and value > self.maximum:
            raise Invalid(f"{self.label} must be {quantity(self.maximum, self.unit)} or fewer")
        return value


@dataclass(frozen=True, slots=True)
class Choice(Field):
    options: Sequence[tuple[str, str]] = ()

    def missing_message(self) -> str:
        return f"Select {_lower_first(self.label)}"

    def keys(self) -> Sequence[str]:
        """The values that may be chosen."""
        return [key for key, _ in self.options]

    def parse(self, data: Raw) -> str:
        value = _text(self.raw(data)).strip()
        if value not in set(self.keys()):
            raise Invalid(f"Select {_lower_first(self.label)} from the list")
        return value


@dataclass(frozen=True, slots=True)
class MultiChoice(Field):
    options: Sequence[tuple[str, str]] = ()

    def missing_message(self) -> str:
        return f"Select at least one {_lower_first(self.label)}"

    def raw(self, data: Raw) -> Any:
        value = data.get(self.name)
        if value is None:
            return []
        if isinstance(value, str):
            return [part for part in value.split(",") if part] if "," in value else [value]
        if isinstance(value, list | tuple):
            return list(value)
        return [value]

    def is_blank(self, data: Raw) -> bool:
        value = self.raw(data)
        return not value or all(_text(v).strip() == "" for v in value)

    def default(self) -> Any:
        return []

    def keys(self) -> Sequence[str]:
        """The values that may be chosen, in the order they are returned."""
        return [key for key, _ in self.options]

    def parse(self, data: Raw) -> list[str]:
        keys = list(self.keys())
        values = {_text(v).strip() for v in self.raw(data)} - {""}
        if not values <= set(keys):
            raise Invalid(f"Select {_lower_first(self.label)} from the list")
        return [key for key in keys if key in values]


@dataclass(frozen=True, slots=True)
class Boolean(Field):
    required: bool = False
    when_absent: bool = False
    """The value when the field is not sent at all (a yes/no field added later, posted by
    an old offline client); a form's yes/no radios always send one."""

    def is_blank(self, data: Raw) -> bool:  # noqa: ARG002
        return False

    def default(self) -> Any:
        return self.when_absent

    def parse(self, data: Raw) -> bool:
        value = self.raw(data)
        if value is None:
            return self.when_absent
        if isinstance(value, list | tuple):
            value = value[-1] if value else None
        return value is True or (
            isinstance(value, str) and value.lower() in {"1", "true", "yes", "on"}
        )


@dataclass(frozen=True, slots=True)
class Date(Field):
    """A date, given as YYYY-MM-DD or as the NHS date input's -day, -month, -year parts."""

    past_only: bool = False
    future_only: bool = False
    today: Callable[[], date] = uk_today

    def _parts(self, data: Raw) -> list[Any] | None:
        parts = [data.get(f"{self.name}-{p}") for p in ("day", "month", "year")]
        return parts if any(_text(p).strip() for p in parts) else None

    def is_blank(self, data: Raw) -> bool:
        return self._parts(data) is None and _text(data.get(self.name)).strip() == ""

    def parse(self, data: Raw) -> date:
        parts = self._parts(data)
        value = self._from_parts(parts) if parts else self._from_iso(_text(data.get(self.name)))
        today = self.today()
        if self.past_only and value > today:
            raise Invalid(f"{self.label} must be today or in the past")
        if self.future_only and value < today:
            raise Invalid(f"{self.label} must be today or in the future")
        if abs(value.year - today.year) > ABSURD_YEARS:
            raise Invalid(f"{self.label} must be a real date within {ABSURD_YEARS} years of today")
        return value

    def _from_parts(self, parts: list[Any]) -> date:
        day, month, year = (_text(p).strip() for p in parts)
        names = [n for n, v in (("day", day), ("month", month), ("year", year)) if not v]
        if names:
            raise Invalid(f"{self.label} must include a {' and '.join(names)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit() and len(year) == 4):
            raise Invalid(f"{self.label} must be a real date")
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise Invalid(f"{self.label} must be a real date") from None

    def _from_iso(self, text: str) -> date:
        text = text.strip()
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise Invalid(f"{self.label} must be a real date")
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise Invalid(f"{self.label} must be a real date") from None


@dataclass(frozen=True, slots=True)
class Identifier(Field):
    """A generated id (uuid) naming a record; never a path."""

    label: str = "Record"

    def parse(self, data: Raw) -> str:
        text = _text(self.raw(data)).strip()
        try:
            return str(uuid.UUID(text))
        except ValueError:
            raise Invalid(f"{self.label} is not a valid reference") from None


@dataclass(frozen=True, slots=True)
class Schema:
    fields: Sequence[Field]
    checks: Sequence[Callable[[dict[str, Any]], Mapping[str, str]]] = field(default=())

    def names(self) -> list[str]:
        return [f.name for f in self.fields]

    def validate(self, data: Raw, *, partial: bool = False) -> dict[str, Any]:
        """Clean values for every field, or ValidationFailed with every message at once.

        With partial=True only the fields present in data are checked and returned
        (an edit that changes some fields of a record).
        """
        clean: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for f in self.fields:
            if partial and not _present(f, data):
                continue
            try:
                if not f.is_blank(data):
                    clean[f.name] = f.parse(data)
                elif f.required:
                    errors[f.name] = f.missing_message()
                else:
                    clean[f.name] = f.default()
            except Invalid as problem:
                errors[f.name] = problem.message
        if not errors:
            for check in self.checks:
                errors.update(check(clean))
        if errors:
            raise ValidationFailed(errors)
        return clean


def _present(f: Field, data: Raw) -> bool:
    return f.name in data or f"{f.name}-day" in data
