"""Run as a script (own process, own LABKIT_DATA): a tiny Spark job on partitioned files.

Prints one JSON line on stdout; the test checks that nothing at all reached stderr."""

from __future__ import annotations

import contextlib
import json
import sys
import time
from pathlib import Path

DAYS = ("2024-03-01", "2024-03-02", "2024-03-03")


def write_day(root: Path, n: int, day: str) -> None:
    """One clickstream day folder with 3 events."""
    folder = root / "clickstream" / f"day={day}"
    folder.mkdir(parents=True)
    events = [{"event_id": f"e{10 * n + i}", "event_type": "page_view",
               "ts": f"{day}T10:0{i}:00+01:00", "device": {"type": "mobile", "os": "iOS"}}
              for i in range(3)]
    (folder / "part-0.jsonl").write_text("\n".join(json.dumps(e) for e in events) + "\n")


def write_files(root: Path) -> None:
    """Clickstream as JSON lines by day (3 events a day), sensors as Parquet by month,
    shaped like the generator's files (the catalog declares their schema)."""
    import pandas as pd

    for n, day in enumerate(DAYS):
        write_day(root, n, day)
    sensors = root / "sensors" / "month=2024-03"
    sensors.mkdir(parents=True)
    pd.DataFrame({"store_id": [1], "sensor_id": ["fridge-1"], "kind": ["temperature"],
                  "ts": [pd.Timestamp("2024-03-01 10:00")], "value": [3.5]}
                 ).to_parquet(sensors / "0.parquet")


class Recording:
    """A SparkSession that records the SQL statements it runs."""

    def __init__(self, spark) -> None:
        self.spark, self.statements = spark, []

    def sql(self, statement: str):
        self.statements.append(" ".join(statement.split()[:2]).upper())
        return self.spark.sql(statement)

    def __getattr__(self, name: str):
        return getattr(self.spark, name)


def main(root: Path) -> dict:
    from labkit import services

    write_files(root)
    start = time.perf_counter()
    spark = services.spark("test")
    seconds = time.perf_counter() - start
    tables = services.spark_tables(spark, root=root)
    query = spark.sql("SELECT count(*) AS n FROM panier_vert.clickstream WHERE day = '2024-03-02'")
    plan = query._jdf.queryExecution().executedPlan().toString()
    # A learner's failing query must not write to stderr either.
    with contextlib.suppress(Exception):  # AnalysisException
        spark.sql("SELECT missing_column FROM panier_vert.clickstream").collect()
    spark.range(3).write.saveAsTable("kept")
    recording = Recording(spark)
    again = services.spark_tables(recording, root=root)  # up to date: kept as is
    write_day(root, 3, "2024-03-04")  # a new day folder: registered again, partition found
    services.spark_tables(spark, root=root)
    days = spark.sql("SELECT count(DISTINCT day) AS d FROM panier_vert.clickstream").first()["d"]
    return {"again": again, "statements_when_up_to_date": recording.statements,
            "days_after_new_folder": days,
            "seconds": seconds, "tables": tables, "n": query.first()["n"], "plan": plan,
            "catalog": spark.conf.get("spark.sql.catalogImplementation"),
            "sensors": spark.table("panier_vert.sensors").count()}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]))))
