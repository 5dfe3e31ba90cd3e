"""End to end, in the real browser: the NRM referral pack page passes axe-core (WCAG 2.2 AA) for a
child's referral and for an adult's Duty to Notify, and its PDF link downloads the pack.

Runs Debian's Chromium through Playwright (see the root conftest.py). The caseworker is signed in by
handing the browser the session of a test client signed in with password and two-factor."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import BrowserContext, Page, expect

from conftest import sign_in
from waymark.cases.tests.factories import open_child_case
from waymark.cases.tests.factories_pack import open_adult_case
from waymark.core.tests.test_e2e_coordinator import assert_accessible

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]


def sign_in_browser(context: BrowserContext, base_url: str, user) -> None:
    session = sign_in(Client(), user).cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])


def test_the_pack_page_is_accessible_for_a_referral_and_a_notification(world, personas, live_server, page: Page):
    caseworker = personas["council_caseworker"]
    child = open_child_case(
        world,
        caseworker,
        exploitation_types=["forced-to-work", "forced-to-commit-crime"],
        indicators=["ilo-deception", "signs-isolation"],
        locations=["Testford"],
        exploitation_location="uk",
    )
    adult = open_adult_case(world, caseworker, consents=False)
    sign_in_browser(page.context, live_server.url, caseworker)

    for case, title in ((child, "NRM referral pack"), (adult, "Duty to Notify pack")):
        response = page.goto(live_server.url + reverse("cases:nrm-pack", args=[case.pk]))
        assert response is not None and response.status == 200
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        expect(page.locator("#missing-count")).to_contain_text("questions still need an answer")
        expect(page.get_by_role("heading", name="Is the potential victim under 18?", level=2)).to_be_visible()
        assert_accessible(page, f"the {title} of case {case.reference}")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as a PDF").click()
    assert download.value.suggested_filename == f"nrm-pack-{adult.reference}.pdf"
