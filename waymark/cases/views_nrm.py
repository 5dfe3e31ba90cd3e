"""Recording the National Referral Mechanism: referral, decisions, reconsiderations and support, the
case page's NRM panel, and coordinators' list of overdue decisions.

Everyone who may see a case may see its NRM record. Those who may record it: users of the case's lead
organisation, of the referral's first responder organisation, or of an organisation owning the case's
NRM referral task, and the coordinators of its partnership.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.partners import access as partners_access
from waymark.partners.models import Organisation, Partnership

from . import access, nrm_rules, services_nrm
from .forms_nrm import (
    CGDecisionForm,
    DutyToNotifyForm,
    NRMForm,
    ReconsiderationRequestForm,
    ReconsiderationResultForm,
    ReferralForm,
    RGDecisionForm,
    SupportReferralsForm,
)
from .holdings import holds
from .models import Case, CaseStatus, GroundsOutcome, NRMReferral, PathwayDecision

if TYPE_CHECKING:
    from waymark.accounts.models import User

CONFLICT_MESSAGE = (
    "Someone else changed the NRM record while you were working on it. Your answers have not been saved. "
    "Check the record as it is now, shown below, then save your answers again if they are still right."
)


@dataclass
class NRMStatus:
    """The record with what the timescales make of it (nrm_rules)."""

    nrm: NRMReferral | None
    nation: str
    rg_due_by: date | None = None
    rg_met_target: bool | None = None
    recovery_period_ends: date | None = None
    alerts: list[str] = field(default_factory=list)


def _nation(case: Case, decision: PathwayDecision | None) -> str:
    """The nation the pathway decided under; the partnership's when there is no decision."""
    nation = decision.facts.get("nation") if decision else None
    return nation if nation in nrm_rules.RECOVERY_PERIOD_DAYS else case.partnership.nation


def nrm_status(case: Case, nrm: NRMReferral | None, nation: str, today: date | None = None) -> NRMStatus:
    status = NRMStatus(nrm=nrm, nation=nation)
    if nrm is None:
        return status
    if nrm.referred_on:
        status.rg_due_by = nrm_rules.rg_target(nrm.referred_on, nation)
        if nrm.rg_decision_on:
            status.rg_met_target = nrm_rules.rg_met_target(nrm.referred_on, nrm.rg_decision_on, nation)
    if nrm.rg_decision_on:
        status.recovery_period_ends = nrm_rules.recovery_period_end(nrm.rg_decision_on, nrm.rg_outcome, nation)
    state = nrm_rules.NRMState(
        referred_on=nrm.referred_on,
        rg_decision_on=nrm.rg_decision_on,
        rg_outcome=nrm.rg_outcome,
        cg_decision_on=nrm.cg_decision_on,
    )
    status.alerts = nrm_rules.alerts(state, nation, today or timezone.localdate())
    return status


def _load_nrm(case: Case) -> NRMReferral | None:
    return NRMReferral.objects.filter(case=case).select_related("first_responder_organisation").first()


def may_record_nrm(user: User, case: Case, nrm: NRMReferral | None) -> bool:
    organisation_id = user.organisation_id
    if organisation_id is not None and (
        organisation_id == case.lead_organisation_id
        or (nrm is not None and organisation_id == nrm.first_responder_organisation_id)
        or case.tasks.filter(code="nrm_referral", owner_organisation_id=organisation_id).exists()
    ):
        return True
    return case.partnership_id in partners_access.coordinated_partnership_ids(user)


def _case_for_recording(request: HttpRequest, pk: int) -> tuple[Case, NRMReferral | None]:
    """The case and its NRM record: 404 if the user may not see the case, 403 if they may only look."""
    case = access.get_case_for_user(request.user, pk)  # type: ignore[arg-type]
    nrm = _load_nrm(case)
    if not may_record_nrm(request.user, case, nrm):  # type: ignore[arg-type]
        raise PermissionDenied
    return case, nrm


def case_panel(request: HttpRequest, case: Case) -> dict[str, Any]:
    """What this part of the case page needs (templates/cases/_panel_nrm.html)."""
    nrm = _load_nrm(case) if holds(case, "nrm") else None
    return {"nrm_status": nrm_status(case, nrm, _nation(case, case.latest_decision))}


def nrm_record(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_case_for_user(request.user, pk)  # type: ignore[arg-type]
    nrm = _load_nrm(case)
    audit.record(action=AuditAction.VIEW, request=request, obj=nrm or case)
    context = {
        "case": case,
        "status": nrm_status(case, nrm, _nation(case, case.latest_decision)),
        "reconsiderations": nrm.reconsiderations.select_related("requested_by") if nrm else [],
        "can_record": may_record_nrm(request.user, case, nrm),  # type: ignore[arg-type]
    }
    return render(request, "cases/nrm/record.html", context)


def _initial(form_class: type[NRMForm], nrm: NRMReferral | None) -> dict[str, Any]:
    if nrm is None:
        return {}
    return {name: getattr(nrm, name) for name in form_class.base_fields if hasattr(nrm, name)}


def _form_page(
    request: HttpRequest,
    case: Case,
    nrm: NRMReferral | None,
    *,
    form_class: type[NRMForm],
    save: Callable[..., Any],
    template: str,
    heading: str,
    success: Callable[[Any], str],
    form_kwargs: dict[str, Any] | None = None,
    initial: dict[str, Any] | None = None,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """Show a topic's form; on a valid POST save it through `save`, or show the conflict (409)."""
    form_kwargs = form_kwargs or {}
    nation = _nation(case, case.latest_decision)
    page = {"case": case, "heading": heading, "status": nrm_status(case, nrm, nation), **(context or {})}
    if request.method != "POST":
        audit.record(action=AuditAction.VIEW, request=request, obj=nrm or case)
        form = form_class(nrm=nrm, initial=initial if initial is not None else _initial(form_class, nrm), **form_kwargs)
        return render(request, template, {**page, "form": form})
    form = form_class(request.POST, nrm=nrm, **form_kwargs)
    if not form.is_valid():
        return render(request, template, {**page, "form": form}, status=400)
    answers = {name: value for name, value in form.cleaned_data.items() if name != "version"}
    try:
        saved = save(by=request.user, expected_version=form.cleaned_data["version"], **answers)
    except services_nrm.StaleNRMRecord:
        # Keep what was typed, checked against the record as it is now; saving again is deliberate.
        current = _load_nrm(case)
        data = request.POST.copy()
        data["version"] = str(current.version if current else 0)
        form = form_class(data, nrm=current, **form_kwargs)
        form.is_valid()
        form.add_error(None, CONFLICT_MESSAGE)
        page["status"] = nrm_status(case, current, nation)
        return render(request, template, {**page, "form": form, "conflict": True}, status=409)
    messages.success(request, success(saved))
    return redirect("cases:nrm", pk=case.pk)


def _partnership_organisations(case: Case) -> Any:
    return Organisation.objects.active().in_partnerships(Partnership.objects.filter(pk=case.partnership_id))


def record_referral(request: HttpRequest, pk: int) -> HttpResponse:
    case, nrm = _case_for_recording(request, pk)
    return _form_page(
        request,
        case,
        nrm,
        form_class=ReferralForm,
        save=partial(services_nrm.record_referral, case=case),
        template="cases/nrm/referral.html",
        heading="NRM referral",
        success=lambda _: "NRM referral saved",
        form_kwargs={"first_responders": _partnership_organisations(case).filter(is_first_responder=True)},
    )


def _rg_saved(case: Case) -> Callable[[NRMReferral], str]:
    def message(nrm: NRMReferral) -> str:
        status = nrm_status(case, nrm, _nation(case, case.latest_decision))
        parts = ["Reasonable grounds decision saved."]
        if status.rg_met_target is not None:
            parts.append(
                "It met the 5 working day target." if status.rg_met_target else "It missed the 5 working day target."
            )
        if status.recovery_period_ends:
            parts.append(f"The recovery period ends on {nrm_rules.long_date(status.recovery_period_ends)}.")
        return " ".join(parts)

    return message


def record_rg_decision(request: HttpRequest, pk: int) -> HttpResponse:
    case, nrm = _case_for_recording(request, pk)
    return _form_page(
        request,
        case,
        nrm,
        form_class=RGDecisionForm,
        save=partial(services_nrm.record_rg_decision, case=case),
        template="cases/nrm/rg_decision.html",
        heading="Reasonable grounds decision",
        success=_rg_saved(case),
        context={"recovery_period_days": nrm_rules.RECOVERY_PERIOD_DAYS},
    )


def record_cg_decision(request: HttpRequest, pk: int) -> HttpResponse:
    case, nrm = _case_for_recording(request, pk)
    return _form_page(
        request,
        case,
        nrm,
        form_class=CGDecisionForm,
        save=partial(services_nrm.record_cg_decision, case=case),
        template="cases/nrm/cg_decision.html",
        heading="Conclusive grounds decision",
        success=lambda _: "Conclusive grounds decision saved",
        form_kwargs={"nation": _nation(case, case.latest_decision)},
    )


def record_duty_to_notify(request: HttpRequest, pk: int) -> HttpResponse:
    case, nrm = _case_for_recording(request, pk)
    return _form_page(
        request,
        case,
        nrm,
        form_class=DutyToNotifyForm,
        save=partial(services_nrm.record_duty_to_notify, case=case),
        template="cases/nrm/duty_to_notify.html",
        heading="Duty to Notify",
        success=lambda _: "Duty to Notify date saved",
    )


def record_support_referrals(request: HttpRequest, pk: int) -> HttpResponse:
    case, nrm = _case_for_recording(request, pk)
    return _form_page(
        request,
        case,
        nrm,
        form_class=SupportReferralsForm,
        save=partial(services_nrm.record_support_referrals, case=case),
        template="cases/nrm/support.html",
        heading="Support referrals",
        success=lambda _: "Support referrals saved",
    )


def request_reconsideration(request: HttpRequest, pk: int) -> HttpResponse:
    case, nrm = _case_for_recording(request, pk)
    return _form_page(
        request,
        case,
        nrm,
        form_class=ReconsiderationRequestForm,
        save=partial(services_nrm.request_reconsideration, case=case),
        template="cases/nrm/reconsideration_request.html",
        heading="Ask for a decision to be reconsidered",
        success=lambda _: "Reconsideration request saved",
        form_kwargs={"organisations": _partnership_organisations(case)},
        initial={"requested_by": nrm.first_responder_organisation_id if nrm else None},
    )


def record_reconsideration_result(request: HttpRequest, pk: int, reconsideration_pk: int) -> HttpResponse:
    case, nrm = _case_for_recording(request, pk)
    reconsideration = nrm.reconsiderations.filter(pk=reconsideration_pk).first() if nrm else None
    if reconsideration is None:
        raise Http404("No such reconsideration")
    initial: dict[str, Any] = {"decided_on": reconsideration.decided_on}
    if reconsideration.upheld is not None:
        initial["upheld"] = "yes" if reconsideration.upheld else "no"
    return _form_page(
        request,
        case,
        nrm,
        form_class=ReconsiderationResultForm,
        save=partial(services_nrm.record_reconsideration_result, reconsideration=reconsideration),
        template="cases/nrm/reconsideration_result.html",
        heading="Result of the reconsideration",
        success=lambda _: "Reconsideration result saved",
        form_kwargs={"requested_on": reconsideration.requested_on},
        initial=initial,
        context={"reconsideration": reconsideration},
    )


@dataclass
class OverdueCase:
    case: Case
    alerts: list[str]


def overdue(request: HttpRequest) -> HttpResponse:
    """Every open case with an NRM decision overdue, in the partnerships the user coordinates."""
    user: User = request.user  # type: ignore[assignment]
    partners_access.require_coordinator(user)
    waiting = Q(referred_on__isnull=False, rg_decision_on__isnull=True) | Q(
        rg_outcome=GroundsOutcome.POSITIVE, cg_decision_on__isnull=True
    )
    records = (
        NRMReferral.objects.filter(waiting, case__partnership__in=partners_access.coordinated_partnerships(user))
        .exclude(case__status=CaseStatus.CLOSED)
        .select_related("case__partnership", "case__lead_organisation")
        .prefetch_related(Prefetch("case__decisions", to_attr="latest_decisions"))
        .order_by("case__reference")
    )
    today = timezone.localdate()
    rows = []
    for nrm in records:
        decisions = nrm.case.latest_decisions  # type: ignore[attr-defined]
        status = nrm_status(nrm.case, nrm, _nation(nrm.case, decisions[0] if decisions else None), today)
        if status.alerts:
            rows.append(OverdueCase(case=nrm.case, alerts=status.alerts))
    audit.record_many_viewed(request, [row.case for row in rows], object_type="cases.Case")
    return render(request, "cases/nrm/overdue.html", {"rows": rows})
