"""Reading an action plan from a spreadsheet: columns found by heading, each row checked, errors
that name the row as the spreadsheet numbers it. Pure: no database."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest

from waymark.governance import plan_import
from waymark.governance.plan_import import parse, parse_date, read_table

ORGANISATIONS = [(1, "Testford Council"), (2, "Testshire Police"), (3, "Brightway")]
PEOPLE = [(10, "Cathy Caseworker", "cathy@testford.example")]
HEADER = [
    "Priority",
    "Ref",
    "Outcome",
    "Lead organisation",
    "Lead person",
    "Estimated completion",
    "Success criteria",
    "Status",
]


def good(**changes):
    row = {
        "Priority": "Training and awareness",
        "Ref": "1.1",
        "Outcome": "Train neighbourhood officers",
        "Lead organisation": "Testshire Police",
        "Lead person": "",
        "Estimated completion": "31/3/2027",
        "Success criteria": "90% trained",
        "Status": "Green",
    }
    row.update(changes)
    return [row[h] for h in HEADER]


def one(**changes):
    """The result of a file holding the header and one row (spreadsheet row 2)."""
    result = parse([HEADER, good(**changes)], organisations=ORGANISATIONS, people=PEOPLE)
    assert len(result.rows) == 1
    return result.rows[0]


@pytest.mark.parametrize(
    ("changes", "expected_error"),
    [
        ({"Lead organisation": ""}, "Row 2: enter the lead organisation"),
        (
            {"Estimated completion": "next spring"},
            "Row 2: 'next spring' is not a date: enter a date like 31 3 2027 or Ongoing",
        ),
        ({"Estimated completion": ""}, "Row 2: enter the estimated completion date, or Ongoing"),
        (
            {"Estimated completion": "31/2/2027"},
            "Row 2: '31/2/2027' is not a date: enter a date like 31 3 2027 or Ongoing",
        ),
        ({"Outcome": ""}, "Row 2: enter the outcome or action"),
        ({"Priority": ""}, "Row 2: enter the priority"),
        (
            {"Lead organisation": "Testford Fire"},
            "Row 2: 'Testford Fire' is not an organisation in the partnership: enter its name as Waymark has it",
        ),
        (
            {"Status": "purple"},
            "Row 2: 'purple' is not a status: enter Not started, Red, Amber, Green or Complete",
        ),
        ({"Ref": "1.1.1.1.1.1.1.1.1.1.1"}, "Row 2: the reference must be 20 characters or fewer"),
    ],
    ids=[
        "no-lead-organisation",
        "words-for-a-date",
        "no-date",
        "no-such-day",
        "no-outcome",
        "no-priority-on-the-first-row",
        "organisation-not-in-the-partnership",
        "unknown-status",
        "reference-too-long",
    ],
)
def test_a_row_with_a_problem_says_which_row_and_what_to_do(changes, expected_error):
    row = one(**changes)
    assert row.errors == [expected_error]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, {"lead_organisation_id": 2, "estimated_completion": date(2027, 3, 31), "status": "green"}),
        (
            {"Lead organisation": "testshire police."},
            {"lead_organisation_id": 2, "lead_organisation": "Testshire Police"},
        ),
        ({"Lead organisation": "TESTFORD  COUNCIL"}, {"lead_organisation_id": 1}),
        ({"Estimated completion": "Ongoing"}, {"is_ongoing": True, "estimated_completion": None}),
        ({"Estimated completion": "on-going"}, {"is_ongoing": True}),
        ({"Estimated completion": "31 March 2027"}, {"estimated_completion": date(2027, 3, 31)}),
        ({"Estimated completion": "2027-03-31"}, {"estimated_completion": date(2027, 3, 31)}),
        ({"Estimated completion": "31.3.27"}, {"estimated_completion": date(2027, 3, 31)}),
        ({"Estimated completion": "Sept 2026"}, {"estimated_completion": date(2026, 9, 30)}),
        ({"Estimated completion": datetime(2027, 1, 15)}, {"estimated_completion": date(2027, 1, 15)}),
        ({"Status": ""}, {"status": "not_started"}),
        ({"Status": "A"}, {"status": "amber"}),
        ({"Status": "Completed"}, {"status": "complete"}),
        ({"Lead person": "cathy@testford.example"}, {"lead_person_id": 10, "lead_person": "Cathy Caseworker"}),
        ({"Lead person": "cathy caseworker"}, {"lead_person_id": 10}),
    ],
    ids=[
        "a-good-row",
        "organisation-ignoring-case-and-punctuation",
        "organisation-ignoring-case-and-spaces",
        "ongoing",
        "ongoing-hyphenated",
        "date-with-month-name",
        "iso-date",
        "dotted-date-two-digit-year",
        "month-means-its-last-day",
        "date-cell-from-a-spreadsheet",
        "blank-status-is-not-started",
        "rag-letter",
        "completed",
        "lead-person-by-email",
        "lead-person-by-name",
    ],
)
def test_a_good_row_is_read_as_the_plan_means_it(changes, expected):
    row = one(**changes)
    assert row.errors == []
    for name, value in expected.items():
        assert getattr(row, name) == value, name


def test_a_lead_person_without_an_account_is_a_note_not_an_error():
    row = one(**{"Lead person": "Jo Bloggs"})
    assert row.errors == []
    assert row.lead_person_id is None
    assert row.notes == [
        "Row 2: nobody called 'Jo Bloggs' uses Waymark in the partnership, so no lead person will be recorded"
    ]


def test_headings_are_found_in_any_order_and_case_with_synonyms_and_a_title_above():
    table = [
        ["Testford action plan 2026-27"],
        [],
        ["STATUS", "Action", "Responsible Organisation", "Target date", "Theme", "Success measures"],
        ["Red", "Publish the referral flowchart", "Brightway", "Ongoing", "Referral routes", "Flowchart online"],
    ]
    result = parse(table, organisations=ORGANISATIONS)
    assert result.errors == []
    (row,) = result.rows
    assert row.number == 4
    assert (row.priority, row.outcome, row.lead_organisation_id, row.is_ongoing, row.status) == (
        "Referral routes",
        "Publish the referral flowchart",
        3,
        True,
        "red",
    )
    assert row.success_criteria == "Flowchart online"


def test_a_blank_priority_carries_down_and_blank_rows_keep_the_numbering():
    table = [
        HEADER,
        good(),
        ["", "", "", "", "", "", "", ""],
        good(Priority="", Ref="1.2"),
        good(Priority="Referral routes"),
    ]
    result = parse(table, organisations=ORGANISATIONS)
    assert [(r.number, r.priority) for r in result.rows] == [
        (2, "Training and awareness"),
        (4, "Training and awareness"),
        (5, "Referral routes"),
    ]
    assert result.ok


def test_errors_in_several_rows_are_all_reported_with_their_numbers():
    table = (
        [HEADER, good()]
        + [good()] * 4
        + [good(**{"Lead organisation": ""}), good(), good(**{"Estimated completion": "next spring"})]
    )
    result = parse(table, organisations=ORGANISATIONS)
    assert result.row_errors == [
        "Row 7: enter the lead organisation",
        "Row 9: 'next spring' is not a date: enter a date like 31 3 2027 or Ongoing",
    ]
    assert not result.ok


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (
            [["Name", "Colour"], ["a", "b"]],
            "The file must have a row of column headings, with a column headed Outcome or Action",
        ),
        ([["Outcome", "Lead organisation"], ["Train", "Brightway"]], "The file must have a column headed Priority"),
        ([HEADER], "The file has no actions below its headings"),
    ],
    ids=["no-headings", "no-priority-column", "no-rows"],
)
def test_a_file_that_is_not_a_plan_says_why(table, expected):
    result = parse(table, organisations=ORGANISATIONS)
    assert result.errors == [expected]
    assert not result.ok


def test_a_row_survives_the_round_trip_through_the_session():
    row = one(**{"Lead person": "Jo Bloggs"})
    assert plan_import.Row.from_json(row.to_json()) == row


def test_dates_that_are_not_dates_are_refused():
    for text in ("next spring", "Q1", "13/13/2027", "31 Smarch 2027", "1/1/3027"):
        with pytest.raises(ValueError):
            parse_date(text)


# Reading files


def test_a_csv_is_read_whatever_its_encoding_and_separator():
    content = "Priority;Outcome\r\nTraining;Caf\xe9 staff trained\r\n".encode("cp1252")
    assert read_table(content) == [["Priority", "Outcome"], ["Training", "Caf\xe9 staff trained"]]
    assert read_table("\ufeffPriority,Outcome\nTraining,Done\n".encode())[0] == ["Priority", "Outcome"]


def test_an_xlsx_is_read_from_its_first_sheet():
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Priority", "Outcome", "Estimated completion"])
    workbook.active.append(["Training", "Train officers", datetime(2027, 3, 31)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue())
    assert table[1][:2] == ["Training", "Train officers"]
    assert table[1][2] == datetime(2027, 3, 31)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The selected file is empty"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest",
            "The selected file is an old Excel (XLS) file: save it as XLSX or CSV, then upload it",
        ),
        (b"PK\x03\x04not really a zip", "The selected file must be an XLSX or CSV file"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "The selected file must be an XLSX or CSV file"),
    ],
    ids=["empty", "old-excel", "broken-zip", "a-program"],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused(content, message):
    with pytest.raises(plan_import.UnreadableFile, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_table(content)
