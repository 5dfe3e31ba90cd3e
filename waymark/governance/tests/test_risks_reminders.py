"""The daily reminder when a risk's review date comes: to its owner and the partnership's coordinators,
once per risk per review date."""

from datetime import date, timedelta

import pytest
from django.core import mail

from waymark.governance import services_registers
from waymark.governance.models import RiskStatus
from waymark.governance.services_registers import send_risk_review_reminders
from waymark.governance.tests.factories import add_representative, governance_for_testford

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


@pytest.fixture
def gov(world, personas):
    gov = governance_for_testford(world, personas)
    gov.risk.review_date = TODAY - timedelta(days=1)
    gov.risk.save()
    mail.outbox.clear()
    return gov


def test_a_risk_past_its_review_date_reminds_the_owning_organisations_representatives_and_the_coordinators(gov):
    assert send_risk_review_reminders(today=TODAY) == 1
    (message,) = mail.outbox
    # The council owns R01 and Cathy represents it on the board; Carol coordinates Testford.
    assert sorted(message.to) == ["carol@testford.example", "cathy@testford.example"]
    assert message.subject == "Waymark: risk R01 is due for review"
    assert "Partners stop attending" in message.body
    assert f"/governance/risks/{gov.risk.pk}/" in message.body


def test_a_named_owner_is_reminded_in_place_of_the_organisation(gov, personas):
    gov.risk.owner_user = personas["intelligence_officer"]
    gov.risk.save()
    send_risk_review_reminders(today=TODAY)
    assert sorted(mail.outbox[0].to) == ["carol@testford.example", "ian@police.example"]


def test_each_review_date_is_reminded_once(gov):
    assert send_risk_review_reminders(today=TODAY) == 1
    assert send_risk_review_reminders(today=TODAY) == 0
    assert send_risk_review_reminders(today=TODAY + timedelta(days=1)) == 0
    assert len(mail.outbox) == 1


def test_a_new_review_date_earns_a_new_reminder_when_it_comes(gov, personas):
    send_risk_review_reminders(today=TODAY)
    risk = services_registers.update_risk(
        risk=gov.risk, version=gov.risk.version, by=personas["coordinator"], review_date=TODAY + timedelta(days=7)
    )
    assert send_risk_review_reminders(today=TODAY + timedelta(days=6)) == 0
    assert send_risk_review_reminders(today=TODAY + timedelta(days=7)) == 1
    risk.refresh_from_db()
    assert risk.review_reminder_sent_on == TODAY + timedelta(days=7)


def test_a_reminder_left_over_from_an_earlier_date_does_not_silence_a_later_one(gov):
    gov.risk.review_reminder_sent_on = TODAY - timedelta(days=30)  # for the review before this one
    gov.risk.save()
    assert send_risk_review_reminders(today=TODAY) == 1


@pytest.mark.parametrize(
    ("review_in_days", "status", "reminded"),
    [
        (0, RiskStatus.OPEN, True),
        (1, RiskStatus.OPEN, False),
        (-5, RiskStatus.TREATED, True),
        (-5, RiskStatus.CLOSED, False),
    ],
    ids=["due-today", "due-tomorrow", "treated-but-still-live", "closed"],
)
def test_which_risks_are_reminded(gov, review_in_days, status, reminded):
    gov.risk.review_date = TODAY + timedelta(days=review_in_days)
    gov.risk.status = status
    gov.risk.save()
    assert send_risk_review_reminders(today=TODAY) == (1 if reminded else 0)


def test_a_representative_with_no_account_is_written_to_at_their_own_address(gov, world):
    gov.risk.owner_organisation = world.police  # represented by Supt. Testshire, who has no account
    gov.risk.save()
    add_representative(gov.board, world.police, name="Deputy", email="CAROL@testford.example")  # same as Carol's
    send_risk_review_reminders(today=TODAY)
    assert sorted(a.lower() for a in mail.outbox[0].to) == ["carol@testford.example", "supt@police.example"]


def test_an_edit_is_not_made_stale_by_a_reminder(gov):
    version = gov.risk.version
    send_risk_review_reminders(today=TODAY)
    gov.risk.refresh_from_db()
    assert gov.risk.version == version
