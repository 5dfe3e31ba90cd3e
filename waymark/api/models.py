"""Service-account tokens: each acts for one organisation with named scopes; stored hashed."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


class Scope(models.TextChoices):
    PARTNERS_READ = "partners:read", "Read organisations and partnerships"
    AUDIT_READ = "audit:read", "Read the audit log"
    PATHWAY_DECIDE = "pathway:decide", "Work out the referral pathway for a set of facts"
    CASES_READ = "cases:read", "Read the cases its organisation works on (no personal data)"
    TASKS_READ = "tasks:read", "Read the tasks on those cases"


TOKEN_PREFIX = "wmk"


class ServiceTokenQuerySet(models.QuerySet["ServiceToken"]):
    def active(self) -> ServiceTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class ServiceToken(models.Model):
    name = models.CharField(max_length=100, help_text="What uses this token, for example 'Case system export'.")
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.CASCADE, related_name="service_tokens")
    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="service_tokens")
    scopes = models.JSONField(default=list)
    # The token is "wmk_<key_id>_<secret>": key_id finds the row, only the secret's hash is kept.
    key_id = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ServiceTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"

    @staticmethod
    def hash_secret(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()

    @classmethod
    def issue(cls, **fields: object) -> tuple[ServiceToken, str]:
        """Create a token; the plain value is returned once and never stored."""
        key_id = secrets.token_hex(8)
        secret = secrets.token_urlsafe(32)
        token = cls.objects.create(key_id=key_id, secret_hash=cls.hash_secret(secret), **fields)
        return token, f"{TOKEN_PREFIX}_{key_id}_{secret}"

    def matches(self, secret: str) -> bool:
        return secrets.compare_digest(self.secret_hash, self.hash_secret(secret))

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def get_scopes_display(self) -> list[str]:
        labels = dict(Scope.choices)
        return [labels.get(s, s) for s in self.scopes]
