"""Who may see or do what in funding. Every funding view and endpoint calls these first.

Rules (whiteboard version):
- The commissioner's office side of a partnership reads all its funding: funds, grants, decision
  reports in every state, and returns. That is the users holding, in that partnership, the role of
  grants officer, chief executive and monitoring officer, chief finance officer, commissioner or
  deputy, or board member; and its coordinators (and coordinators of a partnership above it).
- Grants officers manage: funds, grants, decision reports (write, send for sign-off, record the
  publication decision), and accept or query returns for the commissioner's office.
- Sign-off goes by role, each with a fresh two-factor code (checked by the views): the chief
  executive and monitoring officer approves and signs off redactions, the chief finance officer
  approves, the commissioner or deputy decides.
- A grant's recipient: users of the recipient organisation who belong to the partnership see that
  grant (not the fund's position) and its returns, and submit the returns. They do not see decision
  reports until published, and then only in the public register.
- A grant's named scrutineer sees that grant and its returns and accepts or queries them.
- Anything the user may not see is "not found" (404), never "forbidden"; a user who may see a record
  but not do what they ask gets 403. The public register needs no sign-in and shows only what was
  cleared for publication (views_register).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from waymark.partners import access as partners_access
from waymark.partners.models import Partnership, Role, RoleAssignment

from .decision_flow import Officer
from .models import DecisionReport, Fund, Grant, PerformanceReturn

if TYPE_CHECKING:
    from waymark.accounts.models import User

VIEW = "view"
MANAGE = "manage"  # grants officers: add, edit, send for sign-off, decide publication, office review
SUBMIT_RETURN = "submit_return"  # the recipient organisation (and grants officers on its behalf)
SCRUTINISE = "scrutinise"  # the grant's named scrutineer
APPROVE = "approve"  # an officer's approval: see officer_of
DECIDE = "decide"  # the commissioner or deputy
SIGN_OFF_REDACTION = "sign_off_redaction"  # the chief executive and monitoring officer

READER_ROLES = frozenset(
    {
        Role.GRANTS_OFFICER,
        Role.CHIEF_EXECUTIVE,
        Role.CHIEF_FINANCE_OFFICER,
        Role.COMMISSIONER,
        Role.BOARD_MEMBER,
    }
)
OFFICER_ROLES = {
    Officer.MONITORING_OFFICER: Role.CHIEF_EXECUTIVE,
    Officer.CHIEF_FINANCE_OFFICER: Role.CHIEF_FINANCE_OFFICER,
}


def _cached(user: Any, key: str, compute: Any) -> Any:
    cache = user.__dict__.setdefault("_funding_access_cache", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def roles_by_partnership(user: User) -> dict[int, frozenset[str]]:
    """{partnership id: the user's roles there}, once per request."""
    if not user.is_authenticated or not user.is_active:
        return {}

    def compute() -> dict[int, frozenset[str]]:
        found: dict[int, set[str]] = {}
        for partnership_id, role in RoleAssignment.objects.filter(user=user).values_list("partnership_id", "role"):
            found.setdefault(partnership_id, set()).add(role)
        return {pk: frozenset(roles) for pk, roles in found.items()}

    return _cached(user, "roles", compute)  # type: ignore[no-any-return]


def partnerships_with_role(user: User, role: str) -> frozenset[int]:
    return frozenset(pk for pk, roles in roles_by_partnership(user).items() if role in roles)


def reader_partnership_ids(user: User) -> frozenset[int]:
    """Partnerships whose funding the user reads in full (the office side, and coordinators)."""

    def compute() -> frozenset[int]:
        office = {pk for pk, roles in roles_by_partnership(user).items() if roles & READER_ROLES}
        return frozenset(office | partners_access.coordinated_partnership_ids(user))

    if not user.is_authenticated:
        return frozenset()
    return _cached(user, "readers", compute)  # type: ignore[no-any-return]


def managed_partnership_ids(user: User) -> frozenset[int]:
    return partnerships_with_role(user, Role.GRANTS_OFFICER)


def managed_partnerships(user: User) -> QuerySet[Partnership]:
    return Partnership.objects.filter(id__in=sorted(managed_partnership_ids(user)))


def can_manage(user: User, partnership_id: int) -> bool:
    return partnership_id in managed_partnership_ids(user)


def _recipient_q(user: User) -> Q:
    """Grants to the user's organisation in partnerships they belong to, and grants they scrutinise."""
    organisation_id = getattr(user, "organisation_id", None)
    q = Q(scrutineer_id=user.pk)
    if organisation_id:
        q |= Q(
            recipient_id=organisation_id, fund__partnership_id__in=sorted(partners_access.user_partnership_ids(user))
        )
    return q


def can_see_funding(user: User) -> bool:
    """The navigation: the office side, coordinators, and anyone whose organisation holds a grant or
    who scrutinises one. Once per request."""
    if not user.is_authenticated:
        return False
    if reader_partnership_ids(user):
        return True
    return _cached(user, "recipient", lambda: Grant.objects.filter(_recipient_q(user)).exists())  # type: ignore[no-any-return]


def is_reader(user: User, partnership_id: int) -> bool:
    return partnership_id in reader_partnership_ids(user)


# Funds


def visible_funds(user: User) -> QuerySet[Fund]:
    return Fund.objects.in_partnerships(reader_partnership_ids(user))


def get_fund_for_user(user: User, pk: int, *, action: str = VIEW) -> Fund:
    fund = visible_funds(user).select_related("partnership", "owner").filter(pk=pk).first()
    if fund is None:
        raise Http404("No such fund")
    if action == VIEW:
        return fund
    if action == MANAGE:
        if can_manage(user, fund.partnership_id):
            return fund
        raise PermissionDenied
    raise ValueError(f"Unknown action {action!r}")


# Grants


def visible_grants(user: User) -> QuerySet[Grant]:
    if not user.is_authenticated:
        return Grant.objects.none()
    return Grant.objects.filter(Q(fund__partnership_id__in=sorted(reader_partnership_ids(user))) | _recipient_q(user))


def may_see_fund_position(user: User, grant: Grant) -> bool:
    """Recipients and scrutineers see their grant, not what else the fund holds."""
    return is_reader(user, grant.fund.partnership_id)


def is_recipient(user: User, grant: Grant) -> bool:
    organisation_id = getattr(user, "organisation_id", None)
    return (
        bool(organisation_id)
        and grant.recipient_id == organisation_id
        and (grant.fund.partnership_id in partners_access.user_partnership_ids(user))
    )


def is_scrutineer(user: User, grant: Grant) -> bool:
    return grant.scrutineer_id is not None and grant.scrutineer_id == user.pk


def _decide_grant(user: User, grant: Grant, action: str) -> None:
    partnership_id = grant.fund.partnership_id
    if action == VIEW:
        return
    if action == MANAGE:
        allowed = can_manage(user, partnership_id)
    elif action == SUBMIT_RETURN:
        allowed = is_recipient(user, grant) or can_manage(user, partnership_id)
    elif action == SCRUTINISE:
        allowed = is_scrutineer(user, grant)
    else:
        raise ValueError(f"Unknown action {action!r}")
    if not allowed:
        raise PermissionDenied


def get_grant_for_user(user: User, pk: int, *, action: str = VIEW) -> Grant:
    grant = (
        visible_grants(user)
        .select_related("fund", "fund__partnership", "recipient", "scrutineer")
        .filter(pk=pk)
        .first()
    )
    if grant is None:
        raise Http404("No such grant")
    _decide_grant(user, grant, action)
    return grant


# Decision reports


def visible_reports(user: User) -> QuerySet[DecisionReport]:
    return DecisionReport.objects.in_partnerships(reader_partnership_ids(user))


def officer_of(user: User, partnership_id: int) -> list[Officer]:
    """The officers the user may approve as, in this partnership."""
    roles = roles_by_partnership(user).get(partnership_id, frozenset())
    return [officer for officer, role in OFFICER_ROLES.items() if role in roles]


def may_decide(user: User, partnership_id: int) -> bool:
    return Role.COMMISSIONER in roles_by_partnership(user).get(partnership_id, frozenset())


def may_sign_off_redaction(user: User, partnership_id: int) -> bool:
    return Role.CHIEF_EXECUTIVE in roles_by_partnership(user).get(partnership_id, frozenset())


def get_report_for_user(user: User, pk: int, *, action: str = VIEW) -> DecisionReport:
    report = (
        visible_reports(user)
        .select_related("partnership", "grant", "grant__fund", "grant__recipient", "grant__fund__owner")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404("No such decision report")
    partnership_id = report.partnership_id
    if action == VIEW:
        return report
    allowed = {
        MANAGE: lambda: can_manage(user, partnership_id),
        APPROVE: lambda: bool(officer_of(user, partnership_id)),
        DECIDE: lambda: may_decide(user, partnership_id),
        SIGN_OFF_REDACTION: lambda: may_sign_off_redaction(user, partnership_id),
    }
    if action not in allowed:
        raise ValueError(f"Unknown action {action!r}")
    if not allowed[action]():
        raise PermissionDenied
    return report


# Performance returns


def visible_returns(user: User) -> QuerySet[PerformanceReturn]:
    return PerformanceReturn.objects.filter(grant__in=visible_grants(user))


def get_return_for_user(user: User, pk: int, *, action: str = VIEW) -> PerformanceReturn:
    found = (
        visible_returns(user)
        .select_related("grant", "grant__fund", "grant__fund__partnership", "grant__recipient", "grant__scrutineer")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such performance return")
    _decide_grant(user, found.grant, action)
    return found
