"""Consent, need-to-know sharing, access requests and the lead role."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from waymark.core import audit

from . import access, services_sharing
from .forms_sharing import (
    AccessRequestForm,
    ConsentForm,
    DecideAccessForm,
    RevokeShareForm,
    ShareForm,
    TransferLeadForm,
    WithdrawConsentForm,
)
from .holdings import holds
from .models import AccessRequestStatus, Case


def identifying_details(user: Any, case: Case, decision: Any = None) -> dict[str, Any]:
    """Whether the user sees the potential victim's identifying details, and who holds them if not."""
    visible = access.can_see_identifying_details(user, case, decision)
    holder = case.referring_organisation or "the organisation that recorded them"
    return {
        "identifying_details_visible": visible,
        "identifying_details_held_by": f"Identifying details are held by {holder}",
    }


def case_panel(request: HttpRequest, case: Case) -> dict[str, Any]:
    """What this part of the case page needs (templates/cases/_panel_sharing.html)."""
    user: Any = request.user
    can_decide = access.may(user, case, "decide_access")
    return {
        **identifying_details(user, case),
        "consents": (
            case.consents.select_related("organisation", "person", "recorded_by", "withdrawn_recorded_by")
            if holds(case, "consents")
            else []
        ),
        "shares": case.shares.select_related("organisation", "shared_by", "consent") if holds(case, "shares") else [],
        "access_requests": (
            case.access_requests.filter(status=AccessRequestStatus.PENDING).select_related(
                "organisation", "requested_by"
            )
            if can_decide and holds(case, "pending_access_requests")
            else []
        ),
        "can_share": access.may(user, case, "share"),
        "can_decide_access": can_decide,
        "can_transfer_lead": access.may(user, case, "transfer_lead"),
    }


def _posted(request: HttpRequest) -> Any:
    """The form data when the form was sent, even empty, so an empty form gets its errors."""
    return request.POST if request.method == "POST" else None


def _form_page(request: HttpRequest, context: dict[str, Any], *, status: int = 200) -> HttpResponse:
    return render(request, "cases/sharing/form.html", context, status=status)


def _back_to_case(request: HttpRequest, case: Case, problem: object) -> HttpResponse:
    messages.info(request, f"{problem}. Someone may have done it already.")
    return redirect("cases:case-detail", pk=case.pk)


# Consent


def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    case = access.get_case_for_user(user, pk, action="record_consent")
    visible = access.can_see_identifying_details(user, case)
    form = ConsentForm(_posted(request), case=case, identifying_details_visible=visible)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services_sharing.record_consent(
            case=case,
            purpose=data["purpose"],
            organisation=data.get("organisation"),
            person=data.get("person"),
            given_on=data["given_on"],
            how=data["how"],
            by=user,
        )
        messages.success(request, "Consent recorded")
        return redirect("cases:case-detail", pk=case.pk)
    context = {"case": case, "form": form, "title": "Record consent", "button": "Record consent"}
    return _form_page(request, context, status=400 if form.is_bound else 200)


def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    consent = access.get_consent_for_user(user, pk, action="withdraw_consent")
    if consent.withdrawn_on is not None:
        return _back_to_case(request, consent.case, "This consent has already been withdrawn")
    form = WithdrawConsentForm(_posted(request), consent=consent)
    if request.method == "POST" and form.is_valid():
        try:
            services_sharing.withdraw_consent(consent=consent, withdrawn_on=form.cleaned_data["withdrawn_on"], by=user)
        except services_sharing.NoLongerPossible as error:
            return _back_to_case(request, consent.case, error)
        messages.success(request, "Consent withdrawn. Any sharing that rested on it has stopped")
        return redirect("cases:case-detail", pk=consent.case.pk)
    context = {
        "case": consent.case,
        "form": form,
        "title": "Withdraw consent",
        "intro": f"Consent to {consent.get_purpose_display().lower()}"
        + (f" ({consent.organisation})" if consent.organisation else "")
        + f", given on {consent.given_on:%-d %B %Y}. Any sharing that rests on it stops at once.",
        "button": "Withdraw consent",
        "warning": True,
    }
    return _form_page(request, context, status=400 if form.is_bound else 200)


# Sharing


def share_add(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    case = access.get_case_for_user(user, pk, action="share")
    form = ShareForm(_posted(request), case=case)
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        try:
            services_sharing.share_case(
                case=case,
                organisation=organisation,
                reason=form.reason_with_explanation(),
                lawful_basis=form.cleaned_data["lawful_basis"],
                consent=form.cleaned_data["consent"],
                by=user,
            )
        except services_sharing.NoLongerPossible as error:  # shared meanwhile, e.g. a double click
            messages.info(request, str(error))
        else:
            messages.success(request, f"Case shared with {organisation}")
        return redirect("cases:case-detail", pk=case.pk)
    context = {
        "case": case,
        "form": form,
        "title": "Share the case",
        "intro": "Share only what the organisation needs to know. They will see the whole case until you stop "
        "the sharing or the consent it rests on is withdrawn.",
        "button": "Share the case",
    }
    return _form_page(request, context, status=400 if form.is_bound else 200)


def share_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    share = access.get_share_for_user(user, pk, action="revoke_share")
    if share.revoked_at is not None:
        return _back_to_case(request, share.case, f"Sharing with {share.organisation} has already stopped")
    form = RevokeShareForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services_sharing.revoke_share(share=share, reason=form.cleaned_data["reason"], by=user)
        except services_sharing.NoLongerPossible as error:
            return _back_to_case(request, share.case, error)
        messages.success(request, f"{share.organisation} can no longer see the case")
        return redirect("cases:case-detail", pk=share.case.pk)
    context = {
        "case": share.case,
        "form": form,
        "title": f"Stop sharing with {share.organisation}",
        "intro": f"{share.organisation} will no longer see the case, unless it owns a task on it.",
        "button": "Stop sharing",
        "warning": True,
    }
    return _form_page(request, context, status=400 if form.is_bound else 200)


# Access requests


def access_request(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = AccessRequestForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services_sharing.request_access(
            reference=form.cleaned_data["reference"], reason=form.cleaned_data["reason"], by=user
        )
        # The same answer whether or not the case exists, so the page discloses nothing.
        return redirect("cases:access-request-sent")
    context = {
        "form": form,
        "title": "Ask to see a case",
        "intro": "Give the reference of a case in your partnership that your organisation cannot see. "
        "The lead organisation decides whether to share it with you. You will not see any details of the "
        "case until they do.",
        "button": "Send the request",
    }
    return _form_page(request, context, status=400 if form.is_bound else 200)


def access_request_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "cases/sharing/access_request_sent.html")


def access_request_list(request: HttpRequest) -> HttpResponse:
    requests = list(
        access.access_requests_to_decide(request.user)  # type: ignore[arg-type]
        .select_related("case", "organisation", "requested_by")
        .order_by("requested_at")
    )
    audit.record_many_viewed(request, requests, object_type="cases.AccessRequest")
    return render(request, "cases/sharing/access_request_list.html", {"access_requests": requests})


def access_request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    access_request = access.get_access_request_for_user(user, pk)
    case = access_request.case
    if access_request.status != AccessRequestStatus.PENDING:
        return _back_to_case(request, case, f"The request from {access_request.organisation} has been answered")
    form = DecideAccessForm(_posted(request), case=case, organisation=access_request.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "grant":
                services_sharing.grant_access(
                    access_request=access_request,
                    reason=form.reason_with_explanation(),
                    lawful_basis=form.cleaned_data["lawful_basis"],
                    consent=form.cleaned_data["consent"],
                    by=user,
                )
                messages.success(request, f"Case shared with {access_request.organisation}")
            else:
                services_sharing.refuse_access(
                    access_request=access_request, reason=form.cleaned_data["reason"], by=user
                )
                messages.success(request, f"Request from {access_request.organisation} refused")
        except services_sharing.NoLongerPossible as error:
            return _back_to_case(request, case, error)
        return redirect("cases:case-detail", pk=case.pk)
    context = {
        "case": case,
        "form": form,
        "title": f"{access_request.organisation} asks to see the case",
        "details": [
            ("Asked by", f"{access_request.requested_by.full_name}, {access_request.organisation}"),
            ("Asked on", f"{access_request.requested_at:%-d %B %Y %H:%M}"),
            ("Why they need it", access_request.reason),
        ],
        "button": "Save the decision",
    }
    return _form_page(request, context, status=400 if form.is_bound else 200)


# Lead role


def lead_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    case = access.get_case_for_user(user, pk, action="transfer_lead")
    form = TransferLeadForm(_posted(request), case=case)
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        try:
            services_sharing.transfer_lead(case=case, organisation=organisation, by=user)
        except services_sharing.NoLongerPossible as error:
            return _back_to_case(request, case, error)
        messages.success(request, f"{organisation} now leads the case")
        if access.visible_cases(user).filter(pk=case.pk).exists():
            return redirect("cases:case-detail", pk=case.pk)
        return redirect("cases:case-list")
    context = {
        "case": case,
        "form": form,
        "title": "Pass the lead role to another organisation",
        "intro": f"The case is led by {case.lead_organisation or 'nobody yet'}. The new lead organisation takes "
        "charge of the case. Your organisation keeps seeing it only if it referred the case, owns a task on "
        "it, or the case is shared with it.",
        "button": "Pass the lead role",
    }
    return _form_page(request, context, status=400 if form.is_bound else 200)
