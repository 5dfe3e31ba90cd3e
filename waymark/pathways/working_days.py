"""Working days: Monday to Friday, less the bank holidays of the UK nation (the `holidays` package)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import holidays

SUBDIVISIONS = {"england": "ENG", "wales": "WLS", "scotland": "SCT", "northern_ireland": "NIR"}


@cache
def _bank_holidays(nation: str, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv=SUBDIVISIONS[nation], years=year))


def is_working_day(day: date, nation: str) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(nation, day.year)


def add_working_days(start: date, days: int, nation: str) -> date:
    """The date `days` working days after `start` (0: `start` itself, or the next working day if
    `start` is not one). Counting begins on the day after `start`, as deadlines usually do."""
    day = start
    if days == 0:
        while not is_working_day(day, nation):
            day += timedelta(days=1)
        return day
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day, nation):
            remaining -= 1
    return day
