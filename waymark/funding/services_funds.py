"""Writes to funds, each with its audit event: adding and editing a fund (refused if someone else
changed it first), adding and removing a joint pot's contributors, and starting next year's fund
with this year's reserve carried into it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction

from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.core.versioning import StaleRecord, apply_changes, locked_at_version
from waymark.partners.models import Organisation, Partnership

from .models import Fund, FundContribution

if TYPE_CHECKING:
    from waymark.accounts.models import User

__all__ = ["StaleRecord", "NextFundExists"]

FUND_FIELDS = ("name", "owner", "start_year", "opening_budget", "reserve_brought_forward", "description")


class NextFundExists(Exception):
    """Next year's fund of that name is there already."""

    def __init__(self, existing: Fund) -> None:
        super().__init__(f"{existing} already exists")
        self.existing = existing


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(FUND_FIELDS)
    if unknown:
        raise TypeError(f"Not fund fields: {sorted(unknown)}")


@transaction.atomic
def add_fund(*, partnership: Partnership, by: User, **fields: Any) -> Fund:
    _check_fields(fields)
    fund = Fund(partnership=partnership, created_by=by, **fields)
    fund._history_user = by  # type: ignore[attr-defined]
    fund.save()
    audit.record(
        action=AuditAction.CREATE, user=by, obj=fund, detail={"partnership": partnership.pk, "year": fund.start_year}
    )
    return fund


@transaction.atomic
def update_fund(*, fund: Fund, version: int, by: User, **fields: Any) -> Fund:
    _check_fields(fields)
    fresh: Fund = locked_at_version(Fund, fund.pk, version)
    changed = apply_changes(fresh, fields)
    fresh.version += 1
    fresh._history_user = by  # type: ignore[attr-defined]
    fresh.save()
    audit.record(action=AuditAction.UPDATE, user=by, obj=fresh, detail={"changed": changed})
    return fresh


@transaction.atomic
def add_contribution(
    *,
    fund: Fund,
    by: User,
    amount: Decimal,
    contributor: Organisation | None = None,
    contributor_name: str = "",
    received_on: date | None = None,
    note: str = "",
) -> FundContribution:
    contribution = FundContribution(
        fund=fund,
        contributor=contributor,
        contributor_name="" if contributor else contributor_name,
        amount=amount,
        received_on=received_on,
        note=note,
    )
    contribution._history_user = by  # type: ignore[attr-defined]
    contribution.save()
    audit.record(
        action=AuditAction.CREATE,
        user=by,
        obj=contribution,
        detail={"fund": fund.pk, "amount": str(amount), "received": received_on is not None},
    )
    return contribution


@transaction.atomic
def remove_contribution(*, contribution: FundContribution, by: User) -> None:
    audit.record(
        action=AuditAction.DELETE,
        user=by,
        obj=contribution,
        detail={"fund": contribution.fund_id, "amount": str(contribution.amount)},
    )
    contribution._history_user = by  # type: ignore[attr-defined]
    contribution.delete()


def next_year_fund(fund: Fund) -> Fund | None:
    """The same-named fund of the same partnership for the financial year after this one."""
    return Fund.objects.filter(
        partnership_id=fund.partnership_id, name__iexact=fund.name, start_year=fund.start_year + 1
    ).first()


@transaction.atomic
def start_next_year(*, fund: Fund, by: User) -> Fund:
    """Next year's fund of the same name, holder and description, with this year's reserve to carry
    forward (its position now: a forecast until this year ends) brought forward into it. Its opening
    budget starts at nothing: next year's budget is set when it is known."""
    this_year: Fund = Fund.objects.select_for_update().get(pk=fund.pk)
    existing = next_year_fund(this_year)
    if existing is not None:
        raise NextFundExists(existing)
    carried = this_year.position().carry_forward
    following = Fund(
        partnership_id=this_year.partnership_id,
        name=this_year.name,
        owner_id=this_year.owner_id,
        start_year=this_year.start_year + 1,
        opening_budget=Decimal("0.00"),
        reserve_brought_forward=carried,
        brought_forward_from=this_year,
        description=this_year.description,
        created_by=by,
    )
    following._history_user = by  # type: ignore[attr-defined]
    following.save()
    audit.record(
        action=AuditAction.CREATE,
        user=by,
        obj=following,
        detail={"brought_forward_from": this_year.pk, "reserve_brought_forward": str(carried)},
    )
    return following
