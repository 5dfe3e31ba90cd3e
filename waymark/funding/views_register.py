"""The public register of published decisions: no sign-in. The list (newest first, by year), a
decision's page with only what was cleared for publication, its public PDF and its published
appendices (the redacted version where one was redacted).

Only `DecisionReport.objects.published()` is ever looked at: anything else, its appendices included,
is not found. Redaction details and the reasons an appendix is withheld are never shown here.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from waymark.cases import documents

from . import report_pdf, report_sections
from . import services_decisions as services
from .models import Appendix, DecisionReport, SignOff, SignOffKind

PER_PAGE = 20


class YearFilterForm(forms.Form):
    year = forms.TypedChoiceField(
        label="Year of decision",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Select a year from the list"},
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "All years"), *((y, str(y)) for y in years)]  # type: ignore[attr-defined]


def public_context(report: DecisionReport, *, heading_level: int = 2) -> dict[str, Any]:
    """Exactly what the public sees of a report: the same statements as the public PDF."""
    rows, decision = report_pdf.sign_off_rows(list(report.current_sign_offs().order_by("signed_at", "id")), public=True)
    return {
        "report": report,
        "sections": report_sections.sections(report, public=True),
        "sign_offs": rows,
        "decision": report_pdf.decision_statement(report, decision),
        "publication": report_pdf.publication_statement(report, public=True),
        "public_appendices": [a for a in report.appendices.all() if a.public_document],
        "h": heading_level,
    }


def _published(pk: int) -> DecisionReport:
    report = (
        DecisionReport.objects.published()
        .select_related("partnership", "grant", "grant__fund", "grant__fund__owner", "grant__recipient")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404("No such published decision")
    return report


@login_not_required
@require_GET
def register_list(request: HttpRequest) -> HttpResponse:
    published = DecisionReport.objects.published()
    years = [moment.year for moment in published.datetimes("decided_at", "year", order="DESC")]
    form = YearFilterForm(request.GET if "year" in request.GET else None, years=years)
    year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else None
    if year:
        published = published.filter(decided_at__year=year)
    reports = (
        published.select_related("grant__fund__owner")
        .prefetch_related(
            Prefetch(
                "sign_offs",
                queryset=SignOff.objects.filter(kind=SignOffKind.DECISION, superseded=False),
                to_attr="decisions",
            )
        )
        .order_by("-published_at", "-id")
    )
    page = Paginator(reports, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "year": year,
        "query": urlencode({"year": year}) if year else "",
    }
    return render(request, "funding/register_list.html", context)


@login_not_required
@require_GET
def register_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _published(pk)
    context = {**public_context(report), "appendix_url_name": "funding:register-appendix"}
    return render(request, "funding/register_detail.html", context)


@login_not_required
@require_GET
def register_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    report = _published(pk)
    response = HttpResponse(report_pdf.render_pdf(report, public=True), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report_pdf.filename(report, public=True)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_not_required
@require_GET
def register_appendix(request: HttpRequest, pk: int) -> FileResponse:
    appendix = Appendix.objects.filter(pk=pk, report__in=DecisionReport.objects.published()).first()
    if appendix is None:
        raise Http404("No such published appendix")
    try:
        stored, name = services.open_public_document(appendix)
    except FileNotFoundError:
        raise Http404("The appendix is not published") from None
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
