"""Grants through their pages: adding one (conditions from the partnership's standard agreement),
the form's errors, what locks after the commissioner's decision, costs, match funding, in-kind
support and measures, the steps after approval, renewal into next year's fund, who sees what, and
the list's filters and queries."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from waymark.core.models import AuditEntry
from waymark.funding import services_grants, services_returns
from waymark.funding.models import (
    CostLine,
    FundingSettings,
    Grant,
    GrantStatus,
    ReturnValue,
)
from waymark.funding.tests.factories import funding_for_testford, make_fund, make_grant
from waymark.funding.tests.test_funds import THIS_YEAR, errors, summary, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def funding(world, personas):
    return funding_for_testford(world, personas)


@pytest.fixture
def greta(client_for):
    return client_for("grants_officer")


def _date(prefix: str, day: date) -> dict[str, str]:
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month), f"{prefix}_2": str(day.year)}


def grant_form(fund, recipient, **overrides):
    data = {
        "fund": fund.pk,
        "recipient": recipient.pk,
        "title": "Partnership coordinator post",
        "purpose": "A coordinator for the Testford partnership.",
        "amount": "£30,000",
        **_date("starts_on", fund.starts_on),
        **_date("ends_on", fund.ends_on),
        "recurrence": "recurring",
        "conditions": "The standard funding agreement.",
        "reporting_frequency": "quarterly",
        "sustainability_plan": "",
        "no_liability_beyond_period": "on",
        "scrutineer": "",
    }
    data.update(overrides)
    return data


def _set_status(grant, status, **fields):
    Grant.objects.filter(pk=grant.pk).update(status=status, **fields)
    grant.refresh_from_db()
    return grant


def test_a_new_grant_starts_with_the_partnerships_standard_conditions_and_is_proposed(world, funding, greta, personas):
    FundingSettings.objects.update_or_create(
        partnership=world.testford, defaults={"standard_conditions": "Testford's own funding agreement, clause 1."}
    )
    form_page = greta.get(reverse("funding:grant-add"), {"fund": funding.fund.pk}).content.decode()
    assert "Testford&#x27;s own funding agreement, clause 1." in form_page
    assert f'<option value="{funding.fund.pk}" selected>' in form_page

    response = greta.post(
        reverse("funding:grant-add"), grant_form(funding.fund, world.police, scrutineer=personas["coordinator"].pk)
    )
    grant = Grant.objects.get(title="Partnership coordinator post")
    assert response["Location"] == reverse("funding:grant-detail", args=[grant.pk])
    assert grant.status == GrantStatus.PROPOSED and grant.amount == Decimal("30000.00")
    page = greta.get(response["Location"]).content.decode()
    details = summary(page)
    assert details["Liability"] == f"No liability beyond 31 March {THIS_YEAR + 1}"
    assert details["Amount"] == "£30,000.00" and details["Scrutineer"] == "Carol Coordinator"
    assert details["Period"] == f"1 April {THIS_YEAR} to 31 March {THIS_YEAR + 1}"
    assert "It is proposed until the commissioner decides" in page
    assert AuditEntry.objects.filter(action="create", object_type="funding.Grant", object_id=str(grant.pk)).exists()


def test_without_the_undertaking_the_grant_says_liability_is_not_excluded(world, funding, greta):
    data = grant_form(funding.fund, world.police)
    del data["no_liability_beyond_period"]
    response = greta.post(reverse("funding:grant-add"), data, follow=True)
    assert summary(response.content.decode())["Liability"] == "Liability beyond the grant period is not excluded"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"amount": "thirty thousand"},
            ["Enter the amount of the grant as an amount in pounds, like 26,000 or 26,000.50"],
        ),
        ({"amount": "-30,000"}, ["The amount of the grant must be £0 or more"]),
        ({"amount": ""}, ["Enter the amount of the grant"]),
        ("end before start", ["The end date must be after the start date"]),
        ("start outside the year", None),
        ({"starts_on_0": "31", "starts_on_1": "2"}, ["Start date must be a real date"]),
        ({"ends_on_0": ""}, ["End date must include a day, month and year"]),
        ("recipient outside", ["Select an organisation that is a member of the fund's partnership"]),
        ({"title": "", "purpose": ""}, ["Enter the title", "Enter what the grant is for"]),
    ],
    ids=[
        "words",
        "negative",
        "blank",
        "end-before-start",
        "start-outside-year",
        "no-such-date",
        "part-of-a-date",
        "recipient-not-a-member",
        "missing-text",
    ],
)
def test_the_grant_form_explains_each_problem_and_keeps_what_was_typed(world, funding, greta, changes, expected):
    fund = funding.fund
    data = grant_form(fund, world.police)
    if changes == "end before start":
        data.update(_date("ends_on", fund.starts_on))
    elif changes == "start outside the year":
        data.update(_date("starts_on", fund.starts_on - timedelta(days=1)))
        expected = [
            f"The start date must be in the fund's financial year, 1 April {THIS_YEAR} to 31 March {THIS_YEAR + 1}"
        ]
    elif changes == "recipient outside":
        data["recipient"] = world.other_council.pk
    else:
        data.update(changes)
    response = greta.post(reverse("funding:grant-add"), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert errors(page) == expected
    if data["title"]:
        assert f'value="{data["title"]}"' in page
    if "amount" in data and data["amount"]:
        assert f'value="{data["amount"]}"' in page
    assert Grant.objects.count() == 1  # only the factory's


def test_while_proposed_everything_can_change(world, funding, greta):
    grant = funding.grant
    data = grant_form(funding.fund, world.police, version=grant.version, amount="36,500.00", title="Advocate post")
    response = greta.post(reverse("funding:grant-edit", args=[grant.pk]), data)
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.amount == Decimal("36500.00") and grant.recipient == world.police and grant.version == 2


def test_after_approval_the_amount_fund_and_recipient_are_locked(world, funding, greta):
    grant = _set_status(funding.grant, GrantStatus.APPROVED)
    edit = reverse("funding:grant-edit", args=[grant.pk])
    form_page = greta.get(edit).content.decode()
    assert 'name="amount"' not in form_page and 'name="fund"' not in form_page and 'name="recipient"' not in form_page
    assert "A change needs a new decision report." in form_page
    detail = greta.get(reverse("funding:grant-detail", args=[grant.pk])).content.decode()
    assert 'Change<span class="govuk-visually-hidden"> amount' not in detail
    assert 'Change<span class="govuk-visually-hidden"> purpose' in detail

    # A form sent with the amount anyway changes only what may change.
    data = grant_form(funding.fund, world.police, version=grant.version, amount="99,000", purpose="Wider purpose.")
    assert greta.post(edit, data).status_code == 302
    grant.refresh_from_db()
    assert grant.amount == Decimal("34000.00") and grant.recipient == world.charity
    assert grant.purpose == "Wider purpose."
    with pytest.raises(services_grants.StepRefused, match="needs a new decision report"):
        services_grants.update_grant(grant=grant, version=grant.version, by=None, amount=Decimal("1.00"))


def test_a_stale_grant_form_is_refused_and_keeps_what_was_typed(world, funding, greta):
    grant = funding.grant
    Grant.objects.filter(pk=grant.pk).update(version=5, title="Changed meanwhile")
    data = grant_form(funding.fund, world.charity, version=1, title="My new title")
    response = greta.post(reverse("funding:grant-edit", args=[grant.pk]), data)
    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed this grant while you were working on it" in page
    assert 'value="My new title"' in page
    assert Grant.objects.get(pk=grant.pk).title == "Changed meanwhile"


def test_cost_lines_that_do_not_add_up_to_the_grant_are_warned_about_not_refused(funding, greta):
    grant = funding.grant  # £34,000: salary £26,000 and on-costs £8,000
    detail = reverse("funding:grant-detail", args=[grant.pk])
    page = greta.get(detail).content.decode()
    assert "The cost lines add up to" not in page
    assert "Total £34,000.00" in text(page.split('id="costs"')[1].split('id="match-funding"')[0])

    response = greta.post(
        reverse("funding:grant-cost-add", args=[grant.pk]), {"description": "Training", "amount": "1,000", "note": ""}
    )
    assert response["Location"] == detail + "#costs"
    page = greta.get(detail).content.decode()
    assert "The cost lines add up to £35,000.00, but the grant is £34,000.00." in page

    bad = greta.post(reverse("funding:grant-cost-add", args=[grant.pk]), {"description": "", "amount": "-1"})
    assert errors(bad.content.decode()) == ["Enter what the cost line pays for", "The amount must be £0 or more"]

    training = CostLine.objects.get(grant=grant, description="Training")
    greta.post(reverse("funding:grant-cost-remove", args=[training.pk]))
    assert "The cost lines add up to" not in greta.get(detail).content.decode()


def test_match_funding_and_in_kind_support_are_listed_on_the_grant(funding, greta):
    grant = funding.grant
    greta.post(
        reverse("funding:grant-match-add", args=[grant.pk]),
        {"source": "Police Property Act Fund", "amount": "2,000", "confirmed": ""},
    )
    greta.post(
        reverse("funding:grant-in-kind-add", args=[grant.pk]),
        {"provider": "Testford Library", "description": "Room hire for drop-ins", "estimated_value": "£1,200"},
    )
    page = text(greta.get(reverse("funding:grant-detail", args=[grant.pk])).content.decode())
    assert "Police Property Act Fund £2,000.00 Not confirmed" in page
    assert "Lottery Community Fund £5,000.00 Confirmed" in page
    assert "Room hire for drop-ins Testford Library £1,200.00" in page
    assert "Office accommodation Testford Council Not estimated" in page
    match = grant.match_funding.get(source="Police Property Act Fund")
    greta.post(reverse("funding:grant-match-remove", args=[match.pk]))
    assert not grant.match_funding.filter(pk=match.pk).exists()


def test_measures_are_chosen_from_the_suggestions_or_typed_with_targets(funding, greta):
    grant = funding.grant  # reports Referrals received (20) and People supported (15)
    url = reverse("funding:grant-measures", args=[grant.pk])
    form_page = greta.get(url).content.decode()
    assert 'value="Referrals received" data-aria-controls="conditional-measure-0" checked' in form_page
    assert 'value="Staff trained" data-aria-controls="conditional-measure-3">' in form_page
    response = greta.post(
        url,
        {
            "measures": ["Referrals received", "Staff trained"],
            "target_0": "25",
            "target_3": "",
            "other_name": "Victims housed",
            "other_target": "4",
        },
    )
    assert response["Location"] == reverse("funding:grant-detail", args=[grant.pk]) + "#measures"
    assert list(grant.measures.values_list("name", "target", "position")) == [
        ("Referrals received", 25, 1),
        ("Staff trained", None, 2),
        ("Victims housed", 4, 3),
    ]
    page = text(greta.get(response["Location"]).content.decode())
    assert "Referrals received 25 Staff trained No target Victims housed 4" in page

    bad = greta.post(
        url, {"measures": ["Referrals received"], "target_0": "lots", "other_name": "", "other_target": "3"}
    )
    assert errors(bad.content.decode()) == [
        "Enter the name of the other measure, or clear its target",
        "Enter the target for Referrals received as a whole number, like 20",
    ]


def test_a_measure_already_reported_cannot_be_dropped(funding, greta):
    grant = funding.grant
    measure = grant.measures.get(name="Referrals received")
    ReturnValue.objects.create(performance_return=funding.first_return, measure=measure, value=3)
    response = greta.post(reverse("funding:grant-measures", args=[grant.pk]), {"measures": ["People supported"]})
    assert errors(response.content.decode()) == [
        "Referrals received cannot be removed: performance returns have already reported it"
    ]
    assert grant.measures.count() == 2


def test_recording_the_agreement_signed_schedules_the_returns(funding, greta, monkeypatch):
    scheduled = []
    monkeypatch.setattr(services_returns, "ensure_schedule", lambda grant: scheduled.append(grant.pk) or 0)
    grant = funding.grant
    url = reverse("funding:grant-agreement-signed", args=[grant.pk])

    # Not yet approved: nothing to record.
    refused = greta.get(url, follow=True).content.decode()
    assert "The agreement can be recorded once the commissioner has approved the grant" in refused

    grant = _set_status(grant, GrantStatus.APPROVED)
    tomorrow = timezone.localdate() + timedelta(days=1)
    future = greta.post(url, {"version": grant.version, **_date("signed_on", tomorrow)})
    assert errors(future.content.decode()) == ["The date the agreement was signed must be today or in the past"]
    assert scheduled == []

    signed = timezone.localdate() - timedelta(days=2)
    page = greta.post(url, {"version": grant.version, **_date("signed_on", signed)}, follow=True).content.decode()
    grant.refresh_from_db()
    assert grant.status == GrantStatus.AGREEMENT_SIGNED and grant.agreement_signed_on == signed
    assert scheduled == [grant.pk]
    assert "Agreement signed recorded. The performance returns are scheduled." in page
    assert summary(page)["Agreement signed"] == f"{signed.day} {signed:%B %Y}"


def test_a_grant_is_marked_active_then_closed_with_its_underspend(funding, greta):
    grant = _set_status(
        funding.grant, GrantStatus.AGREEMENT_SIGNED, agreement_signed_on=timezone.localdate() - timedelta(days=30)
    )
    assert "Close the grant" in greta.get(reverse("funding:grant-detail", args=[grant.pk])).content.decode()
    greta.post(reverse("funding:grant-activate", args=[grant.pk]), {"version": grant.version})
    grant.refresh_from_db()
    assert grant.status == GrantStatus.ACTIVE

    close = reverse("funding:grant-close", args=[grant.pk])
    today = timezone.localdate()
    too_much = greta.post(
        close, {"version": grant.version, **_date("closed_on", today), "underspend_returned": "40,000"}
    )
    assert errors(too_much.content.decode()) == ["The underspend returned cannot be more than the grant, £34,000.00"]
    before = greta.post(
        close, {"version": grant.version, **_date("closed_on", today - timedelta(days=60)), "underspend_returned": ""}
    )
    assert errors(before.content.decode())[0].startswith(
        "The date closed must be the same as or after the date the agreement was signed"
    )
    greta.post(close, {"version": grant.version, **_date("closed_on", today), "underspend_returned": "1,000"})
    grant.refresh_from_db()
    assert grant.status == GrantStatus.CLOSED and grant.underspend_returned == Decimal("1000.00")
    assert grant.closed_on == today

    # A step out of order is refused with a message, and nothing changes.
    again = greta.get(reverse("funding:grant-activate", args=[grant.pk]), follow=True).content.decode()
    assert "A grant can be marked active once its agreement is signed" in again
    with pytest.raises(services_grants.StepRefused, match="it is closed"):
        services_grants.mark_active(grant=grant, version=grant.version, by=None)


def test_a_recurring_grant_is_renewed_into_next_years_fund_as_a_proposal(world, funding, greta):
    grant = _set_status(funding.grant, GrantStatus.ACTIVE, recurrence="recurring")
    renew = reverse("funding:grant-renew", args=[grant.pk])

    # No fund for next year yet: refused, with the way to start one.
    page = greta.get(renew).content.decode()
    assert "There is no Community Safety Fund for the next financial year yet" in page
    assert reverse("funding:fund-next-year", args=[funding.fund.pk]) in page
    greta.post(renew)
    assert Grant.objects.count() == 1

    following = make_fund(world, start_year=funding.fund.start_year + 1)
    response = greta.post(renew)
    renewal = Grant.objects.exclude(pk=grant.pk).get()
    assert response["Location"] == reverse("funding:grant-detail", args=[renewal.pk])
    assert renewal.fund == following and renewal.status == GrantStatus.PROPOSED
    assert renewal.starts_on == date(THIS_YEAR + 1, 4, 1) and renewal.ends_on == date(THIS_YEAR + 2, 3, 31)
    assert renewal.amount == grant.amount and renewal.scrutineer == grant.scrutineer
    assert list(renewal.cost_lines.values_list("description", "amount")) == [
        ("Salary", Decimal("26000.00")),
        ("On-costs", Decimal("8000.00")),
    ]
    assert list(renewal.measures.values_list("name", "target")) == [
        ("Referrals received", 20),
        ("People supported", 15),
    ]
    assert list(renewal.match_funding.values_list("source", "confirmed")) == [("Lottery Community Fund", False)]
    assert list(renewal.in_kind.values_list("description", flat=True)) == ["Office accommodation"]

    # Once only.
    assert "The grant has already been renewed" in greta.get(renew).content.decode()
    greta.post(renew)
    assert Grant.objects.count() == 2


def test_a_one_off_or_proposed_grant_cannot_be_renewed(funding, greta):
    grant = funding.grant
    page = greta.get(reverse("funding:grant-renew", args=[grant.pk])).content.decode()
    assert "Only a recurring grant that is active or closed can be renewed" in page
    assert "Renew for next year" not in greta.get(reverse("funding:grant-detail", args=[grant.pk])).content.decode()
    greta.post(reverse("funding:grant-renew", args=[grant.pk]))
    assert Grant.objects.count() == 1


def test_the_recipient_sees_its_grant_without_the_funds_position_or_change_links(funding, client_for):
    page = (
        client_for("charity_caseworker").get(reverse("funding:grant-detail", args=[funding.grant.pk])).content.decode()
    )
    assert '<h1 class="govuk-heading-l">Advocate post</h1>' in page
    assert summary(page)["Amount"] == "£34,000.00"
    assert "Available" not in summary(page) and f"{funding.fund}: position" not in page
    assert "Change<span" not in page and "Add a cost line" not in page and "Remove" not in page
    assert reverse("funding:fund-detail", args=[funding.fund.pk]) not in page


def test_a_scrutineer_who_is_not_in_the_office_sees_the_grant_but_not_the_fund(world, funding, greta):
    from django.test import Client

    from conftest import sign_in

    scrutineer = make_user("sam@police.example", "Sam Scrutineer", world.police, [(world.testford, "caseworker")])
    Grant.objects.filter(pk=funding.grant.pk).update(scrutineer=scrutineer)
    client = sign_in(Client(), scrutineer)
    page = client.get(reverse("funding:grant-detail", args=[funding.grant.pk])).content.decode()
    assert summary(page)["Scrutineer"] == "Sam Scrutineer"
    assert "Available" not in summary(page) and "Change<span" not in page
    assert client.get(reverse("funding:fund-detail", args=[funding.fund.pk])).status_code == 404
    assert client.get(reverse("funding:grant-edit", args=[funding.grant.pk])).status_code == 403


def test_the_office_sees_the_funds_position_on_the_grant(funding, client_for):
    page = client_for("coordinator").get(reverse("funding:grant-detail", args=[funding.grant.pk])).content.decode()
    assert summary(page)["Available"].startswith("£64,000.00")
    assert "Change<span" not in page  # Carol reads; Greta manages


def test_only_grants_officers_change_grants_and_others_do_not_find_them(world, funding, client_for):
    grant = funding.grant
    data = grant_form(funding.fund, world.charity, version=grant.version, amount="1")
    for persona, status in (
        ("coordinator", 403),
        ("charity_caseworker", 403),
        ("council_caseworker", 404),
        ("intelligence_officer", 404),
        ("outsider", 404),
    ):
        client = client_for(persona)
        assert client.post(reverse("funding:grant-edit", args=[grant.pk]), data).status_code == status
        assert (
            client.post(
                reverse("funding:grant-cost-add", args=[grant.pk]), {"description": "x", "amount": "1"}
            ).status_code
            == status
        )
        line = grant.cost_lines.first()
        assert client.post(reverse("funding:grant-cost-remove", args=[line.pk])).status_code == status
    assert client_for("council_caseworker").get(reverse("funding:grant-detail", args=[grant.pk])).status_code == 404
    assert (
        client_for("coordinator").post(reverse("funding:grant-add"), grant_form(funding.fund, world.police)).status_code
        == 403
    )
    grant.refresh_from_db()
    assert grant.amount == Decimal("34000.00") and grant.cost_lines.count() == 2 and Grant.objects.count() == 1


def test_reading_a_grant_is_audited(funding, client_for):
    client_for("charity_caseworker").get(reverse("funding:grant-detail", args=[funding.grant.pk]))
    assert AuditEntry.objects.filter(
        action="view",
        object_type="funding.Grant",
        object_id=str(funding.grant.pk),
        user_email="charlie@brightway.example",
    ).exists()


def test_the_list_filters_by_fund_status_and_recipient(world, funding, greta, client_for):
    older = make_fund(world, start_year=THIS_YEAR - 1)
    make_grant(older, world.police, title="Police pilot", status=GrantStatus.CLOSED)
    make_grant(funding.fund, world.council, title="Council outreach", status=GrantStatus.APPROVED)

    def shown(client, **query):
        page = client.get(reverse("funding:grant-list"), query).content.decode()
        return {title for title in ("Advocate post", "Police pilot", "Council outreach") if f">{title}</a>" in page}

    assert shown(greta) == {"Advocate post", "Police pilot", "Council outreach"}
    assert shown(greta, fund=older.pk) == {"Police pilot"}
    assert shown(greta, status="approved") == {"Council outreach"}
    assert shown(greta, recipient=world.charity.pk) == {"Advocate post"}
    assert shown(greta, status="nonsense") == {"Advocate post", "Police pilot", "Council outreach"}
    assert "Select a status from the list" in greta.get(reverse("funding:grant-list"), {"status": "x"}).content.decode()
    # Brightway's caseworker sees Brightway's grant only.
    assert shown(client_for("charity_caseworker")) == {"Advocate post"}
    assert shown(client_for("outsider")) == set()


def test_the_list_takes_the_same_number_of_queries_however_many_grants(world, funding, greta):
    greta.get(reverse("funding:grant-list"))
    with CaptureQueriesContext(connection) as one:
        greta.get(reverse("funding:grant-list"), {"status": "proposed"})
    for n in range(8):
        fund = make_fund(world, name=f"Fund {n}")
        make_grant(fund, world.police if n % 2 else world.council, title=f"Grant {n}")
    with CaptureQueriesContext(connection) as nine:
        response = greta.get(reverse("funding:grant-list"), {"status": "proposed"})
    assert "Grant 7" in response.content.decode()
    assert len(nine) == len(one), [q["sql"] for q in nine.captured_queries]


def test_the_list_is_paginated(world, funding, greta):
    for n in range(55):
        make_grant(funding.fund, world.police, title=f"Grant {n:02d}")
    first = greta.get(reverse("funding:grant-list")).content.decode()
    assert "56 grants" in first and 'rel="next"' in first
    second = greta.get(reverse("funding:grant-list"), {"page": 2}).content.decode()
    assert second.count('class="govuk-table__row"') - 1 == 6  # the header row, then six grants
