"""End to end, in the real browser: a grant's decision report from sending for sign-off to the public
register, in Northshire's demo (`seed_demo`).

1. Nadia Rahman, the grants officer, sends the written report for sign-off.
2. Elaine Cho (chief finance officer) and Martin Hale (chief executive and monitoring officer) each
   approve it with a fresh code; a wrong code first signs nothing.
3. Helen Carter, the commissioner, agrees.
4. Nadia records its publication with one section redacted: nothing shows on the register yet.
5. Martin checks what the public will see and signs off the redaction.
6. Anyone, without signing in, finds it on the register, without the redacted text.

Sign-in uses each user's demo authenticator code; since a code cannot be used twice in its 30
seconds, each signature uses a backup code issued here. axe-core checks every page.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from waymark.accounts.models import User
from waymark.accounts.services import issue_backup_codes
from waymark.cases.tests.test_e2e_report_concern import sign_in
from waymark.core.tests.test_e2e_coordinator import COUNTY, assert_accessible, demo  # noqa: F401
from waymark.funding import financial_year
from waymark.funding.decision_flow import State
from waymark.funding.models import DecisionReport, Fund, GrantStatus
from waymark.funding.tests.factories import make_grant, make_report
from waymark.partners.models import Organisation, Partnership

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DOMAIN = "opcc.northshire.example"
GRANTS_OFFICER = f"grants.officer@{DOMAIN}"
CHIEF_EXECUTIVE = f"opcc.ceo@{DOMAIN}"
CHIEF_FINANCE_OFFICER = f"opcc.cfo@{DOMAIN}"
COMMISSIONER = f"commissioner@{DOMAIN}"
SECRET = "The provider's two named advocates, Jo Bloggs and Ann Other, start in May."
TITLE = "Grant to Harbourlight Trust: county advocate post"


def a_report_written_for_a_grant() -> DecisionReport:
    """Made here: the demo's own funding data is not relied on."""
    county = Partnership.objects.get(name=COUNTY)
    fund = Fund.objects.create(
        partnership=county,
        name="End-to-end Community Safety Fund",
        owner=Organisation.objects.get(name="Office of the Northshire Police and Crime Commissioner"),
        start_year=financial_year.year_of(timezone.localdate()),
        opening_budget=Decimal("80000.00"),
    )
    grant = make_grant(fund, Organisation.objects.get(name="Harbourlight Trust"), title="County advocate post")
    report = make_report(grant, number=901, title=TITLE, legal_implications=SECRET)
    report.created_by = User.objects.get(email=GRANTS_OFFICER)
    report.save()
    return report


def signed_in(browser: Browser, args: dict, base: str, email: str, contexts: list[BrowserContext]) -> Page:
    context = browser.new_context(**args)
    contexts.append(context)
    page = context.new_page()
    sign_in(page, base, email)
    return page


def expect_success(page: Page, text: str) -> None:
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(text)


def open_report(page: Page, base: str, report: DecisionReport, where: str) -> None:
    page.goto(f"{base}/funding/reports/{report.pk}/")
    expect(page.get_by_role("heading", name="Sign-off and decision")).to_be_visible()
    assert_accessible(page, where)


def send_for_sign_off(page: Page, base: str, report: DecisionReport) -> None:
    open_report(page, base, report, "the draft report")
    page.get_by_role("link", name="Send for sign-off").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Send for sign-off")
    assert_accessible(page, "the send for sign-off page")
    page.get_by_role("button", name="Send for sign-off").click()
    expect_success(page, f"Decision report {report.reference} sent for sign-off")
    assert_accessible(page, "the report once sent")


def officer_approves(page: Page, base: str, report: DecisionReport, code: str, *, wrong_first: bool) -> None:
    open_report(page, base, report, "the report awaiting sign-off")
    page.get_by_role("link", name="Approve or return for changes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Approve the report")
    assert_accessible(page, "the approval page")
    page.get_by_label("Yes, I approve it").check()
    if wrong_first:
        page.get_by_label("Code from your authenticator app").fill("00000000")
        page.get_by_role("button", name="Confirm and sign").click()
        expect(page).to_have_title(re.compile(r"^Error: Approve the report"))
        expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not right")
        assert_accessible(page, "the approval page with a wrong code")
        page.wait_for_timeout(2100)  # after a wrong code, none is accepted for a moment
    page.get_by_label("Code from your authenticator app").fill(code)
    page.get_by_role("button", name="Confirm and sign").click()
    expect_success(page, f"You approved decision report {report.reference}")
    assert_accessible(page, "the report once approved")


def commissioner_agrees(page: Page, base: str, report: DecisionReport, code: str) -> None:
    open_report(page, base, report, "the report awaiting decision")
    page.get_by_role("link", name="Record the decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Decide")
    assert_accessible(page, "the decision page")
    page.get_by_role("button", name="Sign the decision").click()  # nothing chosen
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select whether you agree or disagree")
    assert_accessible(page, "the decision page with errors")
    page.get_by_label("I agree the recommendations").check()
    page.get_by_label("Code from your authenticator app").fill(code)
    page.get_by_role("button", name="Sign the decision").click()
    expect_success(page, f"You agreed decision report {report.reference}")
    assert_accessible(page, "the report once agreed")


def grants_officer_decides_publication(page: Page, base: str, report: DecisionReport) -> None:
    open_report(page, base, report, "the agreed report")
    page.get_by_role("link", name="Decide publication").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publication")
    assert_accessible(page, "the publication page")
    page.get_by_label("Yes, publish it on the public register").check()
    page.get_by_label("10. Legal implications").check()
    page.get_by_role("button", name="Save the publication decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what is redacted, and why")
    assert_accessible(page, "the publication page with errors")
    page.get_by_label("What is redacted, and why").fill(
        "The names of the provider's advocates, who are not yet in post."
    )
    page.get_by_role("button", name="Save the publication decision").click()
    expect_success(page, "The redactions now need the chief executive and monitoring officer's sign-off")
    assert_accessible(page, "the report with its redaction waiting")


def nothing_on_the_register_yet(page: Page, base: str) -> None:
    page.goto(f"{base}/funding/register/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Published decisions")
    expect(page.get_by_text(TITLE)).to_have_count(0)
    assert_accessible(page, "the register before the redaction is signed off")


def chief_executive_signs_off_the_redaction(page: Page, base: str, report: DecisionReport, code: str) -> None:
    open_report(page, base, report, "the report with a redaction to sign off")
    page.get_by_role("link", name="Check and sign off the redactions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign off the redactions")
    preview = page.locator("section", has=page.get_by_role("heading", name="What the public will see"))
    expect(preview).to_contain_text("This section has been redacted from the published version.")
    expect(preview).not_to_contain_text(SECRET)
    assert_accessible(page, "the redaction sign-off page")
    page.get_by_label("Code from your authenticator app").fill(code)
    page.get_by_role("button", name="Sign off and publish").click()
    expect_success(page, "is published on the public register")
    assert_accessible(page, "the published report")


def the_public_reads_it(page: Page, base: str, report: DecisionReport) -> None:
    page.goto(f"{base}/funding/register/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Published decisions")
    assert_accessible(page, "the public register")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("main")).to_contain_text("This section has been redacted from the published version.")
    expect(page.locator("main")).not_to_contain_text(SECRET)
    expect(page.locator("main")).to_contain_text("Martin Hale")
    expect(page.locator("main")).to_contain_text("Helen Carter")
    assert_accessible(page, "the published decision")
    href = page.get_by_role("link", name=re.compile("Download the report as a PDF")).get_attribute("href")
    pdf = page.request.get(f"{base}{href}")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"


def test_a_decision_report_from_sign_off_to_the_public_register(  # noqa: F811
    demo,  # noqa: F811
    live_server,
    browser: Browser,
    browser_context_args,
):
    base = live_server.url
    report = a_report_written_for_a_grant()
    codes = {
        email: issue_backup_codes(User.objects.get(email=email))
        for email in (CHIEF_EXECUTIVE, CHIEF_FINANCE_OFFICER, COMMISSIONER)
    }
    mail.outbox.clear()
    contexts: list[BrowserContext] = []
    try:
        officer = signed_in(browser, browser_context_args, base, GRANTS_OFFICER, contexts)
        send_for_sign_off(officer, base, report)
        assert any(CHIEF_EXECUTIVE in m.to for m in mail.outbox)

        cfo = signed_in(browser, browser_context_args, base, CHIEF_FINANCE_OFFICER, contexts)
        officer_approves(cfo, base, report, codes[CHIEF_FINANCE_OFFICER][0], wrong_first=True)
        ceo = signed_in(browser, browser_context_args, base, CHIEF_EXECUTIVE, contexts)
        officer_approves(ceo, base, report, codes[CHIEF_EXECUTIVE][0], wrong_first=False)
        report.refresh_from_db()
        assert report.flow_state == State.AWAITING_DECISION
        assert any(COMMISSIONER in m.to for m in mail.outbox)

        commissioner = signed_in(browser, browser_context_args, base, COMMISSIONER, contexts)
        commissioner_agrees(commissioner, base, report, codes[COMMISSIONER][0])
        report.refresh_from_db()
        assert report.flow_state == State.AGREED
        assert report.grant.status == GrantStatus.APPROVED

        grants_officer_decides_publication(officer, base, report)
        public = browser.new_context(**browser_context_args)
        contexts.append(public)
        public_page = public.new_page()
        nothing_on_the_register_yet(public_page, base)

        chief_executive_signs_off_the_redaction(ceo, base, report, codes[CHIEF_EXECUTIVE][1])
        report.refresh_from_db()
        assert report.flow_state == State.PUBLISHED

        the_public_reads_it(public_page, base, report)
    finally:
        for context in contexts:
            context.close()
