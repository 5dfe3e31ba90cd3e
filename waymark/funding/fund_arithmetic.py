"""A fund's position: what it holds, what is committed, what is left, and what carries forward.

Pure arithmetic on Decimals, so the rules are tested without a database.

- Available = reserve brought forward + opening budget + contributions (a joint pot's councils and
  the commissioner each contribute; a single-owner fund may have none and an opening budget only).
- Committed = the amounts of grants approved or later (approved, agreement signed, active, closed),
  less any underspend a closed grant returned to the fund.
- Proposed = the amounts of grants still proposed: not committed, shown so nobody over-promises.
- Remaining = available - committed. It may go negative only by a mistake the approval step refuses.
- Reserve to carry forward = remaining at the end of the year; before the year ends it is a forecast.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Commitment:
    amount: Decimal
    committed: bool  # approved or later
    returned: Decimal = ZERO  # underspend given back by a closed grant


@dataclass(frozen=True)
class Position:
    reserve_brought_forward: Decimal
    opening_budget: Decimal
    contributions: Decimal
    available: Decimal
    committed: Decimal
    proposed: Decimal
    returned: Decimal
    remaining: Decimal

    @property
    def carry_forward(self) -> Decimal:
        """The reserve to carry into next year: what is left uncommitted, never below zero."""
        return max(self.remaining, ZERO)

    @property
    def overcommitted(self) -> bool:
        return self.remaining < ZERO

    def can_commit(self, amount: Decimal) -> bool:
        return amount <= self.remaining


def position(
    *,
    opening_budget: Decimal,
    reserve_brought_forward: Decimal,
    contributions: Iterable[Decimal],
    commitments: Iterable[Commitment],
) -> Position:
    contributed = sum(contributions, ZERO)
    available = reserve_brought_forward + opening_budget + contributed
    committed = proposed = returned = ZERO
    for commitment in commitments:
        if commitment.committed:
            committed += commitment.amount
            returned += commitment.returned
        else:
            proposed += commitment.amount
    committed -= returned
    return Position(
        reserve_brought_forward=reserve_brought_forward,
        opening_budget=opening_budget,
        contributions=contributed,
        available=available,
        committed=committed,
        proposed=proposed,
        returned=returned,
        remaining=available - committed,
    )
