"""Every URL in the project, for every persona, with the status each must get.

`test_every_url_has_declared_expectations` fails when a new URL pattern appears without a row, so no
view can slip through unchecked. Rows live in `waymark/<app>/tests/matrix*.py` (the platform's in
`waymark/core/tests/matrix.py`). Statuses: 200 shown, 302 sent elsewhere (sign-in for anonymous
users), 400 bad input, 401 API caller not authenticated, 403 forbidden, 404 not disclosed.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import PERSONA_NAMES

WAYMARK = Path(__file__).resolve().parents[2]


def gather_expectations() -> dict[str, tuple]:
    rows: dict[str, tuple] = {}
    for path in sorted(WAYMARK.glob("*/tests/matrix*.py")):
        module = importlib.import_module(f"waymark.{path.parent.parent.name}.tests.{path.stem}")
        overlap = set(rows) & set(module.EXPECTATIONS)
        assert not overlap, f"{path} declares rows already declared elsewhere: {overlap}"
        rows.update(module.EXPECTATIONS)
    return rows


EXPECTATIONS = gather_expectations()

# Whole namespaces whose views share one rule, checked through one representative above.
NAMESPACES_COVERED_BY = {"admin": "admin:index"}


def all_url_names(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    resolver = resolver or get_resolver()
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= all_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            names.add(f"{namespace}{pattern.name}" if pattern.name else f"{namespace}<unnamed {pattern.pattern}>")
    return names


def test_every_url_has_declared_expectations():
    undeclared = sorted(
        name for name in all_url_names() if name not in EXPECTATIONS and name.split(":")[0] not in NAMESPACES_COVERED_BY
    )
    assert not undeclared, f"Declare who may use these URLs in EXPECTATIONS: {undeclared}"
    for name, (_, _, expected) in EXPECTATIONS.items():
        assert set(expected) == set(PERSONA_NAMES), f"{name} must declare every persona"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_permission_matrix(name, persona, world, personas, client_for):
    method, make_kwargs, expected = EXPECTATIONS[name]
    url = reverse(name, kwargs=make_kwargs(world, personas))
    client = client_for(persona)
    response = getattr(client, method)(url)
    assert response.status_code == expected[persona], (
        f"{persona} {method.upper()} {url}: got {response.status_code}, expected {expected[persona]}"
    )
    if persona == "anonymous" and expected[persona] == 302 and not name.startswith("admin:"):
        assert response["Location"].startswith(reverse("accounts:login")), response["Location"]
