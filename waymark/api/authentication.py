"""Bearer-token authentication for service accounts: `Authorization: Bearer wmk_<id>_<secret>`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from .models import TOKEN_PREFIX, ServiceToken


class ServiceAccount(AnonymousUser):
    """The `request.user` of a token request: not a person, acting for one organisation."""

    def __init__(self, token: ServiceToken) -> None:
        self.token = token
        self.organisation = token.organisation

    @property
    def is_authenticated(self) -> bool:  # type: ignore[override]
        return True

    def __str__(self) -> str:
        return f"service account {self.token.name}"


class ServiceTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, ServiceToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        parts = header.split()
        if not parts or parts[0] != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Give one token after 'Bearer'.")
        prefix, _, rest = parts[1].partition("_")
        key_id, _, secret = rest.partition("_")
        if prefix != TOKEN_PREFIX or not key_id or not secret:
            raise exceptions.AuthenticationFailed("The token is not in Waymark's format.")
        token = ServiceToken.objects.select_related("organisation", "partnership").filter(key_id=key_id).first()
        if token is None or not token.matches(secret):
            raise exceptions.AuthenticationFailed("The token is not valid.")
        if not token.is_active:
            raise exceptions.AuthenticationFailed("The token has been revoked.")
        if not token.organisation.is_active:
            raise exceptions.AuthenticationFailed("The token's organisation is no longer active.")
        ServiceToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return ServiceAccount(token), token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword
