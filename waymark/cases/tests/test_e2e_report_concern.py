"""End to end, in the real browser: a practitioner reports a concern about a child, page by page,
makes a mistake on the way, and gets a case with tasks for children's social care and the NRM.
axe-core checks every page against WCAG 2.2 AA; a second run works with JavaScript turned off."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from waymark.cases.models import Case
from waymark.core.tests.test_e2e_coordinator import DEMO_PASSWORD, assert_accessible, current_code, demo  # noqa: F401

PRACTITIONER = "kettleford.caseworker@kettleford.northshire.example"
KETTLEFORD = "Kettleford Anti-Slavery Partnership"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/sign-in/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Code", exact=True).fill(current_code(email))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Hello, "))


def save_and_continue(page: Page, where: str, *, check: bool) -> None:
    if check:
        assert_accessible(page, where)
    page.get_by_role("button", name="Save and continue").click()


def report_a_childs_concern(page: Page, base: str, *, check: bool) -> None:
    page.locator(".govuk-service-navigation").get_by_role("link", name="Report a concern").click()
    if check:
        assert_accessible(page, "the drafts page")
    page.get_by_role("link", name="Report a new concern").click()
    if check:
        assert_accessible(page, "the start page")
    page.get_by_label(KETTLEFORD).check()
    page.get_by_role("button", name="Start now").click()

    page.get_by_role("group", name=re.compile("immediate danger")).get_by_label("No", exact=True).check()
    save_and_continue(page, "the danger question", check=check)
    # A mistake: no answer. The error summary explains, the page keeps its place.
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select yes if the potential victim is under 18")
    expect(page).to_have_title(re.compile(r"^Error: "))
    if check:
        assert_accessible(page, "the age question with an error")
    page.get_by_role("group", name="Is the potential victim under 18?").get_by_label("Yes", exact=True).check()
    save_and_continue(page, "the age question", check=check)

    page.get_by_label("England", exact=True).check()
    page.get_by_label("Town or local authority area").fill("Kettleford")
    save_and_continue(page, "the where question", check=check)

    page.get_by_label("Given names").fill("Ana")
    page.get_by_label("Family name").fill("Example")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2011")
    page.get_by_label("Female", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Date of birth must be a real date")
    expect(page.get_by_label("Given names")).to_have_value("Ana")  # nothing typed is lost
    if check:
        assert_accessible(page, "the person question with an error")
    page.get_by_label("Day").fill("28")
    save_and_continue(page, "the person question", check=check)

    page.get_by_role("group", name="Which signs have you seen?").get_by_label("Isolation").check()
    page.get_by_label("Deception", exact=True).check()
    save_and_continue(page, "the indicators question", check=check)
    page.get_by_label(re.compile("^Forced to commit a crime")).check()
    save_and_continue(page, "the exploitation question", check=check)
    page.get_by_label("What happened?").fill("Found alone at a cannabis farm, frightened, no documents.")
    page.get_by_label("In the UK", exact=True).check()
    page.get_by_label("Towns or countries (optional)").fill("Kettleford")
    save_and_continue(page, "the what-happened question", check=check)
    save_and_continue(page, "the exploiters question", check=check)

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before you submit")
    expect(page.locator(".govuk-summary-list")).to_contain_text("28 February 2011")
    if check:
        assert_accessible(page, "check your answers")
    page.get_by_role("button", name="Submit the concern").click()

    expect(page.locator(".govuk-panel__title")).to_have_text("Concern submitted")
    case = Case.objects.latest("created_at")  # the demo data has cases of its own
    expect(page.locator(".govuk-panel__body")).to_contain_text(case.reference)
    nrm = case.tasks.get(code="nrm_referral")
    steps = page.locator("ol.govuk-list--number > li")
    expect(steps.nth(0)).to_contain_text("Refer to children's social care")
    expect(steps.nth(0)).to_contain_text("now")
    expect(steps.nth(1)).to_contain_text("Make the National Referral Mechanism referral")
    expect(steps.nth(1)).to_contain_text(nrm.due_date.strftime("%-d %B %Y"))
    if check:
        assert_accessible(page, "the confirmation page")
    page.get_by_role("link", name="Go to the case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Case {case.reference}")
    tasks = page.locator("table", has=page.locator("caption", has_text="Tasks"))
    expect(tasks).to_contain_text("Refer to children's social care")
    expect(tasks).to_contain_text(nrm.due_date.strftime("%-d %B %Y"))
    if check:
        assert_accessible(page, "the case page")


def test_a_practitioner_reports_a_concern_about_a_child(demo, live_server, page: Page):  # noqa: F811
    sign_in(page, live_server.url, PRACTITIONER)
    report_a_childs_concern(page, live_server.url, check=True)


def test_reporting_works_without_javascript(demo, live_server, browser, browser_context_args):  # noqa: F811
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, live_server.url, PRACTITIONER)
        report_a_childs_concern(page, live_server.url, check=False)
    finally:
        context.close()
