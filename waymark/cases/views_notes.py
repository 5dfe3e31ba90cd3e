"""Notes and documents on a case, with sensitivity and access-checked downloads.

Anyone who can see a case may add notes and documents and see the ones that are not sensitive; a
sensitive one is seen only by its author's organisation, and to everyone else it does not exist
(404). Documents are served only by `document_download`, never from a public URL.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from waymark.core import audit
from waymark.core.models import AuditAction

from . import access, documents, services_notes
from .forms_notes import DocumentForm, NoteForm
from .holdings import holds
from .models import Case, CaseDocument

PANEL_ITEMS = 5


def case_panel(request: HttpRequest, case: Case) -> dict[str, Any]:
    """What this part of the case page needs (templates/cases/_panel_notes.html): the latest few notes
    and documents the user may see, in two queries whatever their number."""
    user: Any = request.user
    notes = list(services_notes.visible_notes(user, case)[: PANEL_ITEMS + 1]) if holds(case, "notes") else []
    case_documents = (
        _with_kind_names(list(services_notes.visible_documents(user, case)[: PANEL_ITEMS + 1]))
        if holds(case, "documents")
        else []
    )
    return {
        "case_notes": notes[:PANEL_ITEMS],
        "case_notes_more": len(notes) > PANEL_ITEMS,
        "case_documents": case_documents[:PANEL_ITEMS],
        "case_documents_more": len(case_documents) > PANEL_ITEMS,
    }


def _with_kind_names(case_documents: list[CaseDocument]) -> list[CaseDocument]:
    """Each document with the name of its type as people say it ("PDF", "DOCX") as `kind_name`."""
    for document in case_documents:
        kind = documents.kind_for_content_type(document.content_type)
        document.kind_name = kind.name if kind else document.content_type  # type: ignore[attr-defined]
    return case_documents


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _case_to_add_to(request: HttpRequest, pk: int) -> Case:
    user: Any = request.user
    case = access.get_case_for_user(user, pk)
    if user.organisation_id is None:
        # A note or document belongs to an organisation; someone without one cannot add them.
        raise PermissionDenied
    return case


def note_list(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    case = access.get_case_for_user(user, pk)
    notes = list(services_notes.visible_notes(user, case))
    case_documents = _with_kind_names(list(services_notes.visible_documents(user, case)))
    audit.record_many_viewed(request, notes, object_type="cases.CaseNote")
    audit.record_many_viewed(request, case_documents, object_type="cases.CaseDocument")
    return render(
        request,
        "cases/notes/note_list.html",
        {
            "case": case,
            "case_notes": notes,
            "case_documents": case_documents,
        },
    )


def note_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    note = services_notes.get_note_for_user(user, pk)
    audit.record(action=AuditAction.VIEW, request=request, obj=note, object_repr=f"Note on {note.case.reference}")
    return render(request, "cases/notes/note_detail.html", {"case": note.case, "note": note})


def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    case = _case_to_add_to(request, pk)
    form = NoteForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        note = services_notes.add_note(
            case=case, text=form.cleaned_data["text"], sensitive=form.cleaned_data["sensitive"], by=user
        )
        messages.success(request, "Sensitive note added" if note.sensitive else "Note added")
        return redirect("cases:case-detail", pk=case.pk)
    context = {
        "case": case,
        "form": form,
        "title": "Add a note",
        "intro": "Everyone who can see this case will see the note, unless you mark it as sensitive.",
        "button": "Add the note",
    }
    return render(request, "cases/notes/form.html", context, status=400 if form.is_bound else 200)


def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    case = _case_to_add_to(request, pk)
    form = DocumentForm(_posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        assert form.kind is not None  # set by a valid form
        document = services_notes.add_document(
            case=case,
            upload=form.cleaned_data["file"],
            kind=form.kind,
            description=form.cleaned_data["description"],
            sensitive=form.cleaned_data["sensitive"],
            by=user,
        )
        messages.success(request, f"{document.original_name} uploaded")
        return redirect("cases:case-detail", pk=case.pk)
    context = {
        "case": case,
        "form": form,
        "title": "Upload a document",
        "intro": "Everyone who can see this case will see the document, unless you mark it as sensitive.",
        "button": "Upload the document",
        "multipart": True,
    }
    return render(request, "cases/notes/form.html", context, status=400 if form.is_bound else 200)


def document_download(request: HttpRequest, pk: int) -> FileResponse:
    user: Any = request.user
    document = services_notes.get_document_for_user(user, pk)
    try:
        stored = services_notes.open_document(document)
    except FileNotFoundError:
        raise Http404("The file is no longer held") from None
    services_notes.record_download(document, request)
    kind = documents.kind_for_content_type(document.content_type)
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=documents.download_name(document.original_name, kind),
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
