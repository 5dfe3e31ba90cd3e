"""End to end, in the real browser: Kettleford's coordinator imports a small file of people kept
before Waymark, sees that one of them is likely a boy already recorded (and why), and that two rows
are likely one woman; imports them; and reviews the match from the review queue.

Built on the demo's Kettleford partnership, where Harbourlight Trust has recorded "Muhammad Osman",
born 5 November 2011. The file, from Kettleford Borough Council's old spreadsheet, has him as
"Mohammed Othman", born 11/05/2011 (day and month swapped), Ana Popescu twice (the second time as
"Anna Popesku"), and a row with a date that does not exist.

axe-core checks every page visited against WCAG 2.2 AA.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from waymark.accounts.models import User
from waymark.core.tests.test_e2e_coordinator import assert_accessible, demo  # noqa: F401
from waymark.people import services
from waymark.people.models import AlertSource, AlertStatus, MatchAlert, Person
from waymark.people.tests.test_e2e_people import KETTLEFORD, TOM, new_page, referral

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BEN = "harbourlight.manager@harbourlight.northshire.example"
FILE = b"""id,full_name,date_of_birth,gender,nationality,postcode
K1,Mohammed Othman,11/05/2011,M,Sudanese,
K2,Ana Popescu,14/03/2001,F,Romanian,LS11 5AA
K3,Anna Popesku,2001-03-14,F,Romanian,ls115aa
K4,Elena Dumitru,31/02/1999,F,Romanian,
"""


@pytest.fixture
def osman(demo):  # noqa: F811
    from datetime import date

    case = referral(BEN, given_names="Muhammad", family_name="Osman", date_of_birth=date(2011, 11, 5))
    return services.person_from_case_person(case.people.get(), User.objects.get(email=BEN))


def test_a_coordinator_imports_people_sees_the_match_and_reviews_it(
    osman, live_server, browser: Browser, browser_context_args
):
    base = live_server.url
    page: Page = new_page(browser, browser_context_args, base, TOM)

    page.locator(".govuk-service-navigation").get_by_role("link", name="People", exact=True).click()
    page.get_by_role("link", name="Import people from a file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import people")
    assert_accessible(page, "the upload page")

    page.get_by_role("button", name="Check the file").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select the organisation that recorded these people")
    expect(summary).to_contain_text("Select a file")
    expect(page).to_have_title(re.compile(r"^Error: Import people"))
    assert_accessible(page, "the upload page with errors")

    page.get_by_label("Which organisation recorded these people?").select_option(label="Kettleford Borough Council")
    page.get_by_label("Upload the file").set_input_files(
        files=[{"name": "old-referrals.csv", "mimeType": "text/csv", "buffer": FILE}]
    )
    page.get_by_role("button", name="Check the file").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check the people to import")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Row 5: the date of birth '31/02/1999' is not a real date"
    )
    assert_accessible(page, "the preview")
    othman = page.locator(".govuk-summary-card", has_text="Row 2: Mohammed Othman")
    expect(othman).to_contain_text(
        re.compile(r"Muhammad Osman, recorded by Harbourlight Trust: \d+% likely to be the same person")
    )
    expect(othman).to_contain_text("Likely match")
    expect(othman).to_contain_text("Date of birth: the same, with the day and month swapped")
    popescu = page.locator(".govuk-summary-card", has_text="Row 3: Ana Popescu")
    expect(popescu).to_contain_text("In this file: 1 other row that may be the same person")
    expect(popescu).to_contain_text(re.compile(r"Row 4, Anna Popesku: \d+% likely to be the same person"))
    assert Person.objects.filter(partnership__name=KETTLEFORD, names__family_name="Othman").count() == 0

    page.get_by_role("button", name="Import 3 people").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("3 people imported")
    expect(page.locator("main")).to_contain_text("2 possible matches")
    expect(page.locator("main")).to_contain_text("Row 5: the date of birth '31/02/1999' is not a real date")
    assert_accessible(page, "the result page")

    page.get_by_role("link", name="Review the possible duplicates").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Possible duplicates")
    assert_accessible(page, "the review queue")
    page.get_by_role("link", name="Mohammed Othman and Muhammad Osman").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Are they the same person?")
    expect(page.locator("main")).to_contain_text("Found when people were imported")
    assert_accessible(page, "the two records side by side")
    page.get_by_label("Record 2: Muhammad Osman, recorded by Harbourlight Trust").check()
    page.get_by_label("Why did you decide this?").fill(
        "The same boy: the council's old list spelt his name differently."
    )
    page.get_by_role("button", name="Merge", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Muhammad Osman")
    expect(page.locator("main")).to_contain_text("Mohammed Othman")  # now an alias
    assert_accessible(page, "the merged record")
    page.context.close()

    imported = MatchAlert.objects.filter(source=AlertSource.IMPORT)
    assert imported.count() == 2
    assert imported.get(candidate=osman).status == AlertStatus.MERGED
    assert imported.exclude(candidate=osman).get().status == AlertStatus.OPEN  # Ana, for another day
