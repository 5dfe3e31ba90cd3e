"""Permission expectations: helpers for writing them, and the rows for the platform's own URLs.

Each app may add a module `waymark/<app>/tests/matrix*.py` with its own `EXPECTATIONS` dict;
`test_permission_matrix.py` gathers them all. Rows are url name: (method, kwargs maker, statuses).
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from conftest import PERSONA_NAMES

PERSONAS = [p for p in PERSONA_NAMES if p != "anonymous"]


def everyone(status: int, anonymous: int = 302) -> dict[str, int]:
    return {**dict.fromkeys(PERSONAS, status), "anonymous": anonymous}


def coordinators(status: int = 200, others: int = 403) -> dict[str, int]:
    """Any coordinator may use it (the outsider coordinates Otherton); others are refused."""
    return {**everyone(others), "coordinator": status, "outsider": status}


def members_of_testford(status: int = 200) -> dict[str, int]:
    """Records of the Testford partnership: its members see them; the outsider gets 404."""
    return {**everyone(status), "outsider": 404}


def coordinator_of_testford(status: int = 200) -> dict[str, int]:
    """Managing Testford: only its coordinator; the outsider's 404 does not disclose the record."""
    return {**everyone(403), "coordinator": status, "outsider": 404}


def _target_user(world, personas):
    return {"pk": personas["council_caseworker"].pk}


def _charity(world, personas):
    return {"pk": world.charity.pk}


def _testford(world, personas):
    return {"pk": world.testford.pk}


def _membership(world, personas):
    return {"pk": world.charity.memberships.get(partnership=world.testford).pk}


def _role(world, personas):
    return {"pk": personas["council_caseworker"].role_assignments.get().pk}


def _invitation(world, personas):
    from waymark.accounts.models import Invitation

    invitation = Invitation.objects.create(
        email="new@testford.example",
        full_name="New Person",
        organisation=world.council,
        partnership=world.testford,
        roles=["caseworker"],
        token_hash="a" * 64,
        invited_by=personas["coordinator"],
        expires_at=timezone.now() + timedelta(days=7),
    )
    return {"pk": invitation.pk}


def _invitation_token(world, personas):
    from waymark.accounts.models import Invitation, hash_token

    Invitation.objects.create(
        email="new@testford.example",
        full_name="New Person",
        organisation=world.council,
        partnership=world.testford,
        roles=["caseworker"],
        token_hash=hash_token("matrix-token"),
        expires_at=timezone.now() + timedelta(days=7),
    )
    return {"token": "matrix-token"}


def _token(world, personas):
    from waymark.api.models import ServiceToken

    token, _ = ServiceToken.issue(
        name="Export", organisation=world.council, partnership=world.testford, scopes=["partners:read"]
    )
    return {"pk": token.pk}


def _reset_link(world, personas):
    return {"uidb64": "MQ", "token": "not-a-real-token"}


def _audit_entry(world, personas):
    from waymark.core import audit

    entry = audit.record(action="view", user=personas["council_caseworker"], object_type="test.Thing", object_id="1")
    return {"sequence": entry.sequence}


def _no_kwargs(world, personas):
    return {}


# url name: (HTTP method, kwargs maker, {persona: expected status})
EXPECTATIONS = {
    "core:home": ("get", _no_kwargs, everyone(200)),
    "core:healthz": ("get", _no_kwargs, everyone(200, anonymous=200)),
    "core:accessibility": ("get", _no_kwargs, everyone(200, anonymous=200)),
    "core:privacy": ("get", _no_kwargs, everyone(200, anonymous=200)),
    "core:cookies": ("get", _no_kwargs, everyone(200, anonymous=200)),
    "core:audit-log": ("get", _no_kwargs, coordinators()),
    "core:audit-export": ("get", _no_kwargs, coordinators()),
    "admin-login": ("get", _no_kwargs, everyone(403)),
    "accounts:login": ("get", _no_kwargs, everyone(302, anonymous=200)),
    "accounts:verify": ("get", _no_kwargs, everyone(302)),
    "accounts:logout": ("post", _no_kwargs, everyone(302)),
    "accounts:setup": ("get", _no_kwargs, everyone(200)),
    "accounts:backup-codes": ("post", _no_kwargs, everyone(200)),
    "accounts:profile": ("get", _no_kwargs, everyone(200)),
    "accounts:password-change": ("get", _no_kwargs, everyone(200)),
    "accounts:password-changed": ("get", _no_kwargs, everyone(200)),
    "accounts:accept-invitation": ("get", _invitation_token, everyone(200, anonymous=200)),
    "accounts:password-reset": ("get", _no_kwargs, everyone(200, anonymous=200)),
    "accounts:password-reset-sent": ("get", _no_kwargs, everyone(200, anonymous=200)),
    "accounts:password-reset-confirm": ("get", _reset_link, everyone(200, anonymous=200)),
    "accounts:password-reset-complete": ("get", _no_kwargs, everyone(200, anonymous=200)),
    "partners:organisation-list": ("get", _no_kwargs, everyone(200)),
    "partners:organisation-add": ("get", _no_kwargs, coordinators()),
    "partners:organisation-detail": ("get", _charity, members_of_testford()),
    "partners:organisation-edit": ("get", _charity, coordinator_of_testford()),
    "partners:partnership-detail": ("get", _testford, members_of_testford()),
    "partners:partnership-edit": ("get", _testford, coordinator_of_testford()),
    "partners:membership-add": ("get", _testford, coordinator_of_testford()),
    "partners:membership-end": ("get", _membership, coordinator_of_testford()),
    "partners:user-list": ("get", _no_kwargs, coordinators()),
    "partners:user-invite": ("get", _no_kwargs, coordinators()),
    "partners:user-detail": ("get", _target_user, coordinator_of_testford()),
    "partners:role-add": ("post", _target_user, coordinator_of_testford(400)),
    "partners:user-deactivate": ("post", _target_user, coordinator_of_testford(302)),
    "partners:user-reactivate": ("post", _target_user, coordinator_of_testford(302)),
    "partners:user-reset-two-factor": ("post", _target_user, coordinator_of_testford(302)),
    "partners:user-unlock": ("post", _target_user, coordinator_of_testford(302)),
    "partners:role-remove": ("post", _role, coordinator_of_testford(302)),
    "partners:invitation-withdraw": ("post", _invitation, coordinator_of_testford(302)),
    "api:schema": ("get", _no_kwargs, everyone(200, anonymous=200)),
    "api:docs": ("get", _no_kwargs, everyone(200, anonymous=200)),
    "api:whoami": ("get", _no_kwargs, everyone(200, anonymous=401)),
    "api:organisation-list": ("get", _no_kwargs, everyone(200, anonymous=401)),
    "api:organisation-detail": ("get", _charity, {**members_of_testford(), "anonymous": 401}),
    "api:partnership-list": ("get", _no_kwargs, everyone(200, anonymous=401)),
    "api:partnership-detail": ("get", _testford, {**members_of_testford(), "anonymous": 401}),
    "api:pathway-decide": ("post", _no_kwargs, everyone(400, anonymous=401)),
    "api:audit-entry-list": ("get", _no_kwargs, {**everyone(403, anonymous=401), "coordinator": 200, "outsider": 200}),
    "api:audit-entry-detail": (
        "get",
        _audit_entry,
        {**everyone(403, anonymous=401), "coordinator": 200, "outsider": 404},
    ),
    "api:token-list": ("get", _no_kwargs, coordinators()),
    "api:token-add": ("get", _no_kwargs, coordinators()),
    "api:token-revoke": ("post", _token, coordinator_of_testford(302)),
    # The Django admin is for reference data, staff only; no persona is staff.
    "admin:index": ("get", _no_kwargs, everyone(302)),
}
