"""End to end, in the real browser: Priya Shah, the Northshire coordinator, looks at the groups and
who reports to whom, names a representative who has no account, schedules a year of the operational
group's monthly meetings with a fair rota, changes one meeting's rota (and is told it is now
uneven), and gets a calendar address, which a calendar app then reads without signing in.

The structure page is visited again with JavaScript turned off. axe-core checks every page visited
with JavaScript on against WCAG 2.2 AA (axe itself needs JavaScript).
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from waymark.cases.tests.test_e2e_report_concern import sign_in
from waymark.core.tests.test_e2e_coordinator import COORDINATOR_EMAIL, assert_accessible, demo  # noqa: F401
from waymark.governance.models import Group, Meeting
from waymark.governance.tests.test_calendar import parse

BOARD = "Northshire Anti-Slavery Strategic Board"
OPERATIONAL = "Northshire Modern Slavery Operational Group"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def looks_at_the_groups_and_the_structure(page: Page, base: str) -> None:
    page.goto(f"{base}/governance/")
    page.get_by_role("link", name="Groups", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Groups")
    expect(page.get_by_role("table", name="Strategic board")).to_contain_text(BOARD)
    assert_accessible(page, "the list of groups")

    page.get_by_role("link", name="See who reports to whom").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who reports to whom")
    expect(page.get_by_role("img", name=re.compile("Diagram of the groups"))).to_be_visible()
    expect(page.locator("li", has_text=BOARD).first).to_contain_text(f"Reporting to it: {OPERATIONAL}")
    assert_accessible(page, "the structure page")


def names_a_representative_without_an_account(page: Page, base: str, board: Group) -> None:
    page.goto(f"{base}/governance/groups/{board.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(BOARD)
    assert_accessible(page, "the board's page")
    page.get_by_role("link", name="Add a representative for Harbourlight Trust").click()
    page.get_by_label("Or their name").fill("Femi Adeyemi")
    page.get_by_role("button", name="Add the representative").click()
    expect(page).to_have_title(re.compile(r"^Error: Add a representative"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the representative's e-mail address")
    expect(page.get_by_label("Or their name")).to_have_value("Femi Adeyemi")
    assert_accessible(page, "adding a representative, with a mistake")
    page.get_by_label("And their e-mail address").fill("femi@harbourlight.northshire.example")
    page.get_by_role("button", name="Add the representative").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Femi Adeyemi now represents Harbourlight Trust"
    )


def schedules_a_year_of_monthly_meetings(page: Page, base: str, group: Group) -> None:
    page.goto(f"{base}/governance/groups/{group.pk}/")
    page.get_by_role("link", name="Schedule meetings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schedule meetings")
    first = timezone.localdate() + timedelta(days=10)
    dates = page.get_by_role("group", name="Date of the first meeting")
    dates.get_by_label("Day").fill(str(first.day))
    dates.get_by_label("Month").fill(str(first.month))
    dates.get_by_label("Year").fill(str(first.year))
    page.get_by_role("button", name="Schedule the meetings").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter how many meetings to schedule, or the date to schedule them up to"
    )
    assert_accessible(page, "scheduling meetings, with a mistake")
    page.get_by_label("How many meetings?").fill("12")
    page.get_by_label("Where (optional)").fill("Northshire Police HQ, Meeting Room 2")
    page.get_by_role("button", name="Schedule the meetings").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("12 meetings scheduled")
    rota = page.get_by_role("table", name=re.compile("Upcoming meetings of"))
    expect(rota.locator("tbody tr")).to_have_count(12)
    expect(page.get_by_text("The rota is uneven")).to_have_count(0)
    assert_accessible(page, "the group's page with its rota")


def changes_one_meetings_rota(page: Page, group: Group) -> None:
    first, second = Meeting.objects.filter(group=group).order_by("starts_at")[:2]
    rota = page.get_by_role("table", name=re.compile("Upcoming meetings of"))
    rota.get_by_role(
        "link", name=re.compile(f"Change the rota for {timezone.localtime(second.starts_at):%-d %B %Y}")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the rota")
    assert_accessible(page, "changing a meeting's rota")
    page.get_by_label("Chair").select_option(label=str(first.chair_organisation))
    page.get_by_role("button", name="Save the rota").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Rota changed, but it is now uneven")
    expect(page.locator(".govuk-warning-text")).to_contain_text("Chair turns are uneven")
    assert_accessible(page, "the group's page with an uneven rota")


def gets_a_calendar_address(page: Page) -> str:
    page.get_by_role("link", name=re.compile("meetings to your calendar")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meetings in your calendar")
    assert_accessible(page, "the calendar page")
    page.get_by_role("button", name="Get an address for your meetings").click()
    link = page.get_by_label("Copy this address into your calendar app").input_value()
    assert link.endswith(".ics")
    assert_accessible(page, "the calendar page with a new address")
    return link


def test_a_coordinator_schedules_meetings_with_a_fair_rota_and_subscribes_to_them(
    demo,  # noqa: F811
    live_server,
    browser: Browser,
    browser_context_args,
):
    base = live_server.url
    board = Group.objects.get(name=BOARD)
    operational = Group.objects.get(name=OPERATIONAL)
    context = browser.new_context(**browser_context_args)
    try:
        page = context.new_page()
        sign_in(page, base, COORDINATOR_EMAIL)
        looks_at_the_groups_and_the_structure(page, base)
        names_a_representative_without_an_account(page, base, board)
        schedules_a_year_of_monthly_meetings(page, base, operational)
        changes_one_meetings_rota(page, operational)
        link = gets_a_calendar_address(page)
        signed_in = context.storage_state()
    finally:
        context.close()

    # A calendar app, with no session, reads the feed.
    app = browser.new_context(**browser_context_args)
    try:
        response = app.request.get(link)
        assert response.status == 200
        summaries = [event["SUMMARY"] for event in parse(response.text())]
        assert summaries.count(f"{OPERATIONAL} meeting") == 12
    finally:
        app.close()

    # The structure needs no JavaScript (the same session: a second sign-in would reuse the code).
    no_js = browser.new_context(**browser_context_args, java_script_enabled=False, storage_state=signed_in)
    try:
        page = no_js.new_page()
        page.goto(f"{base}/governance/groups/structure/")
        expect(page.get_by_role("img", name=re.compile("Diagram of the groups"))).to_be_visible()
        expect(page.get_by_role("link", name=OPERATIONAL)).to_be_visible()  # in the list that says the same
    finally:
        no_js.close()
