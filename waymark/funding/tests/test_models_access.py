"""The funding models on a real database: a fund's position, and who sees what."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from waymark.funding import access
from waymark.funding.models import GrantStatus
from waymark.funding.tests.factories import funding_for_testford, make_grant, signers

pytestmark = pytest.mark.django_db


def test_fund_position_counts_contributions_reserve_and_committed_grants(world, personas):
    funding = funding_for_testford(world, personas)
    position = funding.fund.position()
    assert position.available == Decimal("64000.00")  # 6,000 reserve + 50,000 + 2 x 4,000
    assert position.committed == 0 and position.proposed == Decimal("34000.00")
    funding.grant.status = GrantStatus.APPROVED
    funding.grant.save()
    make_grant(funding.fund, world.police, title="Pilot", amount="10000.00", status=GrantStatus.DECLINED)
    position = funding.fund.position()
    assert position.committed == Decimal("34000.00")
    assert position.remaining == Decimal("30000.00")


def test_who_sees_what(world, personas):
    funding = funding_for_testford(world, personas)
    grants_officer, coordinator = personas["grants_officer"], personas["coordinator"]
    charity, council = personas["charity_caseworker"], personas["council_caseworker"]
    assert access.get_fund_for_user(grants_officer, funding.fund.pk, action=access.MANAGE)
    assert access.get_fund_for_user(coordinator, funding.fund.pk)
    with pytest.raises(PermissionDenied):
        access.get_fund_for_user(coordinator, funding.fund.pk, action=access.MANAGE)
    # The recipient sees its grant and returns, but not the fund or the draft report.
    assert access.get_grant_for_user(charity, funding.grant.pk, action=access.SUBMIT_RETURN)
    assert not access.may_see_fund_position(charity, funding.grant)
    for lookup, pk in (
        (access.get_fund_for_user, funding.fund.pk),
        (access.get_report_for_user, funding.report.pk),
    ):
        with pytest.raises(Http404):
            lookup(charity, pk)
    # Nobody else at the council or outside the partnership finds any of it.
    for user in (council, personas["intelligence_officer"], personas["outsider"]):
        for lookup, pk in (
            (access.get_fund_for_user, funding.fund.pk),
            (access.get_grant_for_user, funding.grant.pk),
            (access.get_report_for_user, funding.report.pk),
            (access.get_return_for_user, funding.first_return.pk),
        ):
            with pytest.raises(Http404):
                lookup(user, pk)
    # The scrutineer (Carol) reviews; the recipient may not.
    assert access.get_return_for_user(coordinator, funding.first_return.pk, action=access.SCRUTINISE)
    with pytest.raises(PermissionDenied):
        access.get_return_for_user(charity, funding.first_return.pk, action=access.SCRUTINISE)


def test_signers_act_only_in_their_own_capacity(world, personas):
    funding = funding_for_testford(world, personas)
    people = signers(world)
    report = funding.report
    assert access.officer_of(people.chief_executive, world.testford.pk) == ["monitoring_officer"]
    assert access.officer_of(people.chief_finance_officer, world.testford.pk) == ["chief_finance_officer"]
    assert access.get_report_for_user(people.commissioner, report.pk, action=access.DECIDE)
    assert access.get_report_for_user(people.chief_executive, report.pk, action=access.SIGN_OFF_REDACTION)
    for user, action in (
        (people.commissioner, access.APPROVE),
        (people.chief_finance_officer, access.DECIDE),
        (people.chief_finance_officer, access.SIGN_OFF_REDACTION),
        (personas["grants_officer"], access.DECIDE),
        (personas["grants_officer"], access.APPROVE),
    ):
        with pytest.raises(PermissionDenied):
            access.get_report_for_user(user, report.pk, action=action)


def test_the_landing_page_offers_each_section_to_those_who_use_it(world, personas, client_for):
    funding_for_testford(world, personas)
    officer = client_for("grants_officer").get("/funding/").content.decode()
    for section in ("Funds", "Grants", "Decision reports", "Performance returns", "Published decisions", "Settings"):
        assert f">{section}</a>" in officer, section
    recipient = client_for("charity_caseworker").get("/funding/").content.decode()
    assert ">Grants</a>" in recipient and ">Performance returns</a>" in recipient
    for hidden in ("Funds", "Decision reports", "Settings"):
        assert f">{hidden}</a>" not in recipient, hidden
    coordinator = client_for("coordinator").get("/funding/").content.decode()
    assert ">Funds</a>" in coordinator and ">Settings</a>" not in coordinator
