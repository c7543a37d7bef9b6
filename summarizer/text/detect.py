"""Language of a text or a phrase: uk vs ru by their own letters, others by py3langid."""

from __future__ import annotations

import re

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LETTER = re.compile(r"[^\W\d_]")  # a letter (str.isalpha, near enough, in C)
_UK_LETTERS = set("іїєґ")
_RU_LETTERS = set("ыэё")
_RU_ONLY = set("ыэъё")  # ъ is Russian too, but rare enough to leave out of the rate above
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



def cyrillic_language(text: str, hint: str | None = None) -> str | None:
    """'uk' or 'ru' by letters only one alphabet has; else the hint when it is one of them; else None."""
    low = text.lower()
    if any(ch in low for ch in _UK_LETTERS):
        return "uk"
    if any(ch in low for ch in _RU_ONLY):
        return "ru"
    return hint if hint in ("uk", "ru") else None


def phrase_language(text: str, article_language: str) -> str:
    """The likeliest language of a short phrase of an article: its Cyrillic letters decide uk or ru;
    a phrase in Latin letters only, inside a Cyrillic article, is taken for English."""
    low = text.lower()
    found = cyrillic_language(low)
    if found:
        return found
    if article_language in ("uk", "ru") and re.search(r"[a-z]", low) and not _CYRILLIC.search(low):
        return "en"
    return article_language
