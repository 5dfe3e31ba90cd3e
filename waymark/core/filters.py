"""The audit log's filter form."""

from __future__ import annotations

from typing import Any

from django import forms

from .models import AuditAction


class AuditFilterForm(forms.Form):
    user_email = forms.CharField(label="User's e-mail address contains", required=False)
    action = forms.ChoiceField(label="Action", required=False, choices=[("", "Any action"), *AuditAction.choices])
    object_type = forms.CharField(label="Record type contains", required=False, help_text="For example accounts.User")
    date_from = forms.DateField(
        label="From date",
        required=False,
        help_text="For example 2026-11-01",
        error_messages={"invalid": "Enter the from date as a real date, like 2026-11-01"},
        widget=forms.DateInput(attrs={"class": "govuk-input--width-10"}),
    )
    date_to = forms.DateField(
        label="To date",
        required=False,
        help_text="For example 2026-11-30",
        error_messages={"invalid": "Enter the to date as a real date, like 2026-11-30"},
        widget=forms.DateInput(attrs={"class": "govuk-input--width-10"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The to date must be the same as or after the from date")
        return data
