"""Groups: Carol, the Testford coordinator, adds the board and a task and finish group, uploads the
terms of reference, and names who sits on them (Cathy, who has an account, and the police
superintendent, who has none). Members read the pages; representatives' names stay out of the audit
trail; the outsider learns nothing."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from waymark.core.models import AuditEntry
from waymark.governance.models import (
    Frequency,
    Group,
    GroupKind,
    GroupMember,
    Minutes,
    MinutesStatus,
    Representative,
)
from waymark.governance.tests.factories import add_representative, make_group, make_meeting

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


def text(response) -> str:
    return html.unescape(response.content.decode())


def date_fields(day, prefix) -> dict[str, str]:
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month), f"{prefix}_2": str(day.year)}


def group_data(**changes) -> dict:
    data = {"name": "Testford Strategic Board", "kind": GroupKind.STRATEGIC_BOARD, "frequency": Frequency.QUARTERLY}
    return {**data, **changes}


@pytest.fixture
def carol(client_for):
    return client_for("coordinator")


@pytest.fixture
def board(world, personas):
    board = make_group(world, chair=personas["coordinator"], purpose="Sets the direction.")
    add_representative(board, world.council, user=personas["council_caseworker"])
    add_representative(board, world.police, name="Supt. Testshire", email="supt@police.example")
    return board


# Adding and changing a group


def test_the_coordinator_adds_a_group(carol, world, personas):
    response = carol.post(reverse("governance:group-add"), group_data(purpose="Sets the direction."))
    group = Group.objects.get(name="Testford Strategic Board")
    assert response.status_code == 302 and response["Location"] == reverse("governance:group-detail", args=[group.pk])
    assert group.partnership == world.testford
    page = text(carol.get(response["Location"]))
    assert "Testford Strategic Board added. Now add its member organisations." in page
    assert "Sets the direction." in page
    assert AuditEntry.objects.filter(object_type="governance.Group", action="create", object_id=str(group.pk)).exists()


def test_a_task_and_finish_group_needs_an_end_date(carol, world):
    response = carol.post(
        reverse("governance:group-add"), group_data(name="Training T&F", kind=GroupKind.TASK_AND_FINISH)
    )
    assert response.status_code == 400
    page = text(response)
    assert '<a href="#id_end_date_0">Enter an end date for a task and finish group</a>' in page
    assert 'value="Training T&F"' in page  # what was typed is kept
    assert not Group.objects.exists()


def test_a_task_and_finish_group_with_an_end_date_shows_it(carol, world):
    end = timezone.localdate() + timedelta(days=120)
    data = group_data(name="Training T&F", kind=GroupKind.TASK_AND_FINISH, **date_fields(end, "end_date"))
    response = carol.post(reverse("governance:group-add"), data)
    assert response.status_code == 302
    assert Group.objects.get().end_date == end
    assert f"{end.day} {end:%B %Y}" in text(carol.get(reverse("governance:group-list")))


def test_an_end_date_in_the_past_is_refused(carol, world):
    past = timezone.localdate() - timedelta(days=1)
    data = group_data(name="Training T&F", kind=GroupKind.TASK_AND_FINISH, **date_fields(past, "end_date"))
    response = carol.post(reverse("governance:group-add"), data)
    assert "The end date must be today or in the future" in text(response)


def test_other_groups_keep_no_end_date(carol, world):
    data = group_data(**date_fields(timezone.localdate() + timedelta(days=9), "end_date"))
    carol.post(reverse("governance:group-add"), data)
    assert Group.objects.get().end_date is None


def test_two_groups_cannot_share_a_name(carol, world, board):
    response = carol.post(reverse("governance:group-add"), group_data(name="testford strategic board"))
    assert response.status_code == 400
    assert "There is already a group called testford strategic board in Testford Anti-Slavery Partnership" in text(
        response
    )


def test_a_group_cannot_report_to_a_group_below_it(carol, world, board):
    network = make_group(world, name="Network", kind=GroupKind.NETWORK, reports_to=board)
    response = carol.get(reverse("governance:group-edit", args=[board.pk]))
    options = response.context["form"].fields["reports_to"].queryset
    assert network not in options and board not in options
    data = group_data(reports_to=network.pk)
    response = carol.post(reverse("governance:group-edit", args=[board.pk]), data)
    assert response.status_code == 400
    assert "Select a group in this partnership or the one above it" in text(response)


def test_a_group_may_report_to_one_in_the_county_partnership(carol, world, board):
    county_board = make_group(world, name="Testshire Board", partnership=world.county, organisations=[world.police])
    response = carol.post(reverse("governance:group-edit", args=[board.pk]), group_data(reports_to=county_board.pk))
    assert response.status_code == 302
    board.refresh_from_db()
    assert board.reports_to == county_board
    assert "Testshire Board (Testshire County Partnership)" in text(carol.get(response["Location"]))


def test_editing_records_what_changed(carol, world, board):
    carol.post(reverse("governance:group-edit", args=[board.pk]), group_data(frequency=Frequency.MONTHLY))
    entry = AuditEntry.objects.filter(object_type="governance.Group", action="update").latest("sequence")
    assert entry.detail["frequency"] == ["quarterly", "monthly"]
    assert "chair" in entry.detail  # the form left the chair empty


def test_members_may_not_add_or_change_groups(client_for, board):
    cathy = client_for("council_caseworker")
    assert cathy.get(reverse("governance:group-add")).status_code == 403
    assert cathy.post(reverse("governance:group-edit", args=[board.pk]), group_data()).status_code == 403


# The terms of reference document


def test_terms_of_reference_are_uploaded_and_downloaded_by_members(carol, client_for, board):
    upload = SimpleUploadedFile("Board ToR.pdf", PDF_BYTES, content_type="application/pdf")
    response = carol.post(reverse("governance:group-edit", args=[board.pk]), {**group_data(), "document": upload})
    assert response.status_code == 302
    board.refresh_from_db()
    assert board.terms_of_reference_document_name == "Board ToR.pdf"
    assert "Board ToR" not in board.terms_of_reference_document.name  # stored under a random name

    page = text(client_for("charity_caseworker").get(reverse("governance:group-detail", args=[board.pk])))
    assert "Download the terms of reference" in page
    download = client_for("charity_caseworker").get(reverse("governance:group-document", args=[board.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="Board ToR.pdf"' in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert client_for("outsider").get(reverse("governance:group-document", args=[board.pk])).status_code == 404


def test_a_program_is_not_accepted_as_terms_of_reference(carol, board):
    upload = SimpleUploadedFile("terms.pdf", b"MZ\x90\x00 not a document", content_type="application/pdf")
    response = carol.post(reverse("governance:group-edit", args=[board.pk]), {**group_data(), "document": upload})
    assert response.status_code == 400
    assert "The selected file must be a PDF, DOC or DOCX" in text(response)
    board.refresh_from_db()
    assert not board.terms_of_reference_document


def test_no_document_is_not_found(client_for, board):
    assert client_for("coordinator").get(reverse("governance:group-document", args=[board.pk])).status_code == 404


# Member organisations and representatives


def test_the_coordinator_adds_a_member_organisation(carol, world, board):
    response = carol.post(reverse("governance:group-member-add", args=[board.pk]), {"organisation": world.opcc.pk})
    assert response.status_code == 302
    assert board.current_members().filter(organisation=world.opcc).exists()
    assert "Testshire Commissioner's Office is now a member of Testford Strategic Board" in text(
        carol.get(response["Location"])
    )


def test_only_partnership_members_not_yet_on_the_group_are_offered(carol, world, board):
    form = carol.get(reverse("governance:group-member-add", args=[board.pk])).context["form"]
    assert list(form.fields["organisation"].queryset) == [world.opcc]
    response = carol.post(
        reverse("governance:group-member-add", args=[board.pk]), {"organisation": world.other_council.pk}
    )
    assert response.status_code == 400
    assert "Select an organisation of the partnership that is not on the group yet" in text(response)


def test_removing_an_organisation_keeps_its_seat_for_the_record_and_it_can_return(carol, world, board):
    member = board.members.get(organisation=world.police)
    assert "Remove Testshire Police from the group?" in text(
        carol.get(reverse("governance:group-member-remove", args=[member.pk]))
    )
    carol.post(reverse("governance:group-member-remove", args=[member.pk]))
    member.refresh_from_db()
    assert member.left_on == timezone.localdate()
    assert not member.representatives.filter(is_active=True).exists()
    assert "Supt. Testshire" not in text(carol.get(reverse("governance:group-detail", args=[board.pk])))

    carol.post(reverse("governance:group-member-add", args=[board.pk]), {"organisation": world.police.pk})
    assert GroupMember.objects.get(group=board, organisation=world.police).left_on is None


def test_a_representative_with_an_account(carol, world, personas, board):
    member = board.members.get(organisation=world.charity)
    url = reverse("governance:group-representative-add", args=[member.pk])
    response = carol.post(url, {"user": personas["charity_caseworker"].pk, "is_deputy": "on"})
    assert response.status_code == 302
    rep = Representative.objects.get(member=member)
    assert rep.user == personas["charity_caseworker"] and rep.is_deputy
    assert "Charlie Caseworker (deputy)" in text(carol.get(response["Location"]))


def test_a_representative_without_an_account_needs_a_name_and_email(carol, world, board):
    member = board.members.get(organisation=world.charity)
    url = reverse("governance:group-representative-add", args=[member.pk])
    response = carol.post(url, {"name": "Dee Director"})
    assert response.status_code == 400
    assert '<a href="#id_email">Enter the representative\'s e-mail address</a>' in text(response)
    assert 'value="Dee Director"' in text(response)

    carol.post(url, {"name": "Dee Director", "email": "dee@brightway.example"})
    rep = Representative.objects.get(member=member)
    assert (rep.name, rep.email, rep.user) == ("Dee Director", "dee@brightway.example", None)
    assert "dee@brightway.example, no Waymark account" in text(
        carol.get(reverse("governance:group-detail", args=[board.pk]))
    )


def test_a_representative_is_someone_from_that_organisation(carol, world, personas, board):
    member = board.members.get(organisation=world.charity)
    url = reverse("governance:group-representative-add", args=[member.pk])
    response = carol.post(url, {"user": personas["council_caseworker"].pk})
    assert response.status_code == 400
    assert "Select someone from the list" in text(response)
    response = carol.post(url, {"user": personas["charity_caseworker"].pk, "name": "Someone"})
    assert "Either choose someone with an account or enter a name, not both" in text(response)


def test_the_same_person_cannot_be_added_twice(carol, world, personas, board):
    member = board.members.get(organisation=world.council)
    url = reverse("governance:group-representative-add", args=[member.pk])
    response = carol.post(url, {"user": personas["council_caseworker"].pk})
    assert response.status_code == 400
    assert "Cathy Caseworker already represents Testford Council on Testford Strategic Board" in text(response)


def test_removing_a_representative(carol, world, board):
    rep = Representative.objects.get(name="Supt. Testshire")
    carol.post(reverse("governance:group-representative-remove", args=[rep.pk]))
    rep.refresh_from_db()
    assert not rep.is_active
    page = text(carol.get(reverse("governance:group-detail", args=[board.pk])))
    assert "Supt. Testshire no longer represents Testshire Police on Testford Strategic Board" in page


def test_representatives_names_stay_out_of_the_audit_trail_but_their_viewing_is_recorded(
    carol, client_for, world, board
):
    member = board.members.get(organisation=world.charity)
    carol.post(
        reverse("governance:group-representative-add", args=[member.pk]),
        {"name": "Dee Director", "email": "dee@brightway.example"},
    )
    client_for("intelligence_officer").get(reverse("governance:group-detail", args=[board.pk]))
    entries = AuditEntry.objects.filter(object_type="governance.Representative")
    assert entries.filter(action="create").count() == 1
    assert entries.filter(action="view", user_email="ian@police.example").count() == 1
    for entry in entries:
        assert "Dee" not in entry.object_repr and "Dee" not in str(entry.detail)


def test_members_may_not_change_who_sits_on_a_group(client_for, world, board):
    cathy = client_for("council_caseworker")
    member = board.members.get(organisation=world.charity)
    assert (
        cathy.post(reverse("governance:group-member-add", args=[board.pk]), {"organisation": world.opcc.pk}).status_code
        == 403
    )
    assert cathy.post(reverse("governance:group-member-remove", args=[member.pk])).status_code == 403
    assert GroupMember.objects.current().filter(group=board).count() == 3


# Reading: the list and a group's page


def test_the_list_groups_by_kind_with_chair_frequency_and_next_meeting(client_for, world, personas, board):
    network = make_group(world, name="Testford Network", kind=GroupKind.NETWORK, reports_to=board)
    make_meeting(network, days_from_now=-3)
    upcoming = make_meeting(network, days_from_now=20)
    page = text(client_for("grants_officer").get(reverse("governance:group-list")))
    assert page.index("Strategic board") < page.index("Testford Strategic Board") < page.index("Network<")
    assert "Carol Coordinator" in page
    assert "Quarterly" in page
    assert timezone.localtime(upcoming.starts_at).strftime("%B %Y") in page
    assert "None scheduled" in page  # the board has no meeting to come


def test_the_group_page_shows_who_sits_on_it_and_its_meetings(client_for, world, board):
    held = make_meeting(board, days_from_now=-30)
    upcoming = make_meeting(board, days_from_now=30, chair_organisation=world.police)
    page = text(client_for("charity_caseworker").get(reverse("governance:group-detail", args=[board.pk])))
    assert "Sets the direction." in page
    assert "Cathy Caseworker" in page and "Supt. Testshire" in page
    assert f"{timezone.localtime(held.starts_at):%-d %B %Y}" in page
    assert f"{timezone.localtime(upcoming.starts_at):%-d %B %Y}" in page
    assert "Change the group" not in page  # a member reads


def test_minutes_shared_up_from_a_child_group_appear_on_its_page(client_for, world, personas, board):
    network = make_group(world, name="Testford Network", kind=GroupKind.NETWORK, reports_to=board)
    meeting = make_meeting(network, days_from_now=-20)
    Minutes.objects.create(
        meeting=meeting,
        text="The network agreed a referral flowchart.",
        status=MinutesStatus.SHARED,
        approved_at=timezone.now(),
        shared_with_group=board,
        shared_at=timezone.now(),
    )
    draft_meeting = make_meeting(network, days_from_now=-5)
    Minutes.objects.create(meeting=draft_meeting, text="Draft, not shared.")
    page = text(client_for("grants_officer").get(reverse("governance:group-detail", args=[board.pk])))
    assert f"Testford Network, {timezone.localtime(meeting.starts_at):%-d %B %Y}" in page
    assert "Draft, not shared." not in page


def test_the_outsider_cannot_find_a_group(client_for, board):
    assert client_for("outsider").get(reverse("governance:group-detail", args=[board.pk])).status_code == 404
    assert "Testford Strategic Board" not in text(client_for("outsider").get(reverse("governance:group-list")))


def test_a_county_coordinator_first_chooses_the_partnership(client, world):
    from conftest import make_user, sign_in

    county_coordinator = make_user("cora@county.example", "Cora County", world.police, [(world.county, "coordinator")])
    cora = sign_in(client, county_coordinator)
    page = text(cora.get(reverse("governance:group-add")))
    assert "Which partnership is the group part of?" in page
    assert "Testford Anti-Slavery Partnership" in page and "Testshire County Partnership" in page
    url = reverse("governance:group-add") + f"?partnership={world.county.pk}"
    assert "Testshire County Partnership" in text(cora.get(url))
    cora.post(url, group_data(name="Testshire Governing Board", kind=GroupKind.GOVERNING_BOARD))
    assert Group.objects.get(name="Testshire Governing Board").partnership == world.county
