"""Importing people from a file: each row read and checked (errors that name the row, as a spreadsheet
numbers it), the preview with each row's possible matches among the people already recorded and in
the file, the import itself (records, matching data, review alerts, the audit trail), and who may
do it (the partnership's coordinators)."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from waymark.core.models import AuditEntry
from waymark.partners.models import Membership, RoleAssignment
from waymark.people import person_import, services_import
from waymark.people.models import AlertSource, AlertStatus, MatchAlert, NameKind, Person
from waymark.people.person_import import MAX_ROWS, parse
from waymark.people.records import facts_of
from waymark.people.tests.factories import record_person

UPLOAD = "people:person-import"
PREVIEW = "people:person-import-preview"
DONE = "people:person-import-done"

HEADER = ["id", "given_name", "family_name", "date_of_birth", "gender", "nationality", "postcode", "phone"]


def csv_file(rows, header=HEADER, name="people.csv"):
    lines = [",".join(header)] + [",".join(str(cell) for cell in row) for row in rows]
    upload = io.BytesIO(("\n".join(lines) + "\n").encode())
    upload.name = name
    return upload


def xlsx_file(rows, header=HEADER, name="people.xlsx"):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    content = io.BytesIO()
    book.save(content)
    content.seek(0)
    content.name = name
    return content


def one(**cells):
    """The single row of a file with the given columns (spreadsheet row 2)."""
    result = parse([list(cells), list(cells.values())])
    assert not result.errors, result.errors
    return result.rows[0]


# Reading and checking rows (no database)


@pytest.mark.parametrize(
    ("cells", "expected_error"),
    [
        (
            {"given_name": "", "family_name": "", "id": "7"},
            "Row 2: enter a name in the given_name, family_name or full_name column",
        ),
        (
            {"given_name": "Ana", "date_of_birth": "31/02/2001"},
            "Row 2: the date of birth '31/02/2001' is not a real date",
        ),
        (
            {"given_name": "Ana", "date_of_birth": "March 2001"},
            "Row 2: the date of birth 'March 2001' is not a date: write it as 14/03/2001, 2001-03-14 or a year, 2001",
        ),
        ({"given_name": "Ana", "date_of_birth": "1850"}, "Row 2: the date of birth 1850 is not a year of birth"),
        ({"given_name": "Ana", "gender": "x"}, "Row 2: enter the gender as female, male or other, or leave it blank"),
        (
            {"given_name": "Ana", "postcode": "Tirana 1001"},
            "Row 2: enter a UK postcode, like SW1A 1AA, or leave it blank",
        ),
        ({"given_name": "Ana", "phone": "call the hostel"}, "Row 2: enter a phone number"),
        ({"given_name": "Ana", "email": "ana at example"}, "Row 2: enter an e-mail address, like name@example.com"),
        ({"given_name": "A" * 201}, "Row 2: each name must be 200 characters or fewer"),
    ],
    ids=[
        "no-name",
        "not-a-real-date",
        "date-in-words",
        "year-too-early",
        "gender",
        "postcode-abroad",
        "phone",
        "e-mail",
        "long-name",
    ],
)
def test_a_row_with_a_problem_says_which_row_and_what_to_do(cells, expected_error):
    result = parse([list(cells), list(cells.values())])
    assert not result.errors
    (row,) = result.rows
    assert not row.ok
    assert any(error.startswith(expected_error) for error in row.errors), row.errors


def test_a_bad_date_in_one_row_does_not_stop_the_others():
    result = parse(
        [
            ["given_name", "family_name", "date_of_birth"],
            ["Ana", "Popescu", "14/03/2001"],
            ["Mihai", "Ionescu", "2001-13-01"],
            ["Elena", "Dumitru", "1999"],
        ]
    )
    assert [row.number for row in result.ready] == [2, 4]
    assert [row.number for row in result.skipped] == [3]
    assert result.skipped[0].errors == ["Row 3: the date of birth '2001-13-01' is not a real date"]


def test_an_id_used_twice_is_an_error_on_the_second_row_only():
    result = parse([["ID", "Full name"], ["17", "Ana Popescu"], ["18", "Mihai Ionescu"], ["17", "Elena Dumitru"]])
    assert [row.ok for row in result.rows] == [True, True, False]
    assert result.rows[2].errors == ["Row 4: the id 17 is used by row 2 too"]


def test_a_file_without_a_name_column_is_refused_naming_its_columns():
    result = parse([["id", "dob", "Notes"], ["1", "2001-03-14", "met at the car wash"]])
    assert result.rows == []
    assert result.errors == [
        "The file must have a column headed given_name, family_name or full_name (its first row names: id, dob, Notes)"
    ]


def test_a_file_with_too_many_people_is_refused():
    rows = [["full_name"]] + [[f"Person {i}"] for i in range(MAX_ROWS + 1)]
    assert parse(rows).errors == ["The file must have 2,000 people or fewer: split it, then upload each part"]
    assert not parse(rows[:-1]).errors


def test_blank_lines_are_left_out_and_other_rows_keep_their_spreadsheet_number():
    result = parse([["full_name", "town"], ["Ana Popescu", ""], [None, None], ["", ""], ["Mihai Ionescu", "Leeds"]])
    assert [(row.number, row.name) for row in result.rows] == [(2, "Ana Popescu"), (5, "Mihai Ionescu")]


def test_headings_are_read_whatever_their_case_and_spacing_and_other_columns_are_listed():
    result = parse(
        [
            ["Given Name", "FAMILY_NAME", "Date of birth", "E-mail", "Notes"],
            ["Ana", "Popescu", "14/03/2001", "a@b.org", "x"],
        ]
    )
    (row,) = result.rows
    assert (row.given_names, row.family_name, row.date_of_birth) == ("Ana", "Popescu", "2001-03-14")
    assert row.identifiers == [["email", "a@b.org", "a@b.org"]]
    assert result.ignored == ["Notes"]


def test_each_row_is_understood_as_the_person_record_will_hold_it():
    row = one(
        full_name="Ana Maria Popescu",
        date_of_birth="2001",
        gender="F",
        nationality="Romanian",
        postcode="ls11 5aa",
        town="Leeds",
        phone="07700 900123",
        email="Ana.P@Example.com",
        identifier="ab 12 34 56 c",
    )
    assert (row.given_names, row.family_name) == ("Ana Maria", "Popescu")
    assert (row.birth_date_kind, row.birth_year, row.date_of_birth) == ("year", 2001, "")
    assert row.gender == "female"
    assert row.postcode_normalised == "LS11 5AA"
    assert row.identifiers == [
        ["phone", "07700 900123", "+447700900123"],
        ["email", "Ana.P@Example.com", "ana.p@example.com"],
        ["ni_number", "ab 12 34 56 c", "AB123456C"],
    ]


@pytest.mark.parametrize(
    ("cells", "names", "aliases"),
    [
        ({"full_name": "Nguyen Van Nam"}, ("Nguyen Van", "Nam"), []),
        ({"given_name": "Ana", "family_name": "Popescu", "full_name": "ana POPESCU"}, ("Ana", "Popescu"), []),
        (
            {"given_name": "Ana", "family_name": "Popescu", "full_name": "Anna Popesku"},
            ("Ana", "Popescu"),
            [["Anna", "Popesku"]],
        ),
        ({"family_name": "Osman"}, ("", "Osman"), []),
    ],
    ids=[
        "full-name-split-at-its-last-word",
        "same-full-name-no-alias",
        "full-name-written-differently-is-an-alias",
        "family-name-only",
    ],
)
def test_names(cells, names, aliases):
    row = one(**cells)
    assert ((row.given_names, row.family_name), row.aliases) == (names, aliases)


@pytest.mark.parametrize(
    ("written", "gender"), [("M", "male"), ("woman", "female"), ("Other", "other"), ("Not known", "unknown"), ("", "")]
)
def test_gender(written, gender):
    assert one(given_name="Sam", gender=written).gender == gender


def test_spreadsheet_cells_that_are_dates_and_numbers_are_read_as_written():
    row = one(given_name="Ana", date_of_birth=datetime(2001, 3, 14), phone=7700900123.0, id=17.0)
    assert (row.date_of_birth, row.id) == ("2001-03-14", "17")
    assert row.identifiers == [["phone", "7700900123", "+447700900123"]]


def test_rows_that_look_like_one_person_are_paired_within_the_file():
    from waymark.people.matching import NO_FREQUENCIES

    result = parse(
        [
            ["full_name", "date_of_birth", "nationality"],
            ["Mohammed Othman", "11/05/2011", "Sudanese"],
            ["Ana Popescu", "14/03/2001", "Romanian"],
            ["Muhammad Osman", "05/11/2011", "Sudanese"],
            ["Mohammed Othman", "not known", "Sudanese"],  # an error: not compared
        ]
    )
    found = person_import.same_person_rows(result.rows, NO_FREQUENCIES)
    assert set(found) == {2, 4}
    (other, comparison), *_ = found[2]
    assert other == 4 and comparison.probability >= 0.5


def test_a_row_s_facts_are_those_of_the_record_it_becomes(world, personas):
    rows = parse(
        [
            [
                "given_name",
                "family_name",
                "full_name",
                "date_of_birth",
                "gender",
                "nationality",
                "postcode",
                "town",
                "phone",
            ],
            ["Ana", "Popescu", "Anna Popesku", "14/03/2001", "f", "Romanian", "ls11 5aa", "Leeds", "07700 900123"],
            ["", "", "Mihai Ionescu", "1999", "", "", "", "", ""],
        ]
    ).rows
    result = services_import.import_people(
        partnership=world.testford, organisation=world.charity, rows=rows, by=personas["coordinator"]
    )
    for row, pk in zip(rows, result.people, strict=True):
        person = Person.objects.get(pk=pk)
        assert person.match_facts == facts_of(person).to_json() == row.facts().to_json()
    ana = Person.objects.get(pk=result.people[0])
    assert [(n.kind, str(n)) for n in ana.names.order_by("id")] == [
        (NameKind.PRIMARY, "Ana Popescu"),
        (NameKind.ALIAS, "Anna Popesku"),
    ]
    assert (ana.date_of_birth, ana.birth_year, ana.gender, ana.nationalities) == (
        date(2001, 3, 14),
        2001,
        "female",
        ["Romanian"],
    )
    assert ana.organisation == world.charity and ana.created_by == personas["coordinator"]
    assert ana.addresses.get().postcode_normalised == "LS11 5AA"
    assert ana.identifiers.get().normalised == "+447700900123"
    assert ana.match_keys.exists()
    assert ana.history.get().history_change_reason == "Imported from a file"


# The pages


@pytest.fixture
def osman(world, personas):
    """A Sudanese boy already recorded by Testford Council."""
    return record_person(
        world,
        personas["council_caseworker"],
        given_names="Muhammad",
        family_name="Osman",
        date_of_birth=date(2011, 11, 5),
        gender="male",
        nationalities=["Sudanese"],
    )


OTHMAN = ["B7", "Mohammed", "Othman", "11/05/2011", "M", "Sudanese", "", ""]
POPESCU = ["B8", "Ana", "Popescu", "14/03/2001", "F", "Romanian", "LS11 5AA", "07700 900123"]
POPESKU = ["B9", "Anna", "Popesku", "14/03/2001", "F", "Romanian", "ls115aa", ""]
BAD_DATE = ["B10", "Elena", "Dumitru", "31/02/1999", "F", "Romanian", "", ""]


def upload(client, file, **data):
    return client.post(reverse(UPLOAD), {"organisation": data.pop("organisation", ""), "file": file, **data})


def test_the_preview_shows_the_person_already_recorded_as_a_likely_match_with_why(world, client_for, osman):
    client = client_for("coordinator")
    response = upload(client, csv_file([OTHMAN, POPESCU]), organisation=world.charity.pk)
    assert response.status_code == 302 and response["Location"] == reverse(PREVIEW)
    page = client.get(reverse(PREVIEW)).content.decode()
    assert "Row 2: Mohammed Othman" in page
    assert "Muhammad Osman, recorded by Testford Council: 9" in page  # 9x% likely
    assert "Likely match" in page
    assert "Family name: the same name spelt differently" in page
    assert "Date of birth: the same, with the day and month swapped" in page
    assert "Row 3: Ana Popescu" in page
    assert "Nobody already recorded looks like the same person" in page
    assert "Import 2 people" in page
    assert not Person.objects.filter(names__family_name="Othman").exists()  # nothing saved yet


def test_importing_records_the_people_and_sends_likely_matches_to_the_review_queue(world, personas, client_for, osman):
    client = client_for("coordinator")
    upload(client, csv_file([OTHMAN, POPESCU, POPESKU, BAD_DATE]), organisation=world.charity.pk)
    preview = client.get(reverse(PREVIEW)).content.decode()
    token = preview.split('name="token" value="')[1].split('"')[0]
    response = client.post(reverse(PREVIEW), {"token": token})
    assert response.status_code == 302 and response["Location"] == reverse(DONE)

    done = client.get(reverse(DONE)).content.decode()
    assert "3 people imported" in done
    assert "Row 5: the date of birth &#x27;31/02/1999&#x27; is not a real date" in done
    assert "2 possible matches with people already recorded, or between rows of the file, wait for review" in done
    assert reverse("people:review") in done

    othman = Person.objects.get(names__family_name="Othman")
    assert othman.organisation == world.charity and othman.partnership == world.testford
    alerts = MatchAlert.objects.filter(source=AlertSource.IMPORT, status=AlertStatus.OPEN)
    pairs = {
        (a.person.names.get(kind="primary").family_name, a.candidate.names.get(kind="primary").family_name)
        for a in alerts
    }
    assert pairs == {("Othman", "Osman"), ("Popescu", "Popesku")}
    assert all(a.raised_by == personas["coordinator"] and a.explanation for a in alerts)

    queue = client.get(reverse("people:review")).content.decode()
    assert "Mohammed Othman and Muhammad Osman" in queue
    assert "Ana Popescu and Anna Popesku" in queue
    assert queue.count("Found when people were imported") == 2
    assert client.get(reverse(PREVIEW)).status_code != 200  # the preview is gone once imported


def test_rows_that_look_like_the_same_person_are_flagged_in_the_preview(world, client_for):
    client = client_for("coordinator")
    upload(client, csv_file([POPESCU, OTHMAN, POPESKU]), organisation=world.council.pk)
    page = client.get(reverse(PREVIEW)).content.decode()
    assert "In this file: 1 other row that may be the same person" in page
    assert "Row 4, Anna Popesku: 9" in page and "Row 2, Ana Popescu: 9" in page
    assert "Postcode: the same" in page
    only = client.get(reverse(PREVIEW), {"show": "in_file"}).content.decode()
    assert "Row 2: Ana Popescu" in only and "Row 4: Anna Popesku" in only and "Row 3: Mohammed Othman" not in only


def test_rows_that_cannot_be_imported_are_listed_with_links_to_them(world, client_for):
    client = client_for("coordinator")
    rows = [POPESCU, BAD_DATE, ["B8", "Mihai", "Ionescu", "", "", "", "", ""]]
    upload(client, csv_file(rows), organisation=world.council.pk)
    page = client.get(reverse(PREVIEW)).content.decode()
    assert "2 rows in people.csv cannot be imported" in page
    assert (
        '<a href="?show=errors&amp;page=1#row-3">Row 3: the date of birth &#x27;31/02/1999&#x27; is not a real date</a>'
        in page
    )
    assert "Row 4: the id B8 is used by row 2 too" in page
    assert "Import 1 person" in page


def test_an_xlsx_file_is_read_as_a_csv_file_is(world, client_for, osman):
    client = client_for("coordinator")
    rows = [["B7", "Mohammed", "Othman", datetime(2011, 5, 11), "M", "Sudanese", None, None]]
    assert upload(client, xlsx_file(rows), organisation=world.charity.pk).status_code == 302
    page = client.get(reverse(PREVIEW)).content.decode()
    assert "11 May 2011" in page and "Muhammad Osman, recorded by Testford Council" in page


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (None, "Select a file"),
        (lambda: csv_file([["1", "2001"]], header=["id", "dob"]), "The file must have a column headed given_name"),
        (
            lambda: csv_file([[f"Person {i}"] for i in range(MAX_ROWS + 1)], header=["full_name"]),
            "2,000 people or fewer",
        ),
        (lambda: csv_file([], header=["full_name"]), "The file has nobody below its headings"),
    ],
    ids=["no-file", "no-name-column", "too-many-rows", "nobody"],
)
def test_a_file_that_cannot_be_used_is_an_error_on_the_file(world, client_for, file, message):
    client = client_for("coordinator")
    data = {"organisation": world.council.pk}
    if file is not None:
        data["file"] = file()
    response = client.post(reverse(UPLOAD), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'href="#id_file"' in page  # the error summary links to the field
    assert page.count("<h1") == 1


def test_the_file_is_kept_when_another_answer_is_wrong(world, client_for):
    client = client_for("coordinator")
    response = upload(client, csv_file([POPESCU], name="referrals-2024.csv"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select the organisation that recorded these people" in page
    assert "You uploaded referrals-2024.csv" in page
    response = client.post(reverse(UPLOAD), {"organisation": world.charity.pk})
    assert response.status_code == 302
    assert "Row 2: Ana Popescu" in client.get(reverse(PREVIEW)).content.decode()


def test_a_coordinator_of_several_partnerships_chooses_one_and_a_member_of_it(world, personas, client_for):
    RoleAssignment.objects.create(user=personas["coordinator"], partnership=world.county, role="coordinator")
    client = client_for("coordinator")
    response = upload(client, csv_file([POPESCU]), organisation=world.charity.pk)
    assert "Select the partnership" in response.content.decode()
    # Brightway is a member of Testford, not of the county partnership.
    response = upload(client, csv_file([POPESCU]), organisation=world.charity.pk, partnership=world.county.pk)
    assert f"Select an organisation that is a member of {world.county}" in response.content.decode()
    response = upload(client, csv_file([POPESCU]), organisation=world.police.pk, partnership=world.county.pk)
    assert response.status_code == 302
    client.post(reverse(PREVIEW), {"token": client.session["people-import"]["token"]})
    assert Person.objects.get(names__family_name="Popescu").partnership == world.county


def test_an_organisation_that_left_the_partnership_since_the_preview_imports_nothing(world, client_for):
    client = client_for("coordinator")
    upload(client, csv_file([POPESCU]), organisation=world.charity.pk)
    Membership.objects.filter(organisation=world.charity, partnership=world.testford).update(until=date(2020, 1, 1))
    response = client.post(reverse(PREVIEW), {"token": client.session["people-import"]["token"]}, follow=True)
    assert (
        "Brightway is no longer a member of Testford Anti-Slavery Partnership: nothing was imported"
        in response.content.decode()
    )
    assert not Person.objects.exists()


def test_a_preview_replaced_by_another_upload_is_not_imported_unseen(world, client_for):
    client = client_for("coordinator")
    upload(client, csv_file([POPESCU]), organisation=world.charity.pk)
    stale = client.session["people-import"]["token"]
    upload(client, csv_file([OTHMAN]), organisation=world.charity.pk)
    response = client.post(reverse(PREVIEW), {"token": stale}, follow=True)
    assert "Another file was uploaded meanwhile" in response.content.decode()
    assert not Person.objects.exists()


def test_the_audit_trail_gets_counts_and_ids_never_names(world, personas, client_for, osman):
    client = client_for("coordinator")
    upload(client, csv_file([OTHMAN, BAD_DATE]), organisation=world.charity.pk)
    client.post(reverse(PREVIEW), {"token": client.session["people-import"]["token"]})
    entry = AuditEntry.objects.filter(detail__person_import=True).get()
    othman = Person.objects.get(names__family_name="Othman")
    assert entry.detail["imported"] == 1 and entry.detail["skipped"] == 1 and entry.detail["rows"] == 2
    assert entry.detail["people"] == [othman.pk]
    assert entry.detail["alerts"] == [MatchAlert.objects.get(person=othman).pk]
    written = str(entry.detail) + entry.object_repr
    for personal in ("Othman", "Mohammed", "2011", "Dumitru", "1999", "people.csv"):
        assert personal not in written


def test_the_preview_reads_the_same_number_of_queries_however_many_rows_match(world, personas, client_for):
    cathy = personas["council_caseworker"]
    client = client_for("coordinator")
    names = ["Popescu", "Ionescu", "Dumitru", "Stanescu", "Georgescu", "Constantin"]
    for i, family in enumerate(names):
        record_person(world, cathy, given_names="Ana", family_name=family, date_of_birth=date(2001, 3, 1 + i))

    def queries(count):
        rows = [
            [f"R{i}", "Ana", family, f"{1 + i:02d}/03/2001", "", "", "", ""] for i, family in enumerate(names[:count])
        ]
        upload(client, csv_file(rows), organisation=world.charity.pk)
        with CaptureQueriesContext(connection) as captured:
            page = client.get(reverse(PREVIEW)).content.decode()
        assert page.count("Likely match</strong>") >= count
        return len(captured)

    assert queries(2) == queries(6)


def test_a_file_of_the_most_rows_allowed_is_imported_whole(world, personas):
    rows = [["given_name", "family_name", "date_of_birth", "postcode"]]
    rows += [
        [f"Given{i}", f"Family{i}", f"{1 + i % 28:02d}/{1 + i % 12:02d}/{1960 + i % 50}", "LS11 5AA"]
        for i in range(MAX_ROWS)
    ]
    result = services_import.import_people(
        partnership=world.testford, organisation=world.council, rows=parse(rows).rows, by=personas["coordinator"]
    )
    assert result.imported == MAX_ROWS == Person.objects.filter(partnership=world.testford).count()
    assert result.skipped == []


@pytest.mark.parametrize(
    "persona", ["council_caseworker", "charity_caseworker", "intelligence_officer", "grants_officer"]
)
def test_only_coordinators_import(world, client_for, persona):
    client = client_for(persona)
    assert upload(client, csv_file([POPESCU]), organisation=world.council.pk).status_code == 403
    assert client.post(reverse(PREVIEW), {"token": "anything"}).status_code == 403
    assert not Person.objects.exists()


def test_a_coordinator_elsewhere_cannot_import_into_testford(world, client_for):
    client = client_for("outsider")  # coordinates Otherton
    page = client.get(reverse(UPLOAD)).content.decode()
    assert "Otherton Council" in page and "Testford Council" not in page
    response = upload(client, csv_file([POPESCU]), organisation=world.council.pk)
    assert response.status_code == 400
    assert "Select an organisation from the list" in response.content.decode()
    assert not Person.objects.exists()


def test_a_coordinator_who_stepped_down_since_the_preview_imports_nothing(world, personas, client_for):
    client = client_for("coordinator")
    upload(client, csv_file([POPESCU]), organisation=world.council.pk)
    token = client.session["people-import"]["token"]
    RoleAssignment.objects.filter(user=personas["coordinator"]).delete()
    assert client.post(reverse(PREVIEW), {"token": token}).status_code == 403
    assert not Person.objects.exists()
