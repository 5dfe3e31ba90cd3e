"""Checking a document uploaded through a form: one set of GOV.UK messages for every upload field.

The kind is judged by content (waymark.cases.documents.identify), never by the file's name.
"""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from waymark.cases import documents

EMPTY = "The selected file is empty"


def size_limit() -> str:
    return f"{settings.DOCUMENT_MAX_BYTES // (1024 * 1024)}MB"


def names(kinds: Sequence[documents.DocumentKind]) -> str:
    """'PDF, DOC or DOCX'."""
    spoken = [kind.name for kind in kinds]
    return spoken[0] if len(spoken) == 1 else ", ".join(spoken[:-1]) + f" or {spoken[-1]}"


def wrong_type(kinds: Sequence[documents.DocumentKind]) -> str:
    return f"The selected file must be a {names(kinds)}"


def hint(kinds: Sequence[documents.DocumentKind]) -> str:
    return f"A {names(kinds)}, smaller than {size_limit()}."


def accept(kinds: Sequence[documents.DocumentKind]) -> str:
    """The file input's accept attribute: a hint to the browser, not a check."""
    return ",".join(extension for kind in kinds for extension in kind.extensions)


def check(upload: UploadedFile, kinds: Sequence[documents.DocumentKind]) -> documents.DocumentKind:
    """The upload's kind, or a ValidationError saying what is wrong: empty, too large, or not one of `kinds`."""
    if not upload.size:
        raise forms.ValidationError(EMPTY, code="empty")
    if upload.size > settings.DOCUMENT_MAX_BYTES:
        raise forms.ValidationError(f"The selected file must be smaller than {size_limit()}", code="too_large")
    kind = documents.identify(upload)
    if kind is None or kind not in kinds:
        raise forms.ValidationError(wrong_type(kinds), code="wrong_type")
    return kind
