"""The API: session users see what their pages show; tokens act for one organisation, with scopes."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from waymark.api.models import ServiceToken


def issue(world, scopes=("partners:read",), partnership=None):
    return ServiceToken.issue(
        name="Nightly export",
        organisation=world.council,
        partnership=partnership or world.testford,
        scopes=list(scopes),
    )


def bearer(plain: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {plain}"}


@pytest.mark.django_db
def test_a_token_reads_its_partnerships_organisations(client, world):
    _, plain = issue(world)
    response = client.get(reverse("api:organisation-list"), **bearer(plain))
    assert response.status_code == 200
    names = {o["name"] for o in response.json()["results"]}
    assert names == {"Testford Council", "Brightway", "Testshire Police", "Testshire Commissioner's Office"}


@pytest.mark.django_db
def test_the_token_is_stored_hashed(world):
    token, plain = issue(world)
    secret = plain.split("_", 2)[2]  # the secret itself may contain "_"
    assert secret not in token.secret_hash
    assert token.secret_hash == ServiceToken.hash_secret(secret)
    assert plain.startswith(f"wmk_{token.key_id}_")


@pytest.mark.django_db
def test_a_token_without_the_scope_is_refused(client, world):
    _, plain = issue(world, scopes=["audit:read"])
    assert client.get(reverse("api:organisation-list"), **bearer(plain)).status_code == 403


@pytest.mark.django_db
def test_a_revoked_token_is_refused(client, world):
    token, plain = issue(world)
    token.revoke()
    response = client.get(reverse("api:organisation-list"), **bearer(plain))
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


@pytest.mark.django_db
def test_a_wrong_secret_is_refused(client, world):
    token, _ = issue(world)
    response = client.get(reverse("api:organisation-list"), **bearer(f"wmk_{token.key_id}_guess"))
    assert response.status_code == 401


@pytest.mark.django_db
def test_whoami_names_the_service_account(client, world):
    _, plain = issue(world)
    data = client.get(reverse("api:whoami"), **bearer(plain)).json()
    assert data == {
        "kind": "service_account",
        "name": "Nightly export",
        "organisation": "Testford Council",
        "scopes": ["partners:read"],
    }


@pytest.mark.django_db
def test_a_token_cannot_see_another_partnership(client, world):
    _, plain = issue(world)
    url = reverse("api:organisation-detail", args=[world.other_council.pk])
    assert client.get(url, **bearer(plain)).status_code == 404


@pytest.mark.django_db
def test_a_signed_in_user_uses_the_api_with_their_session(client_for, world):
    response = client_for("charity_caseworker").get(reverse("api:partnership-list"))
    assert [p["name"] for p in response.json()["results"]] == ["Testford Anti-Slavery Partnership"]


@pytest.mark.django_db
def test_the_schema_is_openapi_3(client, db):
    response = client.get(reverse("api:schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/organisations/" in schema["paths"]


@pytest.mark.django_db
def test_the_docs_list_each_endpoint_with_its_scope(client, db):
    page = client.get(reverse("api:docs")).content.decode()
    assert "/api/v1/organisations/" in page and "partners:read" in page
    # Served from this server: no script, style or image from anywhere else.
    assert not re.search(r'(src|href)="(https?:)?//', page)


@pytest.mark.django_db
def test_a_coordinator_creates_and_revokes_a_token(client_for, world):
    coordinator = client_for("coordinator")
    response = coordinator.post(
        reverse("api:token-add"),
        {
            "name": "Case system",
            "partnership": world.testford.pk,
            "organisation": world.charity.pk,
            "scopes": ["partners:read"],
        },
    )
    assert b"Copy the token now" in response.content
    token = ServiceToken.objects.get(name="Case system")
    plain = response.content.decode().split('id="token-value">', 1)[1].split("<", 1)[0]
    assert coordinator.get(reverse("api:whoami"), **bearer(plain)).status_code == 200
    coordinator.post(reverse("api:token-revoke", args=[token.pk]))
    from django.test import Client

    assert Client().get(reverse("api:whoami"), **bearer(plain)).status_code == 401


@pytest.mark.django_db
def test_tokens_whose_secret_contains_underscores_work(client, world, monkeypatch):
    import secrets

    monkeypatch.setattr(secrets, "token_urlsafe", lambda n: "a_b_c_" + "x" * 40)
    _, plain = issue(world)
    assert plain.count("_") > 2
    assert client.get(reverse("api:whoami"), **bearer(plain)).status_code == 200


@pytest.mark.django_db
def test_a_token_reads_its_partnerships_audit_trail_and_the_read_is_logged(client, world, personas):
    from waymark.core import audit
    from waymark.core.models import AuditEntry

    audit.record(action="view", user=personas["council_caseworker"], object_type="test.Thing", object_id="mine")
    audit.record(action="view", user=personas["outsider"], object_type="test.Thing", object_id="theirs")
    _, plain = issue(world, scopes=["audit:read"])
    response = client.get(reverse("api:audit-entry-list"), **bearer(plain))
    assert response.status_code == 200
    ids = [e["object_id"] for e in response.json()["results"]]
    assert "mine" in ids and "theirs" not in ids
    assert AuditEntry.objects.filter(action="export", object_type="core.AuditEntry").exists()
