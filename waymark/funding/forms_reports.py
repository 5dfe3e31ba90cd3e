"""The questions behind decision reports: a report's details, its sections, an appendix, the filter on
the list; and the funding office's settings (reference format, standard conditions, return due days,
the Police and Crime Plan priorities).

Every form on an existing report carries its version as it was shown, so a change made meanwhile by
someone else is caught rather than overwritten (services_reports.StaleRecord)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q, QuerySet
from django.utils import timezone

from waymark.cases import documents
from waymark.core import uploads
from waymark.core.forms import GovukDateField
from waymark.governance.models import Meeting, MeetingStatus, Risk, RiskStatus

from . import reference, report_sections
from .decision_flow import STATE_LABELS, State
from .models import Classification, DecisionReport, StrategicPriority

CONFLICT = "Someone else changed this report while you were working on it. Check it below, then try again."
SECTION_MAX_LENGTH = 20_000
ACCEPTED_KINDS = (documents.PDF, documents.DOC, documents.DOCX)
# How far back a meeting may be and still be offered as one that reviewed the report.
MEETINGS_LOOK_BACK = timedelta(days=2 * 365)


def version_field() -> forms.IntegerField:
    out_of_date = "This form is out of date. Reload the page, then try again"
    return forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": out_of_date, "invalid": out_of_date}
    )


def _line(label: str, noun: str, *, max_length: int, required: bool = True, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=max_length,
        error_messages={
            "required": f"Enter {noun}",
            "max_length": f"{noun[0].upper()}{noun[1:]} must be {max_length:,} characters or fewer",
        },
    )


def _text(label: str, noun: str, *, help_text: str = "", rows: int = 6, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=SECTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": f"Enter {noun}",
            "max_length": f"{noun[0].upper()}{noun[1:]} must be {SECTION_MAX_LENGTH:,} characters or fewer",
        },
    )


# A report's details (the facts at the head of the report)


class ReportDetailsForm(forms.Form):
    version = version_field()
    title = _line(
        "Title",
        "the title",
        max_length=300,
        help_text="For example, Grant to Brightway: independent advocate post 2026 to 2027.",
    )
    classification = forms.ChoiceField(
        label="Classification",
        help_text="OFFICIAL-SENSITIVE when the report holds personal, commercial or operational detail that needs "
        "extra care.",
        choices=Classification.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the classification", "invalid_choice": "Select the classification"},
    )
    area_affected = _line(
        "Area affected", "the area affected", max_length=300, help_text="For example, Countywide, or Testford."
    )
    stakeholders_affected = _text(
        "Stakeholders affected (optional)",
        "the stakeholders affected",
        rows=3,
        help_text="For example, adults referred into the National Referral Mechanism, partner agencies.",
    )
    report_by = _line("Report by", "who the report is by", max_length=200, help_text="Name and job title.")
    report_date = GovukDateField(
        label="Date of the report", error_messages={"required": "Enter the date of the report"}
    )
    enquiries_to = _line(
        "Enquiries to",
        "who enquiries go to",
        max_length=300,
        help_text="Name, and a telephone number or email address.",
    )

    def __init__(self, *args: Any, report: DecisionReport | None = None, **kwargs: Any) -> None:
        if report is not None:
            kwargs.setdefault("initial", {name: getattr(report, name) for name in self.base_fields})
        super().__init__(*args, **kwargs)
        self.report = report
        if report is None:
            del self.fields["version"]
            self.fields["report_date"].help_text = "The reference is numbered in this date's year."
        else:
            self.fields["report_date"].help_text = f"A day in {report.year}, the year of reference {report.reference}."

    def clean_report_date(self) -> Any:
        day = self.cleaned_data["report_date"]
        if not 2000 <= day.year <= 2099:
            raise forms.ValidationError("The date of the report must be between 2000 and 2099")
        if self.report is not None and day.year != self.report.year:
            raise forms.ValidationError(
                f"The date of the report must be in {self.report.year}: reference {self.report.reference} "
                f"is numbered in that year"
            )
        return day

    def changes(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


# The sections


class _LabelledChoices(forms.ModelMultipleChoiceField):
    def __init__(self, *args: Any, labeller: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.labeller = labeller

    def label_from_instance(self, obj: Any) -> str:
        return str(self.labeller(obj))


def _risk_label(risk: Risk) -> str:
    description = risk.description if len(risk.description) <= 90 else risk.description[:89] + "…"
    return f"{risk.reference}: {description} (score {risk.score})"


def _meeting_label(meeting: Meeting) -> str:
    when = timezone.localtime(meeting.starts_at)
    return f"{meeting.group.name}, {when.day} {when:%B %Y}"


def _priority_label(priority: StrategicPriority) -> str:
    return priority.name if priority.is_active else f"{priority.name} (retired)"


@dataclass
class SectionGroup:
    """One numbered section of the form: its heading, the fields under it, facts drawn from records."""

    spec: report_sections.SectionSpec
    fields: list[forms.BoundField]
    facts: tuple[tuple[str, str], ...] = ()
    single: bool = field(default=False)


class ReportSectionsForm(forms.Form):
    """The sixteen sections, in order: a text for each, the priorities, risks and meetings linked."""

    version = version_field()

    def __init__(self, *args: Any, report: DecisionReport, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.report = report
        linked_priorities = list(report.strategic_priorities.values_list("pk", flat=True))
        linked_risks = list(report.risks.values_list("pk", flat=True))
        linked_meetings = list(report.governance_meetings.values_list("pk", flat=True))
        self.initial.setdefault("version", report.version)
        for spec in report_sections.SECTIONS:
            required_later = " Needed before the report is sent for sign-off." if spec.required else ""
            self.fields[spec.field] = _text(
                f"{spec.number}. {spec.heading}",
                f"the {spec.heading.lower()}",
                help_text=f"Leave a blank line between paragraphs.{required_later}",
            )
            self.initial.setdefault(spec.field, getattr(report, spec.field))
        self.fields["strategic_links"].label = "How the proposal serves these priorities (optional)"
        self.fields["financial_notes"].label = "Anything to add to these figures (optional)"
        self.fields["risks_and_mitigations"].label = "Risks and mitigations (optional)"
        self.fields["risks_and_mitigations"].help_text = "Anything the register does not say. " + str(
            self.fields["risks_and_mitigations"].help_text
        )
        self.fields["governance_notes"].label = "Boards that reviewed it outside Waymark (optional)"

        priorities = StrategicPriority.objects.filter(partnership_id=report.partnership_id).filter(
            Q(is_active=True) | Q(pk__in=linked_priorities)
        )
        self.fields["strategic_priorities"] = _LabelledChoices(
            label="Police and Crime Plan priorities it serves",
            help_text="A retired priority is listed only when this report already links to it.",
            queryset=priorities,
            required=False,
            labeller=_priority_label,
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "invalid_choice": "Select priorities from the list",
                "invalid_pk_value": "Select priorities from the list",
            },
        )
        risks = (
            Risk.objects.filter(partnership_id=report.partnership_id)
            .filter(~Q(status=RiskStatus.CLOSED) | Q(pk__in=linked_risks))
            .order_by("reference")
        )
        self.fields["risks"] = _LabelledChoices(
            label="Risks from the partnership's register",
            help_text="Their descriptions, scores and mitigations are shown in the report.",
            queryset=risks,
            required=False,
            labeller=_risk_label,
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "invalid_choice": "Select risks from the list",
                "invalid_pk_value": "Select risks from the list",
            },
        )
        since = report.report_date - MEETINGS_LOOK_BACK
        meetings = (
            Meeting.objects.filter(group__partnership_id=report.partnership_id)
            .filter((Q(starts_at__date__gte=since) & ~Q(status=MeetingStatus.CANCELLED)) | Q(pk__in=linked_meetings))
            .select_related("group")
            .order_by("-starts_at")
        )
        self.fields["governance_meetings"] = _LabelledChoices(
            label="Meetings that reviewed it",
            help_text="Meetings of the partnership's boards and groups in the last two years, and those planned.",
            queryset=meetings,
            required=False,
            labeller=_meeting_label,
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "invalid_choice": "Select meetings from the list",
                "invalid_pk_value": "Select meetings from the list",
            },
        )
        empty = {
            "strategic_priorities": "No Police and Crime Plan priorities are set up yet: add them in the settings.",
            "risks": "The partnership's risk register has no open risks.",
            "governance_meetings": "The partnership's boards and groups have had no meetings in the last two years.",
        }
        for name, message in empty.items():
            self.fields[name].empty_message = message  # type: ignore[attr-defined]
        self.initial.setdefault("strategic_priorities", linked_priorities)
        self.initial.setdefault("risks", linked_risks)
        self.initial.setdefault("governance_meetings", linked_meetings)

    def groups(self) -> list[SectionGroup]:
        extra = {
            "strategic_links": ["strategic_priorities"],
            "risks_and_mitigations": ["risks"],
            "governance_boards": ["governance_meetings"],
        }
        groups = []
        for spec in report_sections.SECTIONS:
            names = [*extra.get(spec.key, []), spec.field]
            facts = report_sections.FACTS[spec.key](self.report) if spec.key == "financial_implications" else ()
            groups.append(
                SectionGroup(spec, [self[name] for name in names], facts, single=len(names) == 1 and not facts)
            )
        return groups

    def texts(self) -> dict[str, str]:
        return {spec.field: self.cleaned_data[spec.field] for spec in report_sections.SECTIONS}


# Appendices and background papers


class AppendixForm(forms.Form):
    title = _line(
        "Title",
        "the title",
        max_length=200,
        help_text="For example, Appendix A: budget breakdown, or Background paper: needs assessment 2025.",
    )
    file = forms.FileField(
        label="Upload the document",
        max_length=255,
        allow_empty_file=False,
        widget=forms.FileInput(attrs={"accept": ",".join(e for k in ACCEPTED_KINDS for e in k.extensions)}),
        error_messages={
            "required": "Select a file",
            "empty": uploads.EMPTY,
            "invalid": "Select a file",
            "missing": "Select a file",
            "max_length": "The name of the selected file must be 255 characters or fewer",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = uploads.hint(ACCEPTED_KINDS)
        self.kind: documents.DocumentKind | None = None

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        self.kind = uploads.check(upload, ACCEPTED_KINDS)
        return upload


# The list


class ReportFilterForm(forms.Form):
    state = forms.ChoiceField(
        label="State",
        required=False,
        choices=[("", "Any state"), *((s.value, STATE_LABELS[s]) for s in State)],
        error_messages={"invalid_choice": "Select a state from the list"},
    )
    year = forms.TypedChoiceField(
        label="Year",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[],
        error_messages={"invalid_choice": "Select a year from the list"},
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "Any year"), *((str(y), str(y)) for y in years)]  # type: ignore[attr-defined]

    def filter(self, reports: QuerySet[DecisionReport]) -> QuerySet[DecisionReport]:
        if not self.is_bound or not self.is_valid():
            return reports
        if self.cleaned_data["state"]:
            reports = reports.filter(state=self.cleaned_data["state"])
        if self.cleaned_data["year"]:
            reports = reports.filter(year=self.cleaned_data["year"])
        return reports


# Settings


class SettingsForm(forms.Form):
    reference_format = forms.CharField(
        label="Reference format",
        max_length=40,
        help_text="Use {number} for the report's number in its year ({number:03} pads it to three digits), and "
        "{yy} or {yyyy} for the year. For example, {number:03}-{yy} gives 153-22, and {number:03}/{yyyy} gives "
        "043/2021.",
        error_messages={
            "required": "Enter a reference format",
            "max_length": "The reference format must be 40 characters or fewer",
        },
    )
    standard_conditions = _text(
        "Standard conditions of grant",
        "the standard conditions",
        rows=8,
        required=True,
        help_text="The standard funding agreement: offered as the conditions of each new grant.",
    )
    return_due_days = forms.IntegerField(
        label="Days to send in a performance return",
        help_text="How many days after a reporting period ends its return is due.",
        min_value=1,
        max_value=365,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": "Enter the number of days",
            "invalid": "The number of days must be a whole number",
            "min_value": "The number of days must be 1 or more",
            "max_value": "The number of days must be 365 or fewer",
        },
    )

    def clean_reference_format(self) -> str:
        pattern: str = self.cleaned_data["reference_format"].strip()
        try:
            reference.check(pattern)
        except reference.BadFormat as problem:
            raise forms.ValidationError(str(problem)) from None
        if "{yy}" not in pattern and "{yyyy}" not in pattern:
            # The numbers start again each year: without the year, references would repeat.
            raise forms.ValidationError("The reference format must include the year, {yy} or {yyyy}")
        return pattern


class PriorityForm(forms.Form):
    name = _line(
        "Name of the priority",
        "the name of the priority",
        max_length=200,
        help_text="As the Police and Crime Plan words it, for example Protecting vulnerable people.",
    )

    def __init__(
        self, *args: Any, partnership_id: int, priority: StrategicPriority | None = None, **kwargs: Any
    ) -> None:
        if priority is not None:
            kwargs.setdefault("initial", {"name": priority.name})
        super().__init__(*args, **kwargs)
        self.partnership_id = partnership_id
        self.priority = priority

    def clean_name(self) -> str:
        name: str = " ".join(self.cleaned_data["name"].split())
        clash = StrategicPriority.objects.filter(partnership_id=self.partnership_id, name__iexact=name)
        if self.priority is not None:
            clash = clash.exclude(pk=self.priority.pk)
        if clash.exists():
            raise forms.ValidationError(f"There is already a priority called {name}")
        return name
