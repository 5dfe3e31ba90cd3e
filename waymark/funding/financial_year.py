"""The UK public-sector financial year: 1 April to 31 March, named by the year it starts in.

A fund for 2026/27 runs from 1 April 2026 to 31 March 2027; `start_year` 2026 names it.
"""

from __future__ import annotations

from datetime import date


def year_of(day: date) -> int:
    """The financial year a day falls in, by its starting year: 31 March 2027 is in 2026/27."""
    return day.year if day.month >= 4 else day.year - 1


def starts(start_year: int) -> date:
    return date(start_year, 4, 1)


def ends(start_year: int) -> date:
    return date(start_year + 1, 3, 31)


def label(start_year: int) -> str:
    """2026 -> '2026/27'."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"
