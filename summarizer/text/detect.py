"""Language of a text: uk vs ru by their own letters, others by py3langid."""

from __future__ import annotations

import re

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LETTER = re.compile(r"[^\W\d_]")  # a letter (str.isalpha, near enough, in C)
_UK_LETTERS = set("іїєґ")
_RU_LETTERS = set("ыэё")
_OTHER_CYRILLIC = set("јљњђћџѓќѕўқғңұүһәө")  # Serbian, Macedonian, Belarusian, Kazakh...


def detect_language(text: str) -> str:
    """ISO 639-1 code; uk vs ru by their own letters, others by py3langid; 'und' if too short."""
    low = text.lower()
    letters = len(_LETTER.findall(low))
    if letters < 20:
        return "und"
    cyr = len(_CYRILLIC.findall(low))
    if cyr > 0.5 * letters:
        uk = sum(low.count(c) for c in _UK_LETTERS)
        ru = sum(low.count(c) for c in _RU_LETTERS)
        other = sum(low.count(c) for c in _OTHER_CYRILLIC)
        if (uk or ru) and other <= 0.002 * cyr:
            # і ї є ґ make ~6.5% of Ukrainian letters, ы э ё ~2.4% of Russian: compare rates
            return "uk" if uk / 0.065 >= ru / 0.024 else "ru"
    import py3langid

    code, _ = py3langid.classify(text)
    return str(code)

