"""Feed files: many articles in one file (JSON Lines, CSV/TSV, a JSON list or a news API export).

Each row becomes one article; a row that cannot be read fails alone. Row numbers are 1-based:
the line of a JSON Lines file, the record after the header of a CSV file, the element of a JSON
list.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..core.errors import InputError
from .fields import TEXT, field_key

FEED_SUFFIXES = frozenset({".jsonl", ".ndjson", ".csv", ".tsv", ".json"})
# Where a JSON export keeps its list of articles ({"status": "ok", "articles": [...]}).
LIST_KEYS = ("articles", "items", "results", "data", "entries", "documents", "docs", "posts", "news", "value")
_TEXT_KEYS = frozenset(TEXT)


@dataclass(frozen=True)
class Row:
    """One row of a feed: its fields, or why it could not be read."""

    number: int
    record: dict[str, Any] | None
    problem: str = ""


def read_rows(text: str, suffix: str, path: str, *, csv_field_limit: int) -> list[Row]:
    """The rows of a decoded feed file; a file that is no feed at all raises InputError."""
    if suffix in (".jsonl", ".ndjson"):
        return _json_lines(text)
    if suffix in (".csv", ".tsv"):
        return _csv_rows(text, suffix, path, csv_field_limit)
    return _json_document(text, path)


def _json_lines(text: str) -> list[Row]:
    rows: list[Row] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError as exc:
            rows.append(Row(number, None, f"is not valid JSON ({exc.msg} at column {exc.colno})"))  # type: ignore[attr-defined]
            continue
        rows.append(Row(number, value) if isinstance(value, dict) else Row(number, None, "is not a JSON object"))
    return rows


def _csv_rows(text: str, suffix: str, path: str, field_limit: int) -> list[Row]:
    sample = text[:8192]
    delimiter = "\t" if suffix == ".tsv" else ","
    if suffix == ".csv":
        try:
            delimiter = csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",;\t|").delimiter
        except csv.Error:
            pass
    previous = csv.field_size_limit()
    csv.field_size_limit(max(previous, field_limit))
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
        if not reader.fieldnames:
            raise InputError(path, "the CSV file has no header row",
                             "put the field names (text, title, url, ...) on its first line")
        rows = []
        for number, record in enumerate(reader, 1):
            extra = record.pop(None, None)  # type: ignore[call-overload]
            problem = f"has {len(extra)} more field(s) than the header" if extra else ""
            rows.append(Row(number, None if problem else dict(record), problem))
        return rows
    except csv.Error as exc:
        raise InputError(path, f"is not a readable CSV file ({exc})", "save it as CSV with a header row") from None
    finally:
        csv.field_size_limit(previous)


def _json_document(text: str, path: str) -> list[Row]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            path, f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
            "fix the file, or save one article a line as .jsonl",
        ) from None
    items = articles_in(value)
    if items is None:
        # no list of articles: looks_like_feed says so, and the caller decides whether that is an error
        return [Row(1, dict(value))] if isinstance(value, Mapping) else []
    return [Row(n, v) if isinstance(v, dict) else Row(n, None, "is not a JSON object") for n, v in enumerate(items, 1)]


def articles_in(value: Any) -> list[Any] | None:
    """The list of articles in a JSON document: the document itself, under a list key, or one article."""
    if isinstance(value, list):
        return value
    if isinstance(value, Mapping):
        keyed = {field_key(k): v for k, v in value.items()}
        for key in LIST_KEYS:
            if isinstance(keyed.get(key), list):
                return list(keyed[key])
        if _TEXT_KEYS & keyed.keys():
            return [dict(value)]
    return None


def looks_like_feed(rows: list[Row]) -> bool:
    """Any row with a text field: a CSV or JSON file in a folder without one is not a feed of articles."""
    return any(r.record is not None and _TEXT_KEYS & {field_key(k) for k in r.record} for r in rows)
