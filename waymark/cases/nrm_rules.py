"""NRM timescales: the reasonable grounds target, the recovery period, the conclusive grounds outcomes
each nation uses, and the alerts for decisions overdue against them. Pure Python, no Django.

Nations are "england", "wales", "scotland" and "northern_ireland", as in the pathway facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from waymark.pathways.working_days import add_working_days

# DOMAIN.md 1.7: "We will look at the potential victim's case within 5 working days" (a target, not a
# statutory deadline). Working days leave out the bank holidays of the nation.
RG_TARGET_WORKING_DAYS = 5

# Calendar days of support from a positive reasonable grounds decision.
RECOVERY_PERIOD_DAYS = {
    "england": 30,  # DOMAIN.md 1.7: a minimum of 30 days since 13 December 2022
    "wales": 30,  # DOMAIN.md 1.7
    "scotland": 90,  # DOMAIN.md 1.11: 90 days from a positive RG
    "northern_ireland": 45,  # DOMAIN.md 1.11: 45 days from the RG determination
}

# DOMAIN.md 1.6: England and Wales decide in two parts, giving three outcomes; Scotland and Northern
# Ireland have two (trafficking, or not). Codes are cases.models.ConclusiveOutcome values.
CG_OUTCOMES = {
    "england": ("trafficking", "slavery", "insufficient_evidence"),
    "wales": ("trafficking", "slavery", "insufficient_evidence"),
    "scotland": ("trafficking", "not_trafficking"),
    "northern_ireland": ("trafficking", "not_trafficking"),
}


@dataclass(frozen=True)
class NRMState:
    """What is recorded about a case's NRM referral so far (None where nothing is)."""

    referred_on: date | None = None
    rg_decision_on: date | None = None
    rg_outcome: str = ""  # "positive" or "negative"
    cg_decision_on: date | None = None


def long_date(day: date) -> str:
    """5 March 2026, as GOV.UK writes dates."""
    return f"{day.day} {day:%B %Y}"


def rg_target(referred_on: date, nation: str) -> date:
    """The last day of the 5 working days from the referral (DOMAIN.md 1.7)."""
    return add_working_days(referred_on, RG_TARGET_WORKING_DAYS, nation)


def rg_met_target(referred_on: date, rg_decision_on: date, nation: str) -> bool:
    return rg_decision_on <= rg_target(referred_on, nation)


def recovery_period_end(rg_decision_on: date, rg_outcome: str, nation: str) -> date | None:
    """The day the minimum recovery period ends, counted in calendar days from a positive reasonable
    grounds decision; None after a negative one, which gives no recovery period (DOMAIN.md 1.7, 1.11)."""
    if rg_outcome != "positive":
        return None
    return rg_decision_on + timedelta(days=RECOVERY_PERIOD_DAYS[nation])


def cg_outcomes(nation: str) -> tuple[str, ...]:
    return CG_OUTCOMES[nation]


def alerts(state: NRMState, nation: str, today: date) -> list[str]:
    """Plain-English warnings for decisions overdue against their targets."""
    found = []
    if state.referred_on and not state.rg_decision_on:
        target = rg_target(state.referred_on, nation)
        if today > target:
            found.append(
                f"The reasonable grounds decision is overdue. It was due by {long_date(target)}, "
                f"{RG_TARGET_WORKING_DAYS} working days after the referral on {long_date(state.referred_on)}."
            )
    if state.rg_decision_on and not state.cg_decision_on:
        end = recovery_period_end(state.rg_decision_on, state.rg_outcome, nation)
        if end is not None and today > end:
            found.append(
                f"The recovery period ended on {long_date(end)} and no conclusive grounds decision has been recorded."
            )
    return found
