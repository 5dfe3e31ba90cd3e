"""Closing and reopening cases, and the retention review."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.partners import access as partners_access

from . import access, retention, services_closing
from .forms_closing import CONFLICT, CaseVersionForm, CloseCaseForm, ReopenCaseForm
from .models import Case, CaseStatus

PER_PAGE = 50


def case_panel(request: HttpRequest, case: Case) -> dict[str, Any]:
    """What this part of the case page needs (templates/cases/_panel_closing.html)."""
    may = services_closing.may_close_or_reopen(request.user, case)  # type: ignore[arg-type]
    closed = case.status == CaseStatus.CLOSED
    return {
        "closing_can_close": may and case.status == CaseStatus.OPEN,
        "closing_can_reopen": may and closed and case.anonymised_at is None,
        "closing_review_due_on": retention.review_due_on(case.closed_at) if closed and case.closed_at else None,
        "closing_due_for_review": retention.is_due_for_review(case),
        "closing_retention_years": retention.retention_years(),
    }


def _case_to_change(request: HttpRequest, pk: int) -> Case:
    """The case, if the user may see it (404 otherwise) and may close or reopen it (403 otherwise)."""
    case = access.get_case_for_user(request.user, pk)  # type: ignore[arg-type]
    if not services_closing.may_close_or_reopen(request.user, case):  # type: ignore[arg-type]
        raise PermissionDenied
    return case


def _render(
    request: HttpRequest, template: str, case: Case, form: CaseVersionForm, *, status: int = 200, **extra: Any
) -> HttpResponse:
    return render(request, template, {"case": case, "form": form, **extra}, status=status)


def _kept_after_conflict(request: HttpRequest, form_class: Any, case: Case, **kwargs: Any) -> CaseVersionForm:
    """What the user typed, judged against the case as it is now, with the conflict explained."""
    case.refresh_from_db()
    data = request.POST.copy()
    data["version"] = str(case.version)  # so that trying again is judged against the case as it is now
    kept = form_class(data, case=case, **kwargs)
    kept.is_valid()
    kept.add_error(None, CONFLICT)
    return kept


def close_case(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_to_change(request, pk)
    template = "cases/closing/close.html"
    if request.method != "POST":
        if case.status != CaseStatus.OPEN:
            messages.info(request, f"Case {case.reference} is not open, so it cannot be closed")
            return redirect("cases:case-detail", pk=case.pk)
        audit.record(action=AuditAction.VIEW, request=request, obj=case)
        unfinished = list(services_closing.unfinished_tasks(case))
        form = CloseCaseForm(case=case, unfinished_tasks=len(unfinished))
        return _render(request, template, case, form, unfinished=unfinished)
    unfinished = list(services_closing.unfinished_tasks(case))
    form = CloseCaseForm(request.POST, case=case, unfinished_tasks=len(unfinished))
    if not form.is_valid():
        return _render(request, template, case, form, status=400, unfinished=unfinished)
    data = form.cleaned_data
    try:
        case = services_closing.close_case(
            case=case,
            version=data["version"],
            outcome=data["outcome"],
            reason=data["reason"],
            by=request.user,  # type: ignore[arg-type]
        )
    except services_closing.StaleCase:
        unfinished = list(services_closing.unfinished_tasks(case))
        kept = _kept_after_conflict(request, CloseCaseForm, case, unfinished_tasks=len(unfinished))
        return _render(request, template, case, kept, status=409, unfinished=unfinished)
    except services_closing.NotNow as problem:
        form.add_error(None, str(problem))
        return _render(request, template, case, form, status=400, unfinished=unfinished)
    messages.success(request, f"Case {case.reference} closed: {case.get_outcome_display()}")
    return redirect(reverse("cases:case-detail", args=[case.pk]) + "#closing")


def reopen_case(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_to_change(request, pk)
    template = "cases/closing/reopen.html"
    if request.method != "POST":
        if case.status != CaseStatus.CLOSED or case.anonymised_at is not None:
            messages.info(request, f"Case {case.reference} cannot be reopened")
            return redirect("cases:case-detail", pk=case.pk)
        audit.record(action=AuditAction.VIEW, request=request, obj=case)
        return _render(request, template, case, ReopenCaseForm(case=case))
    form = ReopenCaseForm(request.POST, case=case)
    if not form.is_valid():
        return _render(request, template, case, form, status=400)
    try:
        case = services_closing.reopen_case(
            case=case,
            version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
            by=request.user,  # type: ignore[arg-type]
        )
    except services_closing.StaleCase:
        return _render(request, template, case, _kept_after_conflict(request, ReopenCaseForm, case), status=409)
    except services_closing.NotNow as problem:
        form.add_error(None, str(problem))
        return _render(request, template, case, form, status=400)
    messages.success(request, f"Case {case.reference} reopened")
    return redirect(reverse("cases:case-detail", args=[case.pk]) + "#closing")


def retention_review(request: HttpRequest) -> HttpResponse:
    """Closed cases of the partnerships the user coordinates whose retention period has ended."""
    user: Any = request.user
    partners_access.require_coordinator(user)
    cases = (
        retention.due_for_review()
        .filter(partnership__in=partners_access.coordinated_partnerships(user))
        .select_related("partnership", "lead_organisation")
        .order_by("closed_at", "pk")
    )
    page = Paginator(cases, PER_PAGE).get_page(request.GET.get("page"))
    audit.record_many_viewed(request, page.object_list, object_type="cases.Case")
    rows = [(case, retention.review_due_on(case.closed_at)) for case in page.object_list]  # type: ignore[arg-type]
    return render(
        request,
        "cases/closing/retention_review.html",
        {"page": page, "rows": rows, "retention_years": retention.retention_years()},
    )
