"""When a party may leave an agreement: notice of at least N calendar months, sometimes required
to expire on a fixed day of the year ("at least 12 months' written notice expiring on 31 March").

Months are calendar months counted by the corresponding-date rule: a month from 10 February is 10
March, and where the corresponding day does not exist the month's last day is used (a month from
31 January is 28 February, or 29 in a leap year). A fixed day of 29 February means the last day of
February in years that have none.
"""

from __future__ import annotations

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """`day` moved `months` calendar months on (or back, if negative), clamped to the month's end."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def fixed_day_in(year: int, month: int, day: int) -> date:
    """The fixed expiry day in `year` (29 February falls back to 28 February in common years)."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def validate_fixed_day(month: int, day: int) -> None:
    """Raises ValueError unless (month, day) is a day that occurs in some year."""
    if not 1 <= month <= 12:
        raise ValueError("The month must be from 1 to 12.")
    if not 1 <= day <= calendar.monthrange(2024, month)[1]:  # 2024: a leap year, so 29 February is allowed
        raise ValueError("That day does not exist in that month.")


def earliest_withdrawal(today: date, notice_months: int, expiring_on: tuple[int, int] | None = None) -> date:
    """The earliest date a party can leave if it gives notice today.

    `expiring_on` is the (month, day) the notice must expire on, or None for any day."""
    if notice_months < 0:
        raise ValueError("The notice period cannot be negative.")
    notice_ends = add_months(today, notice_months)
    if expiring_on is None:
        return notice_ends
    month, day = expiring_on
    validate_fixed_day(month, day)
    candidate = fixed_day_in(notice_ends.year, month, day)
    if candidate < notice_ends:
        candidate = fixed_day_in(notice_ends.year + 1, month, day)
    return candidate


def notice_deadline(leaving_on: date, notice_months: int) -> date:
    """The last day notice can be given to leave on `leaving_on` (for reminders: "give notice by")."""
    if leaving_on.day == calendar.monthrange(leaving_on.year, leaving_on.month)[1]:
        # Any day of the month N months before that is on or after the corresponding day works up to
        # its last day, because adding months clamps to the month's end.
        earlier = add_months(leaving_on, -notice_months)
        return date(earlier.year, earlier.month, calendar.monthrange(earlier.year, earlier.month)[1])
    return add_months(leaving_on, -notice_months)
