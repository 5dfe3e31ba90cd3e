"""Health check, security headers and production settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_healthz_says_ok_and_nothing_else(client):
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_pages_carry_security_headers(client):
    response = client.get(reverse("accounts:login"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_the_inline_script_carries_the_csp_nonce(client):
    response = client.get(reverse("accounts:login"))
    nonce = response["Content-Security-Policy"].split("'nonce-", 1)[1].split("'", 1)[0]
    assert f'nonce="{nonce}"' in response.content.decode()


@pytest.mark.django_db
def test_unknown_pages_get_the_govuk_404(client_for):
    response = client_for("coordinator").get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "a-long-random-production-secret-key-for-the-check-only-0123456789-abcdefghij",
        "ALLOWED_HOSTS": "waymark.example.org",
        "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "", "SQLITE_PATH": str(tmp_path / "db.sqlite3")}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_the_admin_needs_a_two_factor_sign_in_too(client, world):
    from conftest import make_user, sign_in

    admin = make_user("root@testshire.example", "Ada Admin", world.council)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)  # password only
    response = client.get("/admin/")
    assert response["Location"].startswith(reverse("accounts:verify"))
    sign_in(client, admin)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/partners/organisation/").status_code == 200


@pytest.mark.django_db
def test_the_admin_sign_in_page_sends_people_to_waymarks(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_a_request_for_an_unknown_host_gets_a_400_page(client):
    response = client.get(reverse("core:healthz"), HTTP_HOST="evil.example")
    assert response.status_code == 400


@pytest.mark.django_db
def test_a_stale_form_gets_a_plain_explanation(personas):
    from django.test import Client

    from conftest import sign_in

    client = sign_in(Client(enforce_csrf_checks=True), personas["coordinator"])
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 403
    assert b"Sorry, we could not accept that form" in response.content
