"""Form rendering in GOV.UK Design System markup, for every form in the project, and the GOV.UK date
input as a form field."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils import timezone


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "includes/govuk/form.html"
    field_template_name = "includes/govuk/field.html"


class GovukDateInput(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes."""

    govuk_kind = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets = [forms.TextInput(attrs={"inputmode": "numeric"}) for _ in range(3)]
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value:
            try:
                parsed = date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
            return [parsed.day, parsed.month, parsed.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date typed as day, month and year, with the GOV.UK error messages."""

    widget = GovukDateInput

    def __init__(self, *, label: str, **kwargs: Any) -> None:
        self.noun = label[0].lower() + label[1:]
        error_messages = {"required": f"Enter {self.noun}", "incomplete": f"{label} must include a day, month and year"}
        error_messages.update(kwargs.pop("error_messages", {}))
        fields = [forms.CharField(), forms.CharField(), forms.CharField()]
        super().__init__(fields, label=label, require_all_fields=False, error_messages=error_messages, **kwargs)

    def compress(self, data_list: list[str]) -> date | None:
        if not data_list or not any(data_list):
            return None
        if not all(data_list):
            raise forms.ValidationError(self.error_messages["incomplete"], code="incomplete")
        try:
            day, month, year = (int(part) for part in data_list)
            return date(year, month, day)
        except ValueError as error:
            raise forms.ValidationError(f"{self.label} must be a real date", code="invalid") from error


class PastDatesForm(forms.Form):
    """A form whose GOV.UK dates record what has happened: none may be in the future, and
    `not_before` checks one date against an earlier one (a decision after its referral, say)."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        today = timezone.localdate()
        for name, field in self.fields.items():
            value = cleaned.get(name)
            if isinstance(field, GovukDateField) and isinstance(value, date) and value > today:
                self.add_error(name, f"{field.label} must be today or in the past")
        return cleaned

    def not_before(self, name: str, earlier: date | None, earlier_noun: str) -> None:
        value = self.cleaned_data.get(name)
        if earlier and isinstance(value, date) and value < earlier and name not in self.errors:
            label = self.fields[name].label
            self.add_error(name, f"{label} must be the same as or after {earlier_noun} ({earlier.day} {earlier:%B %Y})")
