"""Performance returns: the list (filtered by status, grant and overdue), a return's page, submitting
it (the recipient, or a grants officer on its behalf), reviewing it (the named scrutineer and the
commissioner's office) and downloading its evidence.

Who may do what is in access.py: anyone who sees a grant sees its returns; a return the user may not
see is "not found"."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from waymark.cases import documents
from waymark.core import audit
from waymark.core.models import AuditAction

from . import access, services_returns
from .forms_returns import CONFLICT, ReturnFilterForm, ReturnReviewForm, ReturnSubmitForm
from .models import Grant, PerformanceReturn, ReturnStatus, ReviewerRole, ReviewOutcome

PER_PAGE = 25


def _user(request: HttpRequest) -> Any:
    return request.user


def grant_url(grant: Grant) -> str | None:
    """The grant's page, once the grants section has one."""
    try:
        return reverse("funding:grant-detail", args=[grant.pk])
    except NoReverseMatch:
        return None


def period_text(performance_return: PerformanceReturn) -> str:
    start, end = performance_return.period_start, performance_return.period_end
    return f"{start.day} {start:%B %Y} to {end.day} {end:%B %Y}"


def _detail_url(performance_return: PerformanceReturn) -> str:
    return reverse("funding:return-detail", args=[performance_return.pk])


def _kept_after_conflict(form_class: type[Form], request: HttpRequest, current: Any, **kwargs: Any) -> Form:
    """What the user typed, judged against the return as it is now, with the conflict explained."""
    data = request.POST.copy()
    data["version"] = str(current.version)  # so that trying again is judged against the return as it is now
    kept = form_class(data, **kwargs)
    kept.is_valid()
    kept.add_error(None, CONFLICT)
    return kept


# The list


def return_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not access.can_see_funding(user):
        raise PermissionDenied
    grants = access.visible_grants(user).select_related("recipient").order_by("title", "pk")
    filtering = bool(set(request.GET) - {"page"})
    form = ReturnFilterForm(request.GET if filtering else None, grants=grants)
    today = timezone.localdate()
    # Those still to come in or be reviewed first, the earliest due at the top; accepted ones after.
    done = Case(When(status=ReturnStatus.ACCEPTED, then=Value(1)), default=Value(0), output_field=IntegerField())
    returns = (
        form.filter(access.visible_returns(user), today=today)
        .select_related("grant__recipient")
        .annotate(done=done)
        .order_by("done", "due_on", "grant__title", "period_start", "pk")
    )
    page = Paginator(returns, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "returns": list(page.object_list),
        "query": query.urlencode(),
        "today": today,
    }
    return render(request, "funding/return_list.html", context)


# A return's page


def _values_rows(performance_return: PerformanceReturn) -> list[dict[str, Any]]:
    """Each of the grant's measures with its target and the figure reported (None if not reported)."""
    values = {value.measure_id: value.value for value in performance_return.values.all()}
    return [
        {"measure": measure, "target": measure.target, "value": values.get(measure.pk)}
        for measure in performance_return.grant.measures.all()
    ]


def return_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    performance_return = access.get_return_for_user(user, pk)
    audit.record(action=AuditAction.VIEW, request=request, obj=performance_return)
    grant = performance_return.grant
    may_submit = _may(user, pk, access.SUBMIT_RETURN) and not services_returns.submit_refusal(performance_return)
    status = performance_return.status
    context = {
        "performance_return": performance_return,
        "grant": grant,
        "grant_url": grant_url(grant),
        "period": period_text(performance_return),
        "rows": _values_rows(performance_return),
        "reviews": list(performance_return.reviews.select_related("by")),
        "awaiting": services_returns.awaiting(performance_return) if status == ReturnStatus.SUBMITTED else [],
        "may_submit": may_submit,
        "may_review": bool(services_returns.review_roles(user, performance_return)),
        "today": timezone.localdate(),
    }
    return render(request, "funding/return_detail.html", context)


def _may(user: Any, pk: int, action: str) -> bool:
    try:
        access.get_return_for_user(user, pk, action=action)
    except PermissionDenied:
        return False
    return True


# Submitting


def return_submit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    performance_return = access.get_return_for_user(user, pk, action=access.SUBMIT_RETURN)
    refusal = services_returns.submit_refusal(performance_return)
    if refusal:
        messages.info(request, refusal)
        return redirect(_detail_url(performance_return))
    kwargs: dict[str, Any] = {
        "performance_return": performance_return,
        "measures": list(performance_return.grant.measures.all()),
    }
    posted = request.method == "POST"
    form: Any = ReturnSubmitForm(request.POST if posted else None, request.FILES if posted else None, **kwargs)
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            resubmitted = performance_return.status == ReturnStatus.QUERIED
            try:
                performance_return = services_returns.submit_return(
                    performance_return=performance_return,
                    version=form.cleaned_data["version"],
                    values=form.figures(),
                    narrative=form.cleaned_data["narrative"],
                    evidence=form.cleaned_data["evidence"],
                    evidence_kind=form.kind,
                    by=user,
                )
            except services_returns.StaleRecord:
                performance_return = access.get_return_for_user(user, pk)
                kwargs = {
                    "performance_return": performance_return,
                    "measures": list(performance_return.grant.measures.all()),
                }
                form, status = _kept_after_conflict(ReturnSubmitForm, request, performance_return, **kwargs), 409
            except services_returns.NotAllowed as refused:
                messages.info(request, str(refused))
                return redirect(_detail_url(performance_return))
            else:
                verb = "submitted again" if resubmitted else "submitted"
                messages.success(request, f"Return for {period_text(performance_return)} {verb} for review")
                return redirect(_detail_url(performance_return))
    context = {
        "form": form,
        "performance_return": performance_return,
        "grant": performance_return.grant,
        "period": period_text(performance_return),
        "queries": _latest_queries(performance_return),
        "conflict": status == 409,
    }
    return render(request, "funding/return_submit.html", context, status=status)


def _latest_queries(performance_return: PerformanceReturn) -> list[Any]:
    """The queries that sent the return back, to answer in the resubmission."""
    if performance_return.status != ReturnStatus.QUERIED:
        return []
    return list(
        performance_return.reviews.filter(outcome=ReviewOutcome.QUERIED, at__gte=performance_return.submitted_at)
        .select_related("by")
        .order_by("at", "id")
    )


# Reviewing


def return_review(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    performance_return = access.get_return_for_user(user, pk)
    if not services_returns.roles_held(user, performance_return):
        raise PermissionDenied
    roles = services_returns.review_roles(user, performance_return)
    if not roles:
        messages.info(request, _why_not_reviewable(performance_return))
        return redirect(_detail_url(performance_return))
    form: Any = ReturnReviewForm(
        request.POST if request.method == "POST" else None, performance_return=performance_return, roles=roles
    )
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            outcome = form.cleaned_data["outcome"]
            try:
                performance_return = services_returns.review_return(
                    performance_return=performance_return,
                    version=form.cleaned_data["version"],
                    role=form.chosen_role(),
                    outcome=outcome,
                    comments=form.cleaned_data["comments"],
                    by=user,
                )
            except services_returns.StaleRecord:
                performance_return = access.get_return_for_user(user, pk)
                roles = services_returns.review_roles(user, performance_return)
                if not roles:
                    messages.info(request, _why_not_reviewable(performance_return))
                    return redirect(_detail_url(performance_return))
                form = _kept_after_conflict(
                    ReturnReviewForm, request, performance_return, performance_return=performance_return, roles=roles
                )
                status = 409
            except services_returns.NotAllowed as refused:
                messages.info(request, str(refused))
                return redirect(_detail_url(performance_return))
            else:
                messages.success(request, _reviewed_message(performance_return, outcome))
                return redirect(_detail_url(performance_return))
    context = {
        "form": form,
        "performance_return": performance_return,
        "grant": performance_return.grant,
        "period": period_text(performance_return),
        "rows": _values_rows(performance_return),
        "conflict": status == 409,
    }
    return render(request, "funding/return_review.html", context, status=status)


def _why_not_reviewable(performance_return: PerformanceReturn) -> str:
    if performance_return.status == ReturnStatus.NOT_SUBMITTED:
        return "This return has not been submitted yet."
    if performance_return.status == ReturnStatus.QUERIED:
        return "This return has been queried: it can be reviewed once it is submitted again."
    if performance_return.status == ReturnStatus.ACCEPTED:
        return "This return has been accepted."
    return "You have already accepted this return. It now needs the other reviewer's acceptance."


def _reviewed_message(performance_return: PerformanceReturn, outcome: str) -> str:
    period = period_text(performance_return)
    if outcome == ReviewOutcome.QUERIED:
        return f"Return for {period} queried: the recipient has been told"
    if performance_return.status == ReturnStatus.ACCEPTED:
        return f"Return for {period} accepted"
    still = " and ".join(ReviewerRole(role).label.lower() for role in services_returns.awaiting(performance_return))
    return f"You accepted the return for {period}. It still needs the {still} to accept it"


# Evidence


def return_evidence(request: HttpRequest, pk: int) -> FileResponse:
    """The return's evidence, for anyone who may see the return, as an attachment."""
    performance_return = access.get_return_for_user(_user(request), pk)
    try:
        stored = services_returns.open_evidence(performance_return)
    except FileNotFoundError:
        raise Http404("The return has no evidence") from None
    kind = documents.identify(stored)
    services_returns.record_download(performance_return, request)
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=documents.download_name(performance_return.evidence_name or "evidence", kind),
        content_type=kind.content_type if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
