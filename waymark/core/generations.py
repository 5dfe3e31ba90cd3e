"""Generation numbers for cached figures (core.models.Generation).

A cached figure, such as the counts over a long case list, is stored under a key that includes the
generation of every set of records it was computed from. `bump` moves a set's generation on when
the change is committed, so the next request computes afresh; nothing has to find and delete old
cache entries, and every server process sees the change, whatever cache backend each one has.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F

from .models import Generation

T = TypeVar("T")

# A backstop: a figure is recomputed at least this often even if some change bypassed `bump`
# (a bulk UPDATE, a change made straight in the database).
MAX_AGE_SECONDS = 600


def _increment(keys: list[str]) -> None:
    for key in keys:
        if not Generation.objects.filter(key=key).update(number=F("number") + 1):
            try:
                with transaction.atomic():
                    Generation.objects.create(key=key, number=1)
            except IntegrityError:  # created meanwhile by another process
                Generation.objects.filter(key=key).update(number=F("number") + 1)


def bump(*keys: str) -> None:
    """Move these sets' generations on once the current transaction commits (at once outside one).

    After the commit, not within the transaction: holding the generation row's lock until the
    commit would order it against the audit chain's lock and could deadlock two writers. Between
    the commit and the bump a reader may still be given the figure from before, for a moment."""
    chosen = sorted(set(keys))
    if chosen:
        transaction.on_commit(lambda: _increment(chosen))


def numbers(keys: Iterable[str]) -> dict[str, int]:
    """The current generation of each set (0 for a set never changed). One query."""
    chosen = sorted(set(keys))
    found = dict(Generation.objects.filter(key__in=chosen).values_list("key", "number"))
    return {key: found.get(key, 0) for key in chosen}


def cached(name: str, parts: Iterable[object], sets: Iterable[str], compute: Callable[[], T]) -> T:
    """`compute()`, cached under `name` and `parts` (what else the figure depends on, for example who
    is asking and the filters) for as long as none of `sets` has changed."""
    current = numbers(sets)
    digest = hashlib.sha256(repr((list(parts), sorted(current.items()))).encode()).hexdigest()
    key = f"waymark:{name}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, MAX_AGE_SECONDS)
    return value  # type: ignore[no-any-return]
