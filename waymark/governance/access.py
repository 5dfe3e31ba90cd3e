"""Who may see or change a partnership's groups, meetings, minutes, actions, plan, risks, agreements
and briefings. Every governance view and endpoint calls these first.

Rules (whiteboard version):
- The members of a partnership (users who hold a role in it, or whose organisation is a current
  member; see partners.access.user_partnership_ids) read its groups, meetings, approved minutes,
  actions arising, action plan, risks and agreements. Board members are members: they read.
- Draft minutes are read only by coordinators, the users of the group's member organisations, the
  group's representatives and chair, and the minute-taking organisation, who also drafts them.
- Minutes shared with a parent group are read by the members of that group's partnership too (a
  local board's minutes shared with the county's governing board).
- A briefing is read by the partnership's members once sent; drafts only by its coordinators.
- Leads update their own work: a plan action's lead organisation or lead person records progress
  and its status; an action arising's owner organisation or owner updates or completes it; a risk's
  owner organisation or owner reviews it.
- Coordinators of the partnership (or of one above it) manage everything in it.
- Anything in a partnership the user does not belong to is "not found" (404), never "forbidden".
  A member asking for something they may not do gets 403.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from waymark.partners import access as partners_access
from waymark.partners.models import Partnership

from .models import (
    ActionPlan,
    Agreement,
    Briefing,
    BriefingStatus,
    Group,
    Meeting,
    MeetingAction,
    Minutes,
    MinutesStatus,
    PlanAction,
    PlanActionQuerySet,
    Risk,
)

if TYPE_CHECKING:
    from waymark.accounts.models import User

M = TypeVar("M", bound=Model)

VIEW = "view"
MANAGE = "manage"  # add, edit, delete, schedule, approve, share, send: coordinators
UPDATE = "update"  # a lead's or owner's update to their own action or risk
TAKE_MINUTES = "take_minutes"  # attendance, draft minutes and actions arising: the minute-taker


def member_partnership_ids(user: User) -> frozenset[int]:
    return partners_access.user_partnership_ids(user)


def coordinated_ids(user: User) -> frozenset[int]:
    return partners_access.coordinated_partnership_ids(user)


def can_see_governance(user: User) -> bool:
    """The navigation and the landing page: anyone who belongs to a partnership."""
    return bool(member_partnership_ids(user))


def governance_partnerships(user: User) -> QuerySet[Partnership]:
    return Partnership.objects.filter(id__in=sorted(member_partnership_ids(user)))


def manageable_partnerships(user: User) -> QuerySet[Partnership]:
    """Partnerships where the user may add groups, plans, risks, agreements and briefings."""
    return Partnership.objects.filter(id__in=sorted(coordinated_ids(user)))


def can_manage(user: User, partnership_id: int) -> bool:
    return partnership_id in coordinated_ids(user)


def _get(queryset: QuerySet[M], pk: int, what: str) -> M:
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404(f"No such {what}")
    return found


def _decide(obj: M, action: str, partnership_id: int, user: User, extra: dict[str, Callable[[], bool]]) -> M:
    """`view` for anyone who found it; `manage` for coordinators; other actions by their own rule
    (coordinators may always do them too)."""
    if action == VIEW:
        return obj
    if can_manage(user, partnership_id):
        if action == MANAGE or action in extra:
            return obj
    elif action in extra and extra[action]():
        return obj
    if action != MANAGE and action not in extra:
        raise ValueError(f"Unknown action {action!r}")
    raise PermissionDenied


def _organisation_id(user: User) -> int | None:
    return getattr(user, "organisation_id", None)


# Groups


def visible_groups(user: User) -> QuerySet[Group]:
    return Group.objects.in_partnerships(member_partnership_ids(user))


def get_group_for_user(user: User, pk: int, *, action: str = VIEW) -> Group:
    group = _get(visible_groups(user).select_related("partnership", "reports_to"), pk, "group")
    return _decide(group, action, group.partnership_id, user, {})


def sits_on_group_q(user: User, prefix: str = "") -> Q:
    """The user sits on the group: their organisation is a current member, they represent a member,
    or they chair it."""
    q = Q(**{f"{prefix}chair": user}) | Q(
        **{f"{prefix}members__representatives__user": user, f"{prefix}members__left_on__isnull": True}
    )
    organisation_id = _organisation_id(user)
    if organisation_id is not None:
        q |= Q(**{f"{prefix}members__organisation_id": organisation_id, f"{prefix}members__left_on__isnull": True})
    return q


def groups_user_sits_on(user: User) -> QuerySet[Group]:
    return visible_groups(user).filter(sits_on_group_q(user)).distinct()


# Meetings


def visible_meetings(user: User) -> QuerySet[Meeting]:
    return Meeting.objects.in_partnerships(member_partnership_ids(user))


def _is_minute_taker(user: User, meeting: Meeting) -> bool:
    organisation_id = _organisation_id(user)
    return organisation_id is not None and meeting.minute_taker_organisation_id == organisation_id


def get_meeting_for_user(user: User, pk: int, *, action: str = VIEW) -> Meeting:
    """`manage`: schedule, edit, cancel, agenda, rota (coordinators). `take_minutes`: attendance,
    draft minutes and actions arising (coordinators and the minute-taking organisation)."""
    meeting = _get(visible_meetings(user).select_related("group", "group__partnership"), pk, "meeting")
    return _decide(
        meeting,
        action,
        meeting.group.partnership_id,
        user,
        {TAKE_MINUTES: lambda: _is_minute_taker(user, meeting)},
    )


# Minutes


def visible_minutes(user: User) -> QuerySet[Minutes]:
    members = member_partnership_ids(user)
    approved = ~Q(status=MinutesStatus.DRAFT) & Q(meeting__group__partnership_id__in=sorted(members))
    shared_upward = Q(status=MinutesStatus.SHARED, shared_with_group__partnership_id__in=sorted(members))
    drafts = Q(status=MinutesStatus.DRAFT, meeting__group__partnership_id__in=sorted(members)) & (
        Q(meeting__group__partnership_id__in=sorted(coordinated_ids(user)))
        | Q(meeting__group__in=Group.objects.filter(sits_on_group_q(user)).values("pk"))
        | Q(meeting__minute_taker_organisation_id=_organisation_id(user))
    )
    return Minutes.objects.filter(approved | shared_upward | drafts)


def get_minutes_for_user(user: User, pk: int, *, action: str = VIEW) -> Minutes:
    """`update`: edit the draft (coordinators and the minute-taking organisation); `manage`:
    approve and share (coordinators)."""
    minutes = _get(
        visible_minutes(user).select_related("meeting", "meeting__group", "shared_with_group"), pk, "minutes"
    )
    return _decide(
        minutes,
        action,
        minutes.meeting.group.partnership_id,
        user,
        {UPDATE: lambda: minutes.is_draft and _is_minute_taker(user, minutes.meeting)},
    )


# Actions arising from meetings


def visible_meeting_actions(user: User) -> QuerySet[MeetingAction]:
    return MeetingAction.objects.in_partnerships(member_partnership_ids(user))


def _owns(user: User, organisation_id: int | None, owner_user_id: int | None) -> bool:
    return owner_user_id == user.pk or (organisation_id is not None and organisation_id == _organisation_id(user))


def get_meeting_action_for_user(user: User, pk: int, *, action: str = VIEW) -> MeetingAction:
    """`update`: progress or complete it (its owner organisation or owner, and coordinators)."""
    item = _get(visible_meeting_actions(user).select_related("meeting", "meeting__group"), pk, "action")
    return _decide(
        item,
        action,
        item.meeting.group.partnership_id,
        user,
        {UPDATE: lambda: _owns(user, item.owner_organisation_id, item.owner_user_id)},
    )


# The action plan


def visible_action_plans(user: User) -> QuerySet[ActionPlan]:
    return ActionPlan.objects.filter(partnership_id__in=sorted(member_partnership_ids(user)))


def get_action_plan_for_user(user: User, pk: int, *, action: str = VIEW) -> ActionPlan:
    plan = _get(visible_action_plans(user).select_related("partnership"), pk, "action plan")
    return _decide(plan, action, plan.partnership_id, user, {})


def visible_plan_actions(user: User) -> PlanActionQuerySet:
    return PlanAction.objects.in_partnerships(member_partnership_ids(user))


def plan_actions_led_by(user: User) -> QuerySet[PlanAction]:
    """ "Your actions": those the user or their organisation leads."""
    return visible_plan_actions(user).led_by(user)


def get_plan_action_for_user(user: User, pk: int, *, action: str = VIEW) -> PlanAction:
    """`update`: record progress and status (its lead organisation or lead person, and coordinators)."""
    item = _get(visible_plan_actions(user).select_related("priority", "priority__plan"), pk, "action")
    return _decide(
        item,
        action,
        item.priority.plan.partnership_id,
        user,
        {UPDATE: lambda: _owns(user, item.lead_organisation_id, item.lead_person_id)},
    )


# Risks and issues


def visible_risks(user: User) -> QuerySet[Risk]:
    return Risk.objects.in_partnerships(member_partnership_ids(user))


def get_risk_for_user(user: User, pk: int, *, action: str = VIEW) -> Risk:
    """`update`: review it and its mitigations (its owner organisation or owner, and coordinators)."""
    risk = _get(visible_risks(user), pk, "risk")
    return _decide(
        risk,
        action,
        risk.partnership_id,
        user,
        {UPDATE: lambda: _owns(user, risk.owner_organisation_id, risk.owner_user_id)},
    )


# Agreements


def visible_agreements(user: User) -> QuerySet[Agreement]:
    return Agreement.objects.in_partnerships(member_partnership_ids(user))


def get_agreement_for_user(user: User, pk: int, *, action: str = VIEW) -> Agreement:
    agreement = _get(visible_agreements(user), pk, "agreement")
    return _decide(agreement, action, agreement.partnership_id, user, {})


# Briefings


def visible_briefings(user: User) -> QuerySet[Briefing]:
    members = member_partnership_ids(user)
    return Briefing.objects.filter(
        Q(status=BriefingStatus.SENT, partnership_id__in=sorted(members))
        | Q(partnership_id__in=sorted(coordinated_ids(user)))
    )


def get_briefing_for_user(user: User, pk: int, *, action: str = VIEW) -> Briefing:
    """`manage`: compose, edit and send (coordinators)."""
    briefing = _get(visible_briefings(user), pk, "briefing")
    return _decide(briefing, action, briefing.partnership_id, user, {})
