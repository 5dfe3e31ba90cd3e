"""Who may use the performance returns pages (rows for test_permission_matrix).

Built on tests/factories.funding_for_testford: Brightway (Charlie) receives the grant and submits its
returns; Carol (coordinator) reads Testford's funding and is the grant's scrutineer; Greta (grants
officer) manages it and reviews for the commissioner's office. The others have no standing: the list
is refused (403), a return is "not found" (404). The outsider coordinates Otherton, so sees an (empty)
list of Otherton's returns.
"""

from waymark.core.tests.matrix import everyone

SEES_THE_GRANT = {**everyone(404), "coordinator": 200, "grants_officer": 200, "charity_caseworker": 200}
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _no_kwargs(world, personas):
    from waymark.funding.tests.factories import funding_for_testford

    funding_for_testford(world, personas)
    return {}


def _first_return(world, personas):
    from waymark.funding.tests.factories import funding_for_testford

    return funding_for_testford(world, personas).first_return


def _not_submitted(world, personas):
    return {"pk": _first_return(world, personas).pk}


def _submitted(world, personas, evidence=None):
    from waymark.cases import documents
    from waymark.funding import services_returns

    performance_return = _first_return(world, personas)
    submitted = services_returns.submit_return(
        performance_return=performance_return,
        version=performance_return.version,
        values={m.pk: 12 for m in performance_return.grant.measures.all()},
        narrative="Twelve referrals, most from the police.",
        evidence=evidence,
        evidence_kind=None if evidence is None else documents.PDF,
        by=personas["charity_caseworker"],
    )
    return {"pk": submitted.pk}


def _with_evidence(world, personas):
    import atexit
    import shutil
    import tempfile

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import override_settings

    folder = tempfile.mkdtemp(prefix="waymark-matrix-returns-")
    atexit.register(shutil.rmtree, folder, True)
    override_settings(PRIVATE_MEDIA_ROOT=folder).enable()
    return _submitted(world, personas, SimpleUploadedFile("case study.pdf", PDF))


EXPECTATIONS = {
    "funding:return-list": (
        "get",
        _no_kwargs,
        {**everyone(403), "coordinator": 200, "grants_officer": 200, "charity_caseworker": 200, "outsider": 200},
    ),
    "funding:return-detail": ("get", _not_submitted, SEES_THE_GRANT),
    # The recipient submits; a grants officer may on its behalf; the scrutineer only reads.
    "funding:return-submit": ("get", _not_submitted, {**SEES_THE_GRANT, "coordinator": 403}),
    # The scrutineer and the commissioner's office review; the recipient only reads.
    "funding:return-review": ("get", _submitted, {**SEES_THE_GRANT, "charity_caseworker": 403}),
    "funding:return-evidence": ("get", _with_evidence, SEES_THE_GRANT),
}
