"""How a partnership runs itself: its groups and their members, meetings (agenda, attendance,
minutes, actions arising, the rota), the action plan, the risks and issues register, agreements
between the partners, and the monthly briefing.

Every record belongs to one partnership: directly (groups, plans, risks, agreements, briefings) or
through its parent (a meeting through its group, a plan action through its plan). Documents are kept
outside the web root, as case documents are, and served only through access-checked views.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from waymark.cases.models import PrivateStorage

from . import quoracy as quoracy_rules
from . import risk_rating, withdrawal

if TYPE_CHECKING:
    from waymark.accounts.models import User


def _private_storage() -> PrivateStorage:
    return PrivateStorage()


def _document_path(instance: models.Model, filename: str) -> str:
    # The stored name is random: the original name is kept in the database only.
    return f"governance/{instance._meta.model_name}/{secrets.token_hex(16)}"


def _document_field(verbose_name: str) -> models.FileField:
    return models.FileField(
        verbose_name, upload_to=_document_path, storage=_private_storage, max_length=200, blank=True
    )


# Groups


class GroupKind(models.TextChoices):
    STRATEGIC_BOARD = "strategic_board", "Strategic board"
    NETWORK = "network", "Network"
    OPERATIONAL_GROUP = "operational_group", "Operational group"
    TASK_AND_FINISH = "task_and_finish", "Task and finish group"
    BUSINESS_FORUM = "business_forum", "Business forum"
    GOVERNING_BOARD = "governing_board", "Governing board"
    OTHER = "other", "Other"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    BI_MONTHLY = "bi_monthly", "Every two months"
    QUARTERLY = "quarterly", "Quarterly"
    AD_HOC = "ad_hoc", "As needed"


# Months between meetings, for scheduling from the frequency (None: no regular pattern).
FREQUENCY_MONTHS: dict[str, int | None] = {
    Frequency.MONTHLY: 1,
    Frequency.BI_MONTHLY: 2,
    Frequency.QUARTERLY: 3,
    Frequency.AD_HOC: None,
}


class GroupQuerySet(models.QuerySet["Group"]):
    def active(self) -> GroupQuerySet:
        return self.filter(is_active=True)

    def in_partnerships(self, partnership_ids: frozenset[int] | set[int]) -> GroupQuerySet:
        return self.filter(partnership_id__in=sorted(partnership_ids))


class Group(models.Model):
    """A board, network or working group of the partnership, and where it sits in the structure."""

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.PROTECT, related_name="governance_groups")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=GroupKind.choices)
    purpose = models.TextField(blank=True)
    terms_of_reference = models.TextField(blank=True)
    terms_of_reference_document = _document_field("Terms of reference document")
    terms_of_reference_document_name = models.CharField(max_length=255, blank=True)
    reports_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reporting_groups",
        help_text="The group this one reports to: in this partnership or the one above it.",
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.QUARTERLY)
    quorum = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="How many member organisations must be present. Leave blank for more than half of them.",
    )
    end_date = models.DateField(null=True, blank=True, help_text="When a task and finish group ends.")
    is_active = models.BooleanField("Active", default=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = GroupQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["terms_of_reference_document"])

    class Meta:
        ordering = ["partnership__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="unique_group_name"),
            models.CheckConstraint(condition=Q(quorum__isnull=True) | Q(quorum__gte=1), name="group_quorum_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.reports_to_id is None:
            return
        parent = self.reports_to
        assert parent is not None
        if parent.partnership_id not in {self.partnership_id, getattr(self.partnership, "parent_id", None)}:
            raise ValidationError({"reports_to": "Choose a group in this partnership or the one above it"})
        seen = {self.pk}
        while parent is not None:  # no loops: a group cannot report, however indirectly, to itself
            if parent.pk in seen:
                raise ValidationError({"reports_to": "A group cannot report to a group that reports to it"})
            seen.add(parent.pk)
            parent = parent.reports_to

    def current_members(self) -> GroupMemberQuerySet:
        return self.members.current()  # type: ignore[attr-defined,no-any-return]

    def required_present(self) -> int:
        return quoracy_rules.required_present(self.current_members().count(), self.quorum)


class GroupMemberQuerySet(models.QuerySet["GroupMember"]):
    def current(self) -> GroupMemberQuerySet:
        return self.filter(left_on__isnull=True)


class GroupMember(models.Model):
    """An organisation's seat on a group. Leaving keeps the row (and its attendance history)."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="group_seats")
    joined_on = models.DateField(default=date.today)
    left_on = models.DateField(null=True, blank=True)

    objects = GroupMemberQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "organisation__name"]
        constraints = [models.UniqueConstraint(fields=["group", "organisation"], name="unique_group_member")]

    def __str__(self) -> str:
        return f"{self.organisation} on {self.group}"


class Representative(models.Model):
    """A named person who sits on a group for a member organisation. They need not be a Waymark user:
    a representative without an account is kept by name and e-mail address."""

    member = models.ForeignKey(GroupMember, on_delete=models.CASCADE, related_name="representatives")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="representations"
    )
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField("E-mail address", blank=True)
    is_deputy = models.BooleanField("Deputy", default=False)
    is_active = models.BooleanField("Current", default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["member", "is_deputy", "name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(user__isnull=False) | ~Q(name=""), name="representative_named"),
            models.UniqueConstraint(
                fields=["member", "user"], condition=Q(user__isnull=False), name="unique_representative_user"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name:
            return self.name
        return str(self.user) if self.user_id else ""

    @property
    def contact_email(self) -> str:
        """Where to write to them: their own address here, or their account's."""
        if self.email:
            return self.email
        return self.user.email if self.user_id and self.user else ""


# Meetings


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def upcoming(self, now: datetime | None = None) -> MeetingQuerySet:
        return self.filter(status=MeetingStatus.SCHEDULED, starts_at__gte=now or timezone.now()).order_by("starts_at")

    def held(self) -> MeetingQuerySet:
        return self.filter(status=MeetingStatus.HELD)

    def in_partnerships(self, partnership_ids: frozenset[int] | set[int]) -> MeetingQuerySet:
        return self.filter(group__partnership_id__in=sorted(partnership_ids))


class Meeting(models.Model):
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    location = models.CharField(max_length=300, blank=True)
    online_link = models.URLField("Online meeting link", max_length=500, blank=True)
    status = models.CharField(max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED)
    # The rota: which member organisation chairs, takes the minutes and hosts this meeting.
    chair_organisation = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    minute_taker_organisation = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    host_organisation = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancelled_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at"]
        indexes = [
            models.Index(fields=["group", "starts_at"], name="meeting_group_starts"),
            # Upcoming meetings across groups (the calendar feeds, the briefing).
            models.Index(fields=["starts_at"], condition=Q(status="scheduled"), name="meeting_scheduled_starts"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.group} on {timezone.localtime(self.starts_at):%d %B %Y}"

    @property
    def partnership_id(self) -> int:
        return self.group.partnership_id

    def mark_held(self) -> None:
        self.status = MeetingStatus.HELD
        self.version += 1
        self.save(update_fields=["status", "version"])

    def cancel(self, *, reason: str = "") -> None:
        self.status = MeetingStatus.CANCELLED
        self.cancelled_reason = reason
        self.version += 1
        self.save(update_fields=["status", "cancelled_reason", "version"])

    def present_organisation_ids(self) -> set[int]:
        return set(
            self.attendance.filter(status=AttendanceStatus.PRESENT).values_list(
                "representative__member__organisation_id", flat=True
            )
        )

    def quoracy(self) -> quoracy_rules.Quoracy:
        members = self.group.current_members().values_list("organisation_id", flat=True)
        return quoracy_rules.quoracy(members, self.present_organisation_ids(), self.group.quorum)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=300)
    owner_organisation = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    paper = _document_field("Paper")
    paper_name = models.CharField(max_length=255, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["meeting", "order", "id"]

    def __str__(self) -> str:
        return self.title


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    representative = models.ForeignKey(Representative, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(max_length=20, choices=AttendanceStatus.choices)

    class Meta:
        ordering = ["meeting", "representative__member__organisation__name", "representative__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "representative"], name="unique_attendance"),
        ]

    def __str__(self) -> str:
        return f"{self.representative}: {self.get_status_display()}"


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"
    SHARED = "shared", "Shared with the parent group"


class Minutes(models.Model):
    """A meeting's minutes: drafted, approved at a later meeting, then shared with the parent group."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    approved_at_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="minutes_approved"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    shared_with_group = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.PROTECT, related_name="shared_minutes"
    )
    shared_at = models.DateTimeField(null=True, blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "minutes"
        ordering = ["-meeting__starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(approved_at__isnull=False), name="minutes_approved_when_approved"
            ),
            models.CheckConstraint(
                condition=~Q(status="shared") | Q(shared_with_group__isnull=False), name="minutes_shared_with_group"
            ),
        ]

    def __str__(self) -> str:
        return f"Minutes of {self.meeting}"

    @property
    def is_draft(self) -> bool:
        return self.status == MinutesStatus.DRAFT

    def approve(self, *, at_meeting: Meeting | None, by: User) -> None:
        """Approved as a true record, normally at the group's next meeting."""
        self.status = MinutesStatus.APPROVED
        self.approved_at_meeting = at_meeting
        self.approved_at = timezone.now()
        self.approved_by = by
        self.version += 1
        self.save()

    def share(self, *, with_group: Group, by: User) -> None:
        """Shared upward: the parent group's members may read them on its page."""
        self.status = MinutesStatus.SHARED
        self.shared_with_group = with_group
        self.shared_at = timezone.now()
        self.shared_by = by
        self.version += 1
        self.save()


class MeetingActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


UNFINISHED_ACTION = [MeetingActionStatus.OPEN, MeetingActionStatus.IN_PROGRESS]


class MeetingActionQuerySet(models.QuerySet["MeetingAction"]):
    def unfinished(self) -> MeetingActionQuerySet:
        return self.filter(status__in=UNFINISHED_ACTION)

    def overdue(self, today: date | None = None) -> MeetingActionQuerySet:
        """Not done or cancelled, and the due date has passed (an action due today is not late)."""
        return self.unfinished().filter(due_date__lt=today or timezone.localdate())

    def for_organisation(self, organisation_id: int | None) -> MeetingActionQuerySet:
        return self.filter(owner_organisation_id=organisation_id)

    def in_partnerships(self, partnership_ids: frozenset[int] | set[int]) -> MeetingActionQuerySet:
        return self.filter(meeting__group__partnership_id__in=sorted(partnership_ids))


class MeetingAction(models.Model):
    """An action arising from a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner_organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, related_name="meeting_actions"
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="meeting_actions"
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=MeetingActionStatus.choices, default=MeetingActionStatus.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    overdue_notified_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = MeetingActionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [
            # Overdue and open actions, by due date: partial, so finished actions stay out of it.
            models.Index(
                fields=["due_date", "id"], condition=Q(status__in=["open", "in_progress"]), name="meetingaction_due"
            ),
            models.Index(fields=["owner_organisation", "status"], name="meetingaction_owner"),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    def is_overdue(self, today: date | None = None) -> bool:
        return (
            self.status in UNFINISHED_ACTION
            and self.due_date is not None
            and self.due_date < (today or timezone.localdate())
        )

    def complete(self, *, by: User) -> None:
        self.status = MeetingActionStatus.DONE
        self.completed_at = timezone.now()
        self.completed_by = by
        self.version += 1
        self.save()


# The action plan


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class ActionPlan(models.Model):
    partnership = models.ForeignKey("partners.Partnership", on_delete=models.PROTECT, related_name="action_plans")
    title = models.CharField(max_length=200)
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership__name", "-period_start"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "title"], name="unique_action_plan_title"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="plan_period_order"),
        ]

    def __str__(self) -> str:
        return self.title


class Priority(models.Model):
    """A heading of the plan, for example "Training and awareness" or "Referral routes"."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="priorities")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "priorities"
        ordering = ["plan", "order", "id"]

    def __str__(self) -> str:
        return self.title


class RAG(models.TextChoices):
    """Status as a council committee report shows it. DOMAIN.md defines none; these are the usual:
    not started, red (off track), amber (at risk), green (on track), complete."""

    NOT_STARTED = "not_started", "Not started"
    RED = "red", "Red: off track"
    AMBER = "amber", "Amber: at risk"
    GREEN = "green", "Green: on track"
    COMPLETE = "complete", "Complete"


class PlanActionQuerySet(models.QuerySet["PlanAction"]):
    def in_partnerships(self, partnership_ids: frozenset[int] | set[int]) -> PlanActionQuerySet:
        return self.filter(priority__plan__partnership_id__in=sorted(partnership_ids))

    def led_by(self, user: User) -> PlanActionQuerySet:
        organisation_id = getattr(user, "organisation_id", None)
        led = Q(lead_person=user)
        if organisation_id is not None:
            led |= Q(lead_organisation_id=organisation_id)
        return self.filter(led)

    def overdue(self, today: date | None = None) -> PlanActionQuerySet:
        """Past the estimated completion date and not complete ("Ongoing" ones are never late)."""
        return self.exclude(rag=RAG.COMPLETE).filter(
            is_ongoing=False, estimated_completion__lt=today or timezone.localdate()
        )


class PlanAction(models.Model):
    """An outcome or action under a priority, with its lead, date, success criteria and RAG status."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="actions")
    order = models.PositiveSmallIntegerField(default=0)
    reference = models.CharField(max_length=20, blank=True, help_text="For example 1.3.")
    description = models.TextField("Outcome or action")
    lead_organisation = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="plan_actions"
    )
    lead_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="plan_actions"
    )
    estimated_completion = models.DateField("Estimated completion date", null=True, blank=True)
    is_ongoing = models.BooleanField("Ongoing", default=False)
    success_criteria = models.TextField(blank=True)
    rag = models.CharField("Status", max_length=20, choices=RAG.choices, default=RAG.NOT_STARTED)
    report_back_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="plan_actions_reporting"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = PlanActionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["priority", "order", "id"]
        indexes = [
            models.Index(fields=["lead_organisation", "rag"], name="planaction_lead_rag"),
            models.Index(fields=["estimated_completion"], name="planaction_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_ongoing=False) | Q(estimated_completion__isnull=True),
                name="planaction_date_or_ongoing",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.description[:80]}".strip()

    @property
    def completion_display(self) -> str:
        if self.is_ongoing:
            return "Ongoing"
        return f"{self.estimated_completion:%B %Y}" if self.estimated_completion else ""

    def record_progress(
        self, *, text: str, rag: str, by: User, on: date | None = None, evidence_link: str = ""
    ) -> ProgressUpdate:
        update = ProgressUpdate.objects.create(
            plan_action=self,
            date=on or timezone.localdate(),
            text=text,
            rag_at_update=rag,
            evidence_link=evidence_link,
            recorded_by=by,
        )
        self.rag = rag
        self.updated_at = timezone.now()
        self.version += 1
        self.save(update_fields=["rag", "updated_at", "version"])
        return update


class ProgressUpdate(models.Model):
    plan_action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="progress_updates")
    date = models.DateField(default=date.today)
    text = models.TextField()
    evidence = _document_field("Evidence")
    evidence_name = models.CharField(max_length=255, blank=True)
    evidence_link = models.URLField(max_length=500, blank=True)
    rag_at_update = models.CharField("Status", max_length=20, choices=RAG.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["plan_action", "-date", "-id"]

    def __str__(self) -> str:
        return f"Progress on {self.plan_action} ({self.date})"


# Risks and issues


class RiskKind(models.TextChoices):
    RISK = "risk", "Risk"
    ISSUE = "issue", "Issue"


class RiskCategory(models.TextChoices):
    STRATEGIC = "strategic", "Strategic"
    OPERATIONAL = "operational", "Operational"
    SAFEGUARDING = "safeguarding", "Safeguarding"
    INFORMATION = "information", "Information and data"
    FINANCIAL = "financial", "Financial"
    LEGAL = "legal", "Legal and compliance"
    REPUTATIONAL = "reputational", "Reputational"
    PARTNERSHIP = "partnership", "Partnership working"
    OTHER = "other", "Other"


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    TREATED = "treated", "Treated or mitigated"
    CLOSED = "closed", "Closed"


class RiskQuerySet(models.QuerySet["Risk"]):
    def not_closed(self) -> RiskQuerySet:
        return self.exclude(status=RiskStatus.CLOSED)

    def review_due(self, today: date | None = None) -> RiskQuerySet:
        """Not closed, and the review date has come or passed."""
        return self.not_closed().filter(review_date__lte=today or timezone.localdate())

    def in_partnerships(self, partnership_ids: frozenset[int] | set[int]) -> RiskQuerySet:
        return self.filter(partnership_id__in=sorted(partnership_ids))


class Risk(models.Model):
    partnership = models.ForeignKey("partners.Partnership", on_delete=models.PROTECT, related_name="risks")
    reference = models.CharField(max_length=20, help_text="For example R07.")
    kind = models.CharField(max_length=10, choices=RiskKind.choices, default=RiskKind.RISK)
    description = models.TextField()
    category = models.CharField(max_length=20, choices=RiskCategory.choices)
    likelihood = models.PositiveSmallIntegerField(help_text="1 (rare) to 5 (almost certain).")
    impact = models.PositiveSmallIntegerField(help_text="1 (negligible) to 5 (severe).")
    owner_organisation = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="risks"
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="risks"
    )
    mitigations = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    raised_on = models.DateField(default=date.today)
    review_date = models.DateField(null=True, blank=True)
    last_reviewed_at = models.DateTimeField(null=True, blank=True)
    review_reminder_sent_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = RiskQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership__name", "reference"]
        indexes = [
            # Reviews due: partial, so closed risks stay out of it.
            models.Index(fields=["review_date", "id"], condition=~Q(status="closed"), name="risk_review_due"),
            models.Index(fields=["partnership", "status"], name="risk_partnership_status"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "reference"], name="unique_risk_reference"),
            models.CheckConstraint(condition=Q(likelihood__gte=1, likelihood__lte=5), name="risk_likelihood_1_to_5"),
            models.CheckConstraint(condition=Q(impact__gte=1, impact__lte=5), name="risk_impact_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.description[:60]}"

    @property
    def score(self) -> int:
        return risk_rating.score(self.likelihood, self.impact)

    @property
    def band(self) -> risk_rating.Band:
        return risk_rating.band(self.score)

    def mark_reviewed(self, *, next_review: date | None) -> None:
        self.last_reviewed_at = timezone.now()
        self.review_date = next_review
        self.review_reminder_sent_on = None
        self.version += 1
        self.save(update_fields=["last_reviewed_at", "review_date", "review_reminder_sent_on", "version"])


# Agreements


class AgreementKind(models.TextChoices):
    COLLABORATION = "collaboration", "Collaboration agreement"
    INFORMATION_SHARING = "information_sharing", "Information sharing agreement"
    OTHER = "other", "Other"


class AgreementQuerySet(models.QuerySet["Agreement"]):
    def in_force(self, today: date | None = None) -> AgreementQuerySet:
        today = today or timezone.localdate()
        return self.filter(start_date__lte=today).filter(Q(end_date__isnull=True) | Q(end_date__gte=today))

    def review_due(self, today: date | None = None) -> AgreementQuerySet:
        return self.filter(review_date__lte=today or timezone.localdate())

    def in_partnerships(self, partnership_ids: frozenset[int] | set[int]) -> AgreementQuerySet:
        return self.filter(partnership_id__in=sorted(partnership_ids))


class Agreement(models.Model):
    """A collaboration or information sharing agreement between the partners, with its withdrawal rule."""

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.PROTECT, related_name="agreements")
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=30, choices=AgreementKind.choices)
    legal_basis = models.TextField(blank=True, help_text="For example section 22A of the Police Act 1996.")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    review_date = models.DateField(null=True, blank=True)
    review_reminder_sent_on = models.DateField(null=True, blank=True)
    # The withdrawal rule, e.g. "at least 12 months' written notice expiring on 31 March":
    # notice_months=12, notice_expiry_month=3, notice_expiry_day=31 (no month and day: any day).
    notice_months = models.PositiveSmallIntegerField(default=0)
    notice_expiry_month = models.PositiveSmallIntegerField(null=True, blank=True)
    notice_expiry_day = models.PositiveSmallIntegerField(null=True, blank=True)
    notice_text = models.TextField("Withdrawal rule as written", blank=True)
    document = _document_field("Signed agreement")
    document_name = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = AgreementQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["document"])

    class Meta:
        ordering = ["partnership__name", "title"]
        indexes = [models.Index(fields=["review_date"], name="agreement_review")]
        constraints = [
            models.CheckConstraint(
                condition=Q(notice_expiry_month__isnull=True, notice_expiry_day__isnull=True)
                | Q(
                    notice_expiry_month__gte=1,
                    notice_expiry_month__lte=12,
                    notice_expiry_day__gte=1,
                    notice_expiry_day__lte=31,
                ),
                name="agreement_notice_expiry_day",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="agreement_period_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.notice_expiry_month is None and self.notice_expiry_day is None:
            return
        if self.notice_expiry_month is None or self.notice_expiry_day is None:
            raise ValidationError({"notice_expiry_day": "Enter both the day and the month, or neither"})
        try:
            withdrawal.validate_fixed_day(self.notice_expiry_month, self.notice_expiry_day)
        except ValueError as error:
            raise ValidationError({"notice_expiry_day": str(error)}) from error

    @property
    def notice_expiring_on(self) -> tuple[int, int] | None:
        if self.notice_expiry_month is None or self.notice_expiry_day is None:
            return None
        return (self.notice_expiry_month, self.notice_expiry_day)

    def earliest_withdrawal(self, today: date | None = None) -> date:
        """The earliest date a party could leave if it gave notice today."""
        return withdrawal.earliest_withdrawal(
            today or timezone.localdate(), self.notice_months, self.notice_expiring_on
        )


class AgreementParty(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="agreements")
    signed_on = models.DateField(null=True, blank=True)
    signatory_name = models.CharField(max_length=200, blank=True)
    signatory_job_title = models.CharField(max_length=200, blank=True)
    notice_given_on = models.DateField(null=True, blank=True)
    withdraws_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "agreement parties"
        ordering = ["agreement", "organisation__name"]
        constraints = [models.UniqueConstraint(fields=["agreement", "organisation"], name="unique_agreement_party")]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.agreement}"


# The monthly briefing


class BriefingStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SENT = "sent", "Sent"


class Briefing(models.Model):
    """The partnership's monthly briefing: composed from the month's events, edited, e-mailed to the
    members' representatives, then kept as a page."""

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.PROTECT, related_name="briefings")
    month = models.DateField(help_text="The first day of the month the briefing covers.")
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=BriefingStatus.choices, default=BriefingStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipients_count = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership__name", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "month"], name="unique_briefing_month"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(sent_at__isnull=False), name="briefing_sent_has_date"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        self.month = self.month.replace(day=1)  # a briefing covers a whole month
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def mark_sent(self, *, by: User, recipients: int) -> None:
        self.status = BriefingStatus.SENT
        self.sent_at = timezone.now()
        self.sent_by = by
        self.recipients_count = recipients
        self.version += 1
        self.save()


# Calendar feeds


class CalendarFeed(models.Model):
    """A secret address for an iCalendar (.ics) feed: calendar apps cannot sign in, so the address
    itself is the key. A feed shows what its user may see: one group's meetings, or (with no group)
    every meeting of the groups where the user's organisation sits. Only the token's hash is kept;
    the address is shown once, and revoking the feed retires it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    group = models.ForeignKey(Group, null=True, blank=True, on_delete=models.CASCADE, related_name="calendar_feeds")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Calendar feed for {self.user}" + (f" ({self.group})" if self.group_id else "")

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, *, user: User, group: Group | None = None) -> tuple[CalendarFeed, str]:
        """A new feed and its token (returned once, never stored)."""
        token = secrets.token_urlsafe(32)
        return cls.objects.create(user=user, group=group, token_hash=cls.hash_token(token)), token

    @classmethod
    def find(cls, token: str) -> CalendarFeed | None:
        return (
            cls.objects.select_related("user", "group")
            .filter(token_hash=cls.hash_token(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
