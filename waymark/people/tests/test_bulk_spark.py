"""The de-duplication model on Spark (a local session with Splink's similarity functions): trained
on Spark, it gives the same model as on DuckDB, and scores the same pairs with the same
probabilities. Skipped only where Java or pyspark is missing (requirements-dev.txt installs
pyspark; Java 17 is on the CI machine)."""

from __future__ import annotations

import logging
import shutil

import pytest

from waymark.people import bulk
from waymark.people.tests.test_dedupe import corrupted_copies, make_people

pytestmark = [
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java"),
    # pyspark 3.5's pandas conversion uses APIs pandas 3 and Python 3.11 deprecate, and py4j leaves
    # its sockets to the garbage collector: noise from the libraries, not from this code.
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.filterwarnings("ignore::pandas.errors.Pandas4Warning"),
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
]


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    # py4j reports closing its connections at INFO, at interpreter exit, after pytest has closed
    # the streams the project's log handler writes to.
    logging.getLogger("py4j").setLevel(logging.WARNING)
    from splink.backends.spark import similarity_jar_location

    session = (
        SparkSession.builder.master("local[2]")
        .appName("waymark-dedupe-test")
        .config("spark.jars", similarity_jar_location())  # jaro_winkler and friends for Splink
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "1g")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        # The scoring expression is larger than a JVM method may be: Spark would log a compile
        # error and fall back anyway.
        .config("spark.sql.codegen.wholeStage", "false")
        .config("spark.local.dir", str(tmp_path_factory.mktemp("spark")))
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_the_same_model_trains_and_scores_alike_on_spark_and_duckdb(spark):
    people, true_pairs = make_people(background=150, seed=11)
    training = bulk.rows_to_columns(people + corrupted_copies(people, seed=11))

    on_spark = bulk.train_model(training, spark=spark)
    on_duckdb = bulk.train_model(training)
    for name, levels in on_duckdb.items():  # EM on the same pairs; u sampled by each engine
        for (m_spark, _), (m_duckdb, _) in zip(on_spark[name], levels, strict=True):
            assert m_spark == pytest.approx(m_duckdb, abs=0.05), name

    scored_on_spark = bulk.find_duplicate_pairs(people, 0.5, spark=spark, parameters=on_spark)
    scored_on_duckdb = bulk.find_duplicate_pairs(people, 0.5, parameters=on_spark)
    assert [(a, b) for a, b, _ in scored_on_spark] == [(a, b) for a, b, _ in scored_on_duckdb]
    assert [p for _, _, p in scored_on_spark] == pytest.approx([p for _, _, p in scored_on_duckdb], abs=1e-9)
    assert {(a, b) for a, b, p in scored_on_spark if p >= bulk.DEFAULT_THRESHOLD} == true_pairs
