"""Funds through their pages: a joint pot's arithmetic, the reserve carried into next year's fund,
money as people type it, edits that clash, contributors, who may do what, and the list's queries."""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from waymark.core.models import AuditEntry
from waymark.funding import financial_year
from waymark.funding.forms_funds import parse_money
from waymark.funding.models import Fund, FundContribution, GrantStatus
from waymark.funding.tests.factories import funding_for_testford, make_fund, make_grant

pytestmark = pytest.mark.django_db

THIS_YEAR = financial_year.year_of(timezone.localdate())


def text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def summary(page: str) -> dict[str, str]:
    """Each summary list row on the page: key -> value, as a user reads them."""
    rows = re.findall(
        r'<dt class="govuk-summary-list__key">(.*?)</dt>\s*<dd class="govuk-summary-list__value">(.*?)</dd>', page, re.S
    )
    return {text(key): text(value) for key, value in rows}


def errors(page: str) -> list[str]:
    block = re.search(r'<div class="govuk-error-summary__body">(.*?)</div>', page, re.S)
    return [text(item) for item in re.findall(r"<li>(.*?)</li>", block.group(1), re.S)] if block else []


def fund_form(**overrides):
    data = {
        "name": "Anti-Slavery Joint Fund",
        "owner": "",
        "start_year": str(THIS_YEAR),
        "opening_budget": "0",
        "reserve_brought_forward": "",
        "description": "The county's joint pot.",
    }
    data.update(overrides)
    return data


@pytest.fixture
def greta(client_for):
    return client_for("grants_officer")


def test_a_joint_pot_of_four_councils_and_the_commissioner_adds_up_on_its_page(world, personas, greta):
    response = greta.post(reverse("funding:fund-add"), fund_form(owner=world.opcc.pk))
    fund = Fund.objects.get(name="Anti-Slavery Joint Fund")
    assert response.status_code == 302 and response["Location"] == reverse("funding:fund-detail", args=[fund.pk])
    assert fund.partnership == world.testford and fund.created_by == personas["grants_officer"]

    add = reverse("funding:fund-contribution-add", args=[fund.pk])
    greta.post(add, {"contributor": world.council.pk, "amount": "4,000", "received_on_0": "", "note": ""})
    for council in ("Testshire County Council", "Northtown Borough Council", "Southvale District Council"):
        greta.post(add, {"contributor": "", "contributor_name": council, "amount": "£4,000.00"})
    greta.post(add, {"contributor": world.opcc.pk, "amount": "10000"})
    assert FundContribution.objects.filter(fund=fund).count() == 5

    make_grant(fund, world.charity, title="Advocate", amount="20000.00", status=GrantStatus.APPROVED)
    make_grant(fund, world.police, title="Training", amount="3000.00")
    make_grant(fund, world.council, title="Refused", amount="9000.00", status=GrantStatus.DECLINED)

    page = greta.get(reverse("funding:fund-detail", args=[fund.pk])).content.decode()
    position = summary(page)
    assert position["Contributions"] == "£26,000.00"
    assert position["Available"].startswith("£26,000.00")
    assert position["Committed"].startswith("£20,000.00")
    assert position["Proposed"].startswith("£3,000.00")  # the declined grant counts nowhere
    assert position["Remaining"].startswith("£6,000.00")
    assert position["Reserve to carry forward (forecast)"].startswith("£6,000.00")
    assert "A forecast until the year ends on 31 March" in position["Reserve to carry forward (forecast)"]
    contributors = text(page.split('id="contributors"')[1].split('id="grants"')[0])
    assert "Testshire County Council £4,000.00" in contributors and "Total £26,000.00" in contributors


def test_the_reserve_to_carry_forward_starts_next_years_fund_once_only(world, personas, greta):
    funding = funding_for_testford(world, personas)  # 6,000 reserve + 50,000 + 8,000 contributions
    make_grant(funding.fund, world.police, title="Pilot", amount="14000.00", status=GrantStatus.ACTIVE)
    start = reverse("funding:fund-next-year", args=[funding.fund.pk])
    confirm = greta.get(start).content.decode()
    assert "£50,000.00" in confirm and "is a forecast" in confirm

    response = greta.post(start)
    following = Fund.objects.get(name=funding.fund.name, start_year=funding.fund.start_year + 1)
    assert response["Location"] == reverse("funding:fund-detail", args=[following.pk])
    assert following.reserve_brought_forward == Decimal("50000.00")  # 64,000 available - 14,000 committed
    assert following.brought_forward_from == funding.fund and following.opening_budget == 0
    page = greta.get(response["Location"]).content.decode()
    assert "started with a reserve brought forward of £50,000.00" in page
    assert summary(page)["Reserve brought forward"] == f"£50,000.00 From {funding.fund}"
    assert summary(page)["Available"].startswith("£50,000.00")
    assert summary(greta.get(reverse("funding:fund-detail", args=[funding.fund.pk])).content.decode())[
        "Next year's fund"
    ] == str(following)

    again = greta.post(start, follow=True).content.decode()
    assert f"{following} already exists, so nothing was changed." in again
    assert Fund.objects.filter(name=funding.fund.name).count() == 2
    assert "already exists" in greta.get(start).content.decode()


def test_underspend_returned_by_a_closed_grant_goes_back_into_the_fund(world, personas, greta):
    funding = funding_for_testford(world, personas)
    grant = funding.grant
    grant.status = GrantStatus.ACTIVE
    grant.save()
    greta.post(
        reverse("funding:grant-close", args=[grant.pk]),
        {
            "version": grant.version,
            "closed_on_0": "1",
            "closed_on_1": "4",
            "closed_on_2": str(THIS_YEAR),
            "underspend_returned": "2,500",
        },
    )
    position = summary(greta.get(reverse("funding:fund-detail", args=[funding.fund.pk])).content.decode())
    assert (
        position["Committed"]
        == "£31,500.00 Grants approved, agreement signed, active or closed, less £2,500.00 underspend returned"
    )
    assert position["Remaining"].startswith("£32,500.00")


def test_a_fund_whose_year_has_ended_shows_its_reserve_carried_forward_not_a_forecast(world, greta):
    fund = make_fund(world, start_year=THIS_YEAR - 1)
    position = summary(greta.get(reverse("funding:fund-detail", args=[fund.pk])).content.decode())
    assert position["Reserve to carry forward"] == f"£50,000.00 The year ended on 31 March {THIS_YEAR}"
    assert "Reserve to carry forward (forecast)" not in position


def test_an_overcommitted_fund_says_so(world, greta):
    fund = make_fund(world, opening_budget="1000.00")
    make_grant(fund, world.charity, amount="1500.00", status=GrantStatus.APPROVED)
    page = greta.get(reverse("funding:fund-detail", args=[fund.pk])).content.decode()
    assert "The fund is overcommitted by £500.00." in page
    assert summary(page)["Remaining"].startswith("-£500.00")
    assert summary(page)["Reserve to carry forward (forecast)"].startswith("£0.00")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("26,000", Decimal("26000.00")),
        ("£26,000.50", Decimal("26000.50")),
        (" 26000 ", Decimal("26000.00")),
        ("£ 4,000", Decimal("4000.00")),
        (".5", Decimal("0.50")),
        ("0", Decimal("0.00")),
    ],
)
def test_money_is_read_as_people_write_it(typed, expected):
    assert parse_money(typed) == expected


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("-5", "negative"),
        ("£-26,000", "negative"),
        ("lots", "invalid"),
        ("26.505", "invalid"),
        ("1e5", "invalid"),
        ("26,000.5.0", "invalid"),
        ("£", "invalid"),
    ],
)
def test_money_that_is_not_an_amount_is_refused(typed, reason):
    with pytest.raises(ValueError, match=reason):
        parse_money(typed)


@pytest.mark.parametrize(
    ("budget", "message"),
    [
        ("-5", "The opening budget must be £0 or more"),
        ("lots", "Enter the opening budget as an amount in pounds, like 26,000 or 26,000.50"),
        ("", "Enter the opening budget"),
        ("99,999,999,999", "The opening budget must be less than £10,000,000,000"),
    ],
)
def test_a_bad_budget_is_explained_and_what_was_typed_is_kept(world, greta, budget, message):
    response = greta.post(reverse("funding:fund-add"), fund_form(owner=world.opcc.pk, opening_budget=budget))
    page = response.content.decode()
    assert response.status_code == 400
    assert errors(page) == [message]
    if budget:
        assert f'value="{budget}"' in page
    assert 'value="Anti-Slavery Joint Fund"' in page and "<title>Error: Add a fund" in page
    assert not Fund.objects.exists()


def test_a_fund_needs_a_name_a_holder_in_the_partnership_and_a_new_name_for_the_year(world, personas, greta):
    funding = funding_for_testford(world, personas)
    response = greta.post(reverse("funding:fund-add"), fund_form(name="", owner=world.other_council.pk))
    assert errors(response.content.decode()) == [
        "Enter the name of the fund",
        "Select an organisation that is a member of the partnership",
    ]
    response = greta.post(reverse("funding:fund-add"), fund_form(name=funding.fund.name.upper(), owner=world.opcc.pk))
    assert errors(response.content.decode()) == [
        f"{world.testford} already has a {funding.fund.name.upper()} for {funding.fund.year_label}: "
        "choose another name or year"
    ]


def test_an_edit_made_meanwhile_by_someone_else_is_not_overwritten(world, personas, greta):
    funding = funding_for_testford(world, personas)
    fund = funding.fund
    edit = reverse("funding:fund-edit", args=[fund.pk])
    form_page = greta.get(edit).content.decode()
    assert 'value="50,000.00"' in form_page  # the budget shown as people write it
    assert "cannot change now that the fund has grants" in form_page
    Fund.objects.filter(pk=fund.pk).update(version=fund.version + 1, opening_budget=Decimal("60000.00"))
    response = greta.post(
        edit,
        {
            "version": fund.version,
            "name": fund.name,
            "owner": world.opcc.pk,
            "opening_budget": "55,000",
            "reserve_brought_forward": "6,000",
            "description": "",
        },
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed this fund while you were working on it" in page
    assert 'value="55,000"' in page  # what she typed is kept
    fund.refresh_from_db()
    assert fund.opening_budget == Decimal("60000.00")
    # Saved again, now against the fund as it is.
    response = greta.post(
        edit,
        {
            "version": fund.version,
            "name": fund.name,
            "owner": world.opcc.pk,
            "opening_budget": "55,000",
            "reserve_brought_forward": "6,000",
            "description": "Topped up",
        },
    )
    assert response.status_code == 302
    fund.refresh_from_db()
    assert fund.opening_budget == Decimal("55000.00") and fund.description == "Topped up"
    assert AuditEntry.objects.filter(action="update", object_type="funding.Fund", object_id=str(fund.pk)).exists()


def test_a_contributor_is_an_organisation_or_a_name_not_neither_or_both(world, personas, greta):
    funding = funding_for_testford(world, personas)
    add = reverse("funding:fund-contribution-add", args=[funding.fund.pk])
    neither = greta.post(add, {"contributor": "", "contributor_name": "", "amount": "4,000"})
    assert errors(neither.content.decode()) == ["Select the contributing organisation, or enter the contributor's name"]
    both = greta.post(add, {"contributor": world.council.pk, "contributor_name": "Somewhere", "amount": "x"})
    assert errors(both.content.decode()) == [
        "Select an organisation or enter a name, not both",
        "Enter the amount as an amount in pounds, like 26,000 or 26,000.50",
    ]
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    future = greta.post(
        add,
        {
            "contributor": world.police.pk,
            "amount": "1",
            "received_on_0": tomorrow.day,
            "received_on_1": tomorrow.month,
            "received_on_2": tomorrow.year,
        },
    )
    assert errors(future.content.decode()) == ["The date received must be today or in the past"]
    assert funding.fund.contributions.count() == 2


def test_removing_a_contribution_lowers_what_is_available(world, personas, greta):
    funding = funding_for_testford(world, personas)
    contribution = funding.fund.contributions.get(contributor=world.council)
    remove = reverse("funding:fund-contribution-remove", args=[contribution.pk])
    assert "Remove the contribution of £4,000.00 from Testford Council?" in greta.get(remove).content.decode()
    page = greta.post(remove, follow=True).content.decode()
    assert "Contribution from Testford Council removed" in page
    assert summary(page)["Available"].startswith("£60,000.00")


def test_only_grants_officers_change_funds_and_others_do_not_find_them(world, personas, client_for):
    funding = funding_for_testford(world, personas)
    fund = funding.fund
    carol = client_for("coordinator")
    page = carol.get(reverse("funding:fund-detail", args=[fund.pk])).content.decode()
    assert summary(page)["Available"].startswith("£64,000.00")
    assert "Edit the fund" not in page and "Add a contributor" not in page and "Remove" not in page
    assert carol.post(reverse("funding:fund-add"), fund_form(owner=world.opcc.pk)).status_code == 403
    assert carol.post(reverse("funding:fund-next-year", args=[fund.pk])).status_code == 403
    contribution = fund.contributions.first()
    assert carol.post(reverse("funding:fund-contribution-remove", args=[contribution.pk])).status_code == 403
    for persona in ("charity_caseworker", "council_caseworker", "outsider"):
        assert client_for(persona).post(reverse("funding:fund-next-year", args=[fund.pk])).status_code == 404
    assert Fund.objects.count() == 1 and fund.contributions.count() == 2


def test_reading_a_fund_is_audited(world, personas, greta):
    funding = funding_for_testford(world, personas)
    greta.get(reverse("funding:fund-detail", args=[funding.fund.pk]))
    assert AuditEntry.objects.filter(
        action="view", object_type="funding.Fund", object_id=str(funding.fund.pk), user_email="greta@opcc.example"
    ).exists()


def test_the_list_groups_funds_by_year_with_their_positions(world, personas, greta, client_for):
    funding = funding_for_testford(world, personas)
    make_fund(world, name="Prevention Fund", start_year=THIS_YEAR - 1, opening_budget="12000.00")
    page = greta.get(reverse("funding:fund-list")).content.decode()
    assert (
        f"{funding.fund.name} {funding.fund.year_label} Testshire Commissioner's Office £64,000.00 £0.00 £34,000.00 £64,000.00"
        in text(page)
    )
    assert page.index(financial_year.label(THIS_YEAR)) < page.index(financial_year.label(THIS_YEAR - 1))
    only_last_year = text(greta.get(reverse("funding:fund-list"), {"year": THIS_YEAR - 1}).content.decode())
    assert "Prevention Fund" in only_last_year and "Community Safety Fund" not in only_last_year
    assert "No funds yet." in text(client_for("outsider").get(reverse("funding:fund-list")).content.decode())


def test_the_list_takes_the_same_number_of_queries_however_many_funds(world, personas, greta):
    funding_for_testford(world, personas)
    greta.get(reverse("funding:fund-list"))  # warm up: sessions, settings
    with CaptureQueriesContext(connection) as one:
        greta.get(reverse("funding:fund-list"))
    for n in range(5):
        fund = make_fund(world, name=f"Fund {n}", start_year=THIS_YEAR - n % 3)
        FundContribution.objects.create(fund=fund, contributor=world.council, amount=Decimal("100.00"))
        make_grant(fund, world.charity, amount="50.00", status=GrantStatus.APPROVED)
        make_grant(fund, world.police, amount="25.00")
    with CaptureQueriesContext(connection) as six:
        response = greta.get(reverse("funding:fund-list"))
    assert "Fund 4" in response.content.decode()
    assert len(six) == len(one), [q["sql"] for q in six.captured_queries]
