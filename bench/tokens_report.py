"""Tokens per article before and after boilerplate stripping (raw_text vs text), for seeds/ or given paths.

Usage: .venv/bin/python bench/tokens_report.py [PATHS...]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from summarizer import ingest  # noqa: E402
from summarizer.extraction import tokens  # noqa: E402


def report(paths: list[str]) -> list[tuple[str, int, int]]:
    """(article id, tokens of the file as read, tokens the model sees) for every article."""
    rows = []
    for item in ingest.collect_items(paths):  # a feed gives a row each
        article = ingest.load(item)
        rows.append((article.id, tokens.count(article.raw_text), tokens.count(article.text)))
    return rows


def main() -> None:
    rows = report(sys.argv[1:] or [str(ROOT / "seeds")])
    width = max(len(r[0]) for r in rows)
    print(f"{'article':<{width}}  {'raw':>6}  {'cleaned':>7}  {'saved':>6}")
    for name, raw, clean in rows:
        print(f"{name:<{width}}  {raw:>6}  {clean:>7}  {(raw - clean) / raw:>6.1%}")
    raw_total, clean_total = sum(r[1] for r in rows), sum(r[2] for r in rows)
    saved = (raw_total - clean_total) / raw_total
    print(f"{'total':<{width}}  {raw_total:>6}  {clean_total:>7}  {saved:>6.1%}")
    print(f"{'mean':<{width}}  {raw_total / len(rows):>6.0f}  {clean_total / len(rows):>7.0f}")


if __name__ == "__main__":
    main()
