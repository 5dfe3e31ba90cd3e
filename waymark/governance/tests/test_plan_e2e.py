"""End to end, in the real browser: Priya, the Northshire coordinator, opens the demo action plan,
adds an action (the date boxes appear only once "By a date" is chosen), records progress on it, reads
the board's progress report with its overdue action, and downloads it as XLSX and PDF. axe-core
checks every page against WCAG 2.2 AA, error pages included."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from waymark.core.tests.test_e2e_coordinator import assert_accessible, demo, sign_in  # noqa: F401
from waymark.governance.models import RAG, PlanAction

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_coordinator_runs_the_action_plan(page: Page, live_server, demo):  # noqa: F811
    base = live_server.url
    sign_in(page, base, check_accessibility=False)
    page.goto(f"{base}/governance/")
    page.get_by_role("link", name="Action plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Action plans")
    assert_accessible(page, "the list of plans")
    page.get_by_role("link", name=re.compile(r"^Northshire anti-slavery action plan")).click()
    assert_accessible(page, "the plan")

    page.get_by_role("link", name="Add an action under Training and awareness").click()
    date_box = page.get_by_label("Day")
    expect(date_box).to_be_hidden()
    page.get_by_role("button", name="Add the action").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the outcome or action")
    assert_accessible(page, "the action form with errors")
    page.get_by_label("Reference (optional)").fill("1.3")
    page.get_by_label("Outcome or action").fill("Brief every GP practice on the signs of modern slavery")
    page.get_by_label("Lead organisation").select_option(index=1)
    page.get_by_label("By a date").check()
    expect(date_box).to_be_visible()
    date_box.fill("31")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2030")
    assert_accessible(page, "the action form with the date revealed")
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_role("link", name="Brief every GP practice on the signs of modern slavery")).to_be_visible()

    page.get_by_role("link", name="Brief every GP practice on the signs of modern slavery").click()
    assert_accessible(page, "the action")
    page.get_by_role("link", name="Record progress").click()
    page.get_by_label("What progress has been made?").fill("Twelve of forty practices briefed")
    page.get_by_label("Amber: at risk").check()
    assert_accessible(page, "the progress form")
    page.get_by_role("button", name="Record progress").click()
    expect(page.get_by_text("Twelve of forty practices briefed")).to_be_visible()
    assert PlanAction.objects.get(reference="1.3").rag == RAG.AMBER

    page.get_by_role("link", name=re.compile(r"^Back to Northshire")).click()
    page.get_by_role("link", name="Progress report").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Progress report")
    expect(page.locator(".waymark-overdue")).to_have_count(1)
    assert_accessible(page, "the progress report")
    with page.expect_download() as xlsx:
        page.get_by_role("link", name="Download as a spreadsheet (XLSX)").click()
    assert xlsx.value.suggested_filename.endswith(".xlsx")
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Download as a PDF").click()
    with open(pdf.value.path(), "rb") as file:
        assert file.read(5) == b"%PDF-"
