"""The questions asked when recording consent, sharing a case, asking for access and handing on the
lead role."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from waymark.core.forms import GovukDateField
from waymark.partners.models import Organisation, Partnership

from .access import active_shares_q
from .models import Case, CasePerson, ConsentPurpose, ConsentRecord, LawfulBasis, PersonRole

TEXT_MAX_LENGTH = 2000


def _text(label: str, help_text: str, required_message: str, *, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": required_message,
            "max_length": f"{label} must be {TEXT_MAX_LENGTH} characters or fewer",
        },
    )


def _members_of(partnership: Partnership) -> Any:
    return Organisation.objects.active().in_partnerships(Partnership.objects.filter(pk=partnership.pk)).order_by("name")


def _not_in_future(value: Any, noun: str) -> None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(f"The {noun} must be today or in the past")


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(
        label="What did they consent to?",
        choices=ConsentPurpose.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what they consented to"},
    )
    organisation = forms.ModelChoiceField(
        label="Which organisation did they agree to share their information with?",
        help_text="Only for consent to sharing.",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Select an organisation",
        error_messages={"invalid_choice": "Select an organisation that is a member of the partnership"},
    )
    person = forms.ModelChoiceField(
        label="Who gave consent?",
        queryset=CasePerson.objects.none(),
        empty_label="Select the person",
        error_messages={"required": "Select who gave consent", "invalid_choice": "Select a person on this case"},
    )
    given_on = GovukDateField(
        label="Date consent was given",
        help_text="For example, 27 3 2026.",
        error_messages={"required": "Enter the date consent was given"},
    )
    how = forms.CharField(
        label="How did they give consent?",
        help_text=ConsentRecord._meta.get_field("how").help_text,
        max_length=200,
        error_messages={
            "required": "Enter how they gave consent",
            "max_length": "How they gave consent must be 200 characters or fewer",
        },
    )

    def __init__(self, *args: Any, case: Case, identifying_details_visible: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _members_of(case.partnership)  # type: ignore[attr-defined]
        people = case.people.filter(role=PersonRole.POTENTIAL_VICTIM)
        person_field = self.fields["person"]
        person_field.queryset = people  # type: ignore[attr-defined]
        if not people.exists():
            del self.fields["person"]  # a case opened from a public report may name nobody yet
            return
        if not identifying_details_visible:
            # The names stay with the organisation that recorded them; number the people instead.
            numbers = {p.pk: n for n, p in enumerate(people, start=1)}
            person_field.label_from_instance = lambda p: f"Potential victim {numbers.get(p.pk, '')}".strip()  # type: ignore[attr-defined]

    def clean_given_on(self) -> Any:
        given_on = self.cleaned_data["given_on"]
        _not_in_future(given_on, "date consent was given")
        return given_on

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("purpose") != ConsentPurpose.SHARING:
            cleaned["organisation"] = None
        elif not cleaned.get("organisation") and "organisation" not in self.errors:
            self.add_error("organisation", "Select the organisation they agreed to share their information with")
        return cleaned


class WithdrawConsentForm(forms.Form):
    withdrawn_on = GovukDateField(
        label="Date consent was withdrawn",
        help_text="For example, 27 3 2026.",
        error_messages={"required": "Enter the date consent was withdrawn"},
    )

    def __init__(self, *args: Any, consent: ConsentRecord, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.consent = consent

    def clean_withdrawn_on(self) -> Any:
        withdrawn_on = self.cleaned_data["withdrawn_on"]
        _not_in_future(withdrawn_on, "date consent was withdrawn")
        if withdrawn_on and withdrawn_on < self.consent.given_on:
            raise forms.ValidationError("The date consent was withdrawn must be on or after the date it was given")
        return withdrawn_on


class LawfulBasisForm(forms.Form):
    """The basis for sharing: the person's recorded consent, or a lawful basis explained."""

    lawful_basis = forms.ChoiceField(
        label="On what basis are you sharing?",
        help_text="Use consent only if they agreed to share with this organisation and the consent is recorded.",
        choices=LawfulBasis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the consent or lawful basis for sharing"},
    )
    basis_explanation = _text(
        "Why does this lawful basis apply?",
        "Not needed when sharing with consent. For example, why consent cannot be sought without putting them at risk.",
        "Enter why this lawful basis applies",
        required=False,
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case

    def organisation_shared_with(self, cleaned: dict[str, Any]) -> Organisation | None:
        """Which organisation the case would be shared with: the one chosen on the form, unless a
        form fixes it (granting an access request)."""
        return cleaned.get("organisation")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        basis = cleaned.get("lawful_basis")
        organisation = self.organisation_shared_with(cleaned)
        cleaned["consent"] = None
        if basis == LawfulBasis.CONSENT and organisation is not None:
            consent = (
                self.case.consents.filter(purpose=ConsentPurpose.SHARING, organisation=organisation)
                .filter(withdrawn_on__isnull=True)
                .first()
            )
            if consent is None:
                self.add_error(
                    "lawful_basis",
                    f"There is no active consent to share with {organisation}. "
                    "Record their consent first, or select a lawful basis other than consent",
                )
            cleaned["consent"] = consent
        explained = cleaned.get("basis_explanation") or "basis_explanation" in self.errors
        if basis and basis != LawfulBasis.CONSENT and not explained:
            self.add_error("basis_explanation", "Enter why this lawful basis applies")
        return cleaned

    def reason_with_explanation(self) -> str:
        """The reason, with the explanation of the lawful basis kept beside it on the share."""
        reason = self.cleaned_data["reason"]
        explanation = self.cleaned_data.get("basis_explanation")
        if self.cleaned_data["consent"] is None and explanation:
            return f"{reason}\n\nWhy the lawful basis applies: {explanation}"
        return reason


class ShareForm(LawfulBasisForm):
    organisation = forms.ModelChoiceField(
        label="Which organisation do you want to share the case with?",
        help_text="Only organisations that are members of the partnership.",
        queryset=Organisation.objects.none(),
        empty_label="Select an organisation",
        error_messages={
            "required": "Select the organisation to share the case with",
            "invalid_choice": "Select an organisation that is a member of the partnership",
        },
    )
    reason = _text(
        "Why do they need to know?",
        "For example, they will provide accommodation and need to know about the risks.",
        "Enter why they need to know",
    )
    field_order = ["organisation", "reason", "lawful_basis", "basis_explanation"]

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        members = _members_of(case.partnership).exclude(pk=case.lead_organisation_id)
        self.fields["organisation"].queryset = members  # type: ignore[attr-defined]

    def clean_organisation(self) -> Organisation:
        organisation = self.cleaned_data["organisation"]
        if self.case.shares.filter(active_shares_q(), organisation=organisation).exists():
            raise forms.ValidationError(f"The case is already shared with {organisation}")
        return organisation


class RevokeShareForm(forms.Form):
    reason = _text("Why are you stopping the sharing?", "", "Enter why you are stopping the sharing")


class AccessRequestForm(forms.Form):
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
    reason = _text(
        "Why does your organisation need to see it?",
        "The lead organisation reads this when it decides.",
        "Enter why your organisation needs to see it",
    )

    def clean_reference(self) -> str:
        return "".join(self.cleaned_data["reference"].split()).upper()


class DecideAccessForm(LawfulBasisForm):
    decision = forms.ChoiceField(
        label="Do you want to let them see the case?",
        choices=[("grant", "Yes, share the case with them"), ("refuse", "No, refuse the request")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to let them see the case"},
    )
    reason = _text(
        "Reason",
        "If you share it, why they need to know. If you refuse, why: the requester will see this.",
        "Enter the reason for your decision",
    )
    field_order = ["decision", "reason", "lawful_basis", "basis_explanation"]

    def __init__(self, *args: Any, case: Case, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        self.organisation = organisation
        self.fields["lawful_basis"].required = False

    def organisation_shared_with(self, cleaned: dict[str, Any]) -> Organisation | None:
        return self.organisation

    def clean(self) -> dict[str, Any]:
        cleaned = forms.Form.clean(self) or {}
        if cleaned.get("decision") != "grant":
            cleaned["consent"] = None
            return cleaned
        if not cleaned.get("lawful_basis"):
            if "lawful_basis" not in self.errors:
                self.add_error("lawful_basis", "Select the consent or lawful basis for sharing")
            cleaned["consent"] = None
            return cleaned
        return super().clean()


class TransferLeadForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Which organisation should lead the case?",
        queryset=Organisation.objects.none(),
        empty_label="Select an organisation",
        error_messages={
            "required": "Select the organisation that should lead the case",
            "invalid_choice": "Select an organisation that is a member of the partnership",
        },
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = _members_of(case.partnership).exclude(pk=case.lead_organisation_id)
        self.fields["organisation"].queryset = members  # type: ignore[attr-defined]
