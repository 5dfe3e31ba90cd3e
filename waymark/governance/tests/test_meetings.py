"""Meetings as the people running them see them: adding an ad hoc meeting, the list, editing with a
version check, cancelling with a reason, the agenda and its papers, and attendance with quoracy."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from waymark.cases.tests.test_documents import DOCX, EXE, JPG, PDF
from waymark.core.models import AuditEntry
from waymark.governance.forms_meetings import parse_time
from waymark.governance.models import AgendaItem, Attendance, Meeting, MeetingStatus
from waymark.governance.tests.factories import governance_for_testford, make_group, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def gov(world, personas):
    return governance_for_testford(world, personas)


def page(response) -> str:
    return response.content.decode()


def meeting_data(**overrides):
    day = timezone.localdate() + timedelta(days=10)
    data = {
        "day_0": str(day.day),
        "day_1": str(day.month),
        "day_2": str(day.year),
        "start": "10:00",
        "end": "12:30",
        "location": "Testford Civic Centre, Room 2",
        "online_link": "",
    }
    return {**data, **overrides}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("10:00", time(10, 0)),
        ("14.30", time(14, 30)),
        ("2pm", time(14, 0)),
        ("2:30 pm", time(14, 30)),
        ("12am", time(0, 0)),
        ("12pm", time(12, 0)),
        ("9", None),  # morning or evening?
        ("25:00", None),
        ("13pm", None),
        ("noonish", None),
    ],
)
def test_times_are_read_as_people_type_them(typed, expected):
    assert parse_time(typed) == expected


# Adding a meeting


def test_a_coordinator_adds_an_ad_hoc_meeting(gov, client_for):
    response = client_for("coordinator").post(
        reverse("governance:meeting-add"), {"group": gov.board.pk, **meeting_data()}
    )

    meeting = Meeting.objects.get(location="Testford Civic Centre, Room 2")
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:meeting-detail", args=[meeting.pk])
    assert meeting.status == MeetingStatus.SCHEDULED
    assert timezone.localtime(meeting.starts_at).time() == time(10, 0)
    assert timezone.localtime(meeting.ends_at).time() == time(12, 30)
    shown = page(client_for("coordinator").get(response["Location"]))
    assert "Testford Civic Centre, Room 2" in shown
    assert "10:00 to 12:30" in shown
    assert AuditEntry.objects.filter(object_type="governance.Meeting", object_id=str(meeting.pk), action="create")


def test_adding_a_meeting_explains_each_mistake_and_keeps_what_was_typed(gov, client_for):
    data = meeting_data(day_0="", day_1="", day_2="", start="9", end="", location="", online_link="not a link")
    response = client_for("coordinator").post(reverse("governance:meeting-add"), {"group": gov.board.pk, **data})

    assert response.status_code == 400
    shown = page(response)
    assert "Error: Add a meeting" in shown
    assert "Enter the date of the meeting" in shown
    assert "Enter the time the meeting starts like 10:00 or 2:30pm" in shown
    assert "Enter the online meeting link as a web address" in shown
    assert 'value="not a link"' in shown
    assert not Meeting.objects.filter(created_by__isnull=False).exists()


def test_a_meeting_needs_a_place_or_a_link_and_must_end_after_it_starts(gov, client_for):
    data = meeting_data(location="", start="14:00", end="13:00")
    response = client_for("coordinator").post(reverse("governance:meeting-add"), {"group": gov.board.pk, **data})

    assert response.status_code == 400
    assert "Enter where the meeting is, or an online meeting link" in page(response)
    assert "The end time must be after the start time" in page(response)


def test_only_groups_the_user_coordinates_can_be_chosen(world, gov, client_for):
    otherton_group = make_group(world, name="Otherton Board", partnership=world.otherton, organisations=[])
    response = client_for("coordinator").post(
        reverse("governance:meeting-add"), {"group": otherton_group.pk, **meeting_data()}
    )

    assert response.status_code == 400
    assert "Select a group from the list" in page(response)


# The list


def test_the_list_shows_upcoming_and_past_meetings_and_filters_by_group(world, gov, client_for):
    network = make_group(world, name="Testford Network")
    make_meeting(network, days_from_now=5, location="Network venue")

    response = client_for("grants_officer").get(reverse("governance:meeting-list"))
    shown = page(response)
    upcoming, past = shown.split("Past meetings")
    assert "Network venue" in upcoming
    assert gov.next_meeting.starts_at.strftime("%Y") in upcoming
    assert f"{timezone.localtime(gov.held.starts_at):%-d %B %Y}" in past

    filtered = page(client_for("grants_officer").get(reverse("governance:meeting-list"), {"group": gov.board.pk}))
    assert "Network venue" not in filtered
    assert "Meetings: Testford Strategic Board" in filtered


def test_an_outsider_sees_none_of_testfords_meetings(gov, client_for):
    shown = page(client_for("outsider").get(reverse("governance:meeting-list")))
    assert "No meetings are coming up." in shown
    assert "No meetings yet." in shown


# Editing and cancelling


def test_the_coordinator_sets_the_rota_of_a_meeting(world, gov, client_for):
    meeting = gov.next_meeting
    data = meeting_data(
        version=meeting.version,
        chair_organisation=world.police.pk,
        minute_taker_organisation=world.charity.pk,
        host_organisation=world.council.pk,
    )
    response = client_for("coordinator").post(reverse("governance:meeting-edit", args=[meeting.pk]), data)

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.chair_organisation, meeting.minute_taker_organisation) == (world.police, world.charity)
    assert meeting.version == 2


def test_the_rota_is_drawn_from_the_groups_members(world, gov, client_for):
    meeting = gov.next_meeting
    data = meeting_data(version=meeting.version, chair_organisation=world.opcc.pk)  # no seat on the board
    response = client_for("coordinator").post(reverse("governance:meeting-edit", args=[meeting.pk]), data)

    assert response.status_code == 400
    assert "Select an organisation that sits on Testford Strategic Board" in page(response)


def test_a_stale_edit_is_refused_and_keeps_what_was_typed(gov, client_for):
    meeting = gov.next_meeting
    Meeting.objects.filter(pk=meeting.pk).update(version=5, location="Moved by someone else")
    data = meeting_data(version=1, location="My new room")
    response = client_for("coordinator").post(reverse("governance:meeting-edit", args=[meeting.pk]), data)

    assert response.status_code == 409
    shown = page(response)
    assert "Someone else changed this meeting while you were working on it" in shown
    assert 'value="My new room"' in shown
    assert 'name="version" value="5"' in shown
    meeting.refresh_from_db()
    assert meeting.location == "Moved by someone else"


def test_a_coordinator_cancels_a_meeting_with_a_reason(gov, client_for):
    meeting = gov.next_meeting
    url = reverse("governance:meeting-cancel", args=[meeting.pk])
    missing = client_for("coordinator").post(url, {"version": meeting.version, "reason": ""})
    assert missing.status_code == 400
    assert "Enter why the meeting is cancelled" in page(missing)

    response = client_for("coordinator").post(url, {"version": meeting.version, "reason": "Too few partners free"})

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    shown = page(client_for("council_caseworker").get(reverse("governance:meeting-detail", args=[meeting.pk])))
    assert "This meeting was cancelled: Too few partners free" in shown


def test_a_held_meeting_cannot_be_cancelled(gov, client_for):
    response = client_for("coordinator").get(reverse("governance:meeting-cancel", args=[gov.held.pk]))
    assert response.status_code == 302
    gov.held.refresh_from_db()
    assert gov.held.status == MeetingStatus.HELD


def test_members_are_not_offered_changes(gov, client_for):
    shown = page(client_for("council_caseworker").get(reverse("governance:meeting-detail", args=[gov.next_meeting.pk])))
    assert "Change the meeting" not in shown
    assert "Cancel the meeting" not in shown
    assert "Add an agenda item" not in shown


# The agenda and its papers


def add_item(client, meeting, title, content=None, name="paper.pdf", **fields):
    data = {"title": title, "owner_organisation": "", "owner_user": "", "notes": "", **fields}
    if content is not None:
        data["paper"] = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(reverse("governance:meeting-agenda-add", args=[meeting.pk]), data)


def test_an_agenda_item_with_a_paper_is_downloaded_only_through_the_checked_view(gov, client_for, world):
    coordinator = client_for("coordinator")
    response = add_item(coordinator, gov.next_meeting, "Performance report", PDF, owner_organisation=world.police.pk)
    assert response.status_code == 302
    item = AgendaItem.objects.get(title="Performance report")
    assert item.paper_name == "paper.pdf"
    assert item.owner_organisation == world.police

    shown = page(client_for("grants_officer").get(reverse("governance:meeting-detail", args=[gov.next_meeting.pk])))
    assert "Performance report" in shown and "Testshire Police" in shown

    download = client_for("grants_officer").get(reverse("governance:meeting-agenda-paper", args=[item.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert 'attachment; filename="paper.pdf"' in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF
    assert AuditEntry.objects.filter(object_type="governance.AgendaItem", action="view").exists()
    assert client_for("outsider").get(reverse("governance:meeting-agenda-paper", args=[item.pk])).status_code == 404


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (EXE, "report.pdf", "The selected file must be a PDF, DOC or DOCX"),
        (JPG, "photo.jpg", "The selected file must be a PDF, DOC or DOCX"),
        (b"", "empty.pdf", "The selected file is empty"),
    ],
    ids=["a-program-named-pdf", "a-photo", "an-empty-file"],
)
def test_papers_are_judged_by_their_content(gov, client_for, content, name, message, _private_files):
    response = add_item(client_for("coordinator"), gov.next_meeting, "Risky paper", content, name=name)

    assert response.status_code == 400
    assert message in page(response)
    assert 'value="Risky paper"' in page(response)
    assert not AgendaItem.objects.exists()
    assert not [p for p in _private_files.rglob("*") if p.is_file()]


def test_a_word_paper_is_given_its_right_extension(gov, client_for):
    add_item(client_for("coordinator"), gov.next_meeting, "Draft framework", DOCX, name="framework")
    item = AgendaItem.objects.get()
    assert item.paper_name == "framework.docx"


def test_a_paper_can_be_replaced_and_removed(gov, client_for, _private_files, django_capture_on_commit_callbacks):
    coordinator = client_for("coordinator")
    add_item(coordinator, gov.next_meeting, "Report", PDF)
    item = AgendaItem.objects.get()
    url = reverse("governance:meeting-agenda-edit", args=[item.pk])
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(url, {"title": "Report", "paper": SimpleUploadedFile("v2.docx", DOCX)})
    item.refresh_from_db()
    assert item.paper_name == "v2.docx"
    assert len([p for p in _private_files.rglob("*") if p.is_file()]) == 1  # the old one is gone

    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(url, {"title": "Report", "remove_paper": "on"})
    item.refresh_from_db()
    assert item.paper_name == ""
    assert not [p for p in _private_files.rglob("*") if p.is_file()]
    assert client_for("coordinator").get(reverse("governance:meeting-agenda-paper", args=[item.pk])).status_code == 404


def test_agenda_items_move_up_and_down(gov, client_for):
    coordinator = client_for("coordinator")
    for title in ("Welcome", "Action plan", "Any other business"):
        add_item(coordinator, gov.next_meeting, title)
    aob = AgendaItem.objects.get(title="Any other business")

    coordinator.post(reverse("governance:meeting-agenda-move", args=[aob.pk]), {"direction": "up"})
    assert list(gov.next_meeting.agenda_items.values_list("title", flat=True)) == [
        "Welcome",
        "Any other business",
        "Action plan",
    ]
    welcome = AgendaItem.objects.get(title="Welcome")
    coordinator.post(reverse("governance:meeting-agenda-move", args=[welcome.pk]), {"direction": "down"})
    assert list(gov.next_meeting.agenda_items.values_list("title", flat=True)) == [
        "Any other business",
        "Welcome",
        "Action plan",
    ]
    shown = page(coordinator.get(reverse("governance:meeting-detail", args=[gov.next_meeting.pk])))
    assert shown.index("1. Any other business") < shown.index("2. Welcome") < shown.index("3. Action plan")


# Attendance


def attendance_url(meeting):
    return reverse("governance:meeting-attendance", args=[meeting.pk])


def test_attendance_lists_each_representative_and_shows_quoracy_after(world, personas, gov, client_for):
    meeting = make_meeting(gov.board, days_from_now=0, status=MeetingStatus.SCHEDULED)
    client = client_for("coordinator")
    form = page(client.get(attendance_url(meeting)))
    for name in ("Cathy Caseworker", "Supt. Testshire", "Charlie Caseworker"):
        assert name in form

    reps = {r.display_name: r for m in gov.board.members.all() for r in m.representatives.all()}
    data = {
        f"representative_{reps['Cathy Caseworker'].pk}": "present",
        f"representative_{reps['Supt. Testshire'].pk}": "present",
        f"representative_{reps['Charlie Caseworker'].pk}": "apologies",
    }
    response = client.post(attendance_url(meeting), data, follow=True)

    shown = page(response)
    assert "Quorate: 2 of 3 member organisations present (quorum 2)" in shown
    assert Attendance.objects.filter(meeting=meeting).count() == 3
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD


def test_every_representative_must_be_answered(gov, client_for):
    meeting = make_meeting(gov.board, days_from_now=0)
    response = client_for("coordinator").post(attendance_url(meeting), {})
    assert response.status_code == 400
    assert "Select whether Supt. Testshire was present, sent apologies or was absent" in page(response)
    assert not Attendance.objects.exists()


def test_a_quorum_not_met_is_said_plainly(world, gov, client_for):
    from waymark.governance.models import Group

    Group.objects.filter(pk=gov.board.pk).update(quorum=3)
    meeting = make_meeting(gov.board, days_from_now=-1)
    reps = [r for m in gov.board.members.all() for r in m.representatives.all()]
    data = {f"representative_{r.pk}": "present" if r.display_name == "Supt. Testshire" else "absent" for r in reps}
    response = client_for("charity_caseworker").post(attendance_url(meeting), data, follow=True)
    assert response.status_code == 403  # Brightway does not take this meeting's minutes

    response = client_for("coordinator").post(attendance_url(meeting), data, follow=True)
    assert "Not quorate: 1 of 3 member organisations present (quorum 3)" in page(response)


def test_attendance_waits_for_the_meeting(gov, client_for):
    response = client_for("coordinator").get(attendance_url(gov.next_meeting))
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:meeting-detail", args=[gov.next_meeting.pk])
    assert "Record attendance" not in page(
        client_for("coordinator").get(reverse("governance:meeting-detail", args=[gov.next_meeting.pk]))
    )


def test_the_minute_taker_records_attendance(gov, client_for):
    reps = [r for m in gov.board.members.all() for r in m.representatives.all()]
    data = {f"representative_{r.pk}": "present" for r in reps}
    response = client_for("charity_caseworker").post(attendance_url(gov.held), data)
    assert response.status_code == 302
    assert gov.held.quoracy().present == 3
