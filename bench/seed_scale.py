"""Benchmark data: a realistic large Northshire (200,000 cases, 500,000 people, 1,000,000 timeline
events by default), built fast with bulk inserts, for bench/web.py and for looking at query plans.

Usage: SQLITE_PATH=/tmp/scale.sqlite3 .venv/bin/python bench/seed_scale.py [--cases 200000]
   or: DATABASE_URL=postgres://postgres@127.0.0.1:5432/waymark_scale .venv/bin/python bench/seed_scale.py

Runs `migrate` and `seed_demo` (DEMO_MODE is switched on for this process), then adds, per case,
2.5 people, one stored pathway decision (made by the real engine), its pathway tasks (mostly due in
the future, about one unfinished task in six overdue) and 5 timeline events. Cases are spread over
the three Northshire partnerships (county 50%, Kettleford 30%, Marsh Vale 20%) and their member
organisations, created over the last three years, so the demo coordinators and caseworkers see
realistic volumes. Rows go in with bulk_create in batches: no per-row save, no signals, no history
rows. Reference counters are moved on past the references used, so the app keeps working.

Refuses the default developer database: name one with SQLITE_PATH or DATABASE_URL. Running it
again adds another N cases. Prints rows per second and the time taken.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

GIVEN = ["Ana", "Ion", "Maria", "Tomasz", "Adebayo", "Thi", "Van", "Elena", "Arben", "Mihai", "Sara", "Daniel"]
FAMILY = ["Popescu", "Nowak", "Nguyen", "Hoxha", "Okafor", "Kowalski", "Ionescu", "Tran", "Smith", "Ahmed"]
NATIONALITIES = ["Romanian", "Polish", "Vietnamese", "Albanian", "Nigerian", "British", "Eritrean", "Sudanese"]
LANGUAGES = ["Romanian", "Polish", "Vietnamese", "Albanian", "English", "Tigrinya", "Arabic"]
PLACES = ["Kettleford", "Marsh Vale", "Fenwick", "Northshire", "Eastmoor", "Calder Bridge"]
EXPLOITATION = [  # ExploitationType values
    ["forced-to-work"],
    ["prostitution"],
    ["forced-to-commit-crime"],
    ["unpaid-household-work"],
    ["forced-to-work", "wages-taken"],
    ["child-exploitation", "forced-to-commit-crime"],
]
STORIES = [
    "Workers at a car wash appear to live on site and are collected by the same van each morning.",
    "A young person found with large amounts of cash and two phones, far from home, says an older man sends them.",
    "Several women at a nail bar do not speak English and never leave without a man who holds their passports.",
    "A farm labourer says his wages go to the person who brought him here and that he owes a debt he cannot repay.",
    "A neighbour reports a woman who cleans all day, sleeps in the kitchen and is never allowed out alone.",
]
# (facts for the real pathway engine, share of cases): the engine's decision and tasks are reused.
FACT_TEMPLATES = [
    ({"age_group": "adult", "consents_to_nrm": True, "cooperates_with_authorities": True}, 45),
    ({"age_group": "adult", "consents_to_nrm": False, "cooperates_with_authorities": False}, 20),
    ({"age_group": "child"}, 25),
    ({"age_group": "unknown"}, 10),
]
EVENT_KINDS = [
    ("opened", "Concern reported by {org}"),
    ("triaged", "Triaged by the partnership coordinator"),
    ("task", "Task accepted by {org}"),
    ("note", "Note added by {org}"),
    ("status", "Case reviewed at the partnership meeting"),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=2_000, help="cases per transaction")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL") and not os.environ.get("SQLITE_PATH"):
        print("Name a database: SQLITE_PATH=/tmp/scale.sqlite3 or DATABASE_URL=postgres://...", file=sys.stderr)
        return 2
    os.environ["DEMO_MODE"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waymark.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from waymark.accounts.models import User
    from waymark.cases.models import (
        Case,
        CaseEvent,
        CasePerson,
        PathwayDecision,
        ReferenceCounter,
        Task,
    )
    from waymark.cases.pathway import local_settings_for
    from waymark.cases.services import TASK_TITLES, _facts_json, referrer_facts, task_owner
    from waymark.cases.vocabulary import INDICATOR_LABELS, ExploitationType
    from waymark.partners.models import Membership, Partnership
    from waymark.pathways import Facts, decide

    rng = random.Random(args.seed)
    indicator_keys = list(INDICATOR_LABELS)
    assert all(ExploitationType(t) for types in EXPLOITATION for t in types)
    started_all = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    setup_s = time.perf_counter() - started_all

    partnerships = {p.case_reference_prefix: p for p in Partnership.objects.exclude(case_reference_prefix="")}
    weights = {"NS": 50, "KT": 30, "MV": 20}
    prefixes = [p for p in weights if p in partnerships]
    assert prefixes, "seed_demo made no partnerships with reference prefixes"
    members = {
        prefix: list(
            Membership.objects.filter(Membership.current_q(), partnership=partnerships[prefix]).select_related(
                "organisation"
            )
        )
        for prefix in prefixes
    }
    users_by_org: dict[int, list[int]] = {}
    for user_id, org_id in User.objects.filter(organisation__isnull=False).values_list("pk", "organisation_id"):
        users_by_org.setdefault(org_id, []).append(user_id)

    # The engine's decision for each kind of case, per partnership and referring organisation.
    decisions: dict[tuple[str, int, int], tuple[dict, dict, str, list]] = {}

    def decision_for(prefix: str, referrer, template: int):  # type: ignore[no-untyped-def]
        key = (prefix, referrer.pk, template)
        if key not in decisions:
            partnership = partnerships[prefix]
            facts = Facts(nation="england", **FACT_TEMPLATES[template][0], **referrer_facts(referrer, partnership))
            decision = decide(facts, local_settings_for(partnership))
            owners = [task_owner(a.owner, partnership=partnership, referrer=referrer).pk for a in decision.actions]
            decisions[key] = (
                _facts_json(facts),
                decision.to_json(),
                decision.rules_version,
                list(zip(decision.actions, owners, strict=True)),
            )
        return decisions[key]

    template_weights = [w for _, w in FACT_TEMPLATES]
    counters = {
        (c.partnership_id, c.year): c.last
        for c in ReferenceCounter.objects.filter(partnership__in=partnerships.values())
    }
    now = datetime.now(UTC)
    today = date.today()
    span = timedelta(days=3 * 365)
    start = now - span
    totals = {"cases": 0, "people": 0, "decisions": 0, "tasks": 0, "events": 0}

    def make_batch(first: int, count: int) -> None:
        cases, plans = [], []
        for i in range(first, first + count):
            prefix = rng.choices(prefixes, weights=[weights[p] for p in prefixes])[0]
            partnership = partnerships[prefix]
            created_at = start + span * (i + rng.random()) / args.cases
            memberships = members[prefix]
            statutory = [m.organisation for m in memberships if m.kind == "statutory"]
            referrer = rng.choice(statutory if rng.random() < 0.7 else [m.organisation for m in memberships])
            age_days = (now - created_at).days
            if age_days < 7 and rng.random() < 0.6:
                status = "triage"
            elif age_days > 240 and rng.random() < 0.75:
                status = "closed"
            else:
                status = "open"
            lead = None if status == "triage" else rng.choice([m.organisation for m in memberships])
            year = created_at.year
            counters[(partnership.pk, year)] = counters.get((partnership.pk, year), 0) + 1
            template = rng.choices(range(len(FACT_TEMPLATES)), weights=template_weights)[0]
            creator = users_by_org.get(referrer.pk)
            cases.append(
                Case(
                    reference=f"{prefix}-{year}-{counters[(partnership.pk, year)]:06d}",
                    partnership=partnership,
                    status=status,
                    source="practitioner" if rng.random() < 0.9 else "public",
                    lead_organisation=lead,
                    referring_organisation=referrer,
                    created_by_id=rng.choice(creator) if creator else None,
                    created_at=created_at,
                    what_happened=rng.choice(STORIES),
                    exploitation_types=rng.choice(EXPLOITATION),
                    indicators=rng.sample(indicator_keys, 3),
                    locations=[rng.choice(PLACES)],
                    exploitation_location="uk",
                    closed_at=created_at + timedelta(days=rng.randint(30, 200)) if status == "closed" else None,
                    outcome=rng.choice(["supported", "moved_away", "lost_contact"]) if status == "closed" else "",
                )
            )
            plans.append((decision_for(prefix, referrer, template), status, created_at, referrer, lead))
        Case.objects.bulk_create(cases)

        people, decided, tasks, events = [], [], [], []
        for n, (case, ((facts, decision, rules_version, actions), status, created_at, referrer, lead)) in enumerate(
            zip(cases, plans, strict=True)
        ):
            for k in range(2 if (first + n) % 2 == 0 else 3):  # 2.5 people a case
                victim = k == 0
                people.append(
                    CasePerson(
                        case=case,
                        role="potential_victim" if victim else rng.choice(["exploiter", "other"]),
                        given_names=rng.choice(GIVEN),
                        family_name=rng.choice(FAMILY),
                        estimated_age=rng.randint(15, 55),
                        gender=rng.choice(["female", "male"]),
                        nationalities=[rng.choice(NATIONALITIES)] if victim else [],
                        languages=[rng.choice(LANGUAGES)] if victim else [],
                        anonymous=victim and facts.get("consents_to_nrm") is False,
                    )
                )
            decided.append(
                PathwayDecision(
                    case=case, rules_version=rules_version, facts=facts, decision=decision, decided_at=created_at
                )
            )
            for action, owner_id in actions:
                if status == "closed":
                    task_status = "done"
                else:
                    task_status = rng.choices(["open", "accepted", "done", "cannot_do"], weights=[45, 30, 22, 3])[0]
                unfinished = task_status in ("open", "accepted")
                if unfinished:  # mostly due in the future, about one in six overdue
                    due = today + timedelta(days=-rng.randint(1, 30) if rng.random() < 0.17 else rng.randint(0, 60))
                else:
                    due = created_at.date() + timedelta(days=rng.randint(1, 28))
                tasks.append(
                    Task(
                        case=case,
                        code=action.code,
                        title=TASK_TITLES[action.code],
                        order=action.order,
                        owner_organisation_id=owner_id,
                        due_date=None if action.immediately else due,
                        immediately=action.immediately,
                        status=task_status,
                        legal_basis=action.legal_basis,
                        explanation=action.explanation,
                        created_at=created_at,
                        accepted_at=created_at + timedelta(days=1) if task_status != "open" else None,
                        completed_at=created_at + timedelta(days=10) if not unfinished else None,
                    )
                )
            orgs = [referrer, lead or referrer]
            for k, (kind, summary) in enumerate(EVENT_KINDS):
                org = orgs[k % 2]
                actors = users_by_org.get(org.pk)
                events.append(
                    CaseEvent(
                        case=case,
                        at=created_at + timedelta(hours=k * 30 + rng.randint(0, 20)),
                        actor_id=rng.choice(actors) if actors else None,
                        organisation=org,
                        kind=kind,
                        summary=summary.format(org=org.name),
                    )
                )
        CasePerson.objects.bulk_create(people, batch_size=5_000)
        PathwayDecision.objects.bulk_create(decided, batch_size=5_000)
        Task.objects.bulk_create(tasks, batch_size=5_000)
        CaseEvent.objects.bulk_create(events, batch_size=5_000)
        for name, rows in (
            ("cases", cases),
            ("people", people),
            ("decisions", decided),
            ("tasks", tasks),
            ("events", events),
        ):
            totals[name] += len(rows)

    started = time.perf_counter()
    last_report = started
    for first in range(0, args.cases, args.batch):
        with transaction.atomic():
            make_batch(first, min(args.batch, args.cases - first))
        if time.perf_counter() - last_report > 15:
            last_report = time.perf_counter()
            rows = sum(totals.values())
            print(
                f"  {totals['cases']:,} cases, {rows:,} rows, {rows / (last_report - started):,.0f} rows/s", flush=True
            )
    with transaction.atomic():
        for (partnership_id, year), last in counters.items():
            ReferenceCounter.objects.update_or_create(partnership_id=partnership_id, year=year, defaults={"last": last})
    insert_s = time.perf_counter() - started

    started = time.perf_counter()
    with connection.cursor() as cursor:
        # Fresh planner statistics and (PostgreSQL) the visibility map that index-only scans need,
        # as autovacuum would give a database that had grown to this size over the years.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    analyze_s = time.perf_counter() - started

    rows = sum(totals.values())
    print(f"Scale data on {connection.vendor}: {', '.join(f'{v:,} {k}' for k, v in totals.items())}")
    print(f"  migrate + seed_demo {setup_s:.1f} s")
    print(
        f"  inserted {rows:,} rows in {insert_s:.1f} s: {rows / insert_s:,.0f} rows/s ({totals['cases'] / insert_s:,.0f} cases/s)"
    )
    print(f"  VACUUM/ANALYZE {analyze_s:.1f} s; total {time.perf_counter() - started_all:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
