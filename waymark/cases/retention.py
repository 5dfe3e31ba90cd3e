"""The retention rule: a closed case is due for review CASE_RETENTION_YEARS years (6 unless
configured) after it was closed, until its personal details are anonymised.

A case closed on 29 February is due on 28 February in a year that has no 29th."""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from .models import Case, CaseStatus


def retention_years() -> int:
    return int(settings.CASE_RETENTION_YEARS)


def _shift_years(day: date, years: int) -> date:
    year = day.year + years
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return day.replace(year=year)


def review_due_on(closed_at: datetime) -> date:
    """The day a case closed at `closed_at` becomes due for review."""
    return _shift_years(timezone.localdate(closed_at), retention_years())


def last_closing_day_due(today: date | None = None) -> date:
    """The latest closing day whose cases are due for review by `today`."""
    today = today or timezone.localdate()
    years = retention_years()
    day = _shift_years(today, -years)
    # On 28 February of a common year, cases closed on 29 February of a leap year are due too.
    if today.month == 2 and today.day == 28 and calendar.isleap(today.year - years):
        day = date(today.year - years, 2, 29)
    return day


def due_for_review(today: date | None = None) -> QuerySet[Case]:
    """Closed cases whose retention period has ended and which are not yet anonymised."""
    next_day = last_closing_day_due(today) + timedelta(days=1)
    before = timezone.make_aware(datetime.combine(next_day, time.min))
    return Case.objects.filter(
        status=CaseStatus.CLOSED, closed_at__isnull=False, closed_at__lt=before, anonymised_at__isnull=True
    )


def is_due_for_review(case: Case, today: date | None = None) -> bool:
    return (
        case.status == CaseStatus.CLOSED
        and case.closed_at is not None
        and case.anonymised_at is None
        and review_due_on(case.closed_at) <= (today or timezone.localdate())
    )
