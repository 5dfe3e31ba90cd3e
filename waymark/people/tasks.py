"""Background jobs for people, run by `manage.py db_worker`: the duplicate check across a partnership."""

from __future__ import annotations

from django_tasks import task

from waymark.partners.models import Partnership

from . import services


@task()
def find_duplicates(*, partnership_id: int) -> int:
    """Raise review alerts for the partnership's probable duplicates; returns how many were raised."""
    return services.find_duplicates(Partnership.objects.get(pk=partnership_id)).alerts
