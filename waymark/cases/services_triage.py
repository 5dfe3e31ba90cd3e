"""Triage decisions: a coordinator gives a referral a lead organisation or closes it, and opens a case
from a public report, links the report to a case, or closes it. Each writes its own audit entry."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.partners.models import Organisation

from . import timeline
from .models import Case, CaseSource, CaseStatus, EventKind, PublicReport, PublicReportStatus
from .services import next_reference

if TYPE_CHECKING:
    from waymark.accounts.models import User


class AlreadyTriaged(Exception):
    """Someone dealt with the referral or report first (two coordinators working the same queue)."""


def _lock_case_in_triage(case: Case) -> Case:
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.status != CaseStatus.TRIAGE:
        raise AlreadyTriaged(f"Case {locked.reference} is no longer waiting for triage")
    return locked


def _lock_new_report(report: PublicReport) -> PublicReport:
    locked = PublicReport.objects.select_for_update().get(pk=report.pk)
    if locked.status != PublicReportStatus.NEW:
        raise AlreadyTriaged(f"Report {locked.receipt} is no longer waiting for triage")
    return locked


def _save_with_history(case: Case, *, by: User, reason: str) -> None:
    case._change_reason = reason  # type: ignore[attr-defined]
    case._history_user = by  # type: ignore[attr-defined]
    case.version += 1  # a form opened on the case before triage is now stale (its conflict check)
    case.save()


@transaction.atomic
def assign_lead(*, case: Case, lead_organisation: Organisation, by: User) -> Case:
    """Open a practitioner's referral with `lead_organisation` in charge of it."""
    case = _lock_case_in_triage(case)
    case.status = CaseStatus.OPEN
    case.lead_organisation = lead_organisation
    _save_with_history(case, by=by, reason="Lead organisation assigned in triage")
    timeline.record(case, EventKind.TRIAGED, f"Opened in triage with {lead_organisation} as lead", by=by)
    audit.record(
        action=AuditAction.UPDATE,
        user=by,
        obj=case,
        detail={"status": [CaseStatus.TRIAGE, CaseStatus.OPEN], "lead_organisation": lead_organisation.name},
    )
    return case


@transaction.atomic
def close_case(*, case: Case, reason: str, by: User) -> Case:
    """Close a practitioner's referral without opening it. The reason is kept on the case, not in the
    audit trail, because it may name people and the trail can never be edited."""
    case = _lock_case_in_triage(case)
    case.status = CaseStatus.CLOSED
    case.closed_at = timezone.now()
    case.closed_reason = reason
    _save_with_history(case, by=by, reason="Closed in triage")
    timeline.record(case, EventKind.STATUS, "Closed in triage", by=by)
    audit.record(
        action=AuditAction.UPDATE,
        user=by,
        obj=case,
        detail={"status": [CaseStatus.TRIAGE, CaseStatus.CLOSED]},
    )
    return case


@transaction.atomic
def open_case_from_report(*, report: PublicReport, lead_organisation: Organisation, by: User) -> Case:
    """Open a case from a public report, led by `lead_organisation`, with what the reporter told us."""
    report = _lock_new_report(report)
    case = Case(
        reference=next_reference(report.partnership),
        partnership=report.partnership,
        status=CaseStatus.OPEN,
        source=CaseSource.PUBLIC,
        lead_organisation=lead_organisation,
        what_happened=report.what_seen,
        locations=[report.where] if report.where else [],
        when_exploited=report.when,
        indicators=list(report.signs_seen),
    )
    _save_with_history(case, by=by, reason=f"Opened in triage from public report {report.receipt}")
    timeline.record(case, EventKind.OPENED, f"Opened from a public report, with {lead_organisation} as lead", by=by)
    audit.record(
        action=AuditAction.CREATE,
        user=by,
        obj=case,
        detail={"public_report": report.receipt, "lead_organisation": lead_organisation.name},
    )
    report.status = PublicReportStatus.CASE_OPENED
    report.case = case
    report.save(update_fields=["status", "case"])
    audit.record(
        action=AuditAction.UPDATE,
        user=by,
        obj=report,
        detail={"status": [PublicReportStatus.NEW, PublicReportStatus.CASE_OPENED], "case": case.reference},
    )
    return case


@transaction.atomic
def link_report(*, report: PublicReport, case: Case, by: User) -> PublicReport:
    """Record that a public report is about a case the partnership already has."""
    assert case.partnership_id == report.partnership_id, "a report links only to a case of its partnership"
    report = _lock_new_report(report)
    report.status = PublicReportStatus.LINKED
    report.case = case
    report.save(update_fields=["status", "case"])
    timeline.record(case, EventKind.TRIAGED, "A public report was linked to this case", by=by)
    audit.record(
        action=AuditAction.UPDATE,
        user=by,
        obj=report,
        detail={"status": [PublicReportStatus.NEW, PublicReportStatus.LINKED], "case": case.reference},
    )
    return report


@transaction.atomic
def close_report(*, report: PublicReport, reason: str, by: User) -> PublicReport:
    """Close a public report that needs no case. As with cases, the reason stays out of the audit trail."""
    report = _lock_new_report(report)
    report.status = PublicReportStatus.CLOSED
    report.closed_reason = reason
    report.save(update_fields=["status", "closed_reason"])
    audit.record(
        action=AuditAction.UPDATE,
        user=by,
        obj=report,
        detail={"status": [PublicReportStatus.NEW, PublicReportStatus.CLOSED]},
    )
    return report
