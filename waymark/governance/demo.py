"""Demo governance for Northshire (called by `manage.py seed_demo`): the county's strategic board,
an operational group and a task and finish group reporting to it, their meetings, minutes and
actions, an action plan, risks and an information sharing agreement. Fictional."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from waymark.accounts.models import User
from waymark.partners.models import Organisation, Partnership

from .models import (
    RAG,
    ActionPlan,
    Agreement,
    AgreementKind,
    AgreementParty,
    Attendance,
    AttendanceStatus,
    Frequency,
    Group,
    GroupKind,
    GroupMember,
    Meeting,
    MeetingAction,
    MeetingActionStatus,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    PlanAction,
    PlanStatus,
    Priority,
    ProgressUpdate,
    Representative,
    Risk,
    RiskCategory,
    RiskKind,
)
from .rota import plan_rota

COUNTY = "Northshire Anti-Slavery Partnership"
BOARD = "Northshire Anti-Slavery Strategic Board"
DOMAIN = "northshire.example"

# organisation, representative (a demo user's e-mail, or a name and e-mail for someone with no account)
BOARD_SEATS = [
    ("Northshire County Council", f"safeguarding.lead@county.{DOMAIN}"),
    ("Northshire Police", f"superintendent@police.{DOMAIN}"),
    ("Northshire Integrated Care Board", f"icb.safeguarding@icb.{DOMAIN}"),
    ("Office of the Northshire Police and Crime Commissioner", f"opcc.ceo@opcc.{DOMAIN}"),
    ("Harbourlight Trust", ("Margaret Ellison", f"chief.executive@harbourlight.{DOMAIN}")),
]
OPERATIONAL_SEATS = [
    ("Northshire Police", f"ds.khan@police.{DOMAIN}"),
    ("Northshire County Council", f"childrens.mash@county.{DOMAIN}"),
    ("Harbourlight Trust", f"harbourlight.caseworker@harbourlight.{DOMAIN}"),
    ("Northern Labour Standards Unit", f"labour.inspector@labour.{DOMAIN}"),
]
TASK_AND_FINISH_SEATS = [
    ("Northshire County Council", f"training.lead@county.{DOMAIN}"),
    ("Northshire Integrated Care Board", f"icb.safeguarding@icb.{DOMAIN}"),
    ("Northshire Police", f"superintendent@police.{DOMAIN}"),
]


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _financial_year(today: date) -> tuple[date, date]:
    start_year = today.year if today.month >= 4 else today.year - 1
    return date(start_year, 4, 1), date(start_year + 1, 3, 31)


def seed_governance(today: date | None = None) -> int:
    """Create the demo governance once; returns how many groups were created (0 if already there)."""
    county = Partnership.objects.filter(name=COUNTY).first()
    if county is None or Group.objects.filter(partnership=county, name=BOARD).exists():
        return 0
    today = today or timezone.localdate()
    organisations = {o.name: o for o in Organisation.objects.all()}
    users = {u.email: u for u in User.objects.filter(email__endswith=DOMAIN)}
    coordinator = users[f"coordinator@county.{DOMAIN}"]

    def group(name: str, kind: str, seats: list, **fields: object) -> tuple[Group, dict[str, Representative]]:
        created = Group.objects.create(partnership=county, name=name, kind=kind, **fields)
        representatives = {}
        for organisation_name, who in seats:
            member = GroupMember.objects.create(
                group=created, organisation=organisations[organisation_name], joined_on=date(2024, 4, 1)
            )
            if isinstance(who, tuple):
                representatives[organisation_name] = Representative.objects.create(
                    member=member, name=who[0], email=who[1]
                )
            else:
                representatives[organisation_name] = Representative.objects.create(member=member, user=users[who])
        return created, representatives

    board, board_reps = group(
        BOARD,
        GroupKind.STRATEGIC_BOARD,
        BOARD_SEATS,
        purpose="Sets the partnership's direction, owns the action plan and the risk register, and holds "
        "partners to account for delivery.",
        terms_of_reference="The board meets quarterly. It is quorate when three member organisations are "
        "present. The chair rotates between member organisations each meeting.",
        frequency=Frequency.QUARTERLY,
        quorum=3,
        chair=users[f"opcc.ceo@opcc.{DOMAIN}"],
    )
    group(
        "Northshire Modern Slavery Operational Group",
        GroupKind.OPERATIONAL_GROUP,
        OPERATIONAL_SEATS,
        purpose="Shares intelligence and coordinates the partners' response to current cases and locations.",
        frequency=Frequency.MONTHLY,
        reports_to=board,
    )
    group(
        "Training Needs Task and Finish Group",
        GroupKind.TASK_AND_FINISH,
        TASK_AND_FINISH_SEATS,
        purpose="Agrees who in each organisation needs which level of modern slavery training.",
        frequency=Frequency.AD_HOC,
        reports_to=board,
        end_date=today + timedelta(days=120),
    )

    # Three board meetings: two held (the first's minutes approved at the second), one to come; the
    # rota spreads chair, minute-taker and host across the members.
    member_ids = [organisations[name] for name, _ in BOARD_SEATS]
    rota = plan_rota(member_ids, 3)
    dates = [today - timedelta(days=91), today - timedelta(days=14), today + timedelta(days=77)]
    meetings = []
    for day, turn in zip(dates, rota, strict=True):
        meetings.append(
            Meeting.objects.create(
                group=board,
                starts_at=_at(day, 10),
                ends_at=_at(day, 12),
                location=f"{turn.host.name}, Northshire",
                online_link="https://meet.example/northshire-board",
                status=MeetingStatus.HELD if day < today else MeetingStatus.SCHEDULED,
                chair_organisation=turn.chair,
                minute_taker_organisation=turn.minute_taker,
                host_organisation=turn.host,
                created_by=coordinator,
            )
        )
    first, second, upcoming = meetings
    for meeting, absent in ((first, "Harbourlight Trust"), (second, "Northshire Integrated Care Board")):
        for organisation_name, representative in board_reps.items():
            status = AttendanceStatus.APOLOGIES if organisation_name == absent else AttendanceStatus.PRESENT
            Attendance.objects.create(meeting=meeting, representative=representative, status=status)
    Minutes.objects.create(
        meeting=first,
        text="1. Welcome and apologies. Apologies from Harbourlight Trust.\n"
        "2. Action plan: the board agreed the four priorities for the year.\n"
        "3. Risk register: the board asked for a risk on partner attendance to be added.\n"
        "4. Any other business: none.",
        status=MinutesStatus.APPROVED,
        drafted_by=coordinator,
        approved_at_meeting=second,
        approved_at=_at(dates[1], 12),
        approved_by=coordinator,
    )
    Minutes.objects.create(
        meeting=second,
        text="1. Minutes of the last meeting approved as a true record.\n2. Quarterly performance report noted.",
        drafted_by=coordinator,
    )
    police = organisations["Northshire Police"]
    council = organisations["Northshire County Council"]
    MeetingAction.objects.create(
        meeting=first,
        description="Add partner attendance to the risk register",
        owner_organisation=council,
        owner_user=coordinator,
        due_date=dates[0] + timedelta(days=28),
        status=MeetingActionStatus.DONE,
        completed_at=_at(dates[0] + timedelta(days=20), 9),
        completed_by=coordinator,
    )
    MeetingAction.objects.create(
        meeting=first,
        description="Circulate the updated referral flowchart to all partners",
        owner_organisation=police,
        owner_user=users.get(f"superintendent@police.{DOMAIN}"),
        due_date=dates[0] + timedelta(days=42),  # now overdue
    )
    MeetingAction.objects.create(
        meeting=second,
        description="Bring the draft training framework to the next meeting",
        owner_organisation=organisations["Northshire Integrated Care Board"],
        due_date=dates[2] - timedelta(days=7),
    )

    period_start, period_end = _financial_year(today)
    plan = ActionPlan.objects.create(
        partnership=county,
        title=f"Northshire anti-slavery action plan {period_start.year}-{period_end.year % 100:02d}",
        period_start=period_start,
        period_end=period_end,
        status=PlanStatus.ACTIVE,
        created_by=coordinator,
    )
    training = Priority.objects.create(plan=plan, order=1, title="Training and awareness")
    referral = Priority.objects.create(plan=plan, order=2, title="Referral routes and operational arrangements")
    overdue = PlanAction.objects.create(
        priority=training,
        order=1,
        reference="1.1",
        description="Frontline staff in every statutory partner complete modern slavery awareness training",
        lead_organisation=council,
        lead_person=users.get(f"training.lead@county.{DOMAIN}"),
        estimated_completion=today - timedelta(days=30),
        success_criteria="90% of frontline staff trained, reported by each organisation",
        rag=RAG.AMBER,
        report_back_meeting=upcoming,
    )
    ProgressUpdate.objects.create(
        plan_action=overdue,
        date=today - timedelta(days=40),
        text="Two of four partners have reported; the ICB figures are awaited.",
        rag_at_update=RAG.AMBER,
        recorded_by=coordinator,
    )
    PlanAction.objects.create(
        priority=training,
        order=2,
        reference="1.2",
        description="Run a spot-the-signs campaign for businesses in the county",
        lead_organisation=organisations["Office of the Northshire Police and Crime Commissioner"],
        is_ongoing=True,
        success_criteria="Campaign reaches 500 businesses; helpline calls from businesses rise",
        rag=RAG.GREEN,
    )
    PlanAction.objects.create(
        priority=referral,
        order=1,
        reference="2.1",
        description="Publish one referral flowchart for all partners",
        lead_organisation=police,
        lead_person=users.get(f"superintendent@police.{DOMAIN}"),
        estimated_completion=today + timedelta(days=60),
        success_criteria="Flowchart agreed by the board and on every partner's intranet",
        rag=RAG.GREEN,
        report_back_meeting=upcoming,
    )
    PlanAction.objects.create(
        priority=referral,
        order=2,
        reference="2.2",
        description="Agree a Duty to Notify process for the county council",
        lead_organisation=council,
        estimated_completion=period_start + timedelta(days=90),
        success_criteria="Process in place and used",
        rag=RAG.COMPLETE,
    )

    for reference, kind, description, category, likelihood, impact, owner, mitigations in (
        (
            "R01",
            RiskKind.RISK,
            "Partners stop attending the board and operational group",
            RiskCategory.PARTNERSHIP,
            3,
            3,
            council,
            "Attendance reported to the board each quarter; chairs follow up absences.",
        ),
        (
            "R02",
            RiskKind.RISK,
            "Information is shared without a lawful basis",
            RiskCategory.INFORMATION,
            2,
            5,
            police,
            "Information sharing agreement in place; training for every user.",
        ),
        (
            "R03",
            RiskKind.ISSUE,
            "Grant funding for advocacy ends in March",
            RiskCategory.FINANCIAL,
            5,
            4,
            organisations["Office of the Northshire Police and Crime Commissioner"],
            "Bid to the commissioner's victims fund; options paper to the board.",
        ),
    ):
        Risk.objects.create(
            partnership=county,
            reference=reference,
            kind=kind,
            description=description,
            category=category,
            likelihood=likelihood,
            impact=impact,
            owner_organisation=owner,
            mitigations=mitigations,
            review_date=today + timedelta(days=30) if reference != "R02" else today - timedelta(days=3),
            created_by=coordinator,
        )

    agreement = Agreement.objects.create(
        partnership=county,
        title="Northshire Modern Slavery Information Sharing Agreement",
        kind=AgreementKind.INFORMATION_SHARING,
        legal_basis="Section 22A Police Act 1996 (collaboration); UK GDPR Article 6(1)(e) and DPA 2018 "
        "Schedule 1 paragraph 18 (safeguarding of children and individuals at risk).",
        start_date=date(2024, 4, 1),
        review_date=today + timedelta(days=180),
        notice_months=12,
        notice_expiry_month=3,
        notice_expiry_day=31,
        notice_text="A party may withdraw by giving at least 12 months' written notice to the other parties, "
        "expiring on 31 March.",
        created_by=coordinator,
    )
    for organisation_name, _ in BOARD_SEATS:
        AgreementParty.objects.create(
            agreement=agreement,
            organisation=organisations[organisation_name],
            signed_on=date(2024, 3, 20),
            signatory_name=board_reps[organisation_name].display_name,
        )
    return 3
