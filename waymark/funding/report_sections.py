"""The sections of a decision report, in the order of a commissioner's decision report, and what the
public may read of them.

One list drives everything that shows a report: the page, the PDF, the editing form's headings, the
"complete before sign-off" check and the public register. A section left out of the published version
(`DecisionReport.redacted_sections`) is replaced by a notice, never by its text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import DecisionReport


REDACTED_NOTICE = "This section has been redacted from the published version."


@dataclass(frozen=True)
class SectionSpec:
    key: str
    number: int
    heading: str
    field: str  # the model field a user writes ("" when wholly drawn from other records)
    required: bool  # must be written before sign-off
    redactable: bool = True


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec("executive_summary", 1, "Executive summary", "executive_summary", True),
    SectionSpec("recommendations", 2, "Recommendations", "recommendations", True),
    SectionSpec("background", 3, "Background", "background", True),
    SectionSpec("proposal_and_benefits", 4, "Proposal and benefits", "proposal_and_benefits", True),
    SectionSpec("options_considered", 5, "Options considered and rejected", "options_considered", True),
    SectionSpec("consultation", 6, "Consultation and engagement", "consultation", False),
    SectionSpec("strategic_links", 7, "Strategic links", "strategic_links", False),
    SectionSpec(
        "police_operational_implications",
        8,
        "Police operational implications",
        "police_operational_implications",
        False,
    ),
    SectionSpec("financial_implications", 9, "Financial implications", "financial_notes", False),
    SectionSpec("legal_implications", 10, "Legal implications", "legal_implications", False),
    SectionSpec("staffing_implications", 11, "Staffing implications", "staffing_implications", False),
    SectionSpec("equality_implications", 12, "Equality, diversity and inclusion", "equality_implications", False),
    SectionSpec("risks_and_mitigations", 13, "Risks and mitigations", "risks_and_mitigations", False),
    SectionSpec("governance_boards", 14, "Governance boards", "governance_notes", False),
    SectionSpec("future_plans", 15, "Links to future plans", "future_plans", False),
    SectionSpec("background_papers", 16, "Background papers and appendices", "background_papers", False),
)

BY_KEY = {spec.key: spec for spec in SECTIONS}
REDACTABLE_KEYS = tuple(spec.key for spec in SECTIONS if spec.redactable)


@dataclass(frozen=True)
class Section:
    key: str
    number: int
    heading: str
    paragraphs: tuple[str, ...]
    facts: tuple[tuple[str, str], ...]  # drawn from records: (label, value)
    redacted: bool = False


def paragraphs(text: str) -> tuple[str, ...]:
    """Plain text split at blank lines; single line breaks kept within a paragraph."""
    return tuple(part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip())


def pounds(amount: object) -> str:
    return f"£{amount:,.2f}"


def missing_sections(report: DecisionReport) -> list[str]:
    """Headings of required sections still empty: the report cannot go for sign-off without them."""
    return [spec.heading for spec in SECTIONS if spec.required and not getattr(report, spec.field).strip()]


def _financial_facts(report: DecisionReport) -> tuple[tuple[str, str], ...]:
    grant = report.grant
    fund = grant.fund
    position = fund.position()
    facts: list[tuple[str, str]] = [
        ("Amount", pounds(grant.amount)),
        ("Fund", str(fund)),
        ("Grant period", f"{grant.starts_on:%-d %B %Y} to {grant.ends_on:%-d %B %Y}"),
        ("Funding", grant.get_recurrence_display()),
    ]
    facts.extend(
        (line.description, pounds(line.amount) + (f" ({line.note})" if line.note else ""))
        for line in grant.cost_lines.all()
    )
    for match in grant.match_funding.all():
        facts.append(
            (
                f"Match funding: {match.source}",
                pounds(match.amount) + (" (confirmed)" if match.confirmed else " (not yet confirmed)"),
            )
        )
    facts.append(("Reserve brought forward into the fund", pounds(fund.reserve_brought_forward)))
    facts.append(("Fund remaining after commitments", pounds(position.remaining)))
    if grant.no_liability_beyond_period:
        facts.append(("Liability", f"No liability beyond {grant.ends_on:%-d %B %Y}"))
    return tuple(facts)


def _strategic_facts(report: DecisionReport) -> tuple[tuple[str, str], ...]:
    return tuple(("Police and Crime Plan priority", p.name) for p in report.strategic_priorities.all())


def _risk_facts(report: DecisionReport) -> tuple[tuple[str, str], ...]:
    return tuple(
        (
            f"Risk {risk.reference}",
            f"{risk.description} (score {risk.score}). Mitigations: {risk.mitigations or 'none recorded'}",
        )
        for risk in report.risks.all()
    )


def _governance_facts(report: DecisionReport) -> tuple[tuple[str, str], ...]:
    return tuple(
        (meeting.group.name, f"{meeting.starts_at:%-d %B %Y}")
        for meeting in report.governance_meetings.select_related("group").order_by("starts_at")
    )


FACTS: dict[str, Callable[[DecisionReport], tuple[tuple[str, str], ...]]] = {
    "financial_implications": _financial_facts,
    "strategic_links": _strategic_facts,
    "risks_and_mitigations": _risk_facts,
    "governance_boards": _governance_facts,
}


def sections(report: DecisionReport, *, public: bool = False) -> list[Section]:
    """Every section in order. For the public, redacted sections carry no text and no facts."""
    redacted = set(report.redacted_sections or ()) if public else set()
    result = []
    for spec in SECTIONS:
        if spec.key in redacted:
            result.append(Section(spec.key, spec.number, spec.heading, (REDACTED_NOTICE,), (), redacted=True))
            continue
        facts = FACTS[spec.key](report) if spec.key in FACTS else ()
        result.append(Section(spec.key, spec.number, spec.heading, paragraphs(getattr(report, spec.field)), facts))
    return result
