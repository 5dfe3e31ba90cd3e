"""The action plan pages: Carol, the Testford coordinator, builds the plan; the police lead action 1.1
(and Cathy is its named lead), so Ian (police) and Cathy record its progress while Charlie
(Brightway) only reads it; Greta (a member) reads the progress report and exports it; Oscar from
Otherton learns nothing."""

from __future__ import annotations

import html
import io
import re
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from waymark.core.models import AuditEntry
from waymark.governance import plan_export
from waymark.governance.models import RAG, ActionPlan, PlanAction, Priority, ProgressUpdate
from waymark.governance.tests.factories import governance_for_testford

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
CONFLICT = "Someone else changed this action while you were working on it. Check it below, then try again."


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def date_fields(day: date, prefix: str) -> dict[str, str]:
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month), f"{prefix}_2": str(day.year)}


def xlsx_bytes(rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


@pytest.fixture
def gov(world, personas):
    return governance_for_testford(world, personas)


@pytest.fixture
def action(gov):
    return gov.plan_action


@pytest.fixture
def carol(client_for):
    return client_for("coordinator")


# Plans and priorities


def test_the_coordinator_adds_a_plan_for_their_partnership(carol, world):
    data = {"title": "Testford plan 2027-28", "status": "draft"}
    data |= date_fields(date(2027, 4, 1), "period_start") | date_fields(date(2028, 3, 31), "period_end")
    response = carol.post(reverse("governance:plan-add"), data)
    plan = ActionPlan.objects.get(title="Testford plan 2027-28")
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:plan-detail", args=[plan.pk])
    assert plan.partnership == world.testford
    assert AuditEntry.objects.filter(
        action="create", object_type="governance.ActionPlan", object_id=str(plan.pk)
    ).exists()


def test_a_plan_must_end_after_it_starts_and_have_a_title_of_its_own(carol, gov):
    data = {"title": gov.plan.title.upper(), "status": "draft"}
    data |= date_fields(date(2027, 4, 1), "period_start") | date_fields(date(2027, 3, 1), "period_end")
    response = carol.post(reverse("governance:plan-add"), data)
    assert response.status_code == 400
    text = page_text(response)
    assert "End date must be the same as or after the start date" in text
    assert "The partnership already has a plan with this title: choose another" in text
    assert 'href="#id_period_end_0"' in text  # the error summary links to the day box
    assert 'value="TESTFORD ACTION PLAN 2026-27"' in text  # what was typed is kept


def test_priorities_are_added_at_the_end_and_can_be_moved(carol, gov):
    carol.post(reverse("governance:plan-priority-add", args=[gov.plan.pk]), {"title": "Referral routes"})
    referral = Priority.objects.get(title="Referral routes")
    assert list(gov.plan.priorities.values_list("title", flat=True)) == ["Training and awareness", "Referral routes"]
    response = carol.post(reverse("governance:plan-priority-move", args=[referral.pk]), {"direction": "up"})
    assert response.status_code == 302
    assert list(gov.plan.priorities.values_list("title", flat=True)) == ["Referral routes", "Training and awareness"]
    page = page_text(carol.get(reverse("governance:plan-detail", args=[gov.plan.pk])))
    assert page.index("1. Referral routes") < page.index("2. Training and awareness")


def test_the_coordinator_changes_the_plan_and_a_priority(carol, gov):
    data = {"title": "Testford action plan 2026 to 2027", "status": "active"}
    data |= date_fields(gov.plan.period_start, "period_start") | date_fields(gov.plan.period_end, "period_end")
    assert carol.post(reverse("governance:plan-edit", args=[gov.plan.pk]), data).status_code == 302
    gov.plan.refresh_from_db()
    assert (gov.plan.title, gov.plan.status) == ("Testford action plan 2026 to 2027", "active")
    priority = gov.plan.priorities.get()
    url = reverse("governance:plan-priority-edit", args=[priority.pk])
    assert 'value="Training and awareness"' in page_text(carol.get(url))
    carol.post(url, {"title": "Training, awareness and campaigns", "description": ""})
    page = page_text(carol.get(reverse("governance:plan-detail", args=[gov.plan.pk])))
    assert "1. Training, awareness and campaigns" in page


def test_a_board_member_reads_the_plan_but_cannot_change_it(client_for, gov):
    greta = client_for("grants_officer")
    page = page_text(greta.get(reverse("governance:plan-detail", args=[gov.plan.pk])))
    assert "Train every neighbourhood officer in spotting the signs" in page
    assert "Add a priority" not in page
    assert greta.post(reverse("governance:plan-priority-add", args=[gov.plan.pk]), {"title": "X"}).status_code == 403


# Actions


def _action_data(world, **changes):
    data = {
        "reference": "2.1",
        "description": "Publish the referral flowchart",
        "lead_organisation": str(world.charity.pk),
        "lead_person": "",
        "completion": "date",
        "success_criteria": "Flowchart on every partner's intranet",
        "rag": "not_started",
        "report_back_meeting": "",
    }
    data |= date_fields(date(2027, 1, 31), "completion_date")
    data.update(changes)
    return data


def test_an_action_has_a_date_or_is_ongoing(carol, gov, world):
    priority = gov.plan.priorities.get()
    url = reverse("governance:plan-action-add", args=[priority.pk])
    carol.post(url, _action_data(world))
    dated = PlanAction.objects.get(reference="2.1")
    assert (dated.estimated_completion, dated.is_ongoing) == (date(2027, 1, 31), False)
    # A date half typed, then "Ongoing" chosen: the date is ignored.
    carol.post(url, _action_data(world, reference="2.2", completion="ongoing", completion_date_2=""))
    ongoing = PlanAction.objects.get(reference="2.2")
    assert (ongoing.estimated_completion, ongoing.is_ongoing) == (None, True)


def test_by_a_date_needs_the_date(carol, gov, world):
    priority = gov.plan.priorities.get()
    data = _action_data(world, completion_date_0="", completion_date_1="", completion_date_2="")
    response = carol.post(reverse("governance:plan-action-add", args=[priority.pk]), data)
    assert response.status_code == 400
    text = page_text(response)
    assert '<a href="#id_completion_date_0">Enter the estimated completion date</a>' in text
    assert "Publish the referral flowchart" in text
    response = carol.post(reverse("governance:plan-action-add", args=[priority.pk]), _action_data(world, completion=""))
    assert "Select whether the action has a completion date or is ongoing" in page_text(response)


def test_the_date_is_revealed_under_by_a_date_and_is_in_the_page_without_javascript(carol, gov):
    priority = gov.plan.priorities.get()
    text = page_text(carol.get(reverse("governance:plan-action-add", args=[priority.pk])))
    assert 'data-waymark-reveals="conditional-id_completion"' in text
    conditional = text[text.index('id="conditional-id_completion"') :]
    assert conditional.index('name="completion_date_0"') < conditional.index('value="ongoing"')


def test_the_lead_reports_back_at_one_of_the_partnerships_upcoming_meetings(carol, gov, world):
    priority = gov.plan.priorities.get()
    url = reverse("governance:plan-action-add", args=[priority.pk])
    page = page_text(carol.get(url))
    meetings = re.search(r'<select name="report_back_meeting".*?</select>', page, re.S).group(0)
    assert f'value="{gov.next_meeting.pk}"' in meetings
    assert f'value="{gov.held.pk}"' not in meetings
    response = carol.post(url, _action_data(world, report_back_meeting=str(gov.held.pk)))
    assert "Select one of the upcoming meetings" in page_text(response)
    carol.post(url, _action_data(world, report_back_meeting=str(gov.next_meeting.pk)))
    assert PlanAction.objects.get(reference="2.1").report_back_meeting == gov.next_meeting


def test_an_organisation_outside_the_partnership_cannot_lead(carol, gov, world):
    priority = gov.plan.priorities.get()
    response = carol.post(
        reverse("governance:plan-action-add", args=[priority.pk]),
        _action_data(world, lead_organisation=str(world.other_council.pk)),
    )
    assert "Select an organisation that is a member of the partnership" in page_text(response)


def test_editing_an_action_someone_changed_meanwhile_keeps_what_was_typed(carol, action, world):
    url = reverse("governance:plan-action-edit", args=[action.pk])
    page = page_text(carol.get(url))
    assert 'name="version" value="1"' in page
    PlanAction.objects.filter(pk=action.pk).update(version=2, rag=RAG.AMBER)
    data = _action_data(world, version="1", description="Train every officer, and every PCSO")
    response = carol.post(url, data)
    assert response.status_code == 409
    text = page_text(response)
    assert CONFLICT in text
    assert "Train every officer, and every PCSO" in text
    assert 'name="version" value="2"' in text  # trying again is judged against the action as it is now
    action.refresh_from_db()
    assert action.description == "Train every neighbourhood officer in spotting the signs"
    assert carol.post(url, {**data, "version": "2"}).status_code == 302
    action.refresh_from_db()
    assert action.description == "Train every officer, and every PCSO"


# Progress


def _progress(action, **changes):
    data = {"version": str(action.version), "text": "Half the officers trained", "rag": "amber", "evidence_link": ""}
    data |= date_fields(timezone.localdate(), "date")
    data.update(changes)
    return data


def test_the_lead_organisation_records_progress_with_evidence_and_sets_the_status(client_for, action):
    ian = client_for("intelligence_officer")  # Testshire Police leads the action
    data = _progress(action, evidence=SimpleUploadedFile("register.pdf", PDF, "application/pdf"))
    response = ian.post(reverse("governance:plan-action-progress", args=[action.pk]), data)
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.rag == RAG.AMBER
    update = action.progress_updates.get()
    assert (update.text, update.rag_at_update, update.evidence_name) == (
        "Half the officers trained",
        "amber",
        "register.pdf",
    )
    greta = client_for("grants_officer")
    page = page_text(greta.get(reverse("governance:plan-action-detail", args=[action.pk])))
    assert "Half the officers trained" in page and "register.pdf" in page
    download = greta.get(reverse("governance:plan-evidence", args=[update.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"


def test_the_named_lead_person_may_record_progress_but_another_member_may_not(client_for, action):
    url = reverse("governance:plan-action-progress", args=[action.pk])
    assert client_for("council_caseworker").post(url, _progress(action, rag="green")).status_code == 302
    assert client_for("charity_caseworker").get(url).status_code == 403
    assert client_for("outsider").get(url).status_code == 404
    page = page_text(client_for("charity_caseworker").get(reverse("governance:plan-action-detail", args=[action.pk])))
    assert "Record progress" not in page


def test_evidence_is_judged_by_its_content_and_a_spreadsheet_is_accepted(client_for, action):
    cathy = client_for("council_caseworker")
    url = reverse("governance:plan-action-progress", args=[action.pk])
    program = SimpleUploadedFile("minutes.pdf", b"MZ\x90\x00" + b"\x00" * 100, "application/pdf")
    response = cathy.post(url, _progress(action, evidence=program))
    assert response.status_code == 400
    assert "The selected file must be a PDF, DOC, DOCX, XLSX, JPG or PNG" in page_text(response)
    assert not ProgressUpdate.objects.exists()
    sheet = SimpleUploadedFile("attendance.xlsx", xlsx_bytes([["Officer", "Trained"]]), "application/octet-stream")
    assert cathy.post(url, _progress(action, evidence=sheet)).status_code == 302
    update = ProgressUpdate.objects.get()
    download = cathy.get(reverse("governance:plan-evidence", args=[update.pk]))
    assert download["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_progress_sent_from_a_stale_form_is_refused_and_the_text_kept(client_for, action):
    cathy = client_for("council_caseworker")
    stale = _progress(action, text="Two sessions held in Testford North")
    PlanAction.objects.filter(pk=action.pk).update(version=action.version + 1)
    response = cathy.post(reverse("governance:plan-action-progress", args=[action.pk]), stale)
    assert response.status_code == 409
    text = page_text(response)
    assert CONFLICT in text
    assert "Two sessions held in Testford North" in text
    assert not ProgressUpdate.objects.exists()


def test_an_update_cannot_be_dated_in_the_future(client_for, action):
    data = _progress(action) | date_fields(timezone.localdate() + timedelta(days=1), "date")
    response = client_for("council_caseworker").post(reverse("governance:plan-action-progress", args=[action.pk]), data)
    assert "Date of the update must be today or in the past" in page_text(response)


# The progress report and exports


@pytest.fixture
def report_plan(gov, world):
    """Action 1.1 (police, due 31 December 2026) is joined by one overdue, one complete though late,
    and one ongoing action under a second priority."""
    today = timezone.localdate()
    referral = Priority.objects.create(plan=gov.plan, order=2, title="Referral routes")
    PlanAction.objects.filter(pk=gov.plan_action.pk).update(
        estimated_completion=today + timedelta(days=60), rag=RAG.GREEN
    )
    PlanAction.objects.create(
        priority=referral,
        reference="2.1",
        description="Publish the referral flowchart",
        lead_organisation=world.charity,
        estimated_completion=today - timedelta(days=10),
        success_criteria="On every partner's intranet",
        rag=RAG.RED,
    )
    PlanAction.objects.create(
        priority=referral,
        reference="2.2",
        description="Agree the adult safeguarding route",
        lead_organisation=world.council,
        estimated_completion=today - timedelta(days=40),
        rag=RAG.COMPLETE,
    )
    PlanAction.objects.create(
        priority=referral,
        reference="2.3",
        description="Keep the directory up to date",
        lead_organisation=world.council,
        is_ongoing=True,
    )
    return gov.plan


def test_the_report_shows_every_priority_counts_by_status_and_marks_overdue_actions(client_for, report_plan):
    response = client_for("grants_officer").get(reverse("governance:plan-report", args=[report_plan.pk]))
    assert response.status_code == 200
    text = page_text(response)
    assert "1. Training and awareness" in text and "2. Referral routes" in text
    for heading in ("Outcome", "Estimated completion date", "Responsible organisation", "Success criteria", "Status"):
        assert f'<th scope="col" class="govuk-table__header">{heading}</th>' in text
    assert text.count('<strong class="govuk-tag govuk-tag--red">Overdue</strong>') == 1
    overdue_row = re.search(r'<tr class="govuk-table__row waymark-overdue"[^>]*>(.*?)</tr>', text, re.S).group(1)
    assert "Publish the referral flowchart" in overdue_row
    assert "1 action is overdue" in text
    counts = dict(
        re.findall(
            r'>([A-Za-z :]+)</strong>\s*</th><td class="govuk-table__cell govuk-table__cell--numeric">(\d+)<', text
        )
    )
    assert counts == {
        "Not started": "1",
        "Red: off track": "1",
        "Amber: at risk": "0",
        "Green: on track": "1",
        "Complete": "1",
    }


def test_the_xlsx_export_has_a_frozen_header_widths_and_status_colours(client_for, report_plan):
    from openpyxl import load_workbook

    response = client_for("grants_officer").get(reverse("governance:plan-export-xlsx", args=[report_plan.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="testford-action-plan-2026-27.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == [
        "Priority",
        "Reference",
        "Outcome",
        "Estimated completion date",
        "Responsible organisation",
        "Success criteria",
        "Status",
        "Lead person",
        "Overdue",
    ]
    assert sheet[1][0].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width == 60
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
    assert set(rows) == {"1.1", "2.1", "2.2", "2.3"}
    late = rows["2.1"]
    assert [late[0].value, late[2].value, late[4].value, late[5].value, late[6].value, late[8].value] == [
        "Referral routes",
        "Publish the referral flowchart",
        "Brightway",
        "On every partner's intranet",
        "Red",
        "Yes",
    ]
    assert late[3].value.date() == timezone.localdate() - timedelta(days=10)
    assert late[6].fill.fgColor.rgb == "00F4CDC6"
    assert rows["2.3"][3].value == "Ongoing"
    assert rows["1.1"][6].fill.fgColor.rgb == "00CCE2D8"
    assert AuditEntry.objects.filter(action="export", object_id=str(report_plan.pk), detail__format="xlsx").exists()


def test_the_pdf_export_is_laid_out_as_a_committee_report(client_for, report_plan):
    response = client_for("grants_officer").get(reverse("governance:plan-export-pdf", args=[report_plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    printed = html.unescape(plan_export.print_html(plan_export.build_report(report_plan)))
    today = timezone.localdate()
    for text in (
        "Testford action plan 2026-27",
        "Testford Anti-Slavery Partnership",
        "1 April 2026 to 31 March 2027",
        f"{today.day} {today:%B %Y}",
        "1. Training and awareness",
        "2. Referral routes",
    ):
        assert text in printed, text
    headings = re.findall(r'<th class="col-[a-z]+" scope="col">([^<]+)</th>', printed)
    assert headings[:5] == [
        "Outcome",
        "Estimated completion date",
        "Responsible organisation",
        "Success criteria",
        "Status",
    ]
    assert headings.count("Outcome") == 2  # a table per priority
    assert "Red (overdue)" in printed


# Import


def _upload(client, plan, name, content):
    return client.post(reverse("governance:plan-import", args=[plan.pk]), {"file": SimpleUploadedFile(name, content)})


def test_an_import_with_errors_shows_them_by_row_and_saves_nothing(carol, gov):
    content = (
        b"Priority,Outcome,Lead organisation,Estimated completion,Status\n"
        b"Training and awareness,Train GPs,Testford Council,31/3/2027,Green\n"
        b"Training and awareness,Train pharmacists,,31/3/2027,\n"
        b"Referral routes,Publish the flowchart,Brightway,next spring,\n"
    )
    response = _upload(carol, gov.plan, "plan.csv", content)
    assert response.status_code == 302
    preview = carol.get(response["Location"])
    text = page_text(preview)
    assert "Row 3: enter the lead organisation" in text
    assert "Row 4: 'next spring' is not a date: enter a date like 31 3 2027 or Ongoing" in text
    assert '<a href="#row-3">' in text
    assert "Nothing has been imported" in text
    assert "Import 3 actions" not in text
    response = carol.post(preview.request["PATH_INFO"], {"token": "anything"})
    assert PlanAction.objects.count() == 1


def test_an_import_is_previewed_then_saved_only_when_confirmed(carol, gov):
    content = xlsx_bytes(
        [
            ["Testford anti-slavery action plan"],
            [
                "Theme",
                "Ref",
                "Action",
                "Responsible organisation",
                "Lead officer",
                "Target date",
                "Success measures",
                "RAG",
            ],
            [
                "TRAINING AND AWARENESS",
                "1.2",
                "Train GPs",
                "testford council",
                "cathy@testford.example",
                "31/3/2027",
                "",
                "Green",
            ],
            ["", "1.3", "Train pharmacists", "Brightway", "", "Ongoing", "", ""],
            [
                "Referral routes",
                "2.1",
                "Publish the flowchart",
                "Testshire Police.",
                "",
                date(2026, 12, 1),
                "Online",
                "Amber",
            ],
        ]
    )
    response = _upload(carol, gov.plan, "plan.xlsx", content)
    preview_url = reverse("governance:plan-import-preview", args=[gov.plan.pk])
    assert response["Location"] == preview_url
    text = page_text(carol.get(preview_url))
    assert "3 rows from plan.xlsx" in text
    assert "Train pharmacists" in text and "Testshire Police" in text
    assert PlanAction.objects.count() == 1  # nothing saved yet
    token = re.search(r'name="token" value="([^"]+)"', text).group(1)
    assert carol.post(preview_url, {"token": "stale"}).status_code == 302
    assert PlanAction.objects.count() == 1
    response = carol.post(preview_url, {"token": token})
    assert response.status_code == 302
    assert list(gov.plan.priorities.values_list("title", flat=True)) == ["Training and awareness", "Referral routes"]
    training = gov.plan.priorities.get(title="Training and awareness")
    assert list(training.actions.values_list("reference", "description")) == [
        ("1.1", "Train every neighbourhood officer in spotting the signs"),
        ("1.2", "Train GPs"),
        ("1.3", "Train pharmacists"),
    ]
    gps = PlanAction.objects.get(reference="1.2")
    assert (gps.lead_person.email, gps.rag, gps.estimated_completion) == (
        "cathy@testford.example",
        "green",
        date(2027, 3, 31),
    )
    assert PlanAction.objects.get(reference="1.3").is_ongoing
    assert carol.get(preview_url)["Location"] == reverse("governance:plan-import", args=[gov.plan.pk])  # used up
    assert "3 actions imported from plan.xlsx" in page_text(
        carol.get(reverse("governance:plan-detail", args=[gov.plan.pk]))
    )


def test_a_file_that_is_not_a_spreadsheet_is_an_error_on_the_upload(carol, gov):
    response = _upload(carol, gov.plan, "plan.xlsx", b"MZ\x90\x00" + b"\x00" * 50)
    assert response.status_code == 400
    assert "The selected file must be an XLSX or CSV file" in page_text(response)


def test_the_outsider_learns_nothing_of_the_plan(client_for, gov):
    # Oscar coordinates Otherton: Testford's plan, its report and its exports do not exist for him.
    oscar = client_for("outsider")
    for name in ("governance:plan-detail", "governance:plan-report", "governance:plan-export-xlsx"):
        assert oscar.get(reverse(name, args=[gov.plan.pk])).status_code == 404
    assert "Testford action plan" not in page_text(oscar.get(reverse("governance:plan-list")))
