"""Ingest: read article files (text or HTML, any common Cyrillic encoding) into clean Articles."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sys
from pathlib import Path
from typing import BinaryIO

from ..core.errors import InputError
from ..core.types import Article
from ..text.detect import detect_language
from .boilerplate import guess_outlet, guess_title, strip_boilerplate
from .decode import decode_bytes
from .html import extract_html, iso_date

STDIN = "-"
HTML_SUFFIXES = frozenset({".html", ".htm"})
_DATE_PREFIX = re.compile(r"\A\ufeff?\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*\n?[ \t]*")
_HTML_SNIFF = re.compile(r"\A\s*(?:<!doctype\s+html|<html|<head|<body|<meta|<!--|<article|<p[\s>])", re.I)


def read_article(path: Path) -> Article:
    """Read one article file; `-` reads standard input. Raises InputError naming the file."""
    if str(path) == STDIN:
        return read_stdin_article()
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(str(path), "no such file or folder", "check the path") from None
    except OSError as exc:  # a folder, no permission...
        raise InputError(str(path), f"cannot be read ({exc.strerror})", "pass a readable file") from None
    html = True if Path(path).suffix.lower() in HTML_SUFFIXES else None  # else sniff
    return article_from_bytes(data, name=Path(path).name, path=str(path), html=html)


def read_stdin_article(stream: BinaryIO | None = None) -> Article:
    """Read one article from standard input (or the given binary stream)."""
    data = (stream or sys.stdin.buffer).read()
    return article_from_bytes(data, name="stdin", path=STDIN)


def article_from_bytes(data: bytes, *, name: str, path: str, html: bool | None = None) -> Article:
    """Build an Article from raw bytes; `html` None means sniff the content."""
    if not data:
        raise InputError(path, "the file is empty", "add the article text or leave the file out")
    raw_text, encoding = decode_bytes(data, path)
    if not raw_text.strip():
        raise InputError(path, "the file holds only whitespace", "add the article text")
    body = _normalize(raw_text)
    title = outlet = None
    published: dt.date | None = None
    if html or (html is None and _HTML_SNIFF.match(body)):
        page = extract_html(raw_text)
        if not page.text.strip():
            raise InputError(path, "no article text found in the HTML page", "save the text as .txt")
        body, title, outlet, published = page.text, page.title, page.outlet, page.published
    dated, body = parse_date_line(body)
    published = dated or published
    if not body.strip():
        raise InputError(path, "holds a date line but no article text", "add the article text")
    language = detect_language(body)
    text, removed = strip_boilerplate(body, language)
    return Article(
        id=name, path=path, text=text, raw_text=raw_text, language=language, published=published,
        title=title or guess_title(text), outlet=outlet or guess_outlet(removed),
        encoding=encoding, removed=removed, sha256=hashlib.sha256(data).hexdigest(),
    )


def _normalize(text: str) -> str:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def parse_date_line(text: str) -> tuple[dt.date | None, str]:
    """Split a leading ' date YYYY-MM-DD' prefix from the text; the only source of a text date."""
    m = _DATE_PREFIX.match(text)
    if not m:
        return None, text
    return iso_date(m.group(1)), text[m.end():]  # a malformed date is still not article text

