"""The risks and issues register (list, heat map, a risk's page, adding, editing, reviewing) and the
agreements register (list, an agreement's page, adding, editing, its parties and signatures, the
signed document)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from waymark.cases import documents
from waymark.core import audit
from waymark.core.models import AuditAction

from . import access, risk_rating, services_registers
from .forms_registers import (
    CONFLICT,
    IMPACT,
    LIKELIHOOD,
    NOT_CLOSED,
    AgreementDocumentForm,
    AgreementForm,
    PartyForm,
    RiskFilterForm,
    RiskForm,
    RiskOwnerForm,
    RiskReviewForm,
    SignatureForm,
)
from .models import Agreement, AgreementParty, Risk

BAND_TAG = {
    risk_rating.Band.LOW: "govuk-tag--green",
    risk_rating.Band.MEDIUM: "govuk-tag--yellow",
    risk_rating.Band.HIGH: "govuk-tag--orange",
    risk_rating.Band.VERY_HIGH: "govuk-tag--red",
}


def _user(request: HttpRequest) -> Any:
    return request.user


def _kept_after_conflict(form_class: type[Form], request: HttpRequest, current: Any, noun: str, **kwargs: Any) -> Form:
    """What the user typed, judged against the record as it is now, with the conflict explained."""
    data = request.POST.copy()
    data["version"] = str(current.version)  # so that trying again is judged against the record as it is now
    kept = form_class(data, **kwargs)
    kept.is_valid()
    kept.add_error(None, CONFLICT.format(noun=noun))
    return kept


def _may(getter: Any, user: Any, pk: int, action: str) -> bool:
    try:
        getter(user, pk, action=action)
    except PermissionDenied:
        return False
    return True


# Risks and issues


def _record_owner_names_viewed(request: HttpRequest, risks: list[Risk]) -> None:
    """Owners' names are personal data: a page that shows them is logged."""
    named = [risk for risk in risks if risk.owner_user_id is not None]
    if named:
        audit.record_many_viewed(request, named, object_type="governance.Risk")


def risk_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    partnerships = access.governance_partnerships(user)
    filtering = bool(request.GET)
    form = RiskFilterForm(request.GET if filtering else None, partnerships=partnerships)
    today = timezone.localdate()
    risks = list(
        form.filter(access.visible_risks(user), today=today).select_related(
            "partnership", "owner_organisation", "owner_user"
        )
    )
    _record_owner_names_viewed(request, risks)
    cell = None
    if form.is_bound and form.is_valid() and form.cleaned_data["likelihood"] and form.cleaned_data["impact"]:
        cell = (LIKELIHOOD[form.cleaned_data["likelihood"] - 1][1], IMPACT[form.cleaned_data["impact"] - 1][1])
    context = {
        "form": form,
        "risks": risks,
        "today": today,
        "cell": cell,
        "band_tag": BAND_TAG,
        "several_partnerships": partnerships.count() > 1,
        "may_add": access.manageable_partnerships(user).exists(),
    }
    return render(request, "governance/risk_list.html", context)


@dataclass
class HeatCell:
    likelihood: int
    impact: int
    count: int
    band: risk_rating.Band
    url: str


def risk_heat_map(request: HttpRequest) -> HttpResponse:
    """A 5x5 grid of likelihood by impact: how many risks and issues (not closed, unless the filter
    says otherwise) sit in each cell, each cell coloured and named by its band."""
    user = _user(request)
    partnerships = access.governance_partnerships(user)
    data = request.GET if request.GET else {"status": NOT_CLOSED}
    form = RiskFilterForm(data, partnerships=partnerships)
    form.fields.pop("likelihood")
    form.fields.pop("impact")
    risks = form.filter(access.visible_risks(user), today=timezone.localdate())
    counts = {
        (row["likelihood"], row["impact"]): row["n"]
        for row in risks.order_by().values("likelihood", "impact").annotate(n=Count("pk"))
    }
    query = {k: v for k, v in data.items() if k in form.fields and v}
    rows = []
    for likelihood, likelihood_label in reversed(LIKELIHOOD):  # the most likely at the top, as drawn on paper
        cells = []
        for impact, _ in IMPACT:
            link = (
                reverse("governance:risk-list") + "?" + urlencode({**query, "likelihood": likelihood, "impact": impact})
            )
            cells.append(
                HeatCell(
                    likelihood,
                    impact,
                    counts.get((likelihood, impact), 0),
                    risk_rating.rating(likelihood, impact)[1],
                    link,
                )
            )
        rows.append((likelihood_label, cells))
    context = {
        "form": form,
        "rows": rows,
        "impacts": IMPACT,
        "total": sum(counts.values()),
        "bands": [(band, BAND_TAG[band]) for _, band in risk_rating.BANDS],
        "list_url": reverse("governance:risk-list") + ("?" + urlencode(query) if query else ""),
    }
    return render(request, "governance/risk_heat_map.html", context)


def risk_add(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    partnerships = access.manageable_partnerships(user)
    if not partnerships.exists():
        raise PermissionDenied
    form = RiskForm(request.POST if request.method == "POST" else None, partnerships=partnerships)
    if form.is_bound and form.is_valid():
        partnership = form.chosen_partnership(form.cleaned_data)
        assert partnership is not None
        risk = services_registers.add_risk(partnership=partnership, by=user, **form.changes())
        messages.success(request, f"{risk.get_kind_display()} {risk.reference} added to the register")
        return redirect("governance:risk-detail", pk=risk.pk)
    context = {"form": form, "title": "Add a risk or issue", "button": "Add to the register"}
    return render(request, "governance/risk_form.html", context, status=400 if form.is_bound else 200)


def risk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    risk = access.get_risk_for_user(user, pk)
    if risk.owner_user_id is not None:
        audit.record(action=AuditAction.VIEW, request=request, obj=risk)
    context = {
        "risk": risk,
        "band_tag": BAND_TAG[risk.band],
        "today": timezone.localdate(),
        "may_update": _may(access.get_risk_for_user, user, pk, access.UPDATE),
    }
    return render(request, "governance/risk_detail.html", context)


def risk_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Coordinators edit the whole risk; its owner, the mitigations, status and review date."""
    user = _user(request)
    risk = access.get_risk_for_user(user, pk, action=access.UPDATE)
    full = access.can_manage(user, risk.partnership_id)
    form_class: type[Form] = RiskForm if full else RiskOwnerForm
    kwargs: dict[str, Any] = (
        {"risk": risk, "partnerships": access.manageable_partnerships(user)} if full else {"risk": risk}
    )
    form: Any = form_class(request.POST if request.method == "POST" else None, **kwargs)
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            try:
                risk = services_registers.update_risk(
                    risk=risk, version=form.cleaned_data["version"], by=user, **form.changes()
                )
            except services_registers.StaleRecord:
                risk = access.get_risk_for_user(user, pk)
                form = _kept_after_conflict(form_class, request, risk, "risk", **{**kwargs, "risk": risk})
                status = 409
            else:
                messages.success(request, f"{risk.get_kind_display()} {risk.reference} updated")
                return redirect("governance:risk-detail", pk=risk.pk)
    context = {
        "form": form,
        "risk": risk,
        "title": f"Edit {risk.get_kind_display().lower()} {risk.reference}",
        "button": "Save changes",
        "conflict": status == 409,
        "band_tag": BAND_TAG[risk.band],
    }
    return render(request, "governance/risk_form.html", context, status=status)


def risk_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the risk reviewed today and set the date of its next review."""
    user = _user(request)
    risk = access.get_risk_for_user(user, pk, action=access.UPDATE)
    form: Any = RiskReviewForm(request.POST if request.method == "POST" else None, risk=risk)
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            try:
                risk = services_registers.mark_risk_reviewed(
                    risk=risk,
                    version=form.cleaned_data["version"],
                    next_review=form.cleaned_data["next_review"],
                    by=user,
                )
            except services_registers.StaleRecord:
                risk = access.get_risk_for_user(user, pk)
                form = _kept_after_conflict(RiskReviewForm, request, risk, "risk", risk=risk)
                status = 409
            else:
                next_review = risk.review_date
                assert next_review is not None
                messages.success(
                    request, f"{risk.reference} marked as reviewed. Next review: {next_review.day} {next_review:%B %Y}"
                )
                return redirect("governance:risk-detail", pk=risk.pk)
    context = {"form": form, "risk": risk, "conflict": status == 409, "band_tag": BAND_TAG[risk.band]}
    return render(request, "governance/risk_review.html", context, status=status)


# Agreements


def agreement_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    agreements = (
        access.visible_agreements(user)
        .select_related("partnership")
        .annotate(
            party_count=Count("parties", distinct=True),
            signed_count=Count("parties", filter=Q(parties__signed_on__isnull=False), distinct=True),
        )
    )
    today = timezone.localdate()
    rows = [(agreement, agreement.earliest_withdrawal(today)) for agreement in agreements]
    context = {
        "rows": rows,
        "today": today,
        "several_partnerships": access.governance_partnerships(user).count() > 1,
        "may_add": access.manageable_partnerships(user).exists(),
    }
    return render(request, "governance/agreement_list.html", context)


def agreement_add(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    partnerships = access.manageable_partnerships(user)
    if not partnerships.exists():
        raise PermissionDenied
    form = AgreementForm(request.POST if request.method == "POST" else None, partnerships=partnerships)
    if form.is_bound and form.is_valid():
        partnership = form.chosen_partnership(form.cleaned_data)
        assert partnership is not None
        agreement = services_registers.add_agreement(partnership=partnership, by=user, **form.changes())
        messages.success(request, f"Agreement added: {agreement.title}. Now add its parties.")
        return redirect("governance:agreement-detail", pk=agreement.pk)
    context = {"form": form, "title": "Add an agreement", "button": "Add the agreement"}
    return render(request, "governance/agreement_form.html", context, status=400 if form.is_bound else 200)


def _agreement_context(user: Any, agreement: Agreement) -> dict[str, Any]:
    today = timezone.localdate()
    parties = list(agreement.parties.select_related("organisation"))
    return {
        "agreement": agreement,
        "parties": parties,
        "not_signed": [party for party in parties if party.signed_on is None],
        "today": today,
        "earliest_withdrawal": agreement.earliest_withdrawal(today),
        "rule": services_registers.withdrawal_rule_in_words(agreement),
        "may_manage": access.can_manage(user, agreement.partnership_id),
    }


def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    agreement = access.get_agreement_for_user(user, pk)
    context = _agreement_context(user, agreement)
    if any(party.signatory_name for party in context["parties"]):  # signatories' names are personal data
        audit.record(action=AuditAction.VIEW, request=request, obj=agreement)
    return render(request, "governance/agreement_detail.html", context)


def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    agreement = access.get_agreement_for_user(user, pk, action=access.MANAGE)
    kwargs: dict[str, Any] = {"agreement": agreement, "partnerships": access.manageable_partnerships(user)}
    form: Any = AgreementForm(request.POST if request.method == "POST" else None, **kwargs)
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            try:
                agreement = services_registers.update_agreement(
                    agreement=agreement, version=form.cleaned_data["version"], by=user, **form.changes()
                )
            except services_registers.StaleRecord:
                agreement = access.get_agreement_for_user(user, pk)
                form = _kept_after_conflict(
                    AgreementForm, request, agreement, "agreement", **{**kwargs, "agreement": agreement}
                )
                status = 409
            else:
                messages.success(request, f"Agreement updated: {agreement.title}")
                return redirect("governance:agreement-detail", pk=agreement.pk)
    context = {
        "form": form,
        "agreement": agreement,
        "title": "Edit the agreement",
        "button": "Save changes",
        "conflict": status == 409,
        **({"rule": services_registers.withdrawal_rule_in_words(agreement)} if status == 409 else {}),
    }
    return render(request, "governance/agreement_form.html", context, status=status)


def _get_party(user: Any, pk: int) -> AgreementParty:
    """A party to an agreement the user may manage (404 if they cannot see the agreement at all)."""
    party = (
        AgreementParty.objects.filter(agreement__in=access.visible_agreements(user))
        .select_related("agreement", "organisation")
        .filter(pk=pk)
        .first()
    )
    if party is None:
        raise Http404("No such party")
    access.get_agreement_for_user(user, party.agreement_id, action=access.MANAGE)
    return party


def agreement_party_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    agreement = access.get_agreement_for_user(user, pk, action=access.MANAGE)
    form = PartyForm(request.POST if request.method == "POST" else None, agreement=agreement)
    if form.is_bound and form.is_valid():
        party = services_registers.add_party(agreement=agreement, by=user, **form.cleaned_data)
        messages.success(request, f"{party.organisation} added as a party")
        return redirect(reverse("governance:agreement-detail", args=[agreement.pk]) + "#parties")
    context = {"form": form, "agreement": agreement, "title": "Add a party", "button": "Add the party"}
    return render(request, "governance/agreement_party_form.html", context, status=400 if form.is_bound else 200)


def agreement_party_sign(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    party = _get_party(user, pk)
    form = SignatureForm(request.POST if request.method == "POST" else None, party=party)
    if form.is_bound and form.is_valid():
        services_registers.record_signature(party=party, by=user, **form.cleaned_data)
        messages.success(request, f"Signature recorded for {party.organisation}")
        return redirect(reverse("governance:agreement-detail", args=[party.agreement_id]) + "#parties")
    context = {
        "form": form,
        "agreement": party.agreement,
        "party": party,
        "title": f"Record {party.organisation}'s signature",
        "button": "Record the signature",
    }
    return render(request, "governance/agreement_party_form.html", context, status=400 if form.is_bound else 200)


def agreement_party_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    party = _get_party(user, pk)
    if request.method == "POST":
        services_registers.remove_party(party=party, by=user)
        messages.success(request, f"{party.organisation} is no longer a party to the agreement")
        return redirect(reverse("governance:agreement-detail", args=[party.agreement_id]) + "#parties")
    return render(request, "governance/agreement_party_remove.html", {"party": party, "agreement": party.agreement})


def agreement_document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    agreement = access.get_agreement_for_user(user, pk, action=access.MANAGE)
    form = AgreementDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        assert form.kind is not None
        services_registers.attach_document(
            agreement=agreement, upload=form.cleaned_data["file"], kind=form.kind, by=user
        )
        messages.success(request, f"Signed agreement uploaded ({form.kind.name})")
        return redirect("governance:agreement-detail", pk=agreement.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "governance/agreement_document_form.html", {"form": form, "agreement": agreement}, status=status
    )


def agreement_document(request: HttpRequest, pk: int) -> FileResponse:
    """The signed agreement, for anyone who may read the agreement, as an attachment."""
    agreement = access.get_agreement_for_user(_user(request), pk)
    try:
        stored = services_registers.open_document(agreement)
    except FileNotFoundError:
        raise Http404("The agreement has no document") from None
    kind = documents.identify(stored)
    services_registers.record_download(agreement, request)
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=documents.download_name(agreement.document_name or "agreement", kind),
        content_type=kind.content_type if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
