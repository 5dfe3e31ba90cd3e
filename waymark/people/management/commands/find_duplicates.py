"""`python manage.py find_duplicates [--partnership ID ...] [--enqueue]`: look for probable duplicate
person records in each partnership and put them in its coordinators' review queue ("Possible
duplicates"). Run it nightly from cron. Running it again raises nothing new: pairs already alerted
and pairs judged not to be the same person are skipped."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from waymark.partners.models import Partnership
from waymark.people import services, tasks
from waymark.people.models import Person


class Command(BaseCommand):
    help = "Finds probable duplicate person records and adds them to the coordinators' review queue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--partnership", type=int, action="append", help="Only this partnership (by id).")
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue one background job per partnership instead of waiting."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with_people = Person.objects.values("partnership_id")
        partnerships = Partnership.objects.filter(pk__in=with_people).order_by("name")
        if options["partnership"]:
            partnerships = partnerships.filter(pk__in=options["partnership"])
        for partnership in partnerships:
            if options["enqueue"]:
                tasks.find_duplicates.enqueue(partnership_id=partnership.pk)
                self.stdout.write(f"{partnership}: queued.")
                continue
            result = services.find_duplicates(partnership)
            self.stdout.write(
                f"{partnership}: {result.people} people checked, "
                f"{result.alerts} possible duplicate{'s' if result.alerts != 1 else ''} to review."
            )
