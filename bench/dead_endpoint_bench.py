"""A batch against a dead endpoint (connection refused), with the real backoff: how long until it stops.

Usage: .venv/bin/python bench/dead_endpoint_bench.py [--articles 20] [--concurrency 4]
Issue 18.8 measured 173 s for 20 articles before the circuit breaker (every article retried in full).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import write_articles  # noqa: E402


def dead_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}/v1"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--breaker", type=int, default=3, help="SUMMARIZER_BREAKER_ARTICLES (0: off).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        write_articles(Path(tmp) / "articles", args.articles)
        env = {**os.environ, "OPENAI_BASE_URL": dead_url(), "SUMMARIZER_MODEL": "fake",
               "SUMMARIZER_CACHE_DIR": str(Path(tmp) / "cache"), "SUMMARIZER_BREAKER_ARTICLES": str(args.breaker)}
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "summarizer", "brief", str(Path(tmp) / "articles"), "-q",
                               "-c", str(args.concurrency)], env=env, capture_output=True, text=True)
        wall = time.perf_counter() - started
    lines = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    print(f"articles: {args.articles}, concurrency {args.concurrency}, breaker after {args.breaker} articles")
    print(f"exit code: {proc.returncode}, error lines: {len(lines)}, wall time: {wall:.1f} s")
    print(f"last line: {lines[-1][:160] if lines else ''}")


if __name__ == "__main__":
    main()
