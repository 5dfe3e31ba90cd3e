"""The schedule of a grant's performance returns: its reporting periods and when each return is due.

Whiteboard version: periods run in calendar months from the day the grant starts (one, three, six or
twelve months at a time, by the reporting frequency), the last one cut short at the grant's end; a
grant reported "at the end of the grant" has one period, the whole grant. Each period is counted from
the grant's start, not from the period before, so a grant starting on 31 January has periods starting
on 28 (or 29) February, 31 March, 30 April, 31 May... (a shorter month takes its last day). A return
is due a set number of days after its period ends.

Pure Python: the frequencies are the values of models.ReportingFrequency.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

MONTHS_PER_PERIOD = {"monthly": 1, "quarterly": 3, "six_monthly": 6, "annually": 12}
END_OF_GRANT = "end_of_grant"

Period = tuple[date, date]


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later, or the last day of that month if it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def periods(start: date, end: date, frequency: str) -> list[Period]:
    """(first day, last day) of each reporting period of a grant running from `start` to `end`."""
    if end < start:
        raise ValueError(f"The grant ends ({end}) before it starts ({start})")
    if frequency == END_OF_GRANT:
        return [(start, end)]
    if frequency not in MONTHS_PER_PERIOD:
        raise ValueError(f"Unknown reporting frequency {frequency!r}")
    step = MONTHS_PER_PERIOD[frequency]
    found: list[Period] = []
    number = 0
    period_start = start
    while period_start <= end:
        next_start = add_months(start, (number + 1) * step)
        found.append((period_start, min(next_start - timedelta(days=1), end)))
        number += 1
        period_start = next_start
    return found


def due_on(period_end: date, due_days: int) -> date:
    """The day a period's return is due: `due_days` days after the period ends."""
    return period_end + timedelta(days=due_days)


def schedule(start: date, end: date, frequency: str, due_days: int) -> list[tuple[date, date, date]]:
    """(first day, last day, due date) of each period's return."""
    return [(first, last, due_on(last, due_days)) for first, last in periods(start, end, frequency)]
