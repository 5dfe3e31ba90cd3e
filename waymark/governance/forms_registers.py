"""The questions on the risks and issues register and the agreements register: adding and editing a
risk, an owner's update, marking it reviewed, filtering the register; adding and editing an
agreement, its parties, a signature and the signed document.

Every form on an existing risk or agreement carries its version as it was shown, so a change made
meanwhile by someone else is caught rather than overwritten (services_registers.StaleRecord)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils import timezone

from waymark.accounts.models import User
from waymark.cases import documents
from waymark.core import uploads
from waymark.core.forms import GovukDateField, PastDatesForm
from waymark.partners.models import Organisation, Partnership

from . import withdrawal
from .models import (
    Agreement,
    AgreementKind,
    AgreementParty,
    Risk,
    RiskCategory,
    RiskKind,
    RiskStatus,
)

TEXT_MAX_LENGTH = 4000
CONFLICT = "Someone else changed this {noun} while you were working on it. Check it below, then try again."
LIKELIHOOD = [(1, "1: Rare"), (2, "2: Unlikely"), (3, "3: Possible"), (4, "4: Likely"), (5, "5: Almost certain")]
IMPACT = [(1, "1: Negligible"), (2, "2: Minor"), (3, "3: Moderate"), (4, "4: Major"), (5, "5: Severe")]
LIKELIHOOD_LABELS = dict(LIKELIHOOD)
IMPACT_LABELS = dict(IMPACT)
MONTHS = [(str(n), calendar.month_name[n]) for n in range(1, 13)]
NOT_CLOSED = "not_closed"
ACCEPTED_KINDS = (documents.PDF, documents.DOC, documents.DOCX)


def version_field() -> forms.IntegerField:
    out_of_date = "This form is out of date. Reload the page, then try again"
    return forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": out_of_date, "invalid": out_of_date}
    )


def _text(label: str, noun: str, *, required: bool = True, help_text: str = "", rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": f"Enter {noun}",
            "max_length": f"{noun[0].upper()}{noun[1:]} must be {TEXT_MAX_LENGTH:,} characters or fewer",
        },
    )


def _example_date(days: int) -> str:
    example = timezone.localdate() + timedelta(days=days)
    return f"For example, {example.day} {example.month} {example.year}"


class PartnershipChoiceMixin:
    """A form for something new in a partnership: the question "Which partnership?" is asked only of a
    coordinator of more than one; otherwise the one is taken."""

    fields: dict[str, forms.Field]

    def _set_up_partnership(self, partnerships: QuerySet[Partnership]) -> None:
        self.partnerships = partnerships
        self.only_partnership = partnerships.first() if partnerships.count() == 1 else None
        if self.only_partnership is not None:
            del self.fields["partnership"]
        else:
            self.fields["partnership"].queryset = partnerships  # type: ignore[attr-defined]

    def chosen_partnership(self, cleaned: dict[str, Any]) -> Partnership | None:
        return self.only_partnership or cleaned.get("partnership")


def partnership_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="Which partnership is it for?",
        queryset=Partnership.objects.none(),
        empty_label="Select a partnership",
        error_messages={
            "required": "Select the partnership",
            "invalid_choice": "Select a partnership you coordinate",
        },
    )


def member_organisations(partnerships: QuerySet[Partnership]) -> QuerySet[Organisation]:
    return Organisation.objects.active().in_partnerships(partnerships).order_by("name")


def people_in(partnerships: QuerySet[Partnership]) -> QuerySet[User]:
    return User.objects.filter(is_active=True, role_assignments__partnership__in=partnerships).distinct()


# Risks and issues


def _review_date_field(label: str = "Review date (optional)") -> GovukDateField:
    return GovukDateField(label=label, required=False)


class RiskOwnerForm(forms.Form):
    """What a risk's owner may change: the mitigations, the status and the review date."""

    version = version_field()
    mitigations = _text(
        "Mitigations (optional)",
        "the mitigations",
        required=False,
        help_text="What is being done to reduce the likelihood or the impact, and by whom.",
    )
    status = forms.ChoiceField(
        label="Status",
        choices=RiskStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the status", "invalid_choice": "Select the status"},
    )
    review_date = _review_date_field()

    def __init__(self, *args: Any, risk: Risk | None = None, **kwargs: Any) -> None:
        if risk is not None:
            initial = {name: getattr(risk, name) for name in self.base_fields if name != "partnership"}
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.risk = risk
        self.fields["review_date"].help_text = _example_date(90)

    def changes(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name not in {"version", "partnership"}}


class RiskForm(PartnershipChoiceMixin, RiskOwnerForm):
    """A risk or issue in full: for coordinators."""

    partnership = partnership_field()
    reference = forms.CharField(
        label="Reference (optional)",
        help_text="For example R07. Leave it blank to give the next number.",
        required=False,
        max_length=20,
        error_messages={"max_length": "The reference must be 20 characters or fewer"},
    )
    kind = forms.ChoiceField(
        label="Is it a risk or an issue?",
        help_text="A risk might happen; an issue is happening now.",
        choices=RiskKind.choices,
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": "Select whether it is a risk or an issue"},
    )
    description = _text("Description", "the description", help_text="What could happen, or what is happening.")
    category = forms.ChoiceField(
        label="Category",
        choices=[("", "Select a category"), *RiskCategory.choices],
        error_messages={"required": "Select the category", "invalid_choice": "Select the category"},
    )
    likelihood = forms.TypedChoiceField(
        label="Likelihood",
        help_text="How likely it is to happen, from 1 (rare) to 5 (almost certain). For an issue, choose 5.",
        choices=LIKELIHOOD,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the likelihood", "invalid_choice": "Select the likelihood"},
    )
    impact = forms.TypedChoiceField(
        label="Impact",
        help_text="How bad it would be, from 1 (negligible) to 5 (severe).",
        choices=IMPACT,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the impact", "invalid_choice": "Select the impact"},
    )
    owner_organisation = forms.ModelChoiceField(
        label="Owning organisation",
        help_text="The member organisation that manages it. Its people may update the mitigations and review it.",
        queryset=Organisation.objects.none(),
        empty_label="Select an organisation",
        error_messages={
            "required": "Select the owning organisation",
            "invalid_choice": "Select an organisation that is a member of the partnership",
        },
    )
    owner_user = forms.ModelChoiceField(
        label="Owner (optional)",
        help_text="The person who answers for it. They are reminded when its review is due.",
        queryset=User.objects.none(),
        required=False,
        empty_label="Nobody named",
        error_messages={"invalid_choice": "Select a person from the list"},
    )

    field_order = [
        "partnership",
        "reference",
        "kind",
        "description",
        "category",
        "likelihood",
        "impact",
        "owner_organisation",
        "owner_user",
        "mitigations",
        "status",
        "review_date",
    ]

    def __init__(
        self, *args: Any, partnerships: QuerySet[Partnership], risk: Risk | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, risk=risk, **kwargs)
        if risk is None:
            del self.fields["version"]
            self._set_up_partnership(partnerships)
            self.initial.setdefault("status", RiskStatus.OPEN)
            self.initial.setdefault("kind", RiskKind.RISK)
        else:
            del self.fields["partnership"]
            self.only_partnership = risk.partnership
            partnerships = Partnership.objects.filter(pk=risk.partnership_id)
            self.fields["reference"].required = True
            self.fields["reference"].label = "Reference"
            self.fields["reference"].help_text = "For example R07."
            self.fields["reference"].error_messages["required"] = "Enter the reference"
        self.fields["owner_organisation"].queryset = member_organisations(partnerships)  # type: ignore[attr-defined]
        self.fields["owner_user"].queryset = people_in(partnerships)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        partnership = self.chosen_partnership(cleaned)
        if partnership is None:
            return cleaned
        reference = (cleaned.get("reference") or "").strip()
        cleaned["reference"] = reference
        clash = Risk.objects.filter(partnership=partnership, reference__iexact=reference)
        if self.risk is not None:
            clash = clash.exclude(pk=self.risk.pk)
        if reference and clash.exists():
            self.add_error("reference", f"{reference} is already used in {partnership}: choose another reference")
        organisation, person = cleaned.get("owner_organisation"), cleaned.get("owner_user")
        partnership_qs = Partnership.objects.filter(pk=partnership.pk)
        if organisation is not None and not member_organisations(partnership_qs).filter(pk=organisation.pk).exists():
            self.add_error("owner_organisation", f"Select an organisation that is a member of {partnership}")
        if person is not None and not people_in(partnership_qs).filter(pk=person.pk).exists():
            self.add_error("owner_user", f"Select someone who has a role in {partnership}")
        return cleaned


class RiskReviewForm(forms.Form):
    version = version_field()
    next_review = GovukDateField(
        label="When should it next be reviewed?",
        error_messages={"required": "Enter the date of the next review"},
    )

    def __init__(self, *args: Any, risk: Risk, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"version": risk.version})
        super().__init__(*args, **kwargs)
        self.fields["next_review"].help_text = _example_date(90)

    def clean_next_review(self) -> date:
        next_review: date = self.cleaned_data["next_review"]
        if next_review <= timezone.localdate():
            raise forms.ValidationError("The date of the next review must be in the future")
        return next_review


class RiskFilterForm(forms.Form):
    partnership = forms.ModelChoiceField(
        label="Partnership",
        required=False,
        queryset=Partnership.objects.none(),
        empty_label="Any partnership",
        error_messages={"invalid_choice": "Select a partnership from the list"},
    )
    kind = forms.ChoiceField(
        label="Risk or issue",
        required=False,
        choices=[("", "Risks and issues"), *RiskKind.choices],
        error_messages={"invalid_choice": "Select risks, issues or both"},
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), (NOT_CLOSED, "Open or treated (not closed)"), *RiskStatus.choices],
        error_messages={"invalid_choice": "Select a status from the list"},
    )
    owner_organisation = forms.ModelChoiceField(
        label="Owning organisation",
        required=False,
        queryset=Organisation.objects.none(),
        empty_label="Any organisation",
        error_messages={"invalid_choice": "Select an organisation from the list"},
    )
    review_due = forms.BooleanField(
        label="Only those due for review",
        help_text="Not closed, and the review date is today or has passed.",
        required=False,
    )
    # Set by the heat map's links, kept when the filter is applied again.
    likelihood = forms.TypedChoiceField(
        required=False, choices=[("", ""), *LIKELIHOOD], coerce=int, empty_value=None, widget=forms.HiddenInput
    )
    impact = forms.TypedChoiceField(
        required=False, choices=[("", ""), *IMPACT], coerce=int, empty_value=None, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, partnerships: QuerySet[Partnership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if partnerships.count() > 1:
            self.fields["partnership"].queryset = partnerships  # type: ignore[attr-defined]
        else:
            del self.fields["partnership"]
        self.fields["owner_organisation"].queryset = member_organisations(partnerships)  # type: ignore[attr-defined]

    def filter(self, risks: QuerySet[Risk], *, today: date) -> QuerySet[Risk]:
        if not self.is_bound or not self.is_valid():
            return risks
        data = self.cleaned_data
        if data.get("partnership"):
            risks = risks.filter(partnership=data["partnership"])
        if data["kind"]:
            risks = risks.filter(kind=data["kind"])
        if data["status"] == NOT_CLOSED:
            risks = risks.not_closed()  # type: ignore[attr-defined]
        elif data["status"]:
            risks = risks.filter(status=data["status"])
        if data["owner_organisation"]:
            risks = risks.filter(owner_organisation=data["owner_organisation"])
        if data["review_due"]:
            risks = risks.review_due(today)  # type: ignore[attr-defined]
        if data.get("likelihood"):
            risks = risks.filter(likelihood=data["likelihood"])
        if data.get("impact"):
            risks = risks.filter(impact=data["impact"])
        return risks


# Agreements


class AgreementForm(PartnershipChoiceMixin, forms.Form):
    version = version_field()
    partnership = partnership_field()
    title = forms.CharField(
        label="Title",
        max_length=300,
        help_text="For example, Northshire Modern Slavery Information Sharing Agreement.",
        error_messages={"required": "Enter the title", "max_length": "The title must be 300 characters or fewer"},
    )
    kind = forms.ChoiceField(
        label="What kind of agreement is it?",
        choices=AgreementKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of agreement"},
    )
    legal_basis = _text(
        "Legal basis (optional)",
        "the legal basis",
        required=False,
        help_text="For example, section 22A of the Police Act 1996.",
    )
    start_date = GovukDateField(label="Start date", error_messages={"required": "Enter the start date"})
    end_date = GovukDateField(label="End date (optional)", required=False, help_text="Leave blank if it has none.")
    review_date = GovukDateField(label="Review date (optional)", required=False)
    notice_months = forms.IntegerField(
        label="Notice period, in months",
        help_text="How many months' written notice a party must give to withdraw. Enter 0 if none.",
        min_value=0,
        max_value=120,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": "Enter the notice period in months, or 0",
            "invalid": "The notice period must be a whole number of months",
            "min_value": "The notice period cannot be negative",
            "max_value": "The notice period must be 120 months or fewer",
        },
    )
    notice_expiry_day = forms.IntegerField(
        label="Notice must expire on: day (optional)",
        help_text="If notice must expire on a fixed day of the year, such as 31 March, enter the day and the month.",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
        error_messages={"invalid": "The day must be a number from 1 to 31"},
    )
    notice_expiry_month = forms.ChoiceField(
        label="Notice must expire on: month (optional)",
        required=False,
        choices=[("", "No fixed day"), *MONTHS],
        error_messages={"invalid_choice": "Select the month"},
    )
    notice_text = _text(
        "The withdrawal rule as written (optional)",
        "the withdrawal rule",
        required=False,
        help_text="For example, at least 12 months' written notice expiring on 31 March.",
    )

    def __init__(
        self, *args: Any, partnerships: QuerySet[Partnership], agreement: Agreement | None = None, **kwargs: Any
    ) -> None:
        if agreement is not None:
            initial = {name: getattr(agreement, name) for name in self.base_fields if name != "partnership"}
            initial["notice_expiry_month"] = str(agreement.notice_expiry_month or "")
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        if agreement is None:
            del self.fields["version"]
            self._set_up_partnership(partnerships)
            self.initial.setdefault("notice_months", 0)
        else:
            del self.fields["partnership"]
            self.only_partnership = agreement.partnership

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be the same as or after the start date")
        day, month = cleaned.get("notice_expiry_day"), cleaned.get("notice_expiry_month")
        cleaned["notice_expiry_month"] = int(month) if month else None
        if "notice_expiry_day" not in self.errors:
            if (day is None) != (not month):
                self.add_error(
                    "notice_expiry_day", "Enter both the day and the month the notice must expire on, or neither"
                )
            elif day is not None and month:
                try:
                    withdrawal.validate_fixed_day(int(month), day)
                except ValueError:
                    self.add_error("notice_expiry_day", f"{calendar.month_name[int(month)]} has no day {day}")
        return cleaned

    def changes(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name not in {"version", "partnership"}}


class PartyForm(PastDatesForm):
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.none(),
        empty_label="Select an organisation",
        error_messages={
            "required": "Select the organisation",
            "invalid_choice": "Select a member organisation that is not already a party",
        },
    )
    signed_on = GovukDateField(
        label="Date signed (optional)", required=False, help_text="Leave blank if it has not signed yet."
    )
    signatory_name = forms.CharField(
        label="Signatory's name (optional)",
        required=False,
        max_length=200,
        error_messages={"max_length": "The name must be 200 characters or fewer"},
    )
    signatory_job_title = forms.CharField(
        label="Signatory's job title (optional)",
        required=False,
        max_length=200,
        error_messages={"max_length": "The job title must be 200 characters or fewer"},
    )

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = member_organisations(Partnership.objects.filter(pk=agreement.partnership_id))
        self.fields["organisation"].queryset = members.exclude(  # type: ignore[attr-defined]
            pk__in=agreement.parties.values("organisation_id")
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("signed_on") and not cleaned.get("signatory_name"):
            self.add_error("signatory_name", "Enter the name of the person who signed")
        return cleaned


class SignatureForm(PastDatesForm):
    signed_on = GovukDateField(label="Date signed", error_messages={"required": "Enter the date it was signed"})
    signatory_name = forms.CharField(
        label="Signatory's name",
        max_length=200,
        error_messages={
            "required": "Enter the name of the person who signed",
            "max_length": "The name must be 200 characters or fewer",
        },
    )
    signatory_job_title = forms.CharField(
        label="Signatory's job title (optional)",
        required=False,
        max_length=200,
        error_messages={"max_length": "The job title must be 200 characters or fewer"},
    )

    def __init__(self, *args: Any, party: AgreementParty, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "signed_on": party.signed_on,
                "signatory_name": party.signatory_name,
                "signatory_job_title": party.signatory_job_title,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].help_text = _example_date(-3)


class AgreementDocumentForm(forms.Form):
    file = forms.FileField(
        label="Upload the signed agreement",
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
