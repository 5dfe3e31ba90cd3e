"""Shared test setup and the personas every app's tests use.

Testshire has a local partnership (Testford) under a county one; Otherton is a separate partnership.

- Carol, the Testford partnership coordinator, at Testford Council
- Cathy, a caseworker at Testford Council (the lead council)
- Charlie, a caseworker at Brightway, a partner charity
- Ian, a police intelligence officer at Testshire Police
- Greta, a grants officer at the commissioner's office
- Oscar, an outsider: a coordinator in the Otherton partnership
- anonymous: nobody signed in
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

# The sync Playwright API runs an event loop in the test thread; Django's ORM must be allowed there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct horse battery staple"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each test starts with an empty cache: the database is rolled back between tests, and cached
    # figures (waymark.core.generations) would otherwise outlive the rows they were counted from.
    cache.clear()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": shutil.which("chromium"), "args": CHROMIUM_FLAGS}


@dataclass
class World:
    county: object
    testford: object
    otherton: object
    council: object
    charity: object
    police: object
    opcc: object
    other_council: object


@pytest.fixture
def world(db) -> World:
    from waymark.partners.models import Membership, Organisation, Partnership

    county = Partnership.objects.create(name="Testshire County Partnership")
    testford = Partnership.objects.create(name="Testford Anti-Slavery Partnership", parent=county)
    otherton = Partnership.objects.create(name="Otherton Anti-Slavery Partnership")
    council = Organisation.objects.create(
        name="Testford Council", kind="local_authority", is_first_responder=True, is_public_authority=True
    )
    charity = Organisation.objects.create(name="Brightway", kind="charity")
    police = Organisation.objects.create(
        name="Testshire Police", kind="police_force", is_first_responder=True, is_public_authority=True
    )
    opcc = Organisation.objects.create(name="Testshire Commissioner's Office", kind="commissioners_office")
    other_council = Organisation.objects.create(name="Otherton Council", kind="local_authority")
    for organisation in (council, charity, police, opcc):
        Membership.objects.create(organisation=organisation, partnership=testford, kind="statutory")
    Membership.objects.create(organisation=police, partnership=county, kind="statutory")
    Membership.objects.create(organisation=other_council, partnership=otherton, kind="statutory")
    # Who owns each kind of pathway task in Testford.
    Partnership.objects.filter(pk=testford.pk).update(
        case_reference_prefix="TF",
        childrens_social_care_front_door="Testford MASH, 01632 960 300",
        childrens_social_care_organisation=council,
        adult_social_care_organisation=council,
        police_organisation=police,
        first_responder_organisation=police,
        local_support_organisation=charity,
    )
    testford.refresh_from_db()
    return World(county, testford, otherton, council, charity, police, opcc, other_council)


def make_user(email, full_name, organisation, roles=()):
    from waymark.accounts.models import User
    from waymark.partners.models import RoleAssignment

    user = User.objects.create_user(email, PASSWORD, full_name=full_name, organisation=organisation)
    TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)
    for partnership, role in roles:
        RoleAssignment.objects.create(user=user, partnership=partnership, role=role)
    return user


@pytest.fixture
def personas(world):
    return {
        "coordinator": make_user(
            "carol@testford.example", "Carol Coordinator", world.council, [(world.testford, "coordinator")]
        ),
        "council_caseworker": make_user(
            "cathy@testford.example", "Cathy Caseworker", world.council, [(world.testford, "caseworker")]
        ),
        "charity_caseworker": make_user(
            "charlie@brightway.example", "Charlie Caseworker", world.charity, [(world.testford, "caseworker")]
        ),
        "intelligence_officer": make_user(
            "ian@police.example", "Ian Intelligence", world.police, [(world.testford, "intelligence_officer")]
        ),
        "grants_officer": make_user(
            "greta@opcc.example", "Greta Grants", world.opcc, [(world.testford, "grants_officer")]
        ),
        "outsider": make_user(
            "oscar@otherton.example", "Oscar Outsider", world.other_council, [(world.otherton, "coordinator")]
        ),
    }


PERSONA_NAMES = [
    "coordinator",
    "council_caseworker",
    "charity_caseworker",
    "intelligence_officer",
    "grants_officer",
    "outsider",
    "anonymous",
]


def sign_in(client: Client, user) -> Client:
    """Signed in with password and two-factor, as after the real sign-in journey."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = user.totpdevice_set.get(confirmed=True).persistent_id
    session.save()
    return client


@pytest.fixture
def client_for(personas):
    def _client(name: str) -> Client:
        client = Client()
        if name == "anonymous":
            return client
        return sign_in(client, personas[name])

    return _client
