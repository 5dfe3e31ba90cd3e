"""Form rendering in GOV.UK Design System markup, for every form in the project."""

from __future__ import annotations

from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "includes/govuk/form.html"
    field_template_name = "includes/govuk/field.html"
