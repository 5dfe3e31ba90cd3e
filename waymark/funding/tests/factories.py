"""Funding records for tests, built on the conftest world (Testford and its personas).

`funding_for_testford` gives every section something to show: the commissioner's office's Community
Safety Fund for the current financial year (a joint pot with two councils' contributions), a grant to
Brightway (the charity) for an advocate post with cost lines, match funding, in-kind support and two
measures, its decision report (a draft, every required section written) and its first return (due).
Greta (the grants officer persona) manages it; Charlie (Brightway's caseworker) is the recipient;
`signers(world)` adds the chief executive, the chief finance officer and the commissioner.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from conftest import make_user
from waymark.funding import financial_year
from waymark.funding.models import (
    CostLine,
    DecisionReport,
    Fund,
    FundContribution,
    Grant,
    GrantMeasure,
    GrantStatus,
    InKindContribution,
    MatchFunding,
    PerformanceReturn,
    StrategicPriority,
)


@dataclass
class Signers:
    chief_executive: object
    chief_finance_officer: object
    commissioner: object


def signers(world) -> Signers:
    return Signers(
        chief_executive=make_user(
            "edith@opcc.example", "Edith Executive", world.opcc, [(world.testford, "chief_executive")]
        ),
        chief_finance_officer=make_user(
            "frank@opcc.example", "Frank Finance", world.opcc, [(world.testford, "chief_finance_officer")]
        ),
        commissioner=make_user("pat@opcc.example", "Pat Commissioner", world.opcc, [(world.testford, "commissioner")]),
    )


def make_fund(world, *, name="Community Safety Fund", start_year=None, opening_budget="50000.00", **fields):
    return Fund.objects.create(
        partnership=fields.pop("partnership", world.testford),
        name=name,
        owner=fields.pop("owner", world.opcc),
        start_year=start_year or financial_year.year_of(timezone.localdate()),
        opening_budget=Decimal(opening_budget),
        **fields,
    )


def make_grant(fund, recipient, *, title="Advocate post", amount="34000.00", status=GrantStatus.PROPOSED, **fields):
    starts_on = fields.pop("starts_on", fund.starts_on)
    return Grant.objects.create(
        fund=fund,
        recipient=recipient,
        title=title,
        purpose=fields.pop("purpose", "An independent advocate for adults referred into the NRM in Testford."),
        amount=Decimal(amount),
        starts_on=starts_on,
        ends_on=fields.pop("ends_on", fund.ends_on),
        status=status,
        conditions=fields.pop("conditions", "The standard funding agreement."),
        **fields,
    )


def make_report(grant, *, number=1, title=None, **fields):
    year = fields.pop("year", timezone.localdate().year)
    written = {
        "executive_summary": "Fund an advocate post at Brightway for a year.",
        "recommendations": "The commissioner agrees a grant of £34,000 from the Community Safety Fund.",
        "background": "Referrals into the NRM in Testford rose by a third last year.",
        "proposal_and_benefits": "An advocate supports adults through the NRM and afterwards.",
        "options_considered": "Do nothing: rejected, since adults would wait for support.",
    }
    written.update(fields)
    return DecisionReport.objects.create(
        partnership=grant.fund.partnership,
        grant=grant,
        reference=f"{number:03d}-{year % 100:02d}",
        number=number,
        year=year,
        title=title or f"Grant to {grant.recipient.name}: {grant.title}",
        area_affected="Testford",
        report_by="Greta Grants, Commissioning Officer",
        enquiries_to="Greta Grants, greta@opcc.example",
        **written,
    )


@dataclass
class FundingWorld:
    fund: Fund
    grant: Grant
    report: DecisionReport
    first_return: PerformanceReturn
    priority: StrategicPriority


def funding_for_testford(world, personas) -> FundingWorld:
    fund = make_fund(world, reserve_brought_forward=Decimal("6000.00"), created_by=personas["grants_officer"])
    FundContribution.objects.create(fund=fund, contributor=world.council, amount=Decimal("4000.00"))
    FundContribution.objects.create(fund=fund, contributor_name="Testshire County Council", amount=Decimal("4000.00"))
    grant = make_grant(fund, world.charity, scrutineer=personas["coordinator"])
    CostLine.objects.create(grant=grant, description="Salary", amount=Decimal("26000.00"))
    CostLine.objects.create(
        grant=grant, description="On-costs", amount=Decimal("8000.00"), note="including travel, pension and management"
    )
    MatchFunding.objects.create(grant=grant, source="Lottery Community Fund", amount=Decimal("5000.00"), confirmed=True)
    InKindContribution.objects.create(grant=grant, provider="Testford Council", description="Office accommodation")
    GrantMeasure.objects.create(grant=grant, name="Referrals received", target=20, position=1)
    GrantMeasure.objects.create(grant=grant, name="People supported", target=15, position=2)
    priority = StrategicPriority.objects.create(partnership=world.testford, name="Protecting vulnerable people")
    report = make_report(grant)
    report.strategic_priorities.add(priority)
    period_start = grant.starts_on
    period_end = min(grant.ends_on, period_start + timedelta(days=90))
    first_return = PerformanceReturn.objects.create(
        grant=grant, period_start=period_start, period_end=period_end, due_on=period_end + timedelta(days=30)
    )
    return FundingWorld(fund, grant, report, first_return, priority)


def today() -> date:
    return timezone.localdate()
