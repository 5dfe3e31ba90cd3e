"""Compliance arithmetic: whether each member of staff is trained to their cohort's level and in
date, and for each cohort how many are trained, expiring soon and untrained, with the share trained.

The rules:

- A completion counts for the level its course satisfies and for every lower level: level 3
  covers 2 and 1. A standalone level (the strategic one) neither covers the numbered levels nor is
  covered by them. Levels are compared by number, so a course on the county's menu counts for a
  local partnership whose levels are numbered the same way.
- Training expires `refresh_months` after it was completed, on the same day of the month (or the
  last day of a shorter month: 31 January + 1 month = 28 or 29 February). It counts up to and
  including its expiry date. With no refresh interval it never expires.
- Training done before someone started with the organisation counts (it is theirs, not the job's).
  A completion dated after today does not count yet.
- Leavers are left out: someone whose leaving date (their last day) is before today.
- "Expiring" means trained and in date, with the expiry within the next 90 days (today included).
  They are counted among the trained too.
- The share is trained / in cohort, as a percentage rounded half up to one decimal place (none for
  an empty cohort).
"""

from __future__ import annotations

import calendar
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

EXPIRING_WITHIN_DAYS = 90


class Status(StrEnum):
    TRAINED = "trained"
    EXPIRING = "expiring"
    UNTRAINED = "untrained"
    NOT_PLACED = "not_placed"  # in no cohort yet: nothing to measure against
    LEFT = "left"


@dataclass(frozen=True)
class CompletionRecord:
    levels: frozenset[int]
    completed_on: date


@dataclass(frozen=True)
class StaffRecord:
    cohort: Hashable | None
    required_level: int | None
    refresh_months: int | None
    completions: tuple[CompletionRecord, ...] = ()
    leaving_date: date | None = None
    key: Hashable = None  # the caller's own id, handed back with each status


@dataclass
class CohortCompliance:
    in_cohort: int = 0
    trained: int = 0
    expiring: int = 0

    @property
    def untrained(self) -> int:
        return self.in_cohort - self.trained

    @property
    def share(self) -> Decimal | None:
        return percentage(self.trained, self.in_cohort)

    def add(self, other: CohortCompliance) -> None:
        self.in_cohort += other.in_cohort
        self.trained += other.trained
        self.expiring += other.expiring


@dataclass
class Summary:
    cohorts: dict[Hashable, CohortCompliance] = field(default_factory=dict)
    not_placed: int = 0

    @property
    def total(self) -> CohortCompliance:
        total = CohortCompliance()
        for counts in self.cohorts.values():
            total.add(counts)
        return total


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the last day of the month when that month is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def expiry_date(completed_on: date, refresh_months: int | None) -> date | None:
    """The last day the training counts; None when it never expires."""
    if refresh_months is None:
        return None
    return add_months(completed_on, refresh_months)


def satisfies(held: int, required: int, standalone: frozenset[int] = frozenset()) -> bool:
    """A level satisfies itself, and a higher level a lower one unless either stands alone."""
    if held == required:
        return True
    return held > required and held not in standalone and required not in standalone


def percentage(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def is_leaver(staff: StaffRecord, today: date) -> bool:
    return staff.leaving_date is not None and staff.leaving_date < today


def best_expiry(staff: StaffRecord, today: date, standalone: frozenset[int] = frozenset()) -> tuple[bool, date | None]:
    """(trained, expiry): whether any completion satisfies the required level and is in date today,
    and the latest expiry among those (None: never expires)."""
    if staff.required_level is None:
        return False, None
    trained, latest = False, None
    for completion in staff.completions:
        if completion.completed_on > today:
            continue
        if not any(satisfies(level, staff.required_level, standalone) for level in completion.levels):
            continue
        expires = expiry_date(completion.completed_on, staff.refresh_months)
        if expires is None:
            return True, None
        if expires >= today:
            trained = True
            latest = expires if latest is None else max(latest, expires)
    return trained, latest


def status(
    staff: StaffRecord,
    today: date,
    standalone: frozenset[int] = frozenset(),
    expiring_within_days: int = EXPIRING_WITHIN_DAYS,
) -> Status:
    if is_leaver(staff, today):
        return Status.LEFT
    if staff.cohort is None or staff.required_level is None:
        return Status.NOT_PLACED
    trained, expires = best_expiry(staff, today, standalone)
    if not trained:
        return Status.UNTRAINED
    if expires is not None and expires <= today + timedelta(days=expiring_within_days):
        return Status.EXPIRING
    return Status.TRAINED


def summarise(
    staff: Iterable[StaffRecord],
    today: date,
    standalone: frozenset[int] = frozenset(),
    expiring_within_days: int = EXPIRING_WITHIN_DAYS,
    cohorts: Iterable[Hashable] = (),
) -> Summary:
    """Counts per cohort (leavers left out; staff in no cohort counted apart). Name `cohorts` to
    have a row for each even when nobody is in it."""
    summary = Summary(cohorts={cohort: CohortCompliance() for cohort in cohorts})
    for person in staff:
        result = status(person, today, standalone, expiring_within_days)
        if result == Status.LEFT:
            continue
        if result == Status.NOT_PLACED:
            summary.not_placed += 1
            continue
        counts = summary.cohorts.setdefault(person.cohort, CohortCompliance())
        counts.in_cohort += 1
        if result in (Status.TRAINED, Status.EXPIRING):
            counts.trained += 1
        if result == Status.EXPIRING:
            counts.expiring += 1
    return summary
