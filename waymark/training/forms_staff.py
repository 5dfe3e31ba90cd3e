"""The questions for an organisation's staff register: a person's details, when they leave, the
register's filters, the staff list to import, and a different cohort than the one suggested.

The forms on an existing person carry their version as it was shown, so a change made meanwhile by
someone else is caught rather than overwritten (services_staff.StaleStaffMember)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet

from waymark.core.forms import GovukDateField

from . import staff_import
from .models import Cohort, StaffMember

CONFLICT = "Someone else changed this person's record while you were working on it. Check it below, then try again."
IMPORT_MAX_BYTES = 5 * 1024 * 1024
NOT_PLACED = "none"


def _text(label: str, name: str, *, required: bool = True, help_text: str = "", **kwargs: Any) -> forms.CharField:
    max_length = StaffMember._meta.get_field(name).max_length
    noun = label[0].lower() + label[1:]
    return forms.CharField(
        label=label if required else f"{label} (optional)",
        required=required,
        max_length=max_length,
        help_text=help_text,
        error_messages={
            "required": f"Enter the {noun}",
            "max_length": f"The {noun} must be {max_length} characters or fewer",
        },
        **kwargs,
    )


class StaffForm(forms.Form):
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "This form is out of date. Reload the page, then try again",
            "invalid": "This form is out of date. Reload the page, then try again",
        },
    )
    full_name = _text(
        "Full name", "full_name", widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"})
    )
    email = forms.EmailField(
        label="E-mail address (optional)",
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "invalid": "Enter an e-mail address in the correct format, like name@example.org",
            "max_length": "The e-mail address must be 254 characters or fewer",
        },
    )
    job_title = _text("Job title", "job_title")
    team = _text("Team", "team", required=False, help_text="Or department, or service.")
    reference = _text(
        "Staff number or reference",
        "reference",
        required=False,
        help_text="Your organisation's own reference, such as a payroll number. It tells apart two people with the same name and job.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )
    start_date = GovukDateField(
        label="Start date", required=False, help_text="Leave it blank if you do not know it. For example, 31 3 2025"
    )
    leaving_date = GovukDateField(
        label="Leaving date",
        required=False,
        help_text="Their last day, if they are leaving or have left; otherwise leave it blank. For example, 30 6 2026",
    )

    def __init__(self, *args: Any, staff: StaffMember | None = None, **kwargs: Any) -> None:
        if staff is not None:
            initial = {name: getattr(staff, name) for name in self.base_fields if name != "version"}
            kwargs.setdefault("initial", {"version": staff.version, **initial})
        super().__init__(*args, **kwargs)
        self.staff = staff
        if staff is None:
            del self.fields["version"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, leaving = cleaned.get("start_date"), cleaned.get("leaving_date")
        if start and leaving and leaving < start:
            self.add_error("leaving_date", "The leaving date must be the same as or after the start date")
        return cleaned

    def staff_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields if name != "version"}


class LeavingForm(forms.Form):
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "This form is out of date. Reload the page, then try again",
            "invalid": "This form is out of date. Reload the page, then try again",
        },
    )
    leaving_date = GovukDateField(label="Their last day", help_text="For example, 30 6 2026")

    def __init__(self, *args: Any, staff: StaffMember, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"version": staff.version, "leaving_date": staff.leaving_date})
        super().__init__(*args, **kwargs)
        self.staff = staff

    def clean_leaving_date(self) -> Any:
        leaving = self.cleaned_data["leaving_date"]
        start = self.staff.start_date
        if start and leaving and leaving < start:
            raise forms.ValidationError(
                f"Their last day must be the same as or after their start date ({start.day} {start:%B %Y})"
            )
        return leaving


class StaffFilterForm(forms.Form):
    cohort = forms.ChoiceField(
        label="Cohort", required=False, error_messages={"invalid_choice": "Select a cohort from the list"}
    )
    team = forms.ChoiceField(
        label="Team", required=False, error_messages={"invalid_choice": "Select a team from the list"}
    )
    include_leavers = forms.BooleanField(label="Include people who have left", required=False)

    def __init__(self, *args: Any, cohorts: QuerySet[Cohort], teams: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cohort"].choices = [
            ("", "Any cohort"),
            (NOT_PLACED, "Not placed in a cohort"),
            *[(str(c.pk), c.name) for c in cohorts],
        ]
        self.fields["team"].choices = [("", "Any team"), *[(team, team) for team in teams]]

    def filter(self, staff: QuerySet[StaffMember]) -> QuerySet[StaffMember]:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if not data.get("include_leavers"):
            staff = staff.current()
        cohort = data.get("cohort")
        if cohort == NOT_PLACED:
            staff = staff.filter(cohort__isnull=True)
        elif cohort:
            staff = staff.filter(cohort_id=int(cohort))
        if data.get("team"):
            staff = staff.filter(team=data["team"])
        return staff


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Upload the staff list",
        help_text="An XLSX or CSV file, with a row of column headings.",
        max_length=255,
        allow_empty_file=False,
        widget=forms.FileInput(attrs={"accept": ".xlsx,.csv"}),
        error_messages={
            "required": "Select a file",
            "empty": "The selected file is empty",
            "invalid": "Select a file",
            "missing": "Select a file",
            "max_length": "The name of the selected file must be 255 characters or fewer",
        },
    )

    def clean_file(self) -> list[list[Any]]:
        """The file's cells, read now so that a file we cannot read is an error on this field."""
        upload: UploadedFile = self.cleaned_data["file"]
        if upload.size and upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(f"The selected file must be smaller than {IMPORT_MAX_BYTES // (1024 * 1024)}MB")
        try:
            return staff_import.read_table(upload.read())
        except staff_import.UnreadableFile as problem:
            raise forms.ValidationError(str(problem)) from problem


class ChooseCohortForm(forms.Form):
    """A cohort other than the one the tool suggested: the training lead knows the role best."""

    cohort = forms.ModelChoiceField(
        label="Which cohort should they join?",
        queryset=Cohort.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select a cohort", "invalid_choice": "Select a cohort from the list"},
    )

    def __init__(self, *args: Any, cohorts: QuerySet[Cohort], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts
