"""End to end, in the real browser: one grant's whole journey in Northshire's demo (`seed_demo`), from
a new grant to a published decision and its first performance return.

1. Nadia Rahman, the commissioner's grants officer, adds a grant from this year's Community Safety
   Fund to Harbourlight Trust for a drop-in advocate, with a cost line and a measure to report
   (referrals received, target 6). It started two months ago, so its first reporting period has
   begun. Priya Shah, the partnership coordinator, is named as its scrutineer.
2. From the grant's page Nadia writes its decision report: she forgets the area affected at first and
   is told; then she writes the five sections it needs, and a staffing section naming the person
   to be appointed, and sends it for sign-off.
3. Elaine Cho (chief finance officer) and Martin Hale (chief executive and monitoring officer) each
   approve it with a fresh code; Helen Carter, the commissioner, agrees. The grant is approved, and
   the fund's committed figure rises by the grant.
4. Nadia decides to publish it with the staffing section redacted; Martin checks what the public
   will see and signs off the redaction. Someone who is not signed in follows the footer link to the
   public register and reads the decision, without the staffing section.
5. Nadia records the funding agreement signed, and the grant's page lists its first return as due.
   Chloe Adams at Harbourlight submits it with a figure and a narrative; Nadia for the commissioner's
   office, then Priya as scrutineer, accept it. The return is accepted and the grant's page shows the
   figure.

Sign-in uses each user's demo authenticator code; since a code cannot be used twice in its 30
seconds, each signature uses a backup code issued here. axe-core checks every page of the journey
against WCAG 2.2 AA (the sign-in pages themselves are checked in waymark/core/tests/test_e2e_coordinator.py).
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from waymark.accounts.models import User
from waymark.accounts.services import issue_backup_codes
from waymark.cases.tests.test_e2e_report_concern import sign_in
from waymark.core.tests.test_e2e_coordinator import COORDINATOR_EMAIL, COUNTY, assert_accessible, demo  # noqa: F401
from waymark.funding import financial_year, return_schedule
from waymark.funding.decision_flow import State
from waymark.funding.models import DecisionReport, Fund, Grant, GrantStatus, PerformanceReturn, ReturnStatus
from waymark.funding.report_sections import REDACTED_NOTICE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DOMAIN = "opcc.northshire.example"
GRANTS_OFFICER = f"grants.officer@{DOMAIN}"  # Nadia Rahman
CHIEF_EXECUTIVE = f"opcc.ceo@{DOMAIN}"  # Martin Hale, also the monitoring officer
CHIEF_FINANCE_OFFICER = f"opcc.cfo@{DOMAIN}"  # Elaine Cho
COMMISSIONER = f"commissioner@{DOMAIN}"  # Helen Carter
RECIPIENT_USER = "harbourlight.caseworker@harbourlight.northshire.example"  # Chloe Adams
SCRUTINEER = "Priya Shah"  # the coordinator, COORDINATOR_EMAIL

FUND = "Community Safety Fund"
RECIPIENT = "Harbourlight Trust"
GRANT = "Drop-in advocate for survivors (journey)"
TITLE = f"Grant to {RECIPIENT}: {GRANT}"
AMOUNT = Decimal("4800.00")
SUMMARY = "This report asks the commissioner to fund a weekly drop-in advocate at Harbourlight Trust."
STAFFING = "The drop-in will be run by Sam Okafor, who is to be appointed on grade 4 from the Trust's volunteers."
NARRATIVE = "Four referrals from the drop-in, two of them from the hand car wash in Kettleford."


def pounds(amount: Decimal) -> str:
    return f"£{amount:,.2f}"


def long_date(day) -> str:
    return f"{day.day} {day:%B %Y}"


def signed_in(browser: Browser, args: dict, base: str, email: str, contexts: list[BrowserContext]) -> Page:
    context = browser.new_context(**args)
    contexts.append(context)
    page = context.new_page()
    sign_in(page, base, email)
    assert_accessible(page, f"the home page of {email}")
    return page


def expect_success(page: Page, text: str) -> None:
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(text)


def summary_value(page: Page, key: str):
    row = page.locator(".govuk-summary-list__row", has=page.locator("dt", has_text=re.compile(f"^{re.escape(key)}$")))
    return row.locator(".govuk-summary-list__value")


def figure(page: Page, key: str) -> Decimal:
    """An amount in the fund's position as the page shows it, without its hint."""
    text = summary_value(page, key).inner_text()
    return Decimal(re.search(r"£([\d,]+\.\d\d)", text).group(1).replace(",", ""))  # type: ignore[union-attr]


def fill_date(page: Page, label: str, day) -> None:
    group = page.get_by_role("group", name=label)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


# 1. The grant


def opens_the_fund(page: Page, base: str, year: int) -> tuple[Decimal, Decimal]:
    """The fund's committed and proposed figures before the grant."""
    page.goto(f"{base}/funding/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Funding")
    assert_accessible(page, "the funding page")
    page.get_by_role("link", name="Funds", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Funds")
    assert_accessible(page, "the list of funds")
    page.get_by_role("link", name=f"{FUND} {financial_year.label(year)}", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{FUND} {financial_year.label(year)}")
    assert_accessible(page, "the Community Safety Fund")
    assert figure(page, "Remaining") >= AMOUNT, "the demo fund cannot take on the grant"
    return figure(page, "Committed"), figure(page, "Proposed")


def adds_the_grant(page: Page, starts_on, committed: Decimal, proposed: Decimal) -> None:
    page.get_by_role("link", name="Add a grant from this fund").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a grant")
    assert_accessible(page, "the add a grant page")
    page.get_by_label("Which organisation receives the grant?").select_option(label=RECIPIENT)
    page.get_by_label("Title").fill(GRANT)
    page.get_by_label("What is the grant for?").fill("A weekly drop-in where survivors can see an advocate.")
    page.get_by_label("Amount").fill("4,800")
    fill_date(page, "Start date", starts_on)
    expect(page.get_by_role("group", name="Is it one-off or recurring?").get_by_label("One-off")).to_be_checked()
    expect(page.get_by_label("Quarterly")).to_be_checked()
    page.get_by_label("Scrutineer (optional)").select_option(label=SCRUTINEER)
    page.get_by_role("button", name="Add the grant").click()

    expect_success(page, f"Grant added: {GRANT}. It is proposed until the commissioner decides.")
    expect(page.get_by_role("heading", level=1)).to_have_text(GRANT)
    expect(page.locator(".govuk-tag", has_text="Proposed").first).to_be_visible()
    expect(summary_value(page, "Amount")).to_have_text(pounds(AMOUNT))
    expect(summary_value(page, "Scrutineer")).to_have_text(SCRUTINEER)
    assert (figure(page, "Committed"), figure(page, "Proposed")) == (committed, proposed + AMOUNT)
    assert_accessible(page, "the new grant's page")

    page.get_by_role("link", name="Add a cost line").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a cost line")
    assert_accessible(page, "the add a cost line page")
    page.get_by_label("What does it pay for?").fill("Advocate's time")
    page.get_by_label("Amount").fill("4,800")
    page.get_by_label("Note (optional)").fill("One day a week for a year, including travel")
    page.get_by_role("button", name="Add the cost line").click()
    expect_success(page, "Cost line added")
    costs = page.locator("table", has=page.locator("caption", has_text="What the grant pays for"))
    expect(costs.locator("tr", has_text="Total")).to_contain_text(pounds(AMOUNT))

    page.get_by_role("link", name="Choose the measures").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Measures to report")
    assert_accessible(page, "the measures page")
    page.get_by_label("Referrals received", exact=True).check()
    page.get_by_label("Target for each reporting period (optional): Referrals received").fill("6")
    page.get_by_role("button", name="Save the measures").click()
    expect_success(page, "Measures saved")
    measures = page.locator("table", has=page.locator("caption", has_text="Measures the recipient reports"))
    expect(measures.locator("tr", has_text="Referrals received")).to_contain_text("6")
    expect(page.get_by_text("No returns are scheduled yet")).to_be_visible()
    assert_accessible(page, "the grant with its cost line and measure")


# 2. The decision report


def writes_the_report(page: Page) -> DecisionReport:
    page.get_by_role("link", name="Write a decision report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Write a decision report")
    expect(page.get_by_label("Title")).to_have_value(TITLE)
    assert_accessible(page, "the write a decision report page")
    page.get_by_label("Stakeholders affected (optional)").fill("Adult survivors of modern slavery in Northshire.")
    page.get_by_role("button", name="Start the report").click()  # the area affected is left out
    expect(page).to_have_title(re.compile(r"^Error: Write a decision report"))
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name="Enter the area affected")).to_be_visible()
    expect(page.get_by_label("Stakeholders affected (optional)")).to_have_value(
        "Adult survivors of modern slavery in Northshire."
    )
    assert_accessible(page, "the write a decision report page with an error")
    summary.get_by_role("link", name="Enter the area affected").click()
    expect(page.get_by_label("Area affected")).to_be_focused()
    page.get_by_label("Area affected").fill("Kettleford and Marsh Vale")
    page.get_by_role("button", name="Start the report").click()

    report = DecisionReport.objects.get(grant__title=GRANT)
    expect_success(page, f"Decision report {report.reference} started. Now write its sections.")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Decision report {report.reference}")
    expect(page.locator(".govuk-warning-text")).to_contain_text("Complete these sections before sending")
    assert_accessible(page, "the new decision report")

    page.get_by_role("link", name="Write the sections").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Write the sections")
    assert_accessible(page, "the write the sections page")
    page.get_by_label("1. Executive summary").fill(SUMMARY)
    page.get_by_label("2. Recommendations").fill(
        "The commissioner agrees a one-off grant of £4,800 to Harbourlight Trust."
    )
    page.get_by_label("3. Background").fill("Survivors who leave safe houses in Kettleford have nowhere to drop in.")
    page.get_by_label("4. Proposal and benefits").fill("One day a week, an advocate at the Trust's Kettleford office.")
    page.get_by_label("5. Options considered and rejected").fill("Do nothing: rejected, as survivors lose touch.")
    page.get_by_label("11. Staffing implications").fill(STAFFING)
    page.get_by_label("Supporting victims").check()
    page.get_by_role("button", name="Save the sections").click()
    expect_success(page, f"Sections of decision report {report.reference} saved")
    expect(page.locator(".govuk-warning-text", has_text="Complete these sections")).to_have_count(0)
    expect(page.locator("main")).to_contain_text(SUMMARY)
    return report


def sends_it_for_sign_off(page: Page, report: DecisionReport) -> None:
    expect(page.get_by_role("heading", name="Sign-off and decision")).to_be_visible()
    assert_accessible(page, "the written report")
    page.get_by_role("link", name="Send for sign-off").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Send for sign-off")
    assert_accessible(page, "the send for sign-off page")
    page.get_by_role("button", name="Send for sign-off").click()
    expect_success(page, f"Decision report {report.reference} sent for sign-off")
    expect(page.locator("#sign-off .govuk-tag")).to_have_text("Awaiting sign-off")
    assert_accessible(page, "the report once sent")


# 3. Sign-off and decision


def open_report(page: Page, base: str, report: DecisionReport, where: str) -> None:
    page.goto(f"{base}/funding/reports/{report.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Decision report {report.reference}")
    assert_accessible(page, where)


def officer_approves(page: Page, base: str, report: DecisionReport, code: str) -> None:
    open_report(page, base, report, "the report awaiting sign-off")
    page.get_by_role("link", name="Approve or return for changes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Approve the report")
    assert_accessible(page, "the approval page")
    page.get_by_label("Yes, I approve it").check()
    page.get_by_label("Code from your authenticator app").fill(code)
    page.get_by_role("button", name="Confirm and sign").click()
    expect_success(page, f"You approved decision report {report.reference}")
    assert_accessible(page, "the report once approved")


def commissioner_agrees(page: Page, base: str, report: DecisionReport, code: str) -> None:
    open_report(page, base, report, "the report awaiting decision")
    page.get_by_role("link", name="Record the decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Decide")
    assert_accessible(page, "the decision page")
    page.get_by_label("I agree the recommendations").check()
    page.get_by_label("Code from your authenticator app").fill(code)
    page.get_by_role("button", name="Sign the decision").click()
    expect_success(page, f"You agreed decision report {report.reference}")
    sign_offs = page.locator("table", has=page.locator("caption", has_text="Approvals and decision"))
    for name in ("Elaine Cho", "Martin Hale", "Helen Carter"):
        expect(sign_offs).to_contain_text(name)
    assert_accessible(page, "the report once agreed")


def the_grant_is_approved_and_committed(page: Page, base: str, grant: Grant, committed_before: Decimal) -> None:
    page.goto(f"{base}/funding/grants/{grant.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(GRANT)
    expect(page.locator(".govuk-tag", has_text="Approved").first).to_be_visible()
    expect(summary_value(page, "Committed")).to_contain_text(pounds(committed_before + AMOUNT))
    assert_accessible(page, "the approved grant")
    page.get_by_role("link", name=re.compile(f"^{FUND}")).first.click()
    expect(summary_value(page, "Committed")).to_contain_text(pounds(committed_before + AMOUNT))
    grants = page.locator("table", has=page.locator("caption", has_text="Grants from"))
    expect(grants.locator("tr", has_text=GRANT)).to_contain_text("Approved")
    assert_accessible(page, "the fund with the grant committed")


# 4. Publication


def decides_publication_with_a_redaction(page: Page, base: str, report: DecisionReport) -> None:
    open_report(page, base, report, "the agreed report")
    page.get_by_role("link", name="Decide publication").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publication")
    assert_accessible(page, "the publication page")
    page.get_by_label("Yes, publish it on the public register").check()
    page.get_by_label("11. Staffing implications").check()
    page.get_by_label("What is redacted, and why").fill("The name and grade of the person to be appointed.")
    page.get_by_role("button", name="Save the publication decision").click()
    expect_success(page, "The redactions now need the chief executive and monitoring officer's sign-off")
    expect(summary_value(page, "Sections redacted")).to_have_text("11. Staffing implications")
    assert_accessible(page, "the report with its redaction waiting")


def signs_off_the_redaction(page: Page, base: str, report: DecisionReport, code: str) -> None:
    open_report(page, base, report, "the report with a redaction to sign off")
    page.get_by_role("link", name="Check and sign off the redactions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign off the redactions")
    preview = page.locator("section", has=page.get_by_role("heading", name="What the public will see"))
    expect(preview).to_contain_text(SUMMARY)
    expect(preview).to_contain_text(REDACTED_NOTICE)
    expect(preview).not_to_contain_text(STAFFING)
    assert_accessible(page, "the redaction sign-off page")
    page.get_by_label("Code from your authenticator app").fill(code)
    page.get_by_role("button", name="Sign off and publish").click()
    expect_success(page, f"decision report {report.reference} is published on the public register")
    assert_accessible(page, "the published report")


def the_public_finds_it(page: Page, base: str, report: DecisionReport) -> None:
    page.goto(f"{base}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Waymark")
    page.locator(".govuk-footer").get_by_role("link", name="Published funding decisions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Published decisions")
    assert_accessible(page, "the public register")
    row = page.locator("tbody tr", has=page.get_by_role("link", name=TITLE))
    expect(row).to_contain_text(report.reference)
    expect(row).to_contain_text("Agreed")
    row.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    main = page.locator("main")
    expect(main).to_contain_text(SUMMARY)
    expect(main).to_contain_text("The commissioner agrees a one-off grant of £4,800 to Harbourlight Trust.")
    expect(main).to_contain_text(REDACTED_NOTICE)
    expect(main).not_to_contain_text(STAFFING)
    expect(main).not_to_contain_text("Sam Okafor")
    expect(main).to_contain_text("Helen Carter")
    assert_accessible(page, "the published decision")


# 5. The agreement and the first return


def records_the_agreement(page: Page, base: str, grant: Grant) -> PerformanceReturn:
    page.goto(f"{base}/funding/grants/{grant.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(GRANT)
    page.get_by_role("link", name="Record the agreement signed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record the funding agreement signed")
    assert_accessible(page, "the agreement signed page")
    fill_date(page, "Date the funding agreement was signed", timezone.localdate())
    page.get_by_role("button", name="Record the agreement").click()
    expect_success(page, "Agreement signed recorded. The performance returns are scheduled.")
    expect(page.locator(".govuk-tag", has_text="Agreement signed").first).to_be_visible()

    first = PerformanceReturn.objects.filter(grant=grant).earliest("period_start")
    returns = page.locator("#returns")
    table = returns.locator("table", has=page.get_by_role("link", name=period_of(first)))
    expect(table.locator("caption")).to_contain_text("Not submitted")
    expect(table.locator("caption")).to_contain_text(f"Due {long_date(first.due_on)}")
    expect(table.locator("caption")).not_to_contain_text("Overdue")
    expect(table.get_by_role("row", name=re.compile("^Referrals received"))).to_contain_text("Not reported")
    assert_accessible(page, "the grant with its returns scheduled")
    return first


def period_of(performance_return: PerformanceReturn) -> str:
    return f"{long_date(performance_return.period_start)} to {long_date(performance_return.period_end)}"


def recipient_submits_the_return(page: Page, base: str, first: PerformanceReturn) -> None:
    page.goto(f"{base}/funding/")
    page.get_by_role("link", name="Grants", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Grants")
    assert_accessible(page, "the recipient's list of grants")
    page.get_by_role("link", name=GRANT).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(GRANT)
    assert_accessible(page, "the grant, as the recipient sees it")
    page.locator("#returns").get_by_role("link", name=period_of(first)).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Return for {period_of(first)}")
    expect(summary_value(page, "Status")).to_contain_text("Not submitted")
    assert_accessible(page, "the return's page")
    page.get_by_role("link", name="Submit the return").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Submit the return")
    assert_accessible(page, "the submit a return page")
    page.get_by_label("Referrals received").fill("4")
    page.get_by_label("What happened in the period").fill(NARRATIVE)
    page.get_by_role("button", name="Submit the return").click()
    expect_success(page, f"Return for {period_of(first)} submitted for review")
    expect(summary_value(page, "Status")).to_contain_text("Submitted")
    expect(page.locator("main")).to_contain_text(NARRATIVE)
    assert_accessible(page, "the submitted return")


def reviewer_accepts(page: Page, base: str, first: PerformanceReturn, banner: str, status: str) -> None:
    page.goto(f"{base}/funding/returns/{first.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Return for {period_of(first)}")
    expect(page.locator("main")).to_contain_text(NARRATIVE)
    assert_accessible(page, "the return awaiting review")
    page.get_by_role("link", name="Review the return").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review the return")
    assert_accessible(page, "the review page")
    page.get_by_role("group", name="Do you accept the return?").get_by_label("Yes, accept it").check()
    page.get_by_role("button", name="Save the review").click()
    expect_success(page, banner)
    expect(summary_value(page, "Status")).to_contain_text(status)
    assert_accessible(page, "the return after a review")


def the_grant_shows_the_figure(page: Page, base: str, first: PerformanceReturn) -> None:
    page.goto(f"{base}/funding/grants/{first.grant_id}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(GRANT)
    table = page.locator("#returns table", has=page.get_by_role("link", name=period_of(first)))
    expect(table.locator("caption")).to_contain_text("Accepted")
    row = table.get_by_role("row", name=re.compile("^Referrals received"))
    expect(row).to_contain_text("4")
    expect(row).to_contain_text("2 short")
    chart = page.get_by_role("img", name="Referrals received in each period")
    expect(chart.locator("desc")).to_contain_text(": 4")
    assert_accessible(page, "the grant page with its first return accepted")


def test_a_new_grant_from_decision_to_publication_and_its_first_return(  # noqa: F811
    demo,  # noqa: F811
    live_server,
    browser: Browser,
    browser_context_args,
):
    base = live_server.url
    today = timezone.localdate()
    year = financial_year.year_of(today)
    # Two months ago, or the start of the financial year if that is later: the first period has begun.
    starts_on = max(financial_year.starts(year), return_schedule.add_months(today.replace(day=1), -2))
    codes = {
        email: issue_backup_codes(User.objects.get(email=email))
        for email in (CHIEF_EXECUTIVE, CHIEF_FINANCE_OFFICER, COMMISSIONER)
    }
    contexts: list[BrowserContext] = []
    try:
        # 1. Nadia adds the grant.
        officer = signed_in(browser, browser_context_args, base, GRANTS_OFFICER, contexts)
        committed_before, proposed_before = opens_the_fund(officer, base, year)
        adds_the_grant(officer, starts_on, committed_before, proposed_before)
        grant = Grant.objects.get(title=GRANT)
        assert grant.fund == Fund.objects.get(partnership__name=COUNTY, name=FUND, start_year=year)
        assert grant.starts_on == starts_on and grant.status == GrantStatus.PROPOSED

        # 2. She writes its decision report and sends it for sign-off.
        report = writes_the_report(officer)
        sends_it_for_sign_off(officer, report)

        # 3. Both officers approve; the commissioner agrees.
        cfo = signed_in(browser, browser_context_args, base, CHIEF_FINANCE_OFFICER, contexts)
        officer_approves(cfo, base, report, codes[CHIEF_FINANCE_OFFICER][0])
        ceo = signed_in(browser, browser_context_args, base, CHIEF_EXECUTIVE, contexts)
        officer_approves(ceo, base, report, codes[CHIEF_EXECUTIVE][0])
        commissioner = signed_in(browser, browser_context_args, base, COMMISSIONER, contexts)
        commissioner_agrees(commissioner, base, report, codes[COMMISSIONER][0])
        the_grant_is_approved_and_committed(officer, base, grant, committed_before)
        report.refresh_from_db()
        assert report.flow_state == State.AGREED

        # 4. Published with the staffing section redacted.
        decides_publication_with_a_redaction(officer, base, report)
        signs_off_the_redaction(ceo, base, report, codes[CHIEF_EXECUTIVE][1])
        report.refresh_from_db()
        assert report.flow_state == State.PUBLISHED
        public = browser.new_context(**browser_context_args)
        contexts.append(public)
        the_public_finds_it(public.new_page(), base, report)

        # 5. The agreement is signed, and the first return comes in and is accepted.
        first = records_the_agreement(officer, base, grant)
        assert first.period_start == starts_on
        recipient = signed_in(browser, browser_context_args, base, RECIPIENT_USER, contexts)
        recipient_submits_the_return(recipient, base, first)
        reviewer_accepts(officer, base, first, "It still needs the scrutineer to accept it", status="Submitted")
        scrutineer = signed_in(browser, browser_context_args, base, COORDINATOR_EMAIL, contexts)
        reviewer_accepts(scrutineer, base, first, f"Return for {period_of(first)} accepted", status="Accepted")
        assert PerformanceReturn.objects.get(pk=first.pk).status == ReturnStatus.ACCEPTED
        the_grant_shows_the_figure(recipient, base, first)
    finally:
        for context in contexts:
            context.close()
