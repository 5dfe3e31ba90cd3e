"""Governance records for tests, built on the conftest world (Testford and its personas)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from conftest import make_user
from waymark.governance.models import (
    ActionPlan,
    Agreement,
    AgreementKind,
    Briefing,
    BriefingStatus,
    Group,
    GroupKind,
    GroupMember,
    Meeting,
    MeetingAction,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    PlanAction,
    Priority,
    Representative,
    Risk,
    RiskCategory,
)


def board_member(world):
    """Bella, the commissioner's office's seat on the Testford board (a board member, not a coordinator)."""
    return make_user("bella@opcc.example", "Bella Board", world.opcc, [(world.testford, "board_member")])


def make_group(world, *, name="Testford Strategic Board", organisations=None, partnership=None, **fields):
    group = Group.objects.create(
        partnership=partnership or world.testford,
        name=name,
        kind=fields.pop("kind", GroupKind.STRATEGIC_BOARD),
        **fields,
    )
    for organisation in organisations if organisations is not None else (world.council, world.police, world.charity):
        GroupMember.objects.create(group=group, organisation=organisation)
    return group


def add_representative(group, organisation, *, user=None, name="", email="", is_deputy=False):
    member = group.members.get(organisation=organisation)
    return Representative.objects.create(member=member, user=user, name=name, email=email, is_deputy=is_deputy)


def make_meeting(group, *, days_from_now=-14, minute_taker=None, status=None, **fields):
    starts_at = timezone.now() + timedelta(days=days_from_now)
    if status is None:
        status = MeetingStatus.HELD if days_from_now < 0 else MeetingStatus.SCHEDULED
    return Meeting.objects.create(
        group=group,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        status=status,
        minute_taker_organisation=minute_taker,
        **fields,
    )


@dataclass
class Governance:
    board: Group
    held: Meeting
    next_meeting: Meeting
    draft_minutes: Minutes
    approved_minutes: Minutes
    action: MeetingAction
    plan: ActionPlan
    plan_action: PlanAction
    risk: Risk
    agreement: Agreement
    draft_briefing: Briefing
    sent_briefing: Briefing
    bella: object


def governance_for_testford(world, personas) -> Governance:
    """The Testford board: council, police and Brightway sit on it, and Bella (a board member from
    the commissioner's office, which has no seat) chairs it. A held meeting
    whose minutes (taken by Brightway) are still draft, an earlier one with approved minutes, an
    action for Brightway, a plan action led by the police and Cathy, a risk owned by the council, an
    information sharing agreement, and a draft and a sent briefing."""
    bella = board_member(world)
    board = make_group(world, chair=bella)
    add_representative(board, world.council, user=personas["council_caseworker"])
    add_representative(board, world.police, name="Supt. Testshire", email="supt@police.example")
    add_representative(board, world.charity, user=personas["charity_caseworker"])
    earlier = make_meeting(board, days_from_now=-90)
    held = make_meeting(board, days_from_now=-14, minute_taker=world.charity)
    next_meeting = make_meeting(board, days_from_now=30)
    approved = Minutes.objects.create(
        meeting=earlier,
        text="Agreed the plan.",
        status=MinutesStatus.APPROVED,
        approved_at_meeting=held,
        approved_at=timezone.now(),
    )
    draft = Minutes.objects.create(meeting=held, text="Draft minutes.")
    action = MeetingAction.objects.create(
        meeting=held,
        description="Circulate the referral flowchart",
        owner_organisation=world.charity,
        due_date=timezone.localdate() - timedelta(days=1),
    )
    plan = ActionPlan.objects.create(
        partnership=world.testford,
        title="Testford action plan 2026-27",
        period_start=date(2026, 4, 1),
        period_end=date(2027, 3, 31),
    )
    priority = Priority.objects.create(plan=plan, order=1, title="Training and awareness")
    plan_action = PlanAction.objects.create(
        priority=priority,
        reference="1.1",
        description="Train every neighbourhood officer in spotting the signs",
        lead_organisation=world.police,
        lead_person=personas["council_caseworker"],
        estimated_completion=date(2026, 12, 31),
    )
    risk = Risk.objects.create(
        partnership=world.testford,
        reference="R01",
        description="Partners stop attending",
        category=RiskCategory.PARTNERSHIP,
        likelihood=3,
        impact=4,
        owner_organisation=world.council,
    )
    agreement = Agreement.objects.create(
        partnership=world.testford,
        title="Testford information sharing agreement",
        kind=AgreementKind.INFORMATION_SHARING,
        legal_basis="Section 22A Police Act 1996",
        start_date=date(2025, 4, 1),
        notice_months=12,
        notice_expiry_month=3,
        notice_expiry_day=31,
    )
    draft_briefing = Briefing.objects.create(partnership=world.testford, month=date(2026, 11, 1), title="November")
    sent_briefing = Briefing.objects.create(
        partnership=world.testford,
        month=date(2026, 10, 1),
        title="October",
        status=BriefingStatus.SENT,
        sent_at=timezone.now(),
    )
    return Governance(
        board,
        held,
        next_meeting,
        draft,
        approved,
        action,
        plan,
        plan_action,
        risk,
        agreement,
        draft_briefing,
        sent_briefing,
        bella,
    )
