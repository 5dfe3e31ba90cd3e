"""The public register shows published decisions only, and of each only what was cleared for
publication: never a redacted section's text, the redaction details, or a withheld appendix."""

from __future__ import annotations

import html
import shutil
import subprocess
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from waymark.funding.decision_flow import State
from waymark.funding.models import AppendixPublication, DecisionReport
from waymark.funding.tests.factories import funding_for_testford, make_grant, make_report, signers
from waymark.funding.tests.matrix_decisions import (
    PDF_BYTES,
    add_appendix,
    approved,
    decided,
    publication,
    redaction_signed_off,
    sent,
)

pytestmark = pytest.mark.django_db

SECRET = "The provider's staff are Alex Example and Sam Sample."
DETAILS = "Redacted: the names of two members of the provider's staff."
WITHHELD_REASON = "Commercially confidential pricing."


@pytest.fixture(autouse=True)
def _documents(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


@pytest.fixture
def funding(world, personas):
    return funding_for_testford(world, personas)


@pytest.fixture
def people(world):
    return signers(world)


def text(response) -> str:
    return html.unescape(response.content.decode())


def another_report(funding, world, number, title):
    grant = make_grant(funding.fund, world.police, title=title, amount="1000.00")
    return SimpleNamespace(report=make_report(grant, number=number, title=title))


def published(record, personas, people, **choices):
    return publication(decided(record, personas, people), personas, **choices)


def test_the_register_lists_only_published_decisions_newest_first(funding, personas, people, world):
    older = published(funding, personas, people)
    newer = published(another_report(funding, world, 2, "Pilot of a victim navigator"), personas, people)
    sent(another_report(funding, world, 3, "Awaiting sign-off"), personas)
    decided(another_report(funding, world, 4, "Decided, publication not yet"), personas, people)
    published(
        another_report(funding, world, 5, "Redaction waiting"), personas, people, redacted_sections=["background"]
    )
    published(another_report(funding, world, 6, "Not for publication"), personas, people, publish=False, reason="X")
    DecisionReport.objects.filter(pk=older.pk).update(published_at=timezone.now() - timedelta(days=3))

    page = text(Client().get(reverse("funding:register-list")))
    assert "2 published decisions" in page
    assert page.index(newer.title) < page.index(older.title)
    for hidden in ("Awaiting sign-off", "Decided, publication not yet", "Redaction waiting", "Not for publication"):
        assert hidden not in page
    assert "Agreed" in page


def test_the_register_filters_by_the_year_of_decision(funding, personas, people, world):
    this_year = published(funding, personas, people)
    last_year = published(another_report(funding, world, 2, "Last year's pilot"), personas, people)
    decided_at = timezone.now().replace(year=timezone.now().year - 1)
    DecisionReport.objects.filter(pk=last_year.pk).update(decided_at=decided_at)

    page = text(Client().get(reverse("funding:register-list"), {"year": decided_at.year}))
    assert f"1 published decision decided in {decided_at.year}" in page
    assert last_year.title in page and this_year.title not in page
    page = text(Client().get(reverse("funding:register-list"), {"year": 1999}))
    assert "Select a year from the list" in page
    assert last_year.title in page and this_year.title in page


def test_the_register_is_paginated_with_the_same_queries_however_many(funding, personas, people, world):
    def publish_many(first, count):
        now = timezone.now()
        for number in range(first, first + count):
            record = another_report(funding, world, number, f"Decision number {number}")
            # Test data: the flow itself is tested elsewhere.
            DecisionReport.objects.filter(pk=record.report.pk).update(
                state=State.PUBLISHED, decided_at=now, published_at=now - timedelta(minutes=number)
            )

    def queries_for(query=""):
        with CaptureQueriesContext(connection) as captured:
            response = Client().get(reverse("funding:register-list") + query)
        assert response.status_code == 200
        return len(captured.captured_queries), text(response)

    publish_many(10, 2)
    few, _ = queries_for()
    publish_many(20, 23)
    many, first_page = queries_for()
    assert many == few
    assert "25 published decisions" in first_page
    assert "Decision number 10" in first_page and "Decision number 38" not in first_page
    _, second_page = queries_for("?page=2")
    assert "Decision number 42" in second_page and "Decision number 10" not in second_page


@pytest.mark.parametrize("stage", ["draft", "sent", "approved", "decided", "redaction pending", "not published"])
def test_nothing_unpublished_is_found(funding, personas, people, stage):
    report = funding.report
    if stage == "sent":
        report = sent(funding, personas)
    elif stage == "approved":
        report = approved(funding, personas, people)
    elif stage in ("decided", "redaction pending", "not published"):
        report = decided(funding, personas, people)
    appendix = add_appendix(report)
    if stage == "redaction pending":
        report = publication(
            report,
            personas,
            redacted_sections=["background"],
            appendices=[(appendix, AppendixPublication.PUBLISH, "", None)],
        )
    elif stage == "not published":
        report = publication(report, personas, publish=False, reason="OFFICIAL-SENSITIVE")
    anyone = Client()
    for name in ("register-detail", "register-pdf"):
        assert anyone.get(reverse(f"funding:{name}", args=[report.pk])).status_code == 404
    assert anyone.get(reverse("funding:register-appendix", args=[appendix.pk])).status_code == 404
    assert report.title not in text(anyone.get(reverse("funding:register-list")))


@pytest.fixture
def redacted_report(funding, personas, people):
    """Legal implications redacted; one appendix published redacted, one as it is, one withheld."""
    funding.report.legal_implications = SECRET
    funding.report.save()
    report = decided(funding, personas, people)
    redacted = add_appendix(report, title="Delivery plan", content=PDF_BYTES + b"% the original\n")
    as_it_is = add_appendix(report, title="Equality impact assessment", content=PDF_BYTES + b"% as it is\n")
    withheld = add_appendix(report, title="Provider's pricing schedule")
    redacted_file = SimpleUploadedFile("plan-redacted.pdf", PDF_BYTES + b"% redacted version\n")
    report = publication(
        report,
        personas,
        redacted_sections=["legal_implications"],
        appendices=[
            (redacted, AppendixPublication.PUBLISH_REDACTED, "Names removed.", redacted_file),
            (as_it_is, AppendixPublication.PUBLISH, "", None),
            (withheld, AppendixPublication.WITHHOLD, WITHHELD_REASON, None),
        ],
    )
    DecisionReport.objects.filter(pk=report.pk).update(redaction_details=DETAILS)
    report.refresh_from_db()
    return SimpleNamespace(report=report, redacted=redacted, as_it_is=as_it_is, withheld=withheld)


def test_a_redaction_shows_nothing_until_signed_off(redacted_report, people):
    report = redacted_report.report
    assert report.flow_state == State.REDACTION_PENDING
    anyone = Client()
    assert anyone.get(reverse("funding:register-detail", args=[report.pk])).status_code == 404
    assert anyone.get(reverse("funding:register-appendix", args=[redacted_report.redacted.pk])).status_code == 404
    redaction_signed_off(report, people)
    assert anyone.get(reverse("funding:register-detail", args=[report.pk])).status_code == 200


def test_the_register_shows_only_the_redacted_version(redacted_report, people):
    report = redaction_signed_off(redacted_report.report, people)
    anyone = Client()
    page = text(anyone.get(reverse("funding:register-detail", args=[report.pk])))
    assert report.title in page
    assert "This section has been redacted from the published version." in page
    assert "Referrals into the NRM in Testford rose by a third last year." in page  # background, not redacted
    assert "Edith Executive" in page and "Frank Finance" in page and "Pat Commissioner" in page
    for never in (SECRET, DETAILS, WITHHELD_REASON, "Names removed.", "Provider's pricing schedule"):
        assert never not in page
    assert "Delivery plan" in page and "Equality impact assessment" in page

    download = anyone.get(reverse("funding:register-appendix", args=[redacted_report.redacted.pk]))
    assert b"".join(download.streaming_content).endswith(b"% redacted version\n")
    download = anyone.get(reverse("funding:register-appendix", args=[redacted_report.as_it_is.pk]))
    assert b"".join(download.streaming_content).endswith(b"% as it is\n")
    assert anyone.get(reverse("funding:register-appendix", args=[redacted_report.withheld.pk])).status_code == 404


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_the_public_pdf_leaves_out_what_was_redacted(redacted_report, people, tmp_path):
    report = redaction_signed_off(redacted_report.report, people)
    response = Client().get(reverse("funding:register-pdf", args=[report.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "public.pdf"
    pdf.write_bytes(response.content)
    words = " ".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True).stdout.split()
    )
    assert report.reference in words
    assert "This section has been redacted from the published version." in words
    for never in (SECRET, DETAILS, WITHHELD_REASON, "Provider's pricing schedule"):
        assert " ".join(never.split()) not in words
    assert "Alex Example" not in words
