"""Is the model's "English" English, and could it be a rendering of the sentence it cites?

A small model often leaves a statement in Russian, half transliterates it ("Владimir"), or writes a
line that renders only a fraction of the sentence it cites (or a sentence of its own, when an
instruction planted in the article tells it to). Two checks that need no translation model:

- English: mostly Latin letters, and more English function words than those of any other language
  with a pack (so German or French is not taken for English);
- complete: a rendering that ends on a word no sentence ends with ("..., stating that", the
  English pack's `open_endings`) or on a comma, colon or dash was cut off (a small model often stops
  where the sentence's quotation begins);
- length: an English rendering is about as long as its source times the source language's
  expansion factor (`LanguagePack.english_length`: near 1 for uk, ru, de, fr; about 3 for Chinese,
  whose characters carry more). A rendering under a quarter of that renders not the sentence but a
  piece of it, or something else.
"""

from __future__ import annotations

import functools
import re

from ..lang import available, pack
from .names import NameResolver

_LETTER = re.compile(r"[^\W\d_]")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
# A word with any letter outside the Latin script ("Цзіньpina", "Сі"): English names are romanised.
_OTHER_SCRIPT = re.compile(r"\w*[^\W\d_A-Za-z\u00C0-\u024F\u1E00-\u1EFF]\w*")
MIN_SHARE = 0.25  # of the expected length
MIN_SOURCE_CHARS = 60  # shorter sources vary too much in how long their English is


@functools.lru_cache(maxsize=1)
def _function_words() -> dict[str, frozenset[str]]:
    return {code: frozenset(w.casefold() for w in pack(code).function_words) for code in available()}


def not_english(text: str) -> str:
    """Why `text` is not English, or '' when it reads as English (short texts are not judged)."""
    letters = _LETTER.findall(text)
    if len(letters) < 12:
        return ""
    latin = sum(1 for ch in letters if _LATIN.match(ch))
    if latin < 0.9 * len(letters):
        return "the English rendering is not in English (it keeps the article's script)"
    if kept := _OTHER_SCRIPT.search(text):
        return f"the English rendering keeps a word in the article's script ('{kept.group(0)}'): names are romanised"
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) < 4:
        return ""
    table = _function_words()
    english = sum(w in table.get("en", frozenset()) for w in words)
    rival = max(
        ((sum(w in fw for w in words), code) for code, fw in table.items() if code != "en"), default=(0, "")
    )
    if english == 0 or rival[0] > english:
        return f"the English rendering reads as {pack(rival[1]).name or 'another language'}, not English"
    return ""


_OPEN_PUNCT = re.compile(r"[,:;–—-]\s*$")


@functools.lru_cache(maxsize=1)
def _open_endings() -> frozenset[str]:
    return frozenset(w.casefold() for w in pack("en").open_endings)


def cut_off(english: str) -> str:
    """Why the English rendering stops mid-sentence, or ''."""
    text = english.strip().rstrip("'\"’”")
    words = _WORD.findall(text)
    if not words:
        return ""
    if _OPEN_PUNCT.search(text) or (words[-1].casefold() in _open_endings() and text.endswith(words[-1])):
        return f"the English rendering stops mid-sentence ('…{text[-30:]}')"
    return ""


def too_short(english: str, source: str, language: str) -> str:
    """Why `english` cannot render `source` (a piece of it at most), or ''."""
    if len(source) < MIN_SOURCE_CHARS:
        return ""
    factor = pack(language).english_length or 1.0
    expected = len(source) * factor
    if len(english.strip()) < MIN_SHARE * expected:
        return (
            f"the English ({len(english.strip())} characters) renders at most a piece of the cited sentence "
            f"({len(source)} characters)"
        )
    return ""


def by_office(person: str, english: str, resolver: NameResolver) -> bool:
    """The English names the person by their office's word alone ("the president said" of "-
    підсумував президент США", "the Russian and American presidents"): the alias table's role,
    its head noun ("President of the United States": president; "Kremlin spokesman": spokesman)."""
    entry = resolver.entry(person)
    role = re.split(r"\s+(?:of|for)\s+|[;,(]", (entry.role or "") if entry else "")[0].split()
    if not role or role[0].casefold() in ("former", "vice", "deputy"):
        return False
    # Not an office before a name ("President Putin"): that names someone else.
    word = re.compile(rf"(?<!\w)(?i:{re.escape(role[-1])}s?)(?!\w)(?!\s+[A-Z])")
    return word.search(english) is not None
