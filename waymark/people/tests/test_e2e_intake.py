"""End to end, in the real browser: a caseworker reports a concern about a boy the partnership has
recorded before, and the confirmation page says so, without saying who.

Built on the demo's Kettleford partnership, as test_e2e_people.py: Harbourlight Trust recorded
"Muhammad Osman", born 5 November 2011; Northshire Police recorded "Mohamed Osman", the same day.
Marcus Bell (Kettleford Borough Council) reports "Mohammed Othman", born 11 May 2011.

1. Harbourlight has shared its case with the council: Marcus is told of one possible match he may
   check, and the link shows it.
2. Nothing is shared: Marcus is told only which organisations hold possible matches.

axe-core checks the confirmation page against WCAG 2.2 AA.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from waymark.accounts.models import User
from waymark.cases.models import Case, CaseShare, LawfulBasis
from waymark.cases.tests.test_e2e_report_concern import sign_in
from waymark.core.tests.test_e2e_coordinator import assert_accessible, demo  # noqa: F401
from waymark.partners.models import Organisation
from waymark.people import services
from waymark.people.models import MatchAlert
from waymark.people.tests.test_e2e_people import BEN, KETTLEFORD, LAURA, MARCUS, referral

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def two_records(demo):  # noqa: F811
    """The boy's two records, Harbourlight's and the police's."""
    harbourlight = referral(BEN, given_names="Muhammad", family_name="Osman", date_of_birth=date(2011, 11, 5))
    police = referral(LAURA, given_names="Mohamed", family_name="Osman", date_of_birth=date(2011, 11, 5))
    for case, email in ((harbourlight, BEN), (police, LAURA)):
        services.person_from_case_person(case.people.get(), User.objects.get(email=email))
    return harbourlight, police


def share_with_the_council(case: Case) -> None:
    CaseShare.objects.create(
        case=case,
        organisation=Organisation.objects.get(name="Kettleford Borough Council"),
        reason="The council is arranging his accommodation",
        lawful_basis=LawfulBasis.SAFEGUARDING,
        shared_by=User.objects.get(email=BEN),
    )


def report_mohammed(page: Page, base: str) -> Case:
    """Marcus reports a concern about Mohammed Othman and reaches the confirmation page."""
    sign_in(page, base, MARCUS)
    page.goto(f"{base}/concerns/new/")
    page.get_by_label(KETTLEFORD).check()
    page.get_by_role("button", name="Start now").click()
    page.get_by_role("group", name=re.compile("immediate danger")).get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("group", name="Is the potential victim under 18?").get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("England", exact=True).check()
    page.get_by_label("Town or local authority area").fill("Kettleford")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("Given names").fill("Mohammed")
    page.get_by_label("Family name").fill("Othman")
    page.get_by_label("Day").fill("11")
    page.get_by_label("Month").fill("5")
    page.get_by_label("Year").fill("2011")
    page.get_by_label("Male", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("group", name="Which signs have you seen?").get_by_label("Isolation").check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label(re.compile("^Forced to work")).check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("What happened?").fill("Found working in a car wash at night.")
    page.get_by_label("In the UK", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Save and continue").click()  # no exploiters named
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before you submit")
    page.get_by_role("button", name="Submit the concern").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Concern submitted")
    return Case.objects.latest("created_at")


def test_the_confirmation_tells_of_a_possible_match_and_links_to_it(two_records, live_server, page: Page):
    harbourlight, police = two_records
    share_with_the_council(harbourlight)

    case = report_mohammed(page, live_server.url)

    matches = page.locator(".govuk-inset-text")
    expect(matches).to_have_count(1)
    expect(matches).to_contain_text("We found 1 possible match for Mohammed Othman in the partnership.")
    main = page.locator("main")
    for secret in ("Muhammad", "Mohamed", "Osman", harbourlight.reference, police.reference):
        expect(main).not_to_contain_text(secret)
    assert_accessible(page, "the confirmation page with a possible match")

    matches.get_by_role("link", name="Check the possible matches for Mohammed Othman").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Possible matches for Mohammed Othman")
    expect(page.locator(".govuk-caption-l")).to_have_text(f"Case {case.reference}")
    card = page.locator(".govuk-summary-card", has_text="Muhammad Osman")
    expect(card.get_by_role("heading", level=3)).to_have_text("Muhammad Osman: 99% likely to be the same person")
    # The police's record was alerted to the coordinator when the concern was submitted.
    alert = MatchAlert.objects.get()
    assert alert.candidate == police.people.get().person and alert.person == case.people.get().person


def test_the_confirmation_names_only_who_holds_matches_it_may_not_show(two_records, live_server, page: Page):
    harbourlight, police = two_records

    report_mohammed(page, live_server.url)

    expect(page.locator(".govuk-inset-text")).to_have_text(
        "Possible matches for Mohammed Othman are held by Harbourlight Trust and Northshire Police. "
        "The partnership coordinator has been told."
    )
    expect(page.get_by_role("link", name=re.compile("Check the possible matches"))).to_have_count(0)
    main = page.locator("main")
    for secret in ("Muhammad", "Mohamed", "Osman", harbourlight.reference, police.reference):
        expect(main).not_to_contain_text(secret)
    assert_accessible(page, "the confirmation page with matches held elsewhere")
    assert MatchAlert.objects.count() == 2
