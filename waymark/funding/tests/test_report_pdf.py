"""The decision report as a PDF: the cover facts, every section's heading and text in order, the
classification on every page, the officers' approvals and the decision, publication, appendices;
and the published version, which leaves out redacted sections, withheld appendices and the details
of the redaction."""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from waymark.core.models import AuditEntry
from waymark.funding import report_pdf
from waymark.funding.decision_flow import State
from waymark.funding.models import (
    Appendix,
    AppendixPublication,
    Classification,
    DecisionReport,
    SignOff,
    SignOffKind,
    SignOffOutcome,
)
from waymark.funding.report_sections import REDACTED_NOTICE, SECTIONS
from waymark.funding.tests.factories import funding_for_testford, signers

pytestmark = pytest.mark.django_db

# Short enough that no line of the PDF wraps inside one.
TEXTS = {spec.field: f"Text of section {spec.number} here." for spec in SECTIONS}


@pytest.fixture
def funding(world, personas):
    made = funding_for_testford(world, personas)
    DecisionReport.objects.filter(pk=made.report.pk).update(
        **TEXTS, classification=Classification.OFFICIAL_SENSITIVE, stakeholders_affected="Adults referred into the NRM"
    )
    made.report.refresh_from_db()
    return made


def pdf_text(content: bytes, tmp_path) -> str:
    assert shutil.which("pdftotext"), "poppler-utils (pdftotext) is needed to read the PDF"
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def page_count(content: bytes, tmp_path) -> int:
    path = tmp_path / "pages.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def _sign(report, kind, outcome, user, capacity, days_ago):
    at = timezone.now() - timedelta(days=days_ago)
    return SignOff.objects.create(
        report=report,
        kind=kind,
        outcome=outcome,
        user=user,
        name=user.full_name,
        capacity=capacity,
        signed_at=at,
        two_factor_checked_at=at,
    )


def test_the_pdf_has_the_cover_facts_and_every_section_in_order(funding, tmp_path):
    report = funding.report
    content = report_pdf.render_pdf(report)
    assert content.startswith(b"%PDF-")
    text = pdf_text(content, tmp_path)
    for fact in (
        report.reference,
        report.title,
        "Area affected Testford",
        "Stakeholders affected Adults referred into the NRM",
        "Report by Greta Grants, Commissioning Officer",
        f"Date {report.report_date.day} {report.report_date:%B %Y}",
        "Enquiries to Greta Grants, greta@opcc.example",
    ):
        assert fact in text
    positions = []
    for spec in SECTIONS:
        heading = f"{spec.number}. {spec.heading}"
        assert heading in text, heading
        assert f"Text of section {spec.number} here." in text
        positions.append(text.index(f"{heading} Text of section {spec.number} here."))
    assert positions == sorted(positions)
    # Figures drawn from the grant and the fund, and the linked priority.
    assert "£34,000.00" in text and "Salary £26,000.00" in text and "Protecting vulnerable people" in text


def test_the_classification_heads_and_foots_every_page(funding, tmp_path):
    content = report_pdf.render_pdf(funding.report)
    pages = page_count(content, tmp_path)
    assert pages >= 2
    # Once on the cover table, then twice on every page (header and footer).
    assert pdf_text(content, tmp_path).count("OFFICIAL-SENSITIVE") == 2 * pages + 1


def test_approvals_not_given_yet_say_so(funding, tmp_path):
    text = pdf_text(report_pdf.render_pdf(funding.report), tmp_path)
    assert "Chief executive and monitoring officer Not yet signed" in text
    assert "Chief finance officer Not yet signed" in text
    assert "Commissioner's decision Not yet signed" in text
    assert "The commissioner has not yet decided." in text
    assert "Whether the report is published has not been decided yet." in text


def test_the_approvals_and_a_disagreement_show_names_capacities_dates_and_reasons(funding, world, tmp_path):
    people = signers(world)
    report = funding.report
    _sign(report, "monitoring_officer", SignOffOutcome.APPROVED, people.chief_executive, "Chief Executive", 3)
    _sign(
        report,
        "chief_finance_officer",
        SignOffOutcome.APPROVED,
        people.chief_finance_officer,
        "Chief Finance Officer",
        2,
    )
    decided = _sign(
        report, SignOffKind.DECISION, SignOffOutcome.DISAGREED, people.commissioner, "Police and Crime Commissioner", 1
    )
    DecisionReport.objects.filter(pk=report.pk).update(
        state=State.DISAGREED, decision_reasons="The need is met by the county service."
    )
    report.refresh_from_db()
    text = pdf_text(report_pdf.render_pdf(report), tmp_path)
    day = timezone.localtime(decided.signed_at)
    assert f"Pat Commissioner Police and Crime Commissioner {day.day} {day:%B %Y}" in text
    assert "Edith Executive Chief Executive" in text and "Frank Finance Chief Finance Officer" in text
    assert "Not yet signed" not in text
    assert "The commissioner disagreed with the recommendations in this report." in text
    assert "Reasons: The need is met by the county service." in text


def _published_with_redactions(funding):
    report = funding.report
    Appendix.objects.create(
        report=report, title="Appendix A: budget", publication=AppendixPublication.PUBLISH, document="x"
    )
    Appendix.objects.create(
        report=report,
        title="Appendix B: victim case study",
        publication=AppendixPublication.WITHHOLD,
        publication_reason="Personal data",
        document="y",
    )
    Appendix.objects.create(
        report=report, title="Appendix C: staffing", publication=AppendixPublication.PUBLISH_REDACTED, document="z"
    )  # no redacted version uploaded: nothing to publish
    DecisionReport.objects.filter(pk=report.pk).update(
        state=State.PUBLISHED,
        publish=True,
        redacted_sections=["staffing_implications"],
        redaction_details="Names of the post holder's line managers.",
        published_at=timezone.now(),
    )
    report.refresh_from_db()
    return report


def test_the_full_version_has_everything_including_what_is_redacted(funding, tmp_path):
    report = _published_with_redactions(funding)
    text = pdf_text(report_pdf.render_pdf(report), tmp_path)
    assert "Text of section 11 here." in text
    assert "Appendix B: victim case study Do not publish: Personal data" in text
    assert "What is redacted and why: Names of the post holder's line managers." in text
    assert "These sections are redacted from the published version: 11. Staffing implications." in text


def test_the_published_version_leaves_out_redacted_sections_and_withheld_appendices(funding, tmp_path):
    report = _published_with_redactions(funding)
    text = pdf_text(report_pdf.render_pdf(report, public=True), tmp_path)
    assert "11. Staffing implications" in text
    assert "Text of section 11 here." not in text
    assert f"11. Staffing implications {REDACTED_NOTICE}" in text
    assert "Text of section 10 here." in text and "Text of section 12 here." in text
    assert "Appendix A: budget" in text
    assert "Appendix B" not in text and "victim case study" not in text and "Personal data" not in text
    assert "Appendix C" not in text
    assert "line managers" not in text and "What is redacted" not in text


def test_staff_download_the_full_pdf_and_it_is_recorded(funding, client_for, tmp_path):
    url = reverse("funding:report-pdf", args=[funding.report.pk])
    response = client_for("coordinator").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reference = funding.report.reference
    assert response["Content-Disposition"] == f'attachment; filename="decision-report-{reference}.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert b"/URI" not in response.content
    assert "Text of section 16 here." in pdf_text(response.content, tmp_path)
    assert AuditEntry.objects.filter(
        action="export", object_type="funding.DecisionReport", object_id=str(funding.report.pk)
    ).exists()
    assert client_for("charity_caseworker").get(url).status_code == 404
    assert client_for("outsider").get(url).status_code == 404


def test_a_reference_with_a_slash_makes_a_safe_file_name(funding):
    funding.report.reference = "043/2026"
    assert report_pdf.filename(funding.report) == "decision-report-043-2026.pdf"
    assert report_pdf.filename(funding.report, public=True) == "decision-report-043-2026-published.pdf"
