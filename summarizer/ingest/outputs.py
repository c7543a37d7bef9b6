"""The tool's own outputs are never articles: a briefing left in a news folder must not corroborate it.

A Markdown briefing opens with OUTPUT_MARKER (older ones with their fixed first lines); an HTML
briefing names the tool in a generator meta tag (older ones: their title and embedded data); a
JSON briefing, `extract`'s JSON Lines and `eval`'s scores are known by their top-level keys.
"""

from __future__ import annotations

import json
import re
from typing import Any

OUTPUT_MARKER = "<!-- summarizer briefing: written by summarizer, not an article -->"
GENERATOR = "summarizer"
HEAD_BYTES = 8192

_OLD_MARKDOWN = re.compile(
    r"\A# News briefing\n\n\d+ main events?, \d+ mentioned in passing, from \d+ articles?\b"
)
_HTML = re.compile(
    rf'<meta\s+name="generator"\s+content="{GENERATOR}\b|<title>News briefing: \d+ events?</title>', re.I
)
_BRIEFING_KEYS = frozenset({"events", "sources", "run"})
_RECORD_KEYS = frozenset({"article", "records"})
_SCORE_KEYS = frozenset({"bcubed", "events_gold"})


def is_own_output_head(head: bytes) -> bool:
    """Does a file starting with these bytes look like a Markdown or HTML briefing of ours?"""
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff").replace("\r\n", "\n").lstrip()
    return text.startswith(OUTPUT_MARKER) or bool(_OLD_MARKDOWN.match(text)) or bool(_HTML.search(text))


def is_own_output_json(value: Any) -> bool:
    """A parsed JSON document or JSON Lines row written by `brief -f json`, `extract` or `eval -o`."""
    if not isinstance(value, dict):
        return False
    keys = value.keys()
    return _BRIEFING_KEYS <= keys or _RECORD_KEYS <= keys or _SCORE_KEYS <= keys


def first_json_row(text: str) -> Any:
    """The first non-blank line of a JSON Lines text, parsed (None when it is not JSON)."""
    for line in text.splitlines():
        if line.strip():
            try:
                return json.loads(line)
            except ValueError:
                return None
    return None
