"""End to end, in the real browser: a caseworker checks a boy on her case against the people already
recorded in the partnership, sees who he matches and why, and links him; the coordinator then
merges two records from the review queue.

Built on the demo's Kettleford partnership. Three referrals about one Sudanese boy, each written
down differently:

- Harbourlight Trust referred "Muhammad Osman", born 5 November 2011, and shared the case with
  Kettleford Borough Council: his person record is already there.
- Northshire Police referred "Mohamed Osman", born 5 November 2011: the council cannot see that case.
- Marcus Bell (Kettleford Borough Council) referred "Mohammed Othman", born 11 May 2011 (day and
  month swapped).

1. Marcus opens his case, clicks "Check for matches", sees Harbourlight's record with its score and
   what agrees and differs, and only "held by Northshire Police: ask them" for the police's. He links
   the boy to Harbourlight's record.
2. Tom Brennan, Kettleford's coordinator, finds the police's record in "Possible duplicates" (the
   alert raised because Marcus could not see it), compares the two side by side, makes a mistake,
   then merges them.

axe-core checks every page visited against WCAG 2.2 AA.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Browser, Page, expect

from waymark.accounts.models import User
from waymark.cases import services as case_services
from waymark.cases.models import Case, CasePerson, CaseShare, LawfulBasis
from waymark.cases.tests.test_e2e_report_concern import sign_in
from waymark.core.tests.test_e2e_coordinator import assert_accessible, demo  # noqa: F401
from waymark.partners.models import Organisation, Partnership
from waymark.pathways import Facts
from waymark.people import services
from waymark.people.models import AlertStatus, MatchAlert

KETTLEFORD = "Kettleford Anti-Slavery Partnership"
MARCUS = "kettleford.caseworker@kettleford.northshire.example"  # Kettleford Borough Council
BEN = "harbourlight.manager@harbourlight.northshire.example"  # Harbourlight Trust, a charity
LAURA = "spoc@police.northshire.example"  # Northshire Police
TOM = "kettleford.coordinator@kettleford.northshire.example"  # Kettleford's coordinator

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def referral(email: str, **person) -> Case:
    by = User.objects.get(email=email)
    partnership = Partnership.objects.get(name=KETTLEFORD)
    facts = Facts.from_json(
        {
            "nation": "england",
            "age_group": "child",
            "immediate_danger": False,
            **case_services.referrer_facts(by.organisation, partnership),
        }
    )
    case, _ = case_services.open_case(
        partnership=partnership,
        facts=facts,
        by=by,
        case_fields={"what_happened": "Found working in a car wash at night.", "locations": ["Kettleford"]},
        people=[{"role": "potential_victim", "gender": "male", "nationalities": ["Sudanese"], **person}],
    )
    return case


@pytest.fixture
def three_referrals(demo):  # noqa: F811
    council = Organisation.objects.get(name="Kettleford Borough Council")
    harbourlight = referral(BEN, given_names="Muhammad", family_name="Osman", date_of_birth=date(2011, 11, 5))
    CaseShare.objects.create(
        case=harbourlight,
        organisation=council,
        reason="The council is arranging his accommodation",
        lawful_basis=LawfulBasis.SAFEGUARDING,
        shared_by=User.objects.get(email=BEN),
    )
    police = referral(LAURA, given_names="Mohamed", family_name="Osman", date_of_birth=date(2011, 11, 5))
    for case, email in ((harbourlight, BEN), (police, LAURA)):
        services.person_from_case_person(case.people.get(), User.objects.get(email=email))
    marcus = referral(MARCUS, given_names="Mohammed", family_name="Othman", date_of_birth=date(2011, 5, 11))
    return harbourlight, police, marcus


def new_page(browser: Browser, browser_context_args: dict, base: str, email: str) -> Page:
    page = browser.new_context(**browser_context_args).new_page()
    sign_in(page, base, email)
    return page


def expect_success(page: Page, text: str | re.Pattern[str]) -> None:
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner.locator(".govuk-notification-banner__heading")).to_have_text(text)


def test_a_caseworker_links_a_match_and_the_coordinator_merges(
    three_referrals, live_server, browser: Browser, browser_context_args
):
    harbourlight, police, marcus_case = three_referrals
    base = live_server.url

    # 1. Marcus checks the boy on his case.
    page = new_page(browser, browser_context_args, base, MARCUS)
    page.goto(f"{base}/cases/{marcus_case.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Case {marcus_case.reference}")
    assert_accessible(page, "Marcus's case")
    page.get_by_role("link", name="Check for matches for Mohammed Othman").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Possible matches for Mohammed Othman")
    assert_accessible(page, "the possible matches")
    card = page.locator(".govuk-summary-card", has_text="Muhammad Osman")
    expect(card.get_by_role("heading", level=3)).to_have_text("Muhammad Osman: 99% likely to be the same person")
    expect(card).to_contain_text("Family name: the same name spelt differently")
    expect(card).to_contain_text("Date of birth: the same, with the day and month swapped")
    expect(card).to_contain_text(harbourlight.reference)
    held = page.locator(".govuk-inset-text")
    expect(held).to_have_text(re.compile(r"^A possible match is held by Northshire Police: ask them\."))
    main = page.locator("main")
    expect(main).not_to_contain_text("Mohamed Osman")
    expect(main).not_to_contain_text(police.reference)

    card.get_by_role("button", name=re.compile(r"^Same person: link to this record")).click()
    expect(page).to_have_url(f"{base}/cases/{marcus_case.pk}/#people")
    expect_success(page, "Linked: they are the same person as the record you chose")
    expect(page.locator("#people + ul")).to_contain_text("Same person as Muhammad Osman")
    assert_accessible(page, "Marcus's case after linking")
    page.get_by_role("link", name="Muhammad Osman (person record)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Muhammad Osman")
    expect(page.locator("main")).to_contain_text("Mohammed Othman")  # the spelling on his case, as an alias
    assert_accessible(page, "the person record")
    linked = CasePerson.objects.get(case=marcus_case)
    assert linked.person == harbourlight.people.get().person
    page.context.close()

    # 2. Tom reviews the possible duplicate the police's record raised, and merges.
    page = new_page(browser, browser_context_args, base, TOM)
    page.locator(".govuk-service-navigation").get_by_role("link", name="People", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Possible duplicates")
    assert_accessible(page, "the review queue")
    page.get_by_role("link", name="Muhammad Osman and Mohamed Osman").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Are they the same person?")
    expect(page.locator("main")).to_contain_text("Date of birth: the same")
    assert_accessible(page, "the two records side by side")
    page.get_by_role("button", name="Merge", exact=True).click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select which record should stay")
    expect(summary).to_contain_text("Enter why you decided this")
    expect(page).to_have_title(re.compile(r"^Error: Are they the same person\?"))
    assert_accessible(page, "the decision with errors")

    page.get_by_label("Record 1: Muhammad Osman, recorded by Harbourlight Trust").check()
    page.get_by_label("Why did you decide this?").fill("Same boy: the police found him at the same car wash.")
    page.get_by_role("button", name="Merge", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Muhammad Osman")
    expect_success(page, re.compile(r"^Records merged: record \d+ is now part of this record$"))
    expect(page.locator("main")).to_contain_text(police.reference)
    assert_accessible(page, "the merged record")
    page.get_by_role("link", name=re.compile(r"^Undo this merge")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Undo the merge")
    assert_accessible(page, "the undo page")
    page.context.close()

    survivor = harbourlight.people.get().person
    assert {p.person_id for p in CasePerson.objects.filter(case__in=[harbourlight, police, marcus_case])} == {
        survivor.pk
    }
    assert police.people.get().person.merged_from.count() == 2  # Marcus's record and the police's
    assert MatchAlert.objects.get().status == AlertStatus.MERGED


def test_linking_and_merging_work_without_javascript(
    three_referrals, live_server, browser: Browser, browser_context_args
):
    harbourlight, police, marcus_case = three_referrals
    base = live_server.url
    for email in (MARCUS, TOM):
        context = browser.new_context(**browser_context_args, java_script_enabled=False)
        try:
            page = context.new_page()
            sign_in(page, base, email)
            assert "js-enabled" not in (page.locator("body").get_attribute("class") or "")
            if email == MARCUS:
                page.goto(f"{base}/cases/{marcus_case.pk}/")
                page.get_by_role("link", name="Check for matches for Mohammed Othman").click()
                card = page.locator(".govuk-summary-card", has_text="Muhammad Osman")
                card.get_by_role("button", name=re.compile(r"^Same person: link to this record")).click()
                expect_success(page, "Linked: they are the same person as the record you chose")
            else:
                page.goto(f"{base}/people/review/")
                page.get_by_role("link", name="Muhammad Osman and Mohamed Osman").click()
                page.get_by_label("Record 2: Mohamed Osman, recorded by Northshire Police").check()
                page.get_by_label("Why did you decide this?").fill("Same boy.")
                page.get_by_role("button", name="Merge", exact=True).click()
                expect(page.get_by_role("heading", level=1)).to_have_text("Mohamed Osman")
        finally:
            context.close()
    assert {p.person_id for p in CasePerson.objects.filter(case__in=[harbourlight, police, marcus_case])} == {
        police.people.get().person_id
    }
