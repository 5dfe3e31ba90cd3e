"""Reading a staff list from a spreadsheet: columns found by heading (with their synonyms), each row
checked with errors that name the row as the spreadsheet numbers it, and each person matched
against the register so that a re-import adds nobody twice. Pure: no database."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest

from waymark.training import staff_import
from waymark.training.staff_import import NEW, NO_CHANGE, UPDATE, match, parse, parse_date, read_table

HEADER = ["Name", "Job title", "Team", "Staff number", "E-mail", "Start date", "Leaving date"]


def good(**changes):
    row = {
        "Name": "Anne-Marie O'Neil",
        "Job title": "Housing Officer",
        "Team": "Housing options",
        "Staff number": "",
        "E-mail": "anne-marie.oneil@testford.example",
        "Start date": "31/3/2025",
        "Leaving date": "",
    }
    row.update(changes)
    return [row[h] for h in HEADER]


def one(**changes):
    """The row of a file holding the header and one person (spreadsheet row 2)."""
    result = parse([HEADER, good(**changes)])
    assert not result.errors
    assert len(result.rows) == 1
    return result.rows[0]


@pytest.mark.parametrize(
    ("changes", "expected_error"),
    [
        ({"Name": ""}, "Row 2: enter the person's name"),
        ({"Job title": ""}, "Row 2: enter the job title"),
        ({"Start date": "next spring"}, "Row 2: enter a start date like 31 3 2025"),
        ({"Start date": "31/2/2025"}, "Row 2: enter a start date like 31 3 2025"),
        ({"Leaving date": "soon"}, "Row 2: enter a leaving date like 31 3 2025"),
        ({"Leaving date": "1/1/2025"}, "Row 2: the leaving date must be the same as or after the start date"),
        ({"E-mail": "anne at testford"}, "Row 2: enter an e-mail address like name@example.org"),
        ({"Name": "A" * 201}, "Row 2: the name must be 200 characters or fewer"),
        ({"Staff number": "9" * 101}, "Row 2: the reference must be 100 characters or fewer"),
    ],
    ids=[
        "no-name",
        "no-job-title",
        "start-date-in-words",
        "start-date-not-real",
        "leaving-date-in-words",
        "leaves-before-starting",
        "e-mail-without-at",
        "name-too-long",
        "reference-too-long",
    ],
)
def test_a_bad_row_says_which_row_and_what_to_do(changes, expected_error):
    assert one(**changes).errors == [expected_error]


@pytest.mark.parametrize(
    ("changes", "field", "expected"),
    [
        ({}, "start_date", date(2025, 3, 31)),
        ({"Start date": "2025-03-31"}, "start_date", date(2025, 3, 31)),
        ({"Start date": "31 March 2025"}, "start_date", date(2025, 3, 31)),
        ({"Start date": "31-Mar-25"}, "start_date", date(2025, 3, 31)),
        ({"Start date": datetime(2025, 3, 31, 0, 0)}, "start_date", date(2025, 3, 31)),
        ({"Start date": ""}, "start_date", None),
        ({"Leaving date": "30.6.2026"}, "leaving_date", date(2026, 6, 30)),
        ({"Name": "  Anne   O'Neil "}, "full_name", "Anne O'Neil"),
        ({"Staff number": 10234.0}, "reference", "10234"),
    ],
    ids=[
        "day-month-year",
        "iso",
        "month-in-words",
        "short-month-two-figure-year",
        "spreadsheet-date",
        "blank-start-date",
        "leaving-date-with-dots",
        "spaces-tidied",
        "number-from-a-spreadsheet",
    ],
)
def test_a_good_row_is_read(changes, field, expected):
    row = one(**changes)
    assert row.errors == []
    assert getattr(row, field) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["Employee name", "Role"], {"full_name": 0, "job_title": 1}),
        (["Surname", "Forename", "Position"], {"last_name": 0, "first_name": 1, "job_title": 2}),
        (["Payroll No.", "Name", "Post", "Department"], {"reference": 0, "full_name": 1, "job_title": 2, "team": 3}),
        (
            ["NAME", "JOB TITLE", "E-mail address", "Date joined", "Last day"],
            {
                "full_name": 0,
                "job_title": 1,
                "email": 2,
                "start_date": 3,
                "leaving_date": 4,
            },
        ),
    ],
    ids=["employee-name-and-role", "split-names", "payroll-export", "shouting"],
)
def test_columns_are_found_by_heading_and_synonyms(header, expected):
    assert staff_import.find_columns(header) == expected


def test_first_and_last_names_make_the_name():
    result = parse([["Forename", "Surname", "Job title"], ["Anne", "O'Neil", "Housing Officer"]])
    assert result.rows[0].full_name == "Anne O'Neil"


def test_a_title_above_the_headings_and_blank_rows_are_skipped_and_rows_keep_their_numbers():
    table = [["Testford Council staff, March 2026"], [], HEADER, good(), [""] * 7, good(Name="Bo Baker")]
    result = parse(table)
    assert [row.number for row in result.rows] == [4, 6]


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (
            [["Who", "What"], ["Anne", "Officer"]],
            "The file must have a row of column headings, with a column headed Name (or First name and Last name)",
        ),
        ([["Name", "Team"], ["Anne", "Housing"]], "The file must have a column headed Job title"),
        ([HEADER], "The file has nobody below its headings"),
    ],
    ids=["no-name-column", "no-job-title-column", "nobody"],
)
def test_a_file_without_what_it_needs_is_refused(table, expected):
    assert parse(table).errors == [expected]


def test_the_same_person_twice_in_the_file_is_an_error_on_the_second():
    result = parse([HEADER, good(), good(Name="anne marie oneil", **{"Job title": "housing  officer"})])
    assert result.rows[1].errors == ["Row 3: this is the same person as row 2"]


def test_two_people_of_the_same_name_and_job_are_told_apart_by_their_references():
    result = parse([HEADER, good(**{"Staff number": "1"}), good(**{"Staff number": "2"})])
    assert result.ok


# Matching against the register

REGISTER = [
    {
        "id": 1,
        "full_name": "Anne-Marie O'Neil",
        "email": "anne-marie.oneil@testford.example",
        "job_title": "Housing Officer",
        "team": "Housing options",
        "reference": "",
        "start_date": date(2025, 3, 31),
        "leaving_date": None,
    },
    {
        "id": 2,
        "full_name": "Bo Baker",
        "email": "",
        "job_title": "Receptionist",
        "team": "",
        "reference": "P77",
        "start_date": None,
        "leaving_date": None,
    },
]


def bo_renamed():
    """Bo Baker, by his staff number (in another case), under the name he now goes by."""
    return good(
        Name="Bobby Baker",
        Team="",
        **{"Job title": "Receptionist", "Staff number": "p 77", "E-mail": "", "Start date": ""},
    )


@pytest.mark.parametrize(
    ("row", "status", "existing_id", "changes"),
    [
        (good(), NO_CHANGE, 1, []),
        (good(Team=""), NO_CHANGE, 1, []),
        (good(Team="Homelessness"), UPDATE, 1, ["team"]),
        (good(**{"Leaving date": "30/6/2026"}), UPDATE, 1, ["leaving_date"]),
        (good(**{"Staff number": "H12"}), UPDATE, 1, ["reference"]),
        (bo_renamed(), UPDATE, 2, ["full_name"]),
        (good(Name="Cal Carter"), NEW, None, []),
        (good(**{"Job title": "Senior Housing Officer"}), NEW, None, []),
    ],
    ids=[
        "same-person-same-details",
        "blank-cell-leaves-the-register-alone",
        "new-team",
        "leaving-date-added",
        "reference-added-to-someone-known-by-name",
        "found-by-reference-whatever-the-name",
        "somebody-new",
        "a-new-job-title-without-a-reference-is-somebody-new",
    ],
)
def test_each_row_is_matched_against_the_register(row, status, existing_id, changes):
    result = match(parse([HEADER, row]), REGISTER)
    found = result.rows[0]
    assert (found.status, found.existing_id, found.changes) == (status, existing_id, changes)
    assert found.errors == []


def test_a_leaving_date_before_the_start_date_the_register_holds_is_an_error():
    row = good(**{"Start date": "", "Leaving date": "1/1/2025"})
    found = match(parse([HEADER, row]), REGISTER).rows[0]
    assert found.errors == [
        "Row 2: the leaving date must be the same as or after the start date the register holds (31 March 2025)"
    ]


def test_two_rows_that_find_the_same_person_are_an_error():
    rows = [HEADER, good(**{"Staff number": "H12"}), good(**{"Staff number": "H13"})]
    result = match(parse(rows), REGISTER)
    assert result.rows[1].errors == ["Row 3: this is the same person as row 2"]


def test_rows_survive_the_session():
    row = one(**{"Leaving date": "30/6/2026"})
    assert staff_import.Row.from_json(row.to_json()) == row


# Reading files


def test_a_csv_with_semicolons_in_utf8_or_windows_encoding_is_read():
    content = "Name;Job title\nZoë Zielińska;Nurse\n".encode()
    assert read_table(content) == [["Name", "Job title"], ["Zoë Zielińska", "Nurse"]]
    assert read_table("Name;Job title\nZoë;Nurse\n".encode("cp1252"))[1] == ["Zoë", "Nurse"]


def test_an_xlsx_is_read_with_its_dates():
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(HEADER)
    workbook.active.append(["Anne", "Nurse", "", "", "", datetime(2025, 3, 31), None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = parse(read_table(buffer.getvalue()))
    assert result.ok
    assert result.rows[0].start_date == date(2025, 3, 31)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "The selected file is empty"),
        (
            b"\xd0\xcf\x11\xe0old excel",
            "The selected file is an old Excel (XLS) file: save it as XLSX or CSV, then upload it",
        ),
        (b"PK\x03\x04not really a zip", "The selected file must be an XLSX or CSV file"),
        (b"\x00\x01\x02binary", "The selected file must be an XLSX or CSV file"),
    ],
    ids=["empty", "old-excel", "broken-zip", "binary"],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused(content, expected):
    with pytest.raises(staff_import.UnreadableFile, match=expected.replace("(", r"\(").replace(")", r"\)")):
        read_table(content)


def test_parse_date_refuses_what_is_not_a_date():
    with pytest.raises(ValueError):
        parse_date("March 2025")
