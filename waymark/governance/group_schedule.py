"""When a group's meetings fall (every one, two or three months from a first date), and whether a rota
someone has edited is less even than the fair rota would have been.

Pure Python: no Django import. services_groups turns meetings into the plain values used here.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from .rota import ROLES, plan_rota

Org = TypeVar("Org", bound=Hashable)

MAX_MEETINGS = 24  # two years of monthly meetings: enough to plan, few enough to check by eye
ROLE_NAMES = {"chair": "Chair", "minute_taker": "Minute-taker", "host": "Host"}


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later; the month's last day if it is shorter (31 January
    plus one month is 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def meeting_dates(
    first: date,
    *,
    every_months: int | None,
    count: int | None = None,
    until: date | None = None,
    working_day: Callable[[date], date] | None = None,
) -> list[date]:
    """The dates of the meetings to schedule: from `first`, every `every_months` months, either
    `count` of them or all up to and including `until` (at most MAX_MEETINGS). With no regular
    pattern (`every_months` None: ad hoc) there is one meeting. Each date is counted from `first`,
    not from the one before, so a meeting moved off a weekend does not drag the rest with it;
    `working_day` moves a date that is not a working day to the next one that is."""
    if every_months is None:
        dates = [first]
    elif count is not None:
        dates = [add_months(first, every_months * n) for n in range(min(count, MAX_MEETINGS))]
    elif until is not None:
        dates = []
        while len(dates) < MAX_MEETINGS and (day := add_months(first, every_months * len(dates))) <= until:
            dates.append(day)
    else:
        raise ValueError("Give how many meetings or the date to schedule up to")
    return [working_day(day) for day in dates] if working_day else dates


@dataclass(frozen=True)
class Turns(Generic[Org]):
    """Who holds each role at one meeting (None: nobody yet)."""

    label: str  # how the meeting is named in a warning, e.g. "3 March 2026"
    chair: Org | None
    minute_taker: Org | None
    host: Org | None

    def holder(self, role: str) -> Org | None:
        return getattr(self, role)  # type: ignore[no-any-return]


def role_counts(organisations: Sequence[Org], meetings: Sequence[Turns[Org]]) -> dict[str, dict[Org, int]]:
    """How many times each organisation holds each role. Organisations that are no longer members
    are left out: they cannot be given a turn."""
    counts = {role: dict.fromkeys(organisations, 0) for role in ROLES}
    for meeting in meetings:
        for role in ROLES:
            holder = meeting.holder(role)
            if holder in counts[role]:
                counts[role][holder] += 1  # type: ignore[index]
    return counts


def _spread(counts: dict[Org, int]) -> int:
    return max(counts.values()) - min(counts.values()) if counts else 0


def uneven_turns(
    organisations: Sequence[Org],
    past: Sequence[Turns[Org]],
    upcoming: Sequence[Turns[Org]],
    name: Callable[[Org], str] = str,
) -> list[str]:
    """What makes the upcoming rota less fair than the one plan_rota would draw up, in words; empty
    when it is as even. A role is uneven when the gap between the organisation holding it most and
    the one holding it least (past and upcoming meetings together) is wider than in the fair rota; a
    meeting is uneven when one organisation holds two roles at it (with three or more members), or
    chairs and takes the minutes (with two)."""
    if not organisations:
        return []
    held = role_counts(organisations, past)
    fair = plan_rota(list(organisations), len(upcoming), past=held)
    fair_turns = [Turns("", a.chair, a.minute_taker, a.host) for a in fair]
    fair_counts = role_counts(organisations, [*past, *fair_turns])
    actual_counts = role_counts(organisations, [*past, *upcoming])
    problems = []
    for role in ROLES:
        if _spread(actual_counts[role]) > _spread(fair_counts[role]):
            turns = ", ".join(
                f"{name(org)} {count}" for org, count in sorted(actual_counts[role].items(), key=lambda item: -item[1])
            )
            problems.append(f"{ROLE_NAMES[role]} turns are uneven: {turns}")
    for meeting in upcoming:
        problems.extend(_doubled(meeting, len(organisations), name))
    return problems


def _doubled(meeting: Turns[Org], organisations: int, name: Callable[[Org], str]) -> list[str]:
    pairs = [("chair", "minute_taker")] if organisations == 2 else []
    if organisations >= 3:
        pairs = [("chair", "minute_taker"), ("chair", "host"), ("minute_taker", "host")]
    problems = []
    for first, second in pairs:
        holder = meeting.holder(first)
        if holder is not None and holder == meeting.holder(second):
            problems.append(
                f"{name(holder)} is both {ROLE_NAMES[first].lower()} and {ROLE_NAMES[second].lower()} "
                f"at the meeting on {meeting.label}"
            )
    return problems
