"""The briefing's first draft, from a month's facts as plain data, and how its text becomes a page."""

from datetime import date, datetime

import pytest

from waymark.governance.briefing import (
    ActionFact,
    MeetingFact,
    MinutesFact,
    MonthFacts,
    PlanActionFact,
    RiskFact,
    compose,
    to_html,
)

NOVEMBER = date(2026, 11, 1)
BOARD_MEETING = MeetingFact("Testford Strategic Board", datetime(2026, 11, 12, 10, 0), "Town Hall")
NEXT_MEETING = MeetingFact("Testford Operational Group", datetime(2026, 12, 3, 14, 30), "Police HQ")


@pytest.mark.parametrize(
    ("facts", "expected_lines"),
    [
        (
            MonthFacts("Testford", NOVEMBER),
            [
                "## Meetings held",
                "No meetings were held.",
                "No minutes were shared.",
                "No actions were done and none are overdue.",
                "No plan actions were completed and none are red.",
                "No new risks or issues were raised.",
                "## Meetings in December 2026",
                "No meetings are planned.",
            ],
        ),
        (
            MonthFacts("Testford", NOVEMBER, meetings_held=[BOARD_MEETING], upcoming_meetings=[NEXT_MEETING]),
            [
                "- Testford Strategic Board: 12 November 2026, Town Hall",
                "- Testford Operational Group: 3 December 2026 at 14:30, Police HQ",
            ],
        ),
        (
            MonthFacts(
                "Testford",
                NOVEMBER,
                minutes_shared=[MinutesFact("Operational Group", date(2026, 10, 20), "Testford Strategic Board")],
            ),
            ["- Operational Group, meeting of 20 October 2026: shared with Testford Strategic Board"],
        ),
        (
            MonthFacts(
                "Testford",
                NOVEMBER,
                actions_done=[ActionFact("Circulate the flowchart", "Brightway", date(2026, 11, 30))],
                actions_overdue=[ActionFact("Book the venue", "Testford Council", date(2026, 11, 2))],
            ),
            [
                "Done this month:",
                "- Circulate the flowchart (Brightway)",
                "Overdue:",
                "- Book the venue (Testford Council, due 2 November 2026)",
            ],
        ),
        (
            MonthFacts(
                "Testford",
                NOVEMBER,
                plan_actions_completed=[PlanActionFact("1.1", "Train officers", "Testshire Police")],
                plan_actions_red=[PlanActionFact("", "Publish the flowchart", "")],
            ),
            [
                "Completed this month:",
                "- 1.1 Train officers (Testshire Police)",
                "Red (off track):",
                "- Publish the flowchart",
            ],
        ),
        (
            MonthFacts("Testford", NOVEMBER, new_risks=[RiskFact("R04", "Funding ends", 20, "Very high", "Issue")]),
            ["- R04 (issue): Funding ends. Score 20, very high"],
        ),
    ],
    ids=[
        "a-quiet-month-says-so-under-each-heading",
        "meetings-held-have-a-date-and-the-next-months-a-time",
        "minutes-shared-name-the-group-they-went-to",
        "actions-done-and-overdue-are-listed-apart",
        "plan-actions-completed-and-red",
        "new-risks-with-their-score-and-band",
    ],
)
def test_compose(facts, expected_lines):
    title, body = compose(facts)
    assert title == "November 2026 briefing"
    lines = body.splitlines()
    assert lines[0] == "What happened in Testford in November 2026."
    for line in expected_lines:
        assert line in lines


def test_december_looks_ahead_to_january_of_the_next_year():
    _, body = compose(MonthFacts("Testford", date(2026, 12, 1)))
    assert "## Meetings in January 2027" in body


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "## Meetings held\n- Board",
            '<h2 class="govuk-heading-m">Meetings held</h2>\n<p class="govuk-body">- Board</p>',
        ),
        (
            "First line\nsecond line\n\nNew paragraph",
            '<p class="govuk-body">First line<br>second line</p>\n<p class="govuk-body">New paragraph</p>',
        ),
        ("<script>alert('x')</script>", '<p class="govuk-body">&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;</p>'),
        ("## <b>Bold</b> & co", '<h2 class="govuk-heading-m">&lt;b&gt;Bold&lt;/b&gt; &amp; co</h2>'),
        ("### Detail\r\nline", '<h3 class="govuk-heading-s">Detail</h3>\n<p class="govuk-body">line</p>'),
        ("[link](javascript:alert(1))", '<p class="govuk-body">[link](javascript:alert(1))</p>'),
    ],
    ids=[
        "headings",
        "line-breaks-and-paragraphs",
        "html-is-escaped",
        "headings-are-escaped",
        "subheadings",
        "no-links",
    ],
)
def test_to_html_escapes_everything_but_headings_and_line_breaks(text, expected):
    assert to_html(text) == expected
