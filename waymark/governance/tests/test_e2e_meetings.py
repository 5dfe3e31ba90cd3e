"""End to end, in the real browser: a meeting of Northshire's operational group, from being added to
its minutes reaching the strategic board it reports to (issue 6, item 2).

1. Priya Shah, the county coordinator, adds a meeting of the operational group held last week (first
   forgetting its date), gives it an agenda item with a paper, records who attended (the page says
   whether it was quorate), writes the minutes and adds an action arising for the police.
2. She adds the group's meeting held today; its page offers to approve the last meeting's minutes,
   and she does. Back on last week's meeting, she shares the approved minutes with the board.
3. The board's representatives are e-mailed a link, and not the minutes. Martin Hale, the
   commissioner's office's representative on the board, follows the link, reads the minutes and
   finds them among those shared with the board.
4. Priya exports the action plan's progress report for the board, as a spreadsheet.

axe-core checks every page visited against WCAG 2.2 AA.
"""

from __future__ import annotations

import re
from datetime import timedelta

import openpyxl
import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from waymark.cases.tests.test_documents import PDF
from waymark.cases.tests.test_e2e_report_concern import sign_in
from waymark.core.tests.test_e2e_coordinator import COORDINATOR_EMAIL, assert_accessible, demo  # noqa: F401
from waymark.governance.demo import BOARD
from waymark.governance.models import Meeting, MinutesStatus

OPERATIONAL_GROUP = "Northshire Modern Slavery Operational Group"
BOARD_MEMBER = "opcc.ceo@opcc.northshire.example"  # Martin Hale, on the board for the commissioner's office
MINUTES = "1. Welcome and apologies.\n2. Car washes on the ring road: joint visit agreed with the labour inspectors."
ACTION = "Plan the joint visit to the car washes"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def signed_in_page(browser: Browser, browser_context_args: dict, base: str, email: str) -> tuple[BrowserContext, Page]:
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    sign_in(page, base, email)
    return context, page


def expect_success(page: Page, text: str) -> None:
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(text)


def fill_date(page: Page, day) -> None:
    page.get_by_label("Day", exact=True).fill(str(day.day))
    page.get_by_label("Month", exact=True).fill(str(day.month))
    page.get_by_label("Year", exact=True).fill(str(day.year))


def add_meeting(page: Page, day, start: str, *, check: bool) -> None:
    page.locator(".govuk-service-navigation").get_by_role("link", name="Governance", exact=True).click()
    page.get_by_role("link", name="Meetings", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meetings")
    if check:
        assert_accessible(page, "the meeting list")
    page.get_by_role("link", name="Add a meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a meeting")
    if check:
        assert_accessible(page, "the add a meeting page")
    page.get_by_label("Which group is meeting?").select_option(label=OPERATIONAL_GROUP)
    page.get_by_label("Start time").fill(start)
    page.get_by_label("End time (optional)").fill("12:00")
    page.get_by_label("Where is it? (optional if it is online)").fill("Northshire Police HQ, Room 4")
    if check:  # forgetting the date first
        page.get_by_role("button", name="Add the meeting").click()
        expect(page).to_have_title(re.compile(r"^Error: Add a meeting"))
        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date of the meeting")
        expect(page.get_by_label("Where is it? (optional if it is online)")).to_have_value(
            "Northshire Police HQ, Room 4"
        )
        assert_accessible(page, "the add a meeting page with errors")
    fill_date(page, day)
    page.get_by_role("button", name="Add the meeting").click()
    expect_success(page, f"Meeting added: {OPERATIONAL_GROUP}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Meeting on {day.day} {day:%B %Y}")


def add_agenda_item_with_a_paper(page: Page) -> None:
    page.get_by_role("link", name="Add an agenda item").click()
    assert_accessible(page, "the add an agenda item page")
    page.get_by_label("Agenda item").fill("Car washes on the ring road")
    page.get_by_label("Which organisation leads it? (optional)").select_option(label="Northshire Police")
    page.get_by_label("Paper (optional)").set_input_files(
        {"name": "car-washes.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Add the item").click()
    expect_success(page, "Agenda item added: Car washes on the ring road")
    expect(page.get_by_role("link", name="car-washes.pdf")).to_be_visible()


def record_attendance(page: Page) -> None:
    page.get_by_role("link", name="Record attendance").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record attendance")
    assert_accessible(page, "the attendance page")
    for name, answer in (
        ("DS Imran Khan", "Present"),
        ("Daniel Price", "Present"),
        ("Chloe Adams", "Present"),
        ("Owen Pritchard", "Apologies"),
    ):
        page.get_by_role("group", name=name).get_by_label(answer).check()
    page.get_by_role("button", name="Save attendance").click()
    quorate = "Quorate: 3 of 4 member organisations present (quorum 3)"
    expect_success(page, quorate)
    expect(page.locator("#attendance ~ p").first).to_have_text(quorate)
    assert_accessible(page, "the meeting page with attendance")


def write_minutes_and_an_action(page: Page) -> None:
    page.get_by_role("link", name="Write the minutes").click()
    assert_accessible(page, "the write the minutes page")
    page.get_by_label("Minutes").fill(MINUTES)
    page.get_by_role("button", name="Save the draft minutes").click()
    expect_success(page, "Draft minutes saved")

    page.get_by_role("link", name="Add an action arising").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an action arising")
    assert_accessible(page, "the add an action page")
    page.get_by_label("What is the action?").fill(ACTION)
    page.get_by_label("Which organisation will do it?").select_option(label="Northshire Police")
    page.get_by_label("Who in that organisation will do it? (optional)").select_option(label="DS Imran Khan")
    fill_date(page, timezone.localdate() + timedelta(days=14))
    page.get_by_role("button", name="Add the action").click()
    expect_success(page, f"Action added for Northshire Police: {ACTION}")
    expect(page.locator("#actions ~ table").first).to_contain_text("DS Imran Khan")


def approve_at_the_next_meeting(page: Page, last_week: Meeting) -> None:
    approve = page.get_by_role("button", name=f"Approve the minutes of {last_week}")
    expect(approve).to_be_visible()
    assert_accessible(page, "the next meeting's page")
    approve.click()
    expect_success(page, f"Minutes of {last_week} approved")


def share_with_the_board(page: Page, base: str, last_week: Meeting) -> None:
    page.goto(f"{base}/governance/meetings/{last_week.pk}/")
    expect(page.locator("#minutes ~ p").first).to_contain_text("Approved at the meeting on")
    page.get_by_role("link", name=f"Share the minutes with {BOARD}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Share the minutes with {BOARD}")
    expect(page.get_by_text("5 representatives of")).to_be_visible()
    assert_accessible(page, "the share the minutes page")
    page.get_by_role("button", name="Share the minutes").click()
    expect_success(page, f"Minutes shared with {BOARD}. 5 representatives e-mailed")
    assert_accessible(page, "the meeting page after sharing")


def board_member_reads_them(page: Page, base: str, path: str) -> None:
    page.goto(f"{base}{path}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Minutes of the meeting on")
    expect(page.locator("main")).to_contain_text("Car washes on the ring road: joint visit agreed")
    assert_accessible(page, "the shared minutes")
    page.get_by_role("link", name=f"All minutes shared with {BOARD}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Minutes shared with this group")
    expect(page.get_by_role("table")).to_contain_text(OPERATIONAL_GROUP)
    assert_accessible(page, "the minutes shared with the board")


def export_the_action_plan(page: Page, base: str) -> None:
    page.goto(f"{base}/governance/")
    page.get_by_role("link", name="Action plan").click()
    page.get_by_role("link", name=re.compile(r"^Northshire anti-slavery action plan")).click()
    page.get_by_role("link", name="Progress report").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Progress report")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as a spreadsheet (XLSX)").click()
    with open(download.value.path(), "rb") as file:  # the download's temporary name has no extension
        sheet = openpyxl.load_workbook(file).active
    headings = [str(cell.value or "").lower() for cell in sheet[1]]
    assert any("outcome" in h for h in headings) and any("status" in h for h in headings), headings
    assert sheet.max_row > 1  # the plan's actions, not just the headings


def test_a_meetings_minutes_are_approved_at_the_next_and_reach_the_board(  # noqa: F811
    demo,  # noqa: F811
    live_server,
    browser: Browser,
    browser_context_args,
):
    base = live_server.url
    today = timezone.localdate()
    mail.outbox.clear()
    contexts: list[BrowserContext] = []
    try:
        context, coordinator = signed_in_page(browser, browser_context_args, base, COORDINATOR_EMAIL)
        contexts.append(context)
        add_meeting(coordinator, today - timedelta(days=7), "10:00", check=True)
        last_week = Meeting.objects.get(group__name=OPERATIONAL_GROUP, location="Northshire Police HQ, Room 4")
        add_agenda_item_with_a_paper(coordinator)
        record_attendance(coordinator)
        write_minutes_and_an_action(coordinator)

        add_meeting(coordinator, today, "00:00", check=False)
        approve_at_the_next_meeting(coordinator, last_week)
        share_with_the_board(coordinator, base, last_week)

        last_week.minutes.refresh_from_db()
        assert last_week.minutes.status == MinutesStatus.SHARED
        [email] = [m for m in mail.outbox if "shared with" in m.subject]
        assert BOARD_MEMBER in email.to and len(email.to) == 5
        assert "car washes" not in email.body.lower()  # a link, never the minutes themselves
        link = re.search(r"https?://\S+?(/governance/minutes/\d+/)", email.body)
        assert link is not None, email.body

        context, board_member = signed_in_page(browser, browser_context_args, base, BOARD_MEMBER)
        contexts.append(context)
        board_member_reads_them(board_member, base, link.group(1))

        export_the_action_plan(coordinator, base)
    finally:
        for context in contexts:
            context.close()
