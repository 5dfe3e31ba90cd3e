"""End to end, in the real browser: Tara, Testford Council's training lead, imports her staff from a
CSV file (one bad row: she sees the error, fixes the file and imports it again), places two of them
in a cohort at once with the cohort tool, and sees them in the register. She sees that none of the
cohort is trained, books both on her council's identification and referral session, records the
register after it, and sees the cohort's compliance rise to 100% (issue 7's journey). Carol, the coordinator,
looks after the levels and cohorts and asks the cohort tool on its own. Every page they see, error
states included, is checked with axe-core against WCAG 2.2 AA (see
waymark/core/tests/test_e2e_coordinator.py for the set-up)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from waymark.accounts.tests.test_sign_in import current_code
from waymark.core.tests.test_e2e_coordinator import assert_accessible, expect_success_banner
from waymark.training.models import CourseSession, StaffMember, TrainingLevel
from waymark.training.tests.factories import council_training_lead, levels_and_cohorts, make_course, make_session

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADER = "Payroll number,Forename,Surname,Job title,Department,Start date\n"
GOOD_ROWS = (
    "P100,Ola,Okafor,Receptionist,Customer services,1/4/2025\nP101,Raj,Rao,Receptionist,Customer services,2/6/2025\n"
)
BAD_ROW = "P102,Sam,Singh,Housing Officer,Housing,31/13/2025\n"
FIXED_ROW = "P102,Sam,Singh,Housing Officer,Housing,31/12/2025\n"
FRONTLINE = "Frontline staff with regular public contact"


def sign_in(page: Page, base_url: str, user) -> None:
    page.goto(f"{base_url}/sign-in/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/sign-in/code/"))
    page.get_by_label("Code", exact=True).fill(current_code(user.totpdevice_set.get()))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {user.full_name.split()[0]}")


def upload(page: Page, path) -> None:
    page.get_by_label("Upload the staff list").set_input_files(str(path))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the import")


def answer(page: Page, question: str, choice: str) -> None:
    page.get_by_role("group", name=question).get_by_label(choice, exact=True).check()


def test_a_training_lead_imports_staff_and_places_them_in_a_cohort(world, personas, live_server, page: Page, tmp_path):
    base = live_server.url
    levels_and_cohorts(world.testford)
    tara = council_training_lead(world)
    sign_in(page, base, tara)

    page.goto(f"{base}/training/")
    page.get_by_role("link", name="Staff register").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff register")
    expect(page.get_by_text("Nobody is on the register yet")).to_be_visible()
    assert_accessible(page, "the empty register")

    # The first file has a date that does not exist: nothing is imported.
    page.get_by_role("link", name="Import a staff list").click()
    assert_accessible(page, "the import page")
    bad = tmp_path / "staff.csv"
    bad.write_text(HEADER + GOOD_ROWS + BAD_ROW, encoding="utf-8")
    upload(page, bad)
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name="Row 4: enter a start date like 31 3 2025")).to_be_visible()
    expect(page.get_by_role("button", name="Import the staff list")).to_have_count(0)
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page, "the preview with an error")
    assert not StaffMember.objects.exists()

    # Fixed, and uploaded again.
    page.get_by_role("link", name="Upload the file again").click()
    fixed = tmp_path / "staff-fixed.csv"
    fixed.write_text(HEADER + GOOD_ROWS + FIXED_ROW, encoding="utf-8")
    upload(page, fixed)
    expect(page.get_by_text("3 people in staff-fixed.csv: 3 new, 0 will be updated, 0 with no change")).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    assert_accessible(page, "the preview")
    page.get_by_role("button", name="Import the staff list").click()
    expect_success_banner(page, "Imported from staff-fixed.csv: 3 people added, 0 updated")
    register = page.locator("table").first
    for name in ("Ola Okafor", "Raj Rao", "Sam Singh"):
        expect(register.get_by_role("link", name=name)).to_be_visible()
    expect(register.get_by_text("Not placed")).to_have_count(3)
    assert_accessible(page, "the register after the import")

    # The two receptionists placed at once.
    page.get_by_label("Select Ola Okafor").check()
    page.get_by_label("Select Raj Rao").check()
    page.get_by_role("button", name="Place the selected people in a cohort").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Which cohort?")
    expect(page.get_by_text("2 people selected")).to_be_visible()
    page.get_by_role("button", name="Suggest a cohort").click()
    expect(page.locator(".govuk-error-summary").get_by_role("link", name="Select the kind of role")).to_be_visible()
    assert_accessible(page, "the questionnaire with errors")
    answer(page, "What kind of role is it?", "Administrative, technical or support role")
    answer(page, "How often does the role meet the public?", "It is the main part of the job")
    answer(page, "Does the role hold safeguarding responsibilities?", "No")
    answer(page, "Does the role have first responder duties?", "No")
    answer(page, "Is the person an elected member?", "No")
    assert_accessible(page, "the questionnaire")
    page.get_by_role("button", name="Suggest a cohort").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check who goes where")
    expect(page.get_by_text("Meets the public as the main part of the job: needs level 2")).to_be_visible()
    where = page.get_by_role("table", name="Who goes where")
    expect(where.get_by_role("row")).to_have_count(3)
    expect(where.get_by_role("row", name=re.compile("Ola Okafor"))).to_contain_text(FRONTLINE)
    assert_accessible(page, "who goes where")
    page.get_by_role("button", name=f"Place 2 people in {FRONTLINE}").click()

    expect_success_banner(page, f"2 people placed in {FRONTLINE}")
    register = page.locator("table").first
    expect(register.get_by_role("row", name=re.compile("Ola Okafor"))).to_contain_text(FRONTLINE)
    expect(register.get_by_role("row", name=re.compile("Raj Rao"))).to_contain_text(FRONTLINE)
    expect(register.get_by_role("row", name=re.compile("Sam Singh"))).to_contain_text("Not placed")
    assert_accessible(page, "the register after placing")

    page.get_by_role("link", name="Ola Okafor").click()
    expect(page.get_by_text("Meets the public as the main part of the job: needs level 2")).to_be_visible()
    assert_accessible(page, "a person on the register")
    assert set(StaffMember.objects.filter(cohort__isnull=False).values_list("full_name", flat=True)) == {
        "Ola Okafor",
        "Raj Rao",
    }

    # Nobody in the cohort is trained yet.
    levels = {level.number: level for level in TrainingLevel.objects.filter(partnership=world.testford)}
    course = make_course(world.testford, [levels[2]], title="Spotting the signs", provider=world.council)
    session = make_session(course, days_from_now=7, capacity=10, trainer_organisation=world.council)
    frontline_share = compliance_of_the_frontline(page, base)
    expect(frontline_share).to_have_text("0%")

    # Both booked on the council's session.
    page.goto(f"{base}/training/sessions/{session.pk}/")
    page.get_by_role("link", name="Book staff").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Book staff on the session")
    assert_accessible(page, "the booking page")
    for name in ("Ola Okafor", "Raj Rao"):
        page.get_by_label(re.compile(rf"^{name} \(")).check()
    page.get_by_role("button", name="Book", exact=True).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Booked: Ola Okafor, Raj Rao")

    # The session takes place (its date moved into the past), and Tara records the register.
    CourseSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(hours=4), ends_at=timezone.now() - timedelta(hours=1)
    )
    page.goto(f"{base}/training/sessions/{session.pk}/")
    page.get_by_role("link", name="Record attendance").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record attendance")
    assert_accessible(page, "the register")
    for name in ("Ola Okafor", "Raj Rao"):
        page.get_by_role("group", name=name).get_by_label("Attended", exact=True).check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("2 completions recorded")

    # Compliance has risen.
    expect(compliance_of_the_frontline(page, base)).to_have_text("100%")


def compliance_of_the_frontline(page: Page, base: str):
    """The share of the frontline cohort trained, on Testford Council's compliance page."""
    page.goto(f"{base}/training/")
    page.get_by_role("link", name="Compliance", exact=True).click()
    page.get_by_role("link", name="Testford Council").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Compliance: Testford Council")
    assert_accessible(page, "the council's compliance")
    row = page.locator("#compliance-table").get_by_role("row", name=re.compile(f"^{FRONTLINE}"))
    return row.locator("td").nth(5)


def test_the_coordinator_looks_after_the_cohorts_and_asks_which_cohort(world, personas, live_server, page: Page):
    base = live_server.url
    sign_in(page, base, personas["coordinator"])
    page.goto(f"{base}/training/")
    page.get_by_role("link", name="Levels and cohorts").click()
    expect(page.get_by_text("No cohorts have been set up yet")).to_be_visible()
    assert_accessible(page, "the empty cohort list")

    page.get_by_role("link", name="Restore the default levels and cohorts").click()
    assert_accessible(page, "the restore confirmation")
    page.get_by_role("button", name="Restore the defaults").click()
    expect_success_banner(page, "Restored 4 levels and 6 cohorts for Testford Anti-Slavery Partnership")
    expect(page.get_by_role("table", name="Testford Anti-Slavery Partnership")).to_contain_text("Elected members")
    assert_accessible(page, "the cohort list")

    page.get_by_role("link", name="Add a cohort").click()
    page.get_by_role("button", name="Add the cohort").click()
    expect(page.locator(".govuk-error-summary").get_by_role("link", name="Enter the cohort's name")).to_be_visible()
    assert_accessible(page, "the cohort form with errors")
    page.get_by_label("Name", exact=True).fill("Taxi drivers")
    page.get_by_label("Level of training it needs").select_option(label="Level 2: Identification and referral")
    page.get_by_label("Refresh every (months) (optional)").fill("12")
    page.get_by_role("button", name="Add the cohort").click()
    expect(page.get_by_role("row", name=re.compile("Taxi drivers"))).to_contain_text("Every 12 months")

    page.get_by_role("link", name="level of training").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Training levels")
    assert_accessible(page, "the levels")
    page.get_by_role("link", name="Change Level 1: Awareness").click()
    assert_accessible(page, "the level form")

    page.goto(f"{base}/training/cohorts/which-cohort/")
    assert_accessible(page, "the cohort tool")
    answer(page, "What kind of role is it?", "Frontline practitioner or officer")
    answer(page, "How often does the role meet the public?", "Occasionally")
    answer(page, "Does the role hold safeguarding responsibilities?", "No")
    answer(page, "Does the role have first responder duties?", "Yes")
    answer(page, "Is the person an elected member?", "No")
    page.get_by_role("button", name="Suggest a cohort").click()
    expect(page.get_by_role("heading", level=2, name="First responders and specialists")).to_be_visible()
    expect(page.get_by_text("First responder duties: needs level 3")).to_be_visible()
    assert_accessible(page, "the suggested cohort")
