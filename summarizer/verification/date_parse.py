"""dateparser, wrapped: is a phrase a full date, a day and month without a year, or relative?"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from functools import lru_cache

from dateparser.date import DateDataParser
from dateparser.search import search_dates

from ..core.types import Article
from ..text.detect import phrase_language
from ..text.segment import sentences

# Two far-apart reference dates: a parse that is the same at both gave a full date; one whose
# day and month agree but not the year lacks a year; anything else is relative to "now".
_BASE_A = dt.datetime(2011, 7, 9)
_BASE_B = dt.datetime(2026, 2, 4)
_LANGS = ("uk", "ru", "en")


def _languages(text: str, article_lang: str) -> list[str]:
    first = phrase_language(text, article_lang)
    return [first] + [lang for lang in _LANGS if lang != first]


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


def _parse_day(text: str, langs: list[str], base: dt.datetime) -> dt.date | None:
    data = _parser(tuple(langs), base).get_date_data(text)
    if data.date_obj is None or data.period != "day":
        return None
    return data.date_obj.date()


def classify(text: str, langs: list[str]) -> tuple[str, dt.date | None, int | None, int | None]:
    """('full', date, m, d), ('day_month', None, m, d), ('relative', ...) or ('none', ...)."""
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
# "30-го грудня", "первого мая") or two numbers ("04.02"): dateparser's search, the costliest step of
# verification, runs only on text where one of these stands. tests/test_dates.py checks on the
# seeds and test articles that the gate drops no phrase the ungated search finds.
_MONTH_NAME = (
    r"(?<!\w)(?:січ|лют|берез|квіт|трав|черв|лип|серп|верес|жовт|листоп|груд|январ|феврал|"
    r"март|апрел|ма[йяюе]|июн|июл|август|сентябр|октябр|ноябр|декабр|jan|feb|mar|apr|may|jun|jul|"
    r"aug|sep|oct|nov|dec)"
)
_MAY_HOLD_DATE = re.compile(
    rf"\d[^\d\n]{{0,12}}?{_MONTH_NAME}"  # 4 лютого, 30-го грудня, 4th of May
    rf"|{_MONTH_NAME}\w*\.?,?\s{{0,3}}\d"  # January 17, Feb. 4
    rf"|(?<!\w)\w+г[оі]\s+{_MONTH_NAME}"  # первого мая, першого травня
    r"|\d{1,2}[./]\d{1,2}",  # 04.02.2026
    re.IGNORECASE,
)
_DAY_MONTH_SETTINGS = {"REQUIRE_PARTS": ["day", "month"], "DATE_ORDER": "DMY"}


def search_day_months(text: str, langs: Sequence[str]) -> list[tuple[str, dt.datetime]]:
    """dateparser's search_dates for day-and-month phrases, only where one can stand."""
    if not _MAY_HOLD_DATE.search(text):
        return []
    return list(search_dates(text, languages=list(langs), settings=dict(_DAY_MONTH_SETTINGS)) or [])


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

