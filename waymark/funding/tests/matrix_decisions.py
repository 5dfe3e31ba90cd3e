"""Who may use the sign-off, decision and publication pages (rows for test_permission_matrix), and
builders that take tests/factories' report through the flow by the services (no codes: those are
checked by the views, and tested there).

With funding_for_testford: Greta (grants officer) sends and decides publication, and reads every
page; Carol (coordinator) reads the report but signs nothing (403); the signers (chief executive,
chief finance officer, commissioner) are not personas, so every persona gets 403 or 404 on their
pages; Brightway's caseworker and everyone else outside the office side get 404.
"""

from __future__ import annotations

from django.utils import timezone

from waymark.core.tests.matrix import everyone

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


# Builders (for tests too)


def sent(funding, personas):
    from waymark.funding import services_decisions

    report = funding.report
    report.created_by = personas["grants_officer"]
    report.save(update_fields=["created_by"])
    return services_decisions.send_for_sign_off(report=report, by=personas["grants_officer"])


def approved(funding, personas, people):
    from waymark.funding import services_decisions
    from waymark.funding.decision_flow import Officer

    report = sent(funding, personas)
    for officer, user in (
        (Officer.MONITORING_OFFICER, people.chief_executive),
        (Officer.CHIEF_FINANCE_OFFICER, people.chief_finance_officer),
    ):
        services_decisions.officer_sign_off(
            report=report,
            officer=officer,
            approve=True,
            comments="",
            version=report.version,
            by=user,
            two_factor_checked_at=timezone.now(),
        )
    report.refresh_from_db()
    return report


def decided(funding, personas, people, *, agree=True, reasons=""):
    from waymark.funding import services_decisions

    report = approved(funding, personas, people)
    services_decisions.decide(
        report=report,
        agree=agree,
        reasons=reasons,
        capacity="Commissioner",
        version=report.version,
        by=people.commissioner,
        two_factor_checked_at=timezone.now(),
    )
    report.refresh_from_db()
    return report


def add_appendix(report, title="Costed delivery plan", content=PDF_BYTES, name="plan.pdf"):
    """An appendix with a document, stored as helper B's upload stores it."""
    from django.core.files.base import ContentFile

    from waymark.funding.models import Appendix

    appendix = Appendix(report=report, title=title, document_name=name)
    appendix.document.save(name, ContentFile(content), save=False)
    appendix.save()
    return appendix


def publication(report, personas, *, redacted_sections=(), appendices=(), publish=True, reason=""):
    """appendices: (appendix, publication, reason, redacted upload or None)."""
    from waymark.cases import documents
    from waymark.funding import services_decisions

    choices = [
        services_decisions.AppendixChoice(
            appendix=appendix,
            publication=choice,
            reason=why,
            redacted_upload=upload,
            redacted_kind=documents.identify(upload) if upload is not None else None,
        )
        for appendix, choice, why, upload in appendices
    ]
    needed = services_decisions.redaction_needed(list(redacted_sections), choices)
    report = services_decisions.decide_publication(
        report=report,
        publish=publish,
        reason_not_published=reason,
        redacted_sections=list(redacted_sections),
        redaction_details="Names of the provider's staff." if needed else "",
        appendices=choices,
        by=personas["grants_officer"],
    )
    report.refresh_from_db()
    return report


def redaction_signed_off(report, people):
    from waymark.funding import services_decisions

    services_decisions.sign_off_redaction(
        report=report, version=report.version, by=people.chief_executive, two_factor_checked_at=timezone.now()
    )
    report.refresh_from_db()
    return report


def private_media():
    """Documents go to a temporary folder for the rest of the run (matrix rows have no fixtures)."""
    import atexit
    import shutil
    import tempfile

    from django.test import override_settings

    folder = tempfile.mkdtemp(prefix="waymark-matrix-decisions-")
    atexit.register(shutil.rmtree, folder, True)
    override_settings(PRIVATE_MEDIA_ROOT=folder).enable()


# Rows


def _world(world, personas):
    from waymark.funding.tests.factories import funding_for_testford, signers

    return funding_for_testford(world, personas), signers(world)


def _draft(world, personas):
    funding, _ = _world(world, personas)
    return {"pk": funding.report.pk}


def _sent(world, personas):
    funding, _ = _world(world, personas)
    return {"pk": sent(funding, personas).pk}


def _approved(world, personas):
    funding, people = _world(world, personas)
    return {"pk": approved(funding, personas, people).pk}


def _decided(world, personas):
    funding, people = _world(world, personas)
    return {"pk": decided(funding, personas, people).pk}


def _redaction_pending(world, personas):
    funding, people = _world(world, personas)
    report = publication(decided(funding, personas, people), personas, redacted_sections=["legal_implications"])
    return {"pk": report.pk}


def _appendix_for_publication(world, personas):
    from waymark.funding.models import AppendixPublication

    private_media()
    funding, people = _world(world, personas)
    report = decided(funding, personas, people)
    appendix = add_appendix(report)
    publication(report, personas, appendices=[(appendix, AppendixPublication.PUBLISH, "", None)])
    return {"pk": appendix.pk}


def _office_reads(status_for_manager: int = 200) -> dict[str, int]:
    """Greta at status_for_manager, Carol reads (200); the rest do not find it."""
    return {**everyone(404), "grants_officer": status_for_manager, "coordinator": 200}


def _managers_only() -> dict[str, int]:
    return {**everyone(404), "grants_officer": 200, "coordinator": 403}


def _signers_only() -> dict[str, int]:
    return {**everyone(404), "grants_officer": 403, "coordinator": 403}


EXPECTATIONS = {
    "funding:decision-send": ("get", _draft, _managers_only()),
    "funding:decision-approve": ("get", _sent, _signers_only()),
    "funding:decision-decide": ("get", _approved, _signers_only()),
    "funding:decision-publication": ("get", _decided, _managers_only()),
    "funding:decision-redaction": ("get", _redaction_pending, _signers_only()),
    "funding:decision-public-pdf": ("get", _redaction_pending, _office_reads()),
    "funding:decision-appendix-preview": ("get", _appendix_for_publication, _office_reads()),
}
