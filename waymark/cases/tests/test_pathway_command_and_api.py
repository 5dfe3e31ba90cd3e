"""The pathway decision from the command line and from the API."""

from __future__ import annotations

import io
import json
import sys

import pytest
from django.core.management import call_command
from django.urls import reverse

from waymark.api.models import ServiceToken

CHILD = {
    "nation": "england",
    "age_group": "child",
    "referrer_is_first_responder": True,
    "ictg_service_in_area": True,
    "decided_on": "2026-11-23",
}


def run_command(monkeypatch, text, *args):
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("pathway", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_the_command_prints_the_decision(monkeypatch):
    code, out, _ = run_command(monkeypatch, json.dumps(CHILD))
    assert code == 0
    decision = json.loads(out)
    assert [a["code"] for a in decision["actions"]] == [
        "children_social_care_referral",
        "nrm_referral",
        "ictg_referral",
    ]
    assert decision["treated_as_child"] is True


@pytest.mark.django_db
def test_the_command_uses_a_partnerships_contacts(monkeypatch, world):
    world.testford.childrens_social_care_front_door = "Testford MASH, 01632 960 777"
    world.testford.save()
    _, out, _ = run_command(monkeypatch, json.dumps(CHILD), "--partnership", str(world.testford.pk))
    assert "Testford MASH, 01632 960 777" in out


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "The input is not valid JSON"),
        (json.dumps({"nation": "england"}), "age_group: Give age_group"),
        (json.dumps({**CHILD, "colour": "red"}), "colour: Unknown fact"),
    ],
)
def test_the_command_explains_bad_input_and_exits_2(monkeypatch, text, message):
    code, out, err = run_command(monkeypatch, text)
    assert code == 2
    assert message in err
    assert out == ""


@pytest.mark.django_db
def test_the_api_decides_for_a_signed_in_user(client_for):
    response = client_for("council_caseworker").post(
        reverse("api:pathway-decide"), CHILD, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["actions"][0]["code"] == "children_social_care_referral"


@pytest.mark.django_db
def test_the_api_gives_field_errors(client_for):
    response = client_for("council_caseworker").post(
        reverse("api:pathway-decide"),
        {"nation": "mars", "age_group": "adult", "mood": "calm"},
        content_type="application/json",
    )
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"nation", "mood"}
    assert "must be one of" in errors["nation"][0]


@pytest.mark.django_db
def test_the_api_uses_the_tokens_partnership_and_needs_its_scope(client, world):
    world.testford.police_single_point_of_contact = "Testshire MSU desk"
    world.testford.save()
    _, plain = ServiceToken.issue(
        name="Triage", organisation=world.council, partnership=world.testford, scopes=["pathway:decide"]
    )
    adult = {"nation": "england", "age_group": "adult", "consents_to_nrm": True, "care_and_support_needs": False}
    response = client.post(
        reverse("api:pathway-decide"), adult, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {plain}"
    )
    assert response.status_code == 200
    assert "Testshire MSU desk" in json.dumps(response.json())
    _, read_only = ServiceToken.issue(
        name="Reader", organisation=world.council, partnership=world.testford, scopes=["partners:read"]
    )
    assert (
        client.post(
            reverse("api:pathway-decide"),
            adult,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {read_only}",
        ).status_code
        == 403
    )


@pytest.mark.django_db
def test_the_api_refuses_another_partnerships_settings(client_for, world):
    url = reverse("api:pathway-decide") + f"?partnership={world.otherton.pk}"
    assert client_for("council_caseworker").post(url, CHILD, content_type="application/json").status_code == 404
