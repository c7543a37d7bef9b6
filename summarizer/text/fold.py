"""One folding of text for comparison, with offsets back to the original.

Case, Unicode compatibility forms (NFKC), apostrophes, dashes, "ё" and runs of whitespace are
folded; double quotes are dropped. Every comparison of the article's words with the model's (quotes,
names, format and date words) goes through here, so that they all fold the same characters.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Double quotes are dropped, not unified: models add or omit them freely around a quote,
# and their presence says nothing about whether the words are in the article.
_DROP = set('"«»“”„‟‹›〝〞＂')
APOSTROPHES = "'’‘ʼ`´ʹ′"
_APOSTROPHES = set(APOSTROPHES)
_DASHES = set("-‐‑‒–—―−﹣－")


def _clusters(text: str) -> list[tuple[int, str]]:
    """(offset, chars) per base character with its combining marks, so NFKC can compose them."""
    out: list[tuple[int, str]] = []
    for i, ch in enumerate(text):
        if out and unicodedata.combining(ch):
            start, chars = out[-1]
            out[-1] = (start, chars + ch)
        else:
            out.append((i, ch))
    return out


def _fold(chars: str) -> str:
    folded = unicodedata.normalize("NFKC", chars).casefold()
    out = []
    for ch in folded:
        if ch in _DROP:
            continue
        if ch in _APOSTROPHES:
            ch = "'"
        elif ch in _DASHES:
            ch = "-"
        elif ch == "ё":
            ch = "е"
        elif ch.isspace():
            ch = " "
        out.append(ch)
    return "".join(out)


def normalise(text: str) -> tuple[str, list[int]]:
    """Folded text plus, for each of its characters, the offset of its source in `text`."""
    folded, offsets = _normalise(text)
    return folded, list(offsets)


@functools.lru_cache(maxsize=256)
def _normalise(text: str) -> tuple[str, tuple[int, ...]]:
    # Every quote of an article is located in the same text: fold it once (cached, immutable).
    folded, offsets = _normalise_uncached(text)
    return folded, tuple(offsets)


class _OneToOne(dict[int, str]):
    """str.translate table: each character's fold when it is one character, "\x00" for a
    dropped one, "\x01" when the fast path cannot take it (a combining mark, a fold of several
    characters, or the sentinels themselves). Filled lazily, once per distinct character."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch in "\x00\x01" or unicodedata.combining(ch):
            out = "\x01"
        else:
            folded = _fold(ch)
            out = "\x00" if folded == "" else folded if len(folded) == 1 else "\x01"
        self[code] = out
        return out


_ONE_TO_ONE = _OneToOne()
_SPACES = re.compile(" +")


def _normalise_uncached(text: str) -> tuple[str, list[int]]:
    # The fast path maps characters one to one in C (str.translate) and only walks the drops
    # and runs of spaces in Python; it gives exactly what the slow path gives (tested).
    flat = text.translate(_ONE_TO_ONE)
    if "\x01" in flat:
        return _normalise_slow(text)
    kept = [i for i, ch in enumerate(flat) if ch != "\x00"] if "\x00" in flat else list(range(len(flat)))
    flat = flat.replace("\x00", "")
    chars: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in _SPACES.finditer(flat):
        a, b = m.span()
        chars.append(flat[pos:a])
        offsets += kept[pos:a]
        if a > 0:  # one space for the run; none at the very start
            chars.append(" ")
            offsets.append(kept[a])
        pos = b
    chars.append(flat[pos:])
    offsets += kept[pos:]
    folded = "".join(chars)
    if folded.endswith(" "):
        folded, offsets = folded[:-1], offsets[:-1]
    return folded, offsets


def _normalise_slow(text: str) -> tuple[str, list[int]]:
    chars: list[str] = []
    offsets: list[int] = []
    for start, cluster in _clusters(text):
        for ch in _fold(cluster):
            if ch == " " and (not chars or chars[-1] == " "):
                continue
            chars.append(ch)
            offsets.append(start)
    # Drop a trailing space so spans never end on whitespace.
    if chars and chars[-1] == " ":
        chars.pop()
        offsets.pop()
    return "".join(chars), offsets


def normalise_text(text: str) -> str:
    """The folded form alone (for comparisons that need no offsets)."""
    return normalise(text)[0].strip()




_FLAT_APOSTROPHES = str.maketrans({c: "'" for c in APOSTROPHES[1:]})


def flat_apostrophes(text: str) -> str:
    """Every apostrophe as "'", nothing else changed (same length: offsets stay valid)."""
    return text.translate(_FLAT_APOSTROPHES)
