"""Grants: the list (filtered by fund, status and recipient), a grant's page, adding and editing a
grant, its cost lines, match funding, in-kind support and measures, and the steps grants officers
take after the commissioner's approval (agreement signed, active, closed, renewed for next year).

Recipients and the named scrutineer see the grant's page without the fund's position or any change
links; approval itself happens through the decision report, not here."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Model
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from waymark.core import audit
from waymark.core.models import AuditAction

from . import access, services_funds, services_grants
from .forms_funds import CONFLICT
from .forms_grants import (
    AgreementSignedForm,
    CloseForm,
    ConfirmStepForm,
    CostLineForm,
    GrantFilterForm,
    GrantForm,
    InKindForm,
    MatchFundingForm,
    MeasuresForm,
)
from .models import CostLine, Fund, FundingSettings, Grant, GrantStatus, InKindContribution, MatchFunding, Recurrence
from .views_funds import money, position_lines

GRANTS_PER_PAGE = 50


def _user(request: HttpRequest) -> Any:
    return request.user


def _grant_url(grant: Grant, section: str = "") -> str:
    return reverse("funding:grant-detail", args=[grant.pk]) + (f"#{section}" if section else "")


def grant_list(request: HttpRequest) -> HttpResponse:
    """Grants the user may see, newest first, a page at a time: a fixed number of queries."""
    user = _user(request)
    if not access.can_see_funding(user):
        raise PermissionDenied
    visible = access.visible_grants(user)
    filtering = any(request.GET.get(name) for name in ("fund", "status", "recipient"))
    form = GrantFilterForm(request.GET if filtering else None, grants=visible)
    grants = (
        form.filter(visible)
        .select_related("fund", "fund__partnership", "recipient")
        .order_by("-fund__start_year", "-starts_on", "title", "pk")
    )
    page = Paginator(grants, GRANTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "grants": page.object_list,
        "query": query.urlencode(),
        "filtering": filtering,
        "several_partnerships": len(access.reader_partnership_ids(user)) > 1,
        "may_add": bool(access.managed_partnership_ids(user)),
    }
    return render(request, "funding/grant_list.html", context)


def _chosen_fund(user: Any, request: HttpRequest) -> Fund | None:
    chosen = request.GET.get("fund", "")
    if not chosen.isdigit():
        return None
    return Fund.objects.filter(pk=int(chosen), partnership_id__in=sorted(access.managed_partnership_ids(user))).first()


def grant_add(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    partnerships = access.managed_partnerships(user)
    if not partnerships.exists():
        raise PermissionDenied
    fund = _chosen_fund(user, request)
    conditions = ""
    if request.method != "POST":
        partnership_id = fund.partnership_id if fund else partnerships.order_by("name").values_list("pk", flat=True)[0]
        conditions = FundingSettings.for_partnership(partnership_id).standard_conditions
    form = GrantForm(
        request.POST if request.method == "POST" else None, partnerships=partnerships, fund=fund, conditions=conditions
    )
    if form.is_bound and form.is_valid():
        grant = services_grants.add_grant(by=user, **form.changes())
        messages.success(request, f"Grant added: {grant.title}. It is proposed until the commissioner decides.")
        return redirect("funding:grant-detail", pk=grant.pk)
    context = {"form": form, "title": "Add a grant", "button": "Add the grant", "fund": fund}
    return render(request, "funding/grant_form.html", context, status=400 if form.is_bound else 200)


def grant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    grant = access.get_grant_for_user(user, pk, action=access.MANAGE)
    partnerships = access.managed_partnerships(user)
    form = GrantForm(request.POST if request.method == "POST" else None, partnerships=partnerships, grant=grant)
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            try:
                grant = services_grants.update_grant(
                    grant=grant, version=form.cleaned_data["version"], by=user, **form.changes()
                )
            except (services_grants.StaleRecord, services_grants.StepRefused):
                grant = access.get_grant_for_user(user, pk, action=access.MANAGE)
                data = request.POST.copy()
                data["version"] = str(grant.version)
                form = GrantForm(data, partnerships=partnerships, grant=grant)
                form.is_valid()
                form.add_error(None, CONFLICT.format(noun="grant"))
                status = 409
            else:
                messages.success(request, f"Grant updated: {grant.title}")
                return redirect("funding:grant-detail", pk=grant.pk)
    context = {
        "form": form,
        "grant": grant,
        "title": f"Edit {grant.title}",
        "button": "Save changes",
        "conflict": status == 409,
        "amount": money(grant.amount),
    }
    return render(request, "funding/grant_form.html", context, status=status)


def grant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    grant = access.get_grant_for_user(user, pk)
    audit.record(action=AuditAction.VIEW, request=request, obj=grant)
    may_manage = access.can_manage(user, grant.fund.partnership_id)
    may_see_position = access.may_see_fund_position(user, grant)
    cost_lines = list(grant.cost_lines.all())
    costs_total = sum((line.amount for line in cost_lines), Decimal("0.00"))
    context: dict[str, Any] = {
        "grant": grant,
        "fund": grant.fund,
        "may_manage": may_manage,
        "may_see_position": may_see_position,
        "cost_lines": cost_lines,
        "costs_total": money(costs_total),
        "costs_differ": bool(cost_lines) and costs_total != grant.amount,
        "amount": money(grant.amount),
        "match_funding": list(grant.match_funding.all()),
        "in_kind": list(grant.in_kind.all()),
        "measures": list(grant.measures.all()),
        "locked": grant.status != GrantStatus.PROPOSED,
        "may_renew": grant.recurrence == Recurrence.RECURRING and grant.status in services_grants.RENEWABLE,
        "may_close": grant.status in services_grants.CLOSABLE,
    }
    if may_see_position:
        context["position_lines"] = position_lines(grant.fund, grant.fund.position())
    return render(request, "funding/grant_detail.html", context)


# Cost lines, match funding, in-kind support, measures


def _part_add(
    request: HttpRequest, pk: int, form_class: type[Form], add: Any, *, title: str, button: str, section: str, done: str
) -> HttpResponse:
    user = _user(request)
    grant = access.get_grant_for_user(user, pk, action=access.MANAGE)
    form = form_class(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        add(grant=grant, by=user, **form.cleaned_data)
        messages.success(request, done)
        return redirect(_grant_url(grant, section))
    context = {"form": form, "grant": grant, "title": title, "button": button, "section": section}
    return render(request, "funding/grant_part_form.html", context, status=400 if form.is_bound else 200)


def cost_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _part_add(
        request,
        pk,
        CostLineForm,
        services_grants.add_cost_line,
        title="Add a cost line",
        button="Add the cost line",
        section="costs",
        done="Cost line added",
    )


def match_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _part_add(
        request,
        pk,
        MatchFundingForm,
        services_grants.add_match_funding,
        title="Add match funding",
        button="Add the match funding",
        section="match-funding",
        done="Match funding added",
    )


def in_kind_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _part_add(
        request,
        pk,
        InKindForm,
        services_grants.add_in_kind,
        title="Add in-kind support",
        button="Add the in-kind support",
        section="in-kind",
        done="In-kind support added",
    )


def _get_part(user: Any, model: type[Model], pk: int) -> Any:
    """A part of a grant the user may manage (404 if they cannot see the grant at all)."""
    part: Any = (
        model._default_manager.filter(grant__in=access.visible_grants(user))
        .select_related("grant")
        .filter(pk=pk)
        .first()
    )
    if part is None:
        raise Http404("Not found")
    part.grant = access.get_grant_for_user(user, part.grant_id, action=access.MANAGE)
    return part


def _part_remove(
    request: HttpRequest, pk: int, model: type[Model], remove: Any, keyword: str, *, what: str, section: str
) -> HttpResponse:
    user = _user(request)
    part = _get_part(user, model, pk)
    if request.method == "POST":
        remove(**{keyword: part, "by": user})
        messages.success(request, f"{what[0].upper()}{what[1:]} removed")
        return redirect(_grant_url(part.grant, section))
    context = {"grant": part.grant, "part": part, "what": what, "section": section}
    return render(request, "funding/grant_part_remove.html", context)


def cost_remove(request: HttpRequest, pk: int) -> HttpResponse:
    return _part_remove(
        request, pk, CostLine, services_grants.remove_cost_line, "line", what="the cost line", section="costs"
    )


def match_remove(request: HttpRequest, pk: int) -> HttpResponse:
    return _part_remove(
        request,
        pk,
        MatchFunding,
        services_grants.remove_match_funding,
        "match",
        what="the match funding",
        section="match-funding",
    )


def in_kind_remove(request: HttpRequest, pk: int) -> HttpResponse:
    return _part_remove(
        request,
        pk,
        InKindContribution,
        services_grants.remove_in_kind,
        "given",
        what="the in-kind support",
        section="in-kind",
    )


def grant_measures(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    grant = access.get_grant_for_user(user, pk, action=access.MANAGE)
    form = MeasuresForm(request.POST if request.method == "POST" else None, grant=grant)
    if form.is_bound and form.is_valid():
        services_grants.set_measures(grant=grant, measures=form.cleaned_data["chosen"], by=user)
        messages.success(request, "Measures saved")
        return redirect(_grant_url(grant, "measures"))
    context = {"form": form, "grant": grant}
    return render(request, "funding/grant_measures.html", context, status=400 if form.is_bound else 200)


# The steps after the commissioner's approval


def _step(
    request: HttpRequest,
    pk: int,
    *,
    allowed: tuple[str, ...],
    not_yet: str,
    form_class: Any,
    act: Any,
    done: str,
    template: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """A status step: a form with the grant's version, then one service call."""
    user = _user(request)
    grant = access.get_grant_for_user(user, pk, action=access.MANAGE)
    if grant.status not in allowed:
        messages.error(request, not_yet)
        return redirect(_grant_url(grant))
    form: Any = form_class(request.POST if request.method == "POST" else None, grant=grant)
    if form.is_bound and form.is_valid():
        fields = {name: value for name, value in form.cleaned_data.items() if name != "version"}
        try:
            grant = act(grant=grant, version=form.cleaned_data["version"], by=user, **fields)
        except services_grants.StaleRecord:
            messages.error(
                request, "Someone else changed this grant while you were working on it. Check it, then try again."
            )
            return redirect(_grant_url(grant))
        except services_grants.StepRefused as refused:
            messages.error(request, str(refused))
            return redirect(_grant_url(grant))
        messages.success(request, done)
        return redirect(_grant_url(grant))
    context = {"form": form, "grant": grant, "amount": money(grant.amount), **(extra or {})}
    return render(request, template, context, status=400 if form.is_bound else 200)


def grant_agreement_signed(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        allowed=(GrantStatus.APPROVED,),
        not_yet="The agreement can be recorded once the commissioner has approved the grant",
        form_class=AgreementSignedForm,
        act=services_grants.record_agreement_signed,
        done="Agreement signed recorded. The performance returns are scheduled.",
        template="funding/grant_agreement_signed.html",
    )


def grant_activate(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        allowed=(GrantStatus.AGREEMENT_SIGNED,),
        not_yet="A grant can be marked active once its agreement is signed",
        form_class=ConfirmStepForm,
        act=services_grants.mark_active,
        done="Grant marked as active",
        template="funding/grant_activate.html",
    )


def grant_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        allowed=services_grants.CLOSABLE,
        not_yet="Only a grant whose agreement is signed can be closed",
        form_class=CloseForm,
        act=services_grants.close_grant,
        done="Grant closed. Any underspend returned is back in the fund.",
        template="funding/grant_close.html",
    )


def grant_renew(request: HttpRequest, pk: int) -> HttpResponse:
    """Renew a recurring grant into next year's fund of the same name, as a proposal."""
    user = _user(request)
    grant = access.get_grant_for_user(user, pk, action=access.MANAGE)
    next_fund = services_funds.next_year_fund(grant.fund)
    existing = services_grants.renewal_of(grant, next_fund) if next_fund else None
    if request.method == "POST":
        try:
            renewal = services_grants.renew_grant(grant=grant, by=user)
        except services_grants.StepRefused as refused:
            messages.error(request, str(refused))
            return redirect(_grant_url(grant))
        except (services_grants.NoNextFund, services_grants.AlreadyRenewed):
            return redirect("funding:grant-renew", pk=grant.pk)  # the page explains
        messages.success(request, f"Renewal proposed in {renewal.fund}. It needs its own decision.")
        return redirect("funding:grant-detail", pk=renewal.pk)
    context = {
        "grant": grant,
        "next_fund": next_fund,
        "existing": existing,
        "renewable": grant.recurrence == Recurrence.RECURRING and grant.status in services_grants.RENEWABLE,
        "amount": money(grant.amount),
    }
    return render(request, "funding/grant_renew.html", context)
