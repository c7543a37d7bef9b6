"""Does the English say a number its quote does not? A cheap check of the model's translation.

A quote found in the article proves the article says *something*; it does not prove the model's
English renders it. A weak model pairs "I am ready to take relations to a new height in 2025"
with another speaker's sentence that names no year. Numbers survive translation, so every number
written in digits in the English must be in the quote, as digits or as a number word (the
language packs' `number_words`). The check is lenient where formats differ: "1.5" matches "1,5",
"200,000" matches "200 тисяч" (trailing zeros are not compared), "3rd" matches "3", and a run of
number words counts as one number too ("двадцять п'ять" holds 25, as well as 20 and 5; "两千" 2000).
Full-width digits ("２００亿") are read as digits. In scripts written without spaces, number words
are found inside the run of letters ("增长百分之七" holds 100 and 7).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..lang import pack, packs_for, unspaced
from ..text.fold import APOSTROPHES, flat_apostrophes

_DIGITS = re.compile(r"\d+(?:[.,]\d+)*(?:[\u00a0\u202f ]\d{3}(?!\d))*")
_WORD = re.compile(rf"[^\W\d_]+(?:[{APOSTROPHES}][^\W\d_]+)?")


def _key(number: str) -> str:
    """Digits only, leading and trailing zeros dropped: '200,000' -> '2', '1.5' -> '15'."""
    digits = re.sub(r"\D", "", number).strip("0")
    return digits or "0"


class _Lexicon:
    """The number words of the packs for one language: spaced words by their form, unspaced ones
    (Chinese) as one pattern, and each word's scales (the values that multiply what comes before)."""

    def __init__(self, lang: str | None) -> None:
        self.words: dict[str, tuple[int, frozenset[int]]] = {}
        joined: dict[str, tuple[int, frozenset[int]]] = {}
        for p in packs_for(lang):
            scales = frozenset(p.number_scales)
            for value, forms in p.number_words.items():
                for form in forms:
                    key = flat_apostrophes(form.casefold())
                    (joined if unspaced(form) else self.words).setdefault(key, (int(value), scales))
        self.joined = joined
        alternation = "|".join(re.escape(w) for w in sorted(joined, key=len, reverse=True))
        self.joined_rx = re.compile(alternation) if alternation else None


@lru_cache(maxsize=32)
def _lexicon(lang: str | None) -> _Lexicon:
    return _Lexicon(lang)


def numbers_in(text: str) -> set[str]:
    """The number keys `text` writes in digits."""
    return {_key(m.group()) for m in _DIGITS.finditer(unicodedata.normalize("NFKC", text))}


def _value(run: list[int], scales: frozenset[int]) -> int:
    """The number a run of number words spells: [20, 5] -> 25, [200, 1000] -> 200000, [2, 100] -> 200;
    Chinese [2, 1000, 10000] -> 20000000 (千 inside 万)."""
    total = section = 0
    last: int | None = None
    for v in run:
        if v in scales:
            total += max(section, 1) * v
            section = 0
        elif last is not None and last < v and v >= 10 and str(v).rstrip("0") == "1" and last not in scales:
            section += last * v - last  # "two hundred", "三百": the digit before multiplies
        else:
            section += v
        last = v
    return total + section


def _number_words(quote: str, lexicon: _Lexicon) -> list[tuple[int, frozenset[int], int, int]]:
    """(value, scales, start, end) of each number word in `quote`, in order."""
    found = []
    for m in _WORD.finditer(quote):
        hit = lexicon.words.get(flat_apostrophes(m.group().casefold()))
        if hit is not None:
            found.append((*hit, m.start(), m.end()))
        elif lexicon.joined_rx is not None and unspaced(m.group()):
            for j in lexicon.joined_rx.finditer(quote, m.start(), m.end()):
                found.append((*lexicon.joined[j.group()], j.start(), j.end()))
    return found


def _runs(text: str, lexicon: _Lexicon) -> list[list[tuple[int, frozenset[int], int, int]]]:
    """The number words of `text` in runs: words with only spaces or a hyphen between them."""
    runs: list[list[tuple[int, frozenset[int], int, int]]] = []
    for word in _number_words(text, lexicon):
        if runs and not text[runs[-1][-1][3] : word[2]].strip(" -\u00a0"):
            runs[-1].append(word)
        else:
            runs.append([word])
    return runs


def _quote_numbers(quote: str, lang: str | None = None) -> set[str]:
    """The number keys `quote` holds: digits, each number word, and each run of them as one number."""
    quote = unicodedata.normalize("NFKC", quote)
    found = numbers_in(quote)
    for run in _runs(quote, _lexicon(lang)):
        for i, (value, scales, _, _) in enumerate(run):
            found.add(_key(str(value)))
            if i:
                found.add(_key(str(_value([v for v, _, _, _ in run[: i + 1]], scales))))
    return found


WORD_NUMBER_FLOOR = 11  # "twenty-four", "forty": number words the English spells, checked like digits


def _english_words(english: str) -> list[tuple[str, str]]:
    """(as written, key) of each run of English number words worth above WORD_NUMBER_FLOOR that
    holds no magnitude ("Group of Twenty-Four"; "one", "two sides" and "thousands" are left alone)."""
    out: list[tuple[str, str]] = []
    for run in _runs(english, _lexicon("en")):
        values = [v for v, _, _, _ in run]
        total = _value(values, frozenset())
        if not any(v >= SCALE_FLOOR for v in values) and total >= WORD_NUMBER_FLOOR:
            out.append((english[run[0][2] : run[-1][3]], _key(str(total))))
    return out


def missing_numbers(english: str, quote: str, lang: str | None = None) -> list[str]:
    """Numbers written in digits in `english` (or spelt in English words, above ten) that `quote`
    (text in `lang`; None: any) does not hold, in order of appearance."""
    wanted = [(m.group(), _key(m.group())) for m in _DIGITS.finditer(english)] + _english_words(english)
    if not wanted:
        return []
    have = _quote_numbers(quote, lang)
    missing: list[str] = []
    for written, key in wanted:
        if key not in have and written not in missing:
            missing.append(written.strip())
    return missing


def mismatch(english: str, quote: str, lang: str | None = None) -> str:
    """Why `english` is not a rendering of `quote`, or '' when nothing shows it."""
    missing = missing_numbers(english, quote, lang)
    if not missing:
        return ""
    listed = ", ".join(f"'{m}'" for m in missing)
    return f"the English gives {listed}, which the cited sentence does not"


SCALE_FLOOR = 1000  # thousand, million, billion, trillion: the words that multiply a number


@lru_cache(maxsize=1)
def _english_scales() -> dict[str, int]:
    """The English pack's own scale words ('billion': 10**9), without the packs it lists in `also`."""
    return {form.casefold(): int(value) for value, forms in pack("en").number_words.items()
            if int(value) >= SCALE_FLOOR for form in forms}


def scale_mismatch(english: str, quote: str, lang: str | None = None) -> str:
    """Why the English multiplies a number by a magnitude the sentence does not ("$200 trillion" of
    "$200 млрд"), or ''. A magnitude counts as held when the sentence has its word or a number in
    digits as long; it is not checked when the sentence's language has no word for it (Chinese
    counts in 万 and 亿, so "200 billion" of "2000亿" is not judged)."""
    scales = _english_scales()
    said = {scales[w.casefold()] for w in _WORD.findall(english) if w.casefold() in scales}
    if not said:
        return ""
    quote = unicodedata.normalize("NFKC", quote)
    lexicon = _lexicon(lang)
    known = {v for v, _ in (*lexicon.words.values(), *lexicon.joined.values()) if v >= SCALE_FLOOR}
    held = {v for v, _, _, _ in _number_words(quote, lexicon) if v >= SCALE_FLOOR}
    longest = max((len(re.sub(r"\D", "", m.group())) for m in _DIGITS.finditer(quote)), default=0)
    held |= {v for v in known if longest >= len(str(v))}
    extra = sorted(v for v in said - held if v in known)
    if not extra:
        return ""
    words = {v: w for w, v in sorted(scales.items(), key=lambda kv: len(kv[0]), reverse=True)}
    return f"the English gives '{words[extra[0]]}', a magnitude the cited sentence does not"


def scale_terms(text: str, lang: str | None) -> list[str]:
    """'word = English' for each magnitude word `text` writes ("млрд = billion", "тисяч = thousand"),
    given to the model with the sentences it translates (the magnitude check holds it to them).
    Magnitudes English has no one word for (Chinese 万, 亿) are left to the model; none for English."""
    if lang == "en":
        return []
    english: dict[int, str] = {}
    for form, value in _english_scales().items():
        if len(form) > len(english.get(value, "")) and not form.endswith("s"):
            english[value] = form
    quote = unicodedata.normalize("NFKC", text)
    out = [f"{quote[start:end]} = {english[value]}"
           for value, _, start, end in _number_words(quote, _lexicon(lang)) if value in english]
    return list(dict.fromkeys(out))
