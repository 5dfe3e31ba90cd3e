"""Demo funding for Northshire (called by `manage.py seed_demo`): the commissioner's office's
settings and Police and Crime Plan priorities; the Community Safety Fund and the joint Northshire
Anti-Slavery Network Fund for last financial year and this one, each carrying its reserve forward;
grants in every status with their decision reports at every step from draft to published (one with
a redacted section); and the coordinator post's quarterly performance returns. Fictional.

Dates are counted from today: the coordinator post runs for two financial years from the start of
last year, so whatever the date it has accepted returns, one resubmitted and awaiting review, and
one overdue; this year's decisions were taken in the last three months."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Max
from django.utils import timezone

from waymark.accounts.models import User
from waymark.governance.models import Meeting, MeetingStatus, Risk
from waymark.partners.models import Organisation, Partnership

from . import financial_year, reference, return_schedule
from .decision_flow import OFFICER_LABELS, Officer, State
from .models import (
    STANDARD_CONDITIONS,
    Classification,
    CostLine,
    DecisionReport,
    Fund,
    FundContribution,
    FundingSettings,
    Grant,
    GrantMeasure,
    GrantStatus,
    InKindContribution,
    MatchFunding,
    PerformanceReturn,
    Recurrence,
    ReportingFrequency,
    ReturnReview,
    ReturnStatus,
    ReturnValue,
    ReviewerRole,
    ReviewOutcome,
    SignOff,
    SignOffKind,
    SignOffOutcome,
    StrategicPriority,
    signer_name,
)

COUNTY = "Northshire Anti-Slavery Partnership"
DOMAIN = "northshire.example"
OFFICE = "Office of the Northshire Police and Crime Commissioner"
BOARD = "Northshire Anti-Slavery Strategic Board"
COMMUNITY_SAFETY_FUND = "Community Safety Fund"
NETWORK_FUND = "Northshire Anti-Slavery Network Fund"
REFERENCE_FORMAT = "{number:03}-{yy}"
PRIORITIES = [
    "Protecting vulnerable people",
    "Tackling serious and organised crime",
    "Supporting victims",
    "Partnership working",
]
# The joint pot: four councils at £4,000 each (the fourth has no account in Waymark) and the commissioner.
COUNCILS = ["Northshire County Council", "Kettleford Borough Council", "Marsh Vale District Council"]
FOURTH_COUNCIL = "Fenbridge District Council"
COUNCIL_SHARE = Decimal("4000.00")
COMMISSIONER_SHARE = Decimal("10000.00")

# As the sign-off pages record them (services_decisions); the commissioner's capacity is chosen there.
CAPACITIES: dict[str, str] = {
    SignOffKind.MONITORING_OFFICER: OFFICER_LABELS[Officer.MONITORING_OFFICER],
    SignOffKind.CHIEF_FINANCE_OFFICER: OFFICER_LABELS[Officer.CHIEF_FINANCE_OFFICER],
    SignOffKind.REDACTION: OFFICER_LABELS[Officer.MONITORING_OFFICER],
    SignOffKind.DECISION: "Commissioner",
}
REPORT_BY = "Nadia Rahman, Commissioning and Grants Officer"
ENQUIRIES_TO = f"Nadia Rahman, grants.officer@opcc.{DOMAIN}, 01632 960 700"

# The coordinator post's measures, with a target for each quarter, and what it reported quarter by
# quarter (referrals, people supported, sessions, staff trained, events), with the narrative.
COORDINATOR_MEASURES = [
    ("Referrals received", 15),
    ("People supported", 10),
    ("Training sessions delivered", 4),
    ("Staff trained", 60),
    ("Events held", 1),
]
COORDINATOR_FIGURES = [
    (11, 7, 3, 38, 1),
    (16, 11, 5, 92, 2),
    (19, 12, 4, 71, 1),
    (14, 9, 6, 84, 1),
    (21, 13, 5, 77, 2),
    (18, 12, 4, 66, 1),
    (17, 11, 5, 70, 1),
    (20, 14, 4, 62, 1),
]
COORDINATOR_NARRATIVES = [
    "The coordinator started on 7 April and spent the first weeks meeting each partner. The strategic "
    "board met in June with a new terms of reference, and the operational group now meets monthly. "
    "Training began with three sessions for county council housing and adult social care staff.",
    "Referrals rose as first responders in Kettleford began to use the shared referral pathway. Two "
    "events: a workshop with the integrated care board's safeguarding leads, and the Anti-Slavery Day "
    "seminar at County Hall, which 120 people attended. The spotting-the-signs leaflet was translated "
    "into Polish and Romanian.",
    "A busy quarter for referrals after a police operation at hand car washes in Marsh Vale; the "
    "coordinator helped partners arrange interpreters and safe accommodation for nine men in one week. "
    "The training for GP practice staff was delayed to next quarter by winter pressures.",
    "The GP practice training took place. The board agreed the partnership's Duty to Notify process "
    "for the county council, and the first notifications were made under it. The partnership's "
    "information sharing agreement was signed by every board member.",
    "The highest number of referrals so far, mostly adults exploited for labour in agriculture and "
    "food processing during the picking season. Two events for employers with the Fenwick Growers "
    "Cooperative. The coordinator took part in a regional review of support for survivors who leave "
    "the victim care contract.",
    "Referrals stayed high. The training offer was brought together in one menu, with the Home Office "
    "first responder e-learning for every first responder. One event: the partnership's annual "
    "conference for frontline staff.",
    "Referrals steady. The board reviewed the action plan and closed four actions. The coordinator "
    "supported the new advocate at Harbourlight Trust through induction.",
    "Referrals rose slightly. The coordinator prepared the partnership's annual report for the board "
    "and the commissioner.",
]
OFFICE_QUERY = (
    "The staff trained figure looks high against the number of sessions: does it include the Home Office "
    "e-learning completions? Please say how many were trained in person."
)
RESUBMITTED_NOTE = (
    "\n\nIn answer to the commissioner's office: the staff trained figure includes {extra} people who "
    "completed the Home Office e-learning; the rest were trained in person at the sessions counted."
)


@dataclass
class _People:
    officer: User
    chief_executive: User
    finance_officer: User
    commissioner: User
    deputy: User
    coordinator: User | None
    users: dict[str, User]

    def by_email(self, local: str, domain: str) -> User | None:
        return self.users.get(f"{local}@{domain}.{DOMAIN}")


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _add_months(day: date, months: int) -> date:
    """The first of the month `months` after `day`'s month (the demo starts grants on the 1st)."""
    index = day.month - 1 + months
    return date(day.year + index // 12, index % 12 + 1, 1)


def _schedule(grant: Grant, due_days: int) -> list[PerformanceReturn]:
    """The grant's returns, one for each reporting period, as the agreement's signing creates them."""
    return [
        PerformanceReturn.objects.create(grant=grant, period_start=start, period_end=end, due_on=due)
        for start, end, due in return_schedule.schedule(
            grant.starts_on, grant.ends_on, grant.reporting_frequency, due_days
        )
    ]


def seed_funding(today: date | None = None) -> int:
    """Create the demo funding once; returns how many grants were created (0 if already there)."""
    county = Partnership.objects.filter(name=COUNTY).first()
    if county is None or Fund.objects.filter(partnership=county, name=NETWORK_FUND).exists():
        return 0
    today = today or timezone.localdate()
    organisations = {o.name: o for o in Organisation.objects.all()}
    users = {u.email: u for u in User.objects.filter(email__endswith=DOMAIN)}
    people = _People(
        officer=users[f"grants.officer@opcc.{DOMAIN}"],
        chief_executive=users[f"opcc.ceo@opcc.{DOMAIN}"],
        finance_officer=users[f"opcc.cfo@opcc.{DOMAIN}"],
        commissioner=users[f"commissioner@opcc.{DOMAIN}"],
        deputy=users[f"deputy.commissioner@opcc.{DOMAIN}"],
        coordinator=users.get(f"coordinator@county.{DOMAIN}"),
        users=users,
    )
    funding_settings, _ = FundingSettings.objects.get_or_create(
        partnership=county, defaults={"reference_format": REFERENCE_FORMAT}
    )
    priorities = {}
    for position, name in enumerate(PRIORITIES, start=1):
        priorities[name], _ = StrategicPriority.objects.get_or_create(
            partnership=county, name=name, defaults={"position": position}
        )
    demo = _Demo(county, funding_settings, organisations, people, priorities, today)
    return demo.build()


class _Demo:
    """Builds the records in the order they happened, so reference numbers follow the dates."""

    def __init__(
        self,
        county: Partnership,
        funding_settings: FundingSettings,
        organisations: dict[str, Organisation],
        people: _People,
        priorities: dict[str, StrategicPriority],
        today: date,
    ) -> None:
        self.county = county
        self.settings = funding_settings
        self.organisations = organisations
        self.people = people
        self.priorities = priorities
        self.today = today
        self.year = financial_year.year_of(today)
        self.last_year = self.year - 1
        self.office = organisations[OFFICE]
        self.grants = 0

    # Building blocks

    def fund(self, name: str, start_year: int, **fields: object) -> Fund:
        return Fund.objects.create(
            partnership=self.county,
            name=name,
            owner=self.office,
            start_year=start_year,
            created_by=self.people.officer,
            created_at=_at(financial_year.starts(start_year) - timedelta(days=60), 10),
            **fields,
        )

    def grant(
        self,
        fund: Fund,
        recipient: str,
        *,
        costs: list[tuple[str, str, str]],
        measures: Sequence[tuple[str, int | None]],
        **fields: object,
    ) -> Grant:
        amount = sum((Decimal(cost) for _, cost, _ in costs), Decimal("0.00"))
        grant = Grant.objects.create(
            fund=fund,
            recipient=self.organisations[recipient],
            amount=amount,
            conditions=self.settings.standard_conditions or STANDARD_CONDITIONS,
            created_by=self.people.officer,
            **fields,
        )
        for description, cost, note in costs:
            CostLine.objects.create(grant=grant, description=description, amount=Decimal(cost), note=note)
        for position, (name, target) in enumerate(measures, start=1):
            GrantMeasure.objects.create(grant=grant, name=name, target=target, position=position)
        self.grants += 1
        return grant

    def report(
        self, grant: Grant, report_date: date, *, priorities: list[str], title: str = "", **fields: object
    ) -> DecisionReport:
        year = report_date.year
        last = DecisionReport.objects.filter(partnership=self.county, year=year).aggregate(Max("number"))
        # The office's other decisions fall between the partnership's: numbers go up in steps.
        number = (last["number__max"] or 8) + 3
        report = DecisionReport.objects.create(
            partnership=self.county,
            grant=grant,
            number=number,
            year=year,
            reference=reference.make(self.settings.reference_format, number=number, year=year),
            title=title or f"Grant to {grant.recipient.name}: {grant.title}",
            report_by=REPORT_BY,
            report_date=report_date,
            enquiries_to=ENQUIRIES_TO,
            created_by=self.people.officer,
            created_at=_at(report_date, 9),
            updated_at=_at(report_date, 9),
            **fields,
        )
        report.strategic_priorities.set([self.priorities[name] for name in priorities])
        meetings = Meeting.objects.filter(
            group__partnership=self.county,
            group__name=BOARD,
            status=MeetingStatus.HELD,
            starts_at__lt=_at(report_date, 0),
            starts_at__gte=_at(report_date - timedelta(days=120), 0),
        )
        report.governance_meetings.set(meetings)
        return report

    def sign(
        self,
        report: DecisionReport,
        kind: str,
        outcome: str,
        user: User,
        day: date,
        comments: str = "",
        *,
        capacity: str = "",
    ) -> SignOff:
        signed_at = _at(day, 11, 30)
        capacity = capacity or CAPACITIES[kind]
        return SignOff.objects.create(
            report=report,
            kind=kind,
            outcome=outcome,
            user=user,
            name=signer_name(user),
            capacity=capacity,
            signed_at=signed_at,
            comments=comments,
            two_factor_checked_at=signed_at - timedelta(seconds=40),
        )

    def approve_and_decide(
        self,
        report: DecisionReport,
        day: date,
        *,
        agree: bool = True,
        reasons: str = "",
        decided_by: User | None = None,
        state: str | None = None,
        **publication: object,
    ) -> None:
        """Both officers approve a week apart, then the commissioner (or deputy) decides a week later."""
        p = self.people
        self.sign(report, SignOffKind.MONITORING_OFFICER, SignOffOutcome.APPROVED, p.chief_executive, day)
        self.sign(
            report,
            SignOffKind.CHIEF_FINANCE_OFFICER,
            SignOffOutcome.APPROVED,
            p.finance_officer,
            day + timedelta(days=2),
        )
        decided_on = day + timedelta(days=7)
        decider = decided_by or p.commissioner
        self.sign(
            report,
            SignOffKind.DECISION,
            SignOffOutcome.AGREED if agree else SignOffOutcome.DISAGREED,
            decider,
            decided_on,
            comments=reasons,
            capacity="Deputy commissioner" if decider == p.deputy else "Commissioner",
        )
        report.decision_reasons = reasons
        report.decided_at = _at(decided_on, 11, 30)
        report.state = state or (State.AGREED if agree else State.DISAGREED)
        for field, value in publication.items():
            setattr(report, field, value)
        report.updated_at = report.decided_at
        report.save()

    def publish(self, report: DecisionReport, day: date) -> None:
        report.publish = True
        report.state = State.PUBLISHED
        report.published_at = _at(day, 14)
        report.updated_at = report.published_at
        report.save()

    def accept(self, performance_return: PerformanceReturn, scrutineer: User | None, day: date) -> None:
        """The scrutineer and then the commissioner's office accept, three days apart."""
        if scrutineer is not None:
            ReturnReview.objects.create(
                performance_return=performance_return,
                reviewer_role=ReviewerRole.SCRUTINEER,
                outcome=ReviewOutcome.ACCEPTED,
                comments="Good progress; the figures match the board's report.",
                by=scrutineer,
                at=_at(day, 16),
            )
            performance_return.scrutineer_accepted_at = _at(day, 16)
        ReturnReview.objects.create(
            performance_return=performance_return,
            reviewer_role=ReviewerRole.OFFICE,
            outcome=ReviewOutcome.ACCEPTED,
            by=self.people.officer,
            at=_at(day + timedelta(days=3), 10),
        )
        performance_return.office_accepted_at = _at(day + timedelta(days=3), 10)
        performance_return.status = ReturnStatus.ACCEPTED
        performance_return.save()

    def submit(
        self, performance_return: PerformanceReturn, values: dict[GrantMeasure, int], narrative: str, day: date
    ) -> None:
        performance_return.narrative = narrative
        performance_return.submitted_by = self.people.coordinator or self.people.officer
        performance_return.submitted_at = _at(day, 15)
        performance_return.status = ReturnStatus.SUBMITTED
        performance_return.save()
        for measure, value in values.items():
            ReturnValue.objects.update_or_create(
                performance_return=performance_return, measure=measure, defaults={"value": value}
            )

    # The story, in date order

    def build(self) -> int:
        csf_last, network_last = self.last_years_funds()
        self.coordinator_post(csf_last)
        self.network_last_year(network_last)
        self.awareness_campaign(csf_last)
        csf, network = self.this_years_funds(csf_last, network_last)
        self.advocate_post(csf)
        self.network_this_year(network)
        self.reporting_app(csf)
        self.victim_navigator(csf)
        self.worker_outreach(csf)
        return self.grants

    def contributions(self, fund: Fund, received_on: date | None) -> None:
        for name in COUNCILS:
            FundContribution.objects.create(
                fund=fund, contributor=self.organisations[name], amount=COUNCIL_SHARE, received_on=received_on
            )
        FundContribution.objects.create(
            fund=fund,
            contributor_name=FOURTH_COUNCIL,
            amount=COUNCIL_SHARE,
            received_on=received_on if fund.start_year < self.year else None,
            note="Invoiced; payment expected after the council's budget meeting."
            if fund.start_year == self.year
            else "",
        )
        FundContribution.objects.create(
            fund=fund,
            contributor=self.office,
            amount=COMMISSIONER_SHARE,
            received_on=received_on,
            note="The commissioner's share, from the Community Safety Fund budget.",
        )

    def last_years_funds(self) -> tuple[Fund, Fund]:
        label = financial_year.label(self.last_year)
        csf = self.fund(
            COMMUNITY_SAFETY_FUND,
            self.last_year,
            opening_budget=Decimal("90000.00"),
            reserve_brought_forward=Decimal("7250.00"),
            description=f"The commissioner's Community Safety Fund allocation for tackling modern slavery in "
            f"Northshire, {label}. The reserve was brought forward from {financial_year.label(self.last_year - 1)}.",
        )
        network = self.fund(
            NETWORK_FUND,
            self.last_year,
            description="A joint pot for the county's anti-slavery network: the four councils contribute "
            "£4,000 each and the commissioner £10,000. Held by the commissioner's office.",
        )
        self.contributions(network, date(self.last_year, 5, 15))
        return csf, network

    def this_years_funds(self, csf_last: Fund, network_last: Fund) -> tuple[Fund, Fund]:
        label = financial_year.label(self.year)
        csf = self.fund(
            COMMUNITY_SAFETY_FUND,
            self.year,
            opening_budget=Decimal("60000.00"),
            reserve_brought_forward=csf_last.position().carry_forward,
            brought_forward_from=csf_last,
            description=f"The commissioner's Community Safety Fund allocation for tackling modern slavery in "
            f"Northshire, {label}. The second year of the coordinator post was committed last year.",
        )
        network = self.fund(
            NETWORK_FUND,
            self.year,
            reserve_brought_forward=network_last.position().carry_forward,
            brought_forward_from=network_last,
            description=network_last.description,
        )
        self.contributions(network, date(self.year, 5, 15) if self.today >= date(self.year, 5, 15) else None)
        return csf, network

    def coordinator_post(self, fund: Fund) -> None:
        """Two years from the start of last year: active, with its returns and the published report."""
        p = self.people
        starts_on, ends_on = financial_year.starts(self.last_year), financial_year.ends(self.year)
        first, second = financial_year.label(self.last_year), financial_year.label(self.year)
        scrutineer = p.by_email("superintendent", "police")
        grant = self.grant(
            fund,
            "Northshire County Council",
            title="Anti-Slavery Partnership Coordinator post",
            purpose="A full-time coordinator for the Northshire Anti-Slavery Partnership, hosted by Northshire "
            "County Council: runs the strategic board and the operational group, keeps the county's referral "
            "pathway up to date, leads the training offer and brings the frontline network together.",
            costs=[
                (f"Salary, {first}", "26000.00", ""),
                (f"On-costs, {first}", "8000.00", "including travel, pension and management"),
                (f"Salary, {second}", "26000.00", ""),
                (f"On-costs, {second}", "8000.00", "including travel, pension and management"),
            ],
            measures=COORDINATOR_MEASURES,
            starts_on=starts_on,
            ends_on=ends_on,
            recurrence=Recurrence.RECURRING,
            status=GrantStatus.ACTIVE,
            reporting_frequency=ReportingFrequency.QUARTERLY,
            sustainability_plan="From the third year the partners intend to share the cost of the post. The "
            f"board will agree contributions from the three councils, the integrated care board and the "
            f"commissioner by December {self.year}, so that the post continues without a gap.",
            scrutineer=scrutineer,
            agreement_signed_on=date(self.last_year, 3, 28),
            created_at=_at(date(self.last_year, 2, 24), 10),
        )
        MatchFunding.objects.create(
            grant=grant,
            source="Northshire County Council public health budget",
            amount=Decimal("12000.00"),
            confirmed=True,
        )
        MatchFunding.objects.create(
            grant=grant, source="Northshire Community Foundation", amount=Decimal("3500.00"), confirmed=False
        )
        InKindContribution.objects.create(
            grant=grant,
            provider="Northshire County Council",
            description="Office accommodation at County Hall, with IT and a telephone",
            estimated_value=Decimal("4200.00"),
        )
        InKindContribution.objects.create(
            grant=grant,
            provider="Northshire County Council",
            description="Administrative support from the business support team, one day a week",
            estimated_value=Decimal("5800.00"),
        )
        report = self.report(
            grant,
            date(self.last_year, 3, 3),
            priorities=["Protecting vulnerable people", "Supporting victims", "Partnership working"],
            title=f"Northshire Anti-Slavery Partnership Coordinator post, {first} and {second}",
            area_affected="Countywide",
            stakeholders_affected="Northshire County Council, Kettleford Borough Council, Marsh Vale District "
            "Council, Northshire Police, Northshire Integrated Care Board, Harbourlight Trust and the "
            "partnership's voluntary and community members; survivors of modern slavery in Northshire.",
            **coordinator_sections(self.last_year, self.year),
        )
        self.approve_and_decide(
            report,
            date(self.last_year, 3, 6),
            redacted_sections=["staffing_implications"],
            redaction_details="Section 11 (staffing implications) is redacted: it gives the grade, pay point and "
            "contract terms of a post held by one identifiable person, which is their personal data (exempt "
            "under section 40(2) of the Freedom of Information Act 2000).",
        )
        self.sign(
            report,
            SignOffKind.REDACTION,
            SignOffOutcome.REDACTION_SIGNED_OFF,
            p.chief_executive,
            date(self.last_year, 3, 18),
            comments="The redaction is limited to the personal information; the rest of the report is published.",
        )
        self.publish(report, date(self.last_year, 3, 18))

        returns = _schedule(grant, self.settings.return_due_days)
        measures = list(grant.measures.order_by("position"))
        due = [r for r in returns if r.due_on < self.today]
        # Accepted, then one resubmitted after a query and awaiting review, then one overdue.
        for index, performance_return in enumerate(due[:-1]):
            figures = dict(zip(measures, COORDINATOR_FIGURES[index], strict=True))
            narrative = COORDINATOR_NARRATIVES[index]
            self.submit(performance_return, figures, narrative, performance_return.due_on - timedelta(days=4))
            queried = index == 1 or performance_return is due[-2]
            if queried:
                self.query(performance_return, performance_return.due_on + timedelta(days=8))
                resubmitted_on = (
                    self.today - timedelta(days=6)
                    if performance_return is due[-2]
                    else performance_return.due_on + timedelta(days=15)
                )
                extra = figures[measures[3]] // 3
                self.submit(
                    performance_return, figures, narrative + RESUBMITTED_NOTE.format(extra=extra), resubmitted_on
                )
                if performance_return is due[-2]:
                    continue
                self.accept(performance_return, scrutineer, resubmitted_on + timedelta(days=3))
            else:
                self.accept(performance_return, scrutineer, performance_return.due_on + timedelta(days=6))

    def query(self, performance_return: PerformanceReturn, day: date) -> None:
        ReturnReview.objects.create(
            performance_return=performance_return,
            reviewer_role=ReviewerRole.OFFICE,
            outcome=ReviewOutcome.QUERIED,
            comments=OFFICE_QUERY,
            by=self.people.officer,
            at=_at(day, 10),
        )
        performance_return.status = ReturnStatus.QUERIED
        performance_return.save()

    def closed_grant_return(self, grant: Grant, values: list[int], narrative: str, scrutineer: User | None) -> None:
        """One return at the end of the grant, in and accepted before the grant closed."""
        (performance_return,) = _schedule(grant, self.settings.return_due_days)
        measures = list(grant.measures.order_by("position"))
        self.submit(
            performance_return,
            dict(zip(measures, values, strict=True)),
            narrative,
            grant.ends_on + timedelta(days=12),
        )
        self.accept(performance_return, scrutineer, grant.ends_on + timedelta(days=18))

    def network_last_year(self, fund: Fund) -> None:
        label = financial_year.label(self.last_year)
        scrutineer = self.people.by_email("icb.safeguarding", "icb")
        grant = self.grant(
            fund,
            "Northshire County Council",
            title=f"Anti-slavery network programme {label}",
            purpose="Events, training, interpreting and survivors' expenses for the county's anti-slavery "
            "network, run by the partnership coordinator on behalf of the partners.",
            costs=[
                ("Network events and venue hire", "6000.00", ""),
                ("Training for frontline staff", "9000.00", "trainers and materials"),
                ("Interpreting and translation", "5000.00", ""),
                ("Survivor advisers' payments and expenses", "4000.00", ""),
            ],
            measures=[("Events held", 4), ("Training sessions delivered", 8), ("Staff trained", 150)],
            starts_on=date(self.last_year, 5, 1),
            ends_on=date(self.year, 3, 1) - timedelta(days=1),
            recurrence=Recurrence.RECURRING,
            status=GrantStatus.CLOSED,
            reporting_frequency=ReportingFrequency.END_OF_GRANT,
            scrutineer=scrutineer,
            agreement_signed_on=date(self.last_year, 4, 28),
            created_at=_at(date(self.last_year, 3, 30), 10),
        )
        report = self.report(
            grant,
            date(self.last_year, 4, 7),
            priorities=["Partnership working", "Protecting vulnerable people"],
            title=f"Northshire Anti-Slavery Network programme {label}",
            area_affected="Countywide",
            stakeholders_affected="The partners contributing to the joint pot; frontline staff across Northshire.",
            **network_last_year_sections(self.last_year),
        )
        self.approve_and_decide(report, date(self.last_year, 4, 10))
        self.publish(report, date(self.last_year, 4, 24))
        self.closed_grant_return(
            grant,
            [5, 11, 214],
            "Five network events, including the Anti-Slavery Day seminar. Eleven training sessions reached 214 "
            "frontline staff. Interpreting was used for 37 appointments. £1,150 was not spent, because two "
            "survivor advisers preferred to volunteer, and is returned to the pot.",
            scrutineer,
        )
        grant.underspend_returned = Decimal("1150.00")
        grant.closed_on = grant.ends_on + timedelta(days=28)
        grant.save()

    def awareness_campaign(self, fund: Fund) -> None:
        grant = self.grant(
            fund,
            "Harbourlight Trust",
            title=f"Anti-Slavery Day awareness campaign {self.last_year}",
            purpose="A six-week campaign around Anti-Slavery Day (18 October): posters and leaflets in five "
            "languages, a seminar for employers and frontline staff, and outreach at markets and bus stations.",
            costs=[
                ("Design, printing and translation", "4200.00", "five languages"),
                ("Advertising on buses and at bus stations", "3300.00", ""),
                ("Seminar venue and speakers", "2000.00", ""),
            ],
            measures=[("Events held", 6), ("Staff trained", 100)],
            starts_on=date(self.last_year, 9, 1),
            ends_on=date(self.last_year, 11, 30),
            recurrence=Recurrence.ONE_OFF,
            status=GrantStatus.CLOSED,
            reporting_frequency=ReportingFrequency.END_OF_GRANT,
            scrutineer=self.people.coordinator,
            agreement_signed_on=date(self.last_year, 8, 14),
            created_at=_at(date(self.last_year, 6, 20), 10),
        )
        report = self.report(
            grant,
            date(self.last_year, 7, 1),
            priorities=["Protecting vulnerable people"],
            title=f"Anti-Slavery Day awareness campaign {self.last_year}",
            area_affected="Countywide",
            stakeholders_affected="Residents, employers and frontline staff in Northshire.",
            **awareness_sections(),
        )
        self.approve_and_decide(report, date(self.last_year, 7, 8))
        self.publish(report, date(self.last_year, 7, 22))
        self.closed_grant_return(
            grant,
            [8, 126],
            "Eight events, including the seminar at County Hall, stalls at Kettleford and Marsh Vale markets and "
            "three evening sessions at bus stations. 126 staff from partner organisations attended the seminar. "
            "The helpline reported more calls from Northshire in the six weeks of the campaign. Printing cost "
            "less than quoted; the £640 not spent is returned.",
            self.people.coordinator,
        )
        grant.underspend_returned = Decimal("640.00")
        grant.closed_on = grant.ends_on + timedelta(days=46)
        grant.save()

    def advocate_post(self, fund: Fund) -> None:
        """Agreed a few weeks ago, agreement signed, starting next month; publication still to decide."""
        p = self.people
        starts_on = _add_months(self.today, 1)
        grant = self.grant(
            fund,
            "Harbourlight Trust",
            title="Independent Modern Slavery Advocate post",
            purpose="An independent advocate at Harbourlight Trust for adult survivors of modern slavery in "
            "Northshire, especially those waiting for a decision and those leaving the victim care contract.",
            costs=[
                ("Advocate salary", "28500.00", ""),
                ("On-costs", "6500.00", "including travel, pension and management"),
                ("Clinical supervision and training", "1500.00", ""),
            ],
            measures=[("Referrals received", 15), ("People supported", 12)],
            starts_on=starts_on,
            ends_on=_add_months(starts_on, 12) - timedelta(days=1),
            recurrence=Recurrence.ONE_OFF,
            status=GrantStatus.AGREEMENT_SIGNED,
            sustainability_plan="Harbourlight Trust will apply to national trusts for the second year, with the "
            "first year's results, and the partnership will consider the post in its next strategy.",
            scrutineer=p.by_email("safeguarding.lead", "county"),
            agreement_signed_on=self.today - timedelta(days=20),
            created_at=_at(self.today - timedelta(days=80), 10),
        )
        MatchFunding.objects.create(
            grant=grant, source="Harbourlight Trust reserves", amount=Decimal("4000.00"), confirmed=True
        )
        InKindContribution.objects.create(
            grant=grant,
            provider="Harbourlight Trust",
            description="Interview rooms at the Harbourlight centre in Kettleford",
            estimated_value=Decimal("2500.00"),
        )
        report = self.report(
            grant,
            self.today - timedelta(days=75),
            priorities=["Supporting victims", "Protecting vulnerable people"],
            area_affected="Countywide",
            stakeholders_affected="Adult survivors of modern slavery in Northshire; Harbourlight Trust; the "
            "councils' adult social care and housing teams.",
            **advocate_sections(),
        )
        report.risks.set(Risk.objects.filter(partnership=self.county, reference="R03"))
        self.approve_and_decide(report, self.today - timedelta(days=66))
        _schedule(grant, self.settings.return_due_days)

    def network_this_year(self, fund: Fund) -> None:
        """Approved, agreement not yet signed; published with a redaction awaiting sign-off."""
        starts_on = _add_months(self.today, 1)
        grant = self.grant(
            fund,
            "Northshire County Council",
            title=f"Anti-slavery network programme from {starts_on:%B %Y}",
            purpose="Events, training, interpreting, survivors' expenses and awareness materials for the county's "
            "anti-slavery network, run by the partnership coordinator on behalf of the partners.",
            costs=[
                ("Network events and venue hire", "6500.00", ""),
                ("Training for frontline staff", "9000.00", "trainers and materials"),
                ("Interpreting and translation", "4500.00", ""),
                ("Survivor advisers' payments and expenses", "3000.00", ""),
                ("Awareness materials", "3000.00", "five languages"),
            ],
            measures=[("Events held", 1), ("Training sessions delivered", 3), ("Staff trained", 40)],
            starts_on=starts_on,
            ends_on=_add_months(starts_on, 12) - timedelta(days=1),
            recurrence=Recurrence.RECURRING,
            status=GrantStatus.APPROVED,
            scrutineer=self.people.by_email("icb.safeguarding", "icb"),
            created_at=_at(self.today - timedelta(days=74), 10),
        )
        report = self.report(
            grant,
            self.today - timedelta(days=70),
            priorities=["Partnership working", "Tackling serious and organised crime"],
            title=f"Northshire Anti-Slavery Network programme from {starts_on:%B %Y}",
            area_affected="Countywide",
            stakeholders_affected="The partners contributing to the joint pot; frontline staff across Northshire.",
            **network_sections(),
        )
        self.approve_and_decide(
            report,
            self.today - timedelta(days=62),
            state=State.REDACTION_PENDING,
            publish=True,
            redacted_sections=["police_operational_implications"],
            redaction_details="Section 8 (police operational implications) is redacted: it names a current police "
            "operation and the places it concerns; publishing it could prejudice the prevention or detection of "
            "crime (section 31 of the Freedom of Information Act 2000).",
        )

    def reporting_app(self, fund: Fund) -> None:
        """Disagreed by the deputy commissioner with reasons; the grant is declined; not published."""
        grant = self.grant(
            fund,
            "Fenwick Growers Cooperative",
            title="Reporting app for seasonal workers",
            purpose="A smartphone app for seasonal workers on the cooperative's member farms to report concerns "
            "about their work and accommodation, in six languages.",
            costs=[
                ("App design and development", "11000.00", "external developer"),
                ("Translation", "2000.00", "six languages"),
                ("Promotion to workers", "2000.00", ""),
            ],
            measures=[("Referrals received", None)],
            starts_on=_add_months(self.today, 1),
            ends_on=_add_months(self.today, 13) - timedelta(days=1),
            recurrence=Recurrence.ONE_OFF,
            status=GrantStatus.DECLINED,
            created_at=_at(self.today - timedelta(days=64), 10),
        )
        report = self.report(
            grant,
            self.today - timedelta(days=60),
            priorities=["Tackling serious and organised crime"],
            classification=Classification.OFFICIAL_SENSITIVE,
            area_affected="Marsh Vale",
            stakeholders_affected="Seasonal workers on the cooperative's member farms; the cooperative's members.",
            **reporting_app_sections(),
        )
        self.approve_and_decide(
            report,
            self.today - timedelta(days=50),
            agree=False,
            decided_by=self.people.deputy,
            reasons=DISAGREEMENT,
        )
        report.publish = False
        report.reason_not_published = (
            "The report is classified OFFICIAL-SENSITIVE: it contains commercially confidential information "
            "about a named business's workforce, recruitment and costs. The decision and its reasons are "
            "summarised in the commissioner's annual report."
        )
        report.state = State.NOT_PUBLISHED
        report.save()

    def victim_navigator(self, fund: Fund) -> None:
        """Sent for sign-off; the chief finance officer has approved, the monitoring officer has not yet."""
        grant = self.grant(
            fund,
            "Northshire Victims' Hub",
            title="Modern slavery victim care navigator",
            purpose="A part-time navigator at the Victims' Hub who helps survivors of modern slavery who report a "
            "crime to the police through the criminal justice process, from first statement to trial.",
            costs=[
                ("Navigator salary (0.8 full-time equivalent)", "17500.00", ""),
                ("On-costs", "4500.00", "including travel, pension and management"),
            ],
            measures=[("Referrals received", 8), ("People supported", 8)],
            starts_on=_add_months(self.today, 2),
            ends_on=_add_months(self.today, 14) - timedelta(days=1),
            recurrence=Recurrence.ONE_OFF,
            status=GrantStatus.PROPOSED,
            scrutineer=self.people.by_email("safeguarding.lead", "county"),
            created_at=_at(self.today - timedelta(days=18), 10),
        )
        report = self.report(
            grant,
            self.today - timedelta(days=14),
            priorities=["Supporting victims", "Tackling serious and organised crime"],
            area_affected="Countywide",
            stakeholders_affected="Survivors of modern slavery who report to the police; Northshire Police; the "
            "Crown Prosecution Service; Northshire Victims' Hub.",
            **navigator_sections(),
        )
        report.risks.set(Risk.objects.filter(partnership=self.county, reference="R03"))
        self.sign(
            report,
            SignOffKind.CHIEF_FINANCE_OFFICER,
            SignOffOutcome.APPROVED,
            self.people.finance_officer,
            self.today - timedelta(days=5),
            comments="Affordable within the fund's remaining balance. No liability beyond the grant period.",
        )
        report.state = State.AWAITING_SIGN_OFF
        report.save()

    def worker_outreach(self, fund: Fund) -> None:
        """A new proposal: its decision report is a draft with every required section written."""
        grant = self.grant(
            fund,
            "Northshire Polish and Romanian Welcome Group",
            title="Outreach to seasonal and agency workers",
            purpose="Outreach by two part-time workers who speak Polish, Romanian and Bulgarian to seasonal and "
            "agency workers at farms, packhouses and food factories in Northshire: rights at work, the signs "
            "of exploitation, and how to get help safely.",
            costs=[
                ("Outreach workers (two, part-time, sessional)", "8400.00", ""),
                ("Interpreting and translated materials", "2100.00", ""),
                ("Travel to farms and packhouses", "1500.00", ""),
            ],
            measures=[("Events held", 6), ("People supported", 20), ("Referrals received", None)],
            starts_on=_add_months(self.today, 3),
            ends_on=_add_months(self.today, 15) - timedelta(days=1),
            recurrence=Recurrence.ONE_OFF,
            status=GrantStatus.PROPOSED,
            scrutineer=self.people.coordinator,
            created_at=_at(self.today - timedelta(days=4), 10),
        )
        self.report(
            grant,
            self.today - timedelta(days=3),
            priorities=["Protecting vulnerable people", "Tackling serious and organised crime"],
            area_affected="Countywide, mainly Marsh Vale and rural Kettleford",
            stakeholders_affected="Seasonal and agency workers; farms, packhouses and labour providers; the "
            "Northern Labour Standards Unit; Northshire Police.",
            **outreach_sections(),
        )


# The decision reports' text: paragraphs separated by blank lines.


def coordinator_sections(first_year: int, second_year: int) -> dict[str, str]:
    first, second = financial_year.label(first_year), financial_year.label(second_year)
    start, end = _day(financial_year.starts(first_year)), _day(financial_year.ends(second_year))
    return {
        "executive_summary": f"This report asks the commissioner to fund the Northshire Anti-Slavery Partnership "
        f"Coordinator post for two years, from {start} to {end}, at £34,000 a year (£68,000 in all) from the "
        "Community Safety Fund. The post is hosted by Northshire County Council, which adds match funding, "
        "office accommodation and administrative support.\n\n"
        "The coordinator will run the partnership day to day: its strategic board and operational group, the "
        "county's referral pathway, the training offer, and the network of frontline partners.",
        "recommendations": f"1. The commissioner agrees a grant of £68,000 to Northshire County Council for the "
        f"Anti-Slavery Partnership Coordinator post, £34,000 in each of {first} and {second}, from the Community "
        f"Safety Fund {first}.\n\n"
        "2. The grant is made under the commissioner's standard funding agreement, with quarterly performance "
        "returns on the five measures in section 4, scrutinised by a member of the strategic board.",
        "background": "In the last full year, first responders in Northshire referred 164 potential victims of "
        "modern slavery into the National Referral Mechanism (NRM), up from 121 the year before. Labour "
        "exploitation in agriculture, food processing and hand car washes accounts for about half of the "
        "adults referred; criminal exploitation through county lines accounts for most of the children.\n\n"
        "The partnership began in 2019 as a voluntary network. Its own review last year found that "
        "coordination depended on the goodwill of a few officers, that the board met irregularly, and that "
        "nobody owned the training offer or the referral pathway. The board asked the commissioner to fund a "
        "dedicated coordinator.",
        "proposal_and_benefits": "The coordinator, full time and employed by Northshire County Council, will run "
        "the strategic board, the operational group and task and finish groups; keep the county's referral "
        "pathway and Duty to Notify process up to date and help first responders with difficult referrals; "
        "lead the training offer, so that every first responder organisation has trained staff; and bring the "
        "frontline network together at regular events.\n\n"
        "The coordinator will report each quarter on referrals received, people supported, training sessions "
        "delivered, staff trained and events held.\n\n"
        "The benefits are faster and more consistent referrals, fewer survivors lost between agencies, trained "
        "first responders in every partner organisation, and one point of contact for the Home Office, the "
        "police Modern Slavery Unit and the voluntary sector.",
        "options_considered": "Option 1, do nothing: rejected. Coordination would continue to depend on goodwill, "
        "and the partnership's review found that this leaves survivors waiting between agencies.\n\n"
        "Option 2, fund the post for one year only: rejected. A one-year post is hard to recruit to and would "
        "end just as the work began to take effect.\n\n"
        "Option 3, share a coordinator with a neighbouring county: rejected. Northshire's referrals alone "
        "justify a full-time post, and the partners want a coordinator who knows local services.\n\n"
        "Option 4, fund the post for two years, with match funding and support in kind from the county "
        "council: recommended.",
        "consultation": "The proposal was developed with the partnership's strategic board, which supported it "
        "unanimously at its January meeting. Northshire Police's Modern Slavery Unit, the three councils, the "
        "integrated care board and Harbourlight Trust were consulted; all support it.\n\n"
        "Survivors who advise Harbourlight Trust's service were asked what would help most. They asked for "
        "fewer repeated interviews and a named person who knows the whole system.",
        "strategic_links": "The post serves three priorities of the Police and Crime Plan: protecting vulnerable "
        "people, by finding and referring more victims; supporting victims, by making the pathway work for "
        "them; and partnership working, which is the post's purpose.",
        "police_operational_implications": "None for police resources. The coordinator will work with the Modern "
        "Slavery Unit's single point of contact and attend the operational group, which shares information "
        "under the partnership's information sharing agreement.",
        "financial_notes": "£34,000 in each year: salary £26,000 and on-costs £8,000, including travel, pension "
        "and management. The second year's £34,000 is committed from this fund, so it is not carried forward "
        f"as free reserve into {second}.\n\n"
        "Northshire County Council adds £6,000 a year towards the post and provides office accommodation and "
        "administrative support in kind. A bid to the Northshire Community Foundation for £3,500 towards "
        "training materials is awaiting a decision.",
        "legal_implications": "The commissioner may award crime and disorder reduction grants under section 9 of "
        "the Police Reform and Social Responsibility Act 2011, on such conditions as the commissioner thinks "
        "appropriate. The grant will be made under the commissioner's standard funding agreement. The partners' "
        "duties under section 52 of the Modern Slavery Act 2015 (the Duty to Notify) are unchanged.",
        "staffing_implications": "The post is graded at Northshire County Council grade 9, spinal point 31, on a "
        f"fixed-term contract to {end} with the council's standard terms. The post-holder was appointed after "
        "open competition and is line managed by the council's head of community safety. The commissioner's "
        "office employs nobody under this grant.\n\n"
        "If the post is not funded after the grant, the council will follow its redeployment procedure; any "
        "redundancy costs fall to the council, as the funding agreement states.",
        "equality_implications": "Many victims of modern slavery in Northshire come from outside the UK and speak "
        "little English. The coordinator will make sure the pathway and the training include interpreters, and "
        "that materials are available in the languages most often needed (Polish, Romanian, Vietnamese and "
        "Albanian).\n\n"
        "An equality impact assessment found no negative impact on any group with a protected characteristic.",
        "risks_and_mitigations": "Recruitment is delayed: the council can second an existing officer while it "
        "recruits.\n\n"
        "The partnership comes to depend on one person: the coordinator keeps the partnership's records in "
        "Waymark, so that the work can be picked up by someone else.\n\n"
        "Partners step back once a coordinator is in post: the board keeps each partner's commitments in its "
        "action plan and reviews them every quarter.",
        "governance_notes": "Reviewed by the Northshire Anti-Slavery Strategic Board in January and by the "
        "commissioner's Strategic Policing and Crime Board in February.",
        "future_plans": "The post supports the partnership's three-year strategy and the commissioner's plan for "
        f"victims' services. Before the end of the grant the board will report on the post's impact, and the "
        f"partners will consider sharing its cost from {financial_year.label(second_year + 1)}.",
        "background_papers": "Northshire Anti-Slavery Partnership review (published on the partnership's "
        "website).\n\n"
        "Appendix A: job description for the coordinator post.\n\n"
        "Appendix B: equality impact assessment.",
    }


def network_last_year_sections(year: int) -> dict[str, str]:
    label = financial_year.label(year)
    return {
        "executive_summary": f"This report asks the commissioner to agree a grant of £24,000 from the joint "
        f"Northshire Anti-Slavery Network Fund for {label} to Northshire County Council, which runs the "
        "network's programme of events, training and interpreting on the partners' behalf.",
        "recommendations": "The commissioner agrees a grant of £24,000 from the Northshire Anti-Slavery Network "
        "Fund to Northshire County Council for the network programme, with one report at the end of the grant.",
        "background": "The four councils and the commissioner agreed to pool their contributions to the county's "
        "anti-slavery network in one fund, held by the commissioner's office, so that the network has one "
        "budget and one set of reports.",
        "proposal_and_benefits": "Four network events, including the Anti-Slavery Day seminar; eight training "
        "sessions for frontline staff; interpreting for survivors at appointments; and payments for survivors "
        "who advise the partnership. Frontline staff across the county get the same training and the same "
        "information, wherever they work.",
        "options_considered": "Each council to fund its own events and training: rejected, as it duplicated "
        "effort and left the smaller councils with little to offer.",
    }


def awareness_sections() -> dict[str, str]:
    return {
        "executive_summary": "This report asks the commissioner to fund a six-week awareness campaign around "
        "Anti-Slavery Day, run by Harbourlight Trust, at a cost of £9,500 from the Community Safety Fund.",
        "recommendations": "The commissioner agrees a one-off grant of £9,500 to Harbourlight Trust for the "
        "Anti-Slavery Day awareness campaign.",
        "background": "Few referrals in Northshire come from members of the public. The partnership's survey of "
        "residents found that fewer than one in five could name a sign of modern slavery or knew where to "
        "report a concern.",
        "proposal_and_benefits": "Posters and leaflets in English, Polish, Romanian, Vietnamese and Albanian; "
        "advertising on buses and at bus stations; a seminar for employers and frontline staff; and outreach "
        "at markets. More residents and workers will know the signs and how to report safely.",
        "options_considered": "A campaign on social media only: rejected, as it would not reach the workers most "
        "at risk, many of whom have limited access to the internet.",
    }


def advocate_sections() -> dict[str, str]:
    return {
        "executive_summary": "This report asks the commissioner to fund an Independent Modern Slavery Advocate at "
        "Harbourlight Trust for twelve months, at a cost of £36,500 from the Community Safety Fund.\n\n"
        "The advocate will support adult survivors in Northshire who are waiting for a decision on their "
        "referral, or who have left the national victim care contract, so that nobody is left without help.",
        "recommendations": "1. The commissioner agrees a one-off grant of £36,500 to Harbourlight Trust for an "
        "Independent Modern Slavery Advocate for twelve months.\n\n"
        "2. The grant is made under the standard funding agreement, with quarterly returns on referrals "
        "received and people supported.",
        "background": "Harbourlight Trust's advocacy has been funded by a national trust whose grant ends in "
        "March; the partnership's risk register records this as an issue (R03). Last year Harbourlight's two "
        "caseworkers supported 74 adults; 21 of them had left the victim care contract and had nowhere else to "
        "turn.\n\n"
        "Survivors who leave the contract often lose their accommodation and their link to services at the "
        "same time, and some are exploited again.",
        "proposal_and_benefits": "The advocate will take referrals from any partner, help survivors with housing, "
        "benefits, health and immigration advice, and stay with them through the move out of the victim care "
        "contract. Each survivor will have one person to contact.\n\n"
        "The benefits are fewer survivors re-exploited, fewer emergency housing placements, and better "
        "evidence for prosecutions, because survivors who are supported are more able to give it.",
        "options_considered": "Do nothing: rejected, as survivors leaving the contract would have no support in "
        "Northshire.\n\n"
        "Ask the councils' adult social care teams to support them: rejected. Most of these survivors do not "
        "have care and support needs under the Care Act 2014, and the teams do not have the specialist "
        "knowledge.",
        "consultation": "The strategic board supported the proposal. Survivors who advise Harbourlight Trust "
        "helped write the advocate's job description.",
        "strategic_links": "Supporting victims, and protecting vulnerable people from exploitation again.",
        "financial_notes": "Harbourlight Trust adds £4,000 from its reserves and the use of its interview rooms. "
        "The grant is for one year only; there is no liability beyond the grant period.",
        "legal_implications": "A crime and disorder reduction grant under section 9 of the Police Reform and "
        "Social Responsibility Act 2011, under the standard funding agreement.",
        "equality_implications": "Most survivors supported will be men aged 20 to 45 from outside the UK. The "
        "advocate will use interpreters, and Harbourlight Trust will offer a female advocate to any woman who "
        "asks for one.",
        "risks_and_mitigations": "The post is hard to fill: Harbourlight Trust has a trained caseworker ready to "
        "step up. Demand exceeds one advocate: referrals will be prioritised by risk, and the coordinator will "
        "report waiting times to the board.",
    }


def network_sections() -> dict[str, str]:
    return {
        "executive_summary": "This report asks the commissioner to agree a grant of £26,000 from the joint "
        "Northshire Anti-Slavery Network Fund to Northshire County Council for the network's programme for "
        "the coming twelve months.",
        "recommendations": "The commissioner agrees a grant of £26,000 from the Northshire Anti-Slavery Network "
        "Fund to Northshire County Council for the network programme.",
        "background": "Last year's programme held five events and trained 214 frontline staff, and returned £1,150 "
        "to the pot. The four councils and the commissioner have contributed again this year.",
        "proposal_and_benefits": "Network events, training for frontline staff (this year including licensing and "
        "trading standards officers), interpreting, survivors' payments and expenses, and awareness materials "
        "in five languages.",
        "options_considered": "Spend the pot on a single large conference: rejected. The partners found smaller, "
        "local training sessions more useful to frontline staff.",
        "strategic_links": "Partnership working, and tackling serious and organised crime through better "
        "identification of labour exploitation.",
        "police_operational_implications": "The training for licensing and trading standards officers will support "
        "Operation Kestrel, the force's current operation against labour exploitation at hand car washes in "
        "Kettleford and Marsh Vale. Training dates will be agreed with the operation's senior investigating "
        "officer, so that they do not alert suspects.",
        "financial_notes": "The pot holds £26,000 of contributions this year and £3,150 brought forward from last "
        "year. The £3,150 is kept in reserve for interpreting if demand rises.",
        "governance_notes": "The strategic board reviewed the programme at its last meeting.",
    }


DISAGREEMENT = (
    "I do not agree to this grant. Workers can already report concerns in their own language to the national "
    "Modern Slavery and Exploitation Helpline, by telephone or online, at any time; a separate app would divide "
    "reports and could delay a response.\n\n"
    "The proposal has no plan to keep the app working after the grant. And because the cooperative's members "
    "employ the workers themselves, workers may not trust a reporting route that the cooperative runs.\n\n"
    "I ask the grants officer to work with the cooperative and the Polish and Romanian Welcome Group on outreach "
    "to workers instead."
)


def reporting_app_sections() -> dict[str, str]:
    return {
        "executive_summary": "Fenwick Growers Cooperative asks for £15,000 to build a smartphone app for seasonal "
        "workers on its member farms to report concerns about their work and accommodation.",
        "recommendations": "The commissioner decides whether to make a one-off grant of £15,000 to Fenwick "
        "Growers Cooperative for a reporting app. The officers' advice is set out in the options.",
        "background": "The cooperative's members employ about 1,400 seasonal workers each summer, most recruited "
        "through two labour providers. After a case on a neighbouring farm the cooperative wants its workers "
        "to have a confidential way to raise concerns.",
        "proposal_and_benefits": "An app in six languages, built by an external developer, with reports going to "
        "the cooperative's welfare officer and, where a crime is suspected, to the police.",
        "options_considered": "Promote the national helpline to the workers instead: cheaper, and independent of "
        "the employers. Fund independent outreach to workers on the farms: recommended by the partnership "
        "coordinator as a better way to build trust.",
    }


def navigator_sections() -> dict[str, str]:
    return {
        "executive_summary": "This report asks the commissioner to fund a part-time victim care navigator for "
        "survivors of modern slavery at the Northshire Victims' Hub for twelve months, at a cost of £22,000 "
        "from the Community Safety Fund.",
        "recommendations": "The commissioner agrees a one-off grant of £22,000 to the Northshire Victims' Hub for "
        "a modern slavery victim care navigator (0.8 full-time equivalent) for twelve months.",
        "background": "Modern slavery cases in Northshire take on average 26 months from first report to trial. "
        "Over that time many survivors move, lose contact with the police, or withdraw their support for the "
        "prosecution. Of the 19 cases the Modern Slavery Unit investigated last year, survivors withdrew from "
        "seven.",
        "proposal_and_benefits": "The navigator will contact each survivor who reports to the police within two "
        "working days, keep them informed at every stage, arrange special measures and pre-trial visits with "
        "the witness service, and link them to the advocate at Harbourlight Trust for practical support. More "
        "survivors will stay with their cases, and more exploiters will be brought to justice.",
        "options_considered": "Ask the police officers in charge of cases to keep survivors informed: rejected, "
        "as officers' time goes to the investigation. A full-time post: rejected for now; the Hub will report "
        "on demand after six months.",
        "financial_notes": "£22,000 for twelve months: salary £17,500 and on-costs £4,500. No liability beyond "
        "the grant period.",
        "risks_and_mitigations": "Duplication with the advocate at Harbourlight Trust: the two will share a "
        "referral form and agree who leads for each survivor.",
    }


def outreach_sections() -> dict[str, str]:
    return {
        "executive_summary": "This report asks the commissioner to fund outreach to seasonal and agency workers at "
        "farms, packhouses and food factories in Northshire by the Northshire Polish and Romanian Welcome "
        "Group, for twelve months, at a cost of £12,000 from the Community Safety Fund.\n\n"
        "Two part-time outreach workers, who speak Polish, Romanian and Bulgarian, will tell workers about "
        "their rights, the signs of exploitation and how to get help safely, and will help those at risk to "
        "reach the partnership's services.",
        "recommendations": "1. The commissioner agrees a one-off grant of £12,000 to the Northshire Polish and "
        "Romanian Welcome Group for outreach to seasonal and agency workers for twelve months.\n\n"
        "2. The grant is made under the standard funding agreement, with quarterly returns on events held, "
        "people supported and referrals made, scrutinised by the partnership coordinator.",
        "background": "Northshire's farms, packhouses and food factories depend on seasonal and agency workers, "
        "many of them from Romania, Poland and Bulgaria. Last year 183 potential victims of modern slavery "
        "were referred into the National Referral Mechanism from Northshire; 97 were adults, and 38 of those "
        "adults had been exploited for their labour, most recruited by informal gangmasters from their home "
        "towns.\n\n"
        "Workers who are exploited rarely come forward. Many do not know their rights, do not speak English, "
        "are in debt to the people who brought them here, and live in accommodation their employer or labour "
        "provider controls. The partnership's operational group hears of most cases only after a police "
        "operation or an inspection by the Northern Labour Standards Unit.\n\n"
        "The Welcome Group has run drop-in advice sessions in Marsh Vale and Kettleford for six years and is "
        "trusted by the communities it serves. Last year its volunteers passed eleven concerns to the police "
        "and Harbourlight Trust.",
        "proposal_and_benefits": "Two part-time outreach workers will visit farms, packhouses, caravan sites and "
        "shared houses, with the agreement of employers where they will give it and independently where they "
        "will not, and will run six community events in the picking season. They will give workers leaflets "
        "in their own language and the number of the national helpline, and will help anyone who wants it to "
        "reach the advocate at Harbourlight Trust, the councils' housing teams or the police.\n\n"
        "The outreach workers will be trained by Harbourlight Trust and the police Modern Slavery Unit, will "
        "follow the partnership's referral pathway, and will never ask a worker to disclose more than they "
        "choose to.\n\n"
        "The benefits are earlier identification of exploitation, before workers are harmed further; more "
        "referrals from the communities most affected; and better information for the operational group about "
        "where exploitation is happening.",
        "options_considered": "Option 1, do nothing: rejected. Exploitation of seasonal workers would continue to "
        "come to light only through enforcement.\n\n"
        "Option 2, the reporting app proposed by Fenwick Growers Cooperative: declined by the deputy "
        "commissioner, who asked for independent outreach instead.\n\n"
        "Option 3, outreach by the councils' own staff: rejected. Workers are wary of officials, and the "
        "councils do not have staff who speak the languages needed.\n\n"
        "Option 4, outreach by the Welcome Group: recommended.",
        "consultation": "The operational group, the Northern Labour Standards Unit and Harbourlight Trust support "
        "the proposal. The Fenwick Growers Cooperative has offered access to its members' farms.",
        "equality_implications": "The outreach is aimed at workers from Eastern Europe, who are over-represented "
        "among adults exploited for their labour in Northshire. Materials will be in Polish, Romanian and "
        "Bulgarian as well as English, and women outreach workers will visit women's accommodation.",
    }
