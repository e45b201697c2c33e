"""Run as a script (own process, own LABKIT_DATA): a tiny Spark job on partitioned files.

Prints one JSON line on stdout; the test checks that nothing at all reached stderr."""

from __future__ import annotations

import contextlib
import json
import sys
import time
from pathlib import Path

DAYS = ("2024-03-01", "2024-03-02", "2024-03-03")


def write_files(root: Path) -> None:
    """Clickstream as JSON lines by day (3 events a day), sensors as Parquet by store."""
    import pandas as pd

    for n, day in enumerate(DAYS):
        folder = root / "clickstream" / f"day={day}"
        folder.mkdir(parents=True)
        events = [{"event_id": 10 * n + i, "event": "view", "ts": f"{day}T10:0{i}:00"}
                  for i in range(3)]
        (folder / "part-0.json").write_text("\n".join(json.dumps(e) for e in events) + "\n")
    sensors = root / "sensors" / "store_id=1"
    sensors.mkdir(parents=True)
    pd.DataFrame({"sensor": ["fridge-1"], "celsius": [3.5]}).to_parquet(sensors / "0.parquet")


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
    return {"seconds": seconds, "tables": tables, "n": query.first()["n"], "plan": plan,
            "catalog": spark.conf.get("spark.sql.catalogImplementation"),
            "sensors": spark.table("panier_vert.sensors").count()}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]))))
