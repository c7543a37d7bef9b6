"""Does the English say a number its quote does not? A cheap check of the model's translation.

A quote found in the article proves the article says *something*; it does not prove the model's
English renders it. A weak model pairs "I am ready to take relations to a new height in 2025"
with another speaker's sentence that names no year. Numbers survive translation, so every number
written in digits in the English must be in the quote, as digits or as a number word
(`data/number_words.json`). The check is lenient where formats differ: "1.5" matches "1,5",
"200,000" matches "200 тисяч" (trailing zeros are not compared), "3rd" matches "3", and a run of
number words counts as one number too ("двадцять п'ять" holds 25, as well as 20 and 5).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from ..text.fold import APOSTROPHES, flat_apostrophes

NUMBER_WORDS_FILE = Path(__file__).parent.parent / "data" / "number_words.json"

_DIGITS = re.compile(r"\d+(?:[.,]\d+)*(?:[\u00a0\u202f ]\d{3}(?!\d))*")
_WORD = re.compile(rf"[^\W\d_]+(?:[{APOSTROPHES}][^\W\d_]+)?")


def _key(number: str) -> str:
    """Digits only, leading and trailing zeros dropped: '200,000' -> '2', '1.5' -> '15'."""
    digits = re.sub(r"\D", "", number).strip("0")
    return digits or "0"


@lru_cache(maxsize=1)
def _words() -> dict[str, int]:
    data = json.loads(NUMBER_WORDS_FILE.read_text(encoding="utf-8"))
    return {flat_apostrophes(w.casefold()): int(v) for v, ws in data["words"].items() for w in ws}


def numbers_in(text: str) -> set[str]:
    """The number keys `text` writes in digits."""
    return {_key(m.group()) for m in _DIGITS.finditer(text)}


_MULTIPLIERS = (1000, 1_000_000, 1_000_000_000)


def _value(run: list[int]) -> int:
    """The number a run of number words spells: [20, 5] -> 25, [200, 1000] -> 200000."""
    total = current = 0
    for v in run:
        if v in _MULTIPLIERS:
            total += max(current, 1) * v
            current = 0
        else:
            current += v
    return total + current


def _quote_numbers(quote: str) -> set[str]:
    """The number keys `quote` holds: digits, each number word, and each run of them as one number."""
    words = _words()
    found = numbers_in(quote)
    run: list[int] = []
    end = -1
    for m in _WORD.finditer(quote):
        value = words.get(flat_apostrophes(m.group().casefold()))
        if value is None:
            continue
        found.add(_key(str(value)))
        if run and not quote[end : m.start()].strip(" -\u00a0"):
            run.append(value)
        else:
            run = [value]
        end = m.end()
        if len(run) > 1:
            found.add(_key(str(_value(run))))
    return found


def missing_numbers(english: str, quote: str) -> list[str]:
    """Numbers written in digits in `english` that `quote` does not hold, in order of appearance."""
    wanted = [(m.group(), _key(m.group())) for m in _DIGITS.finditer(english)]
    if not wanted:
        return []
    have = _quote_numbers(quote)
    missing: list[str] = []
    for written, key in wanted:
        if key not in have and written not in missing:
            missing.append(written.strip())
    return missing


def mismatch(english: str, quote: str) -> str:
    """Why `english` is not a rendering of `quote`, or '' when nothing shows it."""
    missing = missing_numbers(english, quote)
    if not missing:
        return ""
    listed = ", ".join(f"'{m}'" for m in missing)
    return f"the English gives {listed}, which the cited sentence does not"
