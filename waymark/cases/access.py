"""Who may see a case, its tasks and its reports. Every case view and endpoint calls these first.

Until need-to-know sharing arrives, a case is visible to the organisation that referred it, its lead
organisation, the organisations that own tasks on it, and the coordinators of its partnership
(including those of a partnership above it). Nobody outside the partnership sees it, and a case a
user may not see is "not found" (404).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from waymark.partners import access as partners_access

from .models import Case, ConcernDraft, PublicReport

if TYPE_CHECKING:
    from waymark.accounts.models import User


def visible_cases(user: User) -> QuerySet[Case]:
    if not user.is_authenticated:
        return Case.objects.none()
    organisation_id = user.organisation_id
    own = Q(referring_organisation_id=organisation_id) | Q(lead_organisation_id=organisation_id)
    own |= Q(tasks__owner_organisation_id=organisation_id)
    involved = Case.objects.filter(own, partnership__in=partners_access.user_partnerships(user))
    coordinated = Case.objects.filter(partnership__in=partners_access.coordinated_partnerships(user))
    return Case.objects.filter(Q(pk__in=involved.values("pk")) | Q(pk__in=coordinated.values("pk")))


def get_case_for_user(user: User, pk: int, *, action: str = "view") -> Case:
    case = visible_cases(user).filter(pk=pk).select_related("partnership", "lead_organisation").first()
    if case is None:
        raise Http404("No such case")
    if action == "view":
        return case
    if (
        action in {"triage", "assign_lead", "close"}
        and partners_access.coordinated_partnerships(user).filter(pk=case.partnership_id).exists()
    ):
        return case
    raise PermissionDenied


def reporting_partnerships(user: User):  # type: ignore[no-untyped-def]
    """The partnerships a user may report a concern in: those they belong to."""
    return partners_access.user_partnerships(user).order_by("name")


def get_draft_for_user(user: User, pk: int) -> ConcernDraft:
    """A draft belongs to the person writing it; nobody else sees it."""
    draft = ConcernDraft.objects.filter(pk=pk, created_by=user, case__isnull=True).select_related("partnership").first()
    if draft is None:
        raise Http404("No such draft")
    return draft


def triage_cases(user: User) -> QuerySet[Case]:
    return Case.objects.in_triage().filter(partnership__in=partners_access.coordinated_partnerships(user))


def triage_public_reports(user: User) -> QuerySet[PublicReport]:
    return PublicReport.objects.filter(partnership__in=partners_access.coordinated_partnerships(user))


def get_public_report_for_user(user: User, pk: int) -> PublicReport:
    partners_access.require_coordinator(user)
    report = triage_public_reports(user).filter(pk=pk).first()
    if report is None:
        raise Http404("No such report")
    return report
