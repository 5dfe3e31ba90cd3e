"""The agreements register: the earliest withdrawal date and the rule in words, parties and their
signatures ("not all parties have signed"), adding and editing, the signed document, and the review
reminders."""

import io
import zipfile
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from waymark.core.models import AuditEntry
from waymark.governance import services_registers
from waymark.governance.models import Agreement, AgreementParty
from waymark.governance.services_registers import send_agreement_review_reminders, withdrawal_rule_in_words
from waymark.governance.tests.factories import governance_for_testford

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def gov(world, personas, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    return governance_for_testford(world, personas)


def _date(prefix, day):
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month), f"{prefix}_2": str(day.year)}


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("months", "expiry", "text", "expected"),
    [
        (12, (3, 31), "", "A party may withdraw by giving at least 12 months' written notice expiring on 31 March."),
        (1, None, "", "A party may withdraw by giving at least 1 month's written notice."),
        (0, None, "", "A party may withdraw at any time, without notice."),
        (6, None, "Six months' notice in writing to the chair.", "Six months' notice in writing to the chair."),
    ],
    ids=["fixed-day", "one-month", "no-notice", "as-written-wins"],
)
def test_the_withdrawal_rule_in_words(months, expiry, text, expected):
    month, day = expiry or (None, None)
    agreement = Agreement(notice_months=months, notice_expiry_month=month, notice_expiry_day=day, notice_text=text)
    assert withdrawal_rule_in_words(agreement) == expected


def test_the_page_shows_the_earliest_withdrawal_from_today_and_who_has_not_signed(gov, world, client_for, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: date(2026, 2, 10))
    AgreementParty.objects.create(
        agreement=gov.agreement, organisation=world.council, signed_on=date(2025, 3, 1), signatory_name="Dana Chief"
    )
    AgreementParty.objects.create(agreement=gov.agreement, organisation=world.charity)
    page = (
        client_for("grants_officer")
        .get(reverse("governance:agreement-detail", args=[gov.agreement.pk]))
        .content.decode()
    )
    # 12 months' notice given on 10 February 2026 ends on 10 February 2027: the next 31 March is 2027's.
    assert "31 March 2027, if a party gave notice today (10 February 2026)" in page
    assert "at least 12 months&#x27; written notice expiring on 31 March" in page
    assert "Not all parties have signed: 1 of 2 still to sign (Brightway)" in page
    assert "Dana Chief" in page
    assert AuditEntry.objects.filter(action="view", object_type="governance.Agreement").exists()


def test_the_list_says_when_not_all_parties_have_signed(gov, world, client_for):
    AgreementParty.objects.create(agreement=gov.agreement, organisation=world.council, signed_on=date(2025, 3, 1))
    AgreementParty.objects.create(agreement=gov.agreement, organisation=world.police)
    page = client_for("charity_caseworker").get(reverse("governance:agreement-list")).content.decode()
    assert "1 of 2 signed" in page
    assert "Not all parties have signed" in page


def test_the_coordinator_adds_an_agreement(gov, client_for):
    response = client_for("coordinator").post(
        reverse("governance:agreement-add"),
        {
            "title": "Testford collaboration agreement",
            "kind": "collaboration",
            "legal_basis": "Section 22A Police Act 1996",
            **_date("start_date", date(2026, 4, 1)),
            "notice_months": "6",
            "notice_expiry_day": "30",
            "notice_expiry_month": "9",
        },
    )
    agreement = Agreement.objects.get(title="Testford collaboration agreement")
    assert response["Location"] == reverse("governance:agreement-detail", args=[agreement.pk])
    assert (agreement.notice_months, agreement.notice_expiring_on) == (6, (9, 30))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"notice_expiry_day": "31"}, "Enter both the day and the month the notice must expire on, or neither"),
        ({"notice_expiry_day": "31", "notice_expiry_month": "6"}, "June has no day 31"),
        ({**_date("end_date", date(2026, 1, 1))}, "The end date must be the same as or after the start date"),
        ({"notice_months": "-1"}, "The notice period cannot be negative"),
    ],
    ids=["day-without-month", "no-such-day", "ends-before-it-starts", "negative-notice"],
)
def test_mistakes_in_an_agreement_are_explained(gov, client_for, fields, message):
    data = {
        "title": "Draft ISA",
        "kind": "other",
        **_date("start_date", date(2026, 4, 1)),
        "notice_months": "0",
        **fields,
    }
    response = client_for("coordinator").post(reverse("governance:agreement-add"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'value="Draft ISA"' in page


def test_a_stale_agreement_edit_is_refused(gov, personas, client_for):
    shown = gov.agreement.version
    services_registers.update_agreement(
        agreement=gov.agreement, version=shown, by=personas["coordinator"], title="Renamed"
    )
    data = {
        "version": shown,
        "title": "Mine",
        "kind": "other",
        **_date("start_date", date(2025, 4, 1)),
        "notice_months": "3",
    }
    response = client_for("coordinator").post(reverse("governance:agreement-edit", args=[gov.agreement.pk]), data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this agreement" in page
    assert 'value="Mine"' in page
    gov.agreement.refresh_from_db()
    assert gov.agreement.title == "Renamed"


def test_the_coordinator_adds_a_party_then_records_its_signature(gov, world, client_for):
    client = client_for("coordinator")
    response = client.post(
        reverse("governance:agreement-party-add", args=[gov.agreement.pk]), {"organisation": world.police.pk}
    )
    assert response.status_code == 302
    party = gov.agreement.parties.get()
    assert party.signed_on is None
    signed = timezone.localdate() - timedelta(days=2)
    response = client.post(
        reverse("governance:agreement-party-sign", args=[party.pk]),
        {
            **_date("signed_on", signed),
            "signatory_name": "Chief Constable Ada Lane",
            "signatory_job_title": "Chief Constable",
        },
    )
    assert response.status_code == 302
    party.refresh_from_db()
    assert (party.signed_on, party.signatory_name) == (signed, "Chief Constable Ada Lane")
    page = client.get(reverse("governance:agreement-detail", args=[gov.agreement.pk])).content.decode()
    assert "Not all parties have signed" not in page
    assert f"{signed.day} {signed:%B %Y}" in page


def test_a_signature_cannot_be_dated_in_the_future_nor_a_party_added_twice(gov, world, client_for):
    client = client_for("coordinator")
    party = AgreementParty.objects.create(agreement=gov.agreement, organisation=world.police)
    response = client.post(
        reverse("governance:agreement-party-sign", args=[party.pk]),
        {**_date("signed_on", timezone.localdate() + timedelta(days=1)), "signatory_name": "Ada"},
    )
    assert "Date signed must be today or in the past" in response.content.decode()
    response = client.post(
        reverse("governance:agreement-party-add", args=[gov.agreement.pk]), {"organisation": world.police.pk}
    )
    assert "Select a member organisation that is not already a party" in response.content.decode()


def test_the_coordinator_removes_a_party(gov, world, client_for):
    party = AgreementParty.objects.create(agreement=gov.agreement, organisation=world.police)
    response = client_for("coordinator").post(reverse("governance:agreement-party-remove", args=[party.pk]))
    assert response.status_code == 302
    assert not gov.agreement.parties.exists()
    assert (
        client_for("council_caseworker").post(reverse("governance:agreement-party-remove", args=[party.pk])).status_code
        == 404
    )


def test_a_member_cannot_record_a_signature(gov, world, client_for):
    party = AgreementParty.objects.create(agreement=gov.agreement, organisation=world.police)
    assert (
        client_for("council_caseworker").get(reverse("governance:agreement-party-sign", args=[party.pk])).status_code
        == 403
    )
    assert client_for("outsider").get(reverse("governance:agreement-party-sign", args=[party.pk])).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("isa.pdf", PDF, True),
        ("isa.docx", _docx(), True),
        ("isa.pdf", b"MZ\x90\x00 this is a program", False),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, False),
    ],
    ids=["pdf", "docx", "program-named-pdf", "image"],
)
def test_only_a_pdf_or_word_document_is_accepted_by_its_content(gov, client_for, name, content, accepted):
    response = client_for("coordinator").post(
        reverse("governance:agreement-document-upload", args=[gov.agreement.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )
    gov.agreement.refresh_from_db()
    if accepted:
        assert response.status_code == 302
        assert gov.agreement.document_name == name
    else:
        assert response.status_code == 400
        assert "The selected file must be a PDF, DOC or DOCX" in response.content.decode()
        assert not gov.agreement.document


def test_members_download_the_signed_agreement(gov, personas, client_for):
    upload = SimpleUploadedFile("Signed ISA.pdf", PDF)
    services_registers.attach_document(
        agreement=gov.agreement, upload=upload, kind=services_registers.documents.PDF, by=personas["coordinator"]
    )
    response = client_for("charity_caseworker").get(reverse("governance:agreement-document", args=[gov.agreement.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="Signed ISA.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF
    assert AuditEntry.objects.filter(action="export", object_type="governance.Agreement").exists()
    assert (
        client_for("outsider").get(reverse("governance:agreement-document", args=[gov.agreement.pk])).status_code == 404
    )


def test_a_replaced_document_is_removed_from_storage(gov, personas, tmp_path):
    by = personas["coordinator"]
    first = services_registers.attach_document(
        agreement=gov.agreement, upload=SimpleUploadedFile("a.pdf", PDF), kind=services_registers.documents.PDF, by=by
    )
    old = first.document.name
    services_registers.attach_document(
        agreement=first, upload=SimpleUploadedFile("b.pdf", PDF), kind=services_registers.documents.PDF, by=by
    )
    assert not (tmp_path / old).exists()
    assert len([p for p in tmp_path.rglob("*") if p.is_file()]) == 1


def test_review_reminders_go_to_the_coordinators_once_per_review_date(gov, world):
    today = date(2026, 11, 23)
    gov.agreement.review_date = today
    gov.agreement.save()
    AgreementParty.objects.create(agreement=gov.agreement, organisation=world.charity)
    mail.outbox.clear()
    assert send_agreement_review_reminders(today=today) == 1
    assert send_agreement_review_reminders(today=today + timedelta(days=1)) == 0
    (message,) = mail.outbox
    assert message.to == ["carol@testford.example"]
    assert "Testford information sharing agreement" in message.subject
    assert "Not all parties have signed it yet: Brightway." in message.body


def test_an_ended_agreement_is_not_reminded(gov):
    today = date(2026, 11, 23)
    Agreement.objects.filter(pk=gov.agreement.pk).update(review_date=today, end_date=today - timedelta(days=1))
    assert send_agreement_review_reminders(today=today) == 0
