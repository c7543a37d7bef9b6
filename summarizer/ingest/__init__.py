"""Ingest: files, folders, feeds and standard input in; clean Articles out (decoded, boilerplate
removed, metadata read, language detected, planted instructions marked)."""

from __future__ import annotations

from pathlib import Path

from ..core.types import Article
from . import guard
from .collect import ARTICLE_SUFFIXES, DEFAULT_MAX_BYTES, STDIN, Item, collect_items, collect_paths
from .feeds import FEED_SUFFIXES
from .outputs import GENERATOR, OUTPUT_MARKER
from .reader import article_from_bytes, article_from_row, parse_date_line, read_article, read_item, read_stdin_article


def load(source: Item | Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Read one article (an item from `collect_items`, a path, or `-` for standard input), with
    any instructions planted in it neutralised."""
    if not isinstance(source, Item):
        path = Path(source)
        source = Item("stdin" if str(source) == STDIN else path.name, str(source))
    return guard.neutralise(read_item(source, max_bytes=max_bytes))


__all__ = [
    "ARTICLE_SUFFIXES", "DEFAULT_MAX_BYTES", "FEED_SUFFIXES", "GENERATOR", "Item", "OUTPUT_MARKER", "STDIN",
    "article_from_bytes", "article_from_row", "collect_items", "collect_paths", "load", "parse_date_line",
    "read_article", "read_item", "read_stdin_article",
]
