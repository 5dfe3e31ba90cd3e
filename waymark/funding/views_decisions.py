"""Sign-off, decision and publication of a decision report: sending it for sign-off, an officer's
approval (or return for changes), the commissioner's decision, the publication decision, the
redaction sign-off (showing exactly what the public will see), and the previews of what will be
published.

Each page asks `decision_flow` (through services_decisions) whether its event may happen now; if not,
it says why and offers no form. A signature needs a fresh two-factor code, checked only once the
answers are complete and the event is allowed, so that a refusal never uses up a code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from waymark.cases import documents
from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.core.templatetags.govuk import error_anchor

from . import access, report_pdf, report_sections
from . import services_decisions as services
from .decision_flow import OFFICER_LABELS, Refused, State
from .forms_decisions import (
    CHANGED,
    THROTTLED,
    WRONG_CODE,
    AppendixPublicationForm,
    DecisionForm,
    OfficerSignOffForm,
    PublicationForm,
    RedactionSignOffForm,
    SigningForm,
    redaction_details_needed,
)
from .models import Appendix, DecisionReport
from .views_register import public_context


def _user(request: HttpRequest) -> Any:
    return request.user


def _refusal(check: Callable[..., None], *args: Any, **kwargs: Any) -> str:
    """decision_flow's sentence if the event may not happen now, else ''."""
    try:
        check(*args, **kwargs)
    except Refused as refused:
        return str(refused)
    return ""


def _viewed(request: HttpRequest, report: DecisionReport) -> None:
    if request.method == "GET":
        audit.record(action=AuditAction.VIEW, request=request, obj=report)


def _sign(request: HttpRequest, form: SigningForm, write: Callable[[Any], Any]) -> bool:
    """Check the code now, then make the write. On a wrong code, a refusal or a changed report the
    form carries the error and False is returned: nothing was signed."""
    report = form.report
    check = services.check_code(_user(request), form.cleaned_data["code"], report=report, request=request)
    if check.checked_at is None:
        form.add_error("code", THROTTLED if check.throttled else WRONG_CODE)
        return False
    try:
        write(check.checked_at)
    except Refused as refused:
        form.add_error(None, str(refused))
        return False
    except services.StaleRecord:
        form.data = data = request.POST.copy()
        data["version"] = str(DecisionReport.objects.values_list("version", flat=True).get(pk=report.pk))
        form.add_error(None, CHANGED)
        return False
    if check.backup_codes_left is not None:
        messages.warning(request, f"You used a backup code. You have {check.backup_codes_left} left.")
    return True


def _report_facts(report: DecisionReport) -> dict[str, Any]:
    grant = report.grant
    return {
        "report": report,
        "report_url": services.report_url(report),
        "grant": grant,
        "amount": report_sections.pounds(grant.amount),
        "current": list(report.current_sign_offs()),
    }


def decision_send(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a draft for the officers' sign-off (grants officers)."""
    user = _user(request)
    report = access.get_report_for_user(user, pk, action=access.MANAGE)
    _viewed(request, report)
    refusal = _refusal(services.may_send, report)
    if request.method == "POST" and not refusal:
        try:
            services.send_for_sign_off(report=report, by=user)
        except Refused as refused:
            refusal = str(refused)
        else:
            messages.success(request, f"Decision report {report.reference} sent for sign-off")
            return redirect(services.report_url(report))
    context = {
        **_report_facts(report),
        "refusal": refusal,
        "errors": [("", refusal)] if refusal and request.method == "POST" else [],
        "missing": report_sections.missing_sections(report) if report.flow_state == State.DRAFT else [],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "funding/decision_send.html", context, status=status)


def decision_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """An officer approves, or returns the report for changes, with a fresh code."""
    user = _user(request)
    report = access.get_report_for_user(user, pk, action=access.APPROVE)
    _viewed(request, report)
    mine = access.officer_of(user, report.partnership_id)
    officers = services.officers_open_to(user, report, mine)
    refusal = _refusal(services.officer_refusal, report, officer=(officers or mine)[0], approve=True, comments="")
    if not refusal and not officers:
        refusal = "You have already approved this report: the other officer must approve it"
    form = None
    if not refusal:
        form = OfficerSignOffForm(request.POST or None, report=report, officers=officers)
        if form.is_bound and form.is_valid():
            officer, approve = form.chosen_officer, form.approve
            comments = form.cleaned_data["comments"]
            problem = _refusal(services.officer_refusal, report, officer=officer, approve=approve, comments=comments)
            if problem:
                form.add_error(form.field_for_refusal(), problem)
            elif _sign(
                request,
                form,
                lambda at: services.officer_sign_off(
                    report=report,
                    officer=officer,
                    approve=approve,
                    comments=comments,
                    version=form.cleaned_data["version"],
                    by=user,
                    two_factor_checked_at=at,
                ),
            ):
                if approve:
                    messages.success(
                        request, f"You approved decision report {report.reference} as {OFFICER_LABELS[officer].lower()}"
                    )
                else:
                    messages.success(request, f"Decision report {report.reference} returned for changes")
                return redirect(services.report_url(report))
    context = {**_report_facts(report), "form": form, "refusal": refusal}
    status = 400 if request.method == "POST" else 200
    return render(request, "funding/decision_approve.html", context, status=status)


def decision_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The commissioner or deputy agrees, or disagrees with reasons, with a fresh code."""
    user = _user(request)
    report = access.get_report_for_user(user, pk, action=access.DECIDE)
    _viewed(request, report)
    refusal = _refusal(services.decision_refusal, report, agree=True, reasons="")
    form = None
    if not refusal:
        form = DecisionForm(request.POST or None, report=report)
        if form.is_bound and form.is_valid():
            agree, reasons = form.agree, form.cleaned_data["reasons"]
            problem = _refusal(services.decision_refusal, report, agree=agree, reasons=reasons)
            if problem:
                form.add_error(form.field_for_refusal(), problem)
            elif agree and (short := services.commit_refusal(report.grant)):
                form.add_error(None, short)
            elif _sign(
                request,
                form,
                lambda at: services.decide(
                    report=report,
                    agree=agree,
                    reasons=reasons,
                    capacity=form.cleaned_data["capacity"],
                    version=form.cleaned_data["version"],
                    by=user,
                    two_factor_checked_at=at,
                ),
            ):
                outcome = "agreed" if agree else "disagreed with"
                messages.success(request, f"You {outcome} decision report {report.reference}")
                return redirect(services.report_url(report))
    context = {
        **_report_facts(report),
        "form": form,
        "refusal": refusal,
        "position": report.grant.fund.position(),
        "shortfall": services.commit_refusal(report.grant) if not refusal else "",
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "funding/decision_decide.html", context, status=status)


def _errors(*forms: Form) -> list[tuple[str, str]]:
    """For the error summary of a page with several forms."""
    found: list[tuple[str, str]] = []
    for form in forms:
        if not form.is_bound:
            continue
        found.extend(("", str(message)) for message in form.non_field_errors())
        for field in form:
            found.extend((error_anchor(field), str(message)) for message in field.errors)
    return found


def decision_publication(request: HttpRequest, pk: int) -> HttpResponse:
    """Whether the report is published; if not, why; if so, what is redacted and each appendix's
    publication (grants officers, after the decision)."""
    user = _user(request)
    report = access.get_report_for_user(user, pk, action=access.MANAGE)
    _viewed(request, report)
    refusal = _refusal(services.publication_refusal, report, publish=True, reason_not_published="")
    appendices = list(report.appendices.all())
    bound = request.method == "POST" and not refusal
    form = PublicationForm(request.POST if bound else None, report=report)
    appendix_forms = [
        AppendixPublicationForm(request.POST if bound else None, request.FILES if bound else None, appendix=a)
        for a in appendices
    ]
    if bound and form.is_valid():
        publish = form.cleaned_data["publish"]
        reason = form.cleaned_data["reason_not_published"]
        appendices_ok = all(f.is_valid() for f in appendix_forms) if publish else True
        problem = _refusal(services.publication_refusal, report, publish=publish, reason_not_published=reason)
        if problem:
            form.add_error(form.field_for_refusal(), problem)
        elif appendices_ok and redaction_details_needed(form, appendix_forms):
            form.add_error("redaction_details", "Say what is redacted, and why")
        elif appendices_ok:
            choices = [
                services.AppendixChoice(
                    appendix=f.appendix,
                    publication=f.cleaned_data["publication"],
                    reason=f.cleaned_data["reason"],
                    redacted_upload=f.cleaned_data.get("redacted_file"),
                    redacted_kind=f.kind,
                )
                for f in appendix_forms
            ]
            try:
                fresh = services.decide_publication(
                    report=report,
                    publish=publish,
                    reason_not_published=reason,
                    redacted_sections=form.cleaned_data["redacted_sections"],
                    redaction_details=form.cleaned_data["redaction_details"],
                    appendices=choices,
                    by=user,
                )
            except Refused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, _published_message(fresh))
                return redirect(services.report_url(fresh))
    shown_forms = [form, *appendix_forms] if bound and form.cleaned_data.get("publish") else [form]
    context = {
        **_report_facts(report),
        "form": form,
        "appendix_forms": appendix_forms,
        "refusal": refusal,
        "errors": _errors(*shown_forms) if bound else [],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "funding/decision_publication.html", context, status=status)


def _published_message(report: DecisionReport) -> str:
    if report.flow_state == State.REDACTION_PENDING:
        return (
            f"Publication recorded for {report.reference}. The redactions now need the chief executive and "
            "monitoring officer's sign-off before anything is published"
        )
    if report.flow_state == State.PUBLISHED:
        return f"Decision report {report.reference} is published on the public register"
    return f"Recorded: decision report {report.reference} is not published"


def decision_redaction(request: HttpRequest, pk: int) -> HttpResponse:
    """The chief executive and monitoring officer checks exactly what the public will see, and signs
    off the redactions with a fresh code."""
    user = _user(request)
    report = access.get_report_for_user(user, pk, action=access.SIGN_OFF_REDACTION)
    _viewed(request, report)
    refusal = _refusal(services.redaction_refusal, report)
    form = None
    if not refusal:
        form = RedactionSignOffForm(request.POST or None, report=report)
        if (
            form.is_bound
            and form.is_valid()
            and _sign(
                request,
                form,
                lambda at: services.sign_off_redaction(
                    report=report, version=form.cleaned_data["version"], by=user, two_factor_checked_at=at
                ),
            )
        ):
            messages.success(
                request,
                f"Redactions signed off: decision report {report.reference} is published on the public register",
            )
            return redirect(services.report_url(report))
    context = {
        **_report_facts(report),
        **public_context(report, heading_level=3),
        "appendix_url_name": "funding:decision-appendix-preview",
        "pdf_url": reverse("funding:decision-public-pdf", args=[report.pk]),
        "form": form,
        "refusal": refusal,
        "redacted": [report_sections.BY_KEY[key] for key in report.redacted_sections or []],
        "withheld": [a for a in report.appendices.all() if not a.public_document],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "funding/decision_redaction.html", context, status=status)


def _file_response(stored: Any, name: str) -> FileResponse:
    kind = documents.identify(stored)
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=documents.download_name(name or "appendix", kind),
        content_type=kind.content_type if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def decision_appendix_preview(request: HttpRequest, pk: int) -> FileResponse:
    """The version of an appendix the public will be able to download (the redacted one if it is
    redacted), for those who read the report, before and after publication."""
    appendix = Appendix.objects.select_related("report").filter(pk=pk).first()
    if appendix is None:
        raise Http404("No such appendix")
    report = access.get_report_for_user(_user(request), appendix.report_id)
    try:
        stored, name = services.open_public_document(appendix)
    except FileNotFoundError:
        raise Http404("The appendix has no version for publication") from None
    audit.record(
        action=AuditAction.EXPORT, request=request, obj=appendix, detail={"report": report.pk, "public_version": True}
    )
    response = _file_response(stored, name)
    response["Cache-Control"] = "private, no-store"
    return response


def decision_public_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF the public will be able to download, for those who read the report, before and after
    publication (the chief executive checks it before signing off the redactions)."""
    report = access.get_report_for_user(_user(request), pk)
    audit.record(action=AuditAction.EXPORT, request=request, obj=report, detail={"public_pdf": True})
    response = HttpResponse(report_pdf.render_pdf(report, public=True), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report_pdf.filename(report, public=True)}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
