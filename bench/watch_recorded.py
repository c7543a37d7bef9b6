"""The runaway watch replayed on every answer recorded in cassettes/: where it would have stopped each,
and the max_tokens that sizing from the article would have asked for.

Usage: .venv/bin/python bench/watch_recorded.py
Each answer is fed in pieces of 4 characters (about one token, as a stream brings them).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from summarizer.core.types import ModelExtraction  # noqa: E402
from summarizer.extraction import tokens  # noqa: E402
from summarizer.extraction.budget import sized_max_tokens  # noqa: E402
from summarizer.extraction.llm import response_format  # noqa: E402
from summarizer.extraction.reply import recorded_answer  # noqa: E402
from summarizer.extraction.stream import Watch  # noqa: E402


def main() -> None:
    default = response_format(ModelExtraction)["json_schema"]["schema"]
    print(f"{'cassette':12} {'#':>2} {'finish':7} {'chars':>6} {'tokens':>6} {'sized':>6}  watch")
    for path in sorted((ROOT / "cassettes").glob("*.yaml")):
        for i, it in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))["interactions"]):
            request = json.loads(it["request"]["body"])
            reply = recorded_answer(it["response"]["body"]["string"])
            answer = reply.content
            schema = request.get("response_format", {}).get("json_schema", {}).get("schema", default)
            watch = Watch(max_tokens=request["max_tokens"], input_chars=len(request["messages"][1]["content"]),
                          schema=schema)
            verdict = "ran to its end"
            variable = sum(tokens.count(m["content"]) for m in request["messages"] if m["role"] != "system")
            sized = sized_max_tokens(variable, 2048)
            for k in range(0, len(answer), 4):
                stop = watch.feed(answer[k:k + 4], k // 4 + 1)
                if stop:
                    verdict = f"stopped at char {k + 4} (~token {k // 4 + 1}): {stop[0]}, {stop[1]}"
                    break
            print(f"{path.stem:12} {i:>2} {reply.finish_reason:7} {len(answer):>6} "
                  f"{reply.completion_tokens:>6} {sized:>6}  {verdict}")


if __name__ == "__main__":
    main()
