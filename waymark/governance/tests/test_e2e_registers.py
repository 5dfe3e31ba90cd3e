"""End to end, in the real browser: the county coordinator keeps the registers and sends the briefing.

Builds on Northshire's demo (`seed_demo`), where the county has three risks (R01 to R03) and an
information sharing agreement that the five board members have signed.

1. Priya Shah, the county coordinator, adds a risk (likelihood 4, impact 5: very high), finds it in
   the heat map's cell and follows the cell to the list.
2. She adds the Northern Labour Standards Unit as a party to the agreement: the page now says that
   not all parties have signed. She records its signature and the warning goes; the page gives the
   earliest date a party could leave if it gave notice today.
3. She starts last month's briefing, adds a line, and sends it to the groups' representatives.

axe-core checks every page visited against WCAG 2.2 AA.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from waymark.cases.tests.test_e2e_report_concern import sign_in
from waymark.core.tests.test_e2e_coordinator import COORDINATOR_EMAIL, COUNTY, assert_accessible, demo  # noqa: F401
from waymark.governance import services_briefings, withdrawal
from waymark.governance.models import Briefing, BriefingStatus, Risk
from waymark.partners.models import Partnership

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW_RISK = "Victims are not told about the NRM in their own language"
AGREEMENT = "Northshire Modern Slavery Information Sharing Agreement"
LABOUR = "Northern Labour Standards Unit"


def expect_success(page: Page, text: str) -> None:
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(text)


def long_date(day) -> str:
    return f"{day.day} {day:%B %Y}"


def coordinator_adds_a_risk_and_finds_it_in_the_heat_map(page: Page, base: str) -> None:
    page.goto(f"{base}/governance/")
    page.get_by_role("link", name="Risks and issues").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Risks and issues")
    assert_accessible(page, "the risks and issues register")

    page.get_by_role("link", name="Add a risk or issue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a risk or issue")
    assert_accessible(page, "the add a risk page")
    page.get_by_role("button", name="Add to the register").click()  # nothing filled in
    expect(page).to_have_title(re.compile(r"^Error: Add a risk or issue"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the description")
    assert_accessible(page, "the add a risk page with errors")

    page.get_by_label("Which partnership is it for?").select_option(label=COUNTY)
    page.get_by_label("Description").fill(NEW_RISK)
    page.get_by_label("Category").select_option(label="Safeguarding")
    page.get_by_role("group", name="Likelihood").get_by_label("4: Likely").check()
    page.get_by_role("group", name="Impact").get_by_label("5: Severe").check()
    page.get_by_label("Owning organisation").select_option(label="Northshire Police")
    page.get_by_role("button", name="Add to the register").click()

    expect_success(page, "Risk R04 added to the register")
    expect(page.get_by_role("heading", level=1)).to_have_text("Risk R04")
    expect(page.locator(".govuk-summary-list")).to_contain_text("20: Very high")
    assert_accessible(page, "the new risk's page")

    page.get_by_role("link", name="Back to risks and issues").click()
    page.get_by_role("link", name="See the heat map").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Risk heat map")
    assert_accessible(page, "the heat map")
    cell = page.get_by_role("link", name="1 risk with likelihood 4 and impact 5")
    expect(cell).to_be_visible()
    cell.click()
    table = page.locator("table", has=page.locator("caption", has_text="1 risk and issue"))
    expect(table).to_contain_text(NEW_RISK)
    expect(page.get_by_text("Showing only likelihood 4: Likely and impact 5: Severe.")).to_be_visible()
    assert_accessible(page, "the list of one heat map cell")


def coordinator_records_a_partys_signature(page: Page, base: str) -> None:
    page.goto(f"{base}/governance/")
    page.get_by_role("link", name="Agreements").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Agreements")
    assert_accessible(page, "the agreements register")
    page.get_by_role("link", name=AGREEMENT).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(AGREEMENT)
    expect(page.get_by_text("Not all parties have signed")).to_have_count(0)

    page.get_by_role("link", name="Add a party").click()
    assert_accessible(page, "the add a party page")
    page.get_by_label("Organisation").select_option(label=LABOUR)
    page.get_by_role("button", name="Add the party").click()
    expect_success(page, f"{LABOUR} added as a party")
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        f"Not all parties have signed: 1 of 6 still to sign ({LABOUR})"
    )
    assert_accessible(page, "the agreement with a party yet to sign")

    page.get_by_role("link", name=f"Record signature for {LABOUR}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Record {LABOUR}'s signature")
    assert_accessible(page, "the record a signature page")
    signed = timezone.localdate() - timedelta(days=1)
    page.get_by_label("Day", exact=True).fill(str(signed.day))
    page.get_by_label("Month", exact=True).fill(str(signed.month))
    page.get_by_label("Year", exact=True).fill(str(signed.year))
    page.get_by_label("Signatory's name").fill("Grace Okafor")
    page.get_by_role("button", name="Record the signature").click()

    expect_success(page, f"Signature recorded for {LABOUR}")
    expect(page.locator(".govuk-warning-text")).to_have_count(0)
    row = page.locator("tbody tr", has=page.get_by_role("rowheader", name=LABOUR))
    expect(row).to_contain_text(long_date(signed))
    expect(row).to_contain_text("Grace Okafor")
    today = timezone.localdate()
    earliest = withdrawal.earliest_withdrawal(today, 12, (3, 31))
    expect(page.locator("#earliest-withdrawal")).to_have_text(
        f"{long_date(earliest)}, if a party gave notice today ({long_date(today)})"
    )
    assert_accessible(page, "the agreement once every party has signed")


def coordinator_composes_and_sends_the_briefing(page: Page, base: str) -> None:
    page.goto(f"{base}/governance/")
    page.get_by_role("link", name="Briefings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Briefings")
    assert_accessible(page, "the briefings page")
    page.get_by_role("link", name="Start a briefing").click()
    assert_accessible(page, "the start a briefing page")
    page.get_by_label("Which partnership is it for?").select_option(label=COUNTY)
    page.get_by_role("button", name="Start the briefing").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Edit the briefing")
    body = page.get_by_label("Briefing", exact=True)
    expect(body).to_have_value(re.compile(r"## Meetings held"))
    assert_accessible(page, "the edit the briefing page")
    body.fill(body.input_value() + "\n## From the coordinator\nThank you all for a busy month.")
    page.get_by_role("button", name="Save the briefing").click()

    expect(page.get_by_role("heading", level=2, name="From the coordinator")).to_be_visible()
    assert_accessible(page, "the draft briefing's page")
    page.get_by_role("link", name="Send the briefing").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Send the briefing")
    assert_accessible(page, "the send the briefing page")
    page.get_by_role("button", name="Send the briefing").click()

    expect_success(page, "sent to")
    expect(page.get_by_text("Sent on")).to_be_visible()
    assert_accessible(page, "the sent briefing's page")


def test_a_coordinator_keeps_the_registers_and_sends_the_briefing(  # noqa: F811
    demo,  # noqa: F811
    live_server,
    browser: Browser,
    browser_context_args,
):
    base = live_server.url
    context = browser.new_context(**browser_context_args)
    try:
        page = context.new_page()
        sign_in(page, base, COORDINATOR_EMAIL)
        coordinator_adds_a_risk_and_finds_it_in_the_heat_map(page, base)
        assert Risk.objects.get(description=NEW_RISK).score == 20

        coordinator_records_a_partys_signature(page, base)

        mail.outbox.clear()
        coordinator_composes_and_sends_the_briefing(page, base)
        briefing = Briefing.objects.get(status=BriefingStatus.SENT)
        county = Partnership.objects.get(name=COUNTY)
        expected = services_briefings.recipients(county)
        assert sorted(a for m in mail.outbox for a in m.to) == sorted(expected)
        assert briefing.recipients_count == len(expected) > 0
        assert all("Thank you all for a busy month." in m.body for m in mail.outbox)
    finally:
        context.close()
