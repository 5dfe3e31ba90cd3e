"""Funds: the list by financial year with each fund's position, a fund's page (its position, its
contributors and its grants), adding and editing a fund, a joint pot's contributors, and starting
next year's fund with this year's reserve brought forward."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from waymark.core import audit
from waymark.core.models import AuditAction

from . import access, financial_year, fund_arithmetic, services_funds
from .forms_funds import CONFLICT, ContributionForm, FundForm
from .models import Fund, FundContribution, Grant

FUNDS_PER_PAGE = 50


def _user(request: HttpRequest) -> Any:
    return request.user


def money(value: Decimal) -> str:
    """£26,000.00; an overcommitted remainder as -£1,000.00."""
    return f"{'-' if value < 0 else ''}£{abs(value):,.2f}"


@dataclass
class PositionLine:
    label: str
    amount: str
    hint: str = ""
    total: bool = False
    url: str = ""  # where the hint links to


def position_lines(fund: Fund, position: fund_arithmetic.Position) -> list[PositionLine]:
    """A fund's position as the rows of its summary, in the order the money flows."""
    previous = fund.brought_forward_from
    reserve_hint = f"From {previous}" if previous else ""
    reserve_url = reverse("funding:fund-detail", args=[previous.pk]) if previous else ""
    if fund.year_ended():
        carry_label, carry_hint = (
            "Reserve to carry forward",
            f"The year ended on {fund.ends_on.day} {fund.ends_on:%B %Y}",
        )
    else:
        carry_label = "Reserve to carry forward (forecast)"
        carry_hint = f"A forecast until the year ends on {fund.ends_on.day} {fund.ends_on:%B %Y}"
    committed_hint = "Grants approved, agreement signed, active or closed"
    if position.returned:
        committed_hint += f", less {money(position.returned)} underspend returned"
    return [
        PositionLine("Reserve brought forward", money(position.reserve_brought_forward), reserve_hint, url=reserve_url),
        PositionLine("Opening budget", money(position.opening_budget)),
        PositionLine("Contributions", money(position.contributions)),
        PositionLine("Available", money(position.available), "Reserve, budget and contributions", total=True),
        PositionLine("Committed", money(position.committed), committed_hint),
        PositionLine("Proposed", money(position.proposed), "Grants not yet approved: not committed"),
        PositionLine("Remaining", money(position.remaining), "Available less committed", total=True),
        PositionLine(carry_label, money(position.carry_forward), carry_hint),
    ]


@dataclass
class FundRow:
    fund: Fund
    available: str
    committed: str
    proposed: str
    remaining: str
    overcommitted: bool


def fund_list(request: HttpRequest) -> HttpResponse:
    """Funds by financial year, newest first. A fixed number of queries whatever the number of funds:
    contributions and grants are fetched once for the page."""
    user = _user(request)
    if not access.reader_partnership_ids(user):
        raise PermissionDenied
    funds = access.visible_funds(user)
    years = sorted(set(funds.order_by().values_list("start_year", flat=True)), reverse=True)
    chosen = request.GET.get("year", "")
    year = int(chosen) if chosen.isdigit() and int(chosen) in years else None
    if year is not None:
        funds = funds.filter(start_year=year)
    funds = (
        funds.select_related("partnership", "owner")
        .prefetch_related("contributions", Prefetch("grants", queryset=Grant.objects.order_by()))
        .order_by("-start_year", "name", "partnership__name", "pk")
    )
    page = Paginator(funds, FUNDS_PER_PAGE).get_page(request.GET.get("page"))
    rows = []
    for fund in page.object_list:
        position = fund.position()
        rows.append(
            FundRow(
                fund,
                money(position.available),
                money(position.committed),
                money(position.proposed),
                money(position.remaining),
                position.overcommitted,
            )
        )
    by_year = [
        (financial_year.label(start_year), list(group))
        for start_year, group in groupby(rows, key=lambda row: row.fund.start_year)
    ]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "by_year": by_year,
        "page": page,
        "query": query.urlencode(),
        "years": [(y, financial_year.label(y)) for y in years],
        "year": year,
        "several_partnerships": len(access.reader_partnership_ids(user)) > 1,
        "may_add": bool(access.managed_partnership_ids(user)),
    }
    return render(request, "funding/fund_list.html", context)


def _form_page(request: HttpRequest, context: dict[str, Any], status: int) -> HttpResponse:
    return render(request, "funding/fund_form.html", context, status=status)


def fund_add(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    partnerships = access.managed_partnerships(user)
    if not partnerships.exists():
        raise PermissionDenied
    form = FundForm(request.POST if request.method == "POST" else None, partnerships=partnerships)
    if form.is_bound and form.is_valid():
        partnership = form.chosen_partnership()
        assert partnership is not None
        fund = services_funds.add_fund(partnership=partnership, by=user, **form.changes())
        messages.success(request, f"Fund added: {fund}")
        return redirect("funding:fund-detail", pk=fund.pk)
    context = {"form": form, "title": "Add a fund", "button": "Add the fund"}
    return _form_page(request, context, 400 if form.is_bound else 200)


def fund_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    fund = access.get_fund_for_user(user, pk, action=access.MANAGE)
    partnerships = access.managed_partnerships(user)
    form = FundForm(request.POST if request.method == "POST" else None, partnerships=partnerships, fund=fund)
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            try:
                fund = services_funds.update_fund(
                    fund=fund, version=form.cleaned_data["version"], by=user, **form.changes()
                )
            except services_funds.StaleRecord:
                fund = access.get_fund_for_user(user, pk, action=access.MANAGE)
                data = request.POST.copy()
                data["version"] = str(fund.version)  # trying again is judged against the fund as it is now
                form = FundForm(data, partnerships=partnerships, fund=fund)
                form.is_valid()
                form.add_error(None, CONFLICT.format(noun="fund"))
                status = 409
            else:
                messages.success(request, f"Fund updated: {fund}")
                return redirect("funding:fund-detail", pk=fund.pk)
    context = {
        "form": form,
        "fund": fund,
        "title": f"Edit {fund}",
        "button": "Save changes",
        "conflict": status == 409,
        "position_lines": position_lines(fund, fund.position()) if status == 409 else [],
    }
    return _form_page(request, context, status)


def fund_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    fund = access.get_fund_for_user(user, pk)
    audit.record(action=AuditAction.VIEW, request=request, obj=fund)
    contributions = list(fund.contributions.select_related("contributor"))
    grants = list(fund.grants.select_related("recipient").order_by("-starts_on", "title"))
    position = fund.position(contributions=contributions, grants=grants)
    next_fund = services_funds.next_year_fund(fund)
    context = {
        "fund": fund,
        "position": position,
        "position_lines": position_lines(fund, position),
        "overcommitted_by": money(-position.remaining) if position.overcommitted else "",
        "contributions": contributions,
        "contributions_total": money(position.contributions),
        "grants": grants,
        "next_fund": next_fund,
        "may_manage": access.can_manage(user, fund.partnership_id),
        "year_ended": fund.year_ended(),
    }
    return render(request, "funding/fund_detail.html", context)


def contribution_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    fund = access.get_fund_for_user(user, pk, action=access.MANAGE)
    form = ContributionForm(request.POST if request.method == "POST" else None, fund=fund)
    if form.is_bound and form.is_valid():
        contribution = services_funds.add_contribution(fund=fund, by=user, **form.cleaned_data)
        messages.success(request, f"Contribution of {money(contribution.amount)} from {contribution.name} added")
        return redirect(reverse("funding:fund-detail", args=[fund.pk]) + "#contributors")
    return render(
        request,
        "funding/fund_contribution_form.html",
        {"form": form, "fund": fund},
        status=400 if form.is_bound else 200,
    )


def _get_contribution(user: Any, pk: int) -> FundContribution:
    """A contribution to a fund the user may manage (404 if they cannot see the fund at all)."""
    contribution = (
        FundContribution.objects.filter(fund__in=access.visible_funds(user))
        .select_related("fund", "contributor")
        .filter(pk=pk)
        .first()
    )
    if contribution is None:
        raise Http404("No such contribution")
    access.get_fund_for_user(user, contribution.fund_id, action=access.MANAGE)
    return contribution


def contribution_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    contribution = _get_contribution(user, pk)
    fund = contribution.fund
    if request.method == "POST":
        services_funds.remove_contribution(contribution=contribution, by=user)
        messages.success(request, f"Contribution from {contribution.name} removed")
        return redirect(reverse("funding:fund-detail", args=[fund.pk]) + "#contributors")
    context = {"contribution": contribution, "fund": fund, "amount": money(contribution.amount)}
    return render(request, "funding/fund_contribution_remove.html", context)


def fund_next_year(request: HttpRequest, pk: int) -> HttpResponse:
    """Start next year's fund of the same name, bringing forward this year's reserve."""
    user = _user(request)
    fund = access.get_fund_for_user(user, pk, action=access.MANAGE)
    if request.method == "POST":
        try:
            following = services_funds.start_next_year(fund=fund, by=user)
        except services_funds.NextFundExists as refused:
            messages.error(request, f"{refused.existing} already exists, so nothing was changed.")
            return redirect("funding:fund-detail", pk=fund.pk)
        messages.success(
            request,
            f"{following} started with a reserve brought forward of {money(following.reserve_brought_forward)}. "
            "Set its opening budget when it is known.",
        )
        return redirect("funding:fund-detail", pk=following.pk)
    position = fund.position()
    context = {
        "fund": fund,
        "existing": services_funds.next_year_fund(fund),
        "next_label": financial_year.label(fund.start_year + 1),
        "carry_forward": money(position.carry_forward),
        "year_ended": fund.year_ended(),
    }
    return render(request, "funding/fund_next_year.html", context)
