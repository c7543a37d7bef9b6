"""Verification alone: CPU per article for `verify_with_report` on synthetic articles.

The throughput benchmark measures verification inside a busy event loop, where the figures swing
with the machine's load; this one times the same synthetic articles (and the fault server's
answer for each) in isolation, so two versions of the code compare.

    python bench/verify_bench.py               # 200 articles, ms per article
    python bench/verify_bench.py --profile     # and where the time goes
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, write_articles

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
from faultserver import extraction_for  # noqa: E402

from summarizer.core.types import ModelExtraction  # noqa: E402
from summarizer.ingest import load as read  # noqa: E402
from summarizer.verification.article import verify_with_report  # noqa: E402
from summarizer.verification.names import NameResolver  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=1, help="later rounds hit warm caches")
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        articles = [read(p) for p in write_articles(Path(folder), args.articles)]
    answers = [ModelExtraction.model_validate(extraction_for(a.text)) for a in articles]
    names = NameResolver()
    for a, e in zip(articles[:10], answers[:10], strict=True):  # warm the caches and imports
        verify_with_report(a, e, names)
    for _ in range(args.rounds):
        started = time.process_time()
        for a, e in zip(articles, answers, strict=True):
            verify_with_report(a, e, names)
        print(f"verify: {(time.process_time() - started) / len(articles) * 1000:.2f} ms CPU per article")
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for a, e in zip(articles, answers, strict=True):
            verify_with_report(a, e, names)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumtime").print_stats(r"summarizer/", 60)
    return 0


if __name__ == "__main__":
    sys.exit(main())
