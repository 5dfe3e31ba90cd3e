from __future__ import annotations

from django.http import HttpRequest

from .navigation import navigation_for


def navigation(request: HttpRequest) -> dict[str, object]:
    return {"navigation": navigation_for(request)}
