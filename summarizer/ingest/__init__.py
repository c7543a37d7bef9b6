"""Ingest: files, folders and standard input in; clean Articles out (decoded, boilerplate removed,
language detected, planted instructions marked)."""

from __future__ import annotations

from pathlib import Path

from ..core.types import Article
from . import guard
from .collect import ARTICLE_SUFFIXES, STDIN, collect_paths
from .reader import article_from_bytes, parse_date_line, read_article, read_stdin_article


def load(path: Path) -> Article:
    """Read one article (`-` is standard input), with any instructions planted in it neutralised."""
    return guard.neutralise(read_stdin_article() if str(path) == STDIN else read_article(path))


__all__ = [
    "ARTICLE_SUFFIXES", "STDIN", "article_from_bytes", "collect_paths", "load", "parse_date_line",
    "read_article", "read_stdin_article",
]
