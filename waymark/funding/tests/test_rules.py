"""The pure rules of funding: financial years, a fund's arithmetic, references, the decision flow."""

from datetime import date
from decimal import Decimal

import pytest

from waymark.funding import decision_flow as flow
from waymark.funding import financial_year, fund_arithmetic, reference
from waymark.funding.decision_flow import Officer, Publication, Refused, State

D = Decimal


@pytest.mark.parametrize(
    ("day", "year", "label"),
    [
        (date(2026, 4, 1), 2026, "2026/27"),
        (date(2027, 3, 31), 2026, "2026/27"),
        (date(2026, 3, 31), 2025, "2025/26"),
        (date(1999, 12, 31), 1999, "1999/00"),
    ],
)
def test_financial_year_runs_april_to_march(day, year, label):
    assert financial_year.year_of(day) == year
    assert financial_year.label(year) == label
    assert financial_year.starts(year) <= day <= financial_year.ends(year)


def test_joint_pot_with_reserve_committed_and_proposed_grants():
    # Four councils at £4,000 each and the commissioner's £20,000, with £3,500 carried in.
    position = fund_arithmetic.position(
        opening_budget=D("0"),
        reserve_brought_forward=D("3500.00"),
        contributions=[D("4000")] * 4 + [D("20000")],
        commitments=[
            fund_arithmetic.Commitment(D("34000"), committed=True),
            fund_arithmetic.Commitment(D("5000"), committed=False),
        ],
    )
    assert position.contributions == D("36000")
    assert position.available == D("39500.00")
    assert position.committed == D("34000")
    assert position.proposed == D("5000")
    assert position.remaining == D("5500.00")
    assert position.carry_forward == D("5500.00")
    assert position.can_commit(D("5500")) and not position.can_commit(D("5500.01"))


def test_underspend_returned_by_a_closed_grant_goes_back_to_the_reserve():
    position = fund_arithmetic.position(
        opening_budget=D("40000"),
        reserve_brought_forward=D("0"),
        contributions=[],
        commitments=[fund_arithmetic.Commitment(D("34000"), committed=True, returned=D("1200"))],
    )
    assert position.committed == D("32800")
    assert position.carry_forward == D("7200")


def test_an_overcommitted_fund_carries_nothing_forward():
    position = fund_arithmetic.position(
        opening_budget=D("1000"),
        reserve_brought_forward=D("0"),
        contributions=[],
        commitments=[fund_arithmetic.Commitment(D("1500"), committed=True)],
    )
    assert position.overcommitted
    assert position.remaining == D("-500")
    assert position.carry_forward == D("0")


@pytest.mark.parametrize(
    ("pattern", "number", "year", "expected"),
    [
        ("{number:03}-{yy}", 153, 2022, "153-22"),
        ("{number:03}/{yyyy}", 43, 2021, "043/2021"),
        ("PCC-{yyyy}-{number}", 7, 2026, "PCC-2026-7"),
        ("{number:03}-{yy}", 1234, 2026, "1234-26"),
    ],
)
def test_reference_formats(pattern, number, year, expected):
    assert reference.make(pattern, number=number, year=year) == expected


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("", "Enter a reference format"),
        ("{yy}-{yyyy}", "must include {number}"),
        ("{number}-{month}", "Use only the placeholders"),
        ("{number}-{yy", "Use only the placeholders"),
    ],
)
def test_bad_reference_formats_are_refused_with_a_reason(pattern, message):
    with pytest.raises(reference.BadFormat, match=message.replace("{", r"\{").replace("}", r"\}")):
        reference.check(pattern)


def test_the_flow_in_order_either_officer_first():
    for first, second in ((Officer.MONITORING_OFFICER, Officer.CHIEF_FINANCE_OFFICER),) * 1 + (
        (Officer.CHIEF_FINANCE_OFFICER, Officer.MONITORING_OFFICER),
    ):
        state = flow.submit(State.DRAFT, missing_sections=[])
        assert state == State.AWAITING_SIGN_OFF
        state = flow.approve(state, officer=first, approved_already=[])
        assert state == State.AWAITING_SIGN_OFF
        state = flow.approve(state, officer=second, approved_already=[first])
        assert state == State.AWAITING_DECISION
        state = flow.decide(state, agree=True, reasons="")
        assert state == State.AGREED
        assert flow.decide_publication(state, Publication(publish=True)) == State.PUBLISHED


def test_nothing_can_be_skipped():
    with pytest.raises(Refused, match="Complete these sections"):
        flow.submit(State.DRAFT, missing_sections=["Background"])
    with pytest.raises(Refused):
        flow.approve(State.DRAFT, officer=Officer.MONITORING_OFFICER, approved_already=[])
    with pytest.raises(Refused, match="already approved"):
        flow.approve(
            State.AWAITING_SIGN_OFF, officer=Officer.MONITORING_OFFICER, approved_already=[Officer.MONITORING_OFFICER]
        )
    for early in (State.DRAFT, State.AWAITING_SIGN_OFF):
        with pytest.raises(Refused, match="only after the monitoring officer and the chief finance officer"):
            flow.decide(early, agree=True, reasons="")
        with pytest.raises(Refused, match="only after the commissioner's decision"):
            flow.decide_publication(early, Publication(publish=True))
    with pytest.raises(Refused, match="only after the commissioner's decision"):
        flow.decide_publication(State.AWAITING_DECISION, Publication(publish=True))
    with pytest.raises(Refused, match="already been decided"):
        flow.decide(State.AGREED, agree=False, reasons="Changed my mind")
    with pytest.raises(Refused, match="no redaction waiting"):
        flow.sign_off_redaction(State.AGREED)


def test_a_disagreement_needs_reasons():
    with pytest.raises(Refused, match="Give the reasons"):
        flow.decide(State.AWAITING_DECISION, agree=False, reasons="  ")
    assert flow.decide(State.AWAITING_DECISION, agree=False, reasons="Not value for money") == State.DISAGREED


def test_redaction_needs_its_sign_off_before_publication():
    state = flow.decide_publication(State.AGREED, Publication(publish=True, redaction_needed=True))
    assert state == State.REDACTION_PENDING
    # Revised while pending (the monitoring officer asked for changes): still nothing public.
    assert flow.decide_publication(state, Publication(publish=True, redaction_needed=True)) == State.REDACTION_PENDING
    assert flow.decide_publication(state, Publication(publish=True)) == State.PUBLISHED
    assert flow.sign_off_redaction(state) == State.PUBLISHED


def test_not_publishing_needs_a_reason():
    with pytest.raises(Refused, match="citing its classification"):
        flow.decide_publication(State.DISAGREED, Publication(publish=False))
    assert (
        flow.decide_publication(
            State.DISAGREED, Publication(publish=False, reason_not_published="OFFICIAL-SENSITIVE: commercial terms")
        )
        == State.NOT_PUBLISHED
    )


def test_returned_reports_need_comments_and_go_back_to_draft():
    with pytest.raises(Refused, match="Say what needs to change"):
        flow.return_to_draft(State.AWAITING_SIGN_OFF, comments="")
    assert flow.return_to_draft(State.AWAITING_SIGN_OFF, comments="Add the equality section") == State.DRAFT
    with pytest.raises(Refused):
        flow.return_to_draft(State.AWAITING_DECISION, comments="Too late")
