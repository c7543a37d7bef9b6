"""Ingest: read article files (text or HTML, any common Cyrillic encoding) and feed rows into clean Articles.

Metadata (a ` date` line, front matter, header lines, feed fields, a page's JSON-LD and meta
tags) goes to the Article's fields and never into its text, with one exception on purpose: the
headline opens the text, once, in every form (html.py has always kept a page's `<h1>`), because
it carries facts (who met whom) and because the same article must read the same whatever form it
came in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ..core.errors import InputError
from ..core.types import Article
from ..lang import unchecked_note
from ..text.detect import detect_language
from .boilerplate import guess_outlet, guess_title, strip_boilerplate
from .collect import DEFAULT_MAX_BYTES, HTML_SUFFIXES, STDIN, Item, size_fix, too_big
from .decode import decode
from .feeds import FEED_SUFFIXES
from .fields import KNOWN, Meta, field_key, read_fields
from .headers import FrontMatterError, split_front_matter, split_header_lines
from .html import extract_html, iso_date
from .page_date import page_date

_DATE_PREFIX = re.compile(r"\A\ufeff?\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*\n?[ \t]*")
_HTML_SNIFF = re.compile(r"\A\s*(?:<!doctype\s+html|<html|<head|<body|<meta|<!--|<article|<p[\s>])", re.I)
_DATE_FIX = "write it as YYYY-MM-DD; ISO 8601 and RSS dates are read too"
TRUST_TEXT_LETTERS = 200  # below this many letters the declared language wins over detection


@dataclass
class _Parts:
    """An article on its way: the body, and what its metadata says."""

    body: str
    raw_text: str
    encoding: str
    sha256: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    language: str | None = None
    notes: list[str] = field(default_factory=list)


def read_article(path: Path, *, id: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Read one article file; `-` reads standard input. Raises InputError naming the file."""
    if str(path) == STDIN:
        return read_stdin_article()
    path = Path(path)
    try:
        with path.open("rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > max_bytes:  # refused before a byte is read
                raise InputError(str(path), too_big(size, max_bytes), size_fix(size))
            data = fh.read()
    except FileNotFoundError:
        raise InputError(str(path), "no such file or folder", "check the path") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a folder", "pass the folder itself, not as a file") from None
    except OSError as exc:  # no permission...
        raise InputError(str(path), f"cannot be read ({exc.strerror})", "pass a readable file") from None
    html = True if path.suffix.lower() in HTML_SUFFIXES else None  # else sniff
    return article_from_bytes(data, name=id or path.name, path=str(path), html=html)


def read_stdin_article(stream: BinaryIO | None = None) -> Article:
    """Read one article from standard input (or the given binary stream)."""
    data = (stream or sys.stdin.buffer).read()
    return article_from_bytes(data, name="stdin", path=STDIN)


def read_item(item: Item, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Read one collected item: a file, standard input or a feed row; its problem raises InputError."""
    if item.problem:
        raise item.error()
    if item.path == STDIN:
        return read_stdin_article()
    if item.row is not None:
        return article_from_row(item, max_bytes=max_bytes)
    if Path(item.path).suffix.lower() in FEED_SUFFIXES:
        raise item.error("is a feed of many articles, not one", "read its rows with ingest.collect_items")
    return read_article(Path(item.path), id=item.id, max_bytes=max_bytes)


def article_from_bytes(data: bytes, *, name: str, path: str, html: bool | None = None) -> Article:
    """Build an Article from raw bytes; `html` None means sniff the content."""
    if not data:
        raise InputError(path, "the file is empty", "add the article text or leave the file out")
    raw_text, encoding, replaced = decode(data, path)
    if not raw_text.strip():
        raise InputError(path, "the file holds only whitespace", "add the article text")
    parts = _Parts(_normalize(raw_text), raw_text, encoding, hashlib.sha256(data).hexdigest())
    if replaced:
        parts.notes.append(_replaced_note(replaced))
    if html or (html is None and _HTML_SNIFF.match(parts.body)):
        _from_page(parts, raw_text, path)
    else:
        _from_text_head(parts, path)
    if not parts.body.strip():
        raise InputError(path, "holds a date line or metadata but no article text", "add the article text")
    return _article(parts, id=name, path=path)


def article_from_row(item: Item, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Build an Article from a feed row's fields (docs/inputs.md has the names)."""
    record = item.record or {}
    meta = read_fields(record)
    if not meta.text:
        fields = ", ".join(sorted(map(str, record))[:12]) or "none"
        raise item.error("has no article text", f"give it a 'text' or 'content' field; its fields: {fields}")
    size = len(meta.text.encode("utf-8"))
    if size > max_bytes:
        raise item.error(too_big(size, max_bytes), size_fix(size))
    if meta.bad_date:
        raise item.error(f"publication date {meta.bad_date} cannot be read", _DATE_FIX)
    canonical = json.dumps(record, sort_keys=True, ensure_ascii=False, default=str)
    parts = _Parts("", meta.text, "utf-8", hashlib.sha256(canonical.encode("utf-8")).hexdigest())
    replaced = meta.text.count("\ufffd")
    if replaced:
        parts.notes.append(_replaced_note(replaced))
    body = meta.text
    if _HTML_SNIFF.match(body) or re.search(r"<p[\s>]", body[:2000], re.I):
        _from_page(parts, body, item.where)
        body = parts.body
    elif "\n\n" not in body.strip():
        body = body.replace("\n", "\n\n")  # scrapers set paragraphs apart with one line break
    parts.body = _normalize(body)
    _apply(parts, meta)
    if not parts.body.strip():
        raise item.error("has no article text", "give it a 'text' or 'content' field")
    return _article(parts, id=item.id, path=item.path)


def _from_page(parts: _Parts, html: str, path: str) -> None:
    page = extract_html(html)
    if not page.text.strip():
        raise InputError(path, "no article text found in the HTML page", "save the text as .txt")
    parts.body = page.text  # html.py keeps the headline at its top
    _apply(parts, Meta(title=page.title, outlet=page.outlet, published=page.published, url=page.url,
                       language=page.language, notes=list(page.notes)))


def _from_text_head(parts: _Parts, path: str) -> None:
    """A leading ' date' line, then YAML front matter or header lines, taken out of the body."""
    dated, parts.body = parse_date_line(parts.body)
    parts.published = dated
    try:
        fields, body = split_front_matter(parts.body)
    except FrontMatterError as exc:
        raise InputError(path, str(exc), "fix the YAML between the '---' lines (quote values with ':')") from None
    if fields is None:
        fields, body = split_header_lines(parts.body, KNOWN, field_key)
    if fields is None:
        return
    meta = read_fields(fields)
    if meta.bad_date:
        raise InputError(path, f"publication date {meta.bad_date} cannot be read", _DATE_FIX)
    parts.body = _normalize(body)
    _apply(parts, meta)


def _apply(parts: _Parts, meta: Meta) -> None:
    """Metadata fields win over what the body suggests; the headline opens the text once."""
    parts.title = meta.title or parts.title
    parts.outlet = meta.outlet or parts.outlet
    parts.url = meta.url or parts.url
    parts.published = meta.published or parts.published
    parts.language = meta.language or parts.language
    parts.notes.extend(meta.notes)
    if parts.title and parts.body and _squash(parts.body.split("\n", 1)[0].lstrip("#")) != _squash(parts.title):
        parts.body = f"{parts.title}\n\n{parts.body}"


def _article(parts: _Parts, *, id: str, path: str) -> Article:
    language = _language(parts)
    if parts.published is None and (found := page_date(parts.body)) is not None:
        # The line dates the page, as a ` date` line does, and is no sentence: out of the text, so
        # that nothing cites it as the event's date.
        (parts.published, at, rest), lines = found, parts.body.splitlines()
        parts.notes.append(f"publication date {parts.published.isoformat()} read from the page's date line "
                           f"'{lines[at].strip()}'")
        parts.body = "\n".join(lines[:at] + ([rest] if rest else []) + lines[at + 1 :])
    if note := unchecked_note(language):  # a language with no pack: what its checks could not do
        parts.notes.append(note)
    text, removed = strip_boilerplate(parts.body, language)
    return Article(
        id=id, path=path, text=text, raw_text=parts.raw_text, language=language, published=parts.published,
        title=parts.title or guess_title(text), outlet=parts.outlet or guess_outlet(removed), url=parts.url,
        encoding=parts.encoding, removed=removed, notes=parts.notes, sha256=parts.sha256,
    )


def _language(parts: _Parts) -> str:
    """The text's own language; the metadata's only where the text is too short to tell.

    Feeds and templates often carry an outlet's default language on every article (a Russian
    version marked 'uk'); the letters of a paragraph or more are the better witness.
    """
    detected = detect_language(parts.body)
    declared = parts.language
    if not declared or declared == detected:
        return detected
    if detected == "und" or sum(c.isalpha() for c in parts.body) < TRUST_TEXT_LETTERS:
        return declared
    parts.notes.append(f"the metadata gives language '{declared}', the text reads as '{detected}': "
                       f"read as '{detected}'")
    return detected


def _replaced_note(count: int) -> str:
    return (f"{count} invalid UTF-8 byte sequence{'s' if count != 1 else ''} replaced with \ufffd: "
            "the file is damaged there")


def _squash(text: str) -> str:
    return " ".join(text.split()).casefold()


def _normalize(text: str) -> str:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def parse_date_line(text: str) -> tuple[dt.date | None, str]:
    """Split a leading ' date YYYY-MM-DD' prefix from the text."""
    m = _DATE_PREFIX.match(text)
    if not m:
        return None, text
    return iso_date(m.group(1)), text[m.end():]  # a malformed date is still not article text
