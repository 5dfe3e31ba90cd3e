"""Every page of case coordination in the real browser, checked by axe-core against WCAG 2.2 AA:
a council caseworker's pages on the demo Kettleford case (each form also in its error state), and a
coordinator's lists. The cross-organisation journey itself is in test_e2e_case_coordination.py."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from waymark.cases.models import Case
from waymark.cases.tests.test_e2e_report_concern import sign_in
from waymark.core.tests.test_e2e_coordinator import assert_accessible, demo  # noqa: F401

CASEWORKER = "kettleford.caseworker@kettleford.northshire.example"
COORDINATOR = "kettleford.coordinator@kettleford.northshire.example"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def check(page: Page, base: str, path: str, where: str, *, submit: bool = False) -> None:
    response = page.goto(base + path)
    assert response is not None and response.status == 200, f"{where} answered {response and response.status}"
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page, where)
    if submit:  # the same form, sent empty: the error state must be accessible too
        page.locator("main form button[type=submit]").last.click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        assert_accessible(page, f"{where} with errors")


def test_a_caseworkers_case_pages_are_accessible(demo, live_server, page: Page):  # noqa: F811
    base = live_server.url
    case = Case.objects.get(reference__startswith="KT-")
    task = case.tasks.get(code="nrm_referral")
    sign_in(page, base, CASEWORKER)
    check(page, base, reverse("cases:case-detail", args=[case.pk]), "the case page")
    check(page, base, reverse("cases:my-tasks"), "my tasks")
    check(page, base, reverse("cases:task-detail", args=[task.pk]), "a task")
    check(page, base, reverse("cases:nrm", args=[case.pk]), "the NRM record")
    check(page, base, reverse("cases:nrm-rg-decision", args=[case.pk]), "the reasonable grounds form", submit=True)
    for name, where in [
        ("cases:nrm-referral", "the NRM referral form"),
        ("cases:nrm-duty-to-notify", "the Duty to Notify form"),
        ("cases:nrm-support", "the support referrals form"),
    ]:
        check(page, base, reverse(name, args=[case.pk]), where)
    check(page, base, reverse("cases:consent-add", args=[case.pk]), "the consent form", submit=True)
    check(page, base, reverse("cases:share-add", args=[case.pk]), "the share form", submit=True)
    check(page, base, reverse("cases:note-list", args=[case.pk]), "the notes")
    check(page, base, reverse("cases:note-add", args=[case.pk]), "the note form", submit=True)
    check(page, base, reverse("cases:document-add", args=[case.pk]), "the upload form", submit=True)
    check(page, base, reverse("cases:support-episode-add", args=[case.pk]), "the support form", submit=True)
    check(page, base, reverse("cases:access-request"), "the access request form")


def test_a_coordinators_pages_are_accessible(demo, live_server, page: Page):  # noqa: F811
    from waymark.accounts.models import User
    from waymark.cases.services_triage import assign_lead

    base = live_server.url
    coordinator = User.objects.get(email=COORDINATOR)
    case = Case.objects.get(reference__startswith="KT-")
    assign_lead(case=case, lead_organisation=coordinator.organisation, by=coordinator)
    sign_in(page, base, COORDINATOR)
    check(page, base, reverse("cases:lead-transfer", args=[case.pk]), "the lead transfer form")
    check(page, base, reverse("cases:case-close", args=[case.pk]), "the close form", submit=True)
    for name, where in [
        ("cases:case-list", "the case list"),
        ("cases:triage", "the triage queue"),
        ("cases:overdue-tasks", "overdue tasks"),
        ("cases:nrm-overdue", "overdue NRM decisions"),
        ("cases:retention-review", "the retention review"),
        ("cases:access-request-list", "access requests"),
    ]:
        check(page, base, reverse(name), where)
