"""dateparser, wrapped: is a phrase a full date, a day and month without a year, or relative?"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from dateparser.date import DateDataParser
from dateparser.search import search_dates

from ..core.types import Article
from ..lang import base_code, digit_forms, pack, packs_for, words
from ..text.detect import phrase_language
from ..text.segment import sentences

# Two far-apart reference dates: a parse that is the same at both gave a full date; one whose
# day and month agree but not the year lacks a year; anything else is relative to "now".
_BASE_A = dt.datetime(2011, 7, 9)
_BASE_B = dt.datetime(2026, 2, 4)
_LANGS = ("uk", "ru", "en")  # when dateparser knows none of an article's languages


def _languages(text: str, article_lang: str) -> list[str]:
    """The phrase's likeliest language first, then the article's and those its pack lists in `also`;
    a language with no pack still gets dateparser's own locale for it."""
    first = phrase_language(text, article_lang)
    order = [first, article_lang, *pack(article_lang).also]
    known = [lang for lang in dict.fromkeys(base_code(c) for c in order) if lang in _dateparser_languages()]
    return known or list(_LANGS)


@lru_cache(maxsize=1)
def _dateparser_languages() -> frozenset[str]:
    from dateparser.languages.loader import default_loader

    return frozenset(default_loader.get_locale_map())


@lru_cache(maxsize=32)
def month_alternation(lang: str | None) -> str:
    """A regex alternation of the month names of `lang`'s packs; an abbreviation may end in '.'."""
    names: list[str] = []
    for p in packs_for(lang):
        for forms in p.dates.months:
            for form in forms:
                abbreviation = any(o != form and o.startswith(form) for o in forms)
                names.append(re.escape(form) + (r"\.?" if abbreviation else ""))
    return "(?:" + "|".join(sorted(set(names), key=len, reverse=True)) + ")" if names else ""


def _digit_date(text: str, langs: Sequence[str]) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) of a date the packs write in digits ('2025年1月21日'), or None."""
    flat = unicodedata.normalize("NFKC", text).strip()
    for lang in langs:
        for form in digit_forms(lang):
            m = re.fullmatch(form, flat)
            if m is not None:
                year = m.groupdict().get("y")
                return (int(year) if year else None), int(m.group("m")), int(m.group("d"))
    return None


@lru_cache(maxsize=32)
def _parser(langs: tuple[str, ...], base: dt.datetime) -> DateDataParser:
    settings = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": "past",
        "REQUIRE_PARTS": ["day", "month"],
        "DATE_ORDER": "DMY",
    }
    try:
        return DateDataParser(languages=list(langs), settings=settings)
    except ValueError:  # a language dateparser does not know
        return DateDataParser(languages=list(_LANGS), settings=settings)


@lru_cache(maxsize=32)
def _day_offsets(langs: tuple[str, ...]) -> dict[str, int]:
    """The packs' day words that dateparser does not read ('今日', '昨日'), with their offsets."""
    out: dict[str, int] = {}
    for lang in langs:
        for p in packs_for(base_code(lang)):
            for word, days in p.dates.day_offsets.items():
                out.setdefault(word.casefold(), days)
    return out


def _parse_day(text: str, langs: list[str], base: dt.datetime) -> dt.date | None:
    offset = _day_offsets(tuple(langs)).get(text.strip().casefold())
    if offset is not None:
        return (base + dt.timedelta(days=offset)).date()
    data = _parser(tuple(langs), base).get_date_data(text)
    if data.date_obj is None or data.period != "day":
        return None
    return data.date_obj.date()


def classify(text: str, langs: list[str]) -> tuple[str, dt.date | None, int | None, int | None]:
    """('full', date, m, d), ('day_month', None, m, d), ('relative', ...) or ('none', ...)."""
    digits = _digit_date(text, langs)
    if digits is not None:
        year, month, day = digits
        if year is not None and (full := _safe_date(year, month, day)) is not None:
            return "full", full, month, day
        if year is None and _safe_date(2024, month, day) is not None:
            return "day_month", None, month, day
    a = _parse_day(text, langs, _BASE_A)
    b = _parse_day(text, langs, _BASE_B)
    if a is None or b is None:
        return "none", None, None, None
    if a == b:
        return "full", a, a.month, a.day
    if (a.month, a.day) == (b.month, b.day):
        return "day_month", None, a.month, a.day
    return "relative", None, None, None


def _date_phrases(text: str, langs: list[str]) -> list[str]:
    """The whole text if it parses, else the date phrases dateparser finds inside it."""
    if classify(text, langs)[0] != "none":
        return [text]
    return [phrase for phrase, _ in search_day_months(text, langs)]


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None



def languages_for(text: str, article_lang: str) -> list[str]:
    """dateparser languages to try for `text`, the likeliest first."""
    return _languages(text, article_lang)



# A day and month need a month's name next to a number or an ordinal ("4 лютого", "January 17",
# "30-го грудня", "первого мая"), two numbers ("04.02") or a pack's digit form ("1月21日"):
# dateparser's search, the costliest step of verification, runs only on text where one of these
# stands. tests/test_dates.py checks on the seeds and test articles that the gate drops no phrase
# the ungated search finds. A language with no month names is not gated.


@lru_cache(maxsize=32)
def _may_hold_date(langs: tuple[str, ...]) -> re.Pattern[str] | None:
    stems = sorted(
        {re.escape(form[:3].casefold()) for lang in langs for p in packs_for(lang) for forms in p.dates.months
         for form in forms},
        key=len,
        reverse=True,
    )
    if not stems:
        return None
    month = "(?:" + "|".join(stems) + ")"
    endings = "|".join(sorted({re.escape(e) for lang in langs for e in words(lang, "dates.ordinal_endings")}))
    ordinal = rf"|(?<!\w)\w+(?:{endings})\s+{month}" if endings else ""  # первого мая, першого травня
    return re.compile(
        rf"\d[^\d\n]{{0,12}}?{month}"  # 4 лютого, 30-го грудня, 4th of May
        rf"|(?<!\w){month}\w*\.?,?\s{{0,3}}\d"  # January 17, Feb. 4
        rf"{ordinal}"
        r"|\d{1,2}[./]\d{1,2}",  # 04.02.2026
        re.IGNORECASE,
    )


_DAY_MONTH_SETTINGS = {"REQUIRE_PARTS": ["day", "month"], "DATE_ORDER": "DMY"}


def search_day_months(text: str, langs: Sequence[str]) -> list[tuple[str, dt.datetime]]:
    """dateparser's search_dates for day-and-month phrases, only where one can stand; the packs'
    digit forms ("1月21日", which dateparser misses without a year) too."""
    gate = _may_hold_date(tuple(langs))
    found: list[tuple[str, dt.datetime]] = []
    if gate is None or gate.search(text):
        found = list(search_dates(text, languages=list(langs), settings=dict(_DAY_MONTH_SETTINGS)) or [])
    flat = unicodedata.normalize("NFKC", text)
    for lang in langs:
        for form in digit_forms(lang):
            for m in re.finditer(form, flat):
                phrase = text[m.start() : m.end()] if len(flat) == len(text) else m.group(0)
                digits = _digit_date(m.group(0), [lang])
                if digits and not any(phrase in p for p, _ in found):
                    year, month, day = digits
                    if (value := _safe_date(year or 2024, month, day)) is not None:
                        found.append((phrase, dt.datetime.combine(value, dt.time())))
    return found


@lru_cache(maxsize=64)
def _text_day_months(text: str, language: str) -> frozenset[tuple[int, int]]:
    langs = _languages(text, language)
    pairs = set()
    for span, _ in sentences(text):
        sentence = text[span.start : span.end]
        for phrase, _ in search_day_months(sentence, langs):
            kind, _full, month, day = classify(phrase, langs)
            if kind in ("full", "day_month") and month and day:
                pairs.add((month, day))
    return frozenset(pairs)


def text_day_months(article: Article) -> set[tuple[int, int]]:
    """(month, day) pairs of the date phrases written in the article (searched sentence by sentence)."""
    return set(_text_day_months(article.text, article.language))

