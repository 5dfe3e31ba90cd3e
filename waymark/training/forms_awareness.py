"""The questions for awareness raising: an event (adding and editing) and a material in the library
(adding, editing, and uploading a new version).

Every form on an existing record carries its version as it was shown, so a change made meanwhile by
someone else is caught rather than overwritten (services_awareness.StaleRecord)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet

from waymark.cases import documents
from waymark.core.forms import GovukDateField
from waymark.partners.models import Organisation, Partnership

from .models import AwarenessEvent, AwarenessEventKind, AwarenessMaterial, AwarenessMaterialKind

CONFLICT = "Someone else changed this {noun} while you were working on it. Check it below, then try again."
ACCEPTED_KINDS = (documents.PDF, documents.DOCX, documents.JPG, documents.PNG)
WRONG_TYPE = "The selected file must be a PDF, DOCX, JPG or PNG"
EMPTY = "The selected file is empty"
TEXT_MAX_LENGTH = 4000


def version_field() -> forms.IntegerField:
    out_of_date = "This form is out of date. Reload the page, then try again"
    return forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": out_of_date, "invalid": out_of_date}
    )


def _title_field() -> forms.CharField:
    return forms.CharField(
        label="Title",
        max_length=300,
        error_messages={"required": "Enter the title", "max_length": "The title must be 300 characters or fewer"},
    )


class _InPartnership(forms.Form):
    """Something new in a partnership: "Which partnership?" is asked only of a coordinator of more
    than one; otherwise the one is taken."""

    partnership = forms.ModelChoiceField(
        label="Which partnership is it for?",
        queryset=Partnership.objects.none(),
        empty_label="Select a partnership",
        error_messages={"required": "Select the partnership", "invalid_choice": "Select a partnership you coordinate"},
    )

    def _set_up_partnership(self, partnerships: QuerySet[Partnership] | None, fixed: Partnership | None) -> None:
        self.only_partnership = fixed
        if fixed is None and partnerships is not None and partnerships.count() == 1:
            self.only_partnership = partnerships.first()
        if self.only_partnership is not None:
            del self.fields["partnership"]
        else:
            self.fields["partnership"].queryset = partnerships  # type: ignore[attr-defined]

    def chosen_partnership(self) -> Partnership:
        return self.only_partnership or self.cleaned_data["partnership"]

    def changes(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name not in {"version", "partnership"}}


# Events


class EventForm(_InPartnership):
    version = version_field()
    title = _title_field()
    kind = forms.ChoiceField(
        label="What kind of event was it?",
        choices=AwarenessEventKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of event"},
    )
    held_on = GovukDateField(label="Date of the event")
    audience = forms.CharField(
        label="Audience (optional)",
        required=False,
        max_length=300,
        help_text="Who it was for, for example taxi drivers, nail bar owners, or the public.",
        error_messages={"max_length": "The audience must be 300 characters or fewer"},
    )
    reach = forms.IntegerField(
        label="People reached (optional)",
        required=False,
        min_value=0,
        max_value=10_000_000,
        help_text="How many people attended or were reached.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-10"}),
        error_messages={
            "invalid": "The number of people reached must be a whole number, like 120",
            "min_value": "The number of people reached cannot be negative",
            "max_value": "The number of people reached must be 10,000,000 or fewer",
        },
    )
    organisations = forms.ModelMultipleChoiceField(
        label="Organisations involved (optional)",
        required=False,
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select organisations of the partnership"},
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"The notes must be {TEXT_MAX_LENGTH:,} characters or fewer"},
    )

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet[Organisation],
        partnerships: QuerySet[Partnership] | None = None,
        event: AwarenessEvent | None = None,
        **kwargs: Any,
    ) -> None:
        if event is not None:
            initial = {name: getattr(event, name) for name in ("version", "title", "kind", "held_on", "audience")}
            initial |= {"reach": event.reach, "notes": event.notes, "organisations": list(event.organisations.all())}
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = organisations  # type: ignore[attr-defined]
        if event is None:
            del self.fields["version"]
        self._set_up_partnership(partnerships, event.partnership if event else None)


# The materials library


class MaterialForm(_InPartnership):
    """Adding a material, uploading a new version of one (`previous`), or editing one (`material`:
    its details, not its file)."""

    version = version_field()
    title = _title_field()
    kind = forms.ChoiceField(
        label="What kind of material is it?",
        choices=AwarenessMaterialKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of material"},
    )
    edition = forms.CharField(
        label="Version (optional)",
        required=False,
        max_length=50,
        help_text="As printed on it, for example 2.1 or March 2026.",
        error_messages={"max_length": "The version must be 50 characters or fewer"},
    )
    file = forms.FileField(
        label="Upload the file",
        required=False,
        max_length=255,
        allow_empty_file=False,
        widget=forms.FileInput(attrs={"accept": ",".join(e for k in ACCEPTED_KINDS for e in k.extensions)}),
        error_messages={
            "empty": EMPTY,
            "invalid": "Select a file",
            "missing": "Select a file",
            "max_length": "The name of the selected file must be 255 characters or fewer",
        },
    )
    link = forms.URLField(
        label="Or a link to it (optional)",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="For example, where it is published on the Home Office or a charity's website.",
        error_messages={
            "invalid": "Enter the link in the correct format, like https://www.gov.uk/",
            "max_length": "The link must be 500 characters or fewer",
        },
    )
    languages = forms.CharField(
        label="Languages (optional)",
        required=False,
        max_length=300,
        help_text="Separate them with commas, for example: English, Polish, Romanian.",
        error_messages={"max_length": "The languages must be 300 characters or fewer"},
    )
    review_date = GovukDateField(
        label="Review date (optional)", required=False, help_text="When it should be checked it is still right."
    )
    is_current = forms.BooleanField(
        label="Current: show it in the library",
        required=False,
        help_text="Untick it when the material should no longer be handed out.",
    )

    def __init__(
        self,
        *args: Any,
        partnerships: QuerySet[Partnership] | None = None,
        material: AwarenessMaterial | None = None,
        previous: AwarenessMaterial | None = None,
        **kwargs: Any,
    ) -> None:
        shown = material or previous
        if shown is not None:
            names = ["title", "kind", "link", "languages"]
            if material is not None:
                names += ["edition", "review_date", "is_current"]
            kwargs.setdefault("initial", {name: getattr(shown, name) for name in names} | {"version": shown.version})
        super().__init__(*args, **kwargs)
        self.material = material
        self.previous = previous
        self.file_kind: documents.DocumentKind | None = None
        self.fields["file"].help_text = f"A PDF, DOCX, JPG or PNG, smaller than {self.max_size()}."
        if material is not None:
            del self.fields["file"]
            self.fields["link"].label = "Link (optional)"
        else:
            del self.fields["is_current"]
        if shown is None:
            del self.fields["version"]
        if previous is not None:
            self.fields["edition"].label = "Version of the new file"
            self.fields["edition"].required = True
            self.fields["edition"].error_messages["required"] = "Enter the version of the new file"
            self.fields["edition"].help_text = (
                f"The version it replaces is {previous.edition}." if previous.edition else "For example 2.0."
            )
        self._set_up_partnership(partnerships, shown.partnership if shown else None)

    @staticmethod
    def max_size() -> str:
        return f"{settings.DOCUMENT_MAX_BYTES // (1024 * 1024)}MB"

    def clean_file(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("file")
        if not upload:
            return None
        if not upload.size:
            raise forms.ValidationError(EMPTY, code="empty")
        if upload.size > settings.DOCUMENT_MAX_BYTES:
            raise forms.ValidationError(f"The selected file must be smaller than {self.max_size()}", code="too_large")
        kind = documents.identify(upload)
        if kind not in ACCEPTED_KINDS:
            raise forms.ValidationError(WRONG_TYPE, code="wrong_type")
        self.file_kind = kind
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        has_file = bool(cleaned.get("file")) or bool(self.material is not None and self.material.file)
        if not has_file and not cleaned.get("link") and "file" not in self.errors and "link" not in self.errors:
            if "file" in self.fields:
                self.add_error("file", "Select a file, or enter a link to the material")
            else:
                self.add_error("link", "Enter a link to the material")
        edition = (cleaned.get("edition") or "").strip()
        if self.previous is not None and edition and edition == self.previous.edition:
            self.add_error("edition", f"Enter a version different from the one it replaces ({edition})")
        return cleaned

    def changes(self) -> dict[str, Any]:
        return {k: v for k, v in super().changes().items() if k != "file"}
