"""End to end, in the real browser: a grant's first performance return, from submission to acceptance.

Builds on Northshire's demo users (`seed_demo`); the fund, the grant and its schedule of returns are
made here. The commissioner's office has given Harbourlight Trust a grant for a survivor advocate,
reported quarterly on referrals received (target 6) and people supported (target 4); its agreement is
signed, so its returns are scheduled, and the first quarter's is overdue.

1. Chloe Adams (Harbourlight) finds the return in the list, makes a mistake in the figures, corrects
   it, attaches a case study and submits it.
2. Priya Shah, the coordinator and the grant's scrutineer, queries it (first forgetting to say why);
   Chloe is e-mailed.
3. Chloe corrects the figure and submits it again.
4. Priya accepts; the return still needs the commissioner's office. Nadia Rahman (grants officer)
   accepts, and it is accepted.
5. The grant's page shows the figures as a chart and in the period's table.

axe-core checks every page visited against WCAG 2.2 AA.
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from waymark.accounts.models import User
from waymark.cases.tests.test_e2e_report_concern import sign_in
from waymark.core.tests.test_e2e_coordinator import COORDINATOR_EMAIL, assert_accessible, demo  # noqa: F401
from waymark.funding import financial_year, return_schedule, services_returns
from waymark.funding.models import Fund, Grant, GrantMeasure, GrantStatus, PerformanceReturn, ReturnStatus
from waymark.partners.models import Organisation, Partnership

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COUNTY = "Northshire Anti-Slavery Partnership"
RECIPIENT = "harbourlight.caseworker@harbourlight.northshire.example"  # Chloe Adams
GRANTS_OFFICER = "grants.officer@opcc.northshire.example"  # Nadia Rahman
GRANT_TITLE = "Survivor advocate (returns journey)"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def make_grant() -> PerformanceReturn:
    """A grant to Harbourlight with its agreement signed, six months in: its first return is overdue."""
    county = Partnership.objects.get(name=COUNTY)
    today = timezone.localdate()
    starts_on = return_schedule.add_months(today.replace(day=1), -6)
    fund, _ = Fund.objects.get_or_create(
        partnership=county,
        name="Survivor Advocacy Fund",
        start_year=financial_year.year_of(starts_on),
        defaults={
            "owner": Organisation.objects.get(name="Office of the Northshire Police and Crime Commissioner"),
            "opening_budget": Decimal("40000.00"),
        },
    )
    grant = Grant.objects.create(
        fund=fund,
        recipient=Organisation.objects.get(name="Harbourlight Trust"),
        title=GRANT_TITLE,
        purpose="An advocate for survivors referred into the NRM in Northshire.",
        amount=Decimal("30000.00"),
        starts_on=starts_on,
        ends_on=return_schedule.add_months(starts_on, 12) - timedelta(days=1),
        status=GrantStatus.AGREEMENT_SIGNED,
        agreement_signed_on=starts_on,
        conditions="The standard funding agreement.",
        scrutineer=User.objects.get(email=COORDINATOR_EMAIL),
    )
    GrantMeasure.objects.create(grant=grant, name="Referrals received", target=6, position=1)
    GrantMeasure.objects.create(grant=grant, name="People supported", target=4, position=2)
    assert services_returns.ensure_schedule(grant) == 4
    return PerformanceReturn.objects.filter(grant=grant).earliest("period_start")


def signed_in_page(browser: Browser, browser_context_args: dict, base: str, email: str) -> tuple[BrowserContext, Page]:
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    sign_in(page, base, email)
    return context, page


def expect_success(page: Page, text: str) -> None:
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(text)


def period_of(performance_return: PerformanceReturn) -> str:
    start, end = performance_return.period_start, performance_return.period_end
    return f"{start.day} {start:%B %Y} to {end.day} {end:%B %Y}"


def recipient_submits_the_first_return(page: Page, base: str, first: PerformanceReturn, evidence) -> None:
    page.goto(f"{base}/funding/")
    page.get_by_role("link", name="Performance returns").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Performance returns")
    assert_accessible(page, "the list of returns")
    page.get_by_label("Grant").select_option(label=f"{GRANT_TITLE} (Harbourlight Trust)")
    page.get_by_label("Only overdue returns").check()
    page.get_by_role("button", name="Apply filter").click()
    row = page.locator("tbody tr", has_text=period_of(first))
    expect(row).to_contain_text("Overdue")
    assert_accessible(page, "the list of returns, filtered")
    row.get_by_role("link").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Return for {period_of(first)}")
    assert_accessible(page, "the return's page")
    page.get_by_role("link", name="Submit the return").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Submit the return")
    assert_accessible(page, "the submit a return page")

    # A mistake: a negative figure and one left out. Nothing typed is lost.
    page.get_by_label("Referrals received").fill("-5")
    page.get_by_label("What happened in the period").fill("Five referrals, three from the police.")
    page.get_by_role("button", name="Submit the return").click()
    expect(page).to_have_title(re.compile(r"^Error: Submit the return"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The number of referrals received must be 0 or more")
    expect(summary).to_contain_text("Enter the number of people supported, or 0 if there were none")
    expect(page.get_by_label("Referrals received")).to_have_value("-5")
    expect(page.get_by_label("What happened in the period")).to_have_value("Five referrals, three from the police.")
    assert_accessible(page, "the submit a return page with errors")

    page.get_by_label("Referrals received").fill("5")
    page.get_by_label("People supported").fill("2")
    page.get_by_label("Evidence (optional)").set_input_files(evidence)
    page.get_by_role("button", name="Submit the return").click()
    expect_success(page, f"Return for {period_of(first)} submitted for review")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Submitted")
    expect(page.get_by_role("link", name="Download case-study.pdf")).to_be_visible()
    assert_accessible(page, "the submitted return")


def scrutineer_queries_it(page: Page, base: str, first: PerformanceReturn) -> None:
    page.goto(base + reverse("funding:return-detail", args=[first.pk]))
    page.get_by_role("link", name="Review the return").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review the return")
    assert_accessible(page, "the review page")
    page.get_by_role("group", name="Do you accept the return?").get_by_label("No, query it").check()
    page.get_by_role("button", name="Save the review").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter what should be corrected or explained, to query the return"
    )
    assert_accessible(page, "the review page with an error")
    page.get_by_label("Comments").fill("Five referrals but only two supported: were the others offered support?")
    page.get_by_role("button", name="Save the review").click()
    expect_success(page, "queried: the recipient has been told")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Queried")


def recipient_corrects_and_resubmits(page: Page, base: str, first: PerformanceReturn) -> None:
    page.goto(base + reverse("funding:return-detail", args=[first.pk]))
    expect(page.locator("table", has_text="Each acceptance or query")).to_contain_text(
        "were the others offered support?"
    )
    page.get_by_role("link", name="Correct and submit again").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Correct and submit the return again")
    expect(page.locator(".govuk-inset-text")).to_contain_text("were the others offered support?")
    expect(page.get_by_label("Referrals received")).to_have_value("5")
    assert_accessible(page, "the resubmission page")
    page.get_by_label("People supported").fill("4")
    narrative = page.get_by_label("What happened in the period")
    narrative.fill(narrative.input_value() + " Two more were supported once their cases were allocated.")
    page.get_by_role("button", name="Submit the return again").click()
    expect_success(page, "submitted again for review")


def reviewer_accepts(page: Page, base: str, first: PerformanceReturn, banner: str) -> None:
    page.goto(base + reverse("funding:return-detail", args=[first.pk]))
    page.get_by_role("link", name="Review the return").click()
    page.get_by_role("group", name="Do you accept the return?").get_by_label("Yes, accept it").check()
    page.get_by_role("button", name="Save the review").click()
    expect_success(page, banner)
    assert_accessible(page, "the return after a review")


def grant_page_shows_the_figures(page: Page, base: str, first: PerformanceReturn) -> None:
    page.goto(base + reverse("funding:grant-detail", args=[first.grant_id]))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    chart = page.get_by_role("img", name="Referrals received in each period")
    expect(chart).to_be_visible()
    expect(chart.locator("desc")).to_contain_text(": 5;")
    expect(page.get_by_role("img", name="People supported in each period").locator("desc")).to_contain_text(": 4;")
    table = page.locator("table", has=page.get_by_role("link", name=period_of(first)))
    expect(table).to_contain_text("Accepted")
    expect(table.get_by_role("row", name=re.compile("^Referrals received"))).to_contain_text("5")
    expect(table.get_by_role("row", name=re.compile("^People supported"))).to_contain_text("Met")
    assert_accessible(page, "the grant page with its returns")


def test_a_first_return_is_submitted_queried_resubmitted_and_accepted(  # noqa: F811
    demo,  # noqa: F811
    live_server,
    browser: Browser,
    browser_context_args,
    tmp_path,
    settings,
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    evidence = tmp_path / "case-study.pdf"
    evidence.write_bytes(PDF)
    base = live_server.url
    first = make_grant()
    mail.outbox.clear()
    contexts: list[BrowserContext] = []
    try:
        context, recipient = signed_in_page(browser, browser_context_args, base, RECIPIENT)
        contexts.append(context)
        recipient_submits_the_first_return(recipient, base, first, evidence)

        context, scrutineer = signed_in_page(browser, browser_context_args, base, COORDINATOR_EMAIL)
        contexts.append(context)
        scrutineer_queries_it(scrutineer, base, first)
        [email] = [m for m in mail.outbox if "queried" in m.subject]
        assert email.to == [RECIPIENT]
        assert "were the others offered support?" in email.body

        recipient_corrects_and_resubmits(recipient, base, first)
        reviewer_accepts(scrutineer, base, first, "It still needs the commissioner's office to accept it")
        assert PerformanceReturn.objects.get(pk=first.pk).status == ReturnStatus.SUBMITTED

        context, office = signed_in_page(browser, browser_context_args, base, GRANTS_OFFICER)
        contexts.append(context)
        reviewer_accepts(office, base, first, f"Return for {period_of(first)} accepted")
        assert PerformanceReturn.objects.get(pk=first.pk).status == ReturnStatus.ACCEPTED

        grant_page_shows_the_figures(recipient, base, first)
    finally:
        for context in contexts:
            context.close()
