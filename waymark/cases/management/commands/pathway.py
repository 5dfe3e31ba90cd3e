"""`python manage.py pathway < facts.json`: print the pathway decision for the facts as JSON.

Invalid input prints a clear message on stderr and exits 2.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand

from waymark.partners.models import Partnership
from waymark.pathways import FactsError, decide
from waymark.pathways.facts import Facts

from ...pathway import local_settings_for


class Command(BaseCommand):
    help = "Reads pathway facts as JSON on standard input and prints the decision as JSON."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--partnership", type=int, help="Use this partnership's local contacts (its id) in the explanations."
        )

    def handle(self, *args: object, partnership: int | None = None, **options: object) -> None:
        text = sys.stdin.read()
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            self._fail(f"The input is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}.")
        try:
            facts = Facts.from_json(data)
        except FactsError as error:
            self._fail("The facts are not valid:\n" + "\n".join(f"  {k}: {v}" for k, v in error.errors.items()))
        settings = None
        if partnership is not None:
            found = Partnership.objects.filter(pk=partnership).first()
            if found is None:
                self._fail(f"There is no partnership with id {partnership}.")
            settings = local_settings_for(found)
        decision = decide(facts, settings)
        self.stdout.write(json.dumps(decision.to_json(), indent=2))

    def _fail(self, message: str) -> None:
        self.stderr.write(message)
        raise SystemExit(2)
