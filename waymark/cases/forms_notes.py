"""The questions asked when adding a note or a document to a case."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from . import documents

NOTE_MAX_LENGTH = 10_000
WRONG_TYPE = "The selected file must be a PDF, DOC, DOCX, JPG or PNG"
EMPTY = "The selected file is empty"


def max_size() -> str:
    return f"{settings.DOCUMENT_MAX_BYTES // (1024 * 1024)}MB"


def too_large_message() -> str:
    return f"The selected file must be smaller than {max_size()}"


def _sensitive(noun: str) -> forms.BooleanField:
    return forms.BooleanField(
        label=f"This {noun} is sensitive",
        help_text=f"Only people in your organisation will see the {noun}, or know it exists.",
        required=False,
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=NOTE_MAX_LENGTH,
        error_messages={
            "required": "Enter the note",
            "max_length": f"The note must be {NOTE_MAX_LENGTH:,} characters or fewer",
        },
    )
    sensitive = _sensitive("note")


class DocumentForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        help_text="A PDF, DOC, DOCX, JPG or PNG, smaller than 25MB.",
        max_length=255,
        allow_empty_file=False,
        widget=forms.FileInput(attrs={"accept": documents.ACCEPT}),
        error_messages={
            "required": "Select a file",
            "empty": EMPTY,
            "invalid": "Select a file",
            "missing": "Select a file",
            "max_length": "The name of the selected file must be 255 characters or fewer",
        },
    )
    description = forms.CharField(
        label="Describe the document (optional)",
        help_text="For example: tenancy agreement, photo of the room.",
        required=False,
        max_length=300,
        error_messages={"max_length": "The description must be 300 characters or fewer"},
    )
    sensitive = _sensitive("document")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"A PDF, DOC, DOCX, JPG or PNG, smaller than {max_size()}."
        self.kind: documents.DocumentKind | None = None

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if not upload.size:
            raise forms.ValidationError(EMPTY, code="empty")
        if upload.size > settings.DOCUMENT_MAX_BYTES:
            raise forms.ValidationError(too_large_message(), code="too_large")
        kind = documents.identify(upload)
        if kind is None:
            raise forms.ValidationError(WRONG_TYPE, code="wrong_type")
        self.kind = kind
        return upload
