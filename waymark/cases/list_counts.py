"""The counts over the case and task lists (how many cases in each status, how many tasks), cached
until something in the partnerships concerned changes.

With hundreds of thousands of cases, counting a long list on every page view costs more than
showing the page. The rows change rarely (people, at human speed) and are read all day, so the
counts are kept in the cache under a key made of who is asking (what decides which cases they see:
their organisation and partnerships), the filters, today's date (for "overdue"), and the
generation of each partnership's cases (waymark.core.generations). Any committed change to a case,
task, share, consent or membership in a partnership moves its generation on, so a count is never
stale: the next page view counts afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import signals
from django.utils import timezone

from waymark.core import generations
from waymark.partners import access as partners_access

if TYPE_CHECKING:
    from waymark.accounts.models import User

T = TypeVar("T")


def partnership_set(partnership_id: int) -> str:
    return f"cases:partnership:{partnership_id}"


def cached_for(user: User, name: str, filters: Iterable[object], compute: Callable[[], T]) -> T:
    """`compute()` for this user's view of the lists, cached while their partnerships' cases stay
    as they are. `filters`: whatever else narrows the figure (the list's filters)."""
    coordinated = partners_access.coordinated_partnership_ids(user)
    partnerships = partners_access.user_partnership_ids(user) | coordinated
    who = (user.organisation_id, sorted(partnerships), sorted(coordinated))
    return generations.cached(
        name,
        [who, list(filters), timezone.localdate().isoformat()],
        [partnership_set(pk) for pk in partnerships],
        compute,
    )


# Moving the generations on. Every change saved through the models passes here; bulk UPDATEs do
# not, which is why generations.MAX_AGE_SECONDS bounds how long a missed change could show.


def _case_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    generations.bump(partnership_set(instance.partnership_id))


def _case_part_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    from .models import Case

    case = instance._state.fields_cache.get("case")  # the case, if it was loaded with the instance
    partnership_id = (
        case.partnership_id
        if case is not None
        else Case.objects.filter(pk=instance.case_id).values_list("partnership_id", flat=True).first()
    )
    if partnership_id is not None:
        generations.bump(partnership_set(partnership_id))


def _membership_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    generations.bump(partnership_set(instance.partnership_id))


def connect() -> None:
    from waymark.partners.models import Membership

    from .models import Case, CaseShare, ConsentRecord, Task

    for when, signal in (("saved", signals.post_save), ("deleted", signals.post_delete)):
        signal.connect(_case_changed, sender=Case, dispatch_uid=f"list_counts:Case:{when}")
        for model in (Task, CaseShare, ConsentRecord):
            signal.connect(_case_part_changed, sender=model, dispatch_uid=f"list_counts:{model.__name__}:{when}")
        signal.connect(_membership_changed, sender=Membership, dispatch_uid=f"list_counts:Membership:{when}")
