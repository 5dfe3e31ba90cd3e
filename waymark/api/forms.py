from __future__ import annotations

from django import forms

from waymark.partners.forms import PartnershipMemberForm

from .models import Scope


class ServiceTokenForm(PartnershipMemberForm):
    organisation_label = "Organisation the token acts for"
    field_order = ["name", "partnership", "organisation", "scopes"]

    name = forms.CharField(
        label="What will use this token?",
        max_length=100,
        help_text="For example 'Council case system nightly export'.",
        error_messages={"required": "Enter what will use this token"},
    )
    scopes = forms.MultipleChoiceField(
        label="What may it do?",
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. Give only what it needs.",
        error_messages={"required": "Select at least one thing the token may do"},
    )
