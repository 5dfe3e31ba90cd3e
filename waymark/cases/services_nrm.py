"""Recording a case's NRM referral: each change checks the version the user started from, bumps it,
and writes the audit trail and the case timeline."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction

from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.partners.models import Organisation

from . import nrm_rules, timeline
from .models import Case, EventKind, NRMReferral, Reconsideration

if TYPE_CHECKING:
    from waymark.accounts.models import User


DECISION_NAMES = {"rg": "reasonable grounds", "cg": "conclusive grounds"}


class StaleNRMRecord(Exception):
    """Someone else saved the NRM record after this user opened their form."""


def _json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Organisation):
        return value.name
    return value


def _change(*, case: Case, by: User, expected_version: int, fields: dict[str, Any], summary: str) -> NRMReferral:
    """Apply `fields` to the case's NRM record (created on first use) if nobody has changed it since
    `expected_version`; version 0 means "no record yet"."""
    nrm = NRMReferral.objects.filter(case=case).first()
    if nrm is None:
        if expected_version != 0:
            raise StaleNRMRecord
        try:
            with transaction.atomic():  # a savepoint: a concurrent first save loses cleanly
                nrm = NRMReferral.objects.create(case=case, version=1, **fields)
        except IntegrityError as error:
            raise StaleNRMRecord from error
        action = AuditAction.CREATE
    else:
        # The conditional update is the check: of two saves from the same version, one wins.
        claimed = NRMReferral.objects.filter(pk=nrm.pk, version=expected_version).update(version=expected_version + 1)
        if not claimed:
            raise StaleNRMRecord
        for name, value in fields.items():
            setattr(nrm, name, value)
        nrm.version = expected_version + 1
        nrm.save()
        action = AuditAction.UPDATE
    detail = {name: _json(value) for name, value in fields.items()}
    audit.record(action=action, user=by, obj=nrm, detail=detail)
    timeline.record(case, EventKind.NRM, summary, by=by, **detail)
    return nrm


@transaction.atomic
def record_referral(
    *,
    case: Case,
    by: User,
    expected_version: int,
    referred_on: date,
    first_responder_organisation: Organisation,
    competent_authority: str,
    home_office_reference: str,
) -> NRMReferral:
    return _change(
        case=case,
        by=by,
        expected_version=expected_version,
        fields={
            "referred_on": referred_on,
            "first_responder_organisation": first_responder_organisation,
            "competent_authority": competent_authority,
            "home_office_reference": home_office_reference,
        },
        summary=f"NRM referral by {first_responder_organisation} on {nrm_rules.long_date(referred_on)} recorded",
    )


@transaction.atomic
def record_rg_decision(
    *, case: Case, by: User, expected_version: int, rg_decision_on: date, rg_outcome: str
) -> NRMReferral:
    return _change(
        case=case,
        by=by,
        expected_version=expected_version,
        fields={"rg_decision_on": rg_decision_on, "rg_outcome": rg_outcome},
        summary=f"{rg_outcome.capitalize()} reasonable grounds decision of {nrm_rules.long_date(rg_decision_on)} recorded",
    )


@transaction.atomic
def record_cg_decision(
    *, case: Case, by: User, expected_version: int, cg_decision_on: date, cg_outcome: str
) -> NRMReferral:
    return _change(
        case=case,
        by=by,
        expected_version=expected_version,
        fields={"cg_decision_on": cg_decision_on, "cg_outcome": cg_outcome},
        summary=f"Conclusive grounds decision of {nrm_rules.long_date(cg_decision_on)} recorded",
    )


@transaction.atomic
def record_duty_to_notify(*, case: Case, by: User, expected_version: int, duty_to_notify_sent_on: date) -> NRMReferral:
    return _change(
        case=case,
        by=by,
        expected_version=expected_version,
        fields={"duty_to_notify_sent_on": duty_to_notify_sent_on},
        summary=f"Duty to Notify sent on {nrm_rules.long_date(duty_to_notify_sent_on)} recorded",
    )


@transaction.atomic
def record_support_referrals(
    *,
    case: Case,
    by: User,
    expected_version: int,
    victim_care_contract_referred_on: date | None,
    accommodation_referred_on: date | None,
    ictg_referred_on: date | None,
) -> NRMReferral:
    return _change(
        case=case,
        by=by,
        expected_version=expected_version,
        fields={
            "victim_care_contract_referred_on": victim_care_contract_referred_on,
            "accommodation_referred_on": accommodation_referred_on,
            "ictg_referred_on": ictg_referred_on,
        },
        summary="Support referrals recorded",
    )


@transaction.atomic
def request_reconsideration(
    *,
    case: Case,
    by: User,
    expected_version: int,
    decision: str,
    requested_on: date,
    requested_by: Organisation,
    reason: str,
) -> Reconsideration:
    nrm = _change(
        case=case,
        by=by,
        expected_version=expected_version,
        fields={},
        summary=f"{requested_by} asked for the {DECISION_NAMES[decision]} decision to be reconsidered",
    )
    reconsideration = Reconsideration.objects.create(
        nrm=nrm, decision=decision, requested_on=requested_on, requested_by=requested_by, reason=reason
    )
    audit.record(action=AuditAction.CREATE, user=by, obj=reconsideration, detail={"decision": decision})
    return reconsideration


@transaction.atomic
def record_reconsideration_result(
    *, reconsideration: Reconsideration, by: User, expected_version: int, decided_on: date, upheld: bool
) -> Reconsideration:
    result = "the original decision stands" if upheld else "the decision was changed"
    _change(
        case=reconsideration.nrm.case,
        by=by,
        expected_version=expected_version,
        fields={},
        summary=f"Reconsideration of the {reconsideration.get_decision_display().lower()} decision: {result}",
    )
    reconsideration.decided_on = decided_on
    reconsideration.upheld = upheld
    reconsideration.save(update_fields=["decided_on", "upheld"])
    audit.record(
        action=AuditAction.UPDATE,
        user=by,
        obj=reconsideration,
        detail={"decided_on": decided_on.isoformat(), "upheld": upheld},
    )
    return reconsideration
