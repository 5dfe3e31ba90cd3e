"""Notes and documents on a case: who sees which, adding them, and where document files live.

Each addition writes an audit entry (never the note's text or the file's name, which may name
people, because the audit trail can never be edited) and, unless it is sensitive, a line on the
case's timeline. A sensitive note or document is seen only by its author's organisation, and others
must not learn it exists; the timeline is shown to everyone who sees the case, so a sensitive
addition leaves its trace in the audit trail only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404

from waymark.core import audit
from waymark.core.models import AuditAction

from . import access, documents, timeline
from .models import Case, CaseDocument, CaseNote, EventKind, _private_storage

if TYPE_CHECKING:
    from waymark.accounts.models import User


def private_storage() -> FileSystemStorage:
    """Where document files live, outside the web root. Built at each use, so it follows
    settings.PRIVATE_MEDIA_ROOT even when a test changes it (the model field's storage is fixed when
    the model is imported)."""
    return _private_storage()


def _visible_q(user: User) -> Q:
    """Not sensitive, or sensitive and from the user's own organisation."""
    organisation_id = getattr(user, "organisation_id", None)
    if organisation_id is None:
        return Q(sensitive=False)
    return Q(sensitive=False) | Q(organisation_id=organisation_id)


def _may_see(user: User, item: CaseNote | CaseDocument) -> bool:
    """The same rule as _visible_q, for one note or document already loaded."""
    return not item.sensitive or item.organisation_id == getattr(user, "organisation_id", None)


def visible_notes(user: User, case: Case) -> QuerySet[CaseNote]:
    return case.notes.filter(_visible_q(user)).select_related("author", "organisation")


def visible_documents(user: User, case: Case) -> QuerySet[CaseDocument]:
    return case.documents.filter(_visible_q(user)).select_related("uploaded_by", "organisation")


def get_note_for_user(user: User, pk: int) -> CaseNote:
    """A note the user may see, or 404: whether the case is out of reach or the note is sensitive."""
    note = CaseNote.objects.filter(pk=pk).select_related("author", "organisation").first()
    if note is None:
        raise Http404("No such note")
    note.case = access.get_case_for_user(user, note.case_id)
    if not _may_see(user, note):
        raise Http404("No such note")
    return note


def get_document_for_user(user: User, pk: int) -> CaseDocument:
    document = CaseDocument.objects.filter(pk=pk).select_related("uploaded_by", "organisation").first()
    if document is None:
        raise Http404("No such document")
    document.case = access.get_case_for_user(user, document.case_id)
    if not _may_see(user, document):
        raise Http404("No such document")
    return document


def _organisation_id(user: User) -> int:
    """Notes and documents belong to an organisation: someone without one cannot add them."""
    if user.organisation_id is None:
        raise ValueError("Only someone in an organisation may add notes and documents")
    return user.organisation_id


@transaction.atomic
def add_note(*, case: Case, text: str, sensitive: bool, by: User) -> CaseNote:
    note = CaseNote.objects.create(
        case=case, author=by, organisation_id=_organisation_id(by), text=text, sensitive=sensitive
    )
    if not sensitive:
        timeline.record(case, EventKind.NOTE, "Note added", by=by, note=note.pk)
    audit.record(
        action=AuditAction.CREATE,
        user=by,
        obj=note,
        object_repr=f"Note on {case.reference}",
        detail={"case": case.pk, "sensitive": sensitive},
    )
    return note


def add_document(
    *,
    case: Case,
    upload: UploadedFile,
    kind: documents.DocumentKind,
    description: str,
    sensitive: bool,
    by: User,
) -> CaseDocument:
    """Store the file under a random name outside the web root, then record it. The file is written
    first and removed again if recording fails, so no row ever points at a missing file."""
    document = CaseDocument(
        case=case,
        uploaded_by=by,
        organisation_id=_organisation_id(by),
        original_name=documents.download_name(upload.name or "", None)[:255],
        content_type=kind.content_type,
        size=upload.size or 0,
        sha256=documents.sha256(upload),
        description=description,
        sensitive=sensitive,
    )
    storage = private_storage()
    field: Any = CaseDocument._meta.get_field("file")
    document.file.name = storage.save(field.generate_filename(document, upload.name), upload, max_length=200)
    try:
        with transaction.atomic():
            document.save()
            if not sensitive:
                timeline.record(case, EventKind.NOTE, f"Document added ({kind.name})", by=by, document=document.pk)
            audit.record(
                action=AuditAction.CREATE,
                user=by,
                obj=document,
                object_repr=f"Document on {case.reference}",
                detail={
                    "case": case.pk,
                    "content_type": kind.content_type,
                    "size": document.size,
                    "sha256": document.sha256,
                    "sensitive": sensitive,
                },
            )
    except BaseException:
        storage.delete(document.file.name)
        raise
    return document


def open_document(document: CaseDocument) -> Any:
    """The stored file, opened for reading. Raises FileNotFoundError if it has gone."""
    if not document.file.name:
        raise FileNotFoundError("The document has no stored file")
    return private_storage().open(document.file.name, "rb")


def record_download(document: CaseDocument, request: Any) -> None:
    audit.record(
        action=AuditAction.EXPORT,
        request=request,
        obj=document,
        object_repr=f"Document on {document.case.reference}",
        detail={"case": document.case_id, "sha256": document.sha256},
    )
