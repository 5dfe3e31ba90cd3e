"""Benchmark: finding the same person twice, in bulk (and, later, online).

Bulk half (`run_bulk`): our de-duplication (waymark/people/bulk.py, the model behind
`manage.py dedupe`) against a reasonable default Splink 5 model (`splink_baseline`) on the same
file, at each size. The data come from ../shared/bench/people_synth.py (seed 1), made once and
cached in $WAYMARK_BENCH_DATA (default /tmp/waymark-bench): persons_N.csv with the dedupe command's
column names and persons_N_truth.csv (id, cluster_id; every two records sharing a cluster_id are a
true pair).

Each system runs end to end (read the CSV, prepare, train, score, write every pair above
probability 0.01) in a subprocess of its own, so that its wall time and peak RSS (os.wait4) are its
own; each runs --repeat times (default 3) and the median time and memory are kept. F1 is then taken
at the best threshold over the pairs written, with precision and recall there.
Targets: our F1 higher than Splink's, in no more time than Splink's. Exits 1 on a miss.

Online half (`run_online`): runs bench/matching_online.py at each size, which measures the
online look-up (waymark/people/search.py) with the same generator: latency, recall at 10, false alerts.

Usage: .venv/bin/python bench/matching.py [--sizes 100000,1000000] [--bulk-only] [--repeat 3]
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SYNTH = ROOT.parent / "shared" / "bench" / "people_synth.py"
DATA = Path(os.environ.get("WAYMARK_BENCH_DATA", "/tmp/waymark-bench"))  # noqa: S108 - a cache of generated data
# Both systems write every pair above this probability; F1 is then taken at the best threshold.
WRITE_THRESHOLD = 0.01


# Data ------------------------------------------------------------------------------------------


def ensure_data(n: int) -> tuple[Path, Path]:
    """persons_N.csv and persons_N_truth.csv, made once by people_synth.py (seed 1) and cached."""
    people, truth = DATA / f"persons_{n}.csv", DATA / f"persons_{n}_truth.csv"
    if not (people.exists() and truth.exists()):
        DATA.mkdir(parents=True, exist_ok=True)
        print(f"making {n:,} rows with {SYNTH.name} ...", flush=True)
        subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, str(SYNTH), str(n), "--csv", "--out", str(DATA)], check=True, stdout=subprocess.DEVNULL
        )
    return people, truth


# The reference: a reasonable default Splink model ----------------------------------------------


def splink_baseline(input_csv: str, output_csv: str, threshold: float = WRITE_THRESHOLD) -> None:
    """A standard Splink 5 model, as a careful user would build it from Splink's documentation:
    names lower-cased without accents, metaphone keys for blocking; Jaro-Winkler and Levenshtein
    levels on names, Splink's date-of-birth and postcode comparisons, exact town, gender and
    nationality; blocking on name and date components in several rules; u by random sampling,
    m by EM on date-of-birth and postcode blocks (not name blocks: see README)."""
    import duckdb
    import jellyfish
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    logging.getLogger("splink").setLevel(logging.ERROR)  # levels not seen in EM blocks: expected
    con = duckdb.connect()
    con.register("raw", con.read_csv(input_csv, all_varchar=True, header=True))
    clean = "NULLIF(trim(regexp_replace(lower(strip_accents({})), '[^a-z ]', ' ', 'g')), '')"
    con.execute(
        f"""CREATE TABLE people AS SELECT
              CAST(id AS BIGINT) AS unique_id,
              {clean.format("given_name")} AS given_name,
              {clean.format("family_name")} AS surname,
              date_of_birth AS dob,
              substr(date_of_birth, 1, 4) AS dob_year,
              substr(date_of_birth, 6, 5) AS dob_month_day,
              CASE WHEN postcode IS NOT NULL THEN
                upper(replace(postcode, ' ', ''))[:-4] || ' ' || upper(replace(postcode, ' ', ''))[-3:]
              END AS postcode,
              lower(town) AS town, gender, nationality
            FROM raw"""  # noqa: S608 - our own SQL fragments
    )
    names = {
        row[0]
        for row in con.execute("SELECT given_name FROM people UNION SELECT surname FROM people").fetchall()
        if row[0]
    }
    con.execute("CREATE TABLE keys (name VARCHAR, mp VARCHAR)")
    con.executemany("INSERT INTO keys VALUES (?, ?)", [(n, jellyfish.metaphone(n)) for n in names])
    con.execute(
        """CREATE TABLE df AS SELECT p.*, g.mp AS given_mp, s.mp AS surname_mp,
                  regexp_extract(p.postcode, '^[A-Z]+[0-9][A-Z0-9]?') AS district
           FROM people p LEFT JOIN keys g ON g.name = p.given_name LEFT JOIN keys s ON s.name = p.surname"""
    )

    def name_comparison(col: str) -> cl.CustomComparison:
        return cl.CustomComparison(
            comparison_levels=[
                cll.NullLevel(col),
                cll.ExactMatchLevel(col).configure(tf_adjustment_column=col),
                cll.LevenshteinLevel(col, 1),
                cll.JaroWinklerLevel(col, 0.92),
                cll.JaroWinklerLevel(col, 0.8),
                cll.ElseLevel(),
            ],
            output_column_name=col,
        )

    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            name_comparison("given_name"),
            name_comparison("surname"),
            cl.DateOfBirthComparison("dob", input_is_string=True, datetime_format="%Y-%m-%d"),
            cl.PostcodeComparison("postcode"),
            cl.ExactMatch("town"),
            cl.ExactMatch("gender"),
            cl.ExactMatch("nationality"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("surname_mp", "dob"),
            block_on("given_mp", "dob"),
            block_on("given_mp", "surname_mp", "dob_year"),
            block_on("given_mp", "surname_mp", "dob_month_day"),
            block_on("postcode"),
            block_on("dob", "substr(surname, 1, 1)"),
            block_on("dob", "substr(given_name, 1, 1)"),
            block_on("given_mp", "surname_mp", "town"),
            block_on("dob", "town"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    db_api = DuckDBAPI(con)
    linker = Linker(db_api.register("df"), settings, log_level=None)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "surname", "dob")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"), max_pairs=2e6)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("postcode"), max_pairs=2e6)
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    pairs = con.sql(
        "SELECT unique_id_l AS id_a, unique_id_r AS id_b, match_probability AS score "  # noqa: S608 - Splink's table
        f"FROM {predictions.physical_name} ORDER BY id_a, id_b"
    )
    pairs.write_csv(output_csv, header=True)


# Scoring ---------------------------------------------------------------------------------------


def best_f1(pairs_csv: Path, truth_csv: Path) -> dict[str, float]:
    """F1 at the best threshold over the scored pairs, with precision and recall there."""
    import duckdb

    con = duckdb.connect()
    con.register("t", con.read_csv(str(truth_csv), dtype={"id": "VARCHAR", "cluster_id": "BIGINT"}))
    con.register("p", con.read_csv(str(pairs_csv), dtype={"id_a": "VARCHAR", "id_b": "VARCHAR", "score": "DOUBLE"}))
    total = con.execute(
        "SELECT sum(n * (n - 1) / 2) FROM (SELECT count(*) AS n FROM t GROUP BY cluster_id)"
    ).fetchall()[0][0]
    rows = con.execute(
        """WITH scored AS (SELECT p.score, (ta.cluster_id = tb.cluster_id)::INT AS hit
                           FROM p JOIN t ta ON ta.id = p.id_a JOIN t tb ON tb.id = p.id_b),
                by_score AS (SELECT score, sum(hit) AS hits, count(*) AS n FROM scored GROUP BY score),
                cumulative AS (SELECT score, sum(hits) OVER w AS tp, sum(n) OVER w AS k
                               FROM by_score WINDOW w AS (ORDER BY score DESC))
            SELECT score, tp, k FROM cumulative"""
    ).fetchall()
    best = {"f1": 0.0, "precision": 0.0, "recall": 0.0, "threshold": 1.0, "pairs": 0}
    for score, tp, k in rows:
        precision, recall = tp / k, tp / total
        f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
        if f1 > best["f1"]:
            best = {"f1": f1, "precision": precision, "recall": recall, "threshold": score, "pairs": k}
    return best


def measured(command: list[str]) -> tuple[float, float]:
    """Run `command`; its wall time in seconds and its own peak RSS in GB."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT)  # noqa: S603 - our own interpreter and scripts
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{command} failed with exit code {process.returncode}")
    return wall, usage.ru_maxrss / 1024 / 1024


# Bulk half -------------------------------------------------------------------------------------


def dedupe_worker(input_csv: str, output_csv: str, threshold: float = WRITE_THRESHOLD) -> None:
    """Ours, end to end, as `manage.py dedupe` runs it (waymark/people/bulk.py: read, prepare,
    train, score, write), except that dates of birth that are not real dates are kept as written
    rather than refused: people_synth.py writes about 0.6% of them ("1985-00-18", a keyboard slip),
    which the command rightly asks the user to correct first."""
    sys.path.insert(0, str(ROOT))
    from waymark.people import bulk

    people = bulk.read_people_csv(input_csv)
    pairs = bulk.duplicate_pairs(people.columns, threshold, strict_dates=False, row_numbers=people.row_numbers)
    bulk.write_pairs(pairs, output_csv)


def run_bulk(sizes: list[int], repeat: int = 3) -> list[dict]:
    rows = []
    for n in sizes:
        people, truth = ensure_data(n)
        out = Path(tempfile.mkdtemp(prefix="waymark-bench-"))
        results: dict[str, dict] = {}
        for name in ("dedupe", "splink"):
            pairs = out / f"{name}.csv"
            command = [sys.executable, __file__, f"--{name}-worker", str(people), str(pairs)]
            runs = []
            for run in range(repeat):
                print(f"{n:,} rows: {name}, run {run + 1} of {repeat} ...", flush=True)
                runs.append(measured(command))
            walls, peaks = sorted(w for w, _ in runs), sorted(r for _, r in runs)
            results[name] = {"wall_s": walls[len(walls) // 2], "rss_gb": peaks[len(peaks) // 2]}
            results[name] |= best_f1(pairs, truth)
            print(f"  {results[name]}", flush=True)
        rows.append({"n": n, **results})
    return rows


def print_bulk(rows: list[dict]) -> bool:
    ok = True
    print()
    print("Bulk de-duplication: dedupe (ours) against a default Splink 5 model, same file, same machine")
    print(f"{'rows':>10}  {'system':<7} {'F1':>6} {'prec':>6} {'recall':>6} {'at p':>6} {'time s':>7} {'peak GB':>7}")
    for row in rows:
        for name in ("dedupe", "splink"):
            r = row[name]
            print(
                f"{row['n']:>10,}  {name:<7} {r['f1']:>6.3f} {r['precision']:>6.3f} {r['recall']:>6.3f} "
                f"{r['threshold']:>6.3f} {r['wall_s']:>7.1f} {r['rss_gb']:>7.2f}"
            )
        ours, theirs = row["dedupe"], row["splink"]
        f1_met = ours["f1"] > theirs["f1"]
        time_met = ours["wall_s"] <= theirs["wall_s"]
        ok &= f1_met and time_met
        print(
            f"{'':>10}  target F1 > Splink's: {ours['f1']:.3f} vs {theirs['f1']:.3f} "
            f"{'met' if f1_met else 'MISSED'}; time <= Splink's: {ours['wall_s']:.1f} s vs "
            f"{theirs['wall_s']:.1f} s {'met' if time_met else 'MISSED'}"
        )
    return ok


# Online half: ADD HERE ---------------------------------------------------------------------------


def run_online(sizes: list[int]) -> bool:
    """The online look-up benchmark (bench/matching_online.py) at each size, each in its own process
    (each loads its own database): prints its table against its targets; False on a miss."""
    script = Path(__file__).with_name("matching_online.py")
    met = True
    for size in sizes:
        command = [sys.executable, str(script), "--size", str(size)]
        met &= subprocess.run(command, check=False).returncode == 0  # noqa: S603 - our own script
    return met


def main() -> int:
    workers = {"--splink-worker": splink_baseline, "--dedupe-worker": dedupe_worker}
    if len(sys.argv) == 4 and sys.argv[1] in workers:
        workers[sys.argv[1]](sys.argv[2], sys.argv[3])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000", help="comma-separated row counts")
    parser.add_argument("--bulk-only", action="store_true", help="skip the online half")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each system per size; the median is kept")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    ok = print_bulk(run_bulk(sizes, args.repeat))
    if not args.bulk_only:
        ok &= run_online(sizes)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
