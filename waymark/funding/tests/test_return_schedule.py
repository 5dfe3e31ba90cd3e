"""The schedule of a grant's performance returns: its periods and their due dates (pure rules), and the
returns it creates for a grant (ensure_schedule)."""

from datetime import date, timedelta

import pytest

from waymark.funding import return_schedule, services_returns
from waymark.funding.models import FundingSettings, PerformanceReturn, ReportingFrequency, ReturnStatus
from waymark.funding.return_schedule import add_months, due_on, periods


def d(text: str) -> date:
    return date.fromisoformat(text)


@pytest.mark.parametrize(
    ("start", "end", "frequency", "expected"),
    [
        (
            "2026-04-01",
            "2027-03-31",
            "quarterly",
            [
                ("2026-04-01", "2026-06-30"),
                ("2026-07-01", "2026-09-30"),
                ("2026-10-01", "2026-12-31"),
                ("2027-01-01", "2027-03-31"),
            ],
        ),
        (
            "2026-05-15",
            "2027-05-14",
            "quarterly",
            [
                ("2026-05-15", "2026-08-14"),
                ("2026-08-15", "2026-11-14"),
                ("2026-11-15", "2027-02-14"),
                ("2027-02-15", "2027-05-14"),
            ],
        ),
        ("2026-04-01", "2026-05-15", "quarterly", [("2026-04-01", "2026-05-15")]),
        ("2026-04-01", "2026-08-31", "quarterly", [("2026-04-01", "2026-06-30"), ("2026-07-01", "2026-08-31")]),
        (
            "2026-01-31",
            "2026-04-30",
            "monthly",
            [
                ("2026-01-31", "2026-02-27"),
                ("2026-02-28", "2026-03-30"),
                ("2026-03-31", "2026-04-29"),
                ("2026-04-30", "2026-04-30"),
            ],
        ),
        ("2028-01-31", "2028-03-30", "monthly", [("2028-01-31", "2028-02-28"), ("2028-02-29", "2028-03-30")]),
        ("2026-04-01", "2027-03-31", "six_monthly", [("2026-04-01", "2026-09-30"), ("2026-10-01", "2027-03-31")]),
        ("2026-04-01", "2028-03-31", "annually", [("2026-04-01", "2027-03-31"), ("2027-04-01", "2028-03-31")]),
        ("2026-04-01", "2027-03-31", "end_of_grant", [("2026-04-01", "2027-03-31")]),
        ("2026-06-10", "2026-06-10", "monthly", [("2026-06-10", "2026-06-10")]),
    ],
    ids=[
        "a-financial-year-quarterly-gives-four-quarters",
        "a-grant-starting-mid-month-counts-quarters-from-its-start",
        "a-grant-shorter-than-a-quarter-has-one-short-period",
        "the-last-period-is-cut-at-the-grants-end",
        "from-31-january-each-month-takes-its-last-day-when-shorter",
        "a-leap-year-february-has-its-29th",
        "six-monthly",
        "annually-over-two-years",
        "at-the-end-of-the-grant-is-one-period",
        "a-one-day-grant",
    ],
)
def test_periods(start, end, frequency, expected):
    assert periods(d(start), d(end), frequency) == [(d(a), d(b)) for a, b in expected]


def test_periods_cover_the_grant_without_gaps_or_overlaps():
    found = periods(d("2026-03-17"), d("2029-11-02"), "monthly")
    assert found[0][0] == d("2026-03-17") and found[-1][1] == d("2029-11-02")
    for (_, end), (next_start, _) in zip(found, found[1:], strict=False):
        assert next_start == end + timedelta(days=1)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [("2026-01-31", 1, "2026-02-28"), ("2026-01-31", 3, "2026-04-30"), ("2026-11-30", 3, "2027-02-28")],
)
def test_add_months_keeps_the_day_or_takes_the_months_last(day, months, expected):
    assert add_months(d(day), months) == d(expected)


def test_a_return_is_due_the_set_number_of_days_after_its_period_ends():
    assert due_on(d("2026-06-30"), 30) == d("2026-07-30")
    assert return_schedule.schedule(d("2026-04-01"), d("2026-09-30"), "quarterly", 14) == [
        (d("2026-04-01"), d("2026-06-30"), d("2026-07-14")),
        (d("2026-07-01"), d("2026-09-30"), d("2026-10-14")),
    ]


@pytest.mark.parametrize(
    ("start", "end", "frequency"),
    [("2026-04-01", "2026-03-31", "quarterly"), ("2026-04-01", "2027-03-31", "fortnightly")],
    ids=["ends-before-it-starts", "unknown-frequency"],
)
def test_a_schedule_that_makes_no_sense_is_refused(start, end, frequency):
    with pytest.raises(ValueError):
        periods(d(start), d(end), frequency)


def test_every_reporting_frequency_has_a_rule():
    for frequency in ReportingFrequency.values:
        assert periods(d("2026-04-01"), d("2027-03-31"), frequency)


# ensure_schedule: the returns of a grant


@pytest.fixture
def grant(world, personas):
    from waymark.funding.tests.factories import make_fund, make_grant

    fund = make_fund(world, start_year=2026)
    return make_grant(fund, world.charity, starts_on=d("2026-04-01"), ends_on=d("2027-03-31"))


def _periods(grant):
    return list(PerformanceReturn.objects.filter(grant=grant).values_list("period_start", "period_end", "due_on"))


def test_the_grant_gets_a_return_for_each_period_due_after_the_partnerships_delay(grant, world):
    settings = FundingSettings.for_partnership(world.testford.pk)
    settings.return_due_days = 21
    settings.save()
    assert services_returns.ensure_schedule(grant) == 4
    assert _periods(grant) == [
        (d("2026-04-01"), d("2026-06-30"), d("2026-07-21")),
        (d("2026-07-01"), d("2026-09-30"), d("2026-10-21")),
        (d("2026-10-01"), d("2026-12-31"), d("2027-01-21")),
        (d("2027-01-01"), d("2027-03-31"), d("2027-04-21")),
    ]


def test_ensuring_the_schedule_again_creates_nothing_more(grant):
    services_returns.ensure_schedule(grant)
    assert services_returns.ensure_schedule(grant) == 0
    assert PerformanceReturn.objects.filter(grant=grant).count() == 4


def test_a_changed_period_moves_unsubmitted_returns_and_keeps_submitted_ones(grant, personas):
    services_returns.ensure_schedule(grant)
    first = PerformanceReturn.objects.get(grant=grant, period_start=d("2026-04-01"))
    services_returns.submit_return(
        performance_return=first,
        version=first.version,
        values={},
        narrative="Set up the service.",
        evidence=None,
        evidence_kind=None,
        by=personas["charity_caseworker"],
    )
    grant.reporting_frequency = ReportingFrequency.SIX_MONTHLY
    grant.save()

    assert services_returns.ensure_schedule(grant) == 0  # 1 April and 1 October already exist
    rows = _periods(grant)
    assert [r[:2] for r in rows] == [
        (d("2026-04-01"), d("2026-06-30")),  # submitted: kept as it was
        (d("2026-10-01"), d("2027-03-31")),  # moved to the new period's end
    ]
    assert PerformanceReturn.objects.get(period_start=d("2026-04-01")).status == ReturnStatus.SUBMITTED
