"""The questions on meetings: when and where a meeting is and who chairs, takes the minutes and hosts
it; why it is cancelled; an agenda item and its paper; who attended; the minutes; an action arising
and its status; and the filters of the meeting and action lists.

Every form on an existing record carries its version as it was shown, so a change made meanwhile by
someone else is caught rather than overwritten (services_meetings.Stale)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from itertools import groupby
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils import timezone

from waymark.accounts.models import User
from waymark.cases import documents
from waymark.cases.forms_tasks import PersonChoiceField
from waymark.core.forms import GovukDateField
from waymark.partners.models import Organisation, Partnership

from .models import (
    AgendaItem,
    AttendanceStatus,
    Group,
    Meeting,
    MeetingAction,
    MeetingActionStatus,
    Representative,
)

TEXT_MAX_LENGTH = 4000
MINUTES_MAX_LENGTH = 50_000
OUT_OF_DATE = "This form is out of date. Reload the page, then try again"
CONFLICT = "Someone else changed {what} while you were working on it. Check it below, then try again."
PAPER_KINDS = (documents.PDF, documents.DOC, documents.DOCX)
PAPER_ACCEPT = ",".join(ext for kind in PAPER_KINDS for ext in kind.extensions)
WRONG_PAPER = "The selected file must be a PDF, DOC or DOCX"


def version_field() -> forms.IntegerField:
    return forms.IntegerField(
        widget=forms.HiddenInput, min_value=0, error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE}
    )


def _select(label: str, help_text: str = "", *, required: bool = False, empty: str = "None") -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        help_text=help_text,
        queryset=Organisation.objects.none(),
        required=required,
        empty_label=empty,
        error_messages={"invalid_choice": "Select an organisation from the list"},
    )


def partnership_organisations(partnership_id: int) -> QuerySet[Organisation]:
    return Organisation.objects.active().in_partnerships(Partnership.objects.filter(pk=partnership_id)).order_by("name")


def partnership_people(partnership_id: int) -> QuerySet[User]:
    """People who hold a role in the partnership, by organisation (for the grouped list)."""
    return (
        User.objects.filter(is_active=True, role_assignments__partnership_id=partnership_id)
        .select_related("organisation")
        .distinct()
        .order_by("organisation__name", "full_name", "email")
    )


# Meetings

_TIME = re.compile(r"^(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<half>am|pm)?$")


def parse_time(text: str) -> time | None:
    """'14:00', '14.00', '2pm', '2:30pm', '9am' (a bare hour without am or pm is not enough)."""
    match = _TIME.match(text.strip().lower().replace(" ", ""))
    if match is None:
        return None
    hour, minute, half = int(match["hour"]), int(match["minute"] or 0), match["half"]
    if half is None and match["minute"] is None:
        return None
    if half is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


class TimeOfDayField(forms.Field):
    """A time typed as people type it (see parse_time)."""

    def __init__(self, *, noun: str, **kwargs: Any) -> None:
        self.noun = noun
        kwargs.setdefault("help_text", "For example, 10:00 or 2:30pm")
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "govuk-input--width-5", "autocomplete": "off"}))
        super().__init__(error_messages={"required": f"Enter the time {noun}"}, **kwargs)

    def to_python(self, value: Any) -> time | None:
        text = str(value or "").strip()[:20]
        if not text:
            return None
        parsed = parse_time(text)
        if parsed is None:
            raise forms.ValidationError(f"Enter the time {self.noun} like 10:00 or 2:30pm", code="invalid")
        return parsed


def _show_time(value: datetime | None) -> str:
    return f"{timezone.localtime(value):%H:%M}" if value else ""


class MeetingForm(forms.Form):
    """Adding a meeting (with `groups`: which group) or editing one (with `meeting`: its rota too)."""

    group = forms.ModelChoiceField(
        label="Which group is meeting?",
        queryset=Group.objects.none(),
        empty_label="Select a group",
        error_messages={"required": "Select the group", "invalid_choice": "Select a group from the list"},
    )
    day = GovukDateField(label="Date of the meeting", error_messages={"required": "Enter the date of the meeting"})
    start = TimeOfDayField(label="Start time", noun="the meeting starts")
    end = TimeOfDayField(label="End time (optional)", noun="the meeting ends", required=False)
    location = forms.CharField(
        label="Where is it? (optional if it is online)",
        help_text="The building and room, for example Testford Civic Centre, Room 2.",
        required=False,
        max_length=300,
        error_messages={"max_length": "The place must be 300 characters or fewer"},
    )
    online_link = forms.URLField(
        label="Online meeting link (optional)",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={
            "invalid": "Enter the online meeting link as a web address, like https://meet.example/board",
            "max_length": "The online meeting link must be 500 characters or fewer",
        },
    )
    chair_organisation = _select("Chair")
    minute_taker_organisation = _select("Minute-taker")
    host_organisation = _select("Host")
    version = version_field()

    def __init__(
        self, *args: Any, groups: QuerySet[Group] | None = None, meeting: Meeting | None = None, **kwargs: Any
    ) -> None:
        if meeting is not None:
            kwargs.setdefault(
                "initial",
                {
                    "day": timezone.localdate(meeting.starts_at),
                    "start": _show_time(meeting.starts_at),
                    "end": _show_time(meeting.ends_at),
                    "location": meeting.location,
                    "online_link": meeting.online_link,
                    "chair_organisation": meeting.chair_organisation_id,
                    "minute_taker_organisation": meeting.minute_taker_organisation_id,
                    "host_organisation": meeting.host_organisation_id,
                    "version": meeting.version,
                },
            )
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        if meeting is None:
            assert groups is not None
            self.fields["group"].queryset = groups  # type: ignore[attr-defined]
            for name in ("chair_organisation", "minute_taker_organisation", "host_organisation", "version"):
                del self.fields[name]
        else:
            del self.fields["group"]
            members = Organisation.objects.filter(
                group_seats__group_id=meeting.group_id, group_seats__left_on__isnull=True
            ).order_by("name")
            for name, noun in (
                ("chair_organisation", "chairs"),
                ("minute_taker_organisation", "takes the minutes"),
                ("host_organisation", "hosts"),
            ):
                field = self.fields[name]
                field.queryset = members  # type: ignore[attr-defined]
                field.help_text = f"The member organisation that {noun} this meeting."
                field.error_messages["invalid_choice"] = f"Select an organisation that sits on {meeting.group}"
        example = timezone.localdate() + timedelta(days=14)
        self.fields["day"].help_text = f"For example, {example.day} {example.month} {example.year}"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        day, start, end = cleaned.get("day"), cleaned.get("start"), cleaned.get("end")
        if isinstance(day, date) and isinstance(start, time):
            cleaned["starts_at"] = timezone.make_aware(datetime.combine(day, start))
            cleaned["ends_at"] = timezone.make_aware(datetime.combine(day, end)) if isinstance(end, time) else None
            if isinstance(end, time) and end <= start:
                self.add_error("end", "The end time must be after the start time")
        if "location" in cleaned and "online_link" in cleaned and not (cleaned["location"] or cleaned["online_link"]):
            self.add_error("location", "Enter where the meeting is, or an online meeting link")
        return cleaned

    def meeting_fields(self) -> dict[str, Any]:
        names = ["starts_at", "ends_at", "location", "online_link"]
        if self.meeting is not None:
            names += ["chair_organisation", "minute_taker_organisation", "host_organisation"]
        return {name: self.cleaned_data[name] for name in names}


class CancelMeetingForm(forms.Form):
    reason = forms.CharField(
        label="Why is the meeting cancelled?",
        help_text="The members will see this on the meeting's page.",
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why the meeting is cancelled",
            "max_length": f"The reason must be {TEXT_MAX_LENGTH} characters or fewer",
        },
    )
    version = version_field()


class MeetingFilterForm(forms.Form):
    group = forms.ModelChoiceField(
        label="Group",
        queryset=Group.objects.none(),
        required=False,
        empty_label="All groups",
        error_messages={"invalid_choice": "Select a group from the list"},
    )

    def __init__(self, *args: Any, groups: QuerySet[Group], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]

    def chosen_group(self) -> Group | None:
        if self.is_bound and self.is_valid():
            return self.cleaned_data["group"]  # type: ignore[no-any-return]
        return None


# The agenda


class AgendaItemForm(forms.Form):
    title = forms.CharField(
        label="Agenda item",
        help_text="For example, Quarterly performance report.",
        max_length=300,
        error_messages={
            "required": "Enter the agenda item",
            "max_length": "The agenda item must be 300 characters or fewer",
        },
    )
    owner_organisation = _select("Which organisation leads it? (optional)")
    owner_user = PersonChoiceField(
        label="Who leads it? (optional)",
        help_text="People with a role in the partnership, listed by organisation.",
        queryset=User.objects.none(),
        required=False,
        empty_label="Nobody named",
        error_messages={"invalid_choice": "Select a person from the list"},
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"The notes must be {TEXT_MAX_LENGTH} characters or fewer"},
    )
    paper = forms.FileField(
        label="Paper (optional)",
        required=False,
        max_length=255,
        widget=forms.FileInput(attrs={"accept": PAPER_ACCEPT}),
        error_messages={
            "empty": "The selected file is empty",
            "invalid": "Select a file",
            "max_length": "The name of the selected file must be 255 characters or fewer",
        },
    )
    remove_paper = forms.BooleanField(label="Remove the paper", required=False)

    def __init__(self, *args: Any, meeting: Meeting, item: AgendaItem | None = None, **kwargs: Any) -> None:
        if item is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": item.title,
                    "owner_organisation": item.owner_organisation_id,
                    "owner_user": item.owner_user_id,
                    "notes": item.notes,
                },
            )
        super().__init__(*args, **kwargs)
        partnership_id = meeting.group.partnership_id
        self.fields["owner_organisation"].queryset = partnership_organisations(partnership_id)  # type: ignore[attr-defined]
        self.fields["owner_user"].queryset = partnership_people(partnership_id)  # type: ignore[attr-defined]
        size = f"{settings.DOCUMENT_MAX_BYTES // (1024 * 1024)}MB"
        self.fields["paper"].help_text = f"A PDF, DOC or DOCX, smaller than {size}."
        if item is not None and item.paper_name:
            self.fields["paper"].label = "Replace the paper (optional)"
            self.fields["paper"].help_text = f"Now: {item.paper_name}. " + self.fields["paper"].help_text
        else:
            del self.fields["remove_paper"]
        self.kind: documents.DocumentKind | None = None

    def clean_paper(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("paper")
        if not upload:
            return None
        if not upload.size:
            raise forms.ValidationError("The selected file is empty", code="empty")
        if upload.size > settings.DOCUMENT_MAX_BYTES:
            size = f"{settings.DOCUMENT_MAX_BYTES // (1024 * 1024)}MB"
            raise forms.ValidationError(f"The selected file must be smaller than {size}", code="too_large")
        kind = documents.identify(upload)  # by its content, never by its name
        if kind not in PAPER_KINDS:
            raise forms.ValidationError(WRONG_PAPER, code="wrong_type")
        self.kind = kind
        return upload


# Attendance


class AttendanceForm(forms.Form):
    """One question per current representative: present, apologies or absent."""

    def __init__(self, *args: Any, representatives: QuerySet[Representative], recorded: dict[int, str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.representatives = list(representatives)
        for representative in self.representatives:
            deputy = " (deputy)" if representative.is_deputy else ""
            self.fields[self.field_name(representative)] = forms.ChoiceField(
                label=f"{representative.display_name}{deputy}",
                choices=AttendanceStatus.choices,
                widget=forms.RadioSelect(attrs={"inline": True, "small": True}),
                initial=recorded.get(representative.pk),
                error_messages={
                    "required": f"Select whether {representative.display_name} was present, sent apologies or was absent"
                },
            )

    @staticmethod
    def field_name(representative: Representative) -> str:
        return f"representative_{representative.pk}"

    def by_organisation(self) -> Iterator[tuple[Organisation, list[forms.BoundField]]]:
        for organisation, representatives in groupby(self.representatives, key=lambda r: r.member.organisation):
            yield organisation, [self[self.field_name(r)] for r in representatives]

    def statuses(self) -> dict[Representative, str]:
        return {r: self.cleaned_data[self.field_name(r)] for r in self.representatives}


# Minutes


class MinutesForm(forms.Form):
    text = forms.CharField(
        label="Minutes",
        help_text="Number the items as on the agenda. Record decisions and who will do what; add each action "
        "arising below the minutes so that it can be followed up.",
        max_length=MINUTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 16}),
        error_messages={
            "required": "Enter the minutes",
            "max_length": f"The minutes must be {MINUTES_MAX_LENGTH:,} characters or fewer",
        },
    )
    version = version_field()


class VersionForm(forms.Form):
    """A button that changes a record as it was shown (approve or share minutes)."""

    version = version_field()


# Actions arising


class ActionForm(forms.Form):
    description = forms.CharField(
        label="What is the action?",
        help_text="What needs to happen, for example Circulate the referral flowchart to all partners.",
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter the action",
            "max_length": f"The action must be {TEXT_MAX_LENGTH} characters or fewer",
        },
    )
    owner_organisation = _select("Which organisation will do it?", required=True, empty="Select an organisation")
    owner_user = PersonChoiceField(
        label="Who in that organisation will do it? (optional)",
        help_text="People with a role in the partnership, listed by organisation.",
        queryset=User.objects.none(),
        required=False,
        empty_label="Nobody named",
        error_messages={"invalid_choice": "Select a person from the list"},
    )
    due_date = GovukDateField(label="Due date", error_messages={"required": "Enter the date the action is due"})

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partnership_id = meeting.group.partnership_id
        owner = self.fields["owner_organisation"]
        owner.queryset = partnership_organisations(partnership_id)  # type: ignore[attr-defined]
        owner.error_messages["required"] = "Select the organisation that will do the action"
        self.fields["owner_user"].queryset = partnership_people(partnership_id)  # type: ignore[attr-defined]
        example = timezone.localdate() + timedelta(days=28)
        self.fields["due_date"].help_text = f"For example, {example.day} {example.month} {example.year}"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        organisation, person = cleaned.get("owner_organisation"), cleaned.get("owner_user")
        if organisation is not None and person is not None and person.organisation_id != organisation.pk:
            self.add_error("owner_user", f"Select a person who works for {organisation}")
        return cleaned


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=MeetingActionStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the status of the action"},
    )
    version = version_field()

    def __init__(self, *args: Any, action: MeetingAction, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"status": action.status, "version": action.version})
        super().__init__(*args, **kwargs)


class ActionFilterForm(forms.Form):
    overdue = forms.BooleanField(label="Only overdue", required=False)

    def only_overdue(self) -> bool:
        return self.is_bound and self.is_valid() and bool(self.cleaned_data["overdue"])
