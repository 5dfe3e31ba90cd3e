"""Funding: funds, grants, decision reports with sign-off and publication, performance returns.

Every record belongs to one partnership: a fund directly, a grant through its fund, a decision report
directly (kept beside its grant for access and its reference sequence), a return through its grant.
Money is kept in pounds as Decimal with two places. Documents live outside the web root, as case
documents do, and are served only through access-checked views.

The rules live in pure modules beside this one: `financial_year` (April to March),
`fund_arithmetic` (a fund's position), `decision_flow` (the order of sign-off, decision and
publication), `reference` (the office's reference format), `report_sections` (the sections of a
decision report, and what the public may read of them).
"""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from waymark.cases.models import PrivateStorage

from . import financial_year, fund_arithmetic
from . import reference as reference_rules
from .decision_flow import STATE_LABELS, Officer, State

if TYPE_CHECKING:
    from waymark.accounts.models import User


def _money(verbose_name: str | None = None, *, default: Decimal | None = None) -> models.DecimalField:
    """Pounds and pence, never negative."""
    field = models.DecimalField(
        verbose_name, max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    if default is not None:
        field.default = default
    return field


STANDARD_CONDITIONS = (
    "This grant is made under the commissioner's standard funding agreement. The grant is used only "
    "for the purpose agreed; any underspend is returned; the recipient reports on the measures agreed, "
    "by the dates agreed; the commissioner takes on no liability beyond the grant period."
)


def _private_storage() -> PrivateStorage:
    return PrivateStorage()


def _document_path(instance: models.Model, filename: str) -> str:
    # The stored name is random: the original name is kept in the database only.
    return f"funding/{instance._meta.model_name}/{secrets.token_hex(16)}"


def _document_field(verbose_name: str) -> models.FileField:
    return models.FileField(
        verbose_name, upload_to=_document_path, storage=_private_storage, max_length=200, blank=True
    )


# Settings for a partnership's commissioning


class FundingSettings(models.Model):
    """How a partnership's funding office writes its decision reports."""

    partnership = models.OneToOneField(
        "partners.Partnership", on_delete=models.CASCADE, related_name="funding_settings"
    )
    reference_format = models.CharField(
        max_length=40,
        default=reference_rules.DEFAULT_FORMAT,
        help_text="For example {number:03}-{yy} gives 153-22, and {number:03}/{yyyy} gives 043/2021.",
    )
    standard_conditions = models.TextField(default=STANDARD_CONDITIONS)
    return_due_days = models.PositiveSmallIntegerField(
        default=30, help_text="Days after a reporting period ends that its performance return is due."
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Funding settings for {self.partnership}"

    @classmethod
    def for_partnership(cls, partnership_id: int) -> FundingSettings:
        found, _ = cls.objects.get_or_create(partnership_id=partnership_id)
        return found


class StrategicPriority(models.Model):
    """A priority of the Police and Crime Plan that decision reports link to (a configurable list)."""

    partnership = models.ForeignKey(
        "partners.Partnership", on_delete=models.CASCADE, related_name="strategic_priorities"
    )
    name = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership_id", "position", "name"]
        verbose_name_plural = "strategic priorities"
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="unique_strategic_priority")]

    def __str__(self) -> str:
        return self.name


# Funds


class FundQuerySet(models.QuerySet["Fund"]):
    def in_partnerships(self, partnership_ids: frozenset[int] | set[int]) -> FundQuerySet:
        return self.filter(partnership_id__in=sorted(partnership_ids))


class Fund(models.Model):
    partnership = models.ForeignKey("partners.Partnership", on_delete=models.PROTECT, related_name="funds")
    name = models.CharField(max_length=200, help_text="For example Community Safety Fund.")
    owner = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="funds_owned",
        help_text="The body that holds the fund, for example the commissioner's office.",
    )
    start_year = models.PositiveSmallIntegerField(
        "Financial year", help_text="The year the financial year starts in: 2026 for April 2026 to March 2027."
    )
    opening_budget = _money(default=Decimal("0.00"))
    reserve_brought_forward = _money(default=Decimal("0.00"))
    brought_forward_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_into"
    )
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = FundQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership_id", "-start_year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name", "start_year"], name="unique_fund_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.year_label}"

    @property
    def year_label(self) -> str:
        return financial_year.label(self.start_year)

    @property
    def starts_on(self) -> date:
        return financial_year.starts(self.start_year)

    @property
    def ends_on(self) -> date:
        return financial_year.ends(self.start_year)

    def year_ended(self, today: date | None = None) -> bool:
        return (today or timezone.localdate()) > self.ends_on

    def position(
        self, *, contributions: list[FundContribution] | None = None, grants: list[Grant] | None = None
    ) -> fund_arithmetic.Position:
        """Two queries (contributions and grants), or none when the caller passes the lists it has
        already fetched. A declined grant is neither committed nor proposed: it does not count."""
        contributions = list(self.contributions.all()) if contributions is None else contributions
        grants = list(self.grants.all()) if grants is None else grants
        return fund_arithmetic.position(
            opening_budget=self.opening_budget,
            reserve_brought_forward=self.reserve_brought_forward,
            contributions=[c.amount for c in contributions],
            commitments=[grant.commitment() for grant in grants if grant.status != GrantStatus.DECLINED],
        )


class FundContribution(models.Model):
    """A contributor's share of a joint pot: four councils at £4,000 each, and the commissioner."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="contributions")
    contributor = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="fund_contributions"
    )
    contributor_name = models.CharField(
        max_length=200, blank=True, help_text="For a contributor that is not an organisation in Waymark."
    )
    amount = _money()
    received_on = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["fund_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(contributor__isnull=False) | ~Q(contributor_name=""), name="contribution_names_contributor"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}: £{self.amount:,.2f}"

    @property
    def name(self) -> str:
        return self.contributor.name if self.contributor_id else self.contributor_name  # type: ignore[union-attr]


# Grants


class GrantStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    APPROVED = "approved", "Approved"
    AGREEMENT_SIGNED = "agreement_signed", "Agreement signed"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"
    DECLINED = "declined", "Not approved"


COMMITTED_STATUSES = frozenset(
    {GrantStatus.APPROVED, GrantStatus.AGREEMENT_SIGNED, GrantStatus.ACTIVE, GrantStatus.CLOSED}
)


class Recurrence(models.TextChoices):
    ONE_OFF = "one_off", "One-off"
    RECURRING = "recurring", "Recurring"


class ReportingFrequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    SIX_MONTHLY = "six_monthly", "Every six months"
    ANNUALLY = "annually", "Annually"
    END_OF_GRANT = "end_of_grant", "At the end of the grant"


# Measures offered when setting a grant's reporting requirements; any other may be typed.
SUGGESTED_MEASURES = (
    "Referrals received",
    "People supported",
    "Training sessions delivered",
    "Staff trained",
    "Events held",
)


class GrantQuerySet(models.QuerySet["Grant"]):
    def in_partnerships(self, partnership_ids: frozenset[int] | set[int]) -> GrantQuerySet:
        return self.filter(fund__partnership_id__in=sorted(partnership_ids))


class Grant(models.Model):
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="grants")
    recipient = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="grants")
    title = models.CharField(max_length=200, help_text="A short name, for example Partnership coordinator post.")
    purpose = models.TextField()
    amount = _money()
    starts_on = models.DateField()
    ends_on = models.DateField()
    recurrence = models.CharField(max_length=20, choices=Recurrence.choices, default=Recurrence.ONE_OFF)
    status = models.CharField(max_length=20, choices=GrantStatus.choices, default=GrantStatus.PROPOSED)
    conditions = models.TextField(help_text="The standard funding agreement, and any special conditions.")
    reporting_frequency = models.CharField(
        max_length=20, choices=ReportingFrequency.choices, default=ReportingFrequency.QUARTERLY
    )
    sustainability_plan = models.TextField(blank=True)
    no_liability_beyond_period = models.BooleanField(
        default=True, help_text="The funder takes on no liability beyond the grant period."
    )
    scrutineer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grants_scrutinised",
        help_text="Reviews the performance returns with the commissioner's office.",
    )
    agreement_signed_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    underspend_returned = _money(default=Decimal("0.00"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = GrantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["fund_id", "-starts_on", "title"]
        indexes = [models.Index(fields=["fund", "status"], name="grant_fund_status")]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="grant_period")]

    def __str__(self) -> str:
        return f"{self.title} ({self.recipient})" if self.recipient_id else self.title

    @property
    def is_committed(self) -> bool:
        return self.status in COMMITTED_STATUSES

    def commitment(self) -> fund_arithmetic.Commitment:
        return fund_arithmetic.Commitment(
            amount=self.amount, committed=self.is_committed, returned=self.underspend_returned
        )

    def costs_total(self) -> Decimal:
        return sum((line.amount for line in self.cost_lines.all()), Decimal("0.00"))


class CostLine(models.Model):
    """What the grant pays for: salary £26,000; on-costs £8,000 including travel, pension, management."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="cost_lines")
    description = models.CharField(max_length=200)
    amount = _money()
    note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["grant_id", "id"]

    def __str__(self) -> str:
        return f"{self.description}: £{self.amount:,.2f}"


class MatchFunding(models.Model):
    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="match_funding")
    source = models.CharField(max_length=200)
    amount = _money()
    confirmed = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["grant_id", "id"]
        verbose_name_plural = "match funding"

    def __str__(self) -> str:
        return f"{self.source}: £{self.amount:,.2f}"


class InKindContribution(models.Model):
    """Accommodation, room hire, administrative support: given, not paid for from the grant."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="in_kind")
    provider = models.CharField(max_length=200)
    description = models.CharField(max_length=300)
    estimated_value = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["grant_id", "id"]

    def __str__(self) -> str:
        return f"{self.description} from {self.provider}"


class GrantMeasure(models.Model):
    """A measure the grantee reports in each performance return, with an optional target per period."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="measures")
    name = models.CharField(max_length=200)
    target = models.PositiveIntegerField(null=True, blank=True, help_text="For each reporting period.")
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["grant_id", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["grant", "name"], name="unique_grant_measure")]

    def __str__(self) -> str:
        return self.name


# Decision reports


class Classification(models.TextChoices):
    """Government Security Classifications: a decision report is OFFICIAL, or OFFICIAL-SENSITIVE when
    its content needs extra care (personal, commercial or operational detail)."""

    OFFICIAL = "official", "OFFICIAL"
    OFFICIAL_SENSITIVE = "official_sensitive", "OFFICIAL-SENSITIVE"


class DecisionReportQuerySet(models.QuerySet["DecisionReport"]):
    def in_partnerships(self, partnership_ids: frozenset[int] | set[int]) -> DecisionReportQuerySet:
        return self.filter(partnership_id__in=sorted(partnership_ids))

    def published(self) -> DecisionReportQuerySet:
        return self.filter(state=State.PUBLISHED, published_at__isnull=False)


class DecisionReport(models.Model):
    """A commissioner's decision report for one grant. The section texts are plain text with blank
    lines between paragraphs; `report_sections` lists them in order, with their headings."""

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.PROTECT, related_name="decision_reports")
    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="decision_reports")
    reference = models.CharField(max_length=40)
    number = models.PositiveIntegerField(help_text="The sequence number within the year.")
    year = models.PositiveSmallIntegerField()
    classification = models.CharField(max_length=30, choices=Classification.choices, default=Classification.OFFICIAL)
    title = models.CharField(max_length=300)
    area_affected = models.CharField(max_length=300, help_text="For example Countywide, or Testford.")
    stakeholders_affected = models.TextField(blank=True)
    report_by = models.CharField(max_length=200, help_text="Name and job title.")
    report_date = models.DateField(default=date.today)
    enquiries_to = models.CharField(max_length=300, help_text="Name, and a telephone number or e-mail address.")

    executive_summary = models.TextField(blank=True)
    recommendations = models.TextField(blank=True)
    background = models.TextField(blank=True)
    proposal_and_benefits = models.TextField(blank=True)
    options_considered = models.TextField("Options considered and rejected", blank=True)
    consultation = models.TextField("Consultation and engagement", blank=True)
    strategic_priorities = models.ManyToManyField(StrategicPriority, blank=True, related_name="decision_reports")
    strategic_links = models.TextField(blank=True, help_text="How the proposal serves the priorities chosen.")
    police_operational_implications = models.TextField(blank=True)
    financial_notes = models.TextField(
        blank=True, help_text="Anything to add to the figures drawn from the grant and the fund."
    )
    legal_implications = models.TextField(blank=True)
    staffing_implications = models.TextField(blank=True)
    equality_implications = models.TextField("Equality, diversity and inclusion", blank=True)
    risks_and_mitigations = models.TextField(blank=True)
    risks = models.ManyToManyField("governance.Risk", blank=True, related_name="decision_reports")
    governance_meetings = models.ManyToManyField("governance.Meeting", blank=True, related_name="decision_reports")
    governance_notes = models.TextField(blank=True, help_text="Boards that reviewed it outside Waymark.")
    future_plans = models.TextField("Links to future plans", blank=True)
    background_papers = models.TextField(blank=True)

    state = models.CharField(max_length=30, choices=[(s.value, STATE_LABELS[s]) for s in State], default=State.DRAFT)
    decision_reasons = models.TextField(blank=True, help_text="The commissioner's reasons (required to disagree).")
    decided_at = models.DateTimeField(null=True, blank=True)
    publish = models.BooleanField(null=True, blank=True)
    reason_not_published = models.TextField(blank=True)
    redacted_sections = models.JSONField(
        default=list, blank=True, help_text="Keys from report_sections withheld from the published version."
    )
    redaction_details = models.TextField(blank=True, help_text="What is redacted and why.")
    published_at = models.DateTimeField(null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = DecisionReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership_id", "-year", "-number"]
        indexes = [models.Index(fields=["partnership", "state"], name="report_partnership_state")]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "reference"], name="unique_report_reference"),
            models.UniqueConstraint(fields=["partnership", "year", "number"], name="unique_report_number"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    @property
    def flow_state(self) -> State:
        return State(self.state)

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.flow_state]

    def current_sign_offs(self) -> models.QuerySet[SignOff]:
        return self.sign_offs.filter(superseded=False)

    def officers_approved(self) -> set[Officer]:
        return {
            Officer(kind)
            for kind in self.current_sign_offs()
            .filter(outcome=SignOffOutcome.APPROVED, kind__in=[o.value for o in Officer])
            .values_list("kind", flat=True)
        }


class AppendixPublication(models.TextChoices):
    PUBLISH = "publish", "Publish as it is"
    PUBLISH_REDACTED = "publish_redacted", "Publish a redacted version"
    WITHHOLD = "withhold", "Do not publish"
    UNDECIDED = "undecided", "Not decided yet"


class Appendix(models.Model):
    """A background paper or appendix, each with its own publication decision."""

    report = models.ForeignKey(DecisionReport, on_delete=models.CASCADE, related_name="appendices")
    title = models.CharField(max_length=200)
    document = _document_field("Document")
    document_name = models.CharField(max_length=200, blank=True)
    publication = models.CharField(
        max_length=20, choices=AppendixPublication.choices, default=AppendixPublication.UNDECIDED
    )
    publication_reason = models.TextField(
        blank=True, help_text="Why it is withheld, or what the redacted version leaves out."
    )
    redacted_document = _document_field("Redacted version")
    redacted_document_name = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords(excluded_fields=["document", "redacted_document"])

    class Meta:
        ordering = ["report_id", "position", "id"]
        verbose_name_plural = "appendices"

    def __str__(self) -> str:
        return self.title

    @property
    def public_document(self) -> str:
        """Which file the public may download: 'document', 'redacted_document' or '' (none)."""
        if self.publication == AppendixPublication.PUBLISH and self.document:
            return "document"
        if self.publication == AppendixPublication.PUBLISH_REDACTED and self.redacted_document:
            return "redacted_document"
        return ""


class SignOffKind(models.TextChoices):
    MONITORING_OFFICER = Officer.MONITORING_OFFICER.value, "Chief executive and monitoring officer"
    CHIEF_FINANCE_OFFICER = Officer.CHIEF_FINANCE_OFFICER.value, "Chief finance officer"
    DECISION = "decision", "Commissioner's decision"
    REDACTION = "redaction", "Redaction sign-off"


class SignOffOutcome(models.TextChoices):
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Returned for changes"
    AGREED = "agreed", "Agreed"
    DISAGREED = "disagreed", "Disagreed"
    REDACTION_SIGNED_OFF = "redaction_signed_off", "Redaction signed off"


class SignOff(models.Model):
    """An authenticated approval or decision: who (name kept as it was), in what capacity, when, and
    that a fresh two-factor code was checked at that moment. No drawn signatures."""

    report = models.ForeignKey(DecisionReport, on_delete=models.CASCADE, related_name="sign_offs")
    kind = models.CharField(max_length=30, choices=SignOffKind.choices)
    outcome = models.CharField(max_length=30, choices=SignOffOutcome.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    capacity = models.CharField(max_length=200, help_text="The role they signed in, as shown on the report.")
    signed_at = models.DateTimeField(default=timezone.now)
    comments = models.TextField(blank=True)
    two_factor_checked_at = models.DateTimeField()
    superseded = models.BooleanField(default=False, help_text="Set when the report went back to draft.")

    class Meta:
        ordering = ["report_id", "signed_at", "id"]
        constraints = [
            # One current approval per officer: a second click cannot sign twice.
            models.UniqueConstraint(
                fields=["report", "kind"],
                condition=Q(superseded=False, outcome="approved"),
                name="one_current_approval_per_officer",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} by {self.name} on {self.signed_at:%d %B %Y}"


# Performance returns


class ReturnStatus(models.TextChoices):
    NOT_SUBMITTED = "not_submitted", "Not submitted"
    SUBMITTED = "submitted", "Submitted"
    QUERIED = "queried", "Queried"
    ACCEPTED = "accepted", "Accepted"


class PerformanceReturnQuerySet(models.QuerySet["PerformanceReturn"]):
    def overdue(self, today: date | None = None) -> PerformanceReturnQuerySet:
        """Due and not in: never submitted, or queried and not yet resubmitted."""
        return self.filter(
            status__in=[ReturnStatus.NOT_SUBMITTED, ReturnStatus.QUERIED], due_on__lt=today or timezone.localdate()
        )


class PerformanceReturn(models.Model):
    """A grantee's return for one reporting period of one grant. Accepted once both the scrutineer
    and the commissioner's office accept; either may query it, which sends it back to the grantee."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="returns")
    period_start = models.DateField()
    period_end = models.DateField()
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.NOT_SUBMITTED)
    narrative = models.TextField(blank=True)
    evidence = _document_field("Evidence")
    evidence_name = models.CharField(max_length=200, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    scrutineer_accepted_at = models.DateTimeField(null=True, blank=True)
    office_accepted_at = models.DateTimeField(null=True, blank=True)
    overdue_reminder_sent_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = PerformanceReturnQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["evidence"])

    class Meta:
        ordering = ["grant_id", "period_start"]
        indexes = [
            models.Index(
                fields=["due_on", "id"], condition=Q(status__in=["not_submitted", "queried"]), name="return_due"
            )
        ]
        constraints = [
            models.UniqueConstraint(fields=["grant", "period_start"], name="unique_return_period"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="return_period"),
        ]

    def __str__(self) -> str:
        return f"Return for {self.period_start:%d %B %Y} to {self.period_end:%d %B %Y}"

    def is_overdue(self, today: date | None = None) -> bool:
        return self.status in (ReturnStatus.NOT_SUBMITTED, ReturnStatus.QUERIED) and self.due_on < (
            today or timezone.localdate()
        )


class ReturnValue(models.Model):
    performance_return = models.ForeignKey(PerformanceReturn, on_delete=models.CASCADE, related_name="values")
    measure = models.ForeignKey(GrantMeasure, on_delete=models.PROTECT, related_name="values")
    value = models.PositiveIntegerField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["performance_return_id", "measure__position", "measure_id"]
        constraints = [models.UniqueConstraint(fields=["performance_return", "measure"], name="unique_return_value")]

    def __str__(self) -> str:
        return f"{self.measure}: {self.value}"


class ReviewerRole(models.TextChoices):
    SCRUTINEER = "scrutineer", "Scrutineer"
    OFFICE = "office", "Commissioner's office"


class ReviewOutcome(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    QUERIED = "queried", "Queried"


class ReturnReview(models.Model):
    """Each acceptance or query, kept: the history of a return's review."""

    performance_return = models.ForeignKey(PerformanceReturn, on_delete=models.CASCADE, related_name="reviews")
    reviewer_role = models.CharField(max_length=20, choices=ReviewerRole.choices)
    outcome = models.CharField(max_length=20, choices=ReviewOutcome.choices)
    comments = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["performance_return_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} by {self.get_reviewer_role_display()}"


def signer_name(user: User) -> str:
    return getattr(user, "full_name", "") or user.get_username()
