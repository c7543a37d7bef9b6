"""Throughput: synthetic articles through the real `Summarizer.aextract` (ingest+extract+verify).

The endpoint is the fault server in its own process, answering every call in a fixed latency; the
cache is off. Prints wall time against the ideal ceil(n/c) x latency for each concurrency.

Usage: .venv/bin/python bench/throughput_bench.py [--articles 200] [--latency 0.3] [-c 1 8 32]
       [--profile 32]   (cProfile one run and print the top functions by cumulative time)
Goal: within 1.15x of ideal at c=32.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import functools
import importlib
import math
import pstats
import resource
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, server_process, write_articles  # noqa: E402

sys.path.insert(0, str(ROOT))
from summarizer.core.settings import Settings  # noqa: E402
from summarizer.pipeline import Summarizer  # noqa: E402

GOAL = 1.15
STAGES = {"ingest.load": "ingest", "verification.article.verify_extraction": "verify"}
cpu: defaultdict[str, float] = defaultdict(float)


def _timed(name: str, f: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(f)
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.thread_time()  # CPU of the event-loop thread, robust to other load
        try:
            return f(*args, **kwargs)
        finally:
            cpu[name] += time.thread_time() - started

    return timed


for _where, _stage in STAGES.items():  # the synchronous, CPU-bound stages of aextract
    _module, _name = _where.rsplit(".", 1)
    _mod = importlib.import_module(f"summarizer.{_module}")
    setattr(_mod, _name, _timed(_stage, getattr(_mod, _name)))


WORKER: bool | None = None  # None: the pipeline's default (a worker process for >= 64 articles)
STREAM = True


def settings(url: str, folder: Path, concurrency: int) -> Settings:
    return Settings(model="fake", base_url=url, api_key="sk-bench-throughput", use_cache=False,
                    cache_dir=folder / "cache", concurrency=concurrency, timeout=30, worker_process=WORKER,
                    stream=STREAM)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # waited-for children: the worker process
    return usage.ru_utime + usage.ru_stime


async def one_run(url: str, folder: Path, paths: list[Path], concurrency: int) -> float:
    cpu.clear()
    started, cpu_started, children_started = time.perf_counter(), time.process_time(), _children_cpu()
    results = await Summarizer(settings(url, folder, concurrency)).aextract(paths)
    wall = time.perf_counter() - started
    cpu["total"] = time.process_time() - cpu_started
    cpu["worker"] = _children_cpu() - children_started
    failed = [r.error for r in results if r.error]
    if failed:
        raise SystemExit(f"{len(failed)} article(s) failed, e.g. {failed[0]}")
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.3)
    parser.add_argument("-c", "--concurrency", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--profile", type=int, metavar="C", help="Profile one run at this concurrency.")
    parser.add_argument("--sort", default="cumulative", help="pstats order for --profile.")
    parser.add_argument("--worker", choices=["auto", "on", "off"], default="auto",
                        help="Read and verify in a worker process (auto: the pipeline's default).")
    parser.add_argument("--no-stream", action="store_true", help="Answers unstreamed (the default streams them).")
    args = parser.parse_args()
    global WORKER, STREAM
    WORKER = {"auto": None, "on": True, "off": False}[args.worker]
    STREAM = not args.no_stream
    with tempfile.TemporaryDirectory() as tmp, server_process("--latency", str(args.latency)) as url:
        folder = Path(tmp)
        paths = write_articles(folder / "articles", args.articles)
        asyncio.run(one_run(url, folder, paths[:4], 4))  # warm-up: imports, lazy models, connections
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            wall = asyncio.run(one_run(url, folder, paths, args.profile))
            profiler.disable()
            print(f"c={args.profile}: {wall:.2f} s (under cProfile)")
            pstats.Stats(profiler).sort_stats(args.sort).print_stats(30)
            return
        print(f"{args.articles} synthetic articles, endpoint latency {args.latency * 1000:.0f} ms, "
              f"cache off, {'streamed' if STREAM else 'unstreamed'}, full runs (nothing extrapolated)")
        print(f"{'c':>4}  {'wall s':>7}  {'ideal s':>7}  {'ratio':>6}  {'over ms/art':>11}  "
              f"{'CPU ms/art':>10}  {'ingest':>6}  {'verify':>6}  {'rest':>5}  {'worker':>6}")
        n = args.articles
        for c in args.concurrency:
            wall = asyncio.run(one_run(url, folder, paths, c))
            ideal = math.ceil(n / c) * args.latency
            over = (wall - ideal) / n * 1000
            rest = cpu["total"] - cpu["ingest"] - cpu["verify"]
            mark = "" if c != max(args.concurrency) else ("  ok" if wall / ideal <= GOAL else "  MISSES GOAL")
            print(f"{c:>4}  {wall:>7.2f}  {ideal:>7.2f}  {wall / ideal:>5.2f}x  {over:>11.2f}  "
                  f"{cpu['total'] / n * 1000:>10.2f}  {cpu['ingest'] / n * 1000:>6.2f}  "
                  f"{cpu['verify'] / n * 1000:>6.2f}  {rest / n * 1000:>5.2f}  {cpu['worker'] / n * 1000:>6.2f}{mark}")
        print("CPU columns, ms per article: CPU ms/art = the main process (one event-loop thread); of it\n"
              "ingest = read, verify = verify_extraction, rest = prompt, model layer, OpenAI client, JSON;\n"
              "worker = the worker process that reads and verifies beside the loop (batches of >= 64\n"
              "articles, or --worker on). The fake endpoint runs in a third process on the same cores.")


if __name__ == "__main__":
    main()
