"""Benchmark: the production server under 8 and 32 concurrent clients, on the busiest pages.

Serves the database built by bench/seed_scale.py with gunicorn (DEBUG off, 4 sync workers,
as `make run`), signs in the demo coordinator and a demo caseworker without a browser (a session
made directly in the session store, two-factor verified as after the real journey), then drives
a fixed number of requests per page from a thread pool over keep-alive connections to 127.0.0.1.
Prints p50, p95, requests per second and each page's throughput as a fraction of /healthz
measured in the same run. Target: p95 under 150 ms for every page with 8 clients (quoted for
PostgreSQL). Exits 1 on a miss.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/waymark_scale .venv/bin/python bench/web.py
   or: SQLITE_PATH=/tmp/scale.sqlite3 .venv/bin/python bench/web.py [--requests 300] [--clients 8,32]
The load generator shares the machine with the server, so absolute figures are pessimistic; the
fraction of /healthz shows what each page costs beyond serving a trivial request.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HOST = "127.0.0.1"  # loopback only
TARGET_P95_MS = 150.0
TARGET_CLIENTS = 8
COORDINATOR = "coordinator@county.northshire.example"
CASEWORKER = "harbourlight.caseworker@harbourlight.northshire.example"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def make_session(email: str) -> str:
    """A signed-in, two-factor verified session for a demo user, as conftest.sign_in makes one."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY

    from waymark.accounts.models import User

    user = User.objects.get(email=email)
    session = SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = user.totpdevice_set.get(confirmed=True).persistent_id
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def sample_cases(email: str, count: int, rng: random.Random) -> list[int]:
    """Case ids the user may see, spread over the whole table (not just the newest)."""
    from waymark.accounts.models import User
    from waymark.cases.access import visible_cases

    user = User.objects.get(email=email)
    ids = list(visible_cases(user).order_by().values_list("pk", flat=True)[:200_000])
    return rng.sample(ids, min(count, len(ids)))


class Client:
    """One keep-alive connection; re-opened if the server closes it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn: http.client.HTTPConnection | None = None

    def get(self, path: str, cookie: str) -> tuple[int, bytes]:
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
            try:
                headers = {"Cookie": cookie, "X-Forwarded-Proto": "https"} if cookie else {}
                self.conn.request("GET", path, headers=headers)
                response = self.conn.getresponse()
                body = response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                return response.status, body
            except (http.client.HTTPException, OSError):
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
                if attempt:
                    raise
        raise AssertionError("unreachable")


def drive(port: int, paths: list[str], cookie: str, clients: int, requests: int, max_s: float) -> dict:
    """`requests` GETs from `clients` threads (cycling through `paths`), or fewer if `max_s` passes."""
    timings: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    next_index = iter(range(requests))
    deadline = time.perf_counter() + max_s

    def worker() -> None:
        client = Client(port)
        while time.perf_counter() < deadline:
            with lock:
                i = next(next_index, None)
            if i is None:
                break
            path = paths[i % len(paths)]
            started = time.perf_counter()
            try:
                status, _ = client.get(path, cookie)
            except Exception as exc:  # noqa: BLE001 - counted and reported
                status = 0
                errors.append(f"{path}: {exc!r}")
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                timings.append(elapsed)
                if status != 200 and status != 0:
                    errors.append(f"{path}: HTTP {status}")

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        for _ in range(clients):
            pool.submit(worker)
    wall = time.perf_counter() - started
    timings.sort()
    return {
        "n": len(timings),
        "p50": statistics.median(timings),
        "p95": timings[min(len(timings) - 1, int(len(timings) * 0.95))],
        "rps": len(timings) / wall,
        "errors": errors,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="requests per page and client count")
    parser.add_argument("--clients", default="8,32", help="concurrency levels, comma-separated")
    parser.add_argument("--max-seconds", type=float, default=90, help="time limit per page and level")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    levels = [int(c) for c in args.clients.split(",")]

    if not os.environ.get("DATABASE_URL") and not os.environ.get("SQLITE_PATH"):
        print("Name the seeded database: DATABASE_URL=postgres://... or SQLITE_PATH=/tmp/...", file=sys.stderr)
        return 2
    # Production settings for the server and for this process (the session hash needs the same key).
    os.environ.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": HOST,
            "SECURE_SSL_REDIRECT": "0",
            "DEMO_MODE": "1",
            "DJANGO_SETTINGS_MODULE": "waymark.settings",
        }
    )
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():  # the manifest DEBUG=0 needs
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True)

    from waymark.cases.models import Case, CaseEvent, CasePerson, Task

    sizes = (Case.objects.count(), CasePerson.objects.count(), Task.objects.count(), CaseEvent.objects.count())
    rng = random.Random(2026)
    coordinator, caseworker = make_session(COORDINATOR), make_session(CASEWORKER)
    coordinator_cases = [f"/cases/{pk}/" for pk in sample_cases(COORDINATOR, 100, rng)]
    caseworker_cases = [f"/cases/{pk}/" for pk in sample_cases(CASEWORKER, 100, rng)]
    vendor = connection.vendor
    connection.close()

    pages = [  # name, paths (cycled), session cookie
        ("/healthz", ["/healthz"], ""),
        ("case list (coordinator)", ["/cases/"], coordinator),
        ("case list (caseworker)", ["/cases/"], caseworker),
        ("case page (coordinator)", coordinator_cases, coordinator),
        ("case page (caseworker)", caseworker_cases, caseworker),
        ("my tasks (caseworker)", ["/tasks/"], caseworker),
        ("overdue tasks (coordinator)", ["/tasks/overdue/"], coordinator),
    ]

    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    log = tempfile.NamedTemporaryFile(prefix="waymark-bench-web-", suffix=".log", delete=False)  # noqa: SIM115
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [str(gunicorn), "waymark.wsgi", "--bind", f"{HOST}:{port}", "--workers", str(args.workers),
         "--threads", str(args.threads), "--keep-alive", "30"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    ok = True
    try:
        probe = Client(port)
        for _ in range(300):
            try:
                if probe.get("/healthz", "")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        else:
            raise SystemExit(f"gunicorn did not answer on {HOST}:{port}; see {log.name}")
        for name, paths, cookie in pages:  # signed in, not sent to sign-in; and warm
            for path in paths[:3]:
                status, body = probe.get(path, cookie)
                if status != 200 or (cookie and b"Sign out" not in body):
                    raise SystemExit(f"{name} {path}: HTTP {status}, not a signed-in page; see {log.name}")

        print(
            f"Web on {vendor}: {sizes[0]:,} cases, {sizes[1]:,} people, {sizes[2]:,} tasks, {sizes[3]:,} events; "
            f"gunicorn {args.workers} workers x {args.threads} threads; {args.requests} requests per page"
        )
        for clients in levels:
            target = f"  (target: p95 < {TARGET_P95_MS:.0f} ms)" if clients == TARGET_CLIENTS else ""
            print(f"\n  {clients} clients{target}")
            print(f"  {'page':<28} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} {'x healthz':>10}")
            healthz_rps = None
            for name, paths, cookie in pages:
                r = drive(port, paths, cookie, clients, args.requests, args.max_seconds)
                healthz_rps = healthz_rps or r["rps"]
                verdict = ""
                if clients == TARGET_CLIENTS:
                    met = r["p95"] < TARGET_P95_MS and not r["errors"]
                    ok &= met
                    verdict = "met" if met else "MISSED"
                print(
                    f"  {name:<28} {r['n']:>5} {r['p50']:>8.1f} {r['p95']:>8.1f} {r['rps']:>8.1f} "
                    f"{r['rps'] / healthz_rps:>10.3f}   {verdict}",
                    flush=True,
                )
                if r["errors"]:
                    ok = False
                    print(f"    {len(r['errors'])} errors, first: {r['errors'][0]}")
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
