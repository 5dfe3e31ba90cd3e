"""One structured log line per request (method, path, status, duration and who asked), and sessions
that end when idle without a database write on every request."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("waymark.request")


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        logger.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        return response


class IdleSessionMiddleware(SessionMiddleware):
    """Sessions end after SESSION_IDLE_MINUTES without a request. Instead of writing the session on
    every request to push its expiry on, write it when it changed or when its expiry was last
    pushed on more than TOUCH_SECONDS ago: the idle limit holds to within that, and a busy page
    costs no write."""

    TOUCH_SECONDS = 60
    KEY = "_touched"

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.accessed and not session.is_empty():
            now = int(time.time())
            if now - int(session.get(self.KEY, 0)) >= self.TOUCH_SECONDS:
                session[self.KEY] = now  # marks the session modified, so it is saved with a new expiry
        return super().process_response(request, response)
