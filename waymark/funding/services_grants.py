"""Writes to grants, each with its audit event: adding and editing a grant (after the commissioner's
decision its amount, fund and recipient are settled), its cost lines, match funding, in-kind support
and measures; the steps grants officers take after approval (agreement signed, which sets up the
performance returns; active; closed, with any underspend given back to the fund); and renewing a
recurring grant into next year's fund.

A grant becomes approved or not approved only through the commissioner's decision (services of the
decision reports), never here."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction

from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.core.versioning import StaleRecord, apply_changes, locked_at_version

from . import services_funds, services_returns
from .models import (
    CostLine,
    Fund,
    Grant,
    GrantMeasure,
    GrantStatus,
    InKindContribution,
    MatchFunding,
    Recurrence,
)

if TYPE_CHECKING:
    from waymark.accounts.models import User

__all__ = ["StaleRecord", "StepRefused", "NoNextFund", "AlreadyRenewed"]

GRANT_FIELDS = (
    "fund",
    "recipient",
    "title",
    "purpose",
    "amount",
    "starts_on",
    "ends_on",
    "recurrence",
    "conditions",
    "reporting_frequency",
    "sustainability_plan",
    "no_liability_beyond_period",
    "scrutineer",
)
LOCKED_AFTER_DECISION = ("fund", "recipient", "amount")
SCHEDULE_FIELDS = ("starts_on", "ends_on", "reporting_frequency")  # what the returns' periods follow
LOCKED_MESSAGE = (
    "The amount, fund and recipient were settled by the commissioner's decision: a change needs a new decision report"
)
CLOSABLE = (GrantStatus.AGREEMENT_SIGNED, GrantStatus.ACTIVE)
RENEWABLE = (GrantStatus.ACTIVE, GrantStatus.CLOSED)


class StepRefused(Exception):
    """The grant is not at a status where this can be done; the message says why, for the user."""


class NoNextFund(Exception):
    """A renewal needs next year's fund of the same name, and there is none."""

    def __init__(self, fund: Fund) -> None:
        super().__init__(f"{fund.name} has no fund for the next financial year")
        self.fund = fund


class AlreadyRenewed(Exception):
    def __init__(self, existing: Grant) -> None:
        super().__init__(f"{existing} is already in next year's fund")
        self.existing = existing


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(GRANT_FIELDS)
    if unknown:
        raise TypeError(f"Not grant fields: {sorted(unknown)}")


def _save(obj: Any, by: User) -> None:
    obj._history_user = by
    obj.save()


@transaction.atomic
def add_grant(*, by: User, **fields: Any) -> Grant:
    """A new grant, proposed: it is committed only once the commissioner approves it."""
    _check_fields(fields)
    grant = Grant(status=GrantStatus.PROPOSED, created_by=by, **fields)
    _save(grant, by)
    audit.record(
        action=AuditAction.CREATE, user=by, obj=grant, detail={"fund": grant.fund_id, "amount": str(grant.amount)}
    )
    return grant


@transaction.atomic
def update_grant(*, grant: Grant, version: int, by: User, **fields: Any) -> Grant:
    _check_fields(fields)
    fresh: Grant = locked_at_version(Grant, grant.pk, version)
    settled = fresh.status != GrantStatus.PROPOSED
    if settled and any(name in fields and getattr(fresh, name) != fields[name] for name in LOCKED_AFTER_DECISION):
        raise StepRefused(LOCKED_MESSAGE)
    changed = apply_changes(fresh, fields)
    fresh.version += 1
    _save(fresh, by)
    audit.record(action=AuditAction.UPDATE, user=by, obj=fresh, detail={"changed": changed})
    if fresh.status in CLOSABLE and set(changed) & set(SCHEDULE_FIELDS):
        services_returns.ensure_schedule(fresh)
    return fresh


# Cost lines, match funding, in-kind support


def _add_part(part: Any, *, by: User, detail: dict[str, Any]) -> Any:
    _save(part, by)
    audit.record(action=AuditAction.CREATE, user=by, obj=part, detail={"grant": part.grant_id, **detail})
    return part


def _remove_part(part: Any, *, by: User) -> None:
    audit.record(action=AuditAction.DELETE, user=by, obj=part, detail={"grant": part.grant_id})
    part._history_user = by
    part.delete()


@transaction.atomic
def add_cost_line(*, grant: Grant, by: User, description: str, amount: Decimal, note: str = "") -> CostLine:
    line = CostLine(grant=grant, description=description, amount=amount, note=note)
    return _add_part(line, by=by, detail={"amount": str(amount)})  # type: ignore[no-any-return]


@transaction.atomic
def remove_cost_line(*, line: CostLine, by: User) -> None:
    _remove_part(line, by=by)


@transaction.atomic
def add_match_funding(*, grant: Grant, by: User, source: str, amount: Decimal, confirmed: bool = False) -> MatchFunding:
    match = MatchFunding(grant=grant, source=source, amount=amount, confirmed=confirmed)
    return _add_part(match, by=by, detail={"amount": str(amount), "confirmed": confirmed})  # type: ignore[no-any-return]


@transaction.atomic
def remove_match_funding(*, match: MatchFunding, by: User) -> None:
    _remove_part(match, by=by)


@transaction.atomic
def add_in_kind(
    *, grant: Grant, by: User, provider: str, description: str, estimated_value: Decimal | None = None
) -> InKindContribution:
    given = InKindContribution(grant=grant, provider=provider, description=description, estimated_value=estimated_value)
    return _add_part(given, by=by, detail={"valued": estimated_value is not None})  # type: ignore[no-any-return]


@transaction.atomic
def remove_in_kind(*, given: InKindContribution, by: User) -> None:
    _remove_part(given, by=by)


@transaction.atomic
def set_measures(*, grant: Grant, measures: list[tuple[str, int | None]], by: User) -> list[GrantMeasure]:
    """Keep exactly these measures, in this order, with these targets. A measure that returns have
    reported cannot be dropped (the form says so first; the database refuses too)."""
    current = {measure.name: measure for measure in grant.measures.all()}
    wanted = [name for name, _ in measures]
    dropped = [measure for name, measure in current.items() if name not in wanted]
    for measure in dropped:
        measure._history_user = by  # type: ignore[attr-defined]
        measure.delete()
    kept = []
    for position, (name, target) in enumerate(measures, start=1):
        measure = current.get(name) or GrantMeasure(grant=grant, name=name)
        if measure.pk is None or measure.target != target or measure.position != position:
            measure.target, measure.position = target, position
            _save(measure, by)
        kept.append(measure)
    audit.record(
        action=AuditAction.UPDATE,
        user=by,
        obj=grant,
        detail={"measures": wanted, "removed": [measure.name for measure in dropped]},
    )
    return kept


# The steps after the commissioner's approval


def _at_status(grant: Grant, version: int, allowed: tuple[str, ...], refusal: str) -> Grant:
    fresh: Grant = locked_at_version(Grant, grant.pk, version)
    if fresh.status not in allowed:
        raise StepRefused(refusal.format(status=fresh.get_status_display().lower()))
    return fresh


def _moved(fresh: Grant, before: str, by: User, **detail: Any) -> Grant:
    fresh.version += 1
    _save(fresh, by)
    audit.record(action=AuditAction.UPDATE, user=by, obj=fresh, detail={"status": [before, fresh.status], **detail})
    return fresh


@transaction.atomic
def record_agreement_signed(*, grant: Grant, version: int, signed_on: date, by: User) -> Grant:
    """The recipient has signed the funding agreement: its performance returns are scheduled."""
    fresh = _at_status(
        grant,
        version,
        (GrantStatus.APPROVED,),
        "The agreement can be recorded only for an approved grant (it is {status})",
    )
    before = fresh.status
    fresh.status = GrantStatus.AGREEMENT_SIGNED
    fresh.agreement_signed_on = signed_on
    _moved(fresh, before, by, signed_on=signed_on.isoformat())
    services_returns.ensure_schedule(fresh)
    return fresh


@transaction.atomic
def mark_active(*, grant: Grant, version: int, by: User) -> Grant:
    fresh = _at_status(
        grant,
        version,
        (GrantStatus.AGREEMENT_SIGNED,),
        "A grant becomes active once its agreement is signed (it is {status})",
    )
    before = fresh.status
    fresh.status = GrantStatus.ACTIVE
    return _moved(fresh, before, by)


@transaction.atomic
def close_grant(*, grant: Grant, version: int, closed_on: date, underspend_returned: Decimal, by: User) -> Grant:
    """The grant's work is done. Any underspend returned goes back into the fund's remaining money."""
    fresh = _at_status(
        grant, version, CLOSABLE, "Only a grant whose agreement is signed can be closed (it is {status})"
    )
    if underspend_returned > fresh.amount:
        raise StepRefused(f"The underspend returned cannot be more than the grant, £{fresh.amount:,.2f}")
    before = fresh.status
    fresh.status = GrantStatus.CLOSED
    fresh.closed_on = closed_on
    fresh.underspend_returned = underspend_returned
    return _moved(fresh, before, by, closed_on=closed_on.isoformat(), underspend_returned=str(underspend_returned))


def _a_year_later(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def renewal_of(grant: Grant, next_fund: Fund) -> Grant | None:
    """The grant's renewal in next year's fund: the same title for the same recipient."""
    return Grant.objects.filter(fund=next_fund, recipient_id=grant.recipient_id, title__iexact=grant.title).first()


@transaction.atomic
def renew_grant(*, grant: Grant, by: User) -> Grant:
    """A proposed copy of a recurring grant in next year's fund of the same name, a year on, with
    its cost lines, measures, match funding (to be confirmed again) and in-kind support. It needs
    its own decision."""
    if grant.recurrence != Recurrence.RECURRING:
        raise StepRefused("Only a recurring grant can be renewed")
    if grant.status not in RENEWABLE:
        raise StepRefused(
            f"A grant can be renewed once it is active or closed (it is {grant.get_status_display().lower()})"
        )
    next_fund = services_funds.next_year_fund(grant.fund)
    if next_fund is None:
        raise NoNextFund(grant.fund)
    existing = renewal_of(grant, next_fund)
    if existing is not None:
        raise AlreadyRenewed(existing)
    renewal = Grant(
        fund=next_fund,
        recipient_id=grant.recipient_id,
        title=grant.title,
        purpose=grant.purpose,
        amount=grant.amount,
        starts_on=_a_year_later(grant.starts_on),
        ends_on=_a_year_later(grant.ends_on),
        recurrence=grant.recurrence,
        status=GrantStatus.PROPOSED,
        conditions=grant.conditions,
        reporting_frequency=grant.reporting_frequency,
        sustainability_plan=grant.sustainability_plan,
        no_liability_beyond_period=grant.no_liability_beyond_period,
        scrutineer_id=grant.scrutineer_id,
        created_by=by,
    )
    _save(renewal, by)
    for line in grant.cost_lines.all():
        _save(CostLine(grant=renewal, description=line.description, amount=line.amount, note=line.note), by)
    for measure in grant.measures.all():
        _save(GrantMeasure(grant=renewal, name=measure.name, target=measure.target, position=measure.position), by)
    for match in grant.match_funding.all():
        _save(MatchFunding(grant=renewal, source=match.source, amount=match.amount, confirmed=False), by)
    for given in grant.in_kind.all():
        _save(
            InKindContribution(
                grant=renewal,
                provider=given.provider,
                description=given.description,
                estimated_value=given.estimated_value,
            ),
            by,
        )
    audit.record(
        action=AuditAction.CREATE,
        user=by,
        obj=renewal,
        detail={"renewal_of": grant.pk, "fund": next_fund.pk, "amount": str(renewal.amount)},
    )
    return renewal
