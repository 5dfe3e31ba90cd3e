"""A decision report as a PDF in the familiar layout of a commissioner's decision report: the cover
table, the sixteen sections in order, the officers' approvals and the decision, the publication
statement and the appendices, with the classification at the head and foot of every page.

`render_pdf(report, public=True)` is the published version: redacted sections show the notice only,
only appendices cleared for publication are listed, and nothing of the redaction details appears.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from . import report_sections
from .decision_flow import OFFICER_LABELS, Officer, State
from .models import AppendixPublication, DecisionReport, SignOff, SignOffKind, SignOffOutcome

NOT_SIGNED = "Not yet signed"


@dataclass(frozen=True)
class SignOffRow:
    role: str
    name: str
    capacity: str
    date: str
    signed: bool


@dataclass(frozen=True)
class AppendixLine:
    title: str
    note: str


def _day(moment: Any) -> str:
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B %Y}"


def _row(role: str, found: SignOff | None) -> SignOffRow:
    if found is None:
        return SignOffRow(role, NOT_SIGNED, "", "", signed=False)
    return SignOffRow(role, found.name, found.capacity, _day(found.signed_at), signed=True)


def sign_off_rows(sign_offs: list[SignOff], *, public: bool) -> tuple[list[SignOffRow], SignOff | None]:
    """The officers' approvals and the decision, a row each; and the current decision, if any."""
    latest: dict[tuple[str, str], SignOff] = {}
    for sign_off in sign_offs:  # in signing order: a later one replaces an earlier one
        latest[(sign_off.kind, sign_off.outcome)] = sign_off
    rows = [
        _row(OFFICER_LABELS[officer], latest.get((officer.value, SignOffOutcome.APPROVED)))
        for officer in (Officer.MONITORING_OFFICER, Officer.CHIEF_FINANCE_OFFICER)
    ]
    decisions = [s for s in sign_offs if s.kind == SignOffKind.DECISION]
    decision = decisions[-1] if decisions else None
    rows.append(_row(SignOffKind.DECISION.label, decision))
    redaction = latest.get((SignOffKind.REDACTION, SignOffOutcome.REDACTION_SIGNED_OFF))
    if redaction is not None and not public:
        rows.append(_row(SignOffKind.REDACTION.label, redaction))
    return rows, decision


def decision_statement(report: DecisionReport, decision: SignOff | None) -> list[str]:
    if decision is None:
        return ["The commissioner has not yet decided."]
    if decision.outcome == SignOffOutcome.AGREED:
        lines = ["The commissioner agreed the recommendations in this report."]
    else:
        lines = ["The commissioner disagreed with the recommendations in this report."]
    if report.decision_reasons.strip():
        lines.append(f"Reasons: {report.decision_reasons.strip()}")
    return lines


def _redacted_headings(report: DecisionReport) -> list[str]:
    keys = set(report.redacted_sections or ())
    return [f"{spec.number}. {spec.heading}" for spec in report_sections.SECTIONS if spec.key in keys]


def publication_statement(report: DecisionReport, *, public: bool) -> list[str]:
    redacted = _redacted_headings(report)
    if public:
        lines = ["This is the published version of the report."]
        if report.published_at:
            lines[0] = f"This is the version of the report published on {_day(report.published_at)}."
        if redacted:
            lines.append("These sections are redacted from it: " + "; ".join(redacted) + ".")
        return lines
    if report.publish is None:
        return ["Whether the report is published has not been decided yet."]
    if report.publish is False:
        return [
            "This report is not for publication.",
            f"Reason: {report.reason_not_published.strip() or 'not recorded'}",
        ]
    lines = ["This report is for publication."]
    if redacted:
        lines.append("These sections are redacted from the published version: " + "; ".join(redacted) + ".")
    if report.redaction_details.strip():
        lines.append(f"What is redacted and why: {report.redaction_details.strip()}")
    if report.flow_state == State.REDACTION_PENDING:
        lines.append("The redaction awaits sign-off.")
    if report.published_at:
        lines.append(f"Published on {_day(report.published_at)}.")
    return lines


def appendix_lines(report: DecisionReport, *, public: bool) -> list[AppendixLine]:
    lines = []
    for appendix in report.appendices.all():
        if public:
            if appendix.public_document:
                redacted = appendix.public_document == "redacted_document"
                lines.append(AppendixLine(appendix.title, "Redacted version" if redacted else ""))
            continue
        note = appendix.get_publication_display()
        if appendix.publication != AppendixPublication.UNDECIDED and appendix.publication_reason.strip():
            note += f": {appendix.publication_reason.strip()}"
        lines.append(AppendixLine(appendix.title, note))
    return lines


def context(report: DecisionReport, *, public: bool = False) -> dict[str, Any]:
    rows, decision = sign_off_rows(list(report.current_sign_offs().order_by("signed_at", "id")), public=public)
    return {
        "report": report,
        "public": public,
        "classification": report.get_classification_display(),
        "owner": report.grant.fund.owner.name,
        "sections": report_sections.sections(report, public=public),
        "sign_offs": rows,
        "decision": decision_statement(report, decision),
        "publication": publication_statement(report, public=public),
        "appendices": appendix_lines(report, public=public),
        "generated_on": timezone.localdate(),
    }


def render_html(report: DecisionReport, *, public: bool = False) -> str:
    return render_to_string("funding/pdf/report.html", context(report, public=public))


def render_pdf(report: DecisionReport, *, public: bool = False) -> bytes:
    """The PDF is built from the template alone: WeasyPrint may not fetch anything, local or remote."""
    # Imported here: loading Pango is slow and only the PDF needs it.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    class NoFetching(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            raise ValueError(f"The decision report PDF loads no resources ({url})")

    return HTML(string=render_html(report, public=public), url_fetcher=NoFetching()).write_pdf()  # type: ignore[no-any-return]


def filename(report: DecisionReport, *, public: bool = False) -> str:
    safe = "".join(c if c.isalnum() else "-" for c in report.reference).strip("-") or str(report.pk)
    return f"decision-report-{safe}{'-published' if public else ''}.pdf"
