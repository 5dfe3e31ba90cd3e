"""Every signed-in page needs two-factor authentication: a user who has entered only a password is
sent to enter a code, or to set up an authenticator app if they have none yet."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

# Views a password-only user may reach to finish signing in.
HALF_SIGNED_IN_VIEWS = frozenset({"accounts:verify", "accounts:setup", "accounts:logout"})


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if not getattr(view_func, "login_required", True):
            return None  # public page (sign-in, health check, accessibility statement...)
        user = request.user
        if not user.is_authenticated or user.is_verified():  # type: ignore[attr-defined]
            return None  # LoginRequiredMiddleware has already handled anonymous users
        match = request.resolver_match
        if match is not None and match.view_name in HALF_SIGNED_IN_VIEWS:
            return None
        target = "accounts:verify" if user_has_device(user) else "accounts:setup"
        return redirect(f"{reverse(target)}?next={request.get_full_path()}")
