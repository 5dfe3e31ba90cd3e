"""The append-only audit trail: every read of personal data and every change, hash-chained."""

from __future__ import annotations

import hashlib
import json

from django.db import models


class AuditAction(models.TextChoices):
    VIEW = "view", "View"
    CREATE = "create", "Create"
    UPDATE = "update", "Update"
    DELETE = "delete", "Delete"
    EXPORT = "export", "Export"
    SIGN_IN = "sign_in", "Sign in"
    SIGN_OUT = "sign_out", "Sign out"
    SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an audit entry."""


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: object) -> int:
        raise AppendOnlyError("Audit entries cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit entries cannot be removed.")


class AuditEntry(models.Model):
    """One event. `entry_hash` covers the fields below and the previous entry's hash, so altering or
    removing any entry breaks the chain from that point (see `waymark.core.audit.verify_chain`)."""

    sequence = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField(db_index=True)
    # Plain values, not foreign keys: the entry must say who it was even if a user or organisation
    # is later changed or removed, and no cascade may ever touch the chain.
    user_id_at_time = models.BigIntegerField(null=True, blank=True, db_index=True)
    user_email = models.CharField(max_length=254, blank=True)
    organisation_name = models.CharField(max_length=200, blank=True)
    organisation_id_at_time = models.BigIntegerField(null=True, blank=True)
    action = models.CharField(max_length=20, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField(max_length=100, blank=True, db_index=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    path = models.CharField(max_length=500, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-sequence"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"#{self.sequence} {self.user_email or 'system'} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit entries cannot be removed.")

    def canonical(self) -> str:
        """The text the hash covers: every recorded field, in a fixed order and format."""
        return json.dumps(
            [
                self.sequence,
                self.at.isoformat(timespec="microseconds"),
                self.user_id_at_time,
                self.user_email,
                self.organisation_name,
                self.organisation_id_at_time,
                self.action,
                self.object_type,
                self.object_id,
                self.object_repr,
                self.path,
                self.detail,
                self.previous_hash,
            ],
            sort_keys=True,
            separators=(",", ":"),
            default=str,
        )

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical().encode()).hexdigest()


class AuditHead(models.Model):
    """A single row holding the newest entry's sequence and hash, so removing entries from the end
    of the chain is detected too. Updated in the same transaction as each append."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.PositiveBigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64, default="")

    class Meta:
        verbose_name = "audit chain head"

    def __str__(self) -> str:
        return f"Audit chain head at #{self.sequence}"


class Generation(models.Model):
    """A counter per named set of records (for example the cases of one partnership), moved on
    after every committed change to the set. Whatever is cached about the set carries the numbers
    it was computed at, so a change anywhere makes it stale at once, in every server process."""

    key = models.CharField(max_length=100, primary_key=True)
    number = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key} at {self.number}"
