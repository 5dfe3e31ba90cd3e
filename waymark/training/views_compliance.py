"""Compliance pages: the overview (each organisation's share trained, and the whole partnership's),
a partnership's and an organisation's counts by cohort as a table with a chart, the names of an
organisation's untrained and expiring staff for its own training lead, and the XLSX export.

Who sees what (access.py): counts for an organisation to its own members, and every organisation's
and the whole partnership's to coordinators, board members and training leads; names only to the
organisation's own training lead. A partnership the user does not belong to is "not found"."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.partners.models import Organisation, Partnership

from . import access, compliance, compliance_chart, compliance_export, compliance_report
from .compliance_report import Register


def _user(request: HttpRequest) -> Any:
    return request.user


def _partnership(user: Any, pk: int) -> Partnership:
    partnership = access.training_partnerships(user).filter(pk=pk).first()
    if partnership is None:
        raise Http404("No such partnership")
    return partnership


def _visible_registers(user: Any, partnership: Partnership, today: Any) -> list[Register]:
    """The whole partnership's counts and each organisation's, as far as the user may see them."""
    registers = []
    if access.may_see_compliance(user, partnership.pk):
        registers.append(compliance_report.register_for(partnership, None, today))
    for organisation in compliance_report.organisations_in(partnership, today):
        if access.may_see_compliance(user, partnership.pk, organisation.pk):
            registers.append(compliance_report.register_for(partnership, organisation, today))
    return registers


def _chart(register: Register) -> compliance_chart.Chart:
    title = f"Share of each cohort trained: {register.name}"
    return compliance_chart.bar_chart(
        title, [(row.cohort.name, row.counts.share, row.share_text) for row in register.rows]
    )


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not access.can_see_training(user):
        raise PermissionDenied
    today = timezone.localdate()
    sections = [
        {"partnership": partnership, "registers": _visible_registers(user, partnership, today)}
        for partnership in access.training_partnerships(user).order_by("name")
    ]
    return render(request, "training/compliance_overview.html", {"sections": sections, "several": len(sections) > 1})


@require_GET
def partnership_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    partnership = _partnership(user, pk)
    if not access.may_see_compliance(user, partnership.pk):
        raise PermissionDenied
    register = compliance_report.register_for(partnership, None, timezone.localdate())
    context = {"partnership": partnership, "register": register, "chart": _chart(register)}
    return render(request, "training/compliance_partnership.html", context)


def _organisation(partnership: Partnership, pk: int) -> Organisation:
    found = next((o for o in compliance_report.organisations_in(partnership, timezone.localdate()) if o.pk == pk), None)
    if found is None:
        raise Http404("No such organisation in this partnership")
    return found


@require_GET
def organisation_detail(request: HttpRequest, pk: int, organisation_pk: int) -> HttpResponse:
    user = _user(request)
    partnership = _partnership(user, pk)
    organisation = _organisation(partnership, organisation_pk)
    if not access.may_see_compliance(user, partnership.pk, organisation.pk):
        raise PermissionDenied
    today = timezone.localdate()
    register = compliance_report.register_for(partnership, organisation, today)
    context: dict[str, Any] = {
        "partnership": partnership,
        "organisation": organisation,
        "register": register,
        "chart": _chart(register),
        "names_shown": access.may_see_staff_names(user, organisation, partnership.pk),
    }
    if context["names_shown"]:
        named = compliance_report.named_statuses(partnership, organisation, today)
        context["untrained"] = [n for n in named if n.status == compliance.Status.UNTRAINED]
        context["expiring"] = sorted(
            (n for n in named if n.status == compliance.Status.EXPIRING),
            key=lambda n: (n.expires_on, n.staff.full_name),
        )
        shown = [n.staff for n in context["untrained"] + context["expiring"]]
        audit.record_many_viewed(request, shown, object_type="training.StaffMember")
    return render(request, "training/compliance_organisation.html", context)


@require_GET
@never_cache
def export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """Counts for what the user may see; the sheet of names only for their own organisation, and only
    if they are its training lead."""
    user = _user(request)
    partnership = _partnership(user, pk)
    today = timezone.localdate()
    registers = _visible_registers(user, partnership, today)
    if not registers:
        raise PermissionDenied
    own = user.organisation
    names = None
    if own is not None and access.may_see_staff_names(user, own, partnership.pk):
        names = compliance_report.named_statuses(partnership, own, today)
    content = compliance_export.to_xlsx(registers, names, today)
    audit.record(
        action=AuditAction.EXPORT,
        request=request,
        obj=partnership,
        detail={
            "training_compliance": "xlsx",
            "organisations": [r.organisation.pk for r in registers if r.organisation],
            "staff_named": [str(n.staff.pk) for n in names] if names is not None else [],
        },
    )
    response = HttpResponse(content, content_type=compliance_export.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{compliance_export.filename(partnership.name, today)}"'
    return response
