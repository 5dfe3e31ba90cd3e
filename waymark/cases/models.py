"""Concerns, cases, the pathway decision each rests on, tasks for partner organisations, and public
reports waiting for triage."""

from __future__ import annotations

import os
import secrets
from datetime import date

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from .vocabulary import ExploitationType, Gender, statistics_category


class CaseSource(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner referral"
    PUBLIC = "public", "Public report"


class CaseStatus(models.TextChoices):
    TRIAGE = "triage", "Waiting for triage"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class CaseOutcome(models.TextChoices):
    SUPPORTED = "supported", "Supported and safe"
    MOVED_AWAY = "moved_away", "Moved out of the area"
    DECLINED_SUPPORT = "declined_support", "Declined support"
    LOST_CONTACT = "lost_contact", "Lost contact"
    NOT_MODERN_SLAVERY = "not_modern_slavery", "Not modern slavery"
    DUPLICATE = "duplicate", "Duplicate of another case"
    OTHER = "other", "Other"


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
    outcome = models.CharField(max_length=30, choices=CaseOutcome.choices, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    # Optimistic locking: an edit states the version it started from; a stale one is refused.
    version = models.PositiveIntegerField(default=1)

    objects = CaseQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["what_happened"])

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The case list's order (newest first): the database reads a page off the index.
            models.Index(fields=["created_at", "id"], name="case_created"),
        ]

    def __str__(self) -> str:
        return self.reference

    @cached_property
    def latest_decision(self) -> PathwayDecision | None:
        """The pathway decision in force (the newest), read once per request however many parts of
        the page ask."""
        return self.decisions.first()

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
    # The same person across cases and agencies (waymark.people), once matched or recorded.
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="case_people"
    )

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


class TaskQuerySet(models.QuerySet["Task"]):
    def unfinished(self) -> TaskQuerySet:
        return self.filter(status__in=[TaskStatus.OPEN, TaskStatus.ACCEPTED])

    def overdue(self, today: date | None = None) -> TaskQuerySet:
        return self.unfinished().filter(due_date__lt=today or timezone.localdate())

    def for_organisation(self, organisation_id: int | None) -> TaskQuerySet:
        return self.filter(owner_organisation_id=organisation_id)


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
    reason = models.TextField(blank=True, help_text="Why it cannot be done.")
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    overdue_notified_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = TaskQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "order", "id"]
        indexes = [
            # "Which cases has this organisation tasks on" (visibility), answered from the index alone.
            models.Index(fields=["owner_organisation", "case"], name="task_owner_case"),
            # The task lists, in their order (due date first), so a page is read off the index and
            # the database stops after 50 rows: an organisation's unfinished tasks, and all overdue
            # ones. Partial: finished tasks, most of the table in time, are not in them.
            models.Index(
                fields=["owner_organisation", "due_date", "case", "order", "id"],
                condition=Q(status__in=[TaskStatus.OPEN, TaskStatus.ACCEPTED]),
                name="task_unfinished_owner_due",
            ),
            models.Index(
                fields=["due_date", "case", "order", "id"],
                condition=Q(status__in=[TaskStatus.OPEN, TaskStatus.ACCEPTED]),
                name="task_unfinished_due",
            ),
        ]

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


class EventKind(models.TextChoices):
    OPENED = "opened", "Case opened"
    TRIAGED = "triaged", "Triaged"
    TASK = "task", "Task"
    NRM = "nrm", "National Referral Mechanism"
    CONSENT = "consent", "Consent"
    SHARING = "sharing", "Sharing"
    LEAD = "lead", "Lead organisation"
    NOTE = "note", "Note"
    STATUS = "status", "Status"


class CaseEvent(models.Model):
    """One line of a case's timeline: who did what, when. Written by services, never edited."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    summary = models.CharField(max_length=300)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.case}: {self.summary}"


class CompetentAuthority(models.TextChoices):
    SCA = "sca", "Single Competent Authority (SCA)"
    IECA = "ieca", "Immigration Enforcement Competent Authority (IECA)"


class GroundsOutcome(models.TextChoices):
    POSITIVE = "positive", "Positive"
    NEGATIVE = "negative", "Negative"


class ConclusiveOutcome(models.TextChoices):
    """England and Wales have three outcomes; Scotland and Northern Ireland two (DOMAIN.md 1.6)."""

    TRAFFICKING = "trafficking", "Victim of modern slavery (human trafficking)"
    SLAVERY = "slavery", "Victim of modern slavery (slavery, servitude or forced or compulsory labour)"
    INSUFFICIENT = "insufficient_evidence", "Insufficient evidence"
    NOT_TRAFFICKING = "not_trafficking", "Not a victim of human trafficking"


class NRMReferral(models.Model):
    """The National Referral Mechanism for one case: referral, decisions, and support (DOMAIN.md 1.5-1.10)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="nrm")
    referred_on = models.DateField(null=True, blank=True)
    first_responder_organisation = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    competent_authority = models.CharField(max_length=10, choices=CompetentAuthority.choices, blank=True)
    home_office_reference = models.CharField(max_length=50, blank=True)
    rg_decision_on = models.DateField("Reasonable grounds decision date", null=True, blank=True)
    rg_outcome = models.CharField(max_length=10, choices=GroundsOutcome.choices, blank=True)
    cg_decision_on = models.DateField("Conclusive grounds decision date", null=True, blank=True)
    cg_outcome = models.CharField(max_length=30, choices=ConclusiveOutcome.choices, blank=True)
    duty_to_notify_sent_on = models.DateField(null=True, blank=True)
    victim_care_contract_referred_on = models.DateField(null=True, blank=True)
    accommodation_referred_on = models.DateField(null=True, blank=True)
    ictg_referred_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"NRM for {self.case}"


class Reconsideration(models.Model):
    """Only the first responder or support provider may ask (DOMAIN.md 1.6)."""

    nrm = models.ForeignKey(NRMReferral, on_delete=models.CASCADE, related_name="reconsiderations")
    decision = models.CharField(max_length=3, choices=[("rg", "Reasonable grounds"), ("cg", "Conclusive grounds")])
    requested_on = models.DateField()
    requested_by = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)
    decided_on = models.DateField(null=True, blank=True)
    upheld = models.BooleanField(null=True, blank=True, help_text="Yes if the original decision stands.")

    class Meta:
        ordering = ["requested_on"]

    def __str__(self) -> str:
        return f"Reconsideration of {self.get_decision_display()} for {self.nrm.case}"


class ConsentPurpose(models.TextChoices):
    NRM_REFERRAL = "nrm_referral", "Referral into the National Referral Mechanism"
    SHARING = "sharing", "Sharing their information with a named organisation"
    POLICE_CONTACT = "police_contact", "Contact from the police"


class ConsentRecord(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    person = models.ForeignKey(CasePerson, null=True, blank=True, on_delete=models.SET_NULL, related_name="consents")
    purpose = models.CharField(max_length=20, choices=ConsentPurpose.choices)
    organisation = models.ForeignKey(
        "partners.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="For sharing: the organisation they agreed to share with.",
    )
    given_on = models.DateField()
    how = models.CharField(max_length=200, help_text="For example: verbally, with an Albanian interpreter.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawn_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-given_on", "-id"]

    def __str__(self) -> str:
        return f"Consent to {self.get_purpose_display().lower()} ({self.case})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


class LawfulBasis(models.TextChoices):
    """Why information may be shared without consent (DOMAIN.md 4.2)."""

    CONSENT = "consent", "Consent recorded"
    SAFEGUARDING = "safeguarding", "Safeguarding of children and individuals at risk (DPA 2018 Sch 1 para 18)"
    UNLAWFUL_ACTS = "unlawful_acts", "Preventing or detecting unlawful acts (DPA 2018 Sch 1 para 10)"
    PUBLIC_TASK = "public_task", "Public task (UK GDPR Art 6(1)(e))"
    CRIME_AND_DISORDER = "crime_and_disorder", "Crime and Disorder Act 1998 s115"


class CaseShare(models.Model):
    """A case shared with an organisation that has no task on it, with the reason and the basis."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="case_shares")
    reason = models.TextField()
    lawful_basis = models.CharField(max_length=30, choices=LawfulBasis.choices)
    consent = models.ForeignKey(ConsentRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="shares")
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    shared_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-shared_at"]

    def __str__(self) -> str:
        return f"{self.case} shared with {self.organisation}"


class AccessRequestStatus(models.TextChoices):
    PENDING = "pending", "Waiting"
    GRANTED = "granted", "Granted"
    REFUSED = "refused", "Refused"


class AccessRequest(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="access_requests")
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=AccessRequestStatus.choices, default=AccessRequestStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.organisation} asks to see {self.case}"


class PrivateStorage(FileSystemStorage):
    """Documents live outside the web root (PRIVATE_MEDIA_ROOT) and are served only through an
    access-checked view. The location is read from settings on each use, so tests can move it."""

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property  # type: ignore[override]
    def base_url(self) -> None:  # type: ignore[override]
        return None


def _private_storage() -> PrivateStorage:
    return PrivateStorage()


def _document_path(instance: CaseDocument, filename: str) -> str:
    # The stored name is random: the original name is kept in the database only.
    return f"cases/{instance.case_id}/{secrets.token_hex(16)}"


class CaseNote(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    sensitive = models.BooleanField(default=False, help_text="Seen only by the author's organisation.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Note on {self.case} by {self.author}"


class CaseDocument(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to=_document_path, storage=_private_storage, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    description = models.CharField(max_length=300, blank=True)
    sensitive = models.BooleanField(default=False, help_text="Seen only by the uploader's organisation.")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class SupportEpisode(models.Model):
    """Support given outside (or alongside) the NRM: who, when, what was needed and what was done."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="support_episodes")
    person = models.ForeignKey(CasePerson, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    advocate = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    needs = models.JSONField(default=list, blank=True)
    services = models.JSONField(default=list, blank=True)
    outcomes = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-started_on"]

    def __str__(self) -> str:
        return f"Support from {self.organisation} for {self.case}"


class SupportFeedback(models.Model):
    """What the person supported said about it, and whether they agreed to its use in reports."""

    episode = models.ForeignKey(SupportEpisode, on_delete=models.CASCADE, related_name="feedback")
    given_on = models.DateField()
    felt_safe = models.PositiveSmallIntegerField(null=True, blank=True)  # 1 (not at all) to 5 (completely)
    felt_listened_to = models.PositiveSmallIntegerField(null=True, blank=True)
    got_help_needed = models.PositiveSmallIntegerField(null=True, blank=True)
    would_recommend = models.BooleanField(null=True, blank=True)
    in_their_words = models.TextField(blank=True)
    consent_to_use_in_reports = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-given_on"]

    def __str__(self) -> str:
        return f"Feedback on {self.episode}"
