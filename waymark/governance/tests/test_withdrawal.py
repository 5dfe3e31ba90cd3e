from datetime import date

import pytest

from waymark.governance.withdrawal import add_months, earliest_withdrawal, notice_deadline, validate_fixed_day

MARCH_31 = (3, 31)


@pytest.mark.parametrize(
    ("given_on", "months", "expiring_on", "earliest"),
    [
        (date(2026, 2, 10), 12, MARCH_31, date(2027, 3, 31)),
        (date(2026, 4, 10), 12, MARCH_31, date(2028, 3, 31)),
        (date(2026, 3, 31), 12, MARCH_31, date(2027, 3, 31)),
        (date(2026, 4, 1), 12, MARCH_31, date(2028, 3, 31)),
        (date(2026, 3, 30), 12, MARCH_31, date(2027, 3, 31)),
        (date(2026, 2, 10), 0, MARCH_31, date(2026, 3, 31)),
        (date(2026, 2, 10), 12, None, date(2027, 2, 10)),
        (date(2026, 1, 31), 1, None, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, None, date(2028, 2, 29)),
        (date(2026, 8, 31), 6, None, date(2027, 2, 28)),
        (date(2024, 2, 29), 12, None, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, None, date(2028, 2, 29)),
        (date(2026, 5, 1), 3, (2, 29), date(2027, 2, 28)),
        (date(2027, 5, 1), 3, (2, 29), date(2028, 2, 29)),
        (date(2026, 11, 15), 3, (12, 31), date(2027, 12, 31)),
        (date(2026, 9, 15), 3, (12, 31), date(2026, 12, 31)),
    ],
    ids=[
        "notice-in-february-leaves-next-march",
        "notice-in-april-waits-for-the-march-after-next",
        "notice-on-31-march-leaves-a-year-later",
        "notice-on-1-april-just-misses",
        "notice-the-day-before-the-expiry-day",
        "no-notice-period-leaves-on-the-next-expiry-day",
        "any-day-is-twelve-months-on",
        "a-month-from-31-january-is-28-february",
        "a-month-from-31-january-in-a-leap-year-is-29-february",
        "six-months-from-31-august-is-the-end-of-february",
        "a-year-from-29-february-is-28-february",
        "four-years-from-29-february-is-29-february",
        "fixed-29-february-in-a-common-year-is-28-february",
        "fixed-29-february-in-a-leap-year",
        "three-months-from-mid-november-misses-this-december",
        "three-months-from-mid-september-makes-this-december",
    ],
)
def test_earliest_withdrawal(given_on, months, expiring_on, earliest):
    assert earliest_withdrawal(given_on, months, expiring_on) == earliest


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 1, 15), -1, date(2025, 12, 15)),
        (date(2026, 5, 31), 1, date(2026, 6, 30)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("leaving_on", "months", "deadline"),
    [
        (date(2027, 3, 31), 12, date(2026, 3, 31)),
        (date(2027, 2, 28), 1, date(2027, 1, 31)),
        (date(2027, 3, 30), 1, date(2027, 2, 28)),
        (date(2027, 6, 15), 6, date(2026, 12, 15)),
    ],
    ids=["year-to-31-march", "end-of-february-is-reached-from-31-january", "clamped", "mid-month"],
)
def test_notice_deadline_is_the_last_day_notice_still_works(leaving_on, months, deadline):
    assert notice_deadline(leaving_on, months) == deadline
    assert add_months(deadline, months) <= leaving_on
    assert earliest_withdrawal(deadline, months) <= leaving_on


@pytest.mark.parametrize("bad", [(0, 1), (13, 1), (2, 30), (4, 31), (6, 0)])
def test_a_fixed_day_must_exist(bad):
    with pytest.raises(ValueError):
        validate_fixed_day(*bad)
    with pytest.raises(ValueError):
        earliest_withdrawal(date(2026, 1, 1), 12, bad)


def test_negative_notice_is_refused():
    with pytest.raises(ValueError):
        earliest_withdrawal(date(2026, 1, 1), -1)
