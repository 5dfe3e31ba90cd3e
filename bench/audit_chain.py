"""Benchmark: the audit trail's cost per logged event, and how fast the whole chain verifies.

Every read of personal data writes one entry, so appending must stay cheap; `verify_audit` runs
nightly over the whole trail, so verification must scale to millions of entries.

Usage: .venv/bin/python bench/audit_chain.py [--entries 20000]
Uses a throwaway SQLite database, or PostgreSQL when DATABASE_URL is set (a test database is
created and dropped). Prints each figure against its target; exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGETS = {
    "append_p95_ms": 5.0,  # one audited page view adds at most this to the response
    "verify_entries_per_s": 20_000,  # a million entries verify in under a minute
    "peak_rss_mb": 300,  # verification streams; memory does not grow with the trail
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=20_000)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp()
    os.environ.setdefault("SQLITE_PATH", str(Path(tmp) / "bench.sqlite3"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waymark.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    # SQLite: a real file in WAL mode, as in production (a test database would be in memory).
    # PostgreSQL: a throwaway test database.
    on_sqlite = connection.vendor == "sqlite"
    if on_sqlite:
        call_command("migrate", verbosity=0)
    else:
        database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from waymark.core import audit

        timings = []
        for i in range(args.entries):
            started = time.perf_counter()
            audit.record(
                action="view", object_type="bench.Person", object_id=str(i), path=f"/people/{i}/", detail={"i": i}
            )
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p50 = statistics.median(timings)
        p95 = timings[int(len(timings) * 0.95)]

        started = time.perf_counter()
        problem = audit.verify_chain()
        verify_s = time.perf_counter() - started
        assert problem is None, problem
        rate = args.entries / verify_s
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    finally:
        if not on_sqlite:
            connection.creation.destroy_test_db(database, verbosity=0)

    results = {"append_p95_ms": p95, "verify_entries_per_s": rate, "peak_rss_mb": rss_mb}
    print(f"Audit chain on {connection.vendor}, {args.entries:,} entries")
    print(f"  append p50 {p50:.2f} ms")
    ok = True
    for name, value in results.items():
        target = TARGETS[name]
        met = value >= target if name.endswith("per_s") else value <= target
        ok &= met
        comparison = ">=" if name.endswith("per_s") else "<="
        print(f"  {name:<22} {value:>12,.2f}   target {comparison} {target:,}   {'met' if met else 'MISSED'}")
    print(f"  verify total {verify_s:.2f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
