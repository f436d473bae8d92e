"""Search latency over synthetic registries of 200, 1,000 and 5,000 shelters.

    .venv/bin/python -m bench.search_latency [--runs 400]

Measures (1) the matcher on a loaded snapshot and (2) `Registry.search` on a SQLite file,
which adds the revision check (one query) and, for unmet demand, nothing (record_unmet=False).
"""
from __future__ import annotations

import argparse
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from bench.synthetic import bench_profiles, synthetic_shelters
from bot.config import Settings
from bot.registry import repository as repo
from bot.registry.db import make_engine
from bot.registry.matching import Snapshot, evaluate_static, search
from bot.registry.orm import metadata
from bot.registry.service import Registry


def percentiles(samples_ms):
    ordered = sorted(samples_ms)
    return ordered[len(ordered) // 2], ordered[int(len(ordered) * 0.95) - 1]


def time_calls(call, runs):
    samples = []
    for i in range(runs):
        started = time.perf_counter()
        call(i)
        samples.append((time.perf_counter() - started) * 1000)
    return percentiles(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=400)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000, 5000])
    args = parser.parse_args()
    now = datetime.now(timezone.utc)
    profiles = bench_profiles()
    settings = Settings()
    print(f"{'shelters':>8} {'matcher p50':>12} {'p95':>8} {'cold p95':>9} {'registry p50':>13} {'p95':>8} {'load ms':>8}")
    for size in args.sizes:
        shelters = synthetic_shelters(size, now)
        snapshot = Snapshot(shelters)
        warm = time_calls(lambda i: search(snapshot, profiles[i % len(profiles)], settings, now), args.runs)

        def cold(i):
            evaluate_static.cache_clear()
            search(snapshot, profiles[i % len(profiles)], settings, now)

        cold_p = time_calls(cold, max(args.runs // 4, 20))
        with tempfile.TemporaryDirectory() as tmp:
            engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
            metadata.create_all(engine)
            registry = Registry(engine, settings)
            registry.prepare()
            with engine.begin() as conn:
                for shelter in shelters:
                    repo.upsert_shelter(conn, shelter)
                repo.bump_revision(conn)
            started = time.perf_counter()
            registry.snapshot()
            load_ms = (time.perf_counter() - started) * 1000
            full = time_calls(lambda i: registry.search(profiles[i % len(profiles)], record_unmet=False), args.runs)
            engine.dispose()
        print(f"{size:>8} {warm[0]:>12.2f} {warm[1]:>8.2f} {cold_p[1]:>9.2f} {full[0]:>13.2f} {full[1]:>8.2f} {load_ms:>8.0f}")


if __name__ == "__main__":
    main()
