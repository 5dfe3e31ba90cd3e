"""The API documentation page: the OpenAPI schema laid out as a GOV.UK page, served by Waymark
itself (no CDN, no JavaScript), with the scope each endpoint needs."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.urls import Resolver404, resolve
from drf_spectacular.generators import SchemaGenerator

from .models import Scope


@dataclass
class Operation:
    method: str
    path: str
    description: str
    scopes: list[str]
    parameters: list[dict[str, Any]] = field(default_factory=list)
    fields: list[tuple[str, str, str]] = field(default_factory=list)
    paginated: bool = False
    example_request: str = ""


def _component(schema: dict[str, Any], ref: str) -> dict[str, Any]:
    return schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]


def _type_of(prop: dict[str, Any]) -> str:
    if "$ref" in prop or "allOf" in prop:
        return "object"
    kind = prop.get("type", "value")
    if kind == "array":
        return f"list of {_type_of(prop.get('items', {}))}"
    if prop.get("enum"):
        return "one of " + ", ".join(str(v) for v in prop["enum"] if v)
    return f"{kind}{' or null' if prop.get('nullable') else ''}"


def _fields(schema: dict[str, Any], body: dict[str, Any]) -> tuple[list[tuple[str, str, str]], bool]:
    ref = body.get("$ref")
    if not ref:
        return [], False
    component = _component(schema, ref)
    paginated = "results" in component.get("properties", {})
    if paginated:
        component = _component(schema, component["properties"]["results"]["items"]["$ref"])
    rows = [
        (name, _type_of(prop), prop.get("description", "")) for name, prop in component.get("properties", {}).items()
    ]
    return rows, paginated


def _scopes_for(path: str) -> list[str]:
    try:
        match = resolve(re.sub(r"\{[^}]+\}", "1", path))
    except Resolver404:
        return []
    view_class = getattr(match.func, "cls", None)
    labels = dict(Scope.choices)
    return [f"{s} ({labels[s]})" for s in getattr(view_class, "required_scopes", None) or []]


def operations() -> tuple[dict[str, Any], list[Operation]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    result = []
    for path, methods in schema["paths"].items():
        for method, spec in methods.items():
            body = (
                spec.get("responses", {})
                .get("200", {})
                .get("content", {})
                .get("application/json", {})
                .get("schema", {})
            )
            rows, paginated = _fields(schema, body)
            examples = spec.get("requestBody", {}).get("content", {}).get("application/json", {}).get("examples", {})
            example = next(iter(examples.values()), {}).get("value")
            result.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    description=spec.get("description", ""),
                    scopes=_scopes_for(path),
                    parameters=spec.get("parameters", []),
                    fields=rows,
                    paginated=paginated,
                    example_request=json.dumps(example, indent=2) if example else "",
                )
            )
    return schema, result
