"""Completion tokens per article in a recorded run (a cassette of real model traffic), by article.

Usage: .venv/bin/python bench/completion_tokens.py [CASSETTE ...]   (default: cassettes/seeds_brief.yaml)

Each request is put to the article whose marked text it carries (<<<ARTICLE or <<<ARTICLE-ID) by
the article's first line; the figures are the server's own usage counts (or, for a stream without
usage, the timings' `predicted_n`), so they are what the model really wrote, retries included.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from summarizer.extraction.reply import recorded_answer  # noqa: E402

MARKED = re.compile(r"<<<ARTICLE(?:-([0-9a-f]+))?\n(.*?)\n", re.S)


def per_article(cassette: Path) -> dict[str, list[int]]:
    """{article: [completion tokens of each request]}, keyed by the article marker or first line."""
    out: dict[str, list[int]] = defaultdict(list)
    for it in yaml.safe_load(cassette.read_text(encoding="utf-8"))["interactions"]:
        body = json.loads(it["request"]["body"])
        user = next(m["content"] for m in body["messages"] if m["role"] == "user")
        found = MARKED.search(user)
        key = (found.group(1) or found.group(2)[:40]) if found else "?"
        text = it["response"]["body"]["string"]
        tokens = recorded_answer(text).completion_tokens
        if not tokens:
            timings = re.findall(r'"predicted_n":(\d+)', text)
            tokens = int(timings[-1]) if timings else 0
        out[key].append(tokens)
    return out


def main() -> None:
    for path in [Path(p) for p in sys.argv[1:]] or [ROOT / "cassettes/seeds_brief.yaml"]:
        rows = per_article(path)
        total = sum(sum(v) for v in rows.values())
        print(f"{path}: {len(rows)} articles, {sum(len(v) for v in rows.values())} requests, "
              f"{total} completion tokens ({total / max(1, len(rows)):.0f} per article)")
        for key, counts in rows.items():
            print(f"  {key:42} requests {len(counts):>2}  completion tokens {sum(counts):>6}  {counts}")


if __name__ == "__main__":
    main()
