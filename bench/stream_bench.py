"""What streaming costs per request: the same requests, streamed and not, against the fake endpoint.

Usage: .venv/bin/python bench/stream_bench.py [--requests 200] [--rounds 3] [--concurrency 1]
The fault server runs in its own process with no latency, so the figures are the client's own cost:
the SDK's SSE parsing and the watch (repetition, JSON shape) on every chunk. The two modes alternate
round by round in one run; each answer is ~4 characters a chunk, as llama.cpp sends one token a chunk.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, server_process, write_articles  # noqa: E402

sys.path.insert(0, str(ROOT))
from summarizer import ingest  # noqa: E402
from summarizer.core.settings import Settings  # noqa: E402
from summarizer.core.types import ModelExtraction  # noqa: E402
from summarizer.extraction.article import messages_for  # noqa: E402
from summarizer.extraction.llm import LLM, build_client  # noqa: E402


async def one_round(base_url: str, stream: bool, conversations: list[list[dict[str, str]]],
                    concurrency: int) -> tuple[float, float, int]:
    """Wall seconds, client CPU seconds and completion tokens for all the requests."""
    settings = Settings(model="fake", base_url=base_url, api_key="sk-bench-stream", use_cache=False,
                        stream=stream, max_attempts=1, cache_dir=Path(tempfile.gettempdir()))
    client = build_client(settings)
    llm = LLM(settings, client=client)
    limit = asyncio.Semaphore(concurrency)
    tokens = 0

    async def ask(messages: list[dict[str, str]]) -> None:
        nonlocal tokens
        async with limit:
            out = await llm.structured(messages, ModelExtraction, label="bench")
            tokens += out.usage.completion_tokens

    await ask(conversations[0])  # connection and imports warm
    tokens = 0
    wall, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(ask(m) for m in conversations))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    await client.close()
    return wall, cpu, tokens


async def run(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp, server_process() as base_url:
        paths = write_articles(Path(tmp) / "articles", args.requests)
        conversations = [messages_for(ingest.read_article(p)) for p in paths]
        figures: dict[bool, list[tuple[float, float, int]]] = {False: [], True: []}
        for _ in range(args.rounds):
            for stream in (False, True):
                figures[stream].append(await one_round(base_url, stream, conversations, args.concurrency))
    n = args.requests
    print(f"requests: {n} per round, {args.rounds} rounds per mode, concurrency {args.concurrency}, "
          f"fake endpoint in its own process, no latency")
    rows = {}
    for stream, runs in figures.items():
        wall = statistics.median(w for w, _, _ in runs) / n * 1000
        cpu = statistics.median(c for _, c, _ in runs) / n * 1000
        chunks = runs[0][2] / n
        rows[stream] = (wall, cpu)
        print(f"{'streamed' if stream else 'plain':9} wall {wall:6.2f} ms/request  client CPU {cpu:6.2f} ms/request"
              f"  ({chunks:.0f} completion tokens a request)")
    (pw, pc), (sw, sc) = rows[False], rows[True]
    print(f"streamed - plain: wall {sw - pw:+.2f} ms/request ({sw / pw:.2f}x), client CPU {sc - pc:+.2f} ms/request "
          f"({sc / pc:.2f}x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=1)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
