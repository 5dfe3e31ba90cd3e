"""Expiry and compliance arithmetic, as tables."""

from datetime import date
from decimal import Decimal

import pytest

from waymark.training.compliance import (
    CompletionRecord,
    StaffRecord,
    Status,
    add_months,
    expiry_date,
    percentage,
    satisfies,
    status,
    summarise,
)

TODAY = date(2026, 6, 15)
STRATEGIC = frozenset({4})


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 3, 15), 24, date(2026, 3, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2025, 12, 10), 1, date(2026, 1, 10)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
    ],
    ids=[
        "same-day-two-years-on",
        "31-january-plus-a-month-is-28-february",
        "in-a-leap-year-29-february",
        "29-february-plus-a-year",
        "29-february-plus-four-years",
        "31-august-plus-six-months",
        "across-the-new-year",
        "backwards-a-month",
    ],
)
def test_add_months_clamps_to_the_end_of_a_shorter_month(day, months, expected):
    assert add_months(day, months) == expected


def test_no_refresh_interval_never_expires():
    assert expiry_date(date(2010, 1, 1), None) is None


@pytest.mark.parametrize(
    ("held", "required", "expected"),
    [
        (1, 1, True),
        (3, 2, True),
        (3, 1, True),
        (1, 2, False),
        (2, 3, False),
        (4, 4, True),
        (4, 3, False),
        (4, 1, False),
        (3, 4, False),
    ],
    ids=[
        "same-level",
        "level-3-covers-2",
        "level-3-covers-1",
        "level-1-does-not-cover-2",
        "level-2-does-not-cover-3",
        "strategic-covers-strategic",
        "strategic-does-not-cover-3",
        "strategic-does-not-cover-awareness",
        "level-3-does-not-cover-strategic",
    ],
)
def test_a_higher_level_satisfies_a_lower_one(held, required, expected):
    assert satisfies(held, required, STRATEGIC) is expected


def done(levels, on):
    return CompletionRecord(frozenset(levels), on)


def person(required=2, refresh=24, completions=(), leaving=None, cohort="frontline"):
    return StaffRecord(cohort, required, refresh, tuple(completions), leaving)


# Today is 15 June 2026; staff need level 2, refreshed every 24 months unless the row says otherwise.
STATUS_TABLE = [
    ("never trained", person(), Status.UNTRAINED),
    ("trained a year ago", person(completions=[done([2], date(2025, 6, 15))]), Status.TRAINED),
    (
        "expires today: still counts, and is expiring",
        person(completions=[done([2], date(2024, 6, 15))]),
        Status.EXPIRING,
    ),
    ("expired yesterday", person(completions=[done([2], date(2024, 6, 14))]), Status.UNTRAINED),
    ("expires in 90 days", person(completions=[done([2], date(2024, 9, 13))]), Status.EXPIRING),
    ("expires in 91 days", person(completions=[done([2], date(2024, 9, 14))]), Status.TRAINED),
    (
        "no refresh interval: never expires",
        person(refresh=None, completions=[done([2], date(2012, 1, 1))]),
        Status.TRAINED,
    ),
    ("level 1 only, needs level 2", person(completions=[done([1], date(2026, 1, 1))]), Status.UNTRAINED),
    ("level 3 covers level 2", person(completions=[done([3], date(2026, 1, 1))]), Status.TRAINED),
    ("a course at several levels", person(required=3, completions=[done([1, 3], date(2026, 1, 1))]), Status.TRAINED),
    ("strategic training does not cover level 2", person(completions=[done([4], date(2026, 1, 1))]), Status.UNTRAINED),
    (
        "strategic cohort with level 3 only",
        person(required=4, completions=[done([3], date(2026, 1, 1))]),
        Status.UNTRAINED,
    ),
    (
        "an old expired course and a recent one: the recent one counts",
        person(completions=[done([2], date(2020, 1, 1)), done([2], date(2026, 1, 1))]),
        Status.TRAINED,
    ),
    (
        "an expiring level 2 and an in-date level 3: the later expiry counts",
        person(completions=[done([2], date(2024, 7, 1)), done([3], date(2026, 1, 1))]),
        Status.TRAINED,
    ),
    (
        "trained before they started (start date is not a rule): counts",
        StaffRecord("frontline", 2, 24, (done([2], date(2025, 1, 10)),), None),
        Status.TRAINED,
    ),
    (
        "completion dated in the future does not count yet",
        person(completions=[done([2], date(2026, 6, 16))]),
        Status.UNTRAINED,
    ),
    ("leaves today: still counted", person(leaving=TODAY), Status.UNTRAINED),
    (
        "left yesterday: a leaver",
        person(leaving=date(2026, 6, 14), completions=[done([2], date(2026, 1, 1))]),
        Status.LEFT,
    ),
    ("in no cohort", person(required=None, cohort=None), Status.NOT_PLACED),
]


@pytest.mark.parametrize(
    ("record", "expected"), [row[1:] for row in STATUS_TABLE], ids=[row[0] for row in STATUS_TABLE]
)
def test_status(record, expected):
    assert status(record, TODAY, STRATEGIC) == expected


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (0, 0, None),
        (0, 5, Decimal("0.0")),
        (5, 5, Decimal("100.0")),
        (1, 3, Decimal("33.3")),
        (2, 3, Decimal("66.7")),
        (1, 8, Decimal("12.5")),
        (1, 16, Decimal("6.3")),
    ],
    ids=[
        "empty-cohort-has-no-share",
        "none-trained",
        "all-trained",
        "a-third",
        "two-thirds",
        "an-eighth",
        "half-up-rounding",
    ],
)
def test_percentage_has_one_decimal(part, whole, expected):
    assert percentage(part, whole) == expected


def test_summary_counts_each_cohort_and_leaves_out_leavers():
    staff = [
        person(completions=[done([2], date(2025, 6, 15))]),  # trained
        person(completions=[done([2], date(2024, 7, 1))]),  # trained, expiring 1 July 2026
        person(),  # untrained
        person(completions=[done([2], date(2024, 1, 1))]),  # expired: untrained
        person(leaving=date(2026, 5, 31)),  # left: not counted
        person(required=1, refresh=36, cohort="office", completions=[done([1], date(2024, 1, 1))]),
        person(required=None, cohort=None),  # not placed
    ]
    summary = summarise(staff, TODAY, STRATEGIC, cohorts=["frontline", "office", "elected"])
    frontline = summary.cohorts["frontline"]
    assert (frontline.in_cohort, frontline.trained, frontline.expiring, frontline.untrained) == (4, 2, 1, 2)
    assert frontline.share == Decimal("50.0")
    assert (summary.cohorts["office"].in_cohort, summary.cohorts["office"].share) == (1, Decimal("100.0"))
    assert summary.cohorts["elected"].share is None
    assert summary.not_placed == 1
    total = summary.total
    assert (total.in_cohort, total.trained, total.expiring, total.untrained, total.share) == (
        5,
        3,
        1,
        2,
        Decimal("60.0"),
    )
