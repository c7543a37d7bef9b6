"""Metadata at the head of a text article: YAML front matter, or 'key: value' header lines.

    ---                                 source: https://example.com/news/1
    title: Putin and Xi held a call     date: 2026-02-04
    date: 2026-02-04                    title: Putin and Xi held a call
    ---
                                        The body...
    The body...

Header lines count only as a block of their own at the very top (up to the first blank line)
in which every line names a field `fields` knows: a body that happens to open with "Note: ..."
stays body. The keys and values never reach the text the model reads.
"""

from __future__ import annotations

import re
from typing import Any

_FENCE = re.compile(r"\A---[ \t]*\n")
_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9 _.\-]{0,30}):[ \t]*(.*?)[ \t]*$")
MAX_HEADER_LINES = 20


class FrontMatterError(ValueError):
    """The front matter is not valid YAML."""


def split_front_matter(text: str) -> tuple[dict[str, Any] | None, str]:
    """(fields, body) when the text opens with YAML front matter between '---' lines, else (None, text)."""
    if not _FENCE.match(text):
        return None, text
    import frontmatter
    import yaml

    try:
        fields, body = frontmatter.parse(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or type(exc).__name__
        raise FrontMatterError(f"front matter is not valid YAML{where} ({problem})") from None
    if not isinstance(fields, dict) or not fields:
        return None, text  # '---' opening a body (a horizontal rule), not front matter
    return fields, body


def split_header_lines(text: str, known: frozenset[str], key: Any) -> tuple[dict[str, str] | None, str]:
    """(fields, body) when the first block is 'key: value' lines of known fields, else (None, text)."""
    head, sep, body = text.partition("\n\n")
    lines = head.split("\n")
    if not sep or not body.strip() or len(lines) > MAX_HEADER_LINES:
        return None, text
    fields: dict[str, str] = {}
    for line in lines:
        m = _HEADER_LINE.match(line.strip())
        if not m or key(m.group(1)) not in known:
            return None, text
        fields.setdefault(m.group(1).strip(), m.group(2))
    return fields, body
