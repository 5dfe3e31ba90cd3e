"""Invitations: the e-mailed link creates an account with its roles, once, before it expires."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from waymark.accounts.models import User
from waymark.accounts.services import invite_user


def invite(world, personas, **overrides):
    fields = {
        "email": "Nadia@Testford.example",
        "full_name": "Nadia New",
        "organisation": world.council,
        "partnership": world.testford,
        "roles": ["caseworker", "first_responder"],
        "by": personas["coordinator"],
    }
    return invite_user(**{**fields, **overrides})


def link_path(link: str) -> str:
    return link.split("testserver", 1)[-1].replace("http://127.0.0.1:8000", "")


@pytest.mark.django_db
def test_invitation_email_has_the_link(world, personas, mailoutbox):
    invitation, link = invite(world, personas)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["nadia@testford.example"]
    assert link in mailoutbox[0].body
    assert invitation.token_hash not in link  # only the hash is stored


@pytest.mark.django_db
def test_accepting_creates_the_account_with_its_roles(client, world, personas):
    _, link = invite(world, personas)
    path = link_path(link)
    page = client.get(path)
    assert b"Create your Waymark account" in page.content
    response = client.post(
        path, {"full_name": "Nadia New", "password1": "long enough passphrase", "password2": "long enough passphrase"}
    )
    assert response["Location"] == reverse("accounts:setup")
    user = User.objects.get(email="nadia@testford.example")
    assert user.organisation == world.council
    assert set(user.role_assignments.values_list("role", flat=True)) == {"caseworker", "first_responder"}
    # The link works once.
    client.logout()
    assert b"already been used" in client.get(path).content


@pytest.mark.django_db
def test_an_expired_invitation_is_refused(client, world, personas):
    invitation, link = invite(world, personas)
    invitation.expires_at = timezone.now() - timedelta(minutes=1)
    invitation.save()
    response = client.get(link_path(link))
    assert response.status_code == 410
    assert b"This invitation has expired" in response.content
    response = client.post(
        link_path(link),
        {"full_name": "Nadia", "password1": "long enough passphrase", "password2": "long enough passphrase"},
    )
    assert response.status_code == 410
    assert not User.objects.filter(email="nadia@testford.example").exists()


@pytest.mark.django_db
def test_invitations_expire_after_the_configured_days(world, personas, settings):
    settings.INVITATION_VALID_DAYS = 3
    invitation, _ = invite(world, personas)
    assert timedelta(days=2, hours=23) < invitation.expires_at - timezone.now() <= timedelta(days=3)


@pytest.mark.django_db
def test_a_new_invitation_replaces_the_old_one(client, world, personas):
    _, first = invite(world, personas)
    _, second = invite(world, personas)
    assert b"withdrawn" in client.get(link_path(first)).content
    assert client.get(link_path(second)).status_code == 200


@pytest.mark.django_db
def test_mismatched_passwords_keep_what_was_typed(client, world, personas):
    _, link = invite(world, personas)
    response = client.post(
        link_path(link), {"full_name": "Nadia Newton", "password1": "long enough passphrase", "password2": "different"}
    )
    assert response.status_code == 200
    assert b"The passwords do not match" in response.content
    assert b'value="Nadia Newton"' in response.content


@pytest.mark.django_db
def test_an_unknown_link_is_not_found(client, db):
    response = client.get(reverse("accounts:accept-invitation", args=["nonsense"]))
    assert response.status_code == 404
    assert b"This invitation link is not valid" in response.content
