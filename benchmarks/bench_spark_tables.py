"""Benchmark (not a test): registering the generated files as Hive tables, declared schema
(``services.spark_tables``) against the inferred schema it replaced, side by side.

Run: .venv/bin/python benchmarks/bench_spark_tables.py [--scale 0.05] [--rounds 3]
Uses a temporary LABKIT_DATA; the Spark session ends with the script.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time


def seconds(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def inferred(spark, base) -> None:
    """The former registration: no schema (Spark reads every file to infer it)."""
    for table, fmt in (("clickstream", "json"), ("sensors", "parquet")):
        name = f"bench_inferred.{table}"
        spark.sql(f"DROP TABLE IF EXISTS {name}")
        spark.sql(f"CREATE TABLE {name} USING {fmt} LOCATION '{(base / table).as_uri()}'")
        spark.sql(f"MSCK REPAIR TABLE {name}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=0.05)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    os.environ["LABKIT_DATA"] = tempfile.mkdtemp(prefix="bench_spark_tables_")
    from labkit import services
    from labkit.services import spark_catalog

    base = spark_catalog.generated_root(args.scale, 42)
    spark = services.spark("bench")
    spark.sql("CREATE DATABASE IF NOT EXISTS bench_inferred")
    spark.sql(f"CREATE DATABASE IF NOT EXISTS {spark_catalog.DATABASE}")
    old, new, again = [], [], []
    for _ in range(args.rounds):
        old.append(seconds(lambda: inferred(spark, base)))
        spark.sql(f"DROP TABLE IF EXISTS {spark_catalog.DATABASE}.clickstream")
        new.append(seconds(lambda: services.spark_tables(spark, args.scale, 42)))
        again.append(seconds(lambda: services.spark_tables(spark, args.scale, 42)))
    old_s, new_s, again_s = (statistics.median(x) for x in (old, new, again))
    print(f"scale {args.scale}, median of {args.rounds} rounds")
    print(f"inferred schema (before)        {old_s:7.2f} s")
    print(f"declared schema (first call)    {new_s:7.2f} s   {old_s / new_s:5.1f}x faster")
    print(f"declared schema (up to date)    {again_s:7.2f} s   {old_s / again_s:5.1f}x faster")


if __name__ == "__main__":
    main()
