"""Online matching benchmark: the look-up a caseworker's page makes when a person is entered.

Loads the person table made by ../shared/bench/people_synth.py into Waymark's own tables (people_person
with its match facts, people_matchkey with its blocking keys) in a throwaway SQLite database, then
runs each of the generator's 1,000 "new referral" queries through `waymark.people.search.candidates`,
the function the pages call, and measures:

- latency p50 and p95 of the look-up (keys, two indexed queries, scoring), one at a time;
- recall at 10: of the queries for people already in the table, the share whose true record is
  among the candidates listed (at most 10, each at least `search.SHOW_FROM` likely), and of those
  the share where it is a likely match (at least `search.ALERT_FROM`: the bar for disclosing a
  record the user may not see, alerting the coordinator and telling the referrer);
- false alerts: of the queries for people who are not there, the share given a likely match.

Targets (issue 5): p95 under 10 ms, recall at 10 of 0.95 or more, false alerts under 5%.

Usage: .venv/bin/python bench/matching_online.py [--size 1000000] [--data /tmp/waymark-online]
Called by bench/matching.py for the online half; runs on its own too. The loaded database is kept
next to the data and reused when it holds the same table made by the same key code.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GENERATOR = ROOT.parent / "shared" / "bench" / "people_synth.py"
TARGET_P95_MS = 10.0
TARGET_RECALL = 0.95
TARGET_FALSE_ALERTS = 0.05


def ensure_data(size: int, folder: Path) -> tuple[Path, Path]:
    persons, queries = folder / f"persons_{size}.parquet", folder / f"queries_{size}.parquet"
    if not persons.exists() or not queries.exists():
        folder.mkdir(parents=True, exist_ok=True)
        print(f"  generating {size:,} people with {GENERATOR.name} ...", flush=True)
        command = [sys.executable, str(GENERATOR), str(size), "--out", str(folder)]
        subprocess.run(command, check=True, cwd=folder)  # noqa: S603 - the shared generator, fixed arguments
    return persons, queries


def keys_fingerprint() -> str:
    """Names the loaded database after the code that makes blocking keys, so a change to the keys
    loads the people again instead of measuring stale keys."""
    import hashlib
    import inspect

    from waymark.people import matching, normalise, variants

    source = inspect.getsource(matching.keys) + inspect.getsource(normalise) + inspect.getsource(variants)
    return hashlib.sha1(source.encode()).hexdigest()[:8]  # noqa: S324 - a file name, not security


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and value != value):  # NaN
        return None
    return str(value)


def row_facts(row: dict[str, object]):  # type: ignore[no-untyped-def]
    from waymark.people.matching import facts
    from waymark.people.normalise import BirthDate, parse_birth_date

    try:
        birth = parse_birth_date(_text(row.get("dob")))
    except ValueError:
        birth = BirthDate.unknown()
    return facts(
        given_name=_text(row.get("given_name")),
        family_name=_text(row.get("surname")),
        birth=birth,
        gender=_text(row.get("gender")),
        nationality=_text(row.get("nationality")),
        postcode=_text(row.get("postcode")),
        town=_text(row.get("town")),
    )


def load(persons_file: Path, db_path: Path) -> tuple[int, float]:
    """Fill Waymark's people tables from the parquet file. Returns the partnership id and seconds."""
    import pandas as pd
    from django.core.management import call_command

    from waymark.partners.models import Organisation, Partnership
    from waymark.people.matching import keys

    call_command("migrate", verbosity=0)
    partnership, _ = Partnership.objects.get_or_create(name="Benchmark partnership")
    organisation, _ = Organisation.objects.get_or_create(name="Benchmark council", defaults={"kind": "local_authority"})
    frame = pd.read_parquet(persons_file)
    started = time.perf_counter()
    now = datetime.now(UTC).isoformat()
    people, match_keys = [], []
    for row in frame.to_dict("records"):
        pk = int(row["rec_id"]) + 1
        found = row_facts(row)
        people.append((pk, partnership.pk, organisation.pk, found.birth.kind.value, now, json.dumps(found.to_json())))
        match_keys.extend((pk, partnership.pk, key) for key in keys(found))
    with sqlite3.connect(db_path) as db:
        db.execute("PRAGMA synchronous=OFF")
        db.executemany(
            "INSERT INTO people_person (id, partnership_id, organisation_id, birth_date_kind, gender, nationalities,"
            " languages, created_at, version, match_facts) VALUES (?, ?, ?, ?, '', '[]', '[]', ?, 1, ?)",
            people,
        )
        db.executemany("INSERT INTO people_matchkey (person_id, partnership_id, key) VALUES (?, ?, ?)", match_keys)
        db.execute("ANALYZE")
    seconds = time.perf_counter() - started
    print(f"  loaded {len(people):,} people and {len(match_keys):,} keys in {seconds:.0f} s", flush=True)
    return partnership.pk, seconds


def run_online(size: int, folder: Path) -> dict[str, float]:
    persons_file, queries_file = ensure_data(size, folder)
    db_path = folder / f"people_{size}_{keys_fingerprint()}.sqlite3"
    os.environ["SQLITE_PATH"] = str(db_path)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waymark.settings")
    import django

    django.setup()
    import pandas as pd

    from waymark.partners.models import Partnership
    from waymark.people import search
    from waymark.people.models import Person

    fresh = not db_path.exists()
    if not fresh:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)  # a database kept from a run before the newest migrations
        try:
            fresh = Person.objects.count() != size
        except Exception:  # noqa: BLE001 - an old or broken file: build it again
            fresh = True
    if fresh:
        db_path.unlink(missing_ok=True)
        from django.db import connection

        connection.close()
        partnership_id, _ = load(persons_file, db_path)
    else:
        partnership_id = Partnership.objects.get(name="Benchmark partnership").pk
    from waymark.people.records import refresh_frequencies

    started = time.perf_counter()
    refresh_frequencies(partnership_id)  # the batch job's part: frequencies, and m and u learnt by EM
    print(f"  frequencies counted and m, u learnt in {time.perf_counter() - started:.0f} s", flush=True)

    truth = pd.read_parquet(persons_file, columns=["rec_id", "cluster_id"])
    cluster_of = {int(rec) + 1: int(cluster) for rec, cluster in zip(truth["rec_id"], truth["cluster_id"], strict=True)}
    present = set(cluster_of.values())
    queries = pd.read_parquet(queries_file).to_dict("records")
    for row in queries[:20]:  # warm the caches and the connection
        search.candidates([partnership_id], row_facts(row))

    latencies, found, likely, asked, alerts, absent = [], 0, 0, 0, 0, 0
    for row in queries:
        query = row_facts(row)
        started = time.perf_counter()
        shown = search.candidates([partnership_id], query)
        latencies.append((time.perf_counter() - started) * 1000)
        cluster = int(row["cluster_id"])
        alerted = [c for c in shown if c.probability >= search.ALERT_FROM]
        if cluster in present:
            asked += 1
            found += any(cluster_of.get(c.person_id) == cluster for c in shown)
            likely += any(cluster_of.get(c.person_id) == cluster for c in alerted)
        else:
            absent += 1
            alerts += bool(alerted)
    latencies.sort()
    return {
        "size": size,
        "p50_ms": statistics.median(latencies),
        "p95_ms": latencies[int(len(latencies) * 0.95) - 1],
        "recall_at_10": found / asked if asked else 0.0,
        "likely_recall": likely / asked if asked else 0.0,
        "false_alerts": alerts / absent if absent else 0.0,
        "queries_present": asked,
        "queries_absent": absent,
    }


def report(result: dict[str, float]) -> bool:
    checks = [
        ("latency p50", f"{result['p50_ms']:.1f} ms", "", True),
        ("latency p95", f"{result['p95_ms']:.1f} ms", f"< {TARGET_P95_MS:.0f} ms", result["p95_ms"] < TARGET_P95_MS),
        (
            "recall at 10",
            f"{result['recall_at_10']:.3f} ({int(result['queries_present'])} queries)",
            f">= {TARGET_RECALL}",
            result["recall_at_10"] >= TARGET_RECALL,
        ),
        (
            "  of which likely",
            f"{result['likely_recall']:.3f}",
            "",
            True,
        ),
        (
            "false alerts",
            f"{result['false_alerts']:.1%} ({int(result['queries_absent'])} queries)",
            f"< {TARGET_FALSE_ALERTS:.0%}",
            result["false_alerts"] < TARGET_FALSE_ALERTS,
        ),
    ]
    print(f"\n  Online matching, {int(result['size']):,} people, SQLite")
    print(f"  {'measure':<16} {'result':<26} {'target':<10}")
    met = True
    for name, value, target, ok in checks:
        verdict = "" if not target else ("met" if ok else "MISSED")
        met &= ok
        print(f"  {name:<16} {value:<26} {target:<10} {verdict}")
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "waymark-online")
    args = parser.parse_args()
    return 0 if report(run_online(args.size, args.data)) else 1


if __name__ == "__main__":
    sys.exit(main())
