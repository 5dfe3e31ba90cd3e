"""`python manage.py dedupe --input people.csv --output pairs.csv [--threshold P]`: the pairs of
records in a CSV file that are the same person, for partnerships cleaning a spreadsheet before
import. Works on files only: it never opens the database.

Input: a CSV file (UTF-8, with or without a byte-order mark) whose first line names the columns;
any of id, given_name, family_name, full_name, date_of_birth, gender, nationality, postcode, town,
address, phone, email and identifier, in any case and order. `id` is required and must be unique;
other columns are ignored, with a note. Dates of birth as 14/03/2001, 2001-03-14 or a year, 2001.

Output: `id_a,id_b,score`, one line for each pair judged to be the same person, with id_a before
id_b (as numbers when every id is a whole number) and the lines sorted; score is the match
probability, to 6 decimal places. --threshold (default 0.95, bulk.DEFAULT_THRESHOLD) is the
probability from which a pair is reported: lower finds more pairs and more wrong ones. The model is
waymark/people/bulk.py; -v 2 logs the time of each of its steps.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from waymark.people.bulk import (
    DEFAULT_THRESHOLD,
    DedupeInputError,
    duplicate_pairs,
    quiet,
    read_people_csv,
    write_pairs,
)


def probability(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise CommandError(f"--threshold is a probability between 0 and 1, not {text!r}") from None
    if not 0 <= value <= 1:
        raise CommandError(f"--threshold is a probability between 0 and 1, not {text}")
    return value


class Command(BaseCommand):
    help = (
        "Finds the pairs of records in a CSV file of people that are the same person and writes them "
        "as id_a,id_b,score. Reads and writes files only, never the database."
    )
    requires_system_checks: list[str] = []  # nothing here depends on the project's configuration

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", required=True, help="CSV file of people, with an id column")
        parser.add_argument("--output", required=True, help="CSV file to write the pairs to (id_a,id_b,score)")
        parser.add_argument(
            "--threshold",
            type=str,
            default=str(DEFAULT_THRESHOLD),
            help=(
                "the match probability from which a pair is judged the same person, between 0 and 1 "
                f"(default {DEFAULT_THRESHOLD}: on the benchmark data 94 to 98%% of the pairs it reports "
                "are right; a lower threshold finds more pairs, and more wrong ones)"
            ),
        )

    def handle(self, *args: object, **options: Any) -> None:
        # The model's step timings at -v 2 and more; otherwise only the result.
        with quiet("waymark.people.bulk", logging.INFO if options["verbosity"] >= 2 else logging.WARNING):
            self.dedupe(options["input"], options["output"], options["threshold"])

    def dedupe(self, input_path: str, output_path: str, threshold_text: str) -> None:
        threshold = probability(threshold_text)
        output = Path(output_path)
        if not output.parent.is_dir():
            raise CommandError(f"cannot write {output}: the folder {output.parent} does not exist")
        started = time.perf_counter()
        try:
            people = read_people_csv(input_path)
            if people.ignored:
                self.stderr.write(f"Ignoring column(s) dedupe does not use: {', '.join(people.ignored)}")
            pairs = duplicate_pairs(people.columns, threshold, row_numbers=people.row_numbers)
        except DedupeInputError as error:
            raise CommandError(str(error)) from None
        try:
            written = write_pairs(pairs, output)
        except OSError as error:
            raise CommandError(f"cannot write {output}: {error}") from None
        self.stdout.write(
            f"{written} pair(s) of records judged to be the same person (threshold {threshold}) among "
            f"{people.rows} records, written to {output} in {time.perf_counter() - started:.1f} s"
        )
