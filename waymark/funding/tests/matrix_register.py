"""Who may use the public register of published decisions (rows for test_permission_matrix): everyone,
signed in or not, sees what is published; the rest is not found (test_register)."""

from __future__ import annotations

from waymark.core.tests.matrix import everyone


def _published(world, personas):
    from waymark.funding.models import AppendixPublication
    from waymark.funding.tests.factories import funding_for_testford, signers
    from waymark.funding.tests.matrix_decisions import (
        add_appendix,
        decided,
        private_media,
        publication,
        redaction_signed_off,
    )

    private_media()
    funding, people = funding_for_testford(world, personas), signers(world)
    report = decided(funding, personas, people)
    appendix = add_appendix(report)
    report = publication(
        report,
        personas,
        redacted_sections=["legal_implications"],
        appendices=[(appendix, AppendixPublication.PUBLISH, "", None)],
    )
    report = redaction_signed_off(report, people)
    return report, appendix


def _no_kwargs(world, personas):
    return {}


def _report(world, personas):
    return {"pk": _published(world, personas)[0].pk}


def _appendix(world, personas):
    return {"pk": _published(world, personas)[1].pk}


EXPECTATIONS = {
    "funding:register-list": ("get", _no_kwargs, everyone(200, anonymous=200)),
    "funding:register-detail": ("get", _report, everyone(200, anonymous=200)),
    "funding:register-pdf": ("get", _report, everyone(200, anonymous=200)),
    "funding:register-appendix": ("get", _appendix, everyone(200, anonymous=200)),
}
