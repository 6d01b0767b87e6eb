"""Amounts over a rolling window of months or a calendar year: retreat days, CPD,
supervision meetings and hours, declarations. One evaluator serves them all."""

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from backend.adherence.rules.context import Context
from backend.adherence.rules.measures import EXPERIENCE_CONDITIONS, WindowKind
from backend.adherence.rules.results import CheckResult, Detail, Status
from backend.adherence.rules.standards import Rule
from backend.dates import ONE_DAY, format_date, stops_counting_on, window_start

EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class Item:
    """One record's contribution: dated, an amount in the rule's unit, and its id."""

    date: date
    amount: float
    id: str


@dataclass(frozen=True, slots=True)
class Wording:
    """How to say an amount: `describe(4)` -> '4 days of teacher-led retreat',
    `quantity(5)` -> '5 days'."""

    describe: Callable[[float], str]
    quantity: Callable[[float], str]
    unit: str
    use_max: bool = False


def evaluate_periodic(
    rule: Rule, ctx: Context, items: Sequence[Item], wording: Wording
) -> CheckResult:
    """`items` must be sorted by date and dated on or before `ctx.as_of`."""
    if rule.window.kind is WindowKind.CALENDAR_YEAR:
        return _calendar_year(rule, ctx, items, wording)
    return _rolling(rule, ctx, items, wording)


def _total(items: Sequence[Item], use_max: bool) -> float:
    amounts = [item.amount for item in items]
    if use_max:
        return max(amounts, default=0.0)
    return sum(amounts)


def _between(
    items: Sequence[Item], dates: Sequence[date], first: date, last: date
) -> Sequence[Item]:
    return items[bisect_left(dates, first) : bisect_right(dates, last)]


def _evidence(items: Sequence[Item], wording: Wording, needed: float) -> tuple[str, ...]:
    if wording.use_max:
        best = _total(items, use_max=True)
        floor = min(needed, best)
        return tuple(
            item.id for item in items if item.amount > 0 and item.amount + EPSILON >= floor
        )
    return tuple(dict.fromkeys(item.id for item in items if item.amount > 0))


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _rolling(rule: Rule, ctx: Context, items: Sequence[Item], wording: Wording) -> CheckResult:
    months = rule.window.months or 12
    needed = rule.threshold()
    dates = [item.date for item in items]
    inside = _between(items, dates, window_start(ctx.as_of, months), ctx.as_of)
    amount = _total(inside, wording.use_max)
    have = f"{wording.describe(amount)} in the {months} months to {format_date(ctx.as_of)}"
    need = f"{wording.quantity(needed)} needed"
    base = _sentence(f"{have}; {need}.")
    tally = _Tally(rule, wording, amount, needed, _evidence(inside, wording, needed))
    if amount + EPSILON < needed:
        return tally.check(Status.NOT_MET, base, ctx.as_of)
    lapse, after = _lapse(inside, needed, months, wording.use_max)
    if ctx.status_for(lapse) is Status.DUE_SOON:
        left = f"only {wording.quantity(after)}" if after else "nothing"
        reason = (
            f"{base} From {format_date(lapse)} {left} will count, "
            f"so more is due by {format_date(lapse)}."
        )
        return tally.check(Status.DUE_SOON, reason, lapse)
    return tally.check(Status.MET, f"{base} Met until {format_date(lapse - ONE_DAY)}.", lapse)


def _lapse(inside: Sequence[Item], needed: float, months: int, use_max: bool) -> tuple[date, float]:
    """The first day the rule stops being met if nothing new is recorded, and what then
    still counts. Records leave the window oldest first (items are sorted by date)."""
    combine = max if use_max else _add
    suffix = [0.0] * (len(inside) + 1)  # suffix[k]: the total of inside[k:]
    for k in range(len(inside) - 1, -1, -1):
        suffix[k] = combine(suffix[k + 1], inside[k].amount)
    expiries = [stops_counting_on(item.date, months) for item in inside]
    for k, leaving in enumerate(expiries):
        if k + 1 < len(expiries) and expiries[k + 1] == leaving:
            continue  # the next record leaves on the same day
        if suffix[k + 1] + EPSILON < needed:
            return leaving, suffix[k + 1]
    raise AssertionError("a met rule must have records in its window")  # pragma: no cover


def _add(left: float, right: float) -> float:
    return left + right


def _calendar_year(
    rule: Rule, ctx: Context, items: Sequence[Item], wording: Wording
) -> CheckResult:
    needed = rule.threshold()
    year = ctx.as_of.year
    dates = [item.date for item in items]
    current = _between(items, dates, date(year, 1, 1), ctx.as_of)
    amount = _total(current, wording.use_max)
    need = wording.quantity(needed)
    tally = _Tally(rule, wording, amount, needed, _evidence(current, wording, needed))
    if amount + EPSILON >= needed:
        due = date(year + 1, 12, 31)
        reason = _sentence(
            f"{wording.describe(amount)} in {year}; {need} needed each calendar year."
        )
        this_year = _year(year, current, wording, needed, Status.MET)
        return tally.check(ctx.status_for(due), reason, due, details=(this_year,))
    due = date(year, 12, 31)
    this_year = _year(year, current, wording, needed, ctx.status_for(due))
    previous = _between(items, dates, date(year - 1, 1, 1), date(year - 1, 12, 31))
    before = _total(previous, wording.use_max)
    if _judges_previous_year(rule, ctx, year - 1) and before + EPSILON < needed:
        last_year = _year(year - 1, previous, wording, needed, Status.NOT_MET)
        so_far = wording.quantity(amount) if amount else "none"
        reason = _sentence(
            f"{wording.describe(before)} in {year - 1}; {need} were needed. "
            f"So far in {year}: {so_far}."
        )
        return tally.check(Status.NOT_MET, reason, ctx.as_of, details=(last_year, this_year))
    reason = _sentence(
        f"{wording.describe(amount)} so far in {year}; {need} needed by {format_date(due)}."
    )
    return tally.check(this_year.status, reason, due, details=(this_year,))


def _year(
    year: int, items: Sequence[Item], wording: Wording, needed: float, status: Status
) -> Detail:
    amount = _total(items, wording.use_max)
    reason = _sentence(f"{wording.describe(amount)} in {year}; {wording.quantity(needed)} needed.")
    evidence = _evidence(items, wording, needed)
    return Detail(str(year), status, reason, amount, needed, date(year, 12, 31), evidence)


def _judges_previous_year(rule: Rule, ctx: Context, year: int) -> bool:
    """Last year is judged only if the rule's experience conditions held on its 1 January."""
    start = date(year, 1, 1)
    return all(
        ctx.holds(condition, start)
        for condition in rule.applies_to
        if condition in EXPERIENCE_CONDITIONS
    )


@dataclass(frozen=True, slots=True)
class _Tally:
    """What counted in the period being judged."""

    rule: Rule
    wording: Wording
    amount: float
    needed: float
    evidence: tuple[str, ...]

    def check(
        self, status: Status, reason: str, next_due: date | None, details: tuple[Detail, ...] = ()
    ) -> CheckResult:
        return CheckResult(
            rule_id=self.rule.id,
            title=self.rule.title,
            status=status,
            reason=reason,
            next_due=next_due,
            evidence=self.evidence,
            amount=self.amount,
            needed=self.needed,
            shortfall=max(0.0, self.needed - self.amount),
            unit=self.wording.unit,
            advisory=self.rule.advisory,
            details=details,
        )
