"""Page boilerplate: read-also links, headline lists, captions, datelines, bylines; title and outlet guesses."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

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

