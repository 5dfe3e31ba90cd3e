import re
from datetime import date, timedelta
from decimal import Decimal
from functools import partial
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from waymark.funding import demo, financial_year, report_sections
from waymark.funding.decision_flow import Officer, State
from waymark.funding.models import (
    SUGGESTED_MEASURES,
    DecisionReport,
    Fund,
    Grant,
    GrantStatus,
    PerformanceReturn,
    ReturnStatus,
    ReviewerRole,
    ReviewOutcome,
    SignOffKind,
    SignOffOutcome,
    StrategicPriority,
)

OFFICE_DOMAIN = "opcc.northshire.example"


def _seed(settings, monkeypatch, today=None):
    settings.DEMO_MODE = True
    if today is not None:
        monkeypatch.setattr(demo, "seed_funding", partial(demo.seed_funding, today=today))
    call_command("seed_demo", stdout=StringIO())


def _coordinator_post():
    return Grant.objects.get(title="Anti-Slavery Partnership Coordinator post")


@pytest.mark.django_db
def test_the_demo_has_funding_once(settings, monkeypatch):
    _seed(settings, monkeypatch)
    counts = (Fund.objects.count(), Grant.objects.count(), DecisionReport.objects.count())
    returns = PerformanceReturn.objects.count()
    _seed(settings, monkeypatch)
    assert (Fund.objects.count(), Grant.objects.count(), DecisionReport.objects.count()) == counts == (4, 8, 8)
    assert PerformanceReturn.objects.count() == returns
    assert demo.seed_funding() == 0
    assert StrategicPriority.objects.filter(name="Protecting vulnerable people").count() == 1
    assert {grant.status for grant in Grant.objects.all()} == set(GrantStatus.values)
    assert {report.state for report in DecisionReport.objects.all()} == set(State) - {
        State.AWAITING_DECISION,
        State.DISAGREED,
    }


@pytest.mark.django_db
def test_the_funds_add_up_and_carry_their_reserves_forward(settings, monkeypatch):
    _seed(settings, monkeypatch)
    this_year = financial_year.year_of(timezone.localdate())
    for fund in Fund.objects.all():
        position = fund.position()
        assert not position.overcommitted, fund
        assert position.committed <= position.available
        if fund.start_year == this_year:
            assert fund.brought_forward_from.start_year == this_year - 1
            assert fund.reserve_brought_forward == fund.brought_forward_from.position().carry_forward > 0
    csf = Fund.objects.get(name="Community Safety Fund", start_year=this_year)
    assert csf.position().remaining == Decimal("43890.00")
    # What is still proposed fits in what is left, so nobody has over-promised.
    waiting = sum(g.amount for g in csf.grants.filter(status=GrantStatus.PROPOSED))
    assert waiting == Decimal("34000.00") <= csf.position().remaining
    assert csf.position().proposed == waiting  # the declined app is not proposed

    pot = Fund.objects.get(name="Northshire Anti-Slavery Network Fund", start_year=this_year)
    shares = sorted((c.name, c.amount) for c in pot.contributions.all())
    councils = [name for name, amount in shares if name.endswith("Council")]
    assert len(councils) == 4 and {amount for name, amount in shares if name in councils} == {Decimal("4000.00")}
    assert ("Office of the Northshire Police and Crime Commissioner", Decimal("10000.00")) in shares
    assert pot.position().available == Decimal("26000.00") + pot.reserve_brought_forward


@pytest.mark.django_db
def test_the_coordinator_post_is_costed_and_measured(settings, monkeypatch):
    _seed(settings, monkeypatch)
    grant = _coordinator_post()
    assert grant.status == GrantStatus.ACTIVE and grant.recurrence == "recurring"
    assert grant.starts_on <= timezone.localdate() <= grant.ends_on
    lines = {(line.description.split(",")[0], line.amount, line.note) for line in grant.cost_lines.all()}
    assert lines == {
        ("Salary", Decimal("26000.00"), ""),
        ("On-costs", Decimal("8000.00"), "including travel, pension and management"),
    }
    assert grant.costs_total() == grant.amount
    assert grant.match_funding.filter(confirmed=True).exists()
    assert {i.description.split()[0] for i in grant.in_kind.all()} == {"Office", "Administrative"}
    assert [m.name for m in grant.measures.all()] == list(SUGGESTED_MEASURES)
    assert all(m.target for m in grant.measures.all())
    assert grant.scrutineer.email == "superintendent@police.northshire.example"


@pytest.mark.django_db
def test_the_decision_reports_follow_the_order(settings, monkeypatch):
    _seed(settings, monkeypatch)
    references = list(DecisionReport.objects.values_list("reference", "number", "year"))
    assert len({r for r, _, _ in references}) == len(references)
    for reference, number, year in references:
        assert re.fullmatch(r"\d{3}-\d{2}", reference) and reference == f"{number:03}-{year % 100:02}"

    published = DecisionReport.objects.get(grant=_coordinator_post())
    assert published.state == State.PUBLISHED and published.publish and published.published_at
    signed = {(s.kind, s.outcome, s.user.email) for s in published.sign_offs.all()}
    assert signed == {
        (SignOffKind.MONITORING_OFFICER, SignOffOutcome.APPROVED, f"opcc.ceo@{OFFICE_DOMAIN}"),
        (SignOffKind.CHIEF_FINANCE_OFFICER, SignOffOutcome.APPROVED, f"opcc.cfo@{OFFICE_DOMAIN}"),
        (SignOffKind.DECISION, SignOffOutcome.AGREED, f"commissioner@{OFFICE_DOMAIN}"),
        (SignOffKind.REDACTION, SignOffOutcome.REDACTION_SIGNED_OFF, f"opcc.ceo@{OFFICE_DOMAIN}"),
    }
    assert all(s.two_factor_checked_at <= s.signed_at <= published.published_at for s in published.sign_offs.all())
    assert published.redacted_sections == ["staffing_implications"] and "personal data" in published.redaction_details
    public = {s.key: s for s in report_sections.sections(published, public=True)}
    assert public["staffing_implications"].redacted
    assert not any("spinal point" in p for s in public.values() for p in s.paragraphs)
    assert "spinal point" in published.staffing_implications

    for report in DecisionReport.objects.exclude(state=State.DRAFT):
        assert report_sections.missing_sections(report) == []
    draft = DecisionReport.objects.get(state=State.DRAFT)
    assert report_sections.missing_sections(draft) == [] and not draft.sign_offs.exists()
    waiting = DecisionReport.objects.get(state=State.AWAITING_SIGN_OFF)
    assert waiting.officers_approved() == {Officer.CHIEF_FINANCE_OFFICER}
    for report in DecisionReport.objects.filter(state__in=[State.AGREED, State.REDACTION_PENDING]):
        assert report.officers_approved() == set(Officer) and report.grant.is_committed
    pending = DecisionReport.objects.get(state=State.REDACTION_PENDING)
    assert pending.redacted_sections and not pending.sign_offs.filter(kind=SignOffKind.REDACTION).exists()

    disagreed = DecisionReport.objects.get(sign_offs__outcome=SignOffOutcome.DISAGREED)
    assert disagreed.grant.status == GrantStatus.DECLINED and disagreed.decision_reasons.strip()
    assert disagreed.state == State.NOT_PUBLISHED and "OFFICIAL-SENSITIVE" in disagreed.reason_not_published


@pytest.mark.django_db
@pytest.mark.parametrize(
    "today",
    [None, date(2027, 4, 1), date(2026, 7, 31), date(2027, 1, 31), date(2027, 3, 31), date(2028, 2, 29)],
    ids=["today", "start-of-year", "after-a-due-date", "on-a-due-date", "end-of-year", "leap-day"],
)
def test_the_coordinator_returns_show_each_status_whatever_the_date(settings, monkeypatch, today):
    _seed(settings, monkeypatch, today=today)
    today = today or timezone.localdate()
    grant = _coordinator_post()
    assert grant.status == GrantStatus.ACTIVE and grant.starts_on <= today <= grant.ends_on
    returns = list(grant.returns.order_by("period_start"))
    assert len(returns) == 8 and returns[0].period_start == grant.starts_on and returns[-1].period_end == grant.ends_on
    for earlier, later in zip(returns, returns[1:], strict=False):
        assert later.period_start == earlier.period_end + timedelta(days=1)
    assert all((r.due_on - r.period_end).days == 30 for r in returns)

    accepted = [r for r in returns if r.status == ReturnStatus.ACCEPTED]
    assert accepted and all(r.values.count() == 5 and r.narrative for r in accepted)
    for performance_return in accepted:
        roles = {r.reviewer_role for r in performance_return.reviews.filter(outcome=ReviewOutcome.ACCEPTED)}
        assert roles == {ReviewerRole.SCRUTINEER, ReviewerRole.OFFICE}
        assert performance_return.office_accepted_at.date() < today
    (submitted,) = [r for r in returns if r.status == ReturnStatus.SUBMITTED]
    assert submitted.values.count() == 5 and submitted.submitted_at.date() < today
    (overdue,) = PerformanceReturn.objects.overdue(today).filter(grant=grant)
    assert overdue.is_overdue(today) and not overdue.values.exists()
    assert accepted[-1].period_start < submitted.period_start < overdue.period_start
    assert not any(r.due_on < today for r in returns if r.period_start > overdue.period_start)

    for fund in Fund.objects.all():
        assert not fund.position().overcommitted, fund
    # Every report was written, signed and decided before the day the demo was made.
    for report in DecisionReport.objects.all():
        assert report.report_date <= today
        assert all(s.signed_at.date() < today for s in report.sign_offs.all())
