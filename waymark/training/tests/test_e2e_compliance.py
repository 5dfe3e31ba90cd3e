"""End to end, in the real browser: compliance and awareness raising.

1. Tara, Testford Council's training lead, opens compliance from the training page: her council's
   frontline cohort is half trained (Cathy is, Una is not). She sees Una's name among the untrained,
   the table and the chart, and downloads the figures as a spreadsheet with a sheet of names. She
   records the course Una completed today and sees the cohort reach 100%.
2. Tobi, Brightway's training lead, opens the council's compliance: the counts, but no names.
3. Carol, the coordinator, goes round the awareness pages: the events with the people reached, a
   mistake on the add event form, the materials library and a material's page.

Users are signed in by handing the browser the session of a test client signed in with password and
two-factor. axe-core checks every page visited against WCAG 2.2 AA.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect

from waymark.cases.tests.test_e2e_pack import sign_in_browser
from waymark.core.tests.test_e2e_coordinator import assert_accessible
from waymark.training.models import Completion
from waymark.training.tests.factories import training_for_testford, with_training_leads

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FRONTLINE = "Frontline staff with regular public contact"


@pytest.fixture
def people(world, personas):
    return with_training_leads(world, personas)


@pytest.fixture
def training(world, personas, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    return training_for_testford(world, personas)


def frontline_row(page: Page):
    return page.locator("#compliance-table").get_by_role("row", name=re.compile(f"^{FRONTLINE}"))


def expect_frontline(page: Page, cells: list[str]) -> None:
    """In cohort, trained, expiring, untrained, share trained."""
    expect(frontline_row(page).locator("td").nth(1)).to_have_text(cells[0])
    expect(frontline_row(page).locator("td").nth(2)).to_have_text(cells[1])
    expect(frontline_row(page).locator("td").nth(3)).to_have_text(cells[2])
    expect(frontline_row(page).locator("td").nth(4)).to_have_text(cells[3])
    expect(frontline_row(page).locator("td").nth(5)).to_have_text(cells[4])


def open_council_compliance(page: Page, base: str) -> None:
    page.goto(f"{base}/training/")
    page.get_by_role("link", name="Compliance", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Compliance")
    assert_accessible(page, "the compliance overview")
    page.get_by_role("link", name="Testford Council").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Compliance: Testford Council")


def test_a_training_lead_closes_a_gap_and_sees_compliance_rise(
    live_server, page: Page, browser: Browser, world, training, people
):
    base = live_server.url
    sign_in_browser(page.context, base, people["council_training_lead"])

    # 1. The council's figures, with the names of the untrained for its own training lead.
    open_council_compliance(page, base)
    expect_frontline(page, ["2", "1", "0", "1", "50%"])
    chart = page.get_by_role("img", name="Share of each cohort trained: Testford Council")
    expect(chart).to_be_visible()
    expect(chart.locator("text", has_text="50%")).to_have_count(1)
    untrained = page.locator("table", has=page.get_by_text("Staff not trained to their cohort's level"))
    expect(untrained.get_by_role("row")).to_have_count(2)  # the header and Una
    expect(untrained).to_contain_text("Una Untrained")
    assert_accessible(page, "the council's compliance, as its training lead")

    # The spreadsheet: counts for each organisation, and the council's names.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the figures as a spreadsheet (XLSX)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("training-compliance-testford-anti-slavery-partnership-")
    workbook = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    assert workbook.sheetnames == ["Counts", "Names"]
    names = {row[0]: row[4] for row in workbook["Names"].iter_rows(min_row=2, values_only=True)}
    assert names == {"Una Untrained": "Untrained", "Cathy Caseworker": "Trained"}

    # 2. Una did the course today: Tara records it from the list of the untrained.
    page.get_by_role("link", name="Record training for Una Untrained").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record training completed")
    assert_accessible(page, "the record training page")
    page.get_by_label("Course").select_option(label="Spotting the signs")
    today = timezone.localdate()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Note (optional if you upload evidence)").fill("Attended the classroom course at Brightway.")
    page.get_by_role("button", name="Record the training").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Training recorded for Una Untrained")
    assert Completion.objects.filter(staff_member=training.council_staff).exists()

    # 3. Compliance has risen.
    open_council_compliance(page, base)
    expect_frontline(page, ["2", "2", "0", "0", "100%"])
    expect(page.get_by_role("heading", name="Untrained (0)")).to_be_visible()
    expect(page.get_by_text("Everyone in a cohort is trained to its level.")).to_be_visible()
    expect(
        page.get_by_role("img", name="Share of each cohort trained: Testford Council").locator("text", has_text="100%")
    ).to_have_count(1)
    assert_accessible(page, "the council's compliance after the training")

    # 4. Brightway's training lead sees the council's counts, but not who.
    other = browser.new_context()
    try:
        tobi = other.new_page()
        sign_in_browser(other, base, people["charity_training_lead"])
        open_council_compliance(tobi, base)
        expect_frontline(tobi, ["2", "2", "0", "0", "100%"])
        expect(
            tobi.get_by_text("Only Testford Council's own training lead sees who is untrained or expiring")
        ).to_be_visible()
        expect(tobi.get_by_text("Una Untrained")).to_have_count(0)
        expect(tobi.get_by_role("heading", name=re.compile("^Untrained"))).to_have_count(0)
        assert_accessible(tobi, "the council's compliance, as another organisation's training lead")
        tobi.get_by_role("link", name="Back to compliance").click()
        tobi.get_by_role("link", name="Whole partnership").click()
        expect(tobi.get_by_role("heading", level=1)).to_have_text("Compliance across the partnership")
        expect_frontline(tobi, ["3", "2", "0", "1", "66.7%"])
        assert_accessible(tobi, "the partnership's compliance")
    finally:
        other.close()


def test_the_awareness_pages_are_accessible(live_server, page: Page, world, training, people):
    base = live_server.url
    sign_in_browser(page.context, base, people["coordinator"])
    page.goto(f"{base}/training/")
    page.get_by_role("link", name="Awareness events").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Awareness events")
    expect(page.get_by_text("0 people reached at 1 event (1 event did not record how many).")).to_be_visible()
    assert_accessible(page, "the awareness events")

    page.get_by_role("link", name="Add an event").click()
    page.get_by_label("Title").fill("Nail bar owners' briefing")
    page.get_by_role("button", name="Add the event").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the kind of event")
    expect(page.get_by_label("Title")).to_have_value("Nail bar owners' briefing")
    assert_accessible(page, "the add event page with errors")
    page.get_by_role("group", name="What kind of event was it?").get_by_label("Seminar").check()
    page.get_by_label("Day").fill("12")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("People reached (optional)").fill("25")
    page.get_by_role("group", name="Organisations involved (optional)").get_by_label("Brightway").check()
    page.get_by_role("button", name="Add the event").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nail bar owners' briefing")
    assert_accessible(page, "an event's page")

    page.goto(f"{base}/training/")
    page.get_by_role("link", name="Awareness materials").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Awareness materials")
    assert_accessible(page, "the materials library")
    page.get_by_role("link", name="Spot the signs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Spot the signs")
    assert_accessible(page, "a material's page")
    page.get_by_role("link", name="Upload a new version").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Upload a new version")
    assert_accessible(page, "the new version page")
