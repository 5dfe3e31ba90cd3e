"""Forms for coordinators: organisations, partnership settings, invitations and roles."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from waymark.accounts.models import User

from .models import Membership, MembershipKind, Organisation, OrganisationKind, Partnership, Role

YES_NO_WORK_OUT = [("yes", "Yes"), ("no", "No"), ("", "Not sure – work it out for me")]


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "email",
            "phone",
            "address",
            "website",
            "is_first_responder",
            "is_public_authority",
            "is_active",
        ]
        labels = {"name": "Name of the organisation", "kind": "What kind of organisation is it?"}
        error_messages = {
            "name": {
                "required": "Enter the name of the organisation",
                "unique": "An organisation with this name already exists",
            },
            "kind": {"required": "Select what kind of organisation it is"},
            "email": {"invalid": "Enter an e-mail address in the correct format, like name@example.com"},
            "website": {"invalid": "Enter a web address in the correct format, like https://www.example.org"},
        }
        widgets = {
            "kind": forms.RadioSelect,
            "address": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"autocomplete": "off", "class": "govuk-input--width-20", "type": "tel"}),
        }


class NewOrganisationForm(forms.Form):
    """Adding an organisation. The two legal flags may be left for Waymark to work out."""

    name = forms.CharField(
        label="Name of the organisation",
        max_length=200,
        error_messages={"required": "Enter the name of the organisation"},
    )
    kind = forms.ChoiceField(
        label="What kind of organisation is it?",
        choices=OrganisationKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of organisation it is"},
    )
    partnership = forms.ModelChoiceField(
        label="Partnership it joins",
        queryset=Partnership.objects.none(),
        empty_label=None,
        error_messages={"required": "Select the partnership it joins"},
    )
    membership_kind = forms.ChoiceField(
        label="Kind of membership",
        choices=MembershipKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of membership"},
    )
    is_first_responder = forms.ChoiceField(
        label="Is it a First Responder Organisation?",
        choices=YES_NO_WORK_OUT,
        required=False,
        widget=forms.RadioSelect,
        help_text="First Responder Organisations may refer people into the National Referral Mechanism. "
        "If you are not sure, Waymark checks the Home Office list.",
    )
    is_public_authority = forms.ChoiceField(
        label="Is it a public authority under the Duty to Notify?",
        choices=YES_NO_WORK_OUT,
        required=False,
        widget=forms.RadioSelect,
        help_text="Section 52 of the Modern Slavery Act 2015: police forces and councils, the National Crime "
        "Agency and the GLAA. If you are not sure, Waymark decides from the kind of organisation.",
    )
    email = forms.EmailField(
        label="Contact e-mail (optional)",
        required=False,
        error_messages={"invalid": "Enter an e-mail address in the correct format, like name@example.com"},
    )
    phone = forms.CharField(
        label="Contact phone number (optional)",
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "type": "tel"}),
    )
    address = forms.CharField(label="Address (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, partnerships: QuerySet[Partnership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships  # type: ignore[attr-defined]
        if partnerships.count() == 1:
            self.fields["partnership"].initial = partnerships.first()

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if Organisation.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError("An organisation with this name already exists")
        return name

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["is_first_responder"] = _yes_no(data["is_first_responder"])
        data["is_public_authority"] = _yes_no(data["is_public_authority"])
        return data


class PartnershipSettingsForm(forms.ModelForm):
    OWNER_FIELDS = (
        "childrens_social_care_organisation",
        "adult_social_care_organisation",
        "police_organisation",
        "first_responder_organisation",
        "local_support_organisation",
    )

    class Meta:
        model = Partnership
        fields = [
            "childrens_social_care_front_door",
            "adult_safeguarding_contact",
            "police_single_point_of_contact",
            "ictg_service_operates",
            "local_support_service",
            "childrens_social_care_organisation",
            "adult_social_care_organisation",
            "police_organisation",
            "first_responder_organisation",
            "local_support_organisation",
            "case_reference_prefix",
        ]
        labels = {
            "childrens_social_care_organisation": "Organisation that owns children's social care tasks",
            "adult_social_care_organisation": "Organisation that receives adult safeguarding concerns",
            "police_organisation": "Organisation that receives police reports",
            "first_responder_organisation": "First Responder Organisation that takes NRM referrals from other partners",
            "local_support_organisation": "Organisation that supports adults who decline the NRM",
            "case_reference_prefix": "Case reference prefix",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = Organisation.objects.filter(
            Membership.current_q("memberships__"), memberships__partnership=self.instance
        ).distinct()
        for name in self.OWNER_FIELDS:
            field = self.fields[name]
            field.queryset = members  # type: ignore[attr-defined]
            field.empty_label = "Not set: the referring organisation does it"  # type: ignore[attr-defined]
        self.fields["first_responder_organisation"].queryset = members.filter(is_first_responder=True)  # type: ignore[attr-defined]

    def clean_case_reference_prefix(self) -> str:
        prefix = self.cleaned_data["case_reference_prefix"].strip().upper()
        if prefix and not prefix.isalnum():
            raise forms.ValidationError("Case reference prefix must be letters and numbers only, like NS")
        return prefix


class PartnershipMemberForm(forms.Form):
    """A partnership the user coordinates and one of its member organisations, checked together."""

    organisation_label = "Organisation"
    partnership = forms.ModelChoiceField(
        label="Partnership",
        queryset=Partnership.objects.none(),
        empty_label=None,
        error_messages={"required": "Select the partnership"},
    )
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none())

    def __init__(
        self, *args: Any, partnerships: QuerySet[Partnership], organisations: QuerySet[Organisation], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        self.fields["partnership"].queryset = partnerships  # type: ignore[attr-defined]
        organisation.queryset = organisations  # type: ignore[attr-defined]
        organisation.empty_label = "Select an organisation"  # type: ignore[attr-defined]
        organisation.label = self.organisation_label
        organisation.error_messages["required"] = (
            f"Select the {self.organisation_label[0].lower()}{self.organisation_label[1:]}"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        organisation, partnership = data.get("organisation"), data.get("partnership")
        if organisation and partnership and not organisation.memberships.filter(partnership=partnership).exists():
            self.add_error("organisation", "Select an organisation that is a member of the partnership")
        return data


class InviteUserForm(PartnershipMemberForm):
    organisation_label = "Organisation they work for"
    field_order = ["full_name", "email", "partnership", "organisation", "roles"]

    full_name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter the person's full name"}
    )
    email = forms.EmailField(
        label="E-mail address",
        help_text="Use their work address. The invitation link is sent here.",
        error_messages={
            "required": "Enter the person's e-mail address",
            "invalid": "Enter an e-mail address in the correct format, like name@example.com",
        },
    )
    roles = forms.MultipleChoiceField(
        label="Roles",
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"required": "Select at least one role"},
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("Someone already has an account with this e-mail address")
        return email


class AssignRoleForm(forms.Form):
    partnership = forms.ModelChoiceField(
        label="Partnership",
        queryset=Partnership.objects.none(),
        empty_label=None,
        error_messages={"required": "Select the partnership"},
    )
    role = forms.ChoiceField(
        label="Role", choices=[("", "Select a role"), *Role.choices], error_messages={"required": "Select a role"}
    )

    def __init__(self, *args: Any, partnerships: QuerySet[Partnership], user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("partnership")
            and data.get("role")
            and self.user.role_assignments.filter(partnership=data["partnership"], role=data["role"]).exists()
        ):
            self.add_error("role", "This user already has this role in this partnership")
        return data


class AddMemberForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.none(),
        empty_label="Select an organisation",
        help_text="To add one that is not listed, use Add an organisation.",
        error_messages={"required": "Select the organisation that joins"},
    )
    kind = forms.ChoiceField(
        label="Kind of membership",
        choices=MembershipKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of membership"},
    )
    since = forms.DateField(
        label="Member since",
        help_text="For example 2026-04-01",
        error_messages={
            "required": "Enter the date it joined",
            "invalid": "Enter the date it joined as a real date, like 2026-04-01",
        },
        widget=forms.DateInput(attrs={"class": "govuk-input--width-10"}),
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = partnership.memberships.filter(Membership.current_q()).values("organisation")
        self.fields["organisation"].queryset = Organisation.objects.active().exclude(pk__in=current)  # type: ignore[attr-defined]
        self.fields["since"].initial = timezone.localdate()


class EndMembershipForm(forms.Form):
    until = forms.DateField(
        label="Last day of membership",
        help_text="For example 2027-03-31",
        error_messages={
            "required": "Enter the last day of membership",
            "invalid": "Enter the last day as a real date, like 2027-03-31",
        },
        widget=forms.DateInput(attrs={"class": "govuk-input--width-10"}),
    )

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        self.membership = membership
        super().__init__(*args, **kwargs)
        self.fields["until"].initial = timezone.localdate()

    def clean_until(self) -> date:
        until = self.cleaned_data["until"]
        if until < self.membership.since:
            raise forms.ValidationError(
                f"The last day must be on or after it joined, {self.membership.since:%-d %B %Y}"
            )
        return until
