"""Page boilerplate: read-also links, headline lists, captions, datelines, bylines; title and outlet guesses."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

from ..lang import base_code, field_words, pack, packs_for, phrase_bodies, words

# ----------------------------------------------------------------- marker data
# Boilerplate markers are the language packs' (`boilerplate`, lower case). English ones apply to
# every language (sites mix them in); with no language given, or one with no pack, all of them do.


def _markers(field: str, language: str | None) -> tuple[str, ...]:
    """The markers at `boilerplate.<field>` for a page in `language`: its own pack's and English."""
    if language is None or not pack(language).known:
        return words(None, f"boilerplate.{field}")
    codes = [language] if base_code(language) == "en" else [language, "en"]
    return tuple(dict.fromkeys(w.lower() for c in codes for w in field_words(pack(c), f"boilerplate.{field}")))


def _alt(path: str) -> str:
    """Every pack's words at `path` as one alternation (datelines, dates: script-wide, not per language)."""
    return "|".join(b for _, b in phrase_bodies(words(None, path)))


@functools.lru_cache(maxsize=1)
def _date_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A line that is only a date or a time, and a page's dateline, from every pack's date words."""
    months = [form for p in packs_for(None) for forms in p.dates.months for form in forms]
    month = "|".join(sorted((re.escape(m) for m in months), key=len, reverse=True)) or "(?!)"
    years = _alt("dates.year_words")
    year = rf"(?:\s*(?:{years}))?" if years else ""
    at = _alt("dates.time_words")
    time = rf"(?:[,\s]+(?:{at})?\s*\d{{1,2}}[:.]\d{{2}})?" if at else r"(?:[,\s]+\d{1,2}[:.]\d{2})?"
    day_words = _alt("dates.day_words") or "(?!)"
    weekday = "|".join(b for p in packs_for(None) for forms in p.dates.weekdays for _, b in phrase_bodies(forms))
    weekday = weekday or "(?!)"
    date_line = re.compile(
        rf"^(?:\d{{1,2}}\.?\s+(?:{month})\.?(?:\s+\d{{4}})?{year}"
        rf"|(?:{month})\.?\s+\d{{1,2}}(?:,?\s+\d{{4}})?"
        rf"|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}"
        rf"|{day_words}){time}$|^\d{{1,2}}:\d{{2}}$",
        re.IGNORECASE,
    )
    # A page's dateline, a line of its own: "США, Суббота 18 октября 2025 00:20", "Friday, 17 October
    # 2025, 14:05". It dates the page, as the ` date` line does, not the event; and it is no sentence.
    dateline = re.compile(
        rf"^(?:[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){{0,2}},\s*)?(?:(?:{weekday}),?\s+)?"
        rf"(?:\d{{1,2}}\.?\s+(?:{month})\.?|(?:{month})\.?\s+\d{{1,2}},?)\s+\d{{4}}{year},?"
        rf"(?:\s*(?:{at})?\s*\d{{1,2}}[:.]\d{{2}})?$",
        re.IGNORECASE,
    )
    return date_line, dateline


# A language switcher: "ua en ru", "UA | RU | EN".
_LANGUAGE_SWITCH = re.compile(r"^(?:(?:ua|uk|ru|en|de|fr|pl|es|it|zh|cn)\s*[|/·•]?\s*){2,}$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.…;:。！？]\s*[\"'»”“)\]」』]*$")
_EDGE_JUNK = re.compile(r"^[\W_]+|[\W_]+$")  # emoji, arrows, bullets, trailing colons


class _Unit:
    """One line of the text, with the paragraph it belongs to."""

    __slots__ = ("para", "text", "keep")

    def __init__(self, para: int, text: str) -> None:
        self.para, self.text, self.keep = para, text, True


@functools.lru_cache(maxsize=4096)
def _bare(text: str) -> str:
    """Lowercase with emoji, arrows and edge punctuation gone, for marker matching."""
    return re.sub(r"\s+", " ", _EDGE_JUNK.sub("", text.lower())).strip()


def _headline_like(text: str, max_words: int = 25) -> bool:
    words = text.split()
    return 0 < len(words) <= max_words and len(text) <= 220 and not _SENTENCE_END.search(text)


def _starts_with(bare: str, markers: Iterable[str]) -> bool:
    return any(
        bare == m or bare.startswith(m + " ") or bare.startswith(m + ":") or bare.startswith(m + "：")
        for m in markers
    )


def strip_boilerplate(text: str, language: str | None = None) -> tuple[str, list[str]]:
    """Remove read-also links, headline lists, captions and repeated headlines; return both parts."""
    units = [
        _Unit(i, line.strip())
        for i, para in enumerate(re.split(r"\n\s*\n", text))
        for line in para.split("\n")
        if line.strip()
    ]
    rules = _Rules(language)
    removed: list[str] = []
    _drop_repeated_headline(units, removed)
    i = 0
    while i < len(units):
        u = units[i]
        if not u.keep:
            i += 1
            continue
        end = rules.heading_list_end(units, i)
        if end is not None:
            removed.append("\n".join(x.text for x in units[i:end]))
            for x in units[i:end]:
                x.keep = False
            i = end
            continue
        bare = _bare(u.text)
        if _starts_with(bare, rules.read_also) or rules.is_junk(u.text, bare):
            u.keep = False  # a read-also link is one paragraph only: the next may be real reporting
            removed.append(u.text)
        else:
            _strip_caption(u, rules.captions, removed)
        i += 1
    kept: dict[int, list[str]] = {}
    for u in units:
        if u.keep and u.text:
            kept.setdefault(u.para, []).append(u.text)
    clean = "\n\n".join("\n".join(lines) for lines in kept.values())
    if not clean.strip():
        return text.strip(), []  # never hand on an empty article: removing too little is safer
    return clean, removed


class _Rules:
    """The boilerplate markers for one page's language, and the line tests built on them."""

    def __init__(self, language: str | None) -> None:
        self.read_also = _markers("read_also", language)
        self.headings = _markers("list_headings", language)
        self.captions = _markers("captions", language)
        self.junk = _markers("junk_lines", language)
        self.calls = _markers("calls_to_action", language)
        self.bylines = _markers("bylines", language)
        self.date_line, self.dateline = _date_patterns()

    def is_heading(self, text: str) -> bool:
        short = len(text.split()) <= 8 and not re.search(r"[.!?…]\s*$", text)
        return short and _starts_with(_bare(text), self.headings)

    def heading_list_end(self, units: Sequence[_Unit], i: int) -> int | None:
        """Where the list of headlines under a "more news" heading at `i` ends, if it is one."""
        if not self.is_heading(units[i].text):
            return None
        j, items = i + 1, 0
        while j < len(units) and (
            _headline_like(units[j].text) or self.date_line.match(units[j].text) or self.is_heading(units[j].text)
        ):
            items += not (self.date_line.match(units[j].text) or self.is_heading(units[j].text))
            j += 1
        # a lone heading before body text may be a real subheading: need a list or the end
        return j if items >= 2 or j == len(units) else None

    def is_junk(self, text: str, bare: str) -> bool:
        """A line that is page furniture: a share button, a call to subscribe, a byline, a dateline."""
        return bool(
            bare in self.junk
            or (len(text.split()) <= 20 and _starts_with(bare, self.calls))
            or (len(text.split()) <= 6 and _starts_with(bare, self.bylines))
            or self.dateline.match(text)
            or _LANGUAGE_SWITCH.match(text)
        )


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
def _caption_patterns(
    captions: tuple[str, ...],
) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    words = "|".join(re.escape(c) for c in captions)
    return (
        # "Headline / Колаж УНІАН, скріншоти": keep the headline, drop the credit
        re.compile(rf"\s+[/|]\s*(?:{words})\b.*$", re.IGNORECASE),
        re.compile(rf"(?:^|[\s.,;(（])(?:{words})\s*[:：／]", re.IGNORECASE),
        # "Колаж УНІАН", "Photo by ...": a caption word then a name, not "Video call lasted an hour"
        re.compile(rf"\W*(?i:{words})(?:\s*$|\s*[,/]|\s+(?:by|via|[A-ZА-ЯІЇЄҐЁ]))"),
        # "... in Osaka, Japan, June 29, 2019. (REUTERS File Photo)": a closing bracket holding a
        # caption word and a credit (a bare "(ВІДЕО)" after a headline is no caption)
        re.compile(
            rf"[(（](?=[^()（）]{{0,40}}(?<!\w)(?i:{words})(?!\w))(?:[^()（）]*?\w[^()（）]*?\s|[^()（）]*?\s[^()（）]*?\w)"
            rf"[^()（）]{{0,40}}[)）]\s*$"
        ),
    )


# A short paragraph that ends with a photo credit is a caption, whatever its language: "... à Moscou,
# le 9 mai 2025. ( AFP / ANGELOS TZORTZINIS )", "Си Цзиньпин и Владимир Путин. Обложка © ТАСС".
# Its date is the photo's, not the event's.
CREDITED_CAPTION_WORDS = 60
_PHOTO_CREDIT = re.compile(r"(?:\(\s*[^\W\d_][^()/]{1,30}/[^()/]{2,40}\)|©[^©]{1,60})\s*$")


def _strip_caption(u: _Unit, captions: tuple[str, ...], removed: list[str]) -> None:
    split_rx, labelled_rx, lead_rx, credit_rx = _caption_patterns(captions)
    split = split_rx.search(u.text)
    if split and len(u.text[: split.start()].split()) >= 3:
        removed.append(u.text[split.start():].strip(" /|"))
        u.text = u.text[: split.start()].rstrip()
        return
    size = len(u.text.split())
    credit = credit_rx.search(u.text)
    # A paragraph that ends with a credit is a caption up to CREDITED_CAPTION_WORDS long: captions
    # run longer than the bare labels the other patterns catch.
    credited = (credit is not None and len(credit.group(0).split()) <= 4) or _PHOTO_CREDIT.search(u.text)
    if size > CREDITED_CAPTION_WORDS or (size > 30 and not credited):
        return  # a long paragraph is body text even if it mentions a photo
    labelled = labelled_rx.search(u.text)
    leading = lead_rx.match(u.text) and _headline_like(u.text, 12)
    if labelled or leading or credited:
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
    artwork = "|".join(re.escape(w) for w in words(None, "boilerplate.own_artwork"))
    portal = "|".join(re.escape(p) for p in words(None, "boilerplate.portal_words"))
    name = r"[A-ZА-ЯІЇЄҐЁ][\w.\-]*(?:\s+[A-ZА-ЯІЇЄҐЁ][\w.\-]*){0,2}"
    for block in removed:
        m = re.search(rf"(?i:\b(?:{artwork}))\s+({name})", block)
        m = m or re.search(rf"(?i:{portal})\s+[\"«“„]([^\"»”“]{{2,40}})[\"»”“]", block)
        if m:
            return m.group(1).strip()
    return None

