"""One mapping of metadata field names for every input form: feed rows, front matter, header lines.

Field names are compared after `field_key` (lower case; '-', ' ', ':' and '.' as '_'), so
`publishedAt`, `published-at` and `Published At` are one name. The first field of each list that
holds a usable value wins. docs/inputs.md has the table and where each name comes from.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

TEXT = ("text", "content", "body", "article_body", "articlebody", "article_text", "maintext",
        "full_text", "fulltext", "raw_text", "article")
TITLE = ("title", "headline")
# The publisher's canonical address first: a scraper's `url` is often the address it fetched.
URL = ("canonical_url", "canonical_link", "canonical", "url", "link", "permalink", "source_url", "og_url")
PUBLISHED = ("published", "date_published", "datepublished", "published_at", "publishedat",
             "publish_date", "published_date", "pubdate", "pub_date", "date_publish",
             "article_published_time", "published_time", "date")
OUTLET = ("outlet", "site_name", "sitename", "og_site_name", "source_hostname", "meta_site_name",
          "publisher", "source_name", "site", "hostname", "source_domain", "domain")
LANGUAGE = ("language", "lang", "inlanguage", "language_code", "meta_lang")
# "source" is a URL in trafilatura's output and some scrapers, an outlet (or {"name": ...} in a
# news API export) elsewhere: it is taken as whichever its value is.
SOURCE = "source"
# Names accepted in header lines and front matter and then ignored (not article text).
IGNORED = ("author", "authors", "byline", "tags", "keywords", "description", "summary", "excerpt",
           "category", "categories", "section", "id", "image", "top_image", "fingerprint", "license",
           "comments", "pagetype", "filedate", "updated", "modified", "date_modified")
KNOWN = frozenset((*TEXT, *TITLE, *URL, *PUBLISHED, *OUTLET, *LANGUAGE, SOURCE, *IGNORED))

# Common wrong codes for a language, as sites and scrapers write them.
_LANGUAGE_FIXES = {
    "ua": "uk", "by": "be", "cz": "cs", "gr": "el", "cn": "zh", "jp": "ja", "kz": "kk",
    "ukr": "uk", "rus": "ru", "eng": "en", "bel": "be", "pol": "pl", "deu": "de", "ger": "de",
    "fra": "fr", "fre": "fr", "zho": "zh", "chi": "zh", "kaz": "kk", "tur": "tr", "ara": "ar",
}
_ISO_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s])")
_NON_KEY = re.compile(r"[\s\-:.]+")


def field_key(name: object) -> str:
    """Comparison form of a field name: 'publishedAt' and 'published-at' are 'publishedat' and 'published_at'."""
    return _NON_KEY.sub("_", str(name).strip().lower()).strip("_")


@dataclass
class Meta:
    """What the metadata says of one article; `notes` say what could not be used."""

    text: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    language: str | None = None
    bad_date: str | None = None  # a date field whose value could not be read
    notes: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)  # the record's field names, for error messages


def read_fields(record: Mapping[str, Any]) -> Meta:
    """Map a record's fields (any of the names above) to article metadata."""
    keyed: dict[str, Any] = {}
    for name, value in record.items():
        keyed.setdefault(field_key(name), value)
    meta = Meta(present=[str(k) for k in record])
    meta.text = _first(keyed, TEXT, _text)
    meta.title = _first(keyed, TITLE, _line)
    meta.url = _first(keyed, URL, clean_url)
    meta.outlet = _first(keyed, OUTLET, _name)
    source = keyed.get(SOURCE)
    if source is not None:
        as_url = clean_url(source)
        if as_url:
            meta.url = meta.url or as_url
        else:
            meta.outlet = meta.outlet or _name(source)
    for key in PUBLISHED:
        value = keyed.get(key)
        if value in (None, ""):
            continue
        try:
            meta.published = parse_published(value)
        except ValueError:
            meta.bad_date = f"{str(value)[:60]!r} (field '{key}')"
        break
    raw_language = _first(keyed, LANGUAGE, _line)
    if raw_language:
        meta.language = language_code(raw_language)
        if meta.language is None:
            meta.notes.append(f"language {raw_language[:40]!r} is not a language code: detected from the text")
    return meta


def _first(keyed: dict[str, Any], names: tuple[str, ...], read: Any) -> Any:
    for name in names:
        if name in keyed:
            value = read(keyed[name])
            if value:
                return value
    return None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _line(value: object) -> str | None:
    if isinstance(value, (list, tuple)) and value:
        value = value[0]
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        text = " ".join(str(value).split())
        return text or None
    return None


def _name(value: object) -> str | None:
    """An outlet: a string, or the `name` of an object ({"@type": "Organization", "name": ...})."""
    if isinstance(value, Mapping):
        value = value.get("name")
    if isinstance(value, (list, tuple)) and value:
        return _name(value[0])
    return _line(value)


def clean_url(value: object) -> str | None:
    """An http(s) address, or None: other schemes (javascript:, data:, file:) are never kept."""
    if isinstance(value, Mapping):
        value = value.get("@id") or value.get("url")
    if not isinstance(value, str):
        return None
    url = value.strip()
    if any(c.isspace() for c in url) or len(url) > 2048:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def parse_published(value: object) -> dt.date:
    """A publication date: YYYY-MM-DD (with any time after it), ISO 8601 or RFC 2822 (RSS).

    The date is taken as written, in the writer's time zone. Day-first or month-first forms
    (04/02/2026) are refused: they cannot be told apart.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"not a date: {value!r}")
    text = value.strip()
    m = _ISO_DATE.match(text)
    if m:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        raise ValueError(f"not a date: {value!r}") from None


def language_code(value: str) -> str | None:
    """'uk', 'uk-UA', 'uk_UA', 'ukr' -> 'uk'; 'ua' -> 'uk'; anything else not a two-letter code -> None."""
    primary = re.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]
    if primary in _LANGUAGE_FIXES:
        return _LANGUAGE_FIXES[primary]
    return primary if re.fullmatch(r"[a-z]{2}", primary) else None
