"""Signing in with an e-mail address and password (Django's ModelBackend), loading the user's
organisation with the user: every page names it (the navigation, the audit trail), so it comes in
the same query rather than a second one."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UserAndOrganisationBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        user = model._default_manager.select_related("organisation").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
