"""How long the event lasted, found by code in the article's own words: "розмова тривала майже
півтори години", "разговор продлился почти 1,5 часа", "an hour-long call", "持续了约一个小时",
"einstündigen Telefonat".

The model proposes no durations (a 1.5B model copies few numbers right), yet sources disagree on
them more than on anything else ("about an hour" against "a two-hour phone call"). Code reads
them from the packs' words (`figures.duration_units`, `figures.duration_amounts`, `number_words`):
an amount (digits, a number word, "півтори", "an"), then a unit of time, in a sentence that speaks
of an event (`reports.event_words`), names nobody but the event's people and those of their countries
(a spokesman, an aide), holds no other duration
(a range, "between 90 minutes and 2.5 hours", says no one length) and is no background sentence
("Earlier, ..."). The first such sentence gives the main event's duration, as an English figure
("1.5 hours") whose numbers the sentence holds.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..core.types import DURATION, Figure, Name
from ..lang import packs_for, phrase_bodies, word_pattern
from ..lang import words as words_of
from .citations import Citations
from .formats import background_opening
from .mentioned import event_words
from .names import NameResolver

MAX_MINUTES = 12 * 60  # a call or a meeting; longer spans are something else ("48 hours")
# Between an amount and its unit: a hyphen ("two-hour"), a measure word ("一个小时", "一个多小时").
_GAP = r"[\s\-‐]*(?:个多|個多|个|個|多)?\s*"


def _alt(forms: list[str]) -> str:
    """The packs' word regex of `forms`, bounded before by a letter only (an amount and its unit
    may touch: "einstündigen", "1.5-hours"); '' for none."""
    rx = word_pattern(forms, start=r"(?<![^\W\d_])", end="")
    return rx.pattern if rx else ""


@lru_cache(maxsize=32)
def _pattern(lang: str | None) -> tuple[re.Pattern[str], dict[str, float], dict[str, int]] | None:
    """The duration regex of `lang`'s packs, the amount of each amount word, the minutes of each unit
    (group u0, u1, ...; group alone is a word for one hour on its own)."""
    amounts: dict[str, float] = {}
    units: dict[str, int] = {}
    for p in packs_for(lang):
        for value, forms in p.number_words.items():
            if value.isdigit() and 1 <= int(value) <= 12:
                amounts.update({f.casefold(): float(value) for f in forms})
        for value, forms in p.figures.duration_amounts.items():
            amounts.update({" ".join(f.casefold().split()): float(value) for f in forms})
        for minutes, forms in p.figures.duration_units.items():
            units.update({f.casefold(): int(minutes) for f in forms})
    if not units:
        return None
    words = _alt(list(amounts))
    amount = rf"(?P<num>\d{{1,3}}(?:[.,]\d)?)|(?P<word>{words})" if words else r"(?P<num>\d{1,3}(?:[.,]\d)?)"
    unit_bodies = phrase_bodies(list(units))
    unit = "|".join(rf"(?P<u{i}>{b})" for i, (_, b) in enumerate(unit_bodies))
    alone = _alt(list(words_of(lang, "figures.duration_hour_alone")))
    since = _alt(list(words_of(lang, "figures.duration_since")))
    tail = rf"(?![^\W\d_\-]*\s*(?:{since})(?!\w))" if since else ""
    half_rx = word_pattern(words_of(lang, "figures.duration_half_after"), start="")
    half = rf"(?:[^\W\d_]*\s*(?P<half>{half_rx.pattern}))?" if half_rx else ""
    body = rf"(?:{amount}){_GAP}(?:{unit}){half}" + (rf"|(?P<alone>{alone})(?!\w)" if alone else "")
    rx = re.compile(rf"(?:{body}){tail}", re.IGNORECASE)
    by_group = {f"u{i}": units[p.casefold()] for i, (p, _) in enumerate(unit_bodies)}
    return rx, amounts, by_group


def durations_in(sentence: str, lang: str) -> list[tuple[int, int, float, int]]:
    """(start, end, minutes, minutes of its unit) of each duration `sentence` gives; hours and then
    minutes joined by nothing, a comma or a pack's `figures.duration_and` word are one ("zwei Stunden
    und 45 Minuten": 165 minutes, in hours)."""
    found = _pattern(lang)
    if found is None:
        return []
    rx, amounts, units = found
    out: list[tuple[int, int, float, int]] = []
    joiner = _joiner(lang)
    for m in rx.finditer(sentence):
        if m.groupdict().get("alone"):
            amount, unit = 1.0, 60
        else:
            raw = m.group("num") or ""
            word = " ".join((m.groupdict().get("word") or "").casefold().split())
            amount = float(raw.replace(",", ".")) if raw else amounts.get(word, 0.0)
            amount += 0.5 if m.groupdict().get("half") else 0.0
            unit = units.get(next(g for g, v in m.groupdict().items() if g.startswith("u") and v), 0)
        if not 0 < amount * unit <= MAX_MINUTES:
            continue
        if out and out[-1][3] > unit and _joined(sentence[out[-1][1] : m.start()], joiner):
            start, _, minutes, big = out.pop()
            out.append((start, m.end(), minutes + amount * unit, big))
        else:
            out.append((m.start(), m.end(), amount * unit, unit))
    return out


@lru_cache(maxsize=32)
def _joiner(lang: str | None) -> re.Pattern[str] | None:
    return word_pattern(words_of(lang, "figures.duration_and"))


def _joined(gap: str, joiner: re.Pattern[str] | None) -> bool:
    """Whether `gap`, between a length in a bigger unit and one in a smaller, joins them into one."""
    rest = joiner.sub("", gap, count=1) if joiner else gap
    return rest.strip(" ,\u00a0") == ""


def english(minutes: float, unit: int = 60) -> str:
    """'1.5 hours', '1 hour', '90 minutes', '2 hours 45 minutes': in the unit the article wrote."""
    if unit < 60 or minutes < 60:
        return f"{minutes:g} minutes"
    hours, rest = divmod(round(minutes), 60)
    if rest % 30 == 0:
        return f"{minutes / 60:g} hour{'s' if minutes != 60 else ''}"
    return f"{hours} hour{'s' if hours != 1 else ''} {rest} minutes"


def find_duration(cites: Citations, people: list[Name], resolver: NameResolver) -> list[Figure]:
    """The main event's duration from the first sentence that gives one for it, as a verified figure."""
    lang = cites.article.language
    if _pattern(lang) is None:
        return []
    events = event_words(lang)
    background = background_opening(lang)
    own = {p.canonical for p in people}
    homes = {c for p in people if (c := resolver.affiliation(p.canonical))}
    for n in range(1, len(cites) + 1):
        sentence = cites.text(n)
        found = durations_in(sentence, lang)
        if len(found) != 1 or not events.search(sentence) or cites.problem([n]):
            continue
        if background is not None and background.match(sentence):
            continue
        others = resolver.of_kind(resolver.mentions(sentence), "person") - own
        if any(resolver.affiliation(o) not in homes for o in others):
            continue  # "a day after Trump's two-hour call with Putin": another event's length
        # Verified by construction: code read the amount and the unit off the sentence it cites.
        return [Figure(quantity=DURATION, value=english(found[0][2], found[0][3]), evidence=cites.evidence([n]))]
    return []
