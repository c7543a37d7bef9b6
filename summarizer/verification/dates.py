"""Resolve an event's date in code from the article's own words; the model's guess is checked.

Order: anchored ("four days after ...") -> weekday ("on Wednesday") -> dateparser (explicit
dates, with or without a year, and today/yesterday) -> the model's guess, accepted only when the
article supports it. A wrong year is worse than an unknown one: every inference is conservative.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from typing import NamedTuple

from ..core.types import Article, DateMethod, EventDate, OtherReading
from ..lang import packs_for, phrase_bodies, unspaced, words
from ..text.fold import flat_apostrophes, normalise_text
from ..text.segment import sentence_around
from .date_parse import (
    _date_phrases,
    _languages,
    _parse_day,
    _safe_date,
    classify,
    search_day_months,
    text_day_months,
)
from .names import NameResolver
from .quotes import locate
from .years import PUBLICATION_SLACK, body_years, infer_year


class _DatePatterns(NamedTuple):
    numbers: dict[str, int]
    offset: re.Pattern[str] | None
    one_unit: re.Pattern[str] | None
    week_unit: re.Pattern[str] | None
    next_day: re.Pattern[str] | None
    eve: re.Pattern[str] | None
    weekday: re.Pattern[str] | None
    weekday_before: re.Pattern[str] | None
    span: re.Pattern[str] | None


def _alt(lang: str | None, path: str) -> str:
    """The phrases at `path` of `lang`'s packs as one regex alternation ('' when there are none)."""
    return "|".join(b for _, b in phrase_bodies(words(lang, path)))


@lru_cache(maxsize=32)
def _patterns(lang: str | None) -> _DatePatterns:
    """The date-word patterns of the packs that apply to `lang` (None: every pack).

    dateparser reads "через 4 дні" as four days from now and knows nothing of an anchor event, so
    offsets from another event are matched here; nor does it read weekdays in Ukrainian or Russian
    prepositional forms ("у середу", "в среду") or adjectives ("недільної", "воскресной").
    """
    numbers = {
        flat_apostrophes(w.casefold()): int(v)
        for p in packs_for(lang)
        for v, ws in p.number_words.items()
        if v.isdigit() and 1 <= int(v) <= 10
        for w in ws
    }
    numbers.update({flat_apostrophes(w.casefold()): 1 for w in words(lang, "dates.offset_one")})
    numbers.update({str(i): i for i in range(1, 100)})
    num = "|".join(sorted((re.escape(k) for k in numbers if not k.isdigit()), key=len, reverse=True))
    num = rf"\d{{1,2}}|{num}" if num else r"\d{1,2}"
    day, week = _alt(lang, "dates.day_units"), _alt(lang, "dates.week_units")
    after, before = _alt(lang, "dates.after"), _alt(lang, "dates.before")
    offset = None
    if (day or week) and (after or before):
        units = "|".join(u for u in (day, week) if u)
        named = (f"(?P<after>{after})" if after else "", f"(?P<before>{before})" if before else "")
        sides = "|".join(x for x in named if x)
        offset = re.compile(
            rf"(?<!\w)(?:(?P<num>{num})\s+)?(?P<unit>{units})\s+(?:{sides})\b(?P<rest>.*)", re.IGNORECASE | re.DOTALL
        )
    next_day = eve = None
    if nd := _alt(lang, "dates.next_day"):
        tail = rf"\s*(?:{after})?" if after else ""
        next_day = re.compile(rf"(?<!\w)(?:{nd}){tail}\b(?P<rest>.*)", re.IGNORECASE | re.DOTALL)
    if ev := _alt(lang, "dates.eve"):
        eve = re.compile(rf"(?<!\w)(?:{ev})\b(?P<rest>.*)", re.IGNORECASE | re.DOTALL)
    one = _alt(lang, "dates.one_units")
    span = None
    if spans := _alt(lang, "dates.span_words"):
        last = _alt(lang, "dates.span_last")
        last = rf"(?:(?:{last})\s+)?" if last else ""
        not_before = rf"(?!\s+(?:{before})\b)" if before else ""
        span = re.compile(
            rf"(?<!\w)(?:{spans})\s+{last}(?:\d{{1,3}}|\w+)\s+\w+(?!\w){not_before}", re.IGNORECASE
        )
    preps = _alt(lang, "dates.weekday_prepositions")
    return _DatePatterns(
        numbers=numbers,
        offset=offset,
        one_unit=re.compile(one, re.IGNORECASE) if one else None,
        week_unit=re.compile(week, re.IGNORECASE) if week else None,
        next_day=next_day,
        eve=eve,
        weekday=_weekday_pattern(lang),
        weekday_before=re.compile(rf"(?<!\w)(?:{preps})\s+$", re.IGNORECASE) if preps else None,
        span=span,
    )


def _weekday_pattern(lang: str | None) -> re.Pattern[str] | None:
    """Weekday words, one named group per day (d0 is Monday), after an optional 'last' word."""
    days: list[list[str]] = [[] for _ in range(7)]
    for p in packs_for(lang):
        for i, forms in enumerate(p.dates.weekdays[:7]):
            days[i] += forms
    if not any(days):
        return None

    def bounded(phrase: str, body: str) -> str:
        return body if unspaced(phrase) else rf"(?<!\w){body}(?!\w)"

    groups = [
        f"(?P<d{i}>" + "|".join(bounded(p, b) for p, b in phrase_bodies(forms)) + ")"
        for i, forms in enumerate(days)
        if forms
    ]
    last = "|".join(
        b if unspaced(p) else rf"(?<!\w){b}\s+" for p, b in phrase_bodies(words(lang, "dates.last"))
    )
    head = f"(?P<last>{last})?" if last else "(?P<last>(?!))?"
    return re.compile(head + "(?:" + "|".join(groups) + ")", re.IGNORECASE)


def _in_article(expr: str, article: Article) -> bool:
    norm = normalise_text(expr)
    if norm and norm in normalise_text(article.text):
        return True
    return locate(expr, article.text).verified


def _sentence_after(expr: str, article: Article) -> str:
    """The article text from `expr` to the end of its sentence (for a cut-off anchor)."""
    ev = locate(expr, article.text)
    if ev.span is None:
        return ""
    return article.text[ev.span.end : sentence_around(article.text, ev.span.start, ev.span.end).end]


def _find_anchor(
    phrase: str, anchors: Mapping[str, dt.date], names: NameResolver
) -> tuple[dt.date | None, str]:
    """The date of the event `phrase` refers to: the date most anchor keys in it point at."""
    norm = normalise_text(phrase)
    mentioned = names.mentions(phrase) if phrase.strip() else set()
    votes: dict[dt.date, list[str]] = {}
    for key, date in anchors.items():
        nkey = normalise_text(key)
        if nkey and (key in mentioned or (len(nkey) >= 4 and nkey in norm)):
            votes.setdefault(date, []).append(key)
    if not votes:
        return None, "no anchor event named in the expression"
    ranked = sorted(votes.items(), key=lambda kv: len(kv[1]), reverse=True)
    if len(ranked) > 1 and len(ranked[0][1]) == len(ranked[1][1]):
        return None, "the expression fits events on different dates"
    date, keys = ranked[0]
    return date, ", ".join(keys)


def _anchored(
    text: str, article: Article, anchors: Mapping[str, dt.date] | None, names: NameResolver
) -> EventDate | None:
    """A date given as an offset from another event; None when the text is not one."""
    text = flat_apostrophes(text)
    rx = _patterns(article.language)
    offset: int | None = None
    rest = ""
    m = rx.offset.search(text) if rx.offset else None
    if m:
        word = m.group("num")
        if word is None and not (rx.one_unit and rx.one_unit.fullmatch(m.group("unit"))):
            # "кілька днів після": an offset we cannot count. Not dateparser's "in N days".
            return EventDate(text=text, note="offset from another event not understood")
        count = rx.numbers.get((word or "1").casefold(), 1)
        unit = 7 if rx.week_unit and rx.week_unit.match(m.group("unit")) else 1
        offset = count * unit * (1 if m.groupdict().get("after") else -1)
        rest = m.group("rest")
    if offset is None and rx.next_day and (m := rx.next_day.search(text)):
        offset, rest = 1, m.group("rest")
    if offset is None and rx.eve and (m := rx.eve.search(text)):
        offset, rest = -1, m.group("rest")
    if offset is None:
        return None
    if not anchors:
        return EventDate(text=text, note="anchored to another event, but no anchor dates known")
    date, why = _find_anchor(rest, anchors, names)
    if date is None:
        # The model may have cut the expression short: read on in the article's sentence.
        date, why = _find_anchor(rest + " " + _sentence_after(text, article), anchors, names)
    if date is None:
        return EventDate(text=text, note=f"anchored, but {why}")
    value = date + dt.timedelta(days=offset)
    return _known(text, value, "anchored", f"{offset:+d} day(s) from the event of {why} ({date.isoformat()})")


def _known(text: str | None, value: dt.date, method: DateMethod, note: str) -> EventDate:
    """A full date with how it was obtained."""
    return EventDate(
        text=text, value=value, month=value.month, day=value.day, year_known=True, method=method, note=note
    )


@lru_cache(maxsize=32)
def day_only_pattern(lang: str | None) -> re.Pattern[str] | None:
    """A day of the month written alone ("22日"), by the packs' `day_only` forms; group d is the day."""
    forms = [
        "".join(rf"(?P<d{i}>\d{{1,2}})" if ch == "D" else re.escape(ch) for ch in template)
        for i, template in enumerate(words(lang, "dates.day_only"))
    ]
    if not forms:
        return None
    # Not the day of a written date ("1月22日") nor a count of days ("3日内" is within three days).
    return re.compile(r"(?<![\d月/.\-])(?:" + "|".join(forms) + r")(?![内內间間])")


def _day_only(text: str, article: Article) -> EventDate | None:
    """A day of the month alone: the latest such day on or before publication."""
    rx = day_only_pattern(article.language)
    m = rx.fullmatch(unicodedata.normalize("NFKC", text.strip())) if rx else None
    if m is None:
        return None
    day = int(next(g for g in m.groups() if g))
    if article.published is None:
        return EventDate(text=text, day=day, note="a day of the month alone, but the article has no publication date")
    limit = article.published + PUBLICATION_SLACK  # a page dated in another time zone
    month_start = limit.replace(day=1)
    for first in (month_start, (month_start - dt.timedelta(days=1)).replace(day=1)):
        try:
            value = first.replace(day=day)
        except ValueError:
            continue
        if value <= limit:
            note = "a day of the month alone: the latest such day up to two days after publication"
            return _known(text, value, "relative", note)
    return EventDate(text=text, note="a day of the month alone that fits no recent month")


def _weekday_named(text: str, lang: str | None) -> tuple[int, re.Match[str]] | None:
    """The weekday (0 = Monday) the text names, and where."""
    rx = _patterns(lang).weekday
    m = rx.search(flat_apostrophes(text)) if rx else None
    return None if m is None else (next(i for i in range(7) if m.groupdict().get(f"d{i}")), m)


def _weekday(text: str, article: Article) -> EventDate | None:
    named = _weekday_named(text, article.language)
    if named is None:
        return None
    weekday, m = named
    if article.published is None:
        return EventDate(text=text, weekday=weekday, note="weekday given, but the article has no publication date")
    back = (article.published.weekday() - weekday) % 7
    if m.group("last") and back == 0:
        back = 7
    value = article.published - dt.timedelta(days=back)
    return _known(text, value, "relative", f"most recent {value:%A} on or before publication")


def _from_dateparser(text: str, article: Article, *, relative: bool) -> EventDate | None:
    """A written date (relative=False) or today/yesterday-style words (relative=True)."""
    langs = _languages(text, article.language)
    for phrase in _date_phrases(text, langs):
        kind, full, month, day = classify(phrase, langs)
        if kind == "full" and full is not None:
            return EventDate(
                text=text,
                value=full,
                month=full.month,
                day=full.day,
                year_known=True,
                method="stated",
            )
        if kind == "day_month" and month and day:
            year, why = infer_year(month, day, article, exclude=phrase)
            value = _safe_date(year, month, day) if year else None
            if value is None:  # its weekday ("в понедельник, 8 августа") is kept for reconciling
                named = _weekday_named(text, article.language)
                return EventDate(text=text, month=month, day=day, weekday=named[0] if named else None, note=why)
            return EventDate(
                text=text,
                value=value,
                month=month,
                day=day,
                year_known=True,
                method="inferred",
                note=why,
            )
        if kind == "relative" and relative:
            span = _patterns(article.language).span
            if span is not None and span.match(phrase):
                return EventDate(text=text, note=f"'{phrase}' is a span of time, not a date")
            if article.published is None:
                return EventDate(text=text, note="relative date, but no publication date")
            base = dt.datetime.combine(article.published, dt.time())
            value = _parse_day(phrase, langs, base)
            if value is not None:
                return _known(text, value, "relative", f"'{phrase}' from publication date")
    return None


def is_anchored(text: str, lang: str | None = None) -> bool:
    """True when `text` gives a date as an offset from another event."""
    return anchor_match(text, lang) is not None


def anchor_match(text: str, lang: str | None = None) -> tuple[int, int] | None:
    """(start of the offset words, start of the anchor clause) in `text`, or None; words of `lang`'s
    packs (None: every pack)."""
    return _anchor_match(text, lang)


@lru_cache(maxsize=8192)
def _anchor_match(text: str, lang: str | None) -> tuple[int, int] | None:
    # Every clause split asks this of the same sentences again.
    flat = flat_apostrophes(text)
    found = _patterns(lang)
    for rx in (found.offset, found.next_day, found.eve):
        if rx is not None and (m := rx.search(flat)):
            return m.start(), m.start("rest")
    return None


def weekday_spans(text: str, lang: str | None = None) -> list[tuple[int, int]]:
    """Where weekday words ("у середу", "недільної") are in `text`."""
    found = _patterns(lang)
    if found.weekday is None:
        return []
    spans = []
    for m in found.weekday.finditer(flat_apostrophes(text)):
        before = found.weekday_before.search(text[: m.start()]) if found.weekday_before else None
        spans.append((before.start() if before else m.start(), m.end()))
    return spans



def parse_guess(model_guess: str) -> dt.date | None:
    """The model's YYYY-MM-DD, or None for anything else."""
    m = re.search(r"(\d{4})-(\d{1,2})-(\d{1,2})", model_guess or "")
    return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None




def _check_guess(guess: dt.date, article: Article, found: EventDate) -> str | None:
    """Why the guess is not supported by the article, or None when it is."""
    if found.text and is_anchored(found.text, article.language):
        # A day written elsewhere is most likely the other event's: the model's usual slip.
        return "the article dates the event relative to another event"
    if found.month and found.day and (found.month, found.day) != (guess.month, guess.day):
        return f"day/month differ from the expression ({found.day:02d}.{found.month:02d})"
    if not (found.month and found.day) and (guess.month, guess.day) not in text_day_months(article):
        return "its day and month are not written in the article"
    years = body_years(article)
    if article.published is not None:
        years.add(article.published.year)
    if guess.year not in years:
        return f"its year is not one the article supports ({sorted(years) or 'none'})"
    return None


def resolve_date(
    date_text: str,
    model_guess: str,
    article: Article,
    *,
    anchors: Mapping[str, dt.date] | None = None,
    names: NameResolver | None = None,
) -> EventDate:
    """Resolve `date_text` against `article`; `model_guess` is used only when consistent."""
    text = (date_text or "").strip()
    result: EventDate | None = None
    note = ""
    if text and not _in_article(text, article):
        note = "date expression not found in the article; ignored"
    elif text:
        resolver = names or _default_names()
        result = (
            _anchored(text, article, anchors, resolver)
            or _from_dateparser(text, article, relative=False)  # "у середу, 4 лютого": the date
            or _weekday(text, article)
            or _day_only(text, article)
            or _from_dateparser(text, article, relative=True)
        )
    if result is None:
        result = EventDate(text=text or None, note=note or "no date in the expression")
    elif result.value is not None:
        other = weekday_clash(text, result.value, article)
        if other is not None:
            result = result.model_copy(update={"also": [other], "note": join_notes(result.note, other.note)})
    return apply_guess(result, model_guess, article)


_NEAR = 30  # characters around a date expression searched for its weekday or its date


def weekday_clash(text: str, value: dt.date, article: Article) -> OtherReading | None:
    """The other date when the sentence names a weekday and a date that disagree around `text`.

    "Эрдоган провел разговор во вторник, 8 октября" (published 2025-10-08): Tuesday was the 7th,
    8 October a Wednesday. Whichever reading `value` is, the other one is returned, so the
    briefing reports the article's contradiction instead of silently picking one.
    """
    span = locate(text, article.text).span
    if span is None or article.published is None:
        return None
    lo, hi = max(0, span.start - _NEAR), min(len(article.text), span.end + _NEAR)
    sentence = sentence_around(article.text, span.start, span.end)
    window = article.text[max(lo, sentence.start) : min(hi, sentence.end)]
    rx = _patterns(article.language).weekday
    named = rx.search(flat_apostrophes(window)) if rx else None
    if named is None:
        return None
    by_weekday = _weekday(named.group(0), article)
    langs = _languages(window, article.language)
    for phrase, _ in search_day_months(window, langs):
        kind, full, month, day = classify(phrase, langs)
        written = full
        if kind == "day_month" and month and day:
            year, _why = infer_year(month, day, article)
            written = _safe_date(year, month, day) if year else None
        if written is None or by_weekday is None or by_weekday.value is None:
            continue
        if written == by_weekday.value:
            return None
        other, words = (written, phrase) if value != written else (by_weekday.value, named.group(0))
        w = by_weekday.value
        note = (f"the article's weekday and date disagree: '{named.group(0)}' is {w.day} {w:%B %Y}, "
                f"but {written.day} {written:%B %Y} was a {written:%A}")
        return OtherReading(value=other, text=words.strip(), note=note)
    return None


def apply_guess(result: EventDate, model_guess: str, article: Article) -> EventDate:
    """Record the model's guess on `result`; fill the date from it only when the article agrees."""
    guess = parse_guess(model_guess)
    result = result.model_copy()
    result.model_guess = guess
    if result.value is not None:
        if guess is not None and guess != result.value:
            result.note = join_notes(result.note, f"model guessed {guess.isoformat()}; not used")
        return result
    if guess is None:
        return result
    why = _check_guess(guess, article, result)
    if why is None:
        result.value, result.month, result.day = guess, guess.month, guess.day
        result.year_known, result.method = True, "model"
        result.note = join_notes(result.note, "model's guess accepted: consistent with the article")
    else:
        result.note = join_notes(result.note, f"model guessed {guess.isoformat()}; rejected: {why}")
    return result


def join_notes(a: str, b: str) -> str:
    """Two notes as one ('; '-separated), either may be empty."""
    return f"{a}; {b}" if a else b


@lru_cache(maxsize=1)
def _default_names() -> NameResolver:
    return NameResolver()

