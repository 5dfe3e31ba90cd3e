"""The question pages of "Report a concern", one question (or one small group) per page."""

from __future__ import annotations

from typing import Any

from django import forms

from waymark.core.forms import GovukDateField

from .vocabulary import ILO_INDICATORS, SPOT_THE_SIGNS, ExploitationLocation, ExploitationType, Gender

YES_NO_NOT_SURE = [("yes", "Yes"), ("no", "No"), ("not_sure", "Not sure")]
MAX_TEXT = 10_000


def _radios(
    label: str, required_message: str, choices: list[tuple[str, str]] = YES_NO_NOT_SURE, **kwargs: Any
) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=choices, widget=forms.RadioSelect, error_messages={"required": required_message}, **kwargs
    )


def _list(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


class StepForm(forms.Form):
    """A question page. `to_answers` gives what is stored in the draft (JSON-safe)."""

    def to_answers(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class PartnershipForm(forms.Form):
    partnership = forms.ModelChoiceField(
        label="Which partnership's area is this in?",
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select the partnership whose area this is in"},
    )

    def __init__(self, *args: Any, partnerships: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships  # type: ignore[attr-defined]


class DangerForm(StepForm):
    immediate_danger = _radios(
        "Is the potential victim, or anyone else, in immediate danger?",
        "Select yes if anyone is in immediate danger",
        help_text="For example, being hurt or threatened now, or about to be moved by the people exploiting them.",
    )


class AgeForm(StepForm):
    under_18 = _radios(
        "Is the potential victim under 18?",
        "Select yes if the potential victim is under 18",
        help_text="If you are not sure, they are treated as a child until the local authority assesses their age.",
    )


class ExploitedAsChildForm(StepForm):
    under_18_during_exploitation = _radios(
        "Were they under 18 at any time during the exploitation?",
        "Select yes if they were under 18 at any time during the exploitation",
    )


class WhereForm(StepForm):
    nation = _radios(
        "Which part of the UK are they in?",
        "Select which part of the UK they are in",
        choices=[
            ("england", "England"),
            ("wales", "Wales"),
            ("scotland", "Scotland"),
            ("northern_ireland", "Northern Ireland"),
        ],
        help_text="The law and the support on offer differ between the nations.",
    )
    area = forms.CharField(
        label="Town or local authority area",
        max_length=200,
        error_messages={"required": "Enter the town or local authority area"},
        help_text="For example, Kettleford.",
    )


class ConsentForm(StepForm):
    consents_to_nrm = _radios(
        "Does the potential victim consent to having their case referred to the National Referral Mechanism?",
        "Select whether they consent to an NRM referral",
        choices=[
            ("yes", "Yes, they have given informed consent"),
            ("no", "No, they do not consent"),
            ("not_sure", "I have not been able to ask them yet"),
        ],
    )


class CareNeedsForm(StepForm):
    care_and_support_needs = _radios(
        "Do they have care and support needs?",
        "Select yes if they have care and support needs",
        help_text="For example, a physical or learning disability, mental ill health, or substance misuse, that "
        "means they cannot protect themselves.",
    )


class CooperationForm(StepForm):
    cooperates_with_authorities = _radios(
        "Are they willing to co-operate with the police or other authorities?",
        "Select yes if they are willing to co-operate",
    )


class PersonForm(StepForm):
    given_names = forms.CharField(label="Given names", max_length=200, required=False)
    family_name = forms.CharField(label="Family name", max_length=200, required=False)
    aliases = forms.CharField(
        label="Other names or spellings (optional)",
        max_length=500,
        required=False,
        help_text="Separate each with a comma.",
    )
    date_of_birth = GovukDateField(
        label="Date of birth", required=False, help_text="For example, 27 3 2007. Leave blank if not known."
    )
    estimated_age = forms.IntegerField(
        label="Estimated age, if the date of birth is not known",
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": "Estimated age must be a number, like 17",
            "min_value": "Estimated age must be 0 or more",
            "max_value": "Estimated age must be 120 or less",
        },
    )
    gender = _radios("Gender", "Select their gender", choices=list(Gender.choices))
    nationalities = forms.CharField(
        label="Nationality", max_length=300, required=False, help_text="If more than one, separate them with commas."
    )
    languages = forms.CharField(label="Languages they speak (optional)", max_length=300, required=False)
    contact = forms.CharField(
        label="How to contact them safely (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only if it is safe. Say if someone else may see their phone.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("given_names") or data.get("family_name") or data.get("aliases")):
            self.add_error("given_names", "Enter a name, or a name they are known by")
        return data

    def to_answers(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["date_of_birth"] = data["date_of_birth"].isoformat() if data.get("date_of_birth") else None
        return data


class AnonymousPersonForm(StepForm):
    """An adult who declines the NRM and will not co-operate stays anonymous (DOMAIN.md 1.3, 1.4)."""

    gender = _radios("Gender", "Select their gender", choices=list(Gender.choices))
    nationalities = forms.CharField(
        label="Nationality", max_length=300, required=False, help_text="If more than one, separate them with commas."
    )


class IndicatorsForm(StepForm):
    signs = forms.MultipleChoiceField(
        label="Which signs have you seen?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(key, label) for key, (label, _) in SPOT_THE_SIGNS.items()],
        help_text="Select all that apply.",
    )
    ilo = forms.MultipleChoiceField(
        label="Which indicators of forced labour apply?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=list(ILO_INDICATORS.items()),
        help_text="The International Labour Organization's 11 indicators. Select all that apply.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("signs") and not data.get("ilo") and not self.errors:
            self.add_error("signs", "Select at least one sign or indicator")
        return data


class ExploitationTypesForm(StepForm):
    types = forms.MultipleChoiceField(
        label="What types of exploitation have they experienced?",
        widget=forms.CheckboxSelectMultiple,
        choices=list(ExploitationType.choices),
        help_text="Select all that apply.",
        error_messages={"required": "Select at least one type of exploitation"},
    )


class WhatHappenedForm(StepForm):
    what_happened = forms.CharField(
        label="What happened?",
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="In your own words: how it started, what they were made to do, how they were treated, and how you met them.",
        error_messages={
            "required": "Enter what happened",
            "max_length": f"What happened must be {MAX_TEXT:,} characters or fewer",
        },
    )
    when_exploited = forms.CharField(
        label="When did it happen?",
        max_length=200,
        required=False,
        help_text="For example, from spring 2025 until last week.",
    )
    exploitation_location = _radios(
        "Where did the exploitation happen?",
        "Select where the exploitation happened",
        choices=list(ExploitationLocation.choices),
    )
    places = forms.CharField(
        label="Towns or countries (optional)",
        max_length=1000,
        required=False,
        help_text="Up to 10 UK towns or countries, separated by commas.",
    )

    def clean_places(self) -> list[str]:
        places = _list(self.cleaned_data["places"])
        if len(places) > 10:
            raise forms.ValidationError("Enter 10 towns or countries or fewer")
        return places


class ExploitersForm(StepForm):
    names = forms.CharField(
        label="Names of the people exploiting them (optional)",
        max_length=500,
        required=False,
        help_text="Separate each name with a comma.",
    )
    description = forms.CharField(
        label="Anything else about them (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, where they live, vehicles, phone numbers or businesses they use.",
    )
