"""Changes to consent, sharing, access requests and the lead role. Each writes an audit entry and a
line on the case's timeline. Reasons and explanations stay on the records, not in the audit trail,
because they may name people and the trail can never be edited."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.partners.models import Membership, Organisation

from . import access, timeline
from .models import (
    AccessRequest,
    AccessRequestStatus,
    Case,
    CasePerson,
    CaseShare,
    ConsentPurpose,
    ConsentRecord,
    EventKind,
    LawfulBasis,
)

if TYPE_CHECKING:
    from waymark.accounts.models import User


class NoLongerPossible(Exception):
    """Someone else got there first: the consent was withdrawn, the share revoked, the request decided."""


def _consent_summary(consent: ConsentRecord) -> str:
    if consent.purpose == ConsentPurpose.SHARING and consent.organisation:
        return f"sharing their information with {consent.organisation}"
    return consent.get_purpose_display().lower()


@transaction.atomic
def record_consent(
    *,
    case: Case,
    purpose: str,
    organisation: Organisation | None,
    person: CasePerson | None,
    given_on: date,
    how: str,
    by: User,
) -> ConsentRecord:
    consent = ConsentRecord.objects.create(
        case=case,
        purpose=purpose,
        organisation=organisation if purpose == ConsentPurpose.SHARING else None,
        person=person,
        given_on=given_on,
        how=how,
        recorded_by=by,
    )
    timeline.record(case, EventKind.CONSENT, f"Consent recorded: {_consent_summary(consent)}", by=by)
    audit.record(action=AuditAction.CREATE, user=by, obj=consent, detail={"purpose": purpose})
    return consent


@transaction.atomic
def withdraw_consent(*, consent: ConsentRecord, withdrawn_on: date, by: User) -> ConsentRecord:
    """Withdrawal takes effect on sharing at once: the shares resting on this consent are revoked."""
    locked = ConsentRecord.objects.select_for_update().get(pk=consent.pk)
    if locked.withdrawn_on is not None:
        raise NoLongerPossible("This consent has already been withdrawn")
    consent.withdrawn_on = withdrawn_on
    consent.withdrawn_recorded_by = by
    consent.save(update_fields=["withdrawn_on", "withdrawn_recorded_by"])
    revoked = list(consent.shares.filter(revoked_at__isnull=True).select_related("organisation"))
    for share in revoked:
        share.revoked_at = timezone.now()
        share.revoked_reason = "Consent withdrawn"
        share.save(update_fields=["revoked_at", "revoked_reason"])
    summary = f"Consent withdrawn: {_consent_summary(consent)}"
    if revoked:
        summary += f". Sharing with {', '.join(str(s.organisation) for s in revoked)} stopped"
    timeline.record(consent.case, EventKind.CONSENT, summary, by=by)
    audit.record(
        action=AuditAction.UPDATE,
        user=by,
        obj=consent,
        detail={"withdrawn_on": withdrawn_on.isoformat(), "shares_revoked": [s.pk for s in revoked]},
    )
    return consent


@transaction.atomic
def share_case(
    *,
    case: Case,
    organisation: Organisation,
    reason: str,
    lawful_basis: str,
    consent: ConsentRecord | None,
    by: User,
) -> CaseShare:
    """Share with a member organisation, resting on the person's consent or another lawful basis."""
    if lawful_basis == LawfulBasis.CONSENT:
        assert consent is not None and consent.is_active, "sharing with consent needs consent that stands"
    else:
        consent = None
    Case.objects.select_for_update().filter(pk=case.pk).first()  # one share decision at a time per case
    if CaseShare.objects.filter(case=case, organisation=organisation, revoked_at__isnull=True).exists():
        raise NoLongerPossible(f"The case is already shared with {organisation}")
    share = CaseShare.objects.create(
        case=case,
        organisation=organisation,
        reason=reason,
        lawful_basis=lawful_basis,
        consent=consent,
        shared_by=by,
    )
    basis = "with consent" if consent else f"on the basis: {share.get_lawful_basis_display()}"
    timeline.record(case, EventKind.SHARING, f"Shared with {organisation} {basis}", by=by)
    audit.record(
        action=AuditAction.CREATE,
        user=by,
        obj=share,
        detail={"organisation": organisation.name, "lawful_basis": lawful_basis},
    )
    return share


@transaction.atomic
def revoke_share(*, share: CaseShare, reason: str, by: User) -> CaseShare:
    locked = CaseShare.objects.select_for_update().get(pk=share.pk)
    if locked.revoked_at is not None:
        raise NoLongerPossible(f"Sharing with {share.organisation} has already stopped")
    share.revoked_at = timezone.now()
    share.revoked_reason = reason
    share.save(update_fields=["revoked_at", "revoked_reason"])
    timeline.record(share.case, EventKind.SHARING, f"Sharing with {share.organisation} stopped", by=by)
    audit.record(action=AuditAction.UPDATE, user=by, obj=share, detail={"revoked": True})
    return share


@transaction.atomic
def request_access(*, reference: str, reason: str, by: User) -> AccessRequest | None:
    """Ask to see a case by its reference. Nothing is created when there is no such case in a
    partnership the requester's organisation belongs to, or when it already has a request waiting;
    the caller says the same thing either way, so the answer discloses nothing."""
    if by.organisation_id is None:
        return None
    case = (
        Case.objects.filter(reference=reference)
        .filter(
            partnership__memberships__in=Membership.objects.filter(
                Membership.current_q(), organisation_id=by.organisation_id
            )
        )
        .first()
    )
    if case is None or access.visible_cases(by).filter(pk=case.pk).exists():
        return None
    if case.access_requests.filter(organisation_id=by.organisation_id, status=AccessRequestStatus.PENDING).exists():
        return None
    access_request = AccessRequest.objects.create(
        case=case, organisation_id=by.organisation_id, requested_by=by, reason=reason
    )
    timeline.record(case, EventKind.SHARING, f"{by.organisation} asked to see the case", by=by)
    audit.record(action=AuditAction.CREATE, user=by, obj=access_request)
    return access_request


def _decide(access_request: AccessRequest, status: str, reason: str, by: User) -> AccessRequest:
    locked = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
    if locked.status != AccessRequestStatus.PENDING:
        raise NoLongerPossible(f"The request from {access_request.organisation} has already been answered")
    access_request.status = status
    access_request.decided_by = by
    access_request.decided_at = timezone.now()
    access_request.decision_reason = reason
    access_request.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    return access_request


@transaction.atomic
def grant_access(
    *,
    access_request: AccessRequest,
    reason: str,
    lawful_basis: str,
    consent: ConsentRecord | None,
    by: User,
) -> CaseShare:
    """Answer yes: the case is shared with the requesting organisation on the basis given."""
    _decide(access_request, AccessRequestStatus.GRANTED, reason, by)
    audit.record(action=AuditAction.UPDATE, user=by, obj=access_request, detail={"status": "granted"})
    return share_case(
        case=access_request.case,
        organisation=access_request.organisation,
        reason=reason,
        lawful_basis=lawful_basis,
        consent=consent,
        by=by,
    )


@transaction.atomic
def refuse_access(*, access_request: AccessRequest, reason: str, by: User) -> AccessRequest:
    _decide(access_request, AccessRequestStatus.REFUSED, reason, by)
    timeline.record(
        access_request.case, EventKind.SHARING, f"Request from {access_request.organisation} refused", by=by
    )
    audit.record(action=AuditAction.UPDATE, user=by, obj=access_request, detail={"status": "refused"})
    return access_request


@transaction.atomic
def transfer_lead(*, case: Case, organisation: Organisation, by: User) -> Case:
    """Hand the lead role to another member organisation."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    previous = locked.lead_organisation
    if previous == organisation:
        raise NoLongerPossible(f"{organisation} already leads the case")
    if not access.may(by, locked, "transfer_lead"):  # someone else passed the lead on meanwhile
        raise NoLongerPossible("Your organisation no longer leads this case")
    case.lead_organisation = organisation
    case.version = locked.version + 1  # a form opened on the case before the transfer is now stale
    case._change_reason = "Lead role transferred"  # type: ignore[attr-defined]
    case._history_user = by  # type: ignore[attr-defined]
    case.save(update_fields=["lead_organisation", "version"])
    summary = f"Lead role passed from {previous} to {organisation}" if previous else f"{organisation} now leads"
    timeline.record(case, EventKind.LEAD, summary, by=by)
    audit.record(
        action=AuditAction.UPDATE,
        user=by,
        obj=case,
        detail={"lead_organisation": [previous.name if previous else None, organisation.name]},
    )
    return case
