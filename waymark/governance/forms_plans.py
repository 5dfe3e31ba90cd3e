"""The questions of the action plan: a plan and its period, a priority, an action (with its
estimated completion: a date or "Ongoing"), a progress update with its evidence, and the
spreadsheet to import.

The forms on an existing action carry its version as it was shown, so a change made meanwhile by
someone else is caught rather than overwritten (services_plans.StaleAction)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils import timezone

from waymark.accounts.models import User
from waymark.cases.forms_tasks import PersonChoiceField
from waymark.core.forms import GovukDateField
from waymark.partners.models import Organisation, Partnership

from . import plan_import
from .models import RAG, ActionPlan, Meeting, PlanAction, PlanStatus
from .services_plans import EVIDENCE_ACCEPT, identify_evidence

TEXT_MAX_LENGTH = 4000
CONFLICT = "Someone else changed this action while you were working on it. Check it below, then try again."
BY_A_DATE, ONGOING = "date", "ongoing"
IMPORT_MAX_BYTES = 5 * 1024 * 1024


def _text(label: str, noun: str, *, required: bool = True, rows: int = 3, help_text: str = "") -> forms.CharField:
    messages = {"max_length": f"{noun[0].upper()}{noun[1:]} must be {TEXT_MAX_LENGTH} characters or fewer"}
    if required:
        messages["required"] = f"Enter {noun}"
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages=messages,
    )


def _example_date() -> str:
    example = timezone.localdate() + timedelta(days=90)
    return f"For example, {example.day} {example.month} {example.year}"


# Plans


class PlanForm(forms.Form):
    partnership = forms.ModelChoiceField(
        label="Which partnership is the plan for?",
        queryset=Partnership.objects.none(),
        empty_label="Select a partnership",
        error_messages={"required": "Select the partnership", "invalid_choice": "Select a partnership you coordinate"},
    )
    title = forms.CharField(
        label="Title",
        help_text="For example, Testford anti-slavery action plan 2026 to 2027.",
        max_length=200,
        error_messages={
            "required": "Enter the title of the plan",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    period_start = GovukDateField(label="Start date", error_messages={"required": "Enter the date the plan starts"})
    period_end = GovukDateField(label="End date", error_messages={"required": "Enter the date the plan ends"})
    status = forms.ChoiceField(
        label="Status",
        choices=PlanStatus.choices,
        initial=PlanStatus.DRAFT,
        widget=forms.RadioSelect,
        help_text="Draft while the board agrees it; active once agreed; closed when its period is over.",
        error_messages={"required": "Select the status of the plan"},
    )

    def __init__(
        self, *args: Any, partnerships: QuerySet[Partnership], plan: ActionPlan | None = None, **kwargs: Any
    ) -> None:
        if plan is not None:
            kwargs.setdefault(
                "initial",
                {
                    "partnership": plan.partnership_id,
                    "title": plan.title,
                    "period_start": plan.period_start,
                    "period_end": plan.period_end,
                    "status": plan.status,
                },
            )
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["partnership"].queryset = partnerships  # type: ignore[attr-defined]
        # Asked only of someone who coordinates several partnerships.
        self.only_partnership = plan.partnership if plan else (partnerships[0] if len(partnerships) == 1 else None)
        if self.only_partnership is not None:
            del self.fields["partnership"]
        self.fields["period_start"].help_text = _example_date()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "End date must be the same as or after the start date")
        if self.only_partnership is not None and self.plan is None:
            cleaned["partnership"] = self.only_partnership
        partnership = self.only_partnership or cleaned.get("partnership")
        title = cleaned.get("title")
        if partnership and title:
            clash = ActionPlan.objects.filter(partnership=partnership, title__iexact=title)
            if self.plan is not None:
                clash = clash.exclude(pk=self.plan.pk)
            if clash.exists():
                self.add_error("title", "The partnership already has a plan with this title: choose another")
        return cleaned


class PriorityForm(forms.Form):
    title = forms.CharField(
        label="Priority",
        help_text="For example, Training and awareness, or Referral routes.",
        max_length=200,
        error_messages={"required": "Enter the priority", "max_length": "The priority must be 200 characters or fewer"},
    )
    description = _text("What it covers (optional)", "what it covers", required=False)


# Actions


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        return f"{obj.group.name}, {timezone.localtime(obj.starts_at):%-d %B %Y}"


class PlanActionForm(forms.Form):
    reference = forms.CharField(
        label="Reference (optional)",
        help_text="For example, 1.3.",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"max_length": "The reference must be 20 characters or fewer"},
    )
    description = _text("Outcome or action", "the outcome or action")
    lead_organisation = forms.ModelChoiceField(
        label="Lead organisation",
        queryset=Organisation.objects.none(),
        empty_label="Select an organisation",
        error_messages={
            "required": "Select the lead organisation",
            "invalid_choice": "Select an organisation that is a member of the partnership",
        },
    )
    lead_person = PersonChoiceField(
        label="Lead person (optional)",
        help_text="People with a role in the partnership, listed by organisation.",
        queryset=User.objects.none(),
        required=False,
        empty_label="Nobody named",
        error_messages={"invalid_choice": "Select a person from the list"},
    )
    completion = forms.ChoiceField(
        label="Estimated completion",
        choices=[(BY_A_DATE, "By a date"), (ONGOING, "Ongoing")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the action has a completion date or is ongoing"},
    )
    completion_date = GovukDateField(label="Estimated completion date", required=False)
    success_criteria = _text("Success criteria (optional)", "the success criteria", required=False)
    rag = forms.ChoiceField(
        label="Status",
        choices=RAG.choices,
        initial=RAG.NOT_STARTED,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the status"},
    )
    report_back_meeting = MeetingChoiceField(
        label="Meeting at which the lead reports back (optional)",
        help_text="One of the partnership's upcoming meetings.",
        queryset=Meeting.objects.none(),
        required=False,
        empty_label="No meeting chosen",
        error_messages={"invalid_choice": "Select one of the upcoming meetings"},
    )

    def __init__(
        self,
        *args: Any,
        partnership: Partnership,
        people: QuerySet[User],
        meetings: QuerySet[Meeting],
        action: PlanAction | None = None,
        **kwargs: Any,
    ) -> None:
        if action is not None:
            kwargs.setdefault("initial", initial_for(action))
        super().__init__(*args, **kwargs)
        members = Organisation.objects.active().in_partnerships(Partnership.objects.filter(pk=partnership.pk))
        if action is not None and action.lead_organisation_id:  # an organisation that has left stays chosen
            members = Organisation.objects.filter(pk__in=members.values("pk")) | Organisation.objects.filter(
                pk=action.lead_organisation_id
            )
        self.fields["lead_organisation"].queryset = members.order_by("name")  # type: ignore[attr-defined]
        if action is not None and action.lead_person_id:
            people = User.objects.filter(pk__in=people.values("pk")) | User.objects.filter(pk=action.lead_person_id)
        self.fields["lead_person"].queryset = people.select_related("organisation").order_by(  # type: ignore[attr-defined]
            "organisation__name", "full_name"
        )
        if action is not None and action.report_back_meeting_id:  # a past meeting already chosen stays
            meetings = Meeting.objects.filter(pk__in=meetings.values("pk")) | Meeting.objects.filter(
                pk=action.report_back_meeting_id
            )
        self.fields["report_back_meeting"].queryset = meetings.select_related("group").order_by("starts_at")  # type: ignore[attr-defined]
        self.fields["completion_date"].help_text = _example_date()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("completion") == BY_A_DATE:
            if "completion_date" not in self.errors and cleaned.get("completion_date") is None:
                self.add_error("completion_date", "Enter the estimated completion date")
        else:
            cleaned["completion_date"] = None
            self.errors.pop("completion_date", None)  # a date half typed, then "Ongoing" chosen
        return cleaned

    def action_fields(self) -> dict[str, Any]:
        """The cleaned answers as PlanAction's fields."""
        data = self.cleaned_data
        ongoing = data["completion"] == ONGOING
        return {
            "reference": data["reference"],
            "description": data["description"],
            "lead_organisation": data["lead_organisation"],
            "lead_person": data["lead_person"],
            "estimated_completion": None if ongoing else data["completion_date"],
            "is_ongoing": ongoing,
            "success_criteria": data["success_criteria"],
            "rag": data["rag"],
            "report_back_meeting": data["report_back_meeting"],
        }


def _version_field() -> forms.IntegerField:
    return forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "This form is out of date. Reload the page, then try again",
            "invalid": "This form is out of date. Reload the page, then try again",
        },
    )


def initial_for(action: PlanAction) -> dict[str, Any]:
    return {
        "version": action.version,
        "reference": action.reference,
        "description": action.description,
        "lead_organisation": action.lead_organisation_id,
        "lead_person": action.lead_person_id,
        "completion": ONGOING if action.is_ongoing else (BY_A_DATE if action.estimated_completion else None),
        "completion_date": action.estimated_completion,
        "success_criteria": action.success_criteria,
        "rag": action.rag,
        "report_back_meeting": action.report_back_meeting_id,
    }


class EditPlanActionForm(PlanActionForm):
    version = _version_field()


# Progress


class ProgressForm(forms.Form):
    version = _version_field()
    date = GovukDateField(label="Date of the update", error_messages={"required": "Enter the date of the update"})
    text = _text("What progress has been made?", "the progress made", rows=5)
    rag = forms.ChoiceField(
        label="Status now",
        choices=RAG.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the status of the action now"},
    )
    evidence = forms.FileField(
        label="Evidence file (optional)",
        required=False,
        max_length=255,
        allow_empty_file=False,
        widget=forms.FileInput(attrs={"accept": EVIDENCE_ACCEPT}),
        error_messages={
            "empty": "The selected file is empty",
            "invalid": "Select a file",
            "missing": "Select a file",
            "max_length": "The name of the selected file must be 255 characters or fewer",
        },
    )
    evidence_link = forms.URLField(
        label="Link to evidence (optional)",
        help_text="For example, a page on the partnership's website or a shared document.",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={
            "invalid": "Enter a link in the correct format, like https://www.example.org/report",
            "max_length": "The link must be 500 characters or fewer",
        },
    )

    def __init__(self, *args: Any, action: PlanAction, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"version": action.version, "rag": action.rag, "date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        size = f"{settings.DOCUMENT_MAX_BYTES // (1024 * 1024)}MB"
        self.fields["evidence"].help_text = f"A PDF, DOC, DOCX, XLSX, JPG or PNG, smaller than {size}."
        self.size_text = size

    def clean_date(self) -> Any:  # (`date` here is the field, not the type)
        on = self.cleaned_data["date"]
        if on > timezone.localdate():
            raise forms.ValidationError("Date of the update must be today or in the past")
        return on

    def clean_evidence(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("evidence")
        if not upload:
            return None
        if upload.size and upload.size > settings.DOCUMENT_MAX_BYTES:
            raise forms.ValidationError(f"The selected file must be smaller than {self.size_text}")
        if identify_evidence(upload) is None:
            raise forms.ValidationError("The selected file must be a PDF, DOC, DOCX, XLSX, JPG or PNG")
        return upload


# Import


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Upload the plan",
        help_text=(
            "An XLSX or CSV file with a row of headings: Priority, Reference, Outcome, Lead organisation, "
            "Lead person, Estimated completion, Success criteria and Status."
        ),
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
            return plan_import.read_table(upload.read())
        except plan_import.UnreadableFile as problem:
            raise forms.ValidationError(str(problem)) from problem
