"""Who may see a case, its tasks, its reports and its people's identifying details. Every case view
and endpoint calls these first.

Need-to-know, as a safeguarding lead would put it:

- A case is seen by its lead organisation, the organisation that referred it, the organisations that
  own a task on it, and the organisations it has been explicitly shared with.
- A share counts only while it is not revoked and, if it rests on the person's consent, while that
  consent has not been withdrawn: withdrawing consent stops the sharing at once.
- A share counts only for an organisation that is a current member of the case's partnership.
- The coordinators of the case's partnership (or of a partnership above it) see it.
- Nobody outside the partnership sees it. A case a user may not see is "not found" (404), so its
  existence is not disclosed.
- The lead or referring organisation, and coordinators, share a case and revoke shares; the lead
  organisation and coordinators answer access requests and hand the lead role on.
- When the potential victim is an adult who has neither consented to the NRM nor agreed to
  co-operate with the authorities, their identifying details (names, aliases, date of birth,
  contact) are shown only to the organisation that recorded them (DOMAIN.md 1.3, 1.4).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from waymark.partners import access as partners_access
from waymark.partners.models import Membership

from .models import (
    AccessRequest,
    Case,
    CaseShare,
    ConcernDraft,
    ConsentRecord,
    PathwayDecision,
    PublicReport,
    Task,
)

if TYPE_CHECKING:
    from waymark.accounts.models import User

# What a user of each kind of organisation may do to a case they can see, besides viewing it.
LEAD_OR_REFERRER_ACTIONS = {"share", "revoke_share"}
LEAD_ACTIONS = {"decide_access", "transfer_lead"}
ANYONE_WHO_SEES_IT_ACTIONS = {"record_consent", "withdraw_consent"}
COORDINATOR_ACTIONS = {"triage", "assign_lead", "close"} | LEAD_OR_REFERRER_ACTIONS | LEAD_ACTIONS


def active_shares_q(prefix: str = "") -> Q:
    """Shares that still count: not revoked, and not resting on consent that has been withdrawn."""
    return Q(**{f"{prefix}revoked_at__isnull": True}) & (
        Q(**{f"{prefix}consent__isnull": True}) | Q(**{f"{prefix}consent__withdrawn_on__isnull": True})
    )


def visible_cases(user: User, *, row_by_row: bool = False) -> QuerySet[Case]:
    """The cases the user may see (for one case already loaded, `may_see` answers the same).

    `row_by_row`: the caller reads a page of them in an indexed order (the newest 50), so the
    database should check the cases one by one as it walks the index; by default it works out the
    organisation's whole involvement once, which suits counting the whole set (involved_q)."""
    if not user.is_authenticated:
        return Case.objects.none()
    coordinated_ids = partners_access.coordinated_partnership_ids(user)
    coordinated = Q(partnership_id__in=sorted(coordinated_ids))
    organisation_id = user.organisation_id
    if organisation_id is None:
        return Case.objects.filter(coordinated)
    # Where the user coordinates, they see every case; elsewhere, those their organisation is in.
    others = sorted(partners_access.user_partnership_ids(user) - coordinated_ids)
    if not others:
        return Case.objects.filter(coordinated)
    involved = Q(partnership_id__in=others) & involved_q(organisation_id, row_by_row=row_by_row)
    return Case.objects.filter(involved | coordinated if coordinated_ids else involved)


def involved_q(organisation_id: int, *, row_by_row: bool = False) -> Q:
    """Cases an organisation is involved in: it leads or referred them, owns a task on them, or they
    are shared with it (a share that still counts, in a partnership it is a current member of).
    Callers add the partnership condition: a user's partnerships, or an API token's.

    By default the subqueries are uncorrelated: the database works each out once (a hashed
    semi-join), cheap per case when most cases are looked at. `row_by_row` makes them correlated
    (EXISTS per case), cheap when only a few cases are looked at, as when a page of 50 is read
    off an index."""
    member_of = Membership.objects.filter(Membership.current_q(), organisation_id=organisation_id).values(
        "partnership_id"
    )
    tasks = Task.objects.filter(owner_organisation_id=organisation_id)
    shares = CaseShare.objects.filter(
        active_shares_q(), organisation_id=organisation_id, case__partnership_id__in=member_of
    )
    leads_or_referred = Q(referring_organisation_id=organisation_id) | Q(lead_organisation_id=organisation_id)
    if row_by_row:
        return leads_or_referred | Q(_for_this_case(tasks)) | Q(_for_this_case(shares))
    return leads_or_referred | Q(pk__in=tasks.values("case_id")) | Q(pk__in=shares.values("case_id"))


def _for_this_case(rows: QuerySet[Any]) -> Exists:
    """EXISTS for the case being looked at. Grouped, with a HAVING, on purpose: PostgreSQL turns a
    plain correlated EXISTS into a hash of all the organisation's rows, built before the first case
    is read (12 ms for a busy organisation at 200,000 cases); grouped, it stays an index probe per
    case (0.6 ms for a page of 50)."""
    one_case = rows.filter(case_id=OuterRef("pk")).values("case_id").annotate(n=Count("pk")).filter(n__gt=0)
    return Exists(one_case)


def coordinates(user: User, case: Case) -> bool:
    """Whether the user coordinates the case's partnership or a partnership above it."""
    return case.partnership_id in partners_access.coordinated_partnership_ids(user)


def may(user: User, case: Case, action: str) -> bool:
    """Whether a user who can see the case may take `action` on it."""
    if action == "view" or action in ANYONE_WHO_SEES_IT_ACTIONS:
        return True
    organisation_id = getattr(user, "organisation_id", None)
    if organisation_id is not None:
        if action in LEAD_ACTIONS | LEAD_OR_REFERRER_ACTIONS and organisation_id == case.lead_organisation_id:
            return True
        if action in LEAD_OR_REFERRER_ACTIONS and organisation_id == case.referring_organisation_id:
            return True
    return action in COORDINATOR_ACTIONS and coordinates(user, case)


def remember_task_owners(case: Case, tasks: Iterable[Task]) -> None:
    """Note which organisations own tasks on the case, from its tasks already loaded (the case
    page shows them all), so organisation_involved need not ask the database again."""
    case.__dict__["_task_owner_ids"] = frozenset(task.owner_organisation_id for task in tasks)


def organisation_involved(organisation_id: int | None, case: Case) -> bool:
    """Whether the organisation itself is involved in the case (involved_q, for one case): it leads
    or referred it, owns a task on it, or it is shared with it while it is a member of the case's
    partnership. Answered once per case and organisation in a request."""
    if organisation_id is None:
        return False
    answers = case.__dict__.setdefault("_organisation_involved", {})
    owners = case.__dict__.get("_task_owner_ids")
    if organisation_id not in answers:
        answers[organisation_id] = (
            organisation_id in (case.lead_organisation_id, case.referring_organisation_id)
            or (
                organisation_id in owners
                if owners is not None
                else Task.objects.filter(case_id=case.pk, owner_organisation_id=organisation_id).exists()
            )
            or (
                CaseShare.objects.filter(active_shares_q(), case_id=case.pk, organisation_id=organisation_id).exists()
                and Membership.objects.filter(
                    Membership.current_q(), organisation_id=organisation_id, partnership_id=case.partnership_id
                ).exists()
            )
        )
    return answers[organisation_id]  # type: ignore[no-any-return]


def may_see(user: User, case: Case) -> bool:
    """visible_cases, for one case already loaded: cheaper than asking the database to filter."""
    if not user.is_authenticated:
        return False
    if case.partnership_id in partners_access.coordinated_partnership_ids(user):
        return True
    return case.partnership_id in partners_access.user_partnership_ids(user) and organisation_involved(
        user.organisation_id, case
    )


def get_case_for_user(user: User, pk: int, *, action: str = "view") -> Case:
    case = (
        Case.objects.filter(pk=pk)
        .select_related("partnership", "lead_organisation", "referring_organisation", "created_by")
        .first()
    )
    if case is None or not may_see(user, case):
        raise Http404("No such case")
    if not may(user, case, action):
        raise PermissionDenied
    return case


def get_consent_for_user(user: User, pk: int, *, action: str) -> ConsentRecord:
    consent = ConsentRecord.objects.filter(pk=pk).select_related("organisation", "person").first()
    if consent is None:
        raise Http404("No such consent")
    consent.case = get_case_for_user(user, consent.case_id, action=action)
    return consent


def get_share_for_user(user: User, pk: int, *, action: str) -> CaseShare:
    share = CaseShare.objects.filter(pk=pk).select_related("organisation").first()
    if share is None:
        raise Http404("No such share")
    share.case = get_case_for_user(user, share.case_id, action=action)
    return share


def get_access_request_for_user(user: User, pk: int) -> AccessRequest:
    access_request = (
        AccessRequest.objects.filter(pk=pk).select_related("organisation", "requested_by", "decided_by").first()
    )
    if access_request is None:
        raise Http404("No such access request")
    access_request.case = get_case_for_user(user, access_request.case_id, action="decide_access")
    return access_request


def access_requests_to_decide(user: User) -> QuerySet[AccessRequest]:
    """Waiting requests for cases the user's organisation leads or whose partnership they coordinate."""
    if not user.is_authenticated:
        return AccessRequest.objects.none()
    yours = Q(case__partnership__in=partners_access.coordinated_partnerships(user))
    if user.organisation_id is not None:
        yours |= Q(case__lead_organisation_id=user.organisation_id, case__in=visible_cases(user))
    return AccessRequest.objects.filter(yours, status="pending")


def potential_victim_is_anonymous(decision: PathwayDecision | None) -> bool:
    """An adult who has neither consented to the NRM nor agreed to co-operate stays anonymous."""
    if decision is None:
        return False
    facts = decision.facts or {}
    return (
        facts.get("age_group") == "adult"
        and facts.get("consents_to_nrm") is not True
        and facts.get("cooperates_with_authorities") is not True
    )


def can_see_identifying_details(user: User, case: Case, decision: PathwayDecision | None = None) -> bool:
    """Whether the user may see the potential victim's names, aliases, date of birth and contact.
    Pass the case's latest decision if you have it already, to save a query."""
    if decision is None:
        decision = case.latest_decision
    if not potential_victim_is_anonymous(decision):
        return True
    organisation_id = getattr(user, "organisation_id", None)
    return organisation_id is not None and organisation_id == case.referring_organisation_id


def reporting_partnerships(user: User):  # type: ignore[no-untyped-def]
    """The partnerships a user may report a concern in: those they belong to."""
    return partners_access.user_partnerships(user).order_by("name")


def get_draft_for_user(user: User, pk: int) -> ConcernDraft:
    """A draft belongs to the person writing it; nobody else sees it."""
    draft = ConcernDraft.objects.filter(pk=pk, created_by=user, case__isnull=True).select_related("partnership").first()
    if draft is None:
        raise Http404("No such draft")
    return draft


def case_submitted_from_draft(user: User, pk: int) -> int | None:
    """The case the user's own draft became, if it has been submitted."""
    return (
        ConcernDraft.objects.filter(pk=pk, created_by=user, case__isnull=False)
        .values_list("case_id", flat=True)
        .first()
    )


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
