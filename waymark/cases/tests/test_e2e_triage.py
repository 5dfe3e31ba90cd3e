"""End to end, in the real browser: Carol, Testford's coordinator, works through the triage queue.

She gives a practitioner's referral a lead organisation, opens a case from one public report and
closes another with a reason. Every page she sees, error states included, is checked with axe-core
against WCAG 2.2 AA (see waymark/core/tests/test_e2e_coordinator.py for the set-up).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from waymark.accounts.tests.test_sign_in import current_code
from waymark.cases.models import Case, CaseStatus, PublicReport, PublicReportStatus
from waymark.cases.tests.factories import open_child_case
from waymark.core.tests.test_e2e_coordinator import assert_accessible, expect_success_banner

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, base_url: str, user) -> None:
    page.goto(f"{base_url}/sign-in/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/sign-in/code/"))
    page.get_by_label("Code", exact=True).fill(current_code(user.totpdevice_set.get()))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Carol")


def expect_errors(page: Page, where: str, *messages: str) -> None:
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    for message in messages:
        expect(summary.get_by_role("link", name=message)).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page, f"{where} with errors")


def test_coordinator_triages_the_queue(world, personas, live_server, page: Page):
    base = live_server.url
    referral = open_child_case(world, personas["council_caseworker"])
    car_wash = PublicReport.objects.create(
        partnership=world.testford,
        what_seen="Men sleeping in a van behind the car wash, collected at 5am every day.",
        where="Mill Lane, Testford",
        when="Since October",
    )
    school = PublicReport.objects.create(
        partnership=world.testford, what_seen="Children outside the school at lunchtime.", where="Testford Academy"
    )
    sign_in(page, base, personas["coordinator"])

    # The queue: one referral and two reports waiting.
    page.goto(f"{base}/triage/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Triage")
    expect(page.locator("tbody tr", has_text=referral.reference)).to_contain_text("Refer to children's social care")
    expect(page.locator("tbody tr", has_text="Mill Lane, Testford")).to_contain_text(car_wash.receipt)
    assert_accessible(page, "the triage queue")

    # 1. The referral: open the case with Brightway as lead, after forgetting to choose once.
    page.get_by_role("link", name=referral.reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Referral {referral.reference}")
    assert_accessible(page, "the referral's triage page")
    page.get_by_role("button", name="Open the case").click()
    expect_errors(page, "the referral's triage page", "Select the lead organisation")
    page.get_by_role("link", name="Select the lead organisation").click()
    expect(page.get_by_label("Lead organisation")).to_be_focused()
    page.get_by_label("Lead organisation").select_option(label="Brightway")
    page.get_by_role("button", name="Open the case").click()

    expect(page).to_have_url(f"{base}/triage/")
    expect_success_banner(page, f"Case {referral.reference} is open, led by Brightway")
    expect(page.get_by_text("No practitioner referrals are waiting.")).to_be_visible()
    assert_accessible(page, "the triage queue after opening a case")
    referral.refresh_from_db()
    assert (referral.status, referral.lead_organisation) == (CaseStatus.OPEN, world.charity)

    # 2. The car wash report: a case led by Testford Council, after trying a reference that is not theirs.
    page.get_by_role("link", name=car_wash.receipt).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Public report {car_wash.receipt}")
    expect(page.locator(".govuk-summary-list")).to_contain_text("collected at 5am every day")
    assert_accessible(page, "a public report's triage page")
    page.get_by_label("Case reference").fill("XX-2026-000099")
    page.get_by_role("button", name="Link to the case").click()
    expect_errors(
        page, "a public report's page", "There is no case XX-2026-000099 in Testford Anti-Slavery Partnership"
    )
    expect(page.get_by_label("Case reference")).to_have_value("XX-2026-000099")
    page.get_by_label("Lead organisation").select_option(label="Testford Council")
    page.get_by_role("button", name="Open a case").click()

    expect(page).to_have_url(f"{base}/triage/")
    case = Case.objects.get(public_reports=car_wash)
    expect_success_banner(page, f"Case {case.reference} opened from report {car_wash.receipt}, led by Testford Council")
    assert_accessible(page, "the triage queue after opening a case from a report")
    assert case.source == "public" and case.lead_organisation == world.council
    assert case.what_happened == car_wash.what_seen

    # 3. The school report: closed with a reason, after trying without one.
    page.get_by_role("link", name=school.receipt).click()
    page.get_by_role("button", name="Close the report").click()
    expect_errors(page, "the second report's page", "Enter why you are closing it")
    page.get_by_label("Why are you closing it?").fill("Children on their lunch break; nothing suggests exploitation.")
    page.get_by_role("button", name="Close the report").click()

    expect(page).to_have_url(f"{base}/triage/")
    expect_success_banner(page, f"Report {school.receipt} closed")
    expect(page.get_by_text("No public reports are waiting.")).to_be_visible()
    assert_accessible(page, "the empty triage queue")
    school.refresh_from_db()
    assert school.status == PublicReportStatus.CLOSED
    assert school.closed_reason.startswith("Children on their lunch break")
