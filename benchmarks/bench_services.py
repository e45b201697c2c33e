"""Benchmark (not a test): start time of each lab service, Spark session start, JVM peak memory.

Run: .venv/bin/python benchmarks/bench_services.py [--scale 1]
Uses a temporary LABKIT_DATA and free ports, and stops everything it started.
"""

from __future__ import annotations

import argparse
import os
import socket
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def timed(label: str, action: Callable[[], object]) -> object:
    start = time.perf_counter()
    result = action()
    print(f"{label:<44} {time.perf_counter() - start:7.2f} s", flush=True)
    return result


def jvm_peak_rss_mb(spark) -> float:
    """VmHWM (peak resident set) of the py4j JVM, from /proc."""
    pid = spark.sparkContext._gateway.proc.pid
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def bench_http_and_postgres(scale: float) -> None:
    from labkit import services

    for name in ("api", "site"):
        timed(f"{name}: start until /health answers", lambda n=name: services.ensure(n))
        timed(f"{name}: ensure again (already running)", lambda n=name: services.ensure(n))
    port = free_port()
    timed("postgres: first start (initdb + schema)",
          lambda: services.ensure("postgres", port=port, load=False))
    services.stop("postgres")
    timed("postgres: start (existing data dir)",
          lambda: services.ensure("postgres", port=port, load=False))
    timed(f"postgres: load generator scale {scale:g} (COPY)",
          lambda: services.ensure("postgres", port=port, scale=scale))
    print("stopped:", ", ".join(services.stop_all()))


def bench_spark() -> None:
    from labkit import services

    spark = timed("spark: session start (local[2], Hive)", services.spark)
    timed("spark: first job (range 1e6, sum)",
          lambda: spark.range(10**6).selectExpr("sum(id)").collect())
    timed("spark: first metastore use (CREATE TABLE)",
          lambda: spark.sql("CREATE TABLE bench (id BIGINT) USING parquet"))
    print(f"{'spark: JVM peak RSS (VmHWM)':<44} {jvm_peak_rss_mb(spark):7.0f} MB")
    spark.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1)
    parser.add_argument("--skip-spark", action="store_true")
    args = parser.parse_args()
    os.environ["LABKIT_DATA"] = tempfile.mkdtemp(prefix="labkit-bench-")
    os.environ["LABKIT_API_PORT"] = str(free_port())
    os.environ["LABKIT_SITE_PORT"] = str(free_port())
    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f}")
    bench_http_and_postgres(args.scale)
    if not args.skip_spark:
        bench_spark()


if __name__ == "__main__":
    main()
