"""Template helpers for GOV.UK Design System markup: widget classes, hints, errors, summaries."""

from __future__ import annotations

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString

register = template.Library()

_BASE_CLASS = {"input": "govuk-input", "textarea": "govuk-textarea", "select": "govuk-select"}


@register.filter
def widget_kind(field: BoundField) -> str:
    widget = field.field.widget
    if getattr(widget, "govuk_kind", None):
        return str(widget.govuk_kind)
    # CheckboxSelectMultiple subclasses RadioSelect, so it must be tested first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


@register.filter
def error_anchor(field: BoundField) -> str:
    """The id an error summary link should point at: the field, or its first option."""
    if widget_kind(field) in {"radios", "checkboxes", "date"}:
        return f"{field.auto_id}_0"
    return str(field.auto_id)


@register.filter
def date_parts(field: BoundField) -> list[dict[str, object]]:
    """The day, month and year boxes of a GOV.UK date input, with what was typed in each."""
    context = field.field.widget.get_context(field.html_name, field.value(), {"id": field.auto_id})
    return list(context["widget"]["subwidgets"])


@register.simple_tag
def govuk_widget(field: BoundField) -> SafeString:
    kind = widget_kind(field)
    attrs: dict[str, str] = {}
    base = _BASE_CLASS.get(kind)
    if kind == "file":
        base = "govuk-file-upload"
    if base:
        classes = [base, field.field.widget.attrs.get("class", "")]
        if field.errors:
            classes.append(f"{base}--error")
        attrs["class"] = " ".join(c for c in classes if c)
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=dict(attrs))


@register.inclusion_tag("includes/govuk/error_summary.html")
def error_summary(*forms_to_check: forms.BaseForm | None) -> dict[str, object]:
    errors: list[tuple[str, str]] = []
    for form in forms_to_check:
        if form is None or not form.is_bound:
            continue
        for message in form.non_field_errors():
            errors.append(("", str(message)))
        for field in form:
            for message in field.errors:
                errors.append((error_anchor(field), str(message)))
    return {"errors": errors}


@register.simple_tag(takes_context=True)
def page_title(context: template.Context, title: str, *forms_to_check: object) -> str:
    """'Error: ' before the title when a form on the page has errors (GOV.UK validation pattern)."""
    for form in forms_to_check or [context.get("form")]:
        if isinstance(form, forms.BaseForm) and form.is_bound and form.errors:
            return f"Error: {title}"
    return title
