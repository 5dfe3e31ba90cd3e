"""The questions on the training menu and its records: filtering the courses and sessions; adding and
editing a course or a session; cancelling a session or a booking; booking staff; a session's
register; and recording a completion one by one with its evidence.

Every form on an existing course, session or booking carries its version as it was shown, so a
change made meanwhile by someone else is caught rather than overwritten (services_courses.StaleRecord)."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q, QuerySet
from django.utils import timezone

from waymark.cases import documents
from waymark.cases.forms_notes import EMPTY, WRONG_TYPE, max_size, too_large_message
from waymark.core.forms import GovukDateField, PastDatesForm
from waymark.partners.models import Organisation, Partnership

from .models import Booking, Completion, Course, CourseFormat, CourseSession, StaffMember, TrainingLevel

TEXT_MAX_LENGTH = 4000
OUT_OF_DATE = "This form is out of date. Reload the page, then try again"
CONFLICT = "Someone else changed this {noun} while you were working on it. Check it below, then try again."
TIME_PATTERN = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")
UPCOMING, PAST = "upcoming", "past"


def version_field() -> forms.IntegerField:
    return forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE}
    )


class VersionForm(forms.Form):
    """Only the version: confirming a cancellation."""

    version = version_field()

    def __init__(self, *args: Any, record: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"version": record.version})
        super().__init__(*args, **kwargs)


def _level_label(level: TrainingLevel) -> str:
    return level.name if level.is_standalone else f"Level {level.number}: {level.name}"


# Filters


class CourseFilterForm(forms.Form):
    level = forms.TypedChoiceField(label="Level", required=False, coerce=int, empty_value=None)
    format = forms.ChoiceField(label="Format", required=False, choices=[("", "Any format"), *CourseFormat.choices])

    def __init__(self, *args: Any, levels: QuerySet[TrainingLevel], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Levels are compared by number (compliance.py), so the county's level 2 and Testford's are one.
        labels: dict[int, str] = {}
        for level in levels.order_by("number", "partnership_id"):
            labels.setdefault(level.number, _level_label(level))
        self.fields["level"].choices = [("", "Any level"), *sorted(labels.items())]  # type: ignore[attr-defined]
        self.fields["level"].error_messages["invalid_choice"] = "Select a level from the list"
        self.fields["format"].error_messages["invalid_choice"] = "Select a format from the list"

    def filter(self, courses: QuerySet[Course]) -> QuerySet[Course]:
        if not self.is_bound or not self.is_valid():
            return courses
        if self.cleaned_data["level"] is not None:
            courses = courses.filter(levels__number=self.cleaned_data["level"]).distinct()
        if self.cleaned_data["format"]:
            courses = courses.filter(format=self.cleaned_data["format"])
        return courses


class SessionFilterForm(forms.Form):
    when = forms.ChoiceField(
        label="Which sessions?",
        required=False,
        choices=[(UPCOMING, "Upcoming"), (PAST, "Past and cancelled")],
        widget=forms.RadioSelect(attrs={"inline": True, "small": True}),
    )
    course = forms.ModelChoiceField(
        label="Course",
        queryset=Course.objects.none(),
        required=False,
        empty_label="Any course",
        error_messages={"invalid_choice": "Select a course from the list"},
    )

    def __init__(self, *args: Any, courses: QuerySet[Course], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses.order_by("title")  # type: ignore[attr-defined]
        self.fields["when"].error_messages["invalid_choice"] = "Select upcoming or past sessions"

    def chosen(self, name: str, default: Any = None) -> Any:
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get(name) or default
        return default


# Courses


def provider_organisations(partnerships: QuerySet[Partnership]) -> QuerySet[Organisation]:
    """Members of the partnerships or of those below them: a county course may be run by a local partner."""
    ids = list(partnerships.values_list("pk", flat=True))
    reach = Partnership.objects.filter(Q(pk__in=ids) | Q(parent_id__in=ids))
    return Organisation.objects.active().in_partnerships(reach).order_by("name")


class LevelChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: TrainingLevel) -> str:
        label = _level_label(obj)
        return f"{label} ({obj.partnership})" if getattr(self, "show_partnership", False) else label


class CourseForm(forms.Form):
    partnership = forms.ModelChoiceField(
        label="Which partnership's menu is it on?",
        queryset=Partnership.objects.none(),
        empty_label="Select a partnership",
        error_messages={"required": "Select the partnership", "invalid_choice": "Select a partnership you coordinate"},
    )
    version = version_field()
    title = forms.CharField(
        label="Title",
        max_length=300,
        error_messages={"required": "Enter the title", "max_length": "The title must be 300 characters or fewer"},
    )
    provider_organisation = forms.ModelChoiceField(
        label="Partner organisation that runs it",
        help_text="Leave this empty if an external provider runs it.",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="None: an external provider runs it",
        error_messages={"invalid_choice": "Select an organisation in the partnership"},
    )
    external_provider = forms.CharField(
        label="External provider",
        help_text="For example, Home Office. Leave this empty if a partner organisation runs it.",
        required=False,
        max_length=200,
        error_messages={"max_length": "The external provider must be 200 characters or fewer"},
    )
    levels = LevelChoiceField(
        label="Which levels does it satisfy?",
        help_text="Select all that apply. A higher level also covers the levels below it.",
        queryset=TrainingLevel.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select the levels the course satisfies",
            "invalid_choice": "Select levels from the list",
            "invalid_pk_value": "Select levels from the list",
        },
    )
    format = forms.ChoiceField(
        label="Format",
        choices=CourseFormat.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the format", "invalid_choice": "Select the format"},
    )
    duration_minutes = forms.IntegerField(
        label="Duration in minutes (optional)",
        help_text="For example, 90 for an hour and a half.",
        required=False,
        min_value=1,
        max_value=10_000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={
            "invalid": "Enter the duration as a whole number of minutes, like 90",
            "min_value": "The duration must be at least 1 minute",
            "max_value": "The duration must be 10,000 minutes or fewer",
        },
    )
    description = forms.CharField(
        label="Description (optional)",
        help_text="Who it is for and what it covers.",
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"The description must be {TEXT_MAX_LENGTH:,} characters or fewer"},
    )
    materials_link = forms.URLField(
        label="Link to the course or its materials (optional)",
        help_text="A web address starting with https://",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={
            "invalid": "Enter a web address in the correct format, like https://www.gov.uk/",
            "max_length": "The link must be 500 characters or fewer",
        },
    )
    is_active = forms.BooleanField(
        label="On the menu",
        help_text="Untick to take it off the menu. Its completions still count.",
        required=False,
    )

    def __init__(
        self, *args: Any, partnerships: QuerySet[Partnership], course: Course | None = None, **kwargs: Any
    ) -> None:
        if course is not None:
            initial = {name: getattr(course, name) for name in ("title", "external_provider", "format")}
            initial.update(
                version=course.version,
                provider_organisation=course.provider_organisation_id,
                levels=list(course.levels.values_list("pk", flat=True)),
                duration_minutes=course.duration_minutes,
                description=course.description,
                materials_link=course.materials_link,
                is_active=course.is_active,
            )
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.course = course
        if course is not None:
            partnerships = Partnership.objects.filter(pk=course.partnership_id)
            del self.fields["partnership"]
            self.only_partnership: Partnership | None = course.partnership
        else:
            del self.fields["version"]
            del self.fields["is_active"]
            self.only_partnership = partnerships.first() if partnerships.count() == 1 else None
            if self.only_partnership is not None:
                del self.fields["partnership"]
            else:
                self.fields["partnership"].queryset = partnerships  # type: ignore[attr-defined]
        levels = self.fields["levels"]
        levels.queryset = TrainingLevel.objects.filter(partnership__in=partnerships).order_by(  # type: ignore[attr-defined]
            "partnership__name", "number"
        )
        levels.show_partnership = self.only_partnership is None  # type: ignore[attr-defined]
        self.fields["provider_organisation"].queryset = provider_organisations(partnerships)  # type: ignore[attr-defined]

    def chosen_partnership(self) -> Partnership | None:
        return self.only_partnership or self.cleaned_data.get("partnership")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        organisation, external = cleaned.get("provider_organisation"), cleaned.get("external_provider", "")
        if "provider_organisation" in cleaned and "external_provider" in cleaned:
            if organisation is None and not external:
                self.add_error(
                    "provider_organisation",
                    "Select the partner organisation that runs it, or enter the external provider",
                )
            elif organisation is not None and external:
                self.add_error(
                    "external_provider", "Enter an external provider only if no partner organisation runs it"
                )
        partnership = self.chosen_partnership()
        if partnership is not None:
            levels = cleaned.get("levels") or []
            if any(level.partnership_id != partnership.pk for level in levels):
                self.add_error("levels", f"Select levels of {partnership}")
            title = cleaned.get("title")
            same = Course.objects.filter(partnership=partnership, title__iexact=title or "")
            if self.course is not None:
                same = same.exclude(pk=self.course.pk)
            if title and same.exists():
                self.add_error("title", f"{partnership} already has a course called {title}")
        return cleaned

    def changes(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k not in {"version", "partnership", "levels"}}
        data["external_provider"] = "" if data.get("provider_organisation") else data.get("external_provider", "")
        return data


# Sessions


def _time_field(label: str, example: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=f"Use the 24-hour clock, for example {example}",
        max_length=5,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={
            "required": f"Enter the {label.lower()}",
            "max_length": f"Enter the {label.lower()} like {example}",
        },
    )


def _parse_time(value: str) -> time | None:
    match = TIME_PATTERN.match(value or "")
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


class SessionForm(forms.Form):
    course = forms.ModelChoiceField(
        label="Course",
        queryset=Course.objects.none(),
        empty_label="Select a course",
        error_messages={"required": "Select the course", "invalid_choice": "Select a course on a menu you manage"},
    )
    version = version_field()
    day = GovukDateField(label="Date", error_messages={"required": "Enter the date of the session"})
    start_time = _time_field("Start time", "10:00")
    end_time = _time_field("End time", "13:00")
    venue = forms.CharField(
        label="Place (optional if it is online)",
        help_text="The building and room.",
        required=False,
        max_length=300,
        error_messages={"max_length": "The place must be 300 characters or fewer"},
    )
    online_link = forms.URLField(
        label="Online joining link (optional if it is in person)",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={
            "invalid": "Enter a web address in the correct format, like https://meet.example.org/abc",
            "max_length": "The link must be 500 characters or fewer",
        },
    )
    capacity = forms.IntegerField(
        label="Places",
        help_text="How many people can attend.",
        min_value=1,
        max_value=10_000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter the number of places",
            "invalid": "Enter the number of places as a whole number, like 12",
            "min_value": "The session must have at least 1 place",
            "max_value": "The session must have 10,000 places or fewer",
        },
    )
    trainer_name = forms.CharField(
        label="Trainer (optional)",
        required=False,
        max_length=200,
        error_messages={"max_length": "The trainer's name must be 200 characters or fewer"},
    )
    trainer_organisation = forms.ModelChoiceField(
        label="Trainer's organisation (optional)",
        help_text="Its training lead keeps the session's register with you.",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Not a partner organisation",
        error_messages={"invalid_choice": "Select an organisation in the partnership"},
    )

    def __init__(
        self,
        *args: Any,
        courses: QuerySet[Course],
        partnerships: QuerySet[Partnership],
        session: CourseSession | None = None,
        **kwargs: Any,
    ) -> None:
        if session is not None:
            starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
            kwargs.setdefault(
                "initial",
                {
                    "version": session.version,
                    "day": starts.date(),
                    "start_time": f"{starts:%H:%M}",
                    "end_time": f"{ends:%H:%M}",
                    "venue": session.venue,
                    "online_link": session.online_link,
                    "capacity": session.capacity,
                    "trainer_name": session.trainer_name,
                    "trainer_organisation": session.trainer_organisation_id,
                },
            )
        super().__init__(*args, **kwargs)
        self.session = session
        if session is None:
            del self.fields["version"]
            self.fields["course"].queryset = courses.order_by("title")  # type: ignore[attr-defined]
        else:
            del self.fields["course"]
        self.fields["trainer_organisation"].queryset = provider_organisations(partnerships)  # type: ignore[attr-defined]
        example = timezone.localdate() + timedelta(days=28)
        self.fields["day"].help_text = f"For example, {example.day} {example.month} {example.year}"

    def clean_start_time(self) -> time:
        parsed = _parse_time(self.cleaned_data["start_time"])
        if parsed is None:
            raise forms.ValidationError("Enter the start time like 10:00 or 14:30")
        return parsed

    def clean_end_time(self) -> time:
        parsed = _parse_time(self.cleaned_data["end_time"])
        if parsed is None:
            raise forms.ValidationError("Enter the end time like 13:00 or 16:30")
        return parsed

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if isinstance(start, time) and isinstance(end, time) and end <= start:
            self.add_error("end_time", "The end time must be after the start time")
        if not cleaned.get("venue") and not cleaned.get("online_link") and "online_link" not in self.errors:
            self.add_error("venue", "Enter the place, or the online joining link")
        return cleaned

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        day: date = data["day"]
        return {
            "starts_at": timezone.make_aware(datetime.combine(day, data["start_time"])),
            "ends_at": timezone.make_aware(datetime.combine(day, data["end_time"])),
            "venue": data["venue"],
            "online_link": data["online_link"],
            "capacity": data["capacity"],
            "trainer_name": data["trainer_name"],
            "trainer_organisation": data["trainer_organisation"],
        }


# Booking


class StaffChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: StaffMember) -> str:
        team = f", {obj.team}" if obj.team else ""
        return f"{obj.full_name} ({obj.job_title}{team})"


class BookingForm(forms.Form):
    staff = StaffChoiceField(
        label="Who do you want to book?",
        help_text="Select everyone you want to book. When the session is full, the rest go on its waiting "
        "list in the order listed.",
        queryset=StaffMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one member of staff to book",
            "invalid_choice": "Select staff from your register",
            "invalid_pk_value": "Select staff from your register",
        },
    )

    def __init__(self, *args: Any, staff: QuerySet[StaffMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff  # type: ignore[attr-defined]


# Attendance


class AttendanceForm(forms.Form):
    """One question per booked person: did they attend?"""

    version = version_field()

    def __init__(self, *args: Any, session: CourseSession, bookings: list[Booking], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"version": session.version})
        super().__init__(*args, **kwargs)
        self.bookings = bookings
        for booking in bookings:
            name = booking.staff_member.full_name
            self.fields[self.field_name(booking)] = forms.ChoiceField(
                label=name,
                choices=[("yes", "Attended"), ("no", "Did not attend")],
                widget=forms.RadioSelect(attrs={"inline": True, "small": True}),
                error_messages={"required": f"Select whether {name} attended"},
            )

    @staticmethod
    def field_name(booking: Booking) -> str:
        return f"booking_{booking.pk}"

    def booking_fields(self) -> list[forms.BoundField]:
        return [self[self.field_name(b)] for b in self.bookings]

    def attended(self) -> dict[int, bool]:
        return {b.pk: self.cleaned_data[self.field_name(b)] == "yes" for b in self.bookings}


# Completions


class CompletionForm(PastDatesForm):
    course = forms.ModelChoiceField(
        label="Course",
        queryset=Course.objects.none(),
        empty_label="Select a course",
        error_messages={"required": "Select the course", "invalid_choice": "Select a course from the list"},
    )
    completed_on = GovukDateField(
        label="Date they completed it", error_messages={"required": "Enter the date they completed the course"}
    )
    evidence = forms.FileField(
        label="Evidence (optional if you write a note)",
        required=False,
        max_length=255,
        allow_empty_file=False,
        widget=forms.FileInput(attrs={"accept": documents.ACCEPT}),
        error_messages={
            "empty": EMPTY,
            "invalid": "Select a file",
            "missing": "Select a file",
            "max_length": "The name of the selected file must be 255 characters or fewer",
        },
    )
    note = forms.CharField(
        label="Note (optional if you upload evidence)",
        help_text="For example, certificate seen on 3 March, or the e-learning record number.",
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"The note must be {TEXT_MAX_LENGTH:,} characters or fewer"},
    )

    def __init__(self, *args: Any, staff_member: StaffMember, courses: QuerySet[Course], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.staff_member = staff_member
        self.fields["course"].queryset = courses  # type: ignore[attr-defined]
        self.fields[
            "evidence"
        ].help_text = f"A certificate or record: a PDF, DOC, DOCX, JPG or PNG, smaller than {max_size()}."
        example = timezone.localdate() - timedelta(days=30)
        self.fields["completed_on"].help_text = f"For example, {example.day} {example.month} {example.year}"

    def clean_evidence(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("evidence")
        if not upload:
            return None
        if not upload.size:
            raise forms.ValidationError(EMPTY, code="empty")
        if upload.size > settings.DOCUMENT_MAX_BYTES:
            raise forms.ValidationError(too_large_message(), code="too_large")
        if documents.identify(upload) is None:  # by its content, never by its name
            raise forms.ValidationError(WRONG_TYPE, code="wrong_type")
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        day = cleaned.get("completed_on")
        if isinstance(day, date) and day < date(2000, 1, 1) and "completed_on" not in self.errors:
            self.add_error("completed_on", "The date they completed it must be in 2000 or later")
        if "evidence" not in self.errors and not cleaned.get("evidence") and not cleaned.get("note"):
            self.add_error("evidence", "Upload the evidence, or write a note")
        course = cleaned.get("course")
        if (
            course is not None
            and isinstance(day, date)
            and not self.errors.get("completed_on")
            and Completion.objects.filter(staff_member=self.staff_member, course=course, completed_on=day).exists()
        ):
            self.add_error(
                "completed_on", f"{self.staff_member.full_name} already has {course} recorded on {day.day} {day:%B %Y}"
            )
        return cleaned
