"""End to end, in the real browser: a session from planning to the training records.

Builds on Northshire's demo (`seed_demo`): the county's menu has Harbourlight Trust's classroom
course "Spotting the signs: identification and referral"; Ian Moss is the county council's training
lead.

1. Priya Shah, the county coordinator, adds a two-place session of the course (forgetting the
   place first: the mistake is explained).
2. Ian books three of his staff on it: two get the places, the third goes on the waiting list.
3. Ian cancels one booking: the one waiting moves up into the place, and Ian is e-mailed.
4. After the session (its date is moved into the past, as time would), Priya records the register:
   one attended, one did not.
5. Ian finds the completion recorded from the attendance, with its expiry date.

axe-core checks every page visited against WCAG 2.2 AA.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from waymark.cases.tests.test_e2e_report_concern import sign_in
from waymark.core.tests.test_e2e_coordinator import COORDINATOR_EMAIL, assert_accessible, demo  # noqa: F401
from waymark.training.compliance import add_months
from waymark.training.models import CourseSession

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COURSE = "Spotting the signs: identification and referral"
TRAINING_LEAD = "training.lead@county.northshire.example"  # Ian Moss, Northshire County Council
VENUE = "Northshire County Hall, Training Room 4"
# Booked in the order of the register (by name): the first two get the places.
FIRST, SECOND, THIRD = "Janet Cole", "Lena Fischer", "Peter Walsh"


def signed_in_page(browser: Browser, browser_context_args: dict, base: str, email: str) -> tuple[BrowserContext, Page]:
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    sign_in(page, base, email)
    return context, page


def expect_banner(page: Page, text: str) -> None:
    expect(page.locator(".govuk-notification-banner", has_text=text)).to_be_visible()


def row_for(page: Page, table_id: str, name: str):
    return page.locator(f"#{table_id} tbody tr", has_text=name)


def coordinator_adds_a_two_place_session(page: Page, base: str) -> int:
    page.goto(f"{base}/training/")
    page.get_by_role("link", name="Sessions", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Training sessions")
    assert_accessible(page, "the sessions list")
    page.get_by_role("link", name="Add a session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a session")
    assert_accessible(page, "the add a session page")

    day = timezone.localdate() + timedelta(days=10)
    page.get_by_label("Course", exact=True).select_option(label=COURSE)
    page.get_by_label("Day", exact=True).fill(str(day.day))
    page.get_by_label("Month", exact=True).fill(str(day.month))
    page.get_by_label("Year", exact=True).fill(str(day.year))
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("End time").fill("12:30")
    page.get_by_label("Places", exact=True).fill("2")
    page.get_by_role("button", name="Add the session").click()  # no place given
    expect(page).to_have_title(re.compile(r"^Error: Add a session"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the place, or the online joining link")
    expect(page.get_by_label("Start time")).to_have_value("10:00")
    assert_accessible(page, "the add a session page with an error")

    page.get_by_label("Place (optional if it is online)").fill(VENUE)
    page.get_by_label("Trainer (optional)", exact=True).fill("Chloe Adams")
    page.get_by_role("button", name="Add the session").click()
    expect_banner(page, "Session added")
    expect(page.get_by_role("heading", level=1)).to_have_text(COURSE)
    expect(page.locator(".govuk-summary-list")).to_contain_text(VENUE)
    assert_accessible(page, "the new session's page")
    match = re.search(r"/training/sessions/(\d+)/", page.url)
    assert match, page.url
    return int(match.group(1))


def lead_books_three_on_two_places(page: Page, base: str, session_pk: int) -> None:
    page.goto(f"{base}/training/sessions/{session_pk}/")
    expect(page.locator(".govuk-summary-list__row", has_text="Places left")).to_contain_text("2")
    page.get_by_role("link", name="Book staff").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Book staff on the session")
    assert_accessible(page, "the booking page")
    for name in (FIRST, SECOND, THIRD):
        page.get_by_label(re.compile(rf"^{name} \(")).check()
    page.get_by_role("button", name="Book", exact=True).click()

    expect_banner(page, f"Booked: {FIRST}, {SECOND}")
    expect_banner(page, f"The session is full. On the waiting list: {THIRD}")
    expect(row_for(page, "booked", FIRST)).to_contain_text("Booked")
    expect(row_for(page, "booked", SECOND)).to_contain_text("Booked")
    expect(row_for(page, "waiting-list", THIRD)).to_contain_text("1")
    expect(page.locator(".govuk-summary-list__row", has_text="Places left")).to_contain_text("0")
    assert_accessible(page, "the full session's page")


def lead_cancels_a_booking_and_the_waiting_one_moves_up(page: Page) -> None:
    row_for(page, "booked", SECOND).get_by_role("link", name=re.compile("^Cancel")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Cancel the booking for {SECOND}")
    assert_accessible(page, "the cancel a booking page")
    page.get_by_role("button", name="Cancel the booking").click()

    expect_banner(page, f"Booking cancelled: {SECOND}")
    expect_banner(page, "The first person on the waiting list has moved up into the place")
    expect(row_for(page, "booked", THIRD)).to_contain_text("Booked")
    expect(row_for(page, "booked", SECOND)).to_have_count(0)
    expect(page.locator("#waiting-list")).to_have_count(0)
    assert_accessible(page, "the session's page after a cancellation")


def coordinator_records_the_register(page: Page, base: str, session_pk: int) -> None:
    page.goto(f"{base}/training/sessions/{session_pk}/")
    page.get_by_role("link", name="Record attendance").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record attendance")
    assert_accessible(page, "the register")
    page.get_by_role("group", name=FIRST).get_by_label("Attended", exact=True).check()
    page.get_by_role("button", name="Save attendance").click()  # Peter not answered
    expect(page.locator(".govuk-error-summary")).to_contain_text(f"Select whether {THIRD} attended")
    expect(page.get_by_role("group", name=FIRST).get_by_label("Attended", exact=True)).to_be_checked()
    assert_accessible(page, "the register with an error")
    page.get_by_role("group", name=THIRD).get_by_label("Did not attend").check()
    page.get_by_role("button", name="Save attendance").click()

    expect_banner(page, "Attendance recorded. 1 completion recorded.")
    expect(page.locator("main .govuk-tag")).to_have_text("Held: attendance recorded")
    expect(page.locator(".govuk-summary-list__row", has_text="Attendance")).to_contain_text(
        "1 attended, 1 did not attend"
    )
    assert_accessible(page, "the held session's page")


def lead_finds_the_completion(page: Page, base: str, session: CourseSession) -> None:
    page.goto(f"{base}/training/sessions/{session.pk}/")
    expect(row_for(page, "booked", THIRD)).to_contain_text("Did not attend")
    row_for(page, "booked", FIRST).get_by_role("link", name=re.compile("^Completion recorded")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(COURSE)
    day = timezone.localdate(session.starts_at)
    expires = add_months(day, 36)  # staff with little public contact refresh every three years
    summary = page.locator(".govuk-summary-list")
    expect(summary.locator(".govuk-summary-list__row", has_text="Completed")).to_contain_text(f"{day.day} {day:%B %Y}")
    expect(summary.locator(".govuk-summary-list__row", has_text="Expires")).to_contain_text(
        f"{expires.day} {expires:%B %Y}"
    )
    expect(summary).to_contain_text("Attended the session")
    assert_accessible(page, "the completion's page")


def test_a_session_from_booking_and_waiting_list_to_attendance_and_completions(  # noqa: F811
    demo,  # noqa: F811
    live_server,
    browser: Browser,
    browser_context_args,
):
    base = live_server.url
    mail.outbox.clear()
    contexts: list[BrowserContext] = []
    try:
        coordinator_context, coordinator = signed_in_page(browser, browser_context_args, base, COORDINATOR_EMAIL)
        contexts.append(coordinator_context)
        session_pk = coordinator_adds_a_two_place_session(coordinator, base)

        lead_context, lead = signed_in_page(browser, browser_context_args, base, TRAINING_LEAD)
        contexts.append(lead_context)
        lead_books_three_on_two_places(lead, base, session_pk)
        lead_cancels_a_booking_and_the_waiting_one_moves_up(lead)

        moved_up = [m for m in mail.outbox if m.to == [TRAINING_LEAD]]
        assert len(moved_up) == 1, [(m.to, m.subject) for m in mail.outbox]
        assert THIRD in moved_up[0].body and COURSE in moved_up[0].body
        assert FIRST not in moved_up[0].body and SECOND not in moved_up[0].body

        # The day passes: the session was yesterday.
        yesterday = timezone.now() - timedelta(days=1)
        CourseSession.objects.filter(pk=session_pk).update(starts_at=yesterday, ends_at=yesterday + timedelta(hours=2))
        coordinator_records_the_register(coordinator, base, session_pk)
        lead_finds_the_completion(lead, base, CourseSession.objects.get(pk=session_pk))
    finally:
        for context in contexts:
            context.close()
