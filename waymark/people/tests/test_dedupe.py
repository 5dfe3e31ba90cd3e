"""Bulk de-duplication: the `dedupe` command on small Faker-made files (no database, no internet),
and waymark.people.bulk behind it."""

from __future__ import annotations

import csv
import random
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from faker import Faker

from waymark.people import bulk

# Known duplicates: (the person, what the second record changes). Each pair keeps some other
# evidence (date of birth or postcode), as a real second referral of the same person does.
DUPLICATES = [
    (  # transliterated given and family names, the date written the UK way
        {"given_name": "Mohammed", "family_name": "Hussein", "date_of_birth": "1990-04-12", "nationality": "SDN"},
        {"given_name": "Muhammad", "family_name": "Husain", "date_of_birth": "12/04/1990"},
    ),
    (  # given and family names swapped, date of birth not recorded the second time
        {"given_name": "Van Nam", "family_name": "Nguyen", "date_of_birth": "1995-08-20", "nationality": "VNM"},
        {"given_name": "Nguyen", "family_name": "Van Nam", "date_of_birth": ""},
    ),
    (  # day and month swapped
        {"given_name": "Elira", "family_name": "Krasniqi", "date_of_birth": "2001-03-07", "nationality": "ALB"},
        {"date_of_birth": "2001-07-03"},
    ),
    (  # nickname
        {"given_name": "William", "family_name": "Jones", "date_of_birth": "1980-11-30", "nationality": "GBR"},
        {"given_name": "Bill"},
    ),
    (  # accents dropped and a transliterated family name, living elsewhere now
        {"given_name": "Gëzim", "family_name": "Hoxha", "date_of_birth": "1999-01-15", "nationality": "ALB"},
        {"given_name": "Gezim", "family_name": "Hodja", "postcode": "LS6 2AB", "town": "Leeds"},
    ),
    (  # a typo in the family name and a one-digit slip in the date
        {"given_name": "Yordanos", "family_name": "Tesfay", "date_of_birth": "1993-06-21", "nationality": "ERI"},
        {"family_name": "Tesfya", "date_of_birth": "1993-06-27"},
    ),
]
# Different people who share something: the same name (born years apart, living elsewhere), or the
# same date of birth and postcode (flatmates with different names).
DIFFERENT = [
    (
        {"given_name": "John", "family_name": "Smith", "date_of_birth": "1970-02-02", "nationality": "GBR"},
        {"date_of_birth": "1985-09-19", "postcode": "NE1 4ST", "town": "Newcastle"},
    ),
    (
        {"given_name": "Anila", "family_name": "Berisha", "date_of_birth": "1998-05-05", "nationality": "ALB"},
        {"given_name": "Tuan", "family_name": "Pham", "nationality": "VNM", "gender": "M"},
    ),
]
HEADER = ["id", "given_name", "family_name", "date_of_birth", "gender", "nationality", "postcode", "town"]


def make_people(background: int = 250, seed: int = 7) -> tuple[list[dict[str, str]], set[tuple[str, str]]]:
    """Faker-made people, unrelated to each other, with the known duplicates and the different
    people who look alike added; ids are whole numbers. Returns the records and the true pairs."""
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    rng = random.Random(seed)

    def person(number: int, **fields: str) -> dict[str, str]:
        male = rng.random() < 0.5
        record = {
            "id": str(number),
            "given_name": fake.first_name_male() if male else fake.first_name_female(),
            "family_name": fake.last_name(),
            "date_of_birth": fake.date_of_birth(minimum_age=16, maximum_age=70).isoformat(),
            "gender": "M" if male else "F",
            "nationality": "GBR",
            "postcode": fake.postcode(),
            "town": fake.city(),
        }
        record.update(fields)
        return record

    people = [person(number) for number in range(1, background + 1)]
    pairs = set()
    number = 1000
    for group, true in ((DUPLICATES, True), (DIFFERENT, False)):
        for first, changes in group:
            base = person(number + 1, **first)
            second = {**base, **changes, "id": str(number + 2)}
            people += [base, second]
            if true:
                pairs.add((base["id"], second["id"]))
            number += 2
    rng.shuffle(people)
    return people, pairs


def write_csv(path: Path, rows: list[dict[str, str]], header: list[str] | None = None, **options) -> Path:
    with path.open("w", newline="", encoding=options.pop("encoding", "utf-8")) as handle:
        writer = csv.DictWriter(handle, fieldnames=header or HEADER, extrasaction="ignore", **options)
        writer.writeheader()
        writer.writerows(rows)
    return path


def dedupe(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("dedupe", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def read_pairs(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def people() -> tuple[list[dict[str, str]], set[tuple[str, str]]]:
    return make_people()


# Errors -------------------------------------------------------------------------------------------


def _no_id(path: Path) -> None:
    path.write_text("name,date_of_birth\nAnn,2001-01-01\n", encoding="utf-8")


def _duplicate_ids(path: Path) -> None:
    rows = "".join(f"{i},Person {i}\n" for i in (1, 2, 7, 7, 9, 9, 9, 12, 12, 13, 13, 14, 14, 15, 15, 16, 16))
    path.write_text("id,given_name\n" + rows, encoding="utf-8")


def _blank_id(path: Path) -> None:
    path.write_text("id,given_name\n1,Ann\n,Bob\n3,Cy\n", encoding="utf-8")


def _bad_dates(path: Path) -> None:
    path.write_text(
        "id,given_name,date_of_birth\n1,Ann,2001-02-28\n2,Bob,31/02/2001\n3,Cy,next tuesday\n4,Di,2080\n",
        encoding="utf-8",
    )


def _empty(path: Path) -> None:
    path.write_text("", encoding="utf-8")


def _not_utf8(path: Path) -> None:
    path.write_bytes("id,given_name\n1,Zoë\n".encode("latin-1"))


@pytest.mark.parametrize(
    ("make_input", "arguments", "message"),
    [
        (None, [], "no such file"),
        (_no_id, [], "has no id column (its first line names: name, date_of_birth)"),
        (_duplicate_ids, [], "7 id(s) are used more than once: 7, 9, 12, 13, 14 and 2 more"),
        (_blank_id, [], "1 row(s) have no id: row 3 (row 1 is the header)"),
        (
            _bad_dates,
            [],
            "3 date(s) of birth cannot be read (row 1 is the header): row 3: '31/02/2001' is not a real date; "
            "row 4: 'next tuesday' is not a date: write it as 14/03/2001, 2001-03-14 or a year, 2001; "
            "row 5: 2080 is not a year of birth",
        ),
        (_empty, [], "is empty: its first line should name the columns, including id"),
        (_not_utf8, [], "is not UTF-8 text (save it as CSV UTF-8)"),
        (_blank_id, ["--threshold", "1.5"], "--threshold is a probability between 0 and 1, not 1.5"),
        (_blank_id, ["--threshold", "-0.1"], "--threshold is a probability between 0 and 1, not -0.1"),
        (_blank_id, ["--threshold", "high"], "--threshold is a probability between 0 and 1, not 'high'"),
    ],
)
def test_the_command_says_plainly_what_is_wrong(tmp_path, make_input, arguments, message):
    source = tmp_path / "people.csv"
    if make_input:
        make_input(source)
    with pytest.raises(CommandError) as raised:
        dedupe("--input", str(source), "--output", str(tmp_path / "pairs.csv"), *arguments)
    assert message in str(raised.value)
    assert not (tmp_path / "pairs.csv").exists()


def test_the_command_refuses_an_output_folder_that_does_not_exist(tmp_path, people):
    source = write_csv(tmp_path / "people.csv", people[0])
    with pytest.raises(CommandError, match="the folder .*missing does not exist"):
        dedupe("--input", str(source), "--output", str(tmp_path / "missing" / "pairs.csv"))


# What it finds ------------------------------------------------------------------------------------


def test_the_command_finds_the_known_duplicates_and_nothing_else(tmp_path, people):
    # No django_db mark: pytest-django refuses any database query here, so this also shows that
    # the command works on files alone.
    rows, true_pairs = people
    source = write_csv(tmp_path / "people.csv", rows)
    out, _ = dedupe("--input", str(source), "--output", str(tmp_path / "pairs.csv"))
    found = read_pairs(tmp_path / "pairs.csv")
    assert {(p["id_a"], p["id_b"]) for p in found} == true_pairs
    assert f"{len(true_pairs)} pair(s) of records judged to be the same person (threshold 0.95)" in out


def test_the_output_is_id_a_id_b_score_sorted_with_id_a_first(tmp_path, people):
    rows, true_pairs = people
    source = write_csv(tmp_path / "people.csv", rows)
    dedupe("--input", str(source), "--output", str(tmp_path / "pairs.csv"), "--threshold", "0.001")
    text = (tmp_path / "pairs.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "id_a,id_b,score"
    found = read_pairs(tmp_path / "pairs.csv")
    keys = [(int(p["id_a"]), int(p["id_b"])) for p in found]
    assert len(keys) > len(true_pairs)  # some unlikely pairs too at this low threshold
    assert all(a < b for a, b in keys)  # as numbers: 9 before 10
    assert keys == sorted(keys)
    assert all(0.001 <= float(p["score"]) <= 1 and len(p["score"].split(".")[1]) == 6 for p in found)


def test_a_lower_threshold_finds_more_pairs_and_a_higher_one_fewer(tmp_path, people):
    rows, true_pairs = people
    source = write_csv(tmp_path / "people.csv", rows)
    found = {}
    for threshold in ("0.001", "0.95", "1"):
        output = tmp_path / f"pairs-{threshold}.csv"
        dedupe("--input", str(source), "--output", str(output), "--threshold", threshold)
        found[threshold] = {(p["id_a"], p["id_b"]): float(p["score"]) for p in read_pairs(output)}
    assert set(found["1"]) < set(found["0.95"]) < set(found["0.001"])
    assert set(found["0.95"]) == true_pairs
    assert all(score >= 0.95 for score in found["0.95"].values())
    for pair, score in found["0.95"].items():  # the threshold filters; it does not change the scores
        assert found["0.001"][pair] == score


def test_headers_in_any_case_a_byte_order_mark_and_unknown_columns(tmp_path, people):
    rows, true_pairs = people
    header = ["ID", "Given_Name", "FAMILY_NAME", "Date_Of_Birth", "Gender", "Nationality", "Postcode", "Town", "Notes"]
    renamed = [{**{h: r.get(h.lower(), "") for h in header}, "Notes": "seen at the drop-in"} for r in rows]
    source = write_csv(tmp_path / "people.csv", renamed, header, encoding="utf-8-sig")
    assert source.read_bytes().startswith(b"\xef\xbb\xbf")
    _, err = dedupe("--input", str(source), "--output", str(tmp_path / "pairs.csv"))
    assert "Ignoring column(s) dedupe does not use: Notes" in err
    assert {(p["id_a"], p["id_b"]) for p in read_pairs(tmp_path / "pairs.csv")} == true_pairs


def test_ragged_rows_blank_lines_and_text_ids(tmp_path):
    # Rows with missing trailing cells, a blank line and ids that are not numbers: ordered as text.
    (tmp_path / "people.csv").write_text(
        "id,given_name,family_name,date_of_birth,postcode\n"
        "b-2,William,Jones,1980-11-30,CF10 1EP\n"
        "\n"
        "a-1,Bill,Jones,30/11/1980,CF10 1EP\n"
        "c-3,Ann\n",
        encoding="utf-8",
    )
    dedupe("--input", str(tmp_path / "people.csv"), "--output", str(tmp_path / "pairs.csv"))
    assert [(p["id_a"], p["id_b"]) for p in read_pairs(tmp_path / "pairs.csv")] == [("a-1", "b-2")]


# The model underneath ---------------------------------------------------------------------------------


def test_find_duplicate_pairs_takes_records_and_keeps_their_ids():
    rows = [
        {"id": 10, "full_name": "Krasniqi Elira", "date_of_birth": "2001-03-07", "address": "4 Park Road, LS6 2AB"},
        {
            "id": 9,
            "given_name": "Elira",
            "family_name": "Krasnici",
            "date_of_birth": "07/03/2001",
            "postcode": "ls62ab",
        },
        {"id": 11, "given_name": "Tuan", "family_name": "Pham", "date_of_birth": "1990-01-01"},
    ]
    [(id_a, id_b, probability)] = bulk.find_duplicate_pairs(rows)
    assert (id_a, id_b) == (9, 10)  # as given (numbers), the smaller first
    assert probability > 0.99
    assert bulk.find_duplicate_pairs([]) == []


@pytest.mark.parametrize(
    ("given", "family", "keys"),
    [
        ("Bill", "Jones", ("vlm", "jns")),  # the nickname keyed as William
        ("Mohamed", "Krasnici", ("mhmd", "krsnk")),  # transliterations keyed as one
        ("Jones", "Bill", ("vlm", "jns")),  # swapped: the same sorted keys
        ("Thi Lan", "Nguyen", ("ln", "ngn")),  # the last given word and the first family word
    ],
)
def test_prepared_name_keys_block_variants_and_swaps_together(given, family, keys):
    prepared = bulk.prepare({"id": ["1"], "given_name": [given], "family_name": [family]})
    assert (prepared["nlo"][0].as_py(), prepared["nhi"][0].as_py()) == tuple(sorted(keys))


@pytest.mark.parametrize(
    ("written", "strict", "parts"),
    [
        ("14/03/2001", True, ("2001-03-14", 2001, 3, 14, False)),
        ("2001", True, (None, 2001, None, None, True)),  # a year alone
        ("2001-01-01", True, ("2001-01-01", 2001, 1, 1, True)),  # 1 January: often a stand-in
        ("1985-00-18", False, ("1985-00-18", 1985, 0, 18, False)),  # kept as written when lenient
        ("soon", False, (None, None, None, None, None)),
    ],
)
def test_prepared_dates_of_birth(written, strict, parts):
    prepared = bulk.prepare({"id": ["1"], "date_of_birth": [written]}, strict_dates=strict)
    assert tuple(prepared[c][0].as_py() for c in ("dob", "dob_y", "dob_m", "dob_d", "dob_yo")) == parts


def corrupted_copies(rows: list[dict[str, str]], seed: int) -> list[dict[str, str]]:
    """A second record for each of `rows`, as a second referral writes it: typos, another spelling,
    the given name of an alias, a slip in the date, a move, fields left blank or recorded wrongly."""
    rng = random.Random(seed)
    copies = []
    for number, row in enumerate(rows, start=50_000):
        copy = {**row, "id": str(number)}
        change = rng.random()
        if change < 0.25:
            name = copy["given_name"]
            at = rng.randrange(1, len(name))
            copy["given_name"] = name[:at] + rng.choice("aeinrst") + name[at + 1 :]
        elif change < 0.35:
            copy["given_name"] = rng.choice(["Sam", "Jo", "Alex", "Chris", "Lee"])
        elif change < 0.45:
            copy["family_name"] = copy["family_name"][::-1].capitalize()
        if rng.random() < 0.15:
            year, month, day = copy["date_of_birth"].split("-")
            copy["date_of_birth"] = f"{year}-{month}-{min(28, int(day) % 28 + 1):02d}"
        if rng.random() < 0.2:
            copy["postcode"], copy["town"] = "", ""
        elif rng.random() < 0.2:
            copy["postcode"] = rows[rng.randrange(len(rows))]["postcode"]
        if rng.random() < 0.03:
            copy["gender"] = "F" if copy["gender"] == "M" else "M"
        if rng.random() < 0.05:
            copy["nationality"] = rng.choice(["", "POL", "ROU"])
        copies.append(copy)
    return copies


def test_training_learns_sensible_m_values():
    # u by random sampling, m by EM on date-of-birth and postcode blocks, on a file where a third of
    # the people were referred twice. Agreement must be far likelier among true pairs than among
    # others, and disagreement far less likely; and the values must be learned, not the priors.
    rows, _ = make_people(background=1500, seed=3)
    parameters = bulk.train_model(bulk.rows_to_columns(rows + corrupted_copies(rows[:500], seed=3)))
    for name in ("given_name", "family_name", "date_of_birth", "place"):
        exact_m, exact_u = parameters[name][0]
        different_m, different_u = parameters[name][-1]
        assert exact_m > 0.5 and exact_m / exact_u > 100, name
        assert different_m < 0.25 and different_u > 0.5, name
        assert parameters[name] != bulk.PRIORS[name], name
