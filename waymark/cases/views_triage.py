"""The triage queue: coordinators give practitioner referrals a lead organisation or close them, and
open a case from a public report, link it to a case, or close it."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.partners import access as partners_access

from . import access, services_triage
from .forms_triage import CloseForm, LeadOrganisationForm, LinkToCaseForm
from .models import Case, CaseStatus, PathwayDecision, PublicReport, PublicReportStatus, Task
from .vocabulary import INDICATOR_LABELS

# Each page holds several forms; distinct ids keep labels and error links pointing at the right one.
ASSIGN_ID, OPEN_ID, LINK_ID, CLOSE_ID = "assign-%s", "open-%s", "link-%s", "close-%s"


@dataclass
class Referral:
    case: Case
    age_group: str  # "Child" or "Adult", as the pathway treated them; blank without a decision
    first_immediate_task: Task | None


def _age_group(decision: PathwayDecision | None) -> str:
    if decision is None:
        return ""
    return "Child" if decision.decision.get("treated_as_child") else "Adult"


def triage(request: HttpRequest) -> HttpResponse:
    partners_access.require_coordinator(request.user)  # type: ignore[arg-type]
    cases = (
        access.triage_cases(request.user)  # type: ignore[arg-type]
        .select_related("partnership", "referring_organisation", "created_by")
        .prefetch_related(
            Prefetch("decisions", to_attr="latest_decisions"),  # newest first (model ordering)
            Prefetch("tasks", queryset=Task.objects.filter(immediately=True), to_attr="immediate_tasks"),
        )
        .order_by("created_at")
    )
    referrals = [
        Referral(
            case=case,
            age_group=_age_group(case.latest_decisions[0] if case.latest_decisions else None),  # type: ignore[attr-defined]
            first_immediate_task=case.immediate_tasks[0] if case.immediate_tasks else None,  # type: ignore[attr-defined]
        )
        for case in cases
    ]
    reports = list(
        access.triage_public_reports(request.user)  # type: ignore[arg-type]
        .filter(status=PublicReportStatus.NEW)
        .select_related("partnership")
        .order_by("created_at")
    )
    audit.record_many_viewed(request, [r.case for r in referrals], object_type="cases.Case")
    audit.record_many_viewed(request, reports, object_type="cases.PublicReport")
    return render(request, "cases/triage/queue.html", {"referrals": referrals, "reports": reports})


# Practitioner referrals


def _case_for_triage(request: HttpRequest, pk: int, *, action: str) -> Case:
    partners_access.require_coordinator(request.user)  # type: ignore[arg-type]
    return access.get_case_for_user(request.user, pk, action=action)  # type: ignore[arg-type]


def _render_case(
    request: HttpRequest,
    case: Case,
    *,
    lead_form: LeadOrganisationForm | None = None,
    close_form: CloseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    decision = case.latest_decision
    context = {
        "case": case,
        "title": f"Referral {case.reference}",
        "waiting": case.status == CaseStatus.TRIAGE,
        "age_group": _age_group(decision),
        "people": case.people.all(),
        "can_identify": access.can_see_identifying_details(request.user, case, decision),  # type: ignore[arg-type]
        "tasks": case.tasks.select_related("owner_organisation"),
        "lead_form": lead_form or LeadOrganisationForm(partnership=case.partnership, auto_id=ASSIGN_ID),
        "close_form": close_form or CloseForm(auto_id=CLOSE_ID),
    }
    return render(request, "cases/triage/case.html", context, status=status)


def _no_longer_waiting(request: HttpRequest, problem: object) -> HttpResponse:
    """Back to the queue when someone dealt with the item first (or the form was sent twice)."""
    messages.info(request, f"{problem}. Someone may have dealt with it already.")
    return redirect("cases:triage")


def triage_case(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for_triage(request, pk, action="triage")
    audit.record(action=AuditAction.VIEW, request=request, obj=case)
    return _render_case(request, case)


@require_POST
def triage_case_assign_lead(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for_triage(request, pk, action="assign_lead")
    if case.status != CaseStatus.TRIAGE:
        return _no_longer_waiting(request, f"Case {case.reference} is no longer waiting for triage")
    form = LeadOrganisationForm(request.POST, partnership=case.partnership, auto_id=ASSIGN_ID)
    if not form.is_valid():
        return _render_case(request, case, lead_form=form, status=400)
    try:
        case = services_triage.assign_lead(
            case=case,
            lead_organisation=form.cleaned_data["lead_organisation"],
            by=request.user,  # type: ignore[arg-type]
        )
    except services_triage.AlreadyTriaged as error:
        return _no_longer_waiting(request, error)
    messages.success(request, f"Case {case.reference} is open, led by {case.lead_organisation}")
    return redirect("cases:triage")


@require_POST
def triage_case_close(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for_triage(request, pk, action="close")
    if case.status != CaseStatus.TRIAGE:
        return _no_longer_waiting(request, f"Case {case.reference} is no longer waiting for triage")
    form = CloseForm(request.POST, auto_id=CLOSE_ID)
    if not form.is_valid():
        return _render_case(request, case, close_form=form, status=400)
    try:
        case = services_triage.close_case(case=case, reason=form.cleaned_data["reason"], by=request.user)  # type: ignore[arg-type]
    except services_triage.AlreadyTriaged as error:
        return _no_longer_waiting(request, error)
    messages.success(request, f"Referral {case.reference} closed")
    return redirect("cases:triage")


# Public reports


def _render_report(
    request: HttpRequest,
    report: PublicReport,
    *,
    open_form: LeadOrganisationForm | None = None,
    link_form: LinkToCaseForm | None = None,
    close_form: CloseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    partnership = report.partnership
    context = {
        "report": report,
        "title": f"Public report {report.receipt}",
        "waiting": report.status == PublicReportStatus.NEW,
        "linked_case": report.case,
        "signs_seen": [INDICATOR_LABELS.get(sign, sign) for sign in report.signs_seen],
        "open_form": open_form or LeadOrganisationForm(partnership=partnership, auto_id=OPEN_ID),
        "link_form": link_form or LinkToCaseForm(partnership=partnership, auto_id=LINK_ID),
        "close_form": close_form or CloseForm(auto_id=CLOSE_ID),
    }
    return render(request, "cases/triage/report.html", context, status=status)


def triage_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_public_report_for_user(request.user, pk)  # type: ignore[arg-type]
    audit.record(action=AuditAction.VIEW, request=request, obj=report)
    return _render_report(request, report)


@require_POST
def triage_report_open_case(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_public_report_for_user(request.user, pk)  # type: ignore[arg-type]
    if report.status != PublicReportStatus.NEW:
        return _no_longer_waiting(request, f"Report {report.receipt} is no longer waiting for triage")
    form = LeadOrganisationForm(request.POST, partnership=report.partnership, auto_id=OPEN_ID)
    if not form.is_valid():
        return _render_report(request, report, open_form=form, status=400)
    try:
        case = services_triage.open_case_from_report(
            report=report,
            lead_organisation=form.cleaned_data["lead_organisation"],
            by=request.user,  # type: ignore[arg-type]
        )
    except services_triage.AlreadyTriaged as error:
        return _no_longer_waiting(request, error)
    messages.success(
        request, f"Case {case.reference} opened from report {report.receipt}, led by {case.lead_organisation}"
    )
    return redirect("cases:triage")


@require_POST
def triage_report_link(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_public_report_for_user(request.user, pk)  # type: ignore[arg-type]
    if report.status != PublicReportStatus.NEW:
        return _no_longer_waiting(request, f"Report {report.receipt} is no longer waiting for triage")
    form = LinkToCaseForm(request.POST, partnership=report.partnership, auto_id=LINK_ID)
    if not form.is_valid():
        return _render_report(request, report, link_form=form, status=400)
    case = form.cleaned_data["reference"]
    try:
        services_triage.link_report(report=report, case=case, by=request.user)  # type: ignore[arg-type]
    except services_triage.AlreadyTriaged as error:
        return _no_longer_waiting(request, error)
    messages.success(request, f"Report {report.receipt} linked to case {case.reference}")
    return redirect("cases:triage")


@require_POST
def triage_report_close(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_public_report_for_user(request.user, pk)  # type: ignore[arg-type]
    if report.status != PublicReportStatus.NEW:
        return _no_longer_waiting(request, f"Report {report.receipt} is no longer waiting for triage")
    form = CloseForm(request.POST, auto_id=CLOSE_ID)
    if not form.is_valid():
        return _render_report(request, report, close_form=form, status=400)
    try:
        services_triage.close_report(report=report, reason=form.cleaned_data["reason"], by=request.user)  # type: ignore[arg-type]
    except services_triage.AlreadyTriaged as error:
        return _no_longer_waiting(request, error)
    messages.success(request, f"Report {report.receipt} closed")
    return redirect("cases:triage")
