"""Does the English name a weekday or a month that the cited sentences do not, or leave one out?

Like a number, a day of the week or a month survives translation, and a small model gets it wrong
in the same ways: "у середу" (on Wednesday) rendered "in the middle of the day", "після недільної
зустрічі" (after Sunday's meeting) as "after a Tuesday meeting". Every weekday and month the English
names (the English pack's words, in title case: "May" the month, not "may") must be one the
sentences name in their own language (their packs' `dates.weekdays` and `dates.months`, in the
same order, Monday and January first), and every one they name must be in the English. A month
is not checked when either side writes a date in digits ("24.02.2025", "2月24日"), nor either kind
when the language has no such words ("not checked").
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

from ..lang import pack, packs_for, unspaced, word_pattern
from ..text.fold import flat_apostrophes

_DIGIT_DATE = re.compile(r"\d{1,2}\s*[./月]\s*\d{0,2}|\d{4}-\d{2}-\d{2}")


@lru_cache(maxsize=4)
def _english(kind: str) -> tuple[tuple[int, re.Pattern[str]], ...]:
    """(index, pattern) of the English names of weekdays or months: whole words, title case."""
    out = []
    for i, forms in enumerate(getattr(pack("en").dates, kind)):
        full = [f for f in forms if len(f) > 3 or f == "may"]
        # An abbreviation counts beside a day in digits only ("Aug 8", "8 Sept."): "Jan" alone may
        # be a given name, "Mar" open "Mar-a-Lago".
        short = [re.escape(f.title()) for f in forms if f not in full]
        parts = [r"(?<!\w)(?:" + "|".join(re.escape(f.title()) for f in full) + r")(?!\w)"] if full else []
        if short:
            parts.append(_beside_day(short))
        if parts:
            out.append((i, re.compile("|".join(parts))))
    return tuple(out)


@lru_cache(maxsize=64)
def _source(lang: str, kind: str) -> tuple[tuple[int, re.Pattern[str]], ...]:
    """(index, pattern) of the weekday or month words of `lang`'s packs."""
    by_index: dict[int, list[str]] = {}
    short: dict[int, list[str]] = {}
    for p in packs_for(lang):
        for i, forms in enumerate(getattr(p.dates, kind)):
            cut = [f for f in forms if _abbreviation(f, forms)]
            short.setdefault(i, []).extend(cut)
            # stems of one language's forms
            full = [f for f in forms if f not in cut]
            by_index.setdefault(i, []).extend([*full, *_stems(full)])
    out = []
    for i, forms in sorted(by_index.items()):
        rx = word_pattern(forms)
        parts = [rx.pattern] if rx is not None else []
        if short.get(i):
            # An abbreviation ("Aug", "янв") counts beside a day in digits only: "Jan" alone is a name.
            parts.append(_beside_day([re.escape(f) for f in short[i]]))
        if parts:
            out.append((i, re.compile("|".join(parts), re.IGNORECASE)))
    return tuple(out)


def _beside_day(escaped: list[str]) -> str:
    """A regex of abbreviated months (escaped) beside a day in digits: "Aug 8", "8 Sept."."""
    alt = "|".join(escaped)
    return rf"(?<!\w)(?:{alt})\.?\s+\d|\d\s+(?:{alt})(?![\w-])"


def _abbreviation(form: str, forms: tuple[str, ...] | list[str]) -> bool:
    """A short form that opens a longer one of the same month ("aug" of "august", "янв" of "января")."""
    return not unspaced(form) and not form.endswith("*") and any(
        len(o) >= len(form) + 2 and o.casefold().startswith(form.casefold()) for o in forms)


def _stems(forms: list[str]) -> list[str]:
    """The forms' common beginning as a stem ("липня", "липень": "лип*"), so that the other cases
    the pack does not list ("у липні") count too: the lenient side, for the sentence's words."""
    spaced = [f.casefold() for f in forms if f and not unspaced(f) and not f.endswith("*")]
    if len(spaced) < 2:
        return []
    stem = os.path.commonprefix(spaced)
    return [stem + "*"] if len(stem) >= 3 else []


def _named(text: str, patterns: tuple[tuple[int, re.Pattern[str]], ...]) -> set[int]:
    return {i for i, rx in patterns if rx.search(text)}


def calendar_mismatch(english: str, source: str, lang: str) -> str:
    """Why the English names a weekday or month the cited sentences do not, or leaves out one they
    name ("у середу" rendered "in the middle of the day"), or ''."""
    flat = flat_apostrophes(source)
    for kind in ("weekdays", "months"):
        own = _source(lang, kind)
        if not own or (kind == "months" and (_DIGIT_DATE.search(source) or _DIGIT_DATE.search(english))):
            continue  # not checked: no such words for the language, or a date written in digits
        said, held = _named(english, _english(kind)), _named(flat, own)
        for extra, how in ((said - held, "names {}, which the cited sentence does not"),
                           (held - said, "leaves out {}, which the cited sentence names")):
            if extra:
                listed = ", ".join(getattr(pack("en").dates, kind)[i][0].title() for i in sorted(extra))
                return "the English " + how.format(listed)
    return ""



def calendar_terms(text: str, lang: str) -> list[str]:
    """'word = English' for each weekday and month `text` names in its language ("середу =
    Wednesday", "грудня = December"): given to the model with the sentences it translates, as the
    names are, so that it need not guess what the calendar check then holds it to. None for English
    or a language without such words; a word inside a longer one ("一月" in "十一月") is left out."""
    if lang == "en":
        return []
    flat = flat_apostrophes(text)
    found: list[tuple[int, int, str]] = []
    for kind in ("weekdays", "months"):
        english = getattr(pack("en").dates, kind)
        for i, rx in _source(lang, kind):
            for m in rx.finditer(flat):
                found.append((m.start(), m.end(), f"{m.group()} = {english[i][0].title()}"))
    kept = [f for f in found if not any(o[0] <= f[0] and f[1] <= o[1] and o[:2] != f[:2] for o in found)]
    return list(dict.fromkeys(term for _, _, term in sorted(kept)))
