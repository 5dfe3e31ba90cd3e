"""Awareness raising: events with the people reached each year, and the materials library (files
checked by their content and downloaded only through the access-checked view, a "Review due" tag,
new versions that keep the old one as not current). Coordinators add and edit; members read."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from waymark.core.models import AuditAction, AuditEntry
from waymark.training import services_awareness
from waymark.training.models import AwarenessEvent, AwarenessEventKind, AwarenessMaterial
from waymark.training.tests.factories import training_for_testford, with_training_leads

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.fixture
def people(world, personas):
    return with_training_leads(world, personas)


@pytest.fixture
def training(world, personas, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    return training_for_testford(world, personas)


@pytest.fixture
def as_user(people):
    def _client(name: str) -> Client:
        return sign_in(Client(), people[name])

    return _client


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def date_fields(prefix: str, day: date) -> dict[str, str]:
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month), f"{prefix}_2": str(day.year)}


def event(world, title, held_on, reach, kind=AwarenessEventKind.SEMINAR):
    return AwarenessEvent.objects.create(
        partnership=world.testford, title=title, kind=kind, held_on=held_on, reach=reach
    )


# Events


def test_the_list_adds_up_the_people_reached_each_year(world, training, as_user):
    event(world, "Launch of the charter", date(2026, 1, 20), 150, AwarenessEventKind.LAUNCH)
    event(world, "Car wash owners' seminar", date(2026, 5, 2), 35)
    event(world, "County conference", date(2025, 10, 9), 210, AwarenessEventKind.CONFERENCE)
    page = text(as_user("council_caseworker").get(reverse("training:awareness-event-list")))
    # The factory's market stall (7 March 2026) did not record its reach.
    assert "185 people reached at 3 events (1 event did not record how many)" in page
    assert "210 people reached at 1 event." in page
    assert page.index("2026") < page.index("2025")
    assert "Add an event" not in page


def test_a_coordinator_adds_an_event_with_the_organisations_involved(world, training, as_user):
    client = as_user("coordinator")
    assert "Add an event" in text(client.get(reverse("training:awareness-event-list")))
    response = client.post(
        reverse("training:awareness-event-add"),
        {
            "title": "Faith leaders' breakfast",
            "kind": "community",
            **date_fields("held_on", date(2026, 6, 14)),
            "audience": "Faith leaders",
            "reach": "42",
            "organisations": [world.charity.pk, world.police.pk],
            "notes": "Leaflets in Polish ran out.",
        },
    )
    added = AwarenessEvent.objects.get(title="Faith leaders' breakfast")
    assert response.status_code == 302
    assert response["Location"] == reverse("training:awareness-event-detail", args=[added.pk])
    page = text(client.get(response["Location"]))
    assert "Event added: Faith leaders&#x27; breakfast" in page
    assert "Brightway" in page and "Testshire Police" in page and "42" in page
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_type="training.AwarenessEvent").exists()


def test_the_event_form_says_what_is_missing_and_keeps_what_was_typed(world, training, as_user):
    response = as_user("coordinator").post(
        reverse("training:awareness-event-add"), {"title": "Taxi drivers' briefing", "reach": "lots"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert '<a href="#id_kind_0">Select the kind of event</a>' in html
    assert "Enter date of the event" in html
    assert "The number of people reached must be a whole number, like 120" in html
    assert 'value="Taxi drivers&#x27; briefing"' in html


def test_editing_an_event_someone_else_changed_keeps_what_was_typed(world, training, as_user, people):
    market = training.event
    services_awareness.update_event(event=market, version=1, by=people["coordinator"], reach=80)
    response = as_user("coordinator").post(
        reverse("training:awareness-event-edit", args=[market.pk]),
        {
            "version": "1",
            "title": "Testford market stall",
            "kind": "community",
            **date_fields("held_on", market.held_on),
            "reach": "95",
        },
    )
    assert response.status_code == 409
    page = text(response)
    assert "Someone else changed this event while you were working on it" in page
    assert 'value="95"' in response.content.decode()
    market.refresh_from_db()
    assert market.reach == 80


@pytest.mark.parametrize(
    ("persona", "expected"), [("council_training_lead", 403), ("council_caseworker", 403), ("outsider", 404)]
)
def test_only_coordinators_edit_events(world, training, as_user, persona, expected):
    assert (
        as_user(persona).get(reverse("training:awareness-event-edit", args=[training.event.pk])).status_code == expected
    )


# Materials


def add_material(client, **fields):
    data = {"title": "Spot the signs poster", "kind": "poster", "edition": "1", "languages": "English, Polish"}
    data.update(fields)
    return client.post(reverse("training:awareness-material-add"), data)


def test_a_coordinator_adds_a_pdf_and_members_download_it_through_the_checked_view(world, training, as_user, tmp_path):
    response = add_material(as_user("coordinator"), file=SimpleUploadedFile("poster.pdf", PDF))
    material = AwarenessMaterial.objects.get(title="Spot the signs poster")
    assert response.status_code == 302
    assert material.file_name == "poster.pdf"
    assert not material.file.name.endswith(".pdf")  # stored under a random name
    download = as_user("charity_caseworker").get(reverse("training:awareness-material-file", args=[material.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="poster.pdf"'
    assert b"".join(download.streaming_content) == PDF
    outsider = as_user("outsider").get(reverse("training:awareness-material-file", args=[material.pk]))
    assert outsider.status_code == 404


@pytest.mark.parametrize(("name", "content"), [("poster.png", PNG), ("guide.docx", None)], ids=["png", "docx"])
def test_images_and_word_documents_are_accepted(world, training, as_user, name, content):
    response = add_material(as_user("coordinator"), file=SimpleUploadedFile(name, content or docx()))
    assert response.status_code == 302


def test_a_file_is_judged_by_its_content_not_its_name(world, training, as_user):
    response = add_material(as_user("coordinator"), file=SimpleUploadedFile("poster.pdf", EXE))
    assert response.status_code == 400
    assert '<a href="#id_file">The selected file must be a PDF, DOCX, JPG or PNG</a>' in response.content.decode()
    assert not AwarenessMaterial.objects.filter(title="Spot the signs poster").exists()


def test_a_material_needs_a_file_or_a_link(world, training, as_user):
    response = add_material(as_user("coordinator"))
    assert response.status_code == 400
    assert "Select a file, or enter a link to the material" in text(response)
    assert 'value="English, Polish"' in response.content.decode()


def test_review_due_is_shown_once_the_review_date_has_come(world, training, as_user):
    today = timezone.localdate()
    AwarenessMaterial.objects.filter(pk=training.material.pk).update(review_date=today - timedelta(days=1))
    AwarenessMaterial.objects.create(
        partnership=world.testford,
        title="Guide for landlords",
        kind="guide",
        link="https://testford.example/g",
        review_date=today + timedelta(days=30),
    )
    html = as_user("council_caseworker").get(reverse("training:awareness-material-list")).content.decode()
    rows = [" ".join(re.sub(r"<[^>]+>", " ", "<tr" + row).split()) for row in html.split("<tr")[1:]]
    due = [row for row in rows if "Review due" in row]
    assert len(due) == 1
    assert due[0].startswith("Spot the signs")


def test_a_new_version_becomes_current_and_keeps_the_old_one_as_not_current(world, training, as_user):
    old = training.material
    client = as_user("coordinator")
    response = client.post(
        reverse("training:awareness-material-new-version", args=[old.pk]),
        {
            "version": str(old.version),
            "title": old.title,
            "kind": old.kind,
            "edition": "2.0",
            "languages": "English, Romanian",
            "file": SimpleUploadedFile("leaflet-v2.pdf", PDF),
        },
    )
    assert response.status_code == 302
    new = AwarenessMaterial.objects.get(title=old.title, edition="2.0")
    old.refresh_from_db()
    assert new.is_current and not old.is_current
    current_list = text(client.get(reverse("training:awareness-material-list")))
    assert "Romanian" in current_list and "1.0" not in current_list
    everything = text(client.get(reverse("training:awareness-material-list") + "?show=all"))
    assert "Not current" in everything and "1.0" in everything
    detail = text(client.get(reverse("training:awareness-material-detail", args=[new.pk])))
    assert "Spot the signs, version 1.0 (not current)" in detail


def test_a_new_version_needs_a_different_version(world, training, as_user):
    old = training.material
    response = as_user("coordinator").post(
        reverse("training:awareness-material-new-version", args=[old.pk]),
        {"version": str(old.version), "title": old.title, "kind": old.kind, "edition": "1.0", "link": old.link},
    )
    assert response.status_code == 400
    assert "Enter a version different from the one it replaces (1.0)" in text(response)
    old.refresh_from_db()
    assert old.is_current


def test_editing_the_details_of_a_material(world, training, as_user):
    material = training.material
    response = as_user("coordinator").post(
        reverse("training:awareness-material-edit", args=[material.pk]),
        {
            "version": "1",
            "title": "Spot the signs",
            "kind": "leaflet",
            "edition": "1.0",
            "link": material.link,
            "languages": "English, Welsh",
            "is_current": "on",
        },
    )
    assert response.status_code == 302
    material.refresh_from_db()
    assert material.languages == "English, Welsh" and material.version == 2


@pytest.mark.parametrize(
    ("persona", "expected"), [("council_training_lead", 403), ("charity_caseworker", 403), ("outsider", 404)]
)
def test_only_coordinators_manage_materials(world, training, as_user, persona, expected):
    client = as_user(persona)
    for name in ("awareness-material-edit", "awareness-material-new-version"):
        assert client.get(reverse(f"training:{name}", args=[training.material.pk])).status_code == expected
