"""End to end, in the real browser: a caseworker corrects a boy's person record from its page.

Built on the demo's Kettleford partnership. Marcus Bell (Kettleford Borough Council) referred
"Mohammed Othman", born 11 May 2011. The boy's family name is in fact Osman, and nobody knows his
date of birth: a social worker estimated his age. Marcus changes the name and the date of birth from
the "Change" links on the person's page (the date of birth's answers reveal their own boxes), makes a
mistake on the way, and sees the record as corrected.

axe-core checks every page visited against WCAG 2.2 AA.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from waymark.accounts.models import User
from waymark.core.tests.test_e2e_coordinator import assert_accessible, demo  # noqa: F401
from waymark.people import services
from waymark.people.models import Person
from waymark.people.normalise import BirthDateKind
from waymark.people.tests.test_e2e_people import MARCUS, expect_success, new_page, referral

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def mohammed(demo):  # noqa: F811
    from datetime import date

    case = referral(MARCUS, given_names="Mohammed", family_name="Othman", date_of_birth=date(2011, 5, 11))
    return services.person_from_case_person(case.people.get(), User.objects.get(email=MARCUS))


def test_a_caseworker_changes_a_name_and_a_date_of_birth(mohammed, live_server, browser: Browser, browser_context_args):
    base = live_server.url
    page = new_page(browser, browser_context_args, base, MARCUS)
    page.goto(f"{base}/people/{mohammed.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mohammed Othman")
    assert_accessible(page, "the person record with its Change links")

    # The name.
    page.get_by_role("link", name="Change name", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change their names")
    assert_accessible(page, "the names page")
    name_in_use = page.get_by_role("group", name="The name they use")
    name_in_use.get_by_label("Family name").fill("Osman")
    another = page.get_by_role("group", name="Add another name (optional)")
    another.get_by_label("Given names").fill("Mo")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Mohammed Osman")
    expect_success(page, "Names saved")
    expect(page.locator("main")).to_contain_text("Mo")
    assert_accessible(page, "the person record after changing the name")

    # The date of birth: an age estimated on a date, with a mistake first.
    page.get_by_role("link", name="Change date of birth", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change their date of birth")
    expect(page.get_by_label("Year of birth")).to_be_hidden()
    assert_accessible(page, "the date of birth page")
    page.get_by_label("Their age, estimated on a date").check()
    expect(page.get_by_label("Estimated age")).to_be_visible()
    expect(page.get_by_role("group", name="Date of birth", exact=True)).to_be_hidden()
    page.get_by_label("Estimated age").fill("14")
    page.get_by_role("button", name="Save").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the date their age was estimated")
    expect(page).to_have_title("Error: Change their date of birth – Waymark")
    expect(page.get_by_label("Estimated age")).to_have_value("14")
    assert_accessible(page, "the date of birth page with an error")
    estimated_on = page.get_by_role("group", name="Date the age was estimated")
    estimated_on.get_by_label("Day").fill("1")
    estimated_on.get_by_label("Month").fill("6")
    estimated_on.get_by_label("Year").fill("2025")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Mohammed Osman")
    expect_success(page, "Date of birth saved")
    expect(page.locator("main")).to_contain_text("Not known: thought to be about 14 on 1 June 2025")
    assert_accessible(page, "the person record after changing the date of birth")

    # The other change pages pass axe too.
    for part, heading in (
        ("gender", "Change their gender"),
        ("nationality", "Change their nationalities and languages"),
        ("identifiers", "Change their identifiers"),
        ("addresses", "Change their addresses"),
    ):
        page.get_by_role("link", name=f"Change {part}", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page, f"the {part} page")
        page.get_by_role("link", name="Cancel").click()
    page.context.close()

    person = Person.objects.get(pk=mohammed.pk)
    assert person.birth_date_kind == BirthDateKind.ESTIMATED and person.date_of_birth is None
    assert str(person) == "Mohammed Osman"


def test_changing_a_date_of_birth_works_without_javascript(
    mohammed, live_server, browser: Browser, browser_context_args
):
    from waymark.cases.tests.test_e2e_report_concern import sign_in

    base = live_server.url
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, base, MARCUS)
        page.goto(f"{base}/people/{mohammed.pk}/")
        page.get_by_role("link", name="Change date of birth", exact=True).click()
        # Every answer's boxes are shown; only the chosen answer's are read.
        page.get_by_label("The year only").check()
        page.get_by_label("Year of birth").fill("2011")
        page.get_by_role("button", name="Save").click()
        expect(page.locator("main")).to_contain_text("2011 (the year only)")
    finally:
        context.close()
    assert Person.objects.get(pk=mohammed.pk).birth_date_kind == BirthDateKind.YEAR
