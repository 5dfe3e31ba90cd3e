"""The questions a coordinator answers in triage: who leads, which case a report is about, why close."""

from __future__ import annotations

from typing import Any

from django import forms

from waymark.partners.models import Organisation, Partnership

from .models import Case

REASON_MAX_LENGTH = 2000


class LeadOrganisationForm(forms.Form):
    lead_organisation = forms.ModelChoiceField(
        label="Lead organisation",
        help_text="The member organisation that will be in charge of the case.",
        queryset=Organisation.objects.none(),
        empty_label="Select an organisation",
        error_messages={
            "required": "Select the lead organisation",
            "invalid_choice": "Select an organisation that is a member of the partnership",
        },
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = Organisation.objects.active().in_partnerships(Partnership.objects.filter(pk=partnership.pk))
        self.fields["lead_organisation"].queryset = members.order_by("name")  # type: ignore[attr-defined]


class CloseForm(forms.Form):
    reason = forms.CharField(
        label="Why are you closing it?",
        help_text="For example, it repeats another referral or report, or it is not about exploitation.",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter why you are closing it",
            "max_length": f"The reason must be {REASON_MAX_LENGTH} characters or fewer",
        },
    )


class LinkToCaseForm(forms.Form):
    reference = forms.CharField(
        label="Case reference",
        help_text="For example, TF-2026-000123.",
        max_length=30,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the reference of the case",
            "max_length": "Enter a case reference, like TF-2026-000123",
        },
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partnership = partnership

    def clean_reference(self) -> Case:
        """The case itself, found by its reference in the report's partnership."""
        reference = "".join(self.cleaned_data["reference"].split()).upper()
        case = Case.objects.filter(reference=reference, partnership=self.partnership).first()
        if case is None:
            # The same words whether the case does not exist or belongs to another partnership,
            # so the form discloses nothing about other partnerships' cases.
            raise forms.ValidationError(f"There is no case {reference} in {self.partnership}")
        return case
