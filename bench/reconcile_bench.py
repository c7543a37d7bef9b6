"""Scale benchmark for reconcile: synthetic records, wall time and peak memory per size.

Run: .venv/bin/python bench/reconcile_bench.py [--sizes 1000 10000 100000] [--no-memory]
Goal: 10k records in under 2 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import time
import tracemalloc

from summarizer.core.types import (
    EventDate,
    EventRecord,
    Evidence,
    Figure,
    FormatClaim,
    Name,
    Span,
    Statement,
)
from summarizer.reconciliation.merge import reconcile

START = dt.date(2023, 1, 1)
WORDS = (
    "relations partnership trade energy gas oil security cooperation stability sanctions "
    "treaty visit summit growth investment strategic dialogue support region market"
).split()
METHODS = ("stated", "relative", "anchored", "inferred", "model")


def _ev(rng: random.Random, quote: str) -> Evidence:
    span = Span.model_construct(start=0, end=len(quote)) if rng.random() < 0.9 else None
    return Evidence.model_construct(quote=quote, span=span, score=1.0)


def _name(n: str) -> Name:
    return Name.model_construct(as_written=n, canonical=n, kind="person", method="alias")


def synthetic(n: int, seed: int = 0) -> list[EventRecord]:
    """About n records: events among a pool of people, each reported by 1-6 articles."""
    rng = random.Random(seed)
    people = [f"Person {i:04d}" for i in range(max(20, n // 20))]
    records: list[EventRecord] = []
    article = 0
    while len(records) < n:
        pair = rng.sample(people, 2 if rng.random() < 0.9 else 3)
        day = START + dt.timedelta(days=rng.randrange(3 * 365))
        kind = rng.choice(("call", "call", "meeting", "talks", "visit"))
        fmt = {"call": "phone", "meeting": "in_person", "visit": "in_person"}.get(kind, "video")
        sayings = [" ".join(rng.sample(WORDS, 8)) for _ in range(3)]
        for _ in range(rng.randint(1, 6)):
            article += 1
            aid = f"{article:07d}.txt"
            pub = day + dt.timedelta(days=rng.choice((0, 0, 1, 2)))
            relative = rng.random() < 0.3
            value = day + dt.timedelta(days=-1 if relative and rng.random() < 0.2 else 0)
            date = EventDate.model_construct(
                text="today" if relative else value.isoformat(),
                value=value,
                month=value.month,
                day=value.day,
                year_known=True,
                method="relative" if relative else rng.choice(METHODS),
                model_guess=None,
                note="",
            )
            people_here = pair if rng.random() < 0.85 else pair[:1]
            statements = [
                Statement.model_construct(
                    speaker=_name(rng.choice(pair)), text_en=s, evidence=_ev(rng, f"{aid} said {i}")
                )
                for i, s in enumerate(rng.sample(sayings, 2))
            ]
            figures = [
                Figure.model_construct(
                    quantity="trade turnover",
                    value=f"${rng.choice((200, 200, 220))} billion",
                    evidence=_ev(rng, f"{aid} trade"),
                )
            ]
            records.append(
                EventRecord.model_construct(
                    article_id=aid,
                    index=0,
                    kind=kind,
                    main=True,
                    participants=[_name(p) for p in people_here],
                    date=date,
                    formats=[
                        FormatClaim.model_construct(
                            format=fmt if rng.random() < 0.9 else "video",
                            source=rng.choice(("", "Kremlin")),
                            evidence=_ev(rng, f"{aid} format"),
                        )
                    ],
                    topics=rng.sample(WORDS, 2),
                    statements=statements,
                    figures=figures,
                    published=pub,
                    language=rng.choice(("uk", "ru")),
                )
            )
            if len(records) >= n:
                break
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--no-memory", action="store_true", help="skip the (slower) traced run")
    args = parser.parse_args()
    # CPU time is shown too: on a shared machine it is closer to the idle wall time.
    print(f"{'records':>8} {'events':>8} {'wall s':>8} {'cpu s':>8} {'peak MiB':>9}")
    for n in args.sizes:
        records = synthetic(n)
        gc.collect()
        t0, c0 = time.perf_counter(), time.process_time()
        events = reconcile(records)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        peak = "-"
        if not args.no_memory:
            del events
            gc.collect()
            tracemalloc.start()
            events = reconcile(records)
            peak = f"{tracemalloc.get_traced_memory()[1] / 2**20:.1f}"
            tracemalloc.stop()
        print(f"{n:>8} {len(events):>8} {wall:>8.2f} {cpu:>8.2f} {peak:>9}", flush=True)


if __name__ == "__main__":
    main()
