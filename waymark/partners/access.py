"""Who may see or change organisations, partnerships, users and roles. Every view calls these first.

Rules (whiteboard version):
- A user belongs to the partnerships where they hold a role or their organisation is a current member.
- A coordinator of a partnership also coordinates every partnership below it (county over local).
- Everyone signed in sees the directory of organisations and partnerships they belong to.
- Only coordinators add or change organisations, invite users, assign roles and deactivate users,
  and only within the partnerships they coordinate.
- Objects outside a user's partnerships are "not found" (404), never "forbidden": their existence
  is not disclosed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from .models import Membership, Organisation, Partnership, Role, RoleAssignment

if TYPE_CHECKING:
    from waymark.accounts.models import Invitation, User


def _cached(user: Any, key: str, compute: Any) -> Any:
    cache = user.__dict__.setdefault("_partners_access_cache", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def _standing(user: User) -> tuple[frozenset[int], frozenset[int]]:
    """(partnerships the user belongs to, partnerships they coordinate), each with every
    partnership below those they coordinate: one query over the partnership tree, once per request
    (every page asks, for the navigation if nothing else)."""

    def compute() -> tuple[frozenset[int], frozenset[int]]:
        holds = RoleAssignment.objects.filter(partnership=OuterRef("pk"), user=user)
        organisation = user.organisation_id or 0  # a user with no organisation is a member of nothing
        member = Membership.objects.filter(
            Membership.current_q(), partnership=OuterRef("pk"), organisation_id=organisation
        )
        rows = Partnership.objects.annotate(
            coordinates=Exists(holds.filter(role=Role.COORDINATOR)),
            belongs=Exists(holds) | Exists(member),
        ).values_list("id", "parent_id", "coordinates", "belongs")
        children: dict[int, list[int]] = {}
        coordinated: set[int] = set()
        belongs: set[int] = set()
        for pk, parent_id, coordinates, is_member in rows:
            if parent_id is not None:
                children.setdefault(parent_id, []).append(pk)
            if coordinates and user.is_active:
                coordinated.add(pk)
            if is_member:
                belongs.add(pk)
        frontier = list(coordinated)
        while frontier:  # a coordinator of a partnership coordinates every partnership below it
            below = [child for parent in frontier for child in children.get(parent, []) if child not in coordinated]
            coordinated.update(below)
            frontier = below
        return frozenset(belongs | coordinated), frozenset(coordinated)

    return _cached(user, "standing", compute)  # type: ignore[no-any-return]


def user_partnership_ids(user: User) -> frozenset[int]:
    """Ids of the partnerships the user belongs to, with the partnerships below those they
    coordinate. Worked out once per request."""
    if not user.is_authenticated:
        return frozenset()
    return _standing(user)[0]


def user_partnerships(user: User) -> QuerySet[Partnership]:
    """Partnerships the user belongs to, with the partnerships below those they coordinate."""
    return Partnership.objects.filter(id__in=user_partnership_ids(user))


def coordinated_partnership_ids(user: User) -> frozenset[int]:
    """Ids of the partnerships the user coordinates and those below them. Worked out once per request."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    return _standing(user)[1]


def coordinated_partnerships(user: User) -> QuerySet[Partnership]:
    return Partnership.objects.filter(id__in=coordinated_partnership_ids(user))


def is_coordinator(user: User) -> bool:
    """Answered once per request: the navigation asks on every page."""
    return bool(coordinated_partnership_ids(user))


def roles_of(user: User) -> set[str]:
    if not user.is_authenticated:
        return set()
    return _cached(user, "roles", lambda: set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True)))


def has_role(user: User, role: str) -> bool:
    return role in roles_of(user)


# Organisations


def visible_organisations(user: User) -> QuerySet[Organisation]:
    partnerships = user_partnerships(user)
    current_member = Q(memberships__partnership__in=partnerships) & Membership.current_q("memberships__")
    return Organisation.objects.filter(current_member | Q(pk=getattr(user, "organisation_id", None))).distinct()


def manageable_organisations(user: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(memberships__partnership__in=coordinated_partnerships(user)).distinct()


def get_organisation_for_user(user: User, pk: int, *, action: str = "view") -> Organisation:
    organisation = visible_organisations(user).filter(pk=pk).first()
    if organisation is None:
        raise Http404("No such organisation")
    if action == "view":
        return organisation
    if action == "edit" and manageable_organisations(user).filter(pk=pk).exists():
        return organisation
    raise PermissionDenied


def can_add_organisation(user: User) -> bool:
    return is_coordinator(user)


# Partnerships


def get_partnership_for_user(user: User, pk: int, *, action: str = "view") -> Partnership:
    partnership = user_partnerships(user).filter(pk=pk).first()
    if partnership is None:
        raise Http404("No such partnership")
    if action == "view":
        return partnership
    if action == "edit" and pk in coordinated_partnership_ids(user):
        return partnership
    raise PermissionDenied


def get_membership_for_user(user: User, pk: int) -> Membership:
    require_coordinator(user)
    membership = (
        Membership.objects.select_related("organisation", "partnership")
        .filter(pk=pk, partnership__in=coordinated_partnerships(user))
        .first()
    )
    if membership is None:
        raise Http404("No such membership")
    return membership


# Users and roles


def manageable_users(user: User) -> QuerySet[User]:
    from waymark.accounts.models import User as UserModel

    partnerships = coordinated_partnerships(user)
    return UserModel.objects.filter(
        Q(organisation__in=manageable_organisations(user)) | Q(role_assignments__partnership__in=partnerships)
    ).distinct()


def get_user_for_user(user: User, pk: int, *, action: str = "view") -> User:
    """View and manage another user's account: coordinators only, within their partnerships."""
    if not is_coordinator(user):
        raise PermissionDenied
    target = manageable_users(user).filter(pk=pk).first()
    if target is None:
        raise Http404("No such user")
    if action in {"deactivate", "reset_two_factor"} and target.pk == user.pk:
        raise PermissionDenied("You cannot do that to your own account.")
    return target


def require_coordinator(user: User) -> None:
    if not is_coordinator(user):
        raise PermissionDenied


def get_role_assignment_for_user(user: User, pk: int) -> RoleAssignment:
    require_coordinator(user)
    assignment = (
        RoleAssignment.objects.select_related("user", "partnership")
        .filter(pk=pk, partnership__in=coordinated_partnerships(user))
        .first()
    )
    if assignment is None:
        raise Http404("No such role")
    if assignment.user_id == user.pk and assignment.role == Role.COORDINATOR:
        # Keeps a partnership from losing its last coordinator by accident.
        raise PermissionDenied("You cannot remove your own coordinator role.")
    return assignment


def get_invitation_for_user(user: User, pk: int) -> Invitation:
    from waymark.accounts.models import Invitation as InvitationModel

    require_coordinator(user)
    invitation = InvitationModel.objects.pending().filter(pk=pk, partnership__in=coordinated_partnerships(user)).first()
    if invitation is None:
        raise Http404("No such invitation")
    return invitation


# Audit log


def can_view_audit_log(user: User) -> bool:
    return is_coordinator(user)
