"""Workers sharing one store: N `summarizer ingest` processes on one SQLite file or one Postgres
database, against the fault server (its own process, a fixed latency per call).

Each configuration starts from an empty store and empty caches (one per worker, as on separate
machines), starts the workers at once and waits for all. Prints wall time, articles per second,
model calls per article (all requests: EVENTS, TRANSLATE, re-asks), EVENTS asks per article
(must be 1.00), requests seen more than once (must be 0) and the events in the record.

Usage: .venv/bin/python bench/store_bench.py [--articles 200 2000] [--workers 1 2 3 4]
       [--stores sqlite postgres] [--latency 0.2] [-c 4]
Postgres: SUMMARIZER_BENCH_POSTGRES (default: the local socket) names a server and a role that may
create databases; each configuration gets a database of its own, dropped after.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, server_process, write_articles  # noqa: E402

sys.path.insert(0, str(ROOT))

POSTGRES = os.environ.get("SUMMARIZER_BENCH_POSTGRES", "postgresql:///postgres?host=/var/run/postgresql")


@contextmanager
def store_at(kind: str, tmp: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield str(tmp / f"store-{uuid.uuid4().hex[:6]}.sqlite3")
        return
    import psycopg

    name = f"summarizer_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(POSTGRES, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
        try:
            base, _, query = POSTGRES.partition("?")
            yield base.rsplit("/", 1)[0] + "/" + name + (f"?{query}" if query else "")
        finally:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def post(url: str) -> None:
    urllib.request.urlopen(urllib.request.Request(url, method="POST", data=b""), timeout=10).read()


def counted(url: str) -> tuple[int, int, int]:
    """Requests answered, extraction requests among them, requests seen more than once."""
    with urllib.request.urlopen(url, timeout=10) as response:
        stats = json.load(response)
    return int(stats["answered"]), int(stats["extractions"]), int(stats["repeated"])


def run(base_url: str, store: str, folder: Path, workers: int, concurrency: int, tmp: Path) -> tuple[float, str]:
    env = {**os.environ, "OPENAI_BASE_URL": base_url, "OPENAI_API_KEY": "sk-bench", "SUMMARIZER_MODEL": "fake",
           "SUMMARIZER_STORE": store}
    start = time.perf_counter()
    procs = [
        subprocess.Popen([sys.executable, "-m", "summarizer", "ingest", str(folder), "-c", str(concurrency), "-q"],
                         env={**env, "SUMMARIZER_CACHE_DIR": str(tmp / f"cache-{uuid.uuid4().hex[:6]}")},
                         cwd=ROOT, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(workers)
    ]
    outs = [p.communicate() for p in procs]
    wall = time.perf_counter() - start
    for p, (_, err) in zip(procs, outs, strict=True):
        if p.returncode != 0:
            raise SystemExit(f"a worker failed ({p.returncode}): {err.strip()[-500:]}")
    return wall, outs[-1][0].strip()


def overhead(kind: str, tmp: Path, n: int = 2000) -> float:
    """Milliseconds of store work per model request: look up, claim, store the answer, let go."""
    import asyncio

    from summarizer.store.postgres import PostgresStore
    from summarizer.store.sqlite import SQLiteStore

    answer = {"content": "x" * 2000, "finish_reason": "stop", "prompt_tokens": 900, "completion_tokens": 500}

    async def requests(store: Any) -> None:
        for i in range(n):
            key = f"{uuid.uuid4().hex}{i}"
            assert await store.wait_or_claim(key) is None
            store.put(key, "m", answer)
            store.release_request(key)
        store.flush()

    with store_at(kind, tmp) as target:
        store = PostgresStore(target) if kind == "postgres" else SQLiteStore(target)
        try:
            start = time.perf_counter()
            asyncio.run(requests(store))
            return (time.perf_counter() - start) * 1000 / n
        finally:
            store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 3, 4])
    parser.add_argument("--stores", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"])
    parser.add_argument("--latency", type=float, default=0.2, help="Seconds the fake endpoint takes per call.")
    parser.add_argument("-c", "--concurrency", type=int, default=4, help="Articles in flight per worker.")
    parser.add_argument("--overhead-only", action="store_true", help="Only the store's cost per request.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmpdir:
        for kind in args.stores:
            print(f"{kind}: {overhead(kind, Path(tmpdir)):.2f} ms of store work per request "
                  "(look up, claim, store the answer, let go; one process, one at a time)")
    if args.overhead_only:
        return
    print(f"fault server latency {args.latency} s, {args.concurrency} articles in flight per worker, "
          f"{os.cpu_count()} cores")
    header = f"{'store':8} {'articles':>8} {'workers':>7} {'wall s':>7} {'art/s':>6} {'calls':>6} {'calls/art':>9}"
    print(header + f" {'events/art':>10} {'repeated':>8}  record")
    with tempfile.TemporaryDirectory() as tmpdir, server_process("--latency", str(args.latency)) as base_url:
        tmp = Path(tmpdir)
        stats = base_url.removesuffix("/v1") + "/_stats"
        for n in args.articles:
            folder = tmp / f"articles-{n}"
            write_articles(folder, n)
            for kind in args.stores:
                for workers in args.workers:
                    with store_at(kind, tmp) as store:
                        post(base_url.removesuffix("/v1") + "/_reset")
                        wall, summary = run(base_url, store, folder, workers, args.concurrency, tmp)
                        calls, extractions, repeated = counted(stats)
                    record = summary.split("; ", 1)[-1].split(" in ")[0]
                    print(f"{kind:8} {n:8d} {workers:7d} {wall:7.1f} {n / wall:6.1f} {calls:6d} {calls / n:9.2f}"
                          f" {extractions / n:10.2f} {repeated:8d}  {record}", flush=True)


if __name__ == "__main__":
    main()
