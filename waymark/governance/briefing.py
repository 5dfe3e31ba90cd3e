"""The monthly briefing's first draft, composed from what happened in the month, and how its text is
shown as a page.

Pure Python, no Django: `compose` takes the month's facts as plain data and returns the title and an
editable body in plain text with simple headings ("## Meetings held"); `to_html` escapes everything
and turns only headings, paragraphs and line breaks into HTML, so whatever a coordinator types stays
text.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class MeetingFact:
    group: str
    starts_at: datetime
    location: str = ""


@dataclass(frozen=True)
class MinutesFact:
    group: str
    meeting_on: date
    shared_with: str


@dataclass(frozen=True)
class ActionFact:
    description: str
    owner: str
    due_date: date | None = None


@dataclass(frozen=True)
class PlanActionFact:
    reference: str
    description: str
    lead: str


@dataclass(frozen=True)
class RiskFact:
    reference: str
    description: str
    score: int
    band: str  # as people say it: "High"
    kind: str = "Risk"


@dataclass(frozen=True)
class MonthFacts:
    partnership: str
    month: date  # any day of the month covered
    meetings_held: list[MeetingFact] = field(default_factory=list)
    minutes_shared: list[MinutesFact] = field(default_factory=list)
    actions_done: list[ActionFact] = field(default_factory=list)
    actions_overdue: list[ActionFact] = field(default_factory=list)
    plan_actions_completed: list[PlanActionFact] = field(default_factory=list)
    plan_actions_red: list[PlanActionFact] = field(default_factory=list)
    new_risks: list[RiskFact] = field(default_factory=list)
    upcoming_meetings: list[MeetingFact] = field(default_factory=list)


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def month_name(day: date) -> str:
    return f"{day:%B %Y}"


def next_month(day: date) -> date:
    return date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)


def title_for(month: date) -> str:
    return f"{month_name(month)} briefing"


def _meeting_line(meeting: MeetingFact, *, with_time: bool) -> str:
    when = long_date(meeting.starts_at.date())
    if with_time:
        when += f" at {meeting.starts_at:%H:%M}"
    where = f", {meeting.location}" if meeting.location else ""
    return f"- {meeting.group}: {when}{where}"


def _action_line(action: ActionFact, *, show_due: bool) -> str:
    due = f", due {long_date(action.due_date)}" if show_due and action.due_date else ""
    return f"- {action.description} ({action.owner}{due})"


def _plan_line(action: PlanActionFact) -> str:
    reference = f"{action.reference} " if action.reference else ""
    lead = f" ({action.lead})" if action.lead else ""
    return f"- {reference}{action.description}{lead}"


def _section(heading: str, lines: list[str], none: str) -> list[str]:
    return [f"## {heading}", *(lines or [none]), ""]


def compose(facts: MonthFacts) -> tuple[str, str]:
    """The briefing's title and its first draft, for the coordinator to edit."""
    month = month_name(facts.month)
    following = month_name(next_month(facts.month))
    actions: list[str] = []
    if facts.actions_done:
        actions += ["Done this month:", *(_action_line(a, show_due=False) for a in facts.actions_done)]
    if facts.actions_overdue:
        actions += ["Overdue:", *(_action_line(a, show_due=True) for a in facts.actions_overdue)]
    plan: list[str] = []
    if facts.plan_actions_completed:
        plan += ["Completed this month:", *(_plan_line(a) for a in facts.plan_actions_completed)]
    if facts.plan_actions_red:
        plan += ["Red (off track):", *(_plan_line(a) for a in facts.plan_actions_red)]
    lines = [
        f"What happened in {facts.partnership} in {month}.",
        "",
        *_section(
            "Meetings held",
            [_meeting_line(m, with_time=False) for m in facts.meetings_held],
            "No meetings were held.",
        ),
        *_section(
            "Minutes shared",
            [
                f"- {m.group}, meeting of {long_date(m.meeting_on)}: shared with {m.shared_with}"
                for m in facts.minutes_shared
            ],
            "No minutes were shared.",
        ),
        *_section("Actions from meetings", actions, "No actions were done and none are overdue."),
        *_section("Action plan", plan, "No plan actions were completed and none are red."),
        *_section(
            "New risks and issues",
            [
                f"- {r.reference} ({r.kind.lower()}): {r.description}. Score {r.score}, {r.band.lower()}"
                for r in facts.new_risks
            ],
            "No new risks or issues were raised.",
        ),
        *_section(
            f"Meetings in {following}",
            [_meeting_line(m, with_time=True) for m in facts.upcoming_meetings],
            "No meetings are planned.",
        ),
    ]
    return title_for(facts.month), "\n".join(lines).rstrip() + "\n"


def to_html(body: str) -> str:
    """The body as HTML: every character escaped; lines starting "# " or "## " become
    headings (and "### " subheadings), blank
    lines separate paragraphs and other line breaks are kept."""
    parts: list[str] = []
    paragraph: list[str] = []

    def close_paragraph() -> None:
        if paragraph:
            parts.append('<p class="govuk-body">' + "<br>".join(paragraph) + "</p>")
            paragraph.clear()

    for raw in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.rstrip()
        stripped = line.lstrip()
        if stripped.startswith("### "):
            close_paragraph()
            parts.append(f'<h3 class="govuk-heading-s">{html.escape(stripped[4:].strip())}</h3>')
        elif stripped.startswith(("# ", "## ")):
            close_paragraph()
            text = stripped.split(" ", 1)[1].strip()
            parts.append(f'<h2 class="govuk-heading-m">{html.escape(text)}</h2>')
        elif not stripped:
            close_paragraph()
        else:
            paragraph.append(html.escape(line))
    close_paragraph()
    return "\n".join(parts)
