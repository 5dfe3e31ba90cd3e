"""Decision reports (the list, adding one for a grant, its page, editing its details and sections
while it is a draft, appendices and their download, the PDF) and the funding office's settings
(reference format, standard conditions, return due days, the Police and Crime Plan priorities).

Sign-off, the decision and publication are views_decisions'; they show on the report's page through
`{% report_sign_off report %}`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from waymark.cases import documents
from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.partners.models import Partnership

from . import access, reference, report_pdf, report_sections, services_reports
from .forms_reports import (
    CONFLICT,
    AppendixForm,
    PriorityForm,
    ReportDetailsForm,
    ReportFilterForm,
    ReportSectionsForm,
    SettingsForm,
)
from .models import Appendix, DecisionReport, FundingSettings, StrategicPriority

PER_PAGE = 25


def _user(request: HttpRequest) -> Any:
    return request.user


def grant_url(grant_id: int) -> str | None:
    """The grant's page, once the grants section has one."""
    try:
        return reverse("funding:grant-detail", args=[grant_id])
    except NoReverseMatch:
        return None


def _refused(request: HttpRequest, report: DecisionReport, message: str, *, title: str) -> HttpResponse:
    """The same answer wherever a change is refused: 403, saying why."""
    context = {"report": report, "title": title, "message": message}
    return render(request, "funding/report_refused.html", context, status=403)


def _locked(request: HttpRequest, report: DecisionReport) -> HttpResponse | None:
    if services_reports.is_editable(report):
        return None
    return _refused(
        request, report, services_reports.not_editable_message(report), title="This report can no longer be changed"
    )


def _kept_after_conflict(form_class: type[Form], request: HttpRequest, current: Any, **kwargs: Any) -> Form:
    """What the user typed, judged against the report as it is now, with the conflict explained."""
    data = request.POST.copy()
    data["version"] = str(current.version)  # so that trying again is judged against the report as it is now
    kept = form_class(data, **kwargs)
    kept.is_valid()
    kept.add_error(None, CONFLICT)
    return kept


# The list


def report_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not access.reader_partnership_ids(user):
        raise PermissionDenied
    visible = access.visible_reports(user)
    years = sorted(set(visible.order_by().values_list("year", flat=True).distinct()), reverse=True)
    filtering = bool(set(request.GET) - {"page"})
    form = ReportFilterForm(request.GET if filtering else None, years=years)
    reports = (
        form.filter(visible)
        .select_related("partnership", "grant", "grant__recipient")
        .order_by("-year", "-number", "partnership__name", "-id")
    )
    page = Paginator(reports, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "several_partnerships": len(access.reader_partnership_ids(user)) > 1,
        "managed": list(access.managed_partnerships(user).order_by("name")),
    }
    return render(request, "funding/report_list.html", context)


# Adding a report for a grant


def report_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    grant = access.get_grant_for_user(user, pk, action=access.MANAGE)
    reason = services_reports.why_no_new_report(grant, grant.decision_reports.all())
    if reason:
        existing = grant.decision_reports.order_by("-created_at").first()
        context: dict[str, Any] = {
            "report": existing,
            "title": "You cannot write a decision report for this grant",
            "message": reason,
            "grant_url": grant_url(grant.pk),
        }
        return render(request, "funding/report_refused.html", context, status=403)
    initial = {
        "title": f"Grant to {grant.recipient.name}: {grant.title}",
        "classification": "official",
        "report_by": getattr(user, "full_name", ""),
        "report_date": timezone.localdate(),
        "enquiries_to": f"{getattr(user, 'full_name', '')}, {user.email}".strip(", "),
    }
    form = ReportDetailsForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            try:
                report = services_reports.add_report(grant=grant, by=user, **form.changes())
            except services_reports.CannotWrite as refused:
                form.add_error(None, str(refused))
            except services_reports.ReferenceClash as clash:
                form.add_error(None, str(clash))
            else:
                messages.success(request, f"Decision report {report.reference} started. Now write its sections.")
                return redirect("funding:report-detail", pk=report.pk)
    context = {"form": form, "grant": grant, "grant_url": grant_url(grant.pk)}
    return render(request, "funding/report_add.html", context, status=status)


# A report's page and PDF


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    report = access.get_report_for_user(user, pk)
    audit.record(action=AuditAction.VIEW, request=request, obj=report)
    editable = services_reports.is_editable(report)
    context = {
        "report": report,
        "sections": report_sections.sections(report),
        "appendices": list(report.appendices.all()),
        "may_manage": access.can_manage(user, report.partnership_id),
        "editable": editable,
        "missing": report_sections.missing_sections(report) if editable else [],
        "grant_url": grant_url(report.grant_id),
    }
    return render(request, "funding/report_detail.html", context)


@require_GET
@never_cache
def report_pdf_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The full report, for the office side: everything, redacted sections included."""
    report = access.get_report_for_user(_user(request), pk)
    pdf = report_pdf.render_pdf(report)
    audit.record(action=AuditAction.EXPORT, request=request, obj=report, detail={"format": "pdf", "public": False})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report_pdf.filename(report)}"'
    response["Cache-Control"] = "private, no-store"
    return response


# Editing a draft


def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    report = access.get_report_for_user(user, pk, action=access.MANAGE)
    if (refused := _locked(request, report)) is not None:
        return refused
    form: Any = ReportDetailsForm(request.POST if request.method == "POST" else None, report=report)
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            try:
                report = services_reports.update_details(
                    report=report, version=form.cleaned_data["version"], by=user, **form.changes()
                )
            except services_reports.StaleRecord:
                report = access.get_report_for_user(user, pk)
                form = _kept_after_conflict(ReportDetailsForm, request, report, report=report)
                status = 409
            except services_reports.NotEditable:
                return _locked(request, access.get_report_for_user(user, pk)) or redirect(
                    "funding:report-detail", pk=pk
                )
            else:
                messages.success(request, f"Decision report {report.reference} updated")
                return redirect("funding:report-detail", pk=report.pk)
    context = {"form": form, "report": report, "conflict": status == 409}
    return render(request, "funding/report_edit.html", context, status=status)


def report_sections_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    report = access.get_report_for_user(user, pk, action=access.MANAGE)
    if (refused := _locked(request, report)) is not None:
        return refused
    form: Any = ReportSectionsForm(request.POST if request.method == "POST" else None, report=report)
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            try:
                report = services_reports.update_sections(
                    report=report,
                    version=form.cleaned_data["version"],
                    by=user,
                    texts=form.texts(),
                    priorities=form.cleaned_data["strategic_priorities"],
                    risks=form.cleaned_data["risks"],
                    meetings=form.cleaned_data["governance_meetings"],
                )
            except services_reports.StaleRecord:
                report = access.get_report_for_user(user, pk)
                form = _kept_after_conflict(ReportSectionsForm, request, report, report=report)
                status = 409
            except services_reports.NotEditable:
                return _locked(request, access.get_report_for_user(user, pk)) or redirect(
                    "funding:report-detail", pk=pk
                )
            else:
                messages.success(request, f"Sections of decision report {report.reference} saved")
                return redirect("funding:report-detail", pk=report.pk)
    context = {
        "form": form,
        "report": report,
        "groups": form.groups(),
        "conflict": status == 409,
        "current_sections": report_sections.sections(report) if status == 409 else [],
    }
    return render(request, "funding/report_sections.html", context, status=status)


# Appendices and background papers


def _get_appendix(user: Any, pk: int, *, manage: bool = False) -> Appendix:
    """An appendix of a report the user may read (404 otherwise); with manage, may change (403)."""
    appendix = (
        Appendix.objects.filter(report__in=access.visible_reports(user)).select_related("report").filter(pk=pk).first()
    )
    if appendix is None:
        raise Http404("No such appendix")
    if manage:
        appendix.report = access.get_report_for_user(user, appendix.report_id, action=access.MANAGE)
    return appendix


def appendix_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    report = access.get_report_for_user(user, pk, action=access.MANAGE)
    if (refused := _locked(request, report)) is not None:
        return refused
    form = AppendixForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        assert form.kind is not None
        try:
            appendix = services_reports.add_appendix(
                report=report,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                kind=form.kind,
                by=user,
            )
        except services_reports.NotEditable:
            return _locked(request, access.get_report_for_user(user, pk)) or redirect("funding:report-detail", pk=pk)
        messages.success(request, f"{appendix.title} added to decision report {report.reference}")
        return redirect(reverse("funding:report-detail", args=[report.pk]) + "#appendices")
    status = 400 if request.method == "POST" else 200
    return render(request, "funding/report_appendix_add.html", {"form": form, "report": report}, status=status)


def appendix_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    appendix = _get_appendix(user, pk, manage=True)
    report = appendix.report
    if (refused := _locked(request, report)) is not None:
        return refused
    if request.method == "POST":
        try:
            services_reports.remove_appendix(appendix=appendix, by=user)
        except services_reports.NotEditable:
            return _locked(request, access.get_report_for_user(user, report.pk)) or redirect(
                "funding:report-detail", pk=report.pk
            )
        messages.success(request, f"{appendix.title} removed from decision report {report.reference}")
        return redirect(reverse("funding:report-detail", args=[report.pk]) + "#appendices")
    return render(request, "funding/report_appendix_remove.html", {"appendix": appendix, "report": report})


@require_GET
def appendix_document(request: HttpRequest, pk: int) -> FileResponse:
    """The appendix as uploaded, for those who may read the report, as an attachment."""
    appendix = _get_appendix(_user(request), pk)
    try:
        stored = services_reports.open_appendix(appendix)
    except FileNotFoundError:
        raise Http404("The appendix has no document") from None
    kind = documents.identify(stored)
    services_reports.record_download(appendix, request)
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=documents.download_name(appendix.document_name or appendix.title, kind),
        content_type=kind.content_type if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# Settings: the funding office of one partnership


def _office(user: Any, pk: int) -> Partnership:
    """A partnership whose funding the user manages: 404 if they cannot read its funding, 403 if
    they read it but do not manage it."""
    if pk not in access.reader_partnership_ids(user):
        raise Http404("No such partnership")
    partnership = Partnership.objects.filter(pk=pk).first()
    if partnership is None:
        raise Http404("No such partnership")
    if not access.can_manage(user, pk):
        raise PermissionDenied
    return partnership


def _priority(user: Any, pk: int) -> StrategicPriority:
    priority = StrategicPriority.objects.filter(pk=pk).first()
    if priority is None:
        raise Http404("No such priority")
    _office(user, priority.partnership_id)
    return priority


def settings_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _office(_user(request), pk)
    office = FundingSettings.objects.filter(partnership=partnership).first() or FundingSettings(partnership=partnership)
    year = timezone.localdate().year
    number = services_reports.next_number(partnership.pk, year)
    context = {
        "partnership": partnership,
        "office": office,
        "example": reference.make(office.reference_format, number=number, year=year),
        "example_number": number,
        "example_year": year,
        "priorities": list(partnership.strategic_priorities.order_by("position", "name")),
    }
    return render(request, "funding/report_settings.html", context)


def settings_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    partnership = _office(user, pk)
    office = FundingSettings.objects.filter(partnership=partnership).first() or FundingSettings(partnership=partnership)
    initial = {name: getattr(office, name) for name in services_reports.SETTINGS_FIELDS}
    form = SettingsForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_bound and form.is_valid():
        services_reports.update_settings(partnership_id=partnership.pk, by=user, **form.cleaned_data)
        messages.success(request, "Settings for decision reports and grants saved")
        return redirect("funding:report-settings", pk=partnership.pk)
    year = timezone.localdate().year
    context = {
        "form": form,
        "partnership": partnership,
        "example": reference.make(office.reference_format, number=7, year=year),
        "example_year": year,
    }
    return render(request, "funding/report_settings_edit.html", context, status=400 if form.is_bound else 200)


def priority_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    partnership = _office(user, pk)
    form = PriorityForm(request.POST if request.method == "POST" else None, partnership_id=partnership.pk)
    if form.is_bound and form.is_valid():
        priority = services_reports.add_priority(partnership_id=partnership.pk, name=form.cleaned_data["name"], by=user)
        messages.success(request, f"Priority added: {priority.name}")
        return redirect(reverse("funding:report-settings", args=[partnership.pk]) + "#priorities")
    context = {"form": form, "partnership": partnership, "title": "Add a priority", "button": "Add the priority"}
    return render(request, "funding/report_priority_form.html", context, status=400 if form.is_bound else 200)


def priority_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    priority = _priority(user, pk)
    form = PriorityForm(
        request.POST if request.method == "POST" else None, partnership_id=priority.partnership_id, priority=priority
    )
    if form.is_bound and form.is_valid():
        priority = services_reports.rename_priority(priority=priority, name=form.cleaned_data["name"], by=user)
        messages.success(request, f"Priority renamed: {priority.name}")
        return redirect(reverse("funding:report-settings", args=[priority.partnership_id]) + "#priorities")
    context = {
        "form": form,
        "partnership": priority.partnership,
        "priority": priority,
        "title": "Rename the priority",
        "button": "Save the name",
    }
    return render(request, "funding/report_priority_form.html", context, status=400 if form.is_bound else 200)


@require_POST
def priority_retire(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    priority = services_reports.set_priority_active(priority=_priority(user, pk), active=False, by=user)
    messages.success(request, f"Priority retired: {priority.name}. Reports that chose it still show it.")
    return redirect(reverse("funding:report-settings", args=[priority.partnership_id]) + "#priorities")


@require_POST
def priority_restore(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    priority = services_reports.set_priority_active(priority=_priority(user, pk), active=True, by=user)
    messages.success(request, f"Priority brought back: {priority.name}")
    return redirect(reverse("funding:report-settings", args=[priority.partnership_id]) + "#priorities")


@require_POST
def priority_move(request: HttpRequest, pk: int, direction: str) -> HttpResponse:
    if direction not in ("up", "down"):
        raise Http404("No such direction")
    user = _user(request)
    priority = _priority(user, pk)
    if services_reports.move_priority(priority=priority, up=direction == "up", by=user):
        messages.success(request, f"{priority.name} moved {direction}")
    return redirect(reverse("funding:report-settings", args=[priority.partnership_id]) + "#priorities")
