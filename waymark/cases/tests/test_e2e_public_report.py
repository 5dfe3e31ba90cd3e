"""End to end, in the real browser: a member of the public reports what they saw, without signing in.

Runs Debian's Chromium through Playwright (see the root conftest.py) against pytest-django's live server,
and checks every page of the journey, its error states and the refusal page with axe-core against
WCAG 2.2 AA. A second journey sends a report with JavaScript turned off.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, Route, expect

from waymark.cases import services_public
from waymark.cases.models import PublicReport

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]}
EXIT_TO = "https://www.bbc.co.uk/weather"
RECEIPT = re.compile(r"^R-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$")
TESTFORD = "Testford Anti-Slavery Partnership"
WHAT_SEEN = 'Four men are collected by a van at 5am from the car wash. One said <script>alert("x")</script>.'

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

_axe = Axe()


def assert_accessible(page: Page, where: str) -> None:
    """axe-core finds nothing against WCAG 2.2 AA; otherwise say what, how bad, and where."""
    violations = _axe.run(page, options=AXE_OPTIONS).response["violations"]
    if not violations:
        return
    lines = [f"{len(violations)} accessibility violation(s) on {where} ({page.url}):"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(str(t) for t in node['target'])}")
            lines.append(f"       {node['html'][:200]}")
            if node.get("failureSummary"):
                lines.append("       " + node["failureSummary"].replace("\n", "\n       "))
    raise AssertionError("\n".join(lines))


def pretend_to_be_the_weather(page: Page) -> None:
    """The exit link leaves the site; answer for the BBC so the test needs no internet."""

    def fulfil(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html", body="<title>Weather</title><h1>Weather</h1>")

    page.route(f"{EXIT_TO}**", fulfil)


def expect_exit_this_page(page: Page) -> None:
    button = page.locator(".govuk-exit-this-page").get_by_role("button", name="Emergency Exit this page")
    expect(button).to_be_visible()
    expect(button).to_have_attribute("href", EXIT_TO)
    expect(button).to_have_attribute("rel", "nofollow noreferrer")


def choose_testford(page: Page, base: str) -> None:
    page.goto(f"{base}/report-modern-slavery/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Report modern slavery")
    page.get_by_role("group", name="Where did you see this?").get_by_label(TESTFORD).check()
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/report-modern-slavery/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tell us what you saw")


def expect_receipt(page: Page) -> str:
    expect(page).to_have_url(re.compile(r"/report-modern-slavery/sent/$"))
    panel = page.locator(".govuk-panel--confirmation")
    expect(panel.get_by_role("heading", level=1)).to_have_text("Report sent")
    receipt = panel.locator("strong").inner_text().strip()
    assert RECEIPT.match(receipt), receipt
    return receipt


def test_a_member_of_the_public_reports_a_concern(live_server, page: Page, world):
    base = live_server.url
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    # 1. The start page: 999 first, the signs, the phone lines, then where it happened.
    page.goto(f"{base}/report-modern-slavery/")
    expect(page).to_have_title(re.compile(r"^Report modern slavery"))
    expect(page.locator(".govuk-warning-text")).to_contain_text("If someone is in immediate danger, call 999 now.")
    expect(page.get_by_role("heading", name="Spot the signs")).to_be_visible()
    expect(page.get_by_text("08000 121 700", exact=True)).to_be_visible()
    expect(page.get_by_text("0800 555 111", exact=True)).to_be_visible()
    expect_exit_this_page(page)
    assert_accessible(page, "the start page")

    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name="Select where you saw this")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: Report modern slavery"))
    assert_accessible(page, "the start page with an error")

    # 2. The form: a first try without saying where, which keeps everything typed.
    page.get_by_role("group", name="Where did you see this?").get_by_label(TESTFORD).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tell us what you saw")
    expect(page.get_by_text(TESTFORD)).to_be_visible()
    expect_exit_this_page(page)
    assert_accessible(page, "the report form")

    page.get_by_label("What did you see?").fill(WHAT_SEEN)
    expect(page.locator(".govuk-character-count__status").first).to_have_text(
        f"You have {5000 - len(WHAT_SEEN):,} characters remaining"
    )
    page.get_by_label("When did you see it? (optional)").fill("Most mornings")
    page.get_by_role("checkbox", name="Unusual travel times").check()
    page.get_by_label("Your name").fill("Sam")
    page.get_by_role("button", name="Send report").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary.get_by_role("link", name="Enter where you saw it")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: Tell us what you saw"))
    expect(page.get_by_label("What did you see?")).to_have_value(WHAT_SEEN)
    expect(page.get_by_label("When did you see it? (optional)")).to_have_value("Most mornings")
    expect(page.get_by_role("checkbox", name="Unusual travel times")).to_be_checked()
    expect(page.get_by_label("Your name")).to_have_value("Sam")
    assert_accessible(page, "the report form with errors")
    summary.get_by_role("link", name="Enter where you saw it").click()
    expect(page.get_by_label("Where did you see it?")).to_be_focused()
    assert not PublicReport.objects.exists()

    # 3. Sent: a receipt that reveals nothing, and the report waiting in Testford's queue.
    page.get_by_label("Where did you see it?").fill("Sparkle Car Wash, Mill Lane, Testford")
    page.get_by_role("button", name="Send report").click()
    receipt = expect_receipt(page)
    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    expect_exit_this_page(page)
    assert_accessible(page, "the confirmation page")

    report = PublicReport.objects.get()
    assert report.receipt == receipt
    assert report.partnership == world.testford
    assert report.what_seen == WHAT_SEEN
    assert report.where == "Sparkle Car Wash, Mill Lane, Testford"
    assert report.signs_seen == ["signs-unusual-travel"]
    assert report.contact_name == "Sam"
    assert dialogs == [], f"something typed ran as script: {dialogs}"

    # 4. After 5 reports in an hour from this address, the form is refused, politely.
    for _ in range(services_public.REPORTS_PER_ADDRESS - 1):
        PublicReport.objects.create(
            partnership=world.testford, what_seen="x", where="y", sender_hash=report.sender_hash
        )
    response = page.goto(f"{base}/report-modern-slavery/{world.testford.pk}/")
    assert response is not None and response.status == 429
    expect(page.get_by_role("heading", level=1)).to_have_text("Sorry, you cannot send another report just now")
    expect_exit_this_page(page)
    assert_accessible(page, "the too-many-reports page")

    # 5. Exit this page leaves at once.
    pretend_to_be_the_weather(page)
    page.get_by_role("button", name="Emergency Exit this page").click()
    expect(page).to_have_url(EXIT_TO)


def test_a_report_can_be_sent_without_javascript(live_server, browser, browser_context_args, world):
    base = live_server.url
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    try:
        page = context.new_page()
        choose_testford(page, base)
        assert "js-enabled" not in (page.locator("body").get_attribute("class") or "")
        # Without JavaScript the character count is a plain hint.
        expect(page.get_by_text("You can enter up to 5,000 characters")).to_be_visible()

        page.get_by_label("What did you see?").fill("A woman who never leaves the nail bar, even at night.")
        page.get_by_label("Where did you see it?").fill("High Street, Testford")
        page.get_by_role("checkbox", name="Poor living conditions").check()
        page.get_by_label("E-mail address").fill("sam@example.com")
        page.get_by_role("button", name="Send report").click()

        receipt = expect_receipt(page)
        report = PublicReport.objects.get()
        assert report.receipt == receipt
        assert report.partnership == world.testford
        assert report.contact_email == "sam@example.com"

        # Exit this page is a plain link: it works without JavaScript too.
        pretend_to_be_the_weather(page)
        expect_exit_this_page(page)
        page.get_by_role("button", name="Emergency Exit this page").click()
        expect(page).to_have_url(EXIT_TO)
    finally:
        context.close()
