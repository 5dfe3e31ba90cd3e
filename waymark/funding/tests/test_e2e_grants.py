"""End to end, in the real browser: Nadia Rahman, the commissioner's grants officer in Northshire's
demo, adds a joint fund, a council's contribution to it, and a grant from it to Harbourlight Trust
with its cost lines (salary £26,000, on-costs £8,000) and the measures it reports. She makes two
mistakes on the way (an empty fund form, an amount in words) and sees each explained.

axe-core checks every page she sees against WCAG 2.2 AA (see waymark/core/tests/test_e2e_coordinator.py).
The funding demo data is another section's: this journey makes its own records.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from waymark.cases.tests.test_e2e_report_concern import sign_in
from waymark.core.tests.test_e2e_coordinator import assert_accessible, demo  # noqa: F401
from waymark.funding import financial_year
from waymark.funding.models import Fund, Grant, GrantStatus

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

GRANTS_OFFICER = "grants.officer@opcc.northshire.example"
FUND = "Modern Slavery Joint Fund"
OPCC = "Office of the Northshire Police and Crime Commissioner"
RECIPIENT = "Harbourlight Trust"
GRANT = "Survivor navigator post"


def expect_success(page: Page, text: str) -> None:
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(text)


def summary_value(page: Page, key: str):
    row = page.locator(".govuk-summary-list__row", has=page.locator("dt", has_text=re.compile(f"^{re.escape(key)}$")))
    return row.locator(".govuk-summary-list__value")


def adds_a_fund(page: Page, base: str, year_label: str) -> None:
    page.goto(f"{base}/funding/")
    page.get_by_role("link", name="Funds").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Funds")
    assert_accessible(page, "the list of funds")

    page.get_by_role("link", name="Add a fund").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a fund")
    assert_accessible(page, "the add a fund page")
    page.get_by_role("button", name="Add the fund").click()  # nothing filled in
    expect(page).to_have_title(re.compile(r"^Error: Add a fund"))
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name="Enter the name of the fund")).to_be_visible()
    expect(summary.get_by_role("link", name="Enter the opening budget")).to_be_visible()
    assert_accessible(page, "the add a fund page with errors")

    page.get_by_label("Name", exact=True).fill(FUND)
    page.get_by_label("Which body holds the fund?").select_option(label=OPCC)
    page.get_by_label("Opening budget").fill("£10,000")
    page.get_by_label("Reserve brought forward (optional)").fill("2,500.50")
    page.get_by_role("button", name="Add the fund").click()

    expect_success(page, f"Fund added: {FUND} {year_label}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{FUND} {year_label}")
    expect(summary_value(page, "Available")).to_contain_text("£12,500.50")
    expect(summary_value(page, "Reserve to carry forward (forecast)")).to_contain_text("£12,500.50")
    assert_accessible(page, "the new fund's page")


def adds_a_contributor(page: Page) -> None:
    page.get_by_role("link", name="Add a contributor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a contributor")
    assert_accessible(page, "the add a contributor page")
    page.get_by_label("Contributing organisation").select_option(label="Kettleford Borough Council")
    page.get_by_label("Amount").fill("4,000")
    page.get_by_role("button", name="Add the contributor").click()

    expect_success(page, "Contribution of £4,000.00 from Kettleford Borough Council added")
    expect(summary_value(page, "Contributions")).to_have_text("£4,000.00")
    expect(summary_value(page, "Available")).to_contain_text("£16,500.50")
    assert_accessible(page, "the fund with its contributor")


def adds_a_grant(page: Page, year: int) -> None:
    page.get_by_role("link", name="Add a grant from this fund").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a grant")
    expect(page.get_by_label("Conditions")).to_contain_text("standard funding agreement")
    assert_accessible(page, "the add a grant page")

    page.get_by_label("Which organisation receives the grant?").select_option(label=RECIPIENT)
    page.get_by_label("Title").fill(GRANT)
    page.get_by_label("What is the grant for?").fill("A navigator who stays with survivors through the NRM.")
    page.get_by_label("Amount").fill("thirty-four thousand")
    page.get_by_role("group", name="Is it one-off or recurring?").get_by_label("Recurring").check()
    page.get_by_role("button", name="Add the grant").click()
    summary = page.locator(".govuk-error-summary")
    message = "Enter the amount of the grant as an amount in pounds, like 26,000 or 26,000.50"
    expect(summary.get_by_role("link", name=message)).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value(GRANT)  # nothing she typed is lost
    assert_accessible(page, "the add a grant page with an error")

    page.get_by_label("Amount").fill("34,000")
    page.get_by_role("button", name="Add the grant").click()
    expect_success(page, f"Grant added: {GRANT}")
    expect(page.get_by_role("heading", level=1)).to_have_text(GRANT)
    expect(summary_value(page, "Liability")).to_have_text(f"No liability beyond 31 March {year + 1}")
    expect(page.locator(".govuk-tag", has_text="Proposed").first).to_be_visible()
    assert_accessible(page, "the new grant's page")


def adds_cost_lines(page: Page) -> None:
    for description, amount, note in (
        ("Salary", "26,000", ""),
        ("On-costs", "8,000", "Travel, pension and management"),
    ):
        page.get_by_role("link", name="Add a cost line").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Add a cost line")
        assert_accessible(page, "the add a cost line page")
        page.get_by_label("What does it pay for?").fill(description)
        page.get_by_label("Amount").fill(amount)
        page.get_by_label("Note (optional)").fill(note)
        page.get_by_role("button", name="Add the cost line").click()
        expect_success(page, "Cost line added")
    costs = page.locator("table", has=page.locator("caption", has_text="What the grant pays for"))
    expect(costs).to_contain_text("£26,000.00")
    expect(costs.locator("tr", has_text="Total")).to_contain_text("£34,000.00")
    expect(page.get_by_text("The cost lines add up to")).to_have_count(0)


def chooses_measures(page: Page) -> None:
    page.get_by_role("link", name="Choose the measures").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Measures to report")
    assert_accessible(page, "the measures page")
    page.get_by_label("Referrals received", exact=True).check()
    page.get_by_label("Target for each reporting period (optional): Referrals received").fill("12")
    page.get_by_label("People supported", exact=True).check()
    page.get_by_label("Another measure (optional)").fill("Survivors in settled housing")
    assert_accessible(page, "the measures page with targets revealed")
    page.get_by_role("button", name="Save the measures").click()

    expect_success(page, "Measures saved")
    measures = page.locator("table", has=page.locator("caption", has_text="Measures the recipient reports"))
    expect(measures.locator("tbody tr")).to_have_count(3)
    expect(measures.locator("tr", has_text="Referrals received")).to_contain_text("12")
    expect(measures.locator("tr", has_text="Survivors in settled housing")).to_contain_text("No target")
    assert_accessible(page, "the grant with its costs and measures")


def test_the_grants_officer_adds_a_fund_a_contributor_and_a_grant(demo, live_server, page: Page):  # noqa: F811
    base = live_server.url
    year = financial_year.year_of(timezone.localdate())
    sign_in(page, base, GRANTS_OFFICER)

    adds_a_fund(page, base, financial_year.label(year))
    adds_a_contributor(page)
    adds_a_grant(page, year)
    adds_cost_lines(page)
    chooses_measures(page)

    fund = Fund.objects.get(name=FUND)
    assert fund.reserve_brought_forward == Decimal("2500.50") and fund.contributions.count() == 1
    grant = Grant.objects.get(title=GRANT)
    assert grant.fund == fund and grant.status == GrantStatus.PROPOSED and grant.recurrence == "recurring"
    assert grant.amount == Decimal("34000.00") and grant.costs_total() == Decimal("34000.00")
    assert [m.name for m in grant.measures.all()] == [
        "Referrals received",
        "People supported",
        "Survivors in settled housing",
    ]
