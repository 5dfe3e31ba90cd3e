from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from waymark.partners.models import Organisation, Partnership

from .models import Scope


class ServiceTokenForm(forms.Form):
    name = forms.CharField(
        label="What will use this token?",
        max_length=100,
        help_text="For example 'Council case system nightly export'.",
        error_messages={"required": "Enter what will use this token"},
    )
    partnership = forms.ModelChoiceField(
        label="Partnership",
        queryset=Partnership.objects.none(),
        empty_label=None,
        error_messages={"required": "Select the partnership"},
    )
    organisation = forms.ModelChoiceField(
        label="Organisation the token acts for",
        queryset=Organisation.objects.none(),
        error_messages={"required": "Select the organisation the token acts for"},
    )
    scopes = forms.MultipleChoiceField(
        label="What may it do?",
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. Give only what it needs.",
        error_messages={"required": "Select at least one thing the token may do"},
    )

    def __init__(
        self, *args: Any, partnerships: QuerySet[Partnership], organisations: QuerySet[Organisation], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["organisation"].empty_label = "Select an organisation"  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        organisation, partnership = data.get("organisation"), data.get("partnership")
        if organisation and partnership and not organisation.memberships.filter(partnership=partnership).exists():
            self.add_error("organisation", "Select an organisation that is a member of the partnership")
        return data
