"""The questions on groups: the group itself, a member organisation, a representative, scheduling
meetings from the group's frequency, one meeting's rota, and which partnership a new group is for."""

from __future__ import annotations

import re
from datetime import date, time
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from waymark.accounts.models import User
from waymark.cases import documents
from waymark.core.forms import GovukDateField
from waymark.partners.models import Organisation, Partnership

from . import services_groups
from .group_schedule import MAX_MEETINGS
from .models import Frequency, Group, GroupKind, GroupMember, Meeting

DOCUMENT_KINDS = (documents.PDF, documents.DOC, documents.DOCX)
WRONG_TYPE = "The selected file must be a PDF, DOC or DOCX"
CONFLICT = "Someone else changed this meeting while you were working on it. Check the rota below, then try again."
NOBODY = "Nobody yet"
TEXT_MAX_LENGTH = 10_000


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        organisation = f" ({obj.organisation})" if obj.organisation_id else ""
        return f"{obj.full_name or obj.email}{organisation}"


class ChoosePartnershipForm(forms.Form):
    partnership = forms.ModelChoiceField(
        label="Which partnership is the group part of?",
        queryset=Partnership.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select the partnership", "invalid_choice": "Select the partnership"},
    )

    def __init__(self, *args: Any, partnerships: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships.order_by("name")  # type: ignore[attr-defined]


class GroupForm(forms.ModelForm):
    end_date = GovukDateField(
        label="End date",
        required=False,
        help_text="For a task and finish group: when it is due to finish. For example, 31 3 2027",
    )
    document = forms.FileField(
        label="Terms of reference document (optional)",
        required=False,
        max_length=255,
        allow_empty_file=False,
        widget=forms.FileInput(attrs={"accept": ",".join(e for k in DOCUMENT_KINDS for e in k.extensions)}),
        error_messages={
            "empty": "The selected file is empty",
            "invalid": "Select a file",
            "max_length": "The name of the selected file must be 255 characters or fewer",
        },
    )

    class Meta:
        model = Group
        fields = ["name", "kind", "purpose", "terms_of_reference", "reports_to", "chair", "frequency", "quorum"]
        labels = {
            "name": "Name of the group",
            "kind": "What kind of group is it?",
            "purpose": "Purpose (optional)",
            "terms_of_reference": "Terms of reference (optional)",
            "reports_to": "Which group does it report to? (optional)",
            "chair": "Chair (optional)",
            "frequency": "How often does it meet?",
            "quorum": "Quorum (optional)",
        }
        help_texts = {
            "purpose": "What the group is for, in a sentence or two.",
            "terms_of_reference": "Or upload them as a document below.",
            "reports_to": "A group in this partnership or the one above it.",
            "quorum": "How many member organisations must be present. Leave blank for more than half of them.",
        }
        widgets = {
            "kind": forms.RadioSelect,
            "frequency": forms.RadioSelect,
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "terms_of_reference": forms.Textarea(attrs={"rows": 6}),
            "quorum": forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        }
        error_messages = {
            "name": {
                "required": "Enter the name of the group",
                "max_length": "The name must be 200 characters or fewer",
            },
            "kind": {"required": "Select what kind of group it is"},
            "frequency": {"required": "Select how often the group meets"},
            "quorum": {
                "invalid": "The quorum must be a whole number, like 3",
                "min_value": "The quorum must be 1 or more",
            },
            "reports_to": {"invalid_choice": "Select a group in this partnership or the one above it"},
            "chair": {"invalid_choice": "Select a chair from the list"},
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.partnership = partnership
        self.kind: documents.DocumentKind | None = None
        reports_to = self.fields["reports_to"]
        reports_to.queryset = services_groups.possible_parents(partnership, self.instance)  # type: ignore[attr-defined]
        reports_to.empty_label = "None: it reports to no group"  # type: ignore[attr-defined]
        reports_to.label_from_instance = self._parent_label  # type: ignore[attr-defined]
        chair = UserChoiceField(
            label=self.fields["chair"].label,
            queryset=services_groups.possible_chairs(partnership).select_related("organisation"),
            required=False,
            empty_label="No chair named",
            error_messages={"invalid_choice": "Select a chair from the list"},
        )
        self.fields["chair"] = chair
        for name in ("kind", "frequency"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]  # type: ignore[attr-defined]
        self.fields[
            "document"
        ].help_text = f"A PDF, DOC or DOCX, smaller than {settings.DOCUMENT_MAX_BYTES // 2**20}MB."
        if self.instance.pk and self.instance.terms_of_reference_document_name:
            self.fields["document"].label = "Replace the terms of reference document (optional)"
            self.fields["document"].help_text += f" Now: {self.instance.terms_of_reference_document_name}."
        if not self.is_bound and self.instance.end_date:
            self.initial["end_date"] = self.instance.end_date
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("frequency", Frequency.QUARTERLY)

    def _parent_label(self, group: Group) -> str:
        if group.partnership_id == self.partnership.pk:
            return group.name
        return f"{group.name} ({group.partnership})"

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        others = Group.objects.filter(partnership=self.partnership, name__iexact=name).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(f"There is already a group called {name} in {self.partnership}")
        return name

    def clean_quorum(self) -> int | None:
        quorum: int | None = self.cleaned_data.get("quorum")
        if quorum is not None and quorum < 1:
            raise forms.ValidationError("The quorum must be 1 or more")
        return quorum

    def clean_document(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("document")
        if not upload:
            return None
        if upload.size and upload.size > settings.DOCUMENT_MAX_BYTES:
            raise forms.ValidationError(
                f"The selected file must be smaller than {settings.DOCUMENT_MAX_BYTES // 2**20}MB"
            )
        kind = documents.identify(upload)
        if kind not in DOCUMENT_KINDS:
            raise forms.ValidationError(WRONG_TYPE)
        self.kind = kind
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("kind") == GroupKind.TASK_AND_FINISH:
            end = cleaned.get("end_date")
            if end is None and "end_date" not in self.errors:
                self.add_error("end_date", services_groups.TASK_AND_FINISH_END_DATE)
            elif end is not None and end != self.instance.end_date and end < timezone.localdate():
                self.add_error("end_date", "The end date must be today or in the future")
        return cleaned

    def group_fields(self) -> dict[str, Any]:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        fields["end_date"] = self.cleaned_data.get("end_date")
        return fields


class AddMemberForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Which organisation joins the group?",
        help_text="A member organisation of the partnership.",
        queryset=Organisation.objects.none(),
        empty_label="Select an organisation",
        error_messages={
            "required": "Select the organisation that joins the group",
            "invalid_choice": "Select an organisation of the partnership that is not on the group yet",
        },
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        seated = group.current_members().values("organisation_id")
        organisations = services_groups.partnership_organisations(group.partnership).exclude(pk__in=seated)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class RepresentativeForm(forms.Form):
    user = UserChoiceField(
        label="Someone with a Waymark account (optional)",
        queryset=User.objects.none(),
        required=False,
        empty_label="Someone without an account: enter their name below",
        error_messages={"invalid_choice": "Select someone from the list"},
    )
    name = forms.CharField(
        label="Or their name",
        required=False,
        max_length=200,
        error_messages={"max_length": "The name must be 200 characters or fewer"},
    )
    email = forms.EmailField(
        label="And their e-mail address",
        required=False,
        help_text="So they can be sent the papers and the monthly briefing.",
        error_messages={"invalid": "Enter an e-mail address in the correct format, like name@example.com"},
    )
    is_deputy = forms.BooleanField(label="They are a deputy", required=False)

    def __init__(self, *args: Any, member: GroupMember, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = User.objects.filter(is_active=True, organisation_id=member.organisation_id).order_by("full_name")
        self.fields["user"].queryset = people.select_related("organisation")  # type: ignore[attr-defined]
        self.fields["user"].help_text = f"People who work for {member.organisation}."

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        user, name, email = cleaned.get("user"), cleaned.get("name", "").strip(), cleaned.get("email", "")
        cleaned["name"] = name
        if user is not None and (name or email):
            self.add_error("name", "Either choose someone with an account or enter a name, not both")
        elif user is None and "user" not in self.errors:
            if not name:
                self.add_error("name", "Choose someone with an account, or enter the representative's name")
            if not email and "email" not in self.errors:
                self.add_error("email", "Enter the representative's e-mail address")
        return cleaned


TIME_PATTERN = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*([ap]\.?m\.?)?$", re.IGNORECASE)


def parse_time(text: str) -> time | None:
    """10:00, 14.30, 2pm, 2:30 pm: a time of day, or None if it is not one."""
    match = TIME_PATTERN.match(text.strip())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = (match.group(3) or "").replace(".", "").lower()
    if suffix:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


class TimeField(forms.CharField):
    def __init__(self, *, label: str, **kwargs: Any) -> None:
        self.noun = label.lower()
        super().__init__(
            label=label,
            max_length=10,
            help_text="For example, 10:00 or 2:30pm",
            widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "autocomplete": "off"}),
            error_messages={"required": f"Enter the {self.noun}", "max_length": f"Enter a real {self.noun}"},
            **kwargs,
        )

    def clean(self, value: Any) -> time:
        text = super().clean(value)
        parsed = parse_time(text)
        if parsed is None:
            raise forms.ValidationError(f"Enter the {self.noun} as a time of day, like 10:00 or 2:30pm")
        return parsed


class ScheduleForm(forms.Form):
    first_day = GovukDateField(label="Date of the first meeting")
    starts = TimeField(label="Start time")
    ends = TimeField(label="End time")
    count = forms.IntegerField(
        label="How many meetings?",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={"invalid": "Enter the number of meetings as a number, like 4"},
    )
    until = GovukDateField(label="Or schedule meetings up to", required=False)
    location = forms.CharField(
        label="Where (optional)",
        required=False,
        max_length=300,
        help_text="Leave blank to fill in later. The host organisation of each meeting is on the rota.",
        error_messages={"max_length": "Where must be 300 characters or fewer"},
    )
    online_link = forms.URLField(
        label="Online meeting link (optional)",
        required=False,
        max_length=500,
        error_messages={"invalid": "Enter the link in the correct format, like https://meet.example/board"},
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.group = group
        self.ad_hoc = group.frequency == Frequency.AD_HOC
        if self.ad_hoc:
            del self.fields["count"], self.fields["until"]
            self.fields["first_day"].label = "Date of the meeting"
        else:
            self.fields["count"].help_text = f"From 1 to {MAX_MEETINGS}. Or leave blank and give a date below."
            self.fields["until"].help_text = "Meetings are scheduled up to and including this date."
        example = timezone.localdate()
        self.fields["first_day"].help_text = (
            f"For example, {example.day} {example.month} {example.year}. "
            "A date that is not a working day moves to the next working day."
        )
        if not self.is_bound:
            self.initial.update({"starts": "10:00", "ends": "12:00"})

    def clean_first_day(self) -> date:
        day: date = self.cleaned_data["first_day"]
        if day < timezone.localdate():
            raise forms.ValidationError(f"{self.fields['first_day'].label} must be today or in the future")
        return day

    def clean_count(self) -> int | None:
        count: int | None = self.cleaned_data.get("count")
        if count is not None and not 1 <= count <= MAX_MEETINGS:
            raise forms.ValidationError(f"Enter a number of meetings from 1 to {MAX_MEETINGS}")
        return count

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts, ends = cleaned.get("starts"), cleaned.get("ends")
        if starts is not None and ends is not None and ends <= starts:
            self.add_error("ends", "The end time must be after the start time")
        if self.ad_hoc:
            return cleaned
        count, until, first = cleaned.get("count"), cleaned.get("until"), cleaned.get("first_day")
        if "count" in self.errors or "until" in self.errors:
            return cleaned
        if count is None and until is None:
            self.add_error("count", "Enter how many meetings to schedule, or the date to schedule them up to")
        elif count is not None and until is not None:
            self.add_error("until", "Enter how many meetings or a date to schedule up to, not both")
        elif until is not None and first is not None and until < first:
            self.add_error("until", "The date to schedule up to must be the same as or after the first meeting")
        return cleaned

    def schedule(self) -> services_groups.Schedule:
        data = self.cleaned_data
        return services_groups.Schedule(
            first_day=data["first_day"],
            starts=data["starts"],
            ends=data["ends"],
            count=1 if self.ad_hoc else data.get("count"),
            until=None if self.ad_hoc else data.get("until"),
            location=data["location"],
            online_link=data["online_link"],
        )


class RotaForm(forms.Form):
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "This form is out of date. Reload the page, then try again",
            "invalid": "This form is out of date. Reload the page, then try again",
        },
    )
    chair = forms.ModelChoiceField(
        label="Chair", queryset=Organisation.objects.none(), required=False, empty_label=NOBODY
    )
    minute_taker = forms.ModelChoiceField(
        label="Minute-taker", queryset=Organisation.objects.none(), required=False, empty_label=NOBODY
    )
    host = forms.ModelChoiceField(
        label="Host", queryset=Organisation.objects.none(), required=False, empty_label=NOBODY
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "version": meeting.version,
                "chair": meeting.chair_organisation_id,
                "minute_taker": meeting.minute_taker_organisation_id,
                "host": meeting.host_organisation_id,
            },
        )
        super().__init__(*args, **kwargs)
        seated = meeting.group.current_members().values("organisation_id")
        organisations = Organisation.objects.filter(pk__in=seated).order_by("name")
        for name in ("chair", "minute_taker", "host"):
            field = self.fields[name]
            field.queryset = organisations  # type: ignore[attr-defined]
            field.help_text = "A member organisation of the group."
            field.error_messages["invalid_choice"] = (
                f"The {field.label.lower()} must be a member organisation of the group"
            )


class FeedForm(forms.Form):
    """Which feed to get a new address for: the user's own (no group) or one group's."""

    group = forms.ModelChoiceField(queryset=Group.objects.none(), required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]
