"""The training framework: a partnership's levels and cohorts, each organisation's staff register,
the training menu (courses, sessions, bookings), completions with their expiry, and awareness
raising (events and a library of materials).

Every record belongs to one partnership: directly (levels, cohorts, staff, courses, awareness) or
through its parent (a session through its course, a booking or completion through its staff
member). Staff records also belong to one organisation: its register in that partnership. A course
on a county partnership's menu may be taken by the staff of the partnerships below it; levels are
compared by number (see compliance.py). Evidence and material files are kept outside the web root,
as case documents are, and served only through access-checked views.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from waymark.cases.models import PrivateStorage

from . import cohort_rules, compliance, staff_identity


def _private_storage() -> PrivateStorage:
    return PrivateStorage()


def _document_path(instance: models.Model, filename: str) -> str:
    # The stored name is random: the original name is kept in the database only.
    return f"training/{instance._meta.model_name}/{secrets.token_hex(16)}"


def _document_field(verbose_name: str) -> models.FileField:
    return models.FileField(
        verbose_name, upload_to=_document_path, storage=_private_storage, max_length=200, blank=True
    )


def _partnership_or_parent(partnership_id: int, staff_member: StaffMember) -> bool:
    """A course for a staff member is on their partnership's menu or the one above it (a county
    course for a local partnership's staff)."""
    return partnership_id in {staff_member.partnership_id, staff_member.partnership.parent_id}


# Levels and cohorts


class TrainingLevel(models.Model):
    """A level of training the partnership defines, with what someone trained to it can do."""

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.PROTECT, related_name="training_levels")
    number = models.PositiveSmallIntegerField(help_text="Higher levels cover the ones below them.")
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    learning_outcomes = models.TextField(blank=True, help_text="One outcome a line.")
    is_standalone = models.BooleanField(
        "Stands apart from the numbered levels",
        default=False,
        help_text="For example a strategic level: it neither covers the levels below it nor is covered by them.",
    )
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "number"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "number"], name="unique_training_level_number"),
            models.UniqueConstraint(fields=["partnership", "name"], name="unique_training_level_name"),
            models.CheckConstraint(condition=Q(number__gte=1), name="training_level_number_positive"),
        ]

    def __str__(self) -> str:
        return self.name if self.is_standalone else f"Level {self.number}: {self.name}"

    def outcomes(self) -> list[str]:
        return [line.strip() for line in self.learning_outcomes.splitlines() if line.strip()]


class PublicContact(models.TextChoices):
    NEVER = cohort_rules.PublicContact.NEVER.value, cohort_rules.PUBLIC_CONTACT_LABELS["never"]
    OCCASIONALLY = cohort_rules.PublicContact.OCCASIONALLY.value, cohort_rules.PUBLIC_CONTACT_LABELS["occasionally"]
    REGULARLY = cohort_rules.PublicContact.REGULARLY.value, cohort_rules.PUBLIC_CONTACT_LABELS["regularly"]
    MAIN_PART = cohort_rules.PublicContact.MAIN_PART.value, cohort_rules.PUBLIC_CONTACT_LABELS["main_part"]


class CohortQuerySet(models.QuerySet["Cohort"]):
    def active(self) -> CohortQuerySet:
        return self.filter(is_active=True)

    def in_partnerships(self, partnership_ids: frozenset[int] | set[int]) -> CohortQuerySet:
        return self.filter(partnership_id__in=sorted(partnership_ids))


class Cohort(models.Model):
    """A group of staff who need the same level of training, by the nature of their role and their
    contact with the public. `key` ties a cohort to the cohort tool's suggestions (cohort_rules)."""

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.PROTECT, related_name="training_cohorts")
    key = models.SlugField(
        max_length=50, blank=True, help_text="The cohort tool suggests cohorts by this key; blank for your own."
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    role_types = models.JSONField(
        default=list, blank=True, help_text="The kinds of role it covers (keys of cohort_rules.RoleType)."
    )
    public_contact = models.CharField(
        "Contact with the public", max_length=20, choices=PublicContact.choices, blank=True
    )
    required_level = models.ForeignKey(TrainingLevel, on_delete=models.PROTECT, related_name="cohorts")
    refresh_months = models.PositiveSmallIntegerField(
        "Refresh every (months)", null=True, blank=True, help_text="Leave blank if the training never expires."
    )
    is_elected_members = models.BooleanField("The elected members' cohort", default=False)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField("In use", default=True)
    version = models.PositiveIntegerField(default=1)

    objects = CohortQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="unique_cohort_name"),
            models.UniqueConstraint(fields=["partnership", "key"], condition=~Q(key=""), name="unique_cohort_key"),
            # Elected members always go to the one elected members' cohort.
            models.UniqueConstraint(
                fields=["partnership"], condition=Q(is_elected_members=True), name="one_elected_members_cohort"
            ),
            models.CheckConstraint(
                condition=Q(refresh_months__isnull=True) | Q(refresh_months__gte=1), name="cohort_refresh_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.required_level_id and self.partnership_id and self.required_level.partnership_id != self.partnership_id:
            raise ValidationError({"required_level": "Choose a level of this partnership"})
        unknown = set(self.role_types or []) - set(cohort_rules.RoleType)
        if unknown:
            raise ValidationError({"role_types": f"Unknown role types: {', '.join(sorted(unknown))}"})

    def role_type_labels(self) -> list[str]:
        return [cohort_rules.ROLE_TYPE_LABELS.get(key, key) for key in self.role_types or []]


# The staff register


class StaffMemberQuerySet(models.QuerySet["StaffMember"]):
    def current(self, today: date | None = None) -> StaffMemberQuerySet:
        """Not yet left: no leaving date, or it is today or later (the leaving date is the last day)."""
        return self.filter(Q(leaving_date__isnull=True) | Q(leaving_date__gte=today or timezone.localdate()))

    def in_partnerships(self, partnership_ids: frozenset[int] | set[int]) -> StaffMemberQuerySet:
        return self.filter(partnership_id__in=sorted(partnership_ids))

    def of_organisation(self, organisation_id: int, partnership_id: int) -> StaffMemberQuerySet:
        return self.filter(organisation_id=organisation_id, partnership_id=partnership_id)


class StaffMember(models.Model):
    """A member of staff (or volunteer, or elected member) on an organisation's register in a
    partnership. They need not be a Waymark user.

    No duplicates on re-import: `identity_key` is unique within the organisation's register, and is
    the organisation's own `reference` for the person when given, otherwise their name and job
    title (see staff_identity.py). It is set on every save.
    """

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.PROTECT, related_name="training_staff")
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="training_staff")
    full_name = models.CharField(max_length=200)
    email = models.EmailField("E-mail address", blank=True)
    job_title = models.CharField(max_length=200)
    team = models.CharField(max_length=200, blank=True)
    reference = models.CharField(
        "Staff number or reference", max_length=100, blank=True, help_text="Your organisation's own reference."
    )
    identity_key = models.CharField(max_length=500, editable=False)
    cohort = models.ForeignKey(Cohort, null=True, blank=True, on_delete=models.PROTECT, related_name="staff")
    cohort_reason = models.TextField(blank=True, help_text="Why they are in this cohort (from the cohort tool).")
    start_date = models.DateField(null=True, blank=True)
    leaving_date = models.DateField(null=True, blank=True, help_text="Their last day.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="staff_records"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = StaffMemberQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["full_name", "id"]
        indexes = [
            # Compliance: an organisation's register in a partnership, by cohort.
            models.Index(fields=["partnership", "organisation", "cohort"], name="staff_register_cohort"),
            models.Index(fields=["partnership", "cohort"], name="staff_partnership_cohort"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation", "identity_key"], name="unique_staff_member_in_register"
            ),
            models.CheckConstraint(
                condition=Q(leaving_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(leaving_date__gte=models.F("start_date")),
                name="staff_leaves_after_starting",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: object, **kwargs: object) -> None:
        self.identity_key = staff_identity.identity_key(
            reference=self.reference, full_name=self.full_name, job_title=self.job_title
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "identity_key"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> None:
        if self.cohort is not None and self.partnership_id and self.cohort.partnership_id != self.partnership_id:
            raise ValidationError({"cohort": "Choose a cohort of this partnership"})

    def has_left(self, today: date | None = None) -> bool:
        return self.leaving_date is not None and self.leaving_date < (today or timezone.localdate())

    def place_in_cohort(self, cohort: Cohort | None, *, reason: str = "") -> None:
        """Move them to a cohort; their completions' expiry dates follow its refresh rule."""
        self.cohort = cohort
        self.cohort_reason = reason
        self.updated_at = timezone.now()
        self.version += 1
        self.save(update_fields=["cohort", "cohort_reason", "updated_at", "version"])
        self.refresh_expiry_dates()

    def refresh_expiry_dates(self) -> None:
        months = self.cohort.refresh_months if self.cohort_id and self.cohort else None
        for completion in self.completions.all():  # type: ignore[attr-defined]
            expires = compliance.expiry_date(completion.completed_on, months)
            if completion.expires_on != expires:
                completion.expires_on = expires
                completion.save(update_fields=["expires_on"])


# The training menu


class CourseFormat(models.TextChoices):
    E_LEARNING = "e_learning", "E-learning"
    CLASSROOM = "classroom", "Classroom"
    WEBINAR = "webinar", "Webinar"
    BLENDED = "blended", "Blended"


class CourseQuerySet(models.QuerySet["Course"]):
    def active(self) -> CourseQuerySet:
        return self.filter(is_active=True)

    def in_partnerships(self, partnership_ids: frozenset[int] | set[int]) -> CourseQuerySet:
        return self.filter(partnership_id__in=sorted(partnership_ids))


class Course(models.Model):
    """A course on the partnership's training menu, run by a partner organisation or an external
    provider (for example the Home Office first responder e-learning)."""

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.PROTECT, related_name="training_courses")
    title = models.CharField(max_length=300)
    provider_organisation = models.ForeignKey(
        "partners.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="courses_provided",
        help_text="A partner organisation that runs it.",
    )
    external_provider = models.CharField(
        max_length=200, blank=True, help_text="Or the provider outside the partnership, for example the Home Office."
    )
    levels = models.ManyToManyField(TrainingLevel, related_name="courses", help_text="The levels it satisfies.")
    format = models.CharField(max_length=20, choices=CourseFormat.choices)
    duration_minutes = models.PositiveIntegerField("Duration (minutes)", null=True, blank=True)
    description = models.TextField(blank=True)
    materials_link = models.URLField("Link to materials or to the course", max_length=500, blank=True)
    is_active = models.BooleanField("On the menu", default=True)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = CourseQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[levels])

    class Meta:
        ordering = ["partnership", "title"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "title"], name="unique_course_title"),
            # One provider: a partner organisation or an external provider's name, not both.
            models.CheckConstraint(
                condition=(Q(provider_organisation__isnull=False) & Q(external_provider=""))
                | (Q(provider_organisation__isnull=True) & ~Q(external_provider="")),
                name="course_has_one_provider",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__gte=1), name="course_duration_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def provider_name(self) -> str:
        return str(self.provider_organisation) if self.provider_organisation_id else self.external_provider

    def level_numbers(self) -> frozenset[int]:
        return frozenset(level.number for level in self.levels.all())


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held: attendance recorded"
    CANCELLED = "cancelled", "Cancelled"


class CourseSessionQuerySet(models.QuerySet["CourseSession"]):
    def upcoming(self, now: datetime | None = None) -> CourseSessionQuerySet:
        return self.filter(status=SessionStatus.SCHEDULED, starts_at__gte=now or timezone.now()).order_by("starts_at")

    def in_partnerships(self, partnership_ids: frozenset[int] | set[int]) -> CourseSessionQuerySet:
        return self.filter(course__partnership_id__in=sorted(partnership_ids))


# Bookings that hold a place on a session (a waiting list or a cancelled booking does not).
PLACE_HOLDING = ["booked", "attended", "did_not_attend"]


class CourseSession(models.Model):
    """A scheduled run of a course: when, where, how many places and who trains."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.CharField("Place", max_length=300, blank=True)
    online_link = models.URLField("Online joining link", max_length=500, blank=True)
    capacity = models.PositiveIntegerField("Places")
    trainer_name = models.CharField(max_length=200, blank=True)
    trainer_organisation = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="training_sessions_run"
    )
    status = models.CharField(max_length=20, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED)
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = CourseSessionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["course", "starts_at"], name="session_course_starts"),
            models.Index(fields=["starts_at"], condition=Q(status="scheduled"), name="session_scheduled_starts"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="session_capacity_positive"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"),
            models.CheckConstraint(condition=~Q(venue="") | ~Q(online_link=""), name="session_has_a_place"),
        ]

    def __str__(self) -> str:
        return f"{self.course} on {timezone.localtime(self.starts_at):%d %B %Y}"

    @property
    def partnership_id(self) -> int:
        return self.course.partnership_id

    def places_taken(self) -> int:
        return self.bookings.filter(status__in=PLACE_HOLDING).count()  # type: ignore[attr-defined,no-any-return]

    def places_left(self) -> int:
        return max(self.capacity - self.places_taken(), 0)

    def next_waiting_list_position(self) -> int:
        last = self.bookings.filter(status="waiting_list").aggregate(last=models.Max("waiting_list_position"))["last"]  # type: ignore[attr-defined]
        return (last or 0) + 1


class BookingStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    WAITING_LIST = "waiting_list", "On the waiting list"
    CANCELLED = "cancelled", "Cancelled"
    ATTENDED = "attended", "Attended"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"


class BookingQuerySet(models.QuerySet["Booking"]):
    def holding_places(self) -> BookingQuerySet:
        return self.filter(status__in=PLACE_HOLDING)

    def waiting_list(self) -> BookingQuerySet:
        return self.filter(status=BookingStatus.WAITING_LIST).order_by("waiting_list_position", "booked_at")


class Booking(models.Model):
    """A member of staff's place on a session, or their place in its waiting list. Rebooking after
    a cancellation reuses the row, so a person is on a session once."""

    session = models.ForeignKey(CourseSession, on_delete=models.CASCADE, related_name="bookings")
    staff_member = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="bookings")
    status = models.CharField(max_length=20, choices=BookingStatus.choices, default=BookingStatus.BOOKED)
    waiting_list_position = models.PositiveIntegerField(null=True, blank=True)
    booked_at = models.DateTimeField(default=timezone.now)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = BookingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "status", "waiting_list_position", "booked_at"]
        indexes = [models.Index(fields=["session", "status"], name="booking_session_status")]
        constraints = [
            models.UniqueConstraint(fields=["session", "staff_member"], name="unique_booking"),
            models.CheckConstraint(
                condition=(Q(status="waiting_list") & Q(waiting_list_position__isnull=False))
                | (~Q(status="waiting_list") & Q(waiting_list_position__isnull=True)),
                name="booking_waiting_list_position",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff_member} on {self.session}: {self.get_status_display()}"

    def set_status(self, status: str) -> None:
        self.status = status
        if status != BookingStatus.WAITING_LIST:
            self.waiting_list_position = None
        self.updated_at = timezone.now()
        self.version += 1
        self.save(update_fields=["status", "waiting_list_position", "updated_at", "version"])


# Records


class CompletionSource(models.TextChoices):
    RECORDED = "recorded", "Recorded one by one"
    ATTENDANCE = "attendance", "From a session's attendance"


class CompletionQuerySet(models.QuerySet["Completion"]):
    def in_partnerships(self, partnership_ids: frozenset[int] | set[int]) -> CompletionQuerySet:
        return self.filter(staff_member__partnership_id__in=sorted(partnership_ids))

    def expiring_within(
        self, days: int = compliance.EXPIRING_WITHIN_DAYS, today: date | None = None
    ) -> CompletionQuerySet:
        today = today or timezone.localdate()
        return self.filter(expires_on__gte=today, expires_on__lte=today + timedelta(days=days))


class Completion(models.Model):
    """A member of staff completed a course. `expires_on` follows their cohort's refresh rule: set on
    every save and again when they change cohort (StaffMember.refresh_expiry_dates)."""

    staff_member = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="completions")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="completions")
    completed_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True, editable=False)
    evidence = _document_field("Evidence")
    evidence_name = models.CharField(max_length=255, blank=True)
    note = models.TextField(blank=True)
    source = models.CharField(max_length=20, choices=CompletionSource.choices, default=CompletionSource.RECORDED)
    booking = models.OneToOneField(
        Booking,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="completion",
        help_text="The attended booking it was recorded from.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = CompletionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["evidence"])

    class Meta:
        ordering = ["-completed_on", "id"]
        indexes = [
            models.Index(fields=["staff_member", "completed_on"], name="completion_staff_date"),
            models.Index(fields=["expires_on"], name="completion_expires"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["staff_member", "course", "completed_on"], name="unique_completion_per_day"
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=models.F("completed_on")),
                name="completion_expires_after_completion",
            ),
            models.CheckConstraint(condition=Q(completed_on__gte=date(2000, 1, 1)), name="completion_date_plausible"),
            models.CheckConstraint(
                condition=Q(source="recorded") | Q(booking__isnull=False), name="completion_attendance_has_booking"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff_member}: {self.course} on {self.completed_on:%d %B %Y}"

    def save(self, *args: object, **kwargs: object) -> None:
        cohort = self.staff_member.cohort if self.staff_member.cohort_id else None
        self.expires_on = compliance.expiry_date(self.completed_on, cohort.refresh_months if cohort else None)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "expires_on"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> None:
        if self.completed_on and self.completed_on > timezone.localdate():
            raise ValidationError({"completed_on": "The date they completed the course must be today or in the past"})
        if (
            self.course_id
            and self.staff_member_id
            and not _partnership_or_parent(self.course.partnership_id, self.staff_member)
        ):
            raise ValidationError({"course": "Choose a course on this partnership's training menu"})
        if self.booking_id and self.booking and self.booking.session.course_id != self.course_id:
            raise ValidationError({"course": "The course must be the one the session was for"})

    def is_expired(self, today: date | None = None) -> bool:
        return self.expires_on is not None and self.expires_on < (today or timezone.localdate())


# Awareness raising


class AwarenessEventKind(models.TextChoices):
    SEMINAR = "seminar", "Seminar"
    LAUNCH = "launch", "Launch event"
    CONFERENCE = "conference", "Conference"
    COMMUNITY = "community", "Community event"
    OTHER = "other", "Other"


class AwarenessEvent(models.Model):
    """A public or community event that raised awareness, with who it reached."""

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.PROTECT, related_name="awareness_events")
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=AwarenessEventKind.choices)
    held_on = models.DateField("Date")
    audience = models.CharField(max_length=300, blank=True, help_text="Who it was for.")
    reach = models.PositiveIntegerField("People reached", null=True, blank=True)
    organisations = models.ManyToManyField(
        "partners.Organisation", blank=True, related_name="awareness_events", verbose_name="Organisations involved"
    )
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "title"]
        indexes = [models.Index(fields=["partnership", "held_on"], name="awareness_event_date")]

    def __str__(self) -> str:
        return self.title


class AwarenessMaterialKind(models.TextChoices):
    LEAFLET = "leaflet", "Leaflet"
    POSTER = "poster", "Poster"
    GUIDE = "guide", "Guide"
    OTHER = "other", "Other"


class AwarenessMaterialQuerySet(models.QuerySet["AwarenessMaterial"]):
    def current(self) -> AwarenessMaterialQuerySet:
        return self.filter(is_current=True)

    def due_for_review(self, today: date | None = None) -> AwarenessMaterialQuerySet:
        return self.current().filter(review_date__lte=today or timezone.localdate())


class AwarenessMaterial(models.Model):
    """A leaflet, poster or guide in the partnership's library: a file or a link.
    `edition` is the material's own version ("2.1", "March 2026"); `version` is the record's, for
    optimistic locking as on every record several people edit."""

    partnership = models.ForeignKey(
        "partners.Partnership", on_delete=models.PROTECT, related_name="awareness_materials"
    )
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=AwarenessMaterialKind.choices)
    edition = models.CharField("Version", max_length=50, blank=True)
    file = _document_field("File")
    file_name = models.CharField(max_length=255, blank=True)
    link = models.URLField(max_length=500, blank=True)
    languages = models.CharField(max_length=300, blank=True, help_text="For example: English, Polish, Romanian.")
    review_date = models.DateField(null=True, blank=True)
    is_current = models.BooleanField("Current", default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = AwarenessMaterialQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["file"])

    class Meta:
        ordering = ["partnership", "title"]
        indexes = [
            models.Index(fields=["partnership", "is_current"], name="awareness_material_current"),
            models.Index(fields=["review_date"], condition=Q(is_current=True), name="awareness_material_review"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(file="") | ~Q(link=""), name="awareness_material_file_or_link"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.edition})" if self.edition else self.title

    def language_list(self) -> list[str]:
        return [language.strip() for language in self.languages.split(",") if language.strip()]
