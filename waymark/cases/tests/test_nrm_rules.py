"""The NRM timescales, as a table a partnership could check against DOMAIN.md 1.6, 1.7 and 1.11."""

from datetime import date

import pytest

from waymark.cases.nrm_rules import NRMState, alerts, cg_outcomes, recovery_period_end, rg_met_target, rg_target


@pytest.mark.parametrize(
    ("referred_on", "nation", "target"),
    [
        (date(2026, 3, 2), "england", date(2026, 3, 9)),
        (date(2026, 4, 2), "england", date(2026, 4, 13)),
        (date(2026, 4, 2), "wales", date(2026, 4, 13)),
        (date(2026, 4, 2), "scotland", date(2026, 4, 10)),
        (date(2026, 3, 16), "england", date(2026, 3, 23)),
        (date(2026, 3, 16), "northern_ireland", date(2026, 3, 24)),
        (date(2026, 11, 27), "england", date(2026, 12, 4)),
        (date(2026, 11, 27), "scotland", date(2026, 12, 7)),
        (date(2026, 3, 7), "england", date(2026, 3, 13)),
    ],
    ids=[
        "monday-to-the-next-monday",
        "easter-friday-and-monday-are-not-working-days-in-england",
        "wales-keeps-the-same-easter-holidays",
        "easter-monday-is-a-working-day-in-scotland",
        "st-patricks-day-is-a-working-day-in-england",
        "st-patricks-day-is-a-holiday-in-northern-ireland",
        "st-andrews-day-is-a-working-day-in-england",
        "st-andrews-day-is-a-holiday-in-scotland",
        "a-referral-on-a-saturday-counts-from-monday",
    ],
)
def test_reasonable_grounds_decision_is_due_five_working_days_after_the_referral(referred_on, nation, target):
    assert rg_target(referred_on, nation) == target


@pytest.mark.parametrize(
    ("decided_on", "nation", "met"),
    [
        (date(2026, 3, 2), "england", True),
        (date(2026, 3, 9), "england", True),
        (date(2026, 3, 10), "england", False),
    ],
    ids=["same-day", "on-the-fifth-working-day", "a-day-late"],
)
def test_whether_the_decision_met_its_target(decided_on, nation, met):
    assert rg_met_target(date(2026, 3, 2), decided_on, nation) is met


@pytest.mark.parametrize(
    ("nation", "outcome", "end"),
    [
        ("england", "positive", date(2026, 4, 1)),
        ("wales", "positive", date(2026, 4, 1)),
        ("scotland", "positive", date(2026, 5, 31)),
        ("northern_ireland", "positive", date(2026, 4, 16)),
        ("england", "negative", None),
    ],
    ids=[
        "england-30-days",
        "wales-30-days",
        "scotland-90-days",
        "northern-ireland-45-days",
        "no-period-after-negative",
    ],
)
def test_recovery_period_runs_in_calendar_days_from_a_positive_decision(nation, outcome, end):
    assert recovery_period_end(date(2026, 3, 2), outcome, nation) == end


@pytest.mark.parametrize(
    ("nation", "outcomes"),
    [
        ("england", {"trafficking", "slavery", "insufficient_evidence"}),
        ("wales", {"trafficking", "slavery", "insufficient_evidence"}),
        ("scotland", {"trafficking", "not_trafficking"}),
        ("northern_ireland", {"trafficking", "not_trafficking"}),
    ],
)
def test_conclusive_grounds_outcomes_differ_by_nation(nation, outcomes):
    assert set(cg_outcomes(nation)) == outcomes


REFERRED = date(2026, 3, 2)  # a Monday; the RG decision is due by Monday 9 March


@pytest.mark.parametrize(
    ("state", "nation", "today", "expected"),
    [
        (NRMState(), "england", date(2026, 6, 1), []),
        (NRMState(referred_on=REFERRED), "england", date(2026, 3, 9), []),
        (
            NRMState(referred_on=REFERRED),
            "england",
            date(2026, 3, 10),
            [
                "The reasonable grounds decision is overdue. It was due by 9 March 2026, "
                "5 working days after the referral on 2 March 2026."
            ],
        ),
        (
            NRMState(referred_on=REFERRED, rg_decision_on=date(2026, 3, 20), rg_outcome="negative"),
            "england",
            date(2027, 1, 1),
            [],
        ),
        (
            NRMState(referred_on=REFERRED, rg_decision_on=REFERRED, rg_outcome="positive"),
            "england",
            date(2026, 4, 1),
            [],
        ),
        (
            NRMState(referred_on=REFERRED, rg_decision_on=REFERRED, rg_outcome="positive"),
            "england",
            date(2026, 4, 2),
            ["The recovery period ended on 1 April 2026 and no conclusive grounds decision has been recorded."],
        ),
        (
            NRMState(referred_on=REFERRED, rg_decision_on=REFERRED, rg_outcome="positive"),
            "scotland",
            date(2026, 4, 2),
            [],
        ),
        (
            NRMState(
                referred_on=REFERRED, rg_decision_on=REFERRED, rg_outcome="positive", cg_decision_on=date(2026, 5, 1)
            ),
            "england",
            date(2027, 1, 1),
            [],
        ),
    ],
    ids=[
        "nothing-recorded-nothing-due",
        "rg-still-within-target",
        "rg-overdue-the-day-after-the-target",
        "a-negative-rg-starts-no-recovery-period",
        "recovery-period-still-running",
        "recovery-period-over-with-no-cg",
        "scotland-recovery-period-is-longer",
        "cg-decided",
    ],
)
def test_alerts(state, nation, today, expected):
    assert alerts(state, nation, today) == expected
