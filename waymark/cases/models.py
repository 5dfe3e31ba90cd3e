"""Concerns, cases, the pathway decision each rests on, tasks for partner organisations, and public
reports waiting for triage."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .vocabulary import ExploitationType, Gender, statistics_category


class CaseSource(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner referral"
    PUBLIC = "public", "Public report"


class CaseStatus(models.TextChoices):
    TRIAGE = "triage", "Waiting for triage"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class ReferenceCounter(models.Model):
    """The last case number used by a partnership in a year, for references like NS-2026-000123."""

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partnership", "year"], name="unique_reference_counter")]

    def __str__(self) -> str:
        return f"{self.partnership_id}/{self.year}: {self.last}"


class CaseQuerySet(models.QuerySet["Case"]):
    def in_triage(self) -> CaseQuerySet:
        return self.filter(status=CaseStatus.TRIAGE)


class Case(models.Model):
    reference = models.CharField(max_length=30, unique=True)
    partnership = models.ForeignKey("partners.Partnership", on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.TRIAGE)
    source = models.CharField(max_length=20, choices=CaseSource.choices)
    lead_organisation = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="led_cases"
    )
    referring_organisation = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="referred_cases"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # What happened, in the Home Office form's terms (DOMAIN.md 3).
    what_happened = models.TextField(blank=True)
    exploitation_types = models.JSONField(default=list, blank=True)  # ExploitationType values
    indicators = models.JSONField(default=list, blank=True)  # vocabulary.INDICATORS keys
    locations = models.JSONField(default=list, blank=True)  # UK towns or countries, as written
    exploitation_location = models.CharField(max_length=20, blank=True)  # uk, overseas, uk_and_overseas
    when_exploited = models.CharField(max_length=200, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.TextField(blank=True)

    objects = CaseQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["what_happened"])

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.reference

    @property
    def statistics_category(self) -> str:
        """The exploitation type as the Home Office statistics count it, e.g. "Sexual & Labour"."""
        return statistics_category(self.exploitation_types)

    def get_exploitation_types_display(self) -> list[str]:
        labels = dict(ExploitationType.choices)
        return [labels.get(code, code) for code in self.exploitation_types]


class PersonRole(models.TextChoices):
    POTENTIAL_VICTIM = "potential_victim", "Potential victim"
    EXPLOITER = "exploiter", "Suspected exploiter"
    OTHER = "other", "Other"


class CasePerson(models.Model):
    """A person named in a case. Matching across cases (people app) links these to person records."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(max_length=20, choices=PersonRole.choices)
    given_names = models.CharField(max_length=200, blank=True)
    family_name = models.CharField(max_length=200, blank=True)
    aliases = models.JSONField(default=list, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    estimated_age = models.PositiveSmallIntegerField(null=True, blank=True)
    gender = models.CharField(max_length=20, choices=Gender.choices, blank=True)
    nationalities = models.JSONField(default=list, blank=True)
    languages = models.JSONField(default=list, blank=True)
    contact = models.TextField(blank=True)
    description = models.TextField(blank=True)
    # An adult who declines the NRM and will not co-operate stays anonymous (DOMAIN.md 1.3, 1.4).
    anonymous = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "id"]

    def __str__(self) -> str:
        if self.anonymous:
            return "Anonymous potential victim"
        name = " ".join(p for p in (self.given_names, self.family_name) if p)
        return name or self.get_role_display()


class PathwayDecision(models.Model):
    """The engine's decision for a case, stored whole with the facts and rules version it used."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decisions")
    rules_version = models.CharField(max_length=20)
    facts = models.JSONField()
    decision = models.JSONField()
    decided_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-decided_at"]
        get_latest_by = "decided_at"

    def __str__(self) -> str:
        return f"Decision for {self.case} ({self.rules_version})"


class TaskStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACCEPTED = "accepted", "Accepted"
    DONE = "done", "Done"
    CANNOT_DO = "cannot_do", "Cannot do"


class Task(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    code = models.CharField(max_length=40, help_text="The pathway action code, or 'manual'.")
    title = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    owner_organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="tasks")
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    due_date = models.DateField(null=True, blank=True)
    immediately = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    legal_basis = models.CharField(max_length=300, blank=True)
    explanation = models.TextField(blank=True)
    outcome = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "order", "id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.case})"


class ConcernDraft(models.Model):
    """A practitioner's "report a concern" answers, saved after every page so nothing is lost."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="concern_drafts")
    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="+")
    answers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    case = models.OneToOneField(Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="draft")

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"Draft concern {self.pk} by {self.created_by}"


def new_receipt() -> str:
    """A receipt that reveals nothing: no date, no sequence, no partnership."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    code = "".join(secrets.choice(alphabet) for _ in range(8))
    return f"R-{code[:4]}-{code[4:]}"


class PublicReportStatus(models.TextChoices):
    NEW = "new", "New"
    CASE_OPENED = "case_opened", "Case opened"
    LINKED = "linked", "Linked to a case"
    CLOSED = "closed", "Closed"


class PublicReport(models.Model):
    """An anonymous report from a member of the public, waiting in the partnership's triage queue."""

    receipt = models.CharField(max_length=20, unique=True, default=new_receipt)
    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="public_reports")
    what_seen = models.TextField()
    where = models.CharField(max_length=500)
    when = models.CharField(max_length=200, blank=True)
    signs_seen = models.JSONField(default=list, blank=True)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    contact_email = models.EmailField(blank=True)
    # A keyed hash of the sender's address, only for rate limiting; the address is not kept.
    sender_hash = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=PublicReportStatus.choices, default=PublicReportStatus.NEW)
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="public_reports")
    closed_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Public report {self.receipt}"
