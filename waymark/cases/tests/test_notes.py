"""Notes and documents on a case, as the people using them see it: who sees which, uploads that are
refused and why, downloads that are checked and audited, and 404 for anything out of reach."""

from __future__ import annotations

import hashlib

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from waymark.cases import services_notes
from waymark.cases.models import CaseDocument, CaseEvent, CaseNote, CaseShare, EventKind, LawfulBasis
from waymark.cases.tests.factories import open_child_case
from waymark.cases.tests.test_documents import DOC, DOCX, EXE, JPG, PDF, PNG
from waymark.core.models import AuditEntry

pytestmark = pytest.mark.django_db

SECRET = "Her brother is the one holding her passport"


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def case(world, personas):
    """A child's case led by Testford Council, shared with Brightway (the charity)."""
    case = open_child_case(world, personas["council_caseworker"])
    type(case).objects.filter(pk=case.pk).update(lead_organisation=world.council, status="open")
    case.refresh_from_db()
    CaseShare.objects.create(
        case=case,
        organisation=world.charity,
        reason="Support worker",
        lawful_basis=LawfulBasis.SAFEGUARDING,
        shared_by=personas["council_caseworker"],
    )
    return case


def upload(client, case, content, name="report.pdf", **fields):
    data = {"file": SimpleUploadedFile(name, content, content_type="application/pdf"), **fields}
    return client.post(reverse("cases:document-add", args=[case.pk]), data)


def stored_files(root):
    return [p for p in root.rglob("*") if p.is_file()]


def audit_text() -> str:
    return " ".join(f"{e.object_repr} {e.detail} {e.path}" for e in AuditEntry.objects.all())


# Notes


def test_a_note_is_added_with_a_timeline_line_and_an_audit_entry_that_leave_out_its_text(case, client_for):
    response = client_for("council_caseworker").post(reverse("cases:note-add", args=[case.pk]), {"text": SECRET})
    assert response.status_code == 302
    note = CaseNote.objects.get()
    assert (note.text, note.sensitive, note.organisation.name) == (SECRET, False, "Testford Council")
    assert CaseEvent.objects.filter(case=case, kind=EventKind.NOTE, summary="Note added").exists()
    entry = AuditEntry.objects.get(action="create", object_type="cases.CaseNote")
    assert entry.object_id == str(note.pk)
    assert SECRET not in audit_text()
    page = client_for("charity_caseworker").get(reverse("cases:case-detail", args=[case.pk]))
    assert SECRET in page.content.decode()


def test_an_empty_note_is_refused_with_the_sensitive_box_kept(case, client_for):
    response = client_for("council_caseworker").post(
        reverse("cases:note-add", args=[case.pk]), {"text": "  ", "sensitive": "on"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter the note" in body and "Error: Add a note" in body
    assert 'name="sensitive" type="checkbox" value="on" checked' in body
    assert not CaseNote.objects.exists()


def test_a_sensitive_note_is_seen_only_by_the_authors_organisation(case, personas, client_for):
    note = services_notes.add_note(case=case, text=SECRET, sensitive=True, by=personas["council_caseworker"])
    assert not CaseEvent.objects.filter(case=case, kind=EventKind.NOTE).exists()  # the timeline is for all
    assert AuditEntry.objects.filter(action="create", object_type="cases.CaseNote").exists()
    for persona in ("council_caseworker", "coordinator"):  # both at Testford Council
        client = client_for(persona)
        assert SECRET in client.get(reverse("cases:case-detail", args=[case.pk])).content.decode()
        assert SECRET in client.get(reverse("cases:note-list", args=[case.pk])).content.decode()
        assert client.get(reverse("cases:note-detail", args=[note.pk])).status_code == 200
    charity = client_for("charity_caseworker")
    for url in (reverse("cases:case-detail", args=[case.pk]), reverse("cases:note-list", args=[case.pk])):
        body = charity.get(url).content.decode()
        assert SECRET not in body and "Sensitive" not in body
    assert charity.get(reverse("cases:note-detail", args=[note.pk])).status_code == 404


def test_the_notes_list_is_audited_as_a_view(case, personas, client_for):
    note = services_notes.add_note(case=case, text="Called her", sensitive=False, by=personas["council_caseworker"])
    client_for("charity_caseworker").get(reverse("cases:note-list", args=[case.pk]))
    entry = AuditEntry.objects.get(action="view", object_type="cases.CaseNote")
    assert entry.detail == {"ids": [str(note.pk)]}


@pytest.mark.parametrize("persona", ["intelligence_officer", "grants_officer", "outsider"])
def test_notes_and_documents_of_a_case_out_of_reach_are_not_found(case, personas, client_for, persona):
    note = services_notes.add_note(case=case, text=SECRET, sensitive=False, by=personas["council_caseworker"])
    upload(client_for("council_caseworker"), case, PDF)
    document = CaseDocument.objects.get()
    client = client_for(persona)
    for url in (
        reverse("cases:note-list", args=[case.pk]),
        reverse("cases:note-detail", args=[note.pk]),
        reverse("cases:document-download", args=[document.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("cases:note-add", args=[case.pk]), {"text": "x"}).status_code == 404
    assert upload(client, case, PDF).status_code == 404
    assert CaseNote.objects.count() == 1 and CaseDocument.objects.count() == 1
    assert not AuditEntry.objects.filter(action="export").exists()


def test_ids_that_do_not_exist_are_not_found(case, client_for):
    client = client_for("council_caseworker")
    assert client.get(reverse("cases:note-detail", args=[999999])).status_code == 404
    assert client.get(reverse("cases:document-download", args=[999999])).status_code == 404


# Documents


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        (PDF, "Tenancy agreement.pdf", "application/pdf"),
        (DOC, "statement.doc", "application/msword"),
        (DOCX, "statement.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (JPG, "room.jpg", "image/jpeg"),
        (PNG, "room.png", "image/png"),
    ],
)
def test_each_accepted_type_is_stored_outside_the_web_root_under_a_random_name(
    case, client_for, _private_files, content, name, content_type
):
    response = upload(client_for("council_caseworker"), case, content, name=name, description="Evidence")
    assert response.status_code == 302, response.content.decode()[:2000]
    document = CaseDocument.objects.get()
    assert (document.original_name, document.content_type, document.size) == (name, content_type, len(content))
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    [stored] = stored_files(_private_files)
    assert stored.read_bytes() == content
    assert name.split(".")[0] not in str(stored.relative_to(_private_files))
    assert str(django_settings.STATIC_ROOT) not in str(stored)
    assert CaseEvent.objects.filter(case=case, kind=EventKind.NOTE, summary__startswith="Document added").exists()
    entry = AuditEntry.objects.get(action="create", object_type="cases.CaseDocument")
    assert entry.detail["sha256"] == document.sha256
    assert name not in audit_text()


def test_a_download_is_an_attachment_with_the_stored_type_and_is_audited(case, client_for):
    upload(client_for("council_caseworker"), case, PNG, name="room.png", description="Room")
    document = CaseDocument.objects.get()
    response = client_for("charity_caseworker").get(reverse("cases:document-download", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="room.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PNG
    entry = AuditEntry.objects.get(action="export")
    assert (entry.object_type, entry.object_id, entry.user_email) == (
        "cases.CaseDocument",
        str(document.pk),
        "charlie@brightway.example",
    )


def test_content_decides_the_type_and_the_download_name_follows_it(case, client_for):
    upload(client_for("council_caseworker"), case, PDF, name="scan.png")
    document = CaseDocument.objects.get()
    assert document.content_type == "application/pdf"
    response = client_for("council_caseworker").get(reverse("cases:document-download", args=[document.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="scan.pdf"'


def test_a_sensitive_document_is_seen_only_by_the_uploaders_organisation(case, client_for):
    upload(client_for("council_caseworker"), case, PDF, name="police-statement.pdf", sensitive="on")
    document = CaseDocument.objects.get()
    assert document.sensitive
    assert not CaseEvent.objects.filter(case=case, kind=EventKind.NOTE).exists()
    council = client_for("coordinator")
    assert "police-statement.pdf" in council.get(reverse("cases:case-detail", args=[case.pk])).content.decode()
    assert council.get(reverse("cases:document-download", args=[document.pk])).status_code == 200
    charity = client_for("charity_caseworker")
    for url in (reverse("cases:case-detail", args=[case.pk]), reverse("cases:note-list", args=[case.pk])):
        assert "police-statement.pdf" not in charity.get(url).content.decode()
    assert charity.get(reverse("cases:document-download", args=[document.pk])).status_code == 404


def test_a_document_whose_file_has_gone_is_not_found(case, client_for, _private_files):
    upload(client_for("council_caseworker"), case, PDF)
    for stored in stored_files(_private_files):
        stored.unlink()
    document = CaseDocument.objects.get()
    assert (
        client_for("council_caseworker").get(reverse("cases:document-download", args=[document.pk])).status_code == 404
    )


# Refused uploads: nothing is stored, the error says why in GOV.UK words, and what was typed is kept.


def assert_refused(response, message, root):
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert "There is a problem" in body and "Error: Upload a document" in body
    assert 'value="Passport scan"' in body  # the description typed is kept
    assert not CaseDocument.objects.exists()
    assert stored_files(root) == []
    assert not AuditEntry.objects.filter(object_type="cases.CaseDocument").exists()


def test_a_renamed_executable_is_refused(case, client_for, _private_files):
    response = upload(client_for("council_caseworker"), case, EXE, name="report.pdf", description="Passport scan")
    assert_refused(response, "The selected file must be a PDF, DOC, DOCX, JPG or PNG", _private_files)


@pytest.mark.parametrize(
    ("content", "name"),
    [(b"plain text\n", "notes.txt"), (b"GIF89a\x01\x00\x01\x00" + b"\x00" * 30, "photo.gif"), (b"<html>", "a.pdf")],
)
def test_the_wrong_type_is_refused(case, client_for, _private_files, content, name):
    response = upload(client_for("council_caseworker"), case, content, name=name, description="Passport scan")
    assert_refused(response, "The selected file must be a PDF, DOC, DOCX, JPG or PNG", _private_files)


def test_an_empty_file_is_refused(case, client_for, _private_files):
    response = upload(client_for("council_caseworker"), case, b"", description="Passport scan")
    assert_refused(response, "The selected file is empty", _private_files)


def test_a_file_of_25mb_or_more_is_refused(case, client_for, _private_files):
    too_big = PDF + b"0" * (django_settings.DOCUMENT_MAX_BYTES - len(PDF) + 1)
    response = upload(client_for("council_caseworker"), case, too_big, description="Passport scan")
    assert_refused(response, "The selected file must be smaller than 25MB", _private_files)


def test_no_file_selected(case, client_for, _private_files):
    response = client_for("council_caseworker").post(
        reverse("cases:document-add", args=[case.pk]), {"description": "Passport scan"}
    )
    assert_refused(response, "Select a file", _private_files)


def test_the_upload_form_sends_files(case, client_for):
    body = client_for("council_caseworker").get(reverse("cases:document-add", args=[case.pk])).content.decode()
    assert 'enctype="multipart/form-data"' in body
    assert 'class="govuk-file-upload"' in body
