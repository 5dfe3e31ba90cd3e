"""End to end, in the real browser: the coordinator adds a task to a case by hand for a charity, naming
the advocate there who will do it, and the advocate finds it among her organisation's tasks with
"Only tasks naming me" ticked (issue 4, "any manual task has an owning organisation (and optionally a
person)").

The scenario builds on the demo case that `seed_demo` opens in Kettleford (reference KT-...). Open
Door Advocacy has no task on it to begin with; one is given to it here, naming nobody, so that the
filter has something to leave out.

1. Priya Shah, the county coordinator, opens the case and chooses "Add a task". She first names
   Marcus Bell (Kettleford Borough Council) for Open Door Advocacy's task and forgets the due date:
   both mistakes are explained. She then names Joanna Kowalczyk (Open Door Advocacy) and the task is
   added, with Joanna's name in the case's tasks.
2. Priya names Marcus as the person for the council's NRM referral task, from that task's page.
3. Joanna, e-mailed that she has been named, signs in, opens Tasks, ticks "Only tasks naming me"
   and sees only the new task, with her name in the Person column.

axe-core checks every page visited against WCAG 2.2 AA, including the two new pages.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from waymark.cases.models import Case, Task
from waymark.cases.tests.test_e2e_report_concern import sign_in
from waymark.core.tests.test_e2e_coordinator import COORDINATOR_EMAIL, assert_accessible, demo  # noqa: F401

ADVOCATE = "advocate@opendoor.northshire.example"  # Joanna Kowalczyk, Open Door Advocacy
OPEN_DOOR = "Open Door Advocacy"
NEW_TASK = "Arrange an Albanian interpreter"
OTHER_TASK = "Invite him to the drop-in"
NRM_TASK = "Make the National Referral Mechanism referral"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def signed_in_page(browser: Browser, browser_context_args: dict, base: str, email: str) -> tuple[BrowserContext, Page]:
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    sign_in(page, base, email)
    return context, page


def expect_success(page: Page, text: str) -> None:
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(text)


def tasks_table(page: Page):
    return page.locator("table", has=page.locator("caption", has_text="Tasks, in the order to do them"))


def coordinator_adds_a_task_naming_the_advocate(page: Page, base: str, case: Case) -> None:
    page.goto(f"{base}/cases/{case.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Case {case.reference}")
    page.get_by_role("button", name="Add a task").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a task")
    assert_accessible(page, "the add a task page")

    # Two mistakes: someone from another organisation, and no due date.
    page.get_by_label("What is the task?").fill(NEW_TASK)
    page.get_by_label("What needs doing (optional)").fill("For the next visit; he is more at ease in Albanian.")
    page.get_by_label("Which organisation will do it?").select_option(label=OPEN_DOOR)
    person = page.get_by_label("Who in that organisation will do it? (optional)")
    # The people are grouped by organisation, so the list works without JavaScript.
    expect(person.locator(f'optgroup[label="{OPEN_DOOR}"] option')).to_have_text(["Joanna Kowalczyk"])
    person.select_option(label="Marcus Bell")
    page.get_by_role("button", name="Add the task").click()
    expect(page).to_have_title(re.compile(r"^Error: Add a task"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(f"Select a person who works for {OPEN_DOOR}")
    expect(summary).to_contain_text("Enter the date the task is due")
    expect(page.get_by_label("What is the task?")).to_have_value(NEW_TASK)  # nothing typed is lost
    assert_accessible(page, "the add a task page with errors")

    due = timezone.localdate() + timedelta(days=7)
    person.select_option(label="Joanna Kowalczyk")
    page.get_by_label("Day", exact=True).fill(str(due.day))
    page.get_by_label("Month", exact=True).fill(str(due.month))
    page.get_by_label("Year", exact=True).fill(str(due.year))
    page.get_by_role("button", name="Add the task").click()

    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/#tasks$"))
    expect_success(page, f"Task added for {OPEN_DOOR}, for Joanna Kowalczyk: {NEW_TASK}")
    row = tasks_table(page).locator("tbody tr", has=page.get_by_role("link", name=NEW_TASK, exact=True))
    expect(row).to_contain_text(OPEN_DOOR)
    expect(row).to_contain_text("Joanna Kowalczyk")
    expect(row).to_contain_text(f"{due.day} {due:%B %Y}")
    assert_accessible(page, "the case page after adding a task")


def coordinator_names_a_person_on_a_pathway_task(page: Page) -> None:
    row = tasks_table(page).locator("tbody tr", has=page.get_by_role("link", name=NRM_TASK, exact=True))
    expect(row).to_contain_text("Not named")
    row.get_by_role("link", name=NRM_TASK, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NRM_TASK)
    page.get_by_role("link", name="Name a person who will do the task").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Name the person who will do the task")
    assert_accessible(page, "the name a person page")
    page.get_by_label("Person", exact=True).select_option(label="Marcus Bell")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(NRM_TASK)
    expect_success(page, f"Marcus Bell named for the task: {NRM_TASK}")
    expect(page.locator(".govuk-summary-list__row", has_text="Person")).to_contain_text("Marcus Bell")
    assert_accessible(page, "the task page after naming a person")


def advocate_finds_the_task_naming_her(page: Page, case: Case) -> None:
    page.locator(".govuk-service-navigation").get_by_role("link", name="Tasks", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your organisation's tasks")
    table = page.locator("table", has=page.locator("caption", has_text=re.compile(r"^\d+ tasks?")))
    expect(table.get_by_role("link", name=OTHER_TASK, exact=True)).to_be_visible()
    expect(table.get_by_role("link", name=NEW_TASK, exact=True)).to_be_visible()

    page.get_by_label("Only tasks naming me").check()
    page.get_by_role("button", name="Apply filter").click()

    expect(page.get_by_label("Only tasks naming me")).to_be_checked()
    expect(table.locator("caption")).to_have_text("1 task")
    row = table.locator("tbody tr", has=page.get_by_role("link", name=NEW_TASK, exact=True))
    expect(row).to_contain_text(case.reference)
    expect(row).to_contain_text("Joanna Kowalczyk")
    expect(table.get_by_role("link", name=OTHER_TASK)).to_have_count(0)
    assert_accessible(page, "my tasks, only those naming me")


def test_a_coordinator_adds_a_task_naming_an_advocate_who_finds_it_in_her_tasks(  # noqa: F811
    demo,  # noqa: F811
    live_server,
    browser: Browser,
    browser_context_args,
):
    base = live_server.url
    case = Case.objects.get(reference__startswith="KT-")
    open_door = case.partnership.memberships.get(organisation__name=OPEN_DOOR).organisation
    Task.objects.create(
        case=case, code="manual", title=OTHER_TASK, order=99, owner_organisation=open_door, due_date=None
    )
    mail.outbox.clear()

    contexts: list[BrowserContext] = []
    try:
        coordinator_context, coordinator = signed_in_page(browser, browser_context_args, base, COORDINATOR_EMAIL)
        contexts.append(coordinator_context)
        coordinator_adds_a_task_naming_the_advocate(coordinator, base, case)
        coordinator_names_a_person_on_a_pathway_task(coordinator)

        named = [m for m in mail.outbox if m.to == [ADVOCATE] and "named for a task" in m.subject]
        assert len(named) == 1, [(m.to, m.subject) for m in mail.outbox]
        assert f"Case {case.reference}: {NEW_TASK}" in named[0].body
        assert "Dritan" not in named[0].body

        advocate_context, advocate = signed_in_page(browser, browser_context_args, base, ADVOCATE)
        contexts.append(advocate_context)
        advocate_finds_the_task_naming_her(advocate, case)
    finally:
        for context in contexts:
            context.close()
