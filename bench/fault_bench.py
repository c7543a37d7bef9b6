"""Reliability under faults: 100 synthetic articles, 30% of calls failing transiently, concurrency 8.

Usage: .venv/bin/python bench/fault_bench.py [--articles 100] [--fault-rate 0.3] [--seed 1]
Goal: every article completes (none lost) with the library's real backoff and Retry-After handling.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, write_articles  # noqa: E402
from faultserver import DROP, ERROR_500, ERROR_503, RATE_LIMIT, SLOW, FaultServer  # noqa: E402

sys.path.insert(0, str(ROOT))
from summarizer.core.settings import Settings  # noqa: E402
from summarizer.pipeline import Summarizer  # noqa: E402


async def run(args: argparse.Namespace) -> int:
    mix = {RATE_LIMIT: 1.0, ERROR_500: 1.0, ERROR_503: 1.0, DROP: 1.0, SLOW: 1.0}
    with tempfile.TemporaryDirectory() as tmp, FaultServer(
        fault_rate=args.fault_rate, fault_mix=mix, retry_after=(0.0, 1.0),
        slow_seconds=args.timeout * 2, seed=args.seed, latency=args.latency,
    ) as server:
        paths = write_articles(Path(tmp) / "articles", args.articles)
        settings = Settings(model="fake", base_url=server.base_url, api_key="sk-bench-faults",
                            cache_dir=Path(tmp) / "cache", concurrency=args.concurrency,
                            timeout=args.timeout)
        started = time.perf_counter()
        results = await Summarizer(settings).aextract(paths)
        wall = time.perf_counter() - started
        lost = [r for r in results if r.error]
        retries = sum(r.usage.retries for r in results)
        reasks = sum(r.usage.reasks for r in results)
        calls = sum(r.usage.calls for r in results)
        counts = dict(sorted(server.counts.items()))
    print(f"articles:        {len(results)}  (fault rate {args.fault_rate:.0%} of calls, "
          f"concurrency {args.concurrency}, client timeout {args.timeout:g}s, seed {args.seed})")
    print(f"completed:       {len(results) - len(lost)}/{len(results)}")
    print(f"lost:            {len(lost)}")
    for r in lost:
        print(f"  {r.error}")
    print(f"model calls:     {calls}  server saw {sum(counts.values())}: {counts}")
    print(f"retries:         {retries}")
    print(f"re-asks:         {reasks}")
    print(f"wall time:       {wall:.1f} s")
    return 1 if lost else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--fault-rate", type=float, default=0.3)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=2.0, help="Client timeout; slow answers take 2x.")
    parser.add_argument("--latency", type=float, default=0.05, help="Server latency of every answer.")
    parser.add_argument("--seed", type=int, default=1)
    sys.exit(asyncio.run(run(parser.parse_args())))


if __name__ == "__main__":
    main()
