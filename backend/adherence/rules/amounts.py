"""What each periodic measure counts, as dated amounts, and how to say those amounts."""

from bisect import bisect_left
from collections.abc import Sequence
from datetime import date, timedelta
from operator import attrgetter
from typing import TypeVar

from backend.adherence.rules.context import Context
from backend.adherence.rules.measures import Measure, WindowKind
from backend.adherence.rules.periodic import Item, Wording
from backend.adherence.rules.records import CPDActivity, Retreat, RetreatMode, SupervisionSession
from backend.adherence.rules.standards import Rule
from backend.adherence.rules.supervision import counts_as_meeting, credited_minutes
from backend.dates import format_minutes, window_start
from backend.words import format_number, plural

_R = TypeVar("_R")


def _counted(singular: str) -> Wording:
    def describe(amount: float) -> str:
        return plural(amount, singular) if amount else f"no {singular}s"

    return Wording(describe, format_number, singular + "s")


def _duration(what: str) -> Wording:
    def describe(hours: float) -> str:
        return f"{format_minutes(hours * 60)} of {what}" if hours else f"no {what}"

    return Wording(describe, lambda hours: format_minutes(hours * 60), "hours")


def retreat_wording(rule: Rule) -> Wording:
    kind = "teacher-led retreat" if rule.flag("teacher_led_only") else "retreat"
    if not rule.flag("online_counts"):
        kind = f"in-person {kind}"
    if rule.flag("blocks_add_up"):
        return Wording(
            lambda days: f"{plural(days, 'day')} of {kind}" if days else f"no {kind}",
            lambda days: plural(days, "day"),
            "days",
        )
    return Wording(
        lambda days: f"a longest {kind} of {plural(days, 'day')}" if days else f"no {kind}",
        lambda days: f"one {kind} of {plural(days, 'day')}",
        "days",
        use_max=True,
    )


def _retreat_counts(
    retreat: Retreat, teacher_led_only: bool, online_counts: bool, experienced_on: date | None
) -> bool:
    """Silence for at least half the waking time; teacher-led, or (BAMBA's periodic
    unguided solitary retreat) self-led by an experienced teacher and signed off by a
    supervisor; online only when the rule lets it count."""
    led = (
        retreat.teacher_led
        or not teacher_led_only
        or (retreat.signed_off and experienced_on is not None and retreat.start >= experienced_on)
    )
    return (
        retreat.mostly_silent and led and (online_counts or retreat.mode is not RetreatMode.ONLINE)
    )


def retreat_items(
    rule: Rule,
    retreats: Sequence[Retreat],
    experienced_on: date | None = None,
    by_day_to: date | None = None,
) -> list[Item]:
    """The retreats that count. With `by_day_to` (and blocks adding up) each day counts on
    the day it happened: a 5-day retreat from 1 March is 1 day on each of 1 to 5 March (a
    half day last). Days of a retreat in progress still to come count as of `by_day_to`."""
    teacher_led_only = rule.flag("teacher_led_only")
    online_counts = rule.flag("online_counts")
    counted = [
        r for r in retreats if _retreat_counts(r, teacher_led_only, online_counts, experienced_on)
    ]
    if by_day_to is None or not rule.flag("blocks_add_up"):
        return [Item(r.start, r.days, r.id) for r in counted]
    items = []
    for retreat in counted:
        whole, part = divmod(retreat.days, 1)
        days = [1.0] * int(whole) + ([part] if part else [])
        for offset, amount in enumerate(days):
            day = min(retreat.start + timedelta(days=offset), by_day_to)
            items.append(Item(day, amount, retreat.id))
    return sorted(items, key=attrgetter("date"))


def _cpd(rule: Rule, activities: Sequence[CPDActivity]) -> list[CPDActivity]:
    participatory_only = rule.flag("participatory_only")
    kinds = set(rule.names("kinds"))
    return [
        activity
        for activity in activities
        if (activity.participatory or not participatory_only)
        and (not kinds or activity.kind in kinds)
    ]


def _cpd_label(rule: Rule) -> str:
    return "participatory CPD" if rule.flag("participatory_only") else "CPD"


def _credits(
    rule: Rule, activities: Sequence[CPDActivity], sessions: Sequence[SupervisionSession]
) -> list[Item]:
    per_cpd_hour = rule.number("credits_per_cpd_hour")
    per_supervision_hour = rule.number("credits_per_supervision_hour")
    group_rule = rule.text("group_supervision")
    items = [
        Item(a.date, a.credits if a.credits is not None else a.hours * per_cpd_hour, a.id)
        for a in _cpd(rule, activities)
    ]
    if per_supervision_hour:
        items += [
            Item(s.date, credited_minutes(s, group_rule) / 60 * per_supervision_hour, s.id)
            for s in sessions
        ]
    return sorted(items, key=attrgetter("date"))


def _first_needed(rule: Rule, as_of: date) -> date:
    """The earliest date a periodic rule looks at: its window, or 1 January last year."""
    if rule.window.kind is WindowKind.CALENDAR_YEAR:
        return date(as_of.year - 1, 1, 1)
    return window_start(as_of, rule.window.months or 12)


def _since(records: Sequence[_R], field: str, first: date) -> Sequence[_R]:
    """The tail of date-sorted `records` from `first` on."""
    return records[bisect_left(records, first, key=attrgetter(field)) :]


def periodic_items(rule: Rule, ctx: Context) -> tuple[list[Item], Wording]:
    """The dated amounts a periodic rule adds up, and how to word them. Only records the
    rule's window can reach are turned into items."""
    first = _first_needed(rule, ctx.as_of)
    sessions = ctx.sessions_between(first, ctx.as_of)
    group_rule = rule.text("group_supervision") if "group_supervision" in rule.options else ""
    match rule.measure:
        case Measure.SUPERVISION_MEETINGS:
            items = [Item(s.date, 1.0, s.id) for s in sessions if counts_as_meeting(s, group_rule)]
            return items, _counted("supervision meeting")
        case Measure.SUPERVISION_HOURS:
            items = [Item(s.date, credited_minutes(s, group_rule) / 60, s.id) for s in sessions]
            return items, _duration("supervision")
        case Measure.RETREAT_DAYS:
            # A retreat may have begun before the window: its days inside it still count.
            recent = _since(ctx.retreats, "start", first - timedelta(days=366))
            items = retreat_items(rule, recent, ctx.experience.experienced_on, ctx.as_of)
            return [i for i in items if i.date >= first], retreat_wording(rule)
        case Measure.CPD_HOURS:
            activities = _cpd(rule, _since(ctx.cpd, "date", first))
            return [Item(a.date, a.hours, a.id) for a in activities], _duration(_cpd_label(rule))
        case Measure.CPD_EVENTS:
            activities = _cpd(rule, _since(ctx.cpd, "date", first))
            return [Item(a.date, 1.0, a.id) for a in activities], _counted(
                f"{_cpd_label(rule)} event"
            )
        case Measure.CPD_CREDITS:
            items = _credits(rule, _since(ctx.cpd, "date", first), sessions)
            return items, _counted("CPD credit")
        case Measure.ANNUAL_DECLARATIONS:
            declarations = _since(ctx.declarations, "date", first)
            items = [Item(d.date, 1.0, d.id) for d in declarations if d.complete]
            return items, _counted("complete annual declaration")
    raise ValueError(f"{rule.measure} is not a periodic measure")
