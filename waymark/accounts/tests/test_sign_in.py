"""Signing in: password, then a code; lockout; deactivation; idle expiry; two-factor set-up."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD, make_user

STAFF_PAGES = [
    "core:home",
    "partners:organisation-list",
    "partners:user-list",
    "core:audit-log",
    "accounts:profile",
    "api:token-list",
]


def current_code(device: TOTPDevice) -> str:
    return (
        f"{TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift).token():06d}"
    )


def enter_password(client, email, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"email": email, "password": password})


@pytest.mark.django_db
def test_password_alone_reaches_no_staff_page(client, personas):
    response = enter_password(client, "carol@testford.example")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:verify"))
    for name in STAFF_PAGES:
        page = client.get(reverse(name))
        assert page.status_code == 302, name
        assert page["Location"].startswith(reverse("accounts:verify")), name
    api = client.get(reverse("api:organisation-list"))
    assert api.status_code == 403


@pytest.mark.django_db
def test_it_signs_in_with_password_and_code(client, personas):
    enter_password(client, "carol@testford.example")
    device = personas["coordinator"].totpdevice_set.get()
    response = client.post(reverse("accounts:verify"), {"code": current_code(device)}, follow=True)
    assert response.status_code == 200
    assert b"Hello, Carol" in response.content


@pytest.mark.django_db
def test_a_wrong_code_is_refused_and_explained(client, personas):
    enter_password(client, "carol@testford.example")
    response = client.post(reverse("accounts:verify"), {"code": "000000"})
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert b"The code is not right" in response.content
    assert client.get(reverse("core:home")).status_code == 302


@pytest.mark.django_db
def test_a_backup_code_works_once(client, personas):
    from waymark.accounts.services import issue_backup_codes

    codes = issue_backup_codes(personas["coordinator"])
    enter_password(client, "carol@testford.example")
    response = client.post(reverse("accounts:verify"), {"code": codes[0]}, follow=True)
    assert b"You have 9 left" in response.content
    client.post(reverse("accounts:logout"))
    enter_password(client, "carol@testford.example")
    response = client.post(reverse("accounts:verify"), {"code": codes[0]})
    assert b"The code is not right" in response.content


@pytest.mark.django_db
def test_wrong_password_keeps_the_email_typed(client, personas):
    response = enter_password(client, "carol@testford.example", "wrong password")
    assert response.status_code == 200
    assert b"The e-mail address or password is not right" in response.content
    assert b'value="carol@testford.example"' in response.content


@pytest.mark.django_db
def test_it_locks_the_account_after_repeated_failures(client, personas, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        enter_password(client, "carol@testford.example", "wrong password")
    response = enter_password(client, "carol@testford.example")  # the right password, too late
    assert response.status_code == 429
    assert b"Your account is locked for now" in response.content
    assert client.get(reverse("core:home")).status_code == 302
    # Another account is not affected.
    assert enter_password(client, "cathy@testford.example").status_code == 302


@pytest.mark.django_db
def test_a_deactivated_user_is_refused(client, personas):
    from waymark.partners.services import deactivate_user

    cathy = personas["council_caseworker"]
    deactivate_user(user=cathy, by=personas["coordinator"])
    response = enter_password(client, "cathy@testford.example")
    assert response.status_code == 200
    assert b"The e-mail address or password is not right" in response.content


@pytest.mark.django_db
def test_deactivation_ends_a_session_in_progress(client, personas):
    from conftest import sign_in
    from waymark.partners.services import deactivate_user

    sign_in(client, personas["council_caseworker"])
    assert client.get(reverse("core:home")).status_code == 200
    deactivate_user(user=personas["council_caseworker"], by=personas["coordinator"])
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_an_idle_session_expires(client, personas, settings):
    from conftest import sign_in

    sign_in(client, personas["coordinator"])
    assert client.get(reverse("core:home")).status_code == 200
    assert client.session.get_expiry_age() == settings.SESSION_IDLE_MINUTES * 60
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_activity_keeps_a_session_alive_without_a_write_on_every_request(client, personas, settings):
    from conftest import sign_in

    sign_in(client, personas["coordinator"])
    assert client.get(reverse("core:home")).status_code == 200
    key = client.session.session_key
    soon = timezone.now() + timedelta(minutes=5)  # as if 25 minutes idle

    # Within a minute of the last write, a request does not write the session again...
    Session.objects.filter(session_key=key).update(expire_date=soon)
    assert client.get(reverse("core:home")).status_code == 200
    assert Session.objects.get(session_key=key).expire_date == soon

    # ...after a minute it does, and the idle limit starts again from now.
    session = client.session
    session["_touched"] -= 61
    session.save()
    Session.objects.filter(session_key=key).update(expire_date=soon)
    assert client.get(reverse("core:home")).status_code == 200
    renewed = Session.objects.get(session_key=key).expire_date
    assert renewed > timezone.now() + timedelta(minutes=settings.SESSION_IDLE_MINUTES - 1)


@pytest.mark.django_db
def test_a_new_user_must_set_up_an_authenticator_app(client, world):
    user = make_user("new@testford.example", "Nina New", world.council)
    TOTPDevice.objects.filter(user=user).delete()
    response = enter_password(client, "new@testford.example")
    assert response["Location"].startswith(reverse("accounts:setup"))
    page = client.get(reverse("accounts:setup"))
    assert b"<svg" in page.content and b"QR code" in page.content
    assert client.get(reverse("core:home"))["Location"].startswith(reverse("accounts:setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("accounts:setup"), {"code": current_code(device)})
    assert response.status_code == 200
    assert b"Save your backup codes" in response.content
    assert response.content.count(b"<li>") >= 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("core:home")).status_code == 200


@pytest.mark.django_db
def test_demo_code_prints_the_current_code_in_demo_mode(settings):
    settings.DEMO_MODE = True
    call_command("seed_demo", stdout=StringIO())
    out = StringIO()
    call_command("demo_code", "coordinator@county.northshire.example", stdout=out)
    from waymark.accounts.models import User

    device = User.objects.get(email="coordinator@county.northshire.example").totpdevice_set.get()
    assert out.getvalue().strip() == current_code(device)


@pytest.mark.django_db
def test_demo_code_is_refused_outside_demo_mode(settings, personas):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="only in demo mode"):
        call_command("demo_code", "carol@testford.example")


@pytest.mark.django_db
def test_demo_code_is_refused_for_a_real_user(settings, personas):
    settings.DEMO_MODE = True
    with pytest.raises(CommandError, match="not a demo user"):
        call_command("demo_code", "carol@testford.example")


@pytest.mark.django_db
def test_password_reset_sends_a_link_that_works(client, personas, mailoutbox):
    client.post(reverse("accounts:password-reset"), {"email": "carol@testford.example"})
    assert len(mailoutbox) == 1
    link = next(line for line in mailoutbox[0].body.splitlines() if "/password-reset/" in line)
    response = client.get(link.replace("http://testserver", ""), follow=True)
    assert b"Choose a new password" in response.content
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "a brand new passphrase", "new_password2": "a brand new passphrase"},
        follow=True,
    )
    assert b"Your password has been changed" in response.content
    assert enter_password(client, "carol@testford.example", "a brand new passphrase").status_code == 302
