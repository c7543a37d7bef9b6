"""Resolve an event's date in code from the article's own words; the model's guess is checked.

Order: anchored ("four days after ...") -> weekday ("on Wednesday") -> dateparser (explicit
dates, with or without a year, and today/yesterday) -> the model's guess, accepted only when the
article supports it. A wrong year is worse than an unknown one: every inference is conservative.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from functools import lru_cache

from ..core.types import Article, DateMethod, EventDate, OtherReading
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
from .years import body_years, infer_year

_NUMBERS = {
    **dict.fromkeys("1 один одна одну одного одни one a an".split(), 1),
    **dict.fromkeys("2 два дві две двох двух two".split(), 2),
    **dict.fromkeys("3 три трьох трех three".split(), 3),
    **dict.fromkeys("4 чотири чотирьох четыре четырех four".split(), 4),
    **dict.fromkeys("5 п'ять п'яти пять пяти five".split(), 5),
    **dict.fromkeys("6 шість шести шесть six".split(), 6),
    **dict.fromkeys("7 сім семи семь seven".split(), 7),
    **dict.fromkeys("8 вісім восьми восемь eight".split(), 8),
    **dict.fromkeys("9 дев'ять дев'яти девять девяти nine".split(), 9),
    **dict.fromkeys("10 десять десяти ten".split(), 10),
}
_NUM = "|".join(sorted((re.escape(k) for k in _NUMBERS), key=len, reverse=True))
_DAY_UNIT = r"день|дн\w*|доб\w*|діб|сут\w*|days?"
_SINGULAR_UNIT = re.compile(r"день|day|добу|сутки|тиждень|неделю|week", re.IGNORECASE)
_WEEK_UNIT = r"тиж\w*|недел\w*|weeks?"
_AFTER = r"після|после|спустя|after|following"
_BEFORE = r"до|перед|before|prior\s+to"
# dateparser reads "через 4 дні" as four days from now and knows nothing of an anchor event,
# so offsets from another event are matched here.
_OFFSET = re.compile(
    rf"(?<!\w)(?:(?P<num>\d{{1,2}}|{_NUM})\s+)?(?P<unit>{_DAY_UNIT}|{_WEEK_UNIT})"
    rf"\s+(?:(?P<after>{_AFTER})|(?P<before>{_BEFORE}))\b(?P<rest>.*)",
    re.IGNORECASE | re.DOTALL,
)
_NEXT_DAY = re.compile(
    r"(?:наступного\s+дня|на\s+наступний\s+день|на\s+следующий\s+день|следующим\s+днем|"
    r"the\s+(?:next|following)\s+day|the\s+day\s+after)\s*(?:після|после|after)?\b(?P<rest>.*)",
    re.IGNORECASE | re.DOTALL,
)
_EVE = re.compile(
    r"(?:напередодні|накануне|on\s+the\s+eve\s+of|the\s+day\s+before)\b(?P<rest>.*)",
    re.IGNORECASE | re.DOTALL,
)
# dateparser does not read weekdays in Ukrainian or Russian prepositional forms ("у середу",
# "в среду") nor adjectives ("недільної", "воскресной"): matched here.
_WEEKDAYS = [
    r"понеділ\w*|понедельн\w*|monday",
    r"вівтор\w*|вторн\w*|tuesday",
    r"серед(?:а|у|и|і|ою)|сред(?:а|у|ы)|wednesday",
    r"четвер(?:г(?:а|у|ом)?|а|у|ом)?|thursday",
    r"п'ятниц\w*|пятниц\w*|friday",
    r"субот\w*|суббот\w*|saturday",
    r"неділ\w*|недільн\w*|воскресен\w*|воскресн\w*|sunday",
]
_WEEKDAY = re.compile(
    r"(?<!\w)(?P<last>минул\w*\s+|прошл\w*\s+|last\s+)?(?:"
    + "|".join(f"(?P<d{i}>{p})" for i, p in enumerate(_WEEKDAYS))
    + r")(?!\w)",
    re.IGNORECASE,
)
# "за два дні" is "within two days" ("вдруге за два дні": the second time in two days) as often
# as "in two days"; dateparser reads it as the latter. A span is not a date: left unresolved.
_SPAN = re.compile(
    r"(?<!\w)(?:за|протягом|впродовж|в\s+течение|на\s+протяжении|within|over|for)\s+"
    r"(?:(?:останні|последние|the\s+last|the\s+past)\s+)?(?:\d{1,3}|\w+)\s+\w+(?!\w)(?!\s+(?:до|перед)\b)",
    re.IGNORECASE,
)


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
    offset: int | None = None
    rest = ""
    m = _OFFSET.search(text)
    if m:
        word = m.group("num")
        if word is None and not _SINGULAR_UNIT.fullmatch(m.group("unit")):
            # "кілька днів після": an offset we cannot count. Not dateparser's "in N days".
            return EventDate(text=text, note="offset from another event not understood")
        count = _NUMBERS[(word or "1").lower()]
        unit = 7 if re.match(_WEEK_UNIT, m.group("unit"), re.IGNORECASE) else 1
        offset = count * unit * (1 if m.group("after") else -1)
        rest = m.group("rest")
    if offset is None and (m := _NEXT_DAY.search(text)):
        offset, rest = 1, m.group("rest")
    if offset is None and (m := _EVE.search(text)):
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


def _weekday(text: str, article: Article) -> EventDate | None:
    m = _WEEKDAY.search(flat_apostrophes(text))
    if m is None:
        return None
    weekday = next(i for i in range(7) if m.group(f"d{i}"))
    if article.published is None:
        return EventDate(text=text, note="weekday given, but the article has no publication date")
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
            if value is None:
                return EventDate(text=text, month=month, day=day, note=why)
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
            if _SPAN.match(phrase):
                return EventDate(text=text, note=f"'{phrase}' is a span of time, not a date")
            if article.published is None:
                return EventDate(text=text, note="relative date, but no publication date")
            base = dt.datetime.combine(article.published, dt.time())
            value = _parse_day(phrase, langs, base)
            if value is not None:
                return _known(text, value, "relative", f"'{phrase}' from publication date")
    return None


def is_anchored(text: str) -> bool:
    """True when `text` gives a date as an offset from another event."""
    return anchor_match(text) is not None


def anchor_match(text: str) -> tuple[int, int] | None:
    """(start of the offset words, start of the anchor clause) in `text`, or None."""
    flat = flat_apostrophes(text)
    for rx in (_OFFSET, _NEXT_DAY, _EVE):
        if m := rx.search(flat):
            return m.start(), m.start("rest")
    return None


def weekday_spans(text: str) -> list[tuple[int, int]]:
    """Where weekday words ("у середу", "недільної") are in `text`."""
    spans = []
    for m in _WEEKDAY.finditer(flat_apostrophes(text)):
        before = re.search(r"(?<!\w)(?:у|в|во|on)\s+$", text[: m.start()], re.IGNORECASE)
        spans.append((before.start() if before else m.start(), m.end()))
    return spans



def parse_guess(model_guess: str) -> dt.date | None:
    """The model's YYYY-MM-DD, or None for anything else."""
    m = re.search(r"(\d{4})-(\d{1,2})-(\d{1,2})", model_guess or "")
    return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None




def _check_guess(guess: dt.date, article: Article, found: EventDate) -> str | None:
    """Why the guess is not supported by the article, or None when it is."""
    if found.text and is_anchored(found.text):
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
    named = _WEEKDAY.search(flat_apostrophes(window))
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

