"""Who may use the notes and documents pages (rows for test_permission_matrix). Sensitivity, uploads
and posts are checked in test_notes.py and test_documents.py.

The case is a child's, referred and led by Testford Council: its users and the coordinator see it
and its notes and documents; everyone else gets 404, so neither the case nor they are disclosed.
"""

import atexit
import shutil
import tempfile

from django.core.files.base import ContentFile
from django.test import override_settings

from waymark.cases import documents, services_notes
from waymark.cases.tests.factories import open_child_case
from waymark.cases.tests.matrix_sharing import those_who_see_the_case

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
_FILES = tempfile.mkdtemp(prefix="waymark-matrix-documents-")
atexit.register(shutil.rmtree, _FILES, True)


def _case(world, personas):
    case = open_child_case(world, personas["council_caseworker"])
    type(case).objects.filter(pk=case.pk).update(lead_organisation=world.council, status="open")
    return case


def _case_pk(world, personas):
    return {"pk": _case(world, personas).pk}


def _note(world, personas):
    note = services_notes.add_note(
        case=_case(world, personas), text="Met her at the drop-in.", sensitive=False, by=personas["council_caseworker"]
    )
    return {"pk": note.pk}


def _document(world, personas):
    # Files go to a temporary folder, not the real private one. The override is undone when the
    # test's own settings fixture (conftest._test_settings) restores the settings it started from.
    override_settings(PRIVATE_MEDIA_ROOT=_FILES).enable()
    upload = ContentFile(PDF_BYTES, name="letter.pdf")
    document = services_notes.add_document(
        case=_case(world, personas),
        upload=upload,
        kind=documents.PDF,
        description="Letter",
        sensitive=False,
        by=personas["council_caseworker"],
    )
    return {"pk": document.pk}


EXPECTATIONS = {
    "cases:note-list": ("get", _case_pk, those_who_see_the_case()),
    "cases:note-add": ("get", _case_pk, those_who_see_the_case()),
    "cases:note-detail": ("get", _note, those_who_see_the_case()),
    "cases:document-add": ("get", _case_pk, those_who_see_the_case()),
    "cases:document-download": ("get", _document, those_who_see_the_case()),
}
