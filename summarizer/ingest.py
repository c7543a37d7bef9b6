"""Ingest: read article files (text or HTML, any common Cyrillic encoding) into clean Articles."""

from __future__ import annotations

import codecs
import datetime as dt
import functools
import hashlib
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import BinaryIO, NamedTuple

from charset_normalizer import from_bytes

from .errors import InputError
from .types import Article

ARTICLE_SUFFIXES = frozenset({".txt", ".html", ".htm", ".md", ""})
HTML_SUFFIXES = frozenset({".html", ".htm"})
STDIN = "-"

# ----------------------------------------------------------------- marker data
# Boilerplate markers per language, lowercase; extend by adding entries. English ones apply to
# every language (sites mix them in); with no language given, all of them apply.

READ_ALSO: dict[str, tuple[str, ...]] = {
    "uk": ("читайте також", "також читайте", "читайте більше", "дивіться також", "див. також"),
    "ru": ("читайте также", "также читайте", "читайте еще", "смотрите также", "см. также"),
    "en": ("read also", "also read", "see also", "read more", "related:"),
}
LIST_HEADINGS: dict[str, tuple[str, ...]] = {
    "uk": ("новини", "всі новини", "усі новини", "останні новини", "інші новини", "головні новини",
           "схожі новини", "більше новин", "стрічка новин", "популярне", "найпопулярніше",
           "вас також можуть зацікавити", "вас також може зацікавити", "по темі", "читайте також"),
    "ru": ("новости", "все новости", "последние новости", "другие новости", "главные новости",
           "похожие новости", "еще новости", "лента новостей", "популярное", "по теме",
           "вас также может заинтересовать", "вас также могут заинтересовать",
           "вам также может быть интересно", "читайте также"),
    "en": ("news", "all news", "latest news", "more news", "related news", "related",
           "related articles", "related stories", "more stories", "top stories", "most read",
           "most popular", "you may also like", "you might also like", "read also", "see also"),
}
CAPTION_WORDS: dict[str, tuple[str, ...]] = {
    "uk": ("фото", "колаж", "скріншот", "скриншот", "ілюстрація", "інфографіка", "відео"),
    "ru": ("фото", "коллаж", "скриншот", "иллюстрация", "инфографика", "видео"),
    "en": ("photo", "photos", "collage", "screenshot", "illustration", "infographic", "image",
           "video", "credit"),
}
# Credits an outlet gives its own artwork: "Колаж УНІАН" names the outlet, "Фото: Reuters" does not.
OWN_ARTWORK = ("колаж", "коллаж", "collage", "інфографіка", "инфографика", "infographic")
# Whole lines ("Теги:", "Share") and calls to action that open a line ("Підписуйтесь на ...").
JUNK_LINES: dict[str, tuple[str, ...]] = {
    "uk": ("теги", "поділитися", "реклама"), "ru": ("теги", "поделиться", "реклама"),
    "en": ("tags", "share", "share this", "advertisement"),
}
CALLS_TO_ACTION: dict[str, tuple[str, ...]] = {
    "uk": ("підписуйтесь", "підписуйтеся", "приєднуйтесь"), "ru": ("подписывайтесь", "присоединяйтесь"),
    "en": ("subscribe to", "follow us", "sign up for"),
}
# Bylines, a short line of their own: "Автор: Ирина Гамерская".
BYLINES = ("автор", "автори", "авторка", "author", "authors", "by")
WEEKDAYS = (
    "понеділок вівторок середа четвер пʼятниця п'ятниця п’ятниця субота неділя понедельник вторник "
    "среда четверг пятница суббота воскресенье monday tuesday wednesday thursday friday saturday sunday"
).split()
# Site names in self-promotion: 'Читайте також на порталі "Коментарі"'.
PORTAL_WORDS = ("на порталі", "на сайті", "на портале", "на сайте", "on the website", "on the portal")
MONTHS = (
    "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня "
    "січень лютий березень квітень травень червень липень серпень вересень жовтень листопад "
    "грудень января февраля марта апреля мая июня июля августа сентября октября ноября декабря "
    "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь january "
    "february march april may june july august september october november december jan feb mar "
    "apr jun jul aug sep sept oct nov dec"
).split()
DAY_WORDS = ("сьогодні", "вчора", "учора", "сегодня", "вчера", "today", "yesterday")

# --------------------------------------------------------------------- patterns

_DATE_PREFIX = re.compile(r"\A\ufeff?\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*\n?[ \t]*")
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_TIME = r"(?:[,\s]+(?:о|в|at)?\s*\d{1,2}[:.]\d{2})?"
_DATE_LINE = re.compile(
    rf"^(?:\d{{1,2}}\s+(?:{_MONTH})\.?(?:\s+\d{{4}})?(?:\s*(?:р\.|г\.|року|года))?"
    rf"|(?:{_MONTH})\.?\s+\d{{1,2}}(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|{'|'.join(DAY_WORDS)}){_TIME}$|^\d{{1,2}}:\d{{2}}$",
    re.IGNORECASE,
)
# A page's dateline, a line of its own: "США, Суббота 18 октября 2025 00:20", "Friday, 17 October
# 2025, 14:05". It dates the page, as the ` date` line does, not the event; and it is no sentence.
_WEEKDAY = "|".join(sorted((re.escape(w) for w in WEEKDAYS), key=len, reverse=True))
_DATELINE = re.compile(
    rf"^(?:[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){{0,2}},\s*)?(?:(?:{_WEEKDAY}),?\s+)?"
    rf"(?:\d{{1,2}}\s+(?:{_MONTH})\.?|(?:{_MONTH})\.?\s+\d{{1,2}},?)\s+\d{{4}}(?:\s*(?:р\.|г\.|року|года))?,?"
    rf"(?:\s*(?:о|в|at)?\s*\d{{1,2}}[:.]\d{{2}})?$",
    re.IGNORECASE,
)
# A language switcher: "ua en ru", "UA | RU | EN".
_LANGUAGE_SWITCH = re.compile(r"^(?:(?:ua|uk|ru|en|de|fr|pl|es|it)\s*[|/·•]?\s*){2,}$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.…;:]\s*[\"'»”“)\]]*$")
_EDGE_JUNK = re.compile(r"^[\W_]+|[\W_]+$")  # emoji, arrows, bullets, trailing colons
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_HTML_SNIFF = re.compile(r"\A\s*(?:<!doctype\s+html|<html|<head|<body|<meta|<!--|<article|<p[\s>])", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)

# -------------------------------------------------------------------- collecting


def collect_paths(paths: Sequence[str | Path]) -> list[Path]:
    """Expand files and folders into article paths; folders yield .txt/.html/.htm/.md files by name."""
    out: list[Path] = []
    for item in paths:
        if str(item) == STDIN:
            out.append(Path(STDIN))
            continue
        path = Path(item)
        if path.is_dir():
            found = sorted(
                (f for f in path.rglob("*") if f.is_file() and _is_candidate(f.relative_to(path))),
                key=lambda f: f.relative_to(path).as_posix(),
            )
            if not found:
                raise InputError(
                    str(path), "folder holds no article files", "add .txt, .html, .htm or .md files"
                )
            out.extend(found)
        elif path.is_file():
            out.append(path)  # an explicit file is always taken, whatever its name
        else:
            raise InputError(str(path), "no such file or folder", "check the path")
    return list(dict.fromkeys(out))  # a file named twice is read once


def _is_candidate(rel: Path) -> bool:
    if any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
        return False
    return rel.suffix.lower() in ARTICLE_SUFFIXES


# ----------------------------------------------------------------------- reading


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
    return _iso_date(m.group(1)), text[m.end():]  # a malformed date is still not article text


def _iso_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


# ---------------------------------------------------------------------- decoding

_CYRILLIC_ENCODINGS = ("cp1251", "koi8_r", "koi8_u", "cp866", "iso8859_5", "mac_cyrillic", "cp1125")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# Common encodings win close calls: a short cp1251 text reads almost as well as mac-cyrillic.
_PRIOR = {"cp1251": 0.1, "koi8-r": 0.05}
_CONTROL_BYTES = bytes(sorted(frozenset(range(32)) - {9, 10, 12, 13, 27}))
_COMMON_CYR = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїє")
# Frequent Russian and Ukrainian letter pairs; mis-decoded text (koi8-r read as cp1251) has few.
_BIGRAMS = frozenset(
    "ст но то на ен ов ни ра во ко ал ер пр ре ос ро ли по ка ет он го ог ть ва не ан та ор ол ит "
    "ль ел ла ин от ск ле ое ес ом ам ых ми ти де ны ия ри ий ів ві ій ся ін ні ці що за ви ки "
    "од ав ає ку ди ду ча ат ед ем ту ну ак ек ую ож зн ая ят ою ии ей".split()
)
_PLAIN_PUNCT = set(" \t\n.,;:!?-–—'\"«»„“”’()[]/%$№…+*&@#=_<>|~^`{}\\")


def decode_bytes(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """Decode article bytes: BOMs, then UTF-8, then the most plausible legacy encoding."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc).lstrip("\ufeff"), enc
            except UnicodeDecodeError:
                raise InputError(
                    path, f"starts with a {enc} byte-order mark but is not {enc}",
                    "re-save the file as UTF-8",
                ) from None
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if b"\x00" in data or controls > 0.02 * len(data):
        found = _decode_utf16_without_bom(data)
        if found:
            return found
        raise InputError(path, "is a binary file, not text", "give a .txt, .md or .html article")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _decode_legacy(data, path)


def _decode_utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    found = []
    for enc in ("utf-16-le", "utf-16-be") if len(data) % 2 == 0 else ():
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        alnum = [c for c in text if c.isalnum()]
        european = sum(c < "\u0530" for c in alnum)  # Latin and Cyrillic, not random CJK
        if alnum and european > 0.9 * len(alnum) and _oddness(text) < 0.1:
            found.append((-european, text, enc))
    return min(found)[1:] if found else None


def _decode_legacy(data: bytes, path: str) -> tuple[str, str]:
    declared = _META_CHARSET.search(data[:4096])
    names = [declared.group(1).decode("ascii")] if declared else []
    names += list(_CYRILLIC_ENCODINGS)
    guesses = [m.encoding for m in list(from_bytes(data))[:5]]
    names += [*guesses, "cp1252"]
    decoded: list[tuple[str, str]] = []
    for name in dict.fromkeys(_canonical(n) for n in names if _canonical(n)):
        try:
            decoded.append((data.decode(name), name))
        except (UnicodeDecodeError, LookupError):
            continue
    if not decoded:
        raise InputError(path, "cannot be decoded as text", "re-save the file as UTF-8")
    cyrillic = [(t, n) for t, n in decoded if _cyrillic_share(t) > 0.3]
    if cyrillic:
        # charset-normalizer mixes up cp1251/koi8-r on short texts: judge by letters and case.
        best = max(cyrillic, key=lambda d: _cyrillic_score(d[0]) + _PRIOR.get(d[1], 0.0))
    else:
        # Latin text: the least odd reading; ties go to the declared charset, then cp1252
        order = [*names[: bool(declared)], "cp1252", *guesses]
        rank = {n: i for i, n in reversed(list(enumerate(_canonical(x) for x in order)))}
        best = min(decoded, key=lambda d: (round(_oddness(d[0]), 3), rank.get(d[1], 99)))
    if _oddness(best[0]) > 0.15:
        raise InputError(path, "has an unknown text encoding", "re-save the file as UTF-8")
    return best


def _canonical(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return ""


def _oddness(text: str) -> float:
    """Share of characters that are neither letters, digits, spaces nor plain punctuation."""
    if not text:
        return 1.0
    odd = sum(1 for c in text if not (c.isalnum() or c in _PLAIN_PUNCT))
    return odd / len(text)


def _cyrillic_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(1 for c in letters if _CYRILLIC.match(c)) / len(letters) if letters else 0.0


def _cyrillic_score(text: str) -> float:
    """Plausibility of a Cyrillic reading: common bigrams, clean words, lowercase inside words."""
    tokens = [t.strip("".join(_PLAIN_PUNCT)) for t in text.split()]
    chars = "".join(tokens)
    if not chars:
        return 0.0
    good = sum(c.lower() in _COMMON_CYR or c.isascii() and c.isalnum() or c in "-'’" for c in chars)
    inner = [c for t in tokens for c in t[1:] if c.isalpha()]
    lower = sum(c.islower() for c in inner) / len(inner) if inner else 0.0
    words = re.findall(r"[\u0400-\u04ff]+", text.lower())
    pairs = [w[i : i + 2] for w in words for i in range(len(w) - 1)]
    bigram = sum(p in _BIGRAMS for p in pairs) / len(pairs) if pairs else 0.0
    starts = re.findall(r"(?:\A|[.!?]\s+|\n)[\s\"'«„“(\[–—-]*(\w)", text)
    capital = sum(c.isupper() for c in starts) / len(starts) if starts else 0.0
    return 3 * bigram + 2 * good / len(chars) + 0.5 * lower + 0.5 * capital - 10 * _oddness(text)


# -------------------------------------------------------------------------- HTML


class Page(NamedTuple):
    """Text and metadata pulled from an HTML page."""

    text: str
    title: str | None
    outlet: str | None
    published: dt.date | None


_DROP_TAGS = ["script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside",
              "form", "figcaption", "iframe", "button", "select", "head"]
_BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol blockquote section article main table tr pre dd dt dl "
    "figure address hr".split()
)
_BOILER_CLASS = re.compile(
    r"(?:^|[-_\s])(?:related|share|sharing|social|comments?|breadcrumbs?|advert|ads|promo|"
    r"newsletter|subscribe|sidebar|cookie|menu|tags)(?:$|[-_\s])", re.I
)


def extract_html(html: str) -> Page:
    """Article text from an HTML page: paragraphs as blank-line separated blocks, chrome dropped."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    outlet = _meta(tree, "og:site_name")
    stamp = _meta(tree, "article:published_time") or ""
    published = _iso_date(stamp[:10])
    h1 = tree.css_first("h1")
    title_node = tree.css_first("title")
    title = _squash(h1.text()) if h1 else None
    title = title or _meta(tree, "og:title") or (_squash(title_node.text()) if title_node else None)
    if title and outlet and not h1:
        title = re.sub(rf"\s*[-|–—:]\s*{re.escape(outlet)}\s*$", "", title)  # "Headline | Site"
    tree.strip_tags(_DROP_TAGS)
    for node in tree.css("[class], [id]"):
        label = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if _BOILER_CLASS.search(label) and node.tag not in {"body", "html", "article", "main"}:
            node.decompose()
    roots = tree.css("article") or tree.css("main") or ([tree.body] if tree.body else [])
    parts: list[str] = []
    if roots:
        _walk(max(roots, key=lambda n: len(n.text() or "")), parts)
    blocks = []
    for block in re.split(r"\n\s*\n", "".join(parts)):
        lines = [re.sub(r"\s+", " ", line).strip() for line in block.split("\n")]
        if any(lines):
            blocks.append("\n".join(line for line in lines if line))
    if title and blocks and _squash(blocks[0]) != title:
        blocks.insert(0, title)  # the headline carries facts; keep it once at the top
    return Page("\n\n".join(blocks), title or None, outlet, published)


def _walk(node: object, out: list[str]) -> None:
    for child in node.iter(include_text=True):  # type: ignore[attr-defined]
        tag = child.tag
        if tag == "-text":
            out.append(re.sub(r"\s+", " ", child.text(deep=False) or ""))
        elif tag == "br":
            out.append("\n")
        elif tag.startswith("-"):
            continue
        elif tag in _BLOCK_TAGS:
            out.append("\n\n")
            _walk(child, out)
            out.append("\n\n")
        else:
            _walk(child, out)


def _meta(tree: object, prop: str) -> str | None:
    for sel in (f'meta[property="{prop}"]', f'meta[name="{prop}"]'):
        node = tree.css_first(sel)  # type: ignore[attr-defined]
        if node is not None and (node.attributes.get("content") or "").strip():
            return _squash(node.attributes["content"])
    return None


def _squash(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


# ------------------------------------------------------------------- boilerplate


class _Unit:
    """One line of the text, with the paragraph it belongs to."""

    __slots__ = ("para", "text", "keep")

    def __init__(self, para: int, text: str) -> None:
        self.para, self.text, self.keep = para, text, True


def _markers(table: dict[str, tuple[str, ...]], language: str | None) -> tuple[str, ...]:
    if language in table:
        return table[language] + table.get("en", ()) if language != "en" else table["en"]
    return tuple(m for values in table.values() for m in values)


@functools.lru_cache(maxsize=4096)
def _bare(text: str) -> str:
    """Lowercase with emoji, arrows and edge punctuation gone, for marker matching."""
    return re.sub(r"\s+", " ", _EDGE_JUNK.sub("", text.lower())).strip()


def _headline_like(text: str, max_words: int = 25) -> bool:
    words = text.split()
    return 0 < len(words) <= max_words and len(text) <= 220 and not _SENTENCE_END.search(text)


def _starts_with(bare: str, markers: Iterable[str]) -> bool:
    return any(bare == m or bare.startswith(m + " ") or bare.startswith(m + ":") for m in markers)


def strip_boilerplate(text: str, language: str | None = None) -> tuple[str, list[str]]:
    """Remove read-also links, headline lists, captions and repeated headlines; return both parts."""
    units = [
        _Unit(i, line.strip())
        for i, para in enumerate(re.split(r"\n\s*\n", text))
        for line in para.split("\n")
        if line.strip()
    ]
    read_also = _markers(READ_ALSO, language)
    headings = _markers(LIST_HEADINGS, language)
    captions = _markers(CAPTION_WORDS, language)
    junk = _markers(JUNK_LINES, language)
    calls = _markers(CALLS_TO_ACTION, language)
    removed: list[str] = []

    def is_heading(u: _Unit) -> bool:
        short = len(u.text.split()) <= 8 and not re.search(r"[.!?…]\s*$", u.text)
        return short and _starts_with(_bare(u.text), headings)

    _drop_repeated_headline(units, removed)
    i = 0
    while i < len(units):
        u = units[i]
        if not u.keep:
            i += 1
            continue
        if is_heading(u):
            j, items = i + 1, 0
            while j < len(units) and (
                _headline_like(units[j].text) or _DATE_LINE.match(units[j].text)
                or is_heading(units[j])
            ):
                items += not (_DATE_LINE.match(units[j].text) or is_heading(units[j]))
                j += 1
            # a lone heading before body text may be a real subheading: need a list or the end
            if items >= 2 or j == len(units):
                removed.append("\n".join(x.text for x in units[i:j]))
                for x in units[i:j]:
                    x.keep = False
                i = j
                continue
        bare = _bare(u.text)
        if _starts_with(bare, read_also):
            u.keep = False  # one paragraph only: the next one may be real reporting
            removed.append(u.text)
        elif (
            bare in junk
            or (len(u.text.split()) <= 20 and _starts_with(bare, calls))
            or (len(u.text.split()) <= 6 and _starts_with(bare, BYLINES))
            or _DATELINE.match(u.text)
            or _LANGUAGE_SWITCH.match(u.text)
        ):
            u.keep = False
            removed.append(u.text)
        else:
            _strip_caption(u, captions, removed)
        i += 1
    kept: dict[int, list[str]] = {}
    for u in units:
        if u.keep and u.text:
            kept.setdefault(u.para, []).append(u.text)
    clean = "\n\n".join("\n".join(lines) for lines in kept.values())
    if not clean.strip():
        return text.strip(), []  # never hand on an empty article: removing too little is safer
    return clean, removed


def _drop_repeated_headline(units: list[_Unit], removed: list[str]) -> None:
    """Drop a headline repeated just below itself, the rubric between them and any doubled line."""
    if units and _headline_like(units[0].text):
        head = _bare(units[0].text)
        for k in range(1, min(5, len(units))):
            if _bare(units[k].text) == head:
                between = units[1:k]
                if all(len(x.text.split()) <= 3 and _headline_like(x.text) for x in between):
                    for x in [*between, units[k]]:
                        x.keep = False
                        removed.append(x.text)
                break
    for prev, cur in zip(units, units[1:], strict=False):
        if cur.keep and prev.keep and _bare(cur.text) and _bare(cur.text) == _bare(prev.text):
            cur.keep = False
            removed.append(cur.text)


@functools.lru_cache(maxsize=16)
def _caption_patterns(captions: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    words = "|".join(re.escape(c) for c in captions)
    return (
        # "Headline / Колаж УНІАН, скріншоти": keep the headline, drop the credit
        re.compile(rf"\s+[/|]\s*(?:{words})\b.*$", re.IGNORECASE),
        re.compile(rf"(?:^|[\s.,;(])(?:{words})\s*:", re.IGNORECASE),
        # "Колаж УНІАН", "Photo by ...": a caption word then a name, not "Video call lasted an hour"
        re.compile(rf"\W*(?i:{words})(?:\s*$|\s*[,/]|\s+(?:by|via|[A-ZА-ЯІЇЄҐЁ]))"),
    )


def _strip_caption(u: _Unit, captions: tuple[str, ...], removed: list[str]) -> None:
    split_rx, labelled_rx, lead_rx = _caption_patterns(captions)
    split = split_rx.search(u.text)
    if split and len(u.text[: split.start()].split()) >= 3:
        removed.append(u.text[split.start():].strip(" /|"))
        u.text = u.text[: split.start()].rstrip()
        return
    if len(u.text.split()) > 30:
        return  # a long paragraph is body text even if it mentions a photo
    labelled = labelled_rx.search(u.text)
    leading = lead_rx.match(u.text) and _headline_like(u.text, 12)
    if labelled or leading:
        u.keep = False
        removed.append(u.text)


# ------------------------------------------------------------- title and outlet


def guess_title(text: str) -> str | None:
    """The first line when it reads as a headline (short, no final period), else None."""
    first, _, rest = text.strip().partition("\n")
    first = first.strip().lstrip("#").strip()  # a Markdown heading
    if rest.strip() and len(first.split()) >= 2 and _headline_like(first, 20):
        return first
    return None


def guess_outlet(removed: Sequence[str]) -> str | None:
    """Outlet named in removed boilerplate: own artwork credits or self-promotion, else None."""
    artwork = "|".join(OWN_ARTWORK)
    portal = "|".join(re.escape(p) for p in PORTAL_WORDS)
    name = r"[A-ZА-ЯІЇЄҐЁ][\w.\-]*(?:\s+[A-ZА-ЯІЇЄҐЁ][\w.\-]*){0,2}"
    for block in removed:
        m = re.search(rf"(?i:\b(?:{artwork}))\s+({name})", block)
        m = m or re.search(rf"(?i:{portal})\s+[\"«“„]([^\"»”“]{{2,40}})[\"»”“]", block)
        if m:
            return m.group(1).strip()
    return None


# ---------------------------------------------------------------------- language

_LETTER = re.compile(r"[^\W\d_]")  # a letter (str.isalpha, near enough, in C)
_UK_LETTERS = set("іїєґ")
_RU_LETTERS = set("ыэё")
_OTHER_CYRILLIC = set("јљњђћџѓќѕўқғңұүһәө")  # Serbian, Macedonian, Belarusian, Kazakh...


def detect_language(text: str) -> str:
    """ISO 639-1 code; uk vs ru by their own letters, others by py3langid; 'und' if too short."""
    low = text.lower()
    letters = len(_LETTER.findall(low))
    if letters < 20:
        return "und"
    cyr = len(_CYRILLIC.findall(low))
    if cyr > 0.5 * letters:
        uk = sum(low.count(c) for c in _UK_LETTERS)
        ru = sum(low.count(c) for c in _RU_LETTERS)
        other = sum(low.count(c) for c in _OTHER_CYRILLIC)
        if (uk or ru) and other <= 0.002 * cyr:
            # і ї є ґ make ~6.5% of Ukrainian letters, ы э ё ~2.4% of Russian: compare rates
            return "uk" if uk / 0.065 >= ru / 0.024 else "ru"
    import py3langid

    code, _ = py3langid.classify(text)
    return str(code)
