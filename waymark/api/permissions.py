"""Deny by default: a token needs every scope the endpoint declares; a person needs to be signed in
with two-factor authentication."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from .models import ServiceToken


class HasScope(BasePermission):
    message = "You do not have permission to use this endpoint."

    def has_permission(self, request: Request, view: Any) -> bool:
        if isinstance(request.auth, ServiceToken):
            required = getattr(view, "required_scopes", None)
            if required is None:  # an endpoint that declares no scopes is closed to tokens
                return False
            return set(required) <= set(request.auth.scopes)
        user = request.user
        return bool(user and user.is_authenticated and getattr(user, "is_verified", lambda: False)())
