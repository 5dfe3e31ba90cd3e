"""The staff register: names for the organisation's own training lead only (others see numbers),
filters, adding and changing people, recording leavers, and importing a staff list with a preview,
row errors, nothing saved before confirming and no duplicates on re-import."""

from __future__ import annotations

import html
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from waymark.core.models import AuditEntry
from waymark.training.models import StaffMember
from waymark.training.tests.factories import council_training_lead, make_staff, training_for_testford

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def date_fields(day: date, name: str) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


@pytest.fixture
def training(world, personas):
    return training_for_testford(world, personas)


@pytest.fixture
def tara(client, world):
    return sign_in(client, council_training_lead(world))


# The register


def test_the_training_lead_sees_their_registers_names_and_the_view_is_logged(tara, training):
    response = tara.get(reverse("training:staff-list"))
    page = text(response)
    assert "Una Untrained" in page
    assert "Cathy Caseworker" in page
    assert "Vic Volunteer" not in page  # Brightway's register
    entry = AuditEntry.objects.filter(action="view", object_type="training.StaffMember").latest("sequence")
    assert set(entry.detail["ids"]) == {str(training.council_staff.pk), str(training.own_record.pk)}


def test_others_see_numbers_and_no_names(client_for, training):
    page = text(client_for("coordinator").get(reverse("training:staff-list")))
    assert "Una Untrained" not in page and "Vic Volunteer" not in page
    assert "Registers in numbers" in page
    assert "Testford Council" in page and "Brightway" in page
    caseworker = text(client_for("charity_caseworker").get(reverse("training:staff-list")))
    assert "Brightway" in caseworker
    assert "Testford Council" not in caseworker  # a member sees their own organisation's numbers only


def test_the_register_filters_by_cohort_team_unplaced_and_leavers(tara, world, training):
    make_staff(world, world.council, "Nia New", team="Reception")
    make_staff(world, world.council, "Len Left", leaving_date=timezone.localdate() - timedelta(days=1))
    url = reverse("training:staff-list")

    unplaced = text(tara.get(url, {"cohort": "none"}))
    assert "Nia New" in unplaced and "Una Untrained" not in unplaced
    assert "Len Left" not in unplaced
    with_leavers = text(tara.get(url, {"cohort": "none", "include_leavers": "on"}))
    assert "Len Left" in with_leavers
    by_team = text(tara.get(url, {"team": "Reception"}))
    assert "Nia New" in by_team and "Una Untrained" not in by_team
    by_cohort = text(tara.get(url, {"cohort": training.cohorts["frontline_regular"].pk}))
    assert "Una Untrained" in by_cohort and "Nia New" not in by_cohort


# One person


def test_the_training_lead_adds_a_person(tara, world, training):
    response = tara.post(
        reverse("training:staff-add"),
        {
            "full_name": "Pat Porter",
            "job_title": "Porter",
            "email": "pat@testford.example",
            **date_fields(date(2025, 3, 31), "start_date"),
        },
    )
    assert response.status_code == 302
    pat = StaffMember.objects.get(full_name="Pat Porter")
    assert (pat.organisation, pat.partnership, pat.start_date) == (world.council, world.testford, date(2025, 3, 31))


def test_the_same_name_and_job_twice_asks_for_a_reference(tara, training):
    response = tara.post(reverse("training:staff-add"), {"full_name": "una  untrained", "job_title": "housing officer"})
    assert response.status_code == 400
    assert "Someone on the register already has this name and job title" in text(response)


def test_a_person_cannot_leave_before_they_start(tara, training):
    data = {"full_name": "Pat Porter", "job_title": "Porter"}
    data |= date_fields(date(2025, 3, 31), "start_date") | date_fields(date(2025, 1, 1), "leaving_date")
    response = tara.post(reverse("training:staff-add"), data)
    assert response.status_code == 400
    assert "The leaving date must be the same as or after the start date" in text(response)


def test_changing_someone_changed_meanwhile_keeps_what_was_typed(tara, training):
    una = training.council_staff
    StaffMember.objects.filter(pk=una.pk).update(version=una.version + 1, team="Changed meanwhile")
    response = tara.post(
        reverse("training:staff-edit", args=[una.pk]),
        {"version": una.version, "full_name": "Una Untrained", "job_title": "Housing Officer", "team": "My team"},
    )
    assert response.status_code == 409
    page = text(response)
    assert "Someone else changed this person's record" in page
    assert 'value="My team"' in page
    assert StaffMember.objects.get(pk=una.pk).team == "Changed meanwhile"


def test_the_training_lead_records_a_leaver(tara, training):
    una = training.council_staff
    last_day = timezone.localdate() - timedelta(days=1)
    response = tara.post(
        reverse("training:staff-leaving", args=[una.pk]),
        {"version": una.version, **date_fields(last_day, "leaving_date")},
    )
    assert response.status_code == 302
    assert f"last day recorded: {last_day.day} {last_day:%B %Y}" in text(tara.get(response["Location"]))
    assert StaffMember.objects.get(pk=una.pk).leaving_date == last_day
    assert "Una Untrained" not in text(tara.get(reverse("training:staff-list")))


def test_only_the_own_training_lead_changes_a_person(client_for, training):
    una = training.council_staff
    response = client_for("coordinator").get(reverse("training:staff-edit", args=[una.pk]))
    assert response.status_code == 404


# Importing a staff list

CSV_HEADER = "Staff number,Name,Job title,Team,Start date\n"


def upload(client, content: str, name="staff.csv"):
    file = SimpleUploadedFile(name, content.encode("utf-8"), content_type="text/csv")
    return client.post(reverse("training:staff-import"), {"file": file})


def test_an_import_shows_a_preview_and_saves_nothing_until_confirmed(tara, training):
    response = upload(tara, CSV_HEADER + "H1,Ola Okafor,Receptionist,Front desk,1/4/2025\nH2,Raj Rao,Cleaner,,\n")
    assert response.status_code == 302
    preview = tara.get(response["Location"])
    page = text(preview)
    assert "2 people in staff.csv: 2 new, 0 will be updated, 0 with no change" in page
    assert not StaffMember.objects.filter(full_name="Ola Okafor").exists()

    token = preview.context["stored"]["token"]
    done = tara.post(response["Location"], {"token": token}, follow=True)
    assert "Imported from staff.csv: 2 people added, 0 updated" in text(done)
    assert StaffMember.objects.get(reference="H1").start_date == date(2025, 4, 1)
    assert AuditEntry.objects.filter(action="create", detail__staff_import="staff.csv").exists()


def test_a_bad_row_is_shown_with_its_number_and_nothing_is_imported(tara, training):
    response = upload(tara, CSV_HEADER + "H1,Ola Okafor,Receptionist,,1/4/2025\nH2,Raj Rao,Cleaner,,31/13/2025\n")
    preview = tara.get(response["Location"])
    assert preview.status_code == 200
    page = text(preview)
    assert '<a href="#row-3">Row 3: enter a start date like 31 3 2025</a>' in page
    assert "Import the staff list" not in page
    refused = tara.post(response["Location"], {"token": preview.context["stored"]["token"]})
    assert refused.status_code == 400
    assert not StaffMember.objects.filter(full_name="Ola Okafor").exists()


def test_a_re_import_updates_people_and_adds_nobody_twice(tara, training):
    first = upload(tara, CSV_HEADER + "H1,Ola Okafor,Receptionist,Front desk,1/4/2025\n")
    tara.post(first["Location"], {"token": tara.get(first["Location"]).context["stored"]["token"]})
    again = upload(
        tara,
        CSV_HEADER
        + "H1,Ola Okafor,Receptionist,Customer services,1/4/2025\n"
        + ",Una Untrained,Housing Officer,,\n"
        + "H3,Sam Singh,Driver,,\n",
    )
    preview = tara.get(again["Location"])
    page = text(preview)
    assert "3 people in staff.csv: 1 new, 1 will be updated, 1 with no change" in page
    assert "Will be updated" in page and "No change" in page
    tara.post(again["Location"], {"token": preview.context["stored"]["token"]})
    assert StaffMember.objects.filter(full_name="Ola Okafor").count() == 1
    assert StaffMember.objects.get(reference="H1").team == "Customer services"
    assert StaffMember.objects.filter(full_name="Una Untrained").count() == 1


def test_a_file_that_is_not_a_spreadsheet_is_an_error_on_the_field(tara, training):
    file = SimpleUploadedFile("staff.xls", b"\xd0\xcf\x11\xe0 old excel", content_type="application/vnd.ms-excel")
    response = tara.post(reverse("training:staff-import"), {"file": file})
    assert response.status_code == 400
    assert '<a href="#id_file">The selected file is an old Excel (XLS) file' in text(response)


def test_an_out_of_date_preview_is_not_imported(tara, training):
    first = upload(tara, CSV_HEADER + "H1,Ola Okafor,Receptionist,,\n")
    old_token = tara.get(first["Location"]).context["stored"]["token"]
    upload(tara, CSV_HEADER + "H9,Zed Zane,Porter,,\n")
    response = tara.post(first["Location"], {"token": old_token}, follow=True)
    assert "Another file was uploaded meanwhile" in text(response)
    assert not StaffMember.objects.filter(reference__in=["H1", "H9"]).exists()


def test_nobody_but_a_training_lead_may_import(client_for, training):
    response = upload(client_for("coordinator"), CSV_HEADER + "H1,Ola Okafor,Receptionist,,\n")
    assert response.status_code == 403


def test_a_persons_page_shows_the_training_they_have_done(client_for, training):
    page = text(client_for("council_caseworker").get(reverse("training:staff-detail", args=[training.own_record.pk])))
    assert "Training completed" in page
    assert "Spotting the signs" in page
    assert "Record training they have done" not in page  # Cathy reads her own record; her training lead records
