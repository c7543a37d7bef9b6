"""The year of a day and month written without one, inferred conservatively from the article."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from ..core.types import Article
from ..lang import phrase_bodies, words
from .date_parse import _languages, _safe_date, classify

PUBLICATION_SLACK = dt.timedelta(days=2)
_YEAR = re.compile(r"(?<![\d.,$€£])(19[5-9]\d|20\d\d)(?![\d%$€£])")
_IN = r"(?:\W+(?P<y{}>(?:19|20)\d\d)\W*|\s+)"  # "цього, 2025 року": the year may sit inside


@lru_cache(maxsize=32)
def _this_year_pattern(lang: str | None) -> re.Pattern[str] | None:
    """'This year' phrases of `lang`'s packs, a year allowed before the last word ("цього, 2025 року")."""
    parts = []
    for i, (phrase, body) in enumerate(phrase_bodies(words(lang, "dates.this_year"))):
        head, _, last = phrase.rpartition(" ")
        if not head:
            parts.append(body)
            continue
        head_rx = r"\s+".join(re.escape(w) for w in head.split())
        parts.append(head_rx + _IN.format(i) + re.escape(last))
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def _standalone_date_line(line: str, lang: str) -> bool:
    """A line holding only a date is a listing timestamp (page furniture), not narrative."""
    words = line.split()
    if not words or len(words) > 4 or not _YEAR.search(line):
        return False
    return classify(line.strip(), _languages(line, lang))[0] == "full"


def body_years(article: Article, *, exclude: str = "") -> set[int]:
    """Four-digit years the article body uses, leaving out standalone date lines."""
    years: set[int] = set()
    for line in article.text.splitlines():
        if _standalone_date_line(line, article.language):
            continue
        if exclude:
            line = line.replace(exclude, " ")
        years.update(int(y) for y in _YEAR.findall(line))
    return years


def _this_year(article: Article) -> int | None:
    """A year written next to "this year" ("цього, 2025 року") names the year of writing."""
    rx = _this_year_pattern(article.language)
    for m in rx.finditer(article.text) if rx else ():
        inside = [y for y in m.groups() if y]
        if inside:
            return int(inside[0])
        window = article.text[max(0, m.start() - 30) : m.end() + 30]
        years = {int(y) for y in _YEAR.findall(window)}
        if len(years) == 1:
            return years.pop()
    return None


def infer_year(month: int, day: int, article: Article, *, exclude: str = "") -> tuple[int | None, str]:
    """Year of a day and month given without one, and the reason, or None when unsure.

    With a publication date: the latest such date not after publication + 2 days. Without
    one: a year written next to "this year"; else, when every year the body uses (leaving out
    standalone date lines) falls within two consecutive years, the latest of them.
    Otherwise None: a wrong year is worse than an unknown one.
    """
    if article.published is not None:
        limit = article.published + PUBLICATION_SLACK
        for year in range(limit.year, limit.year - 9, -1):
            cand = _safe_date(year, month, day)
            if cand is not None and cand <= limit:
                return year, f"year from publication date {article.published.isoformat()}"
        return None, "no valid date before publication"
    this_year = _this_year(article)
    if this_year is not None:
        return this_year, f"the article says 'this year' next to {this_year}"
    years = body_years(article, exclude=exclude)
    if not years:
        return None, "no publication date and the body names no year"
    if max(years) - min(years) > 1:
        return None, f"no publication date; the body names years {sorted(years)} (ambiguous)"
    return max(years), f"no publication date; the body names only {sorted(years)}"

