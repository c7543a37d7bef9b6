"""Locate a model's verbatim quote in the article text and record where it was found."""

from __future__ import annotations

import functools
import re
import unicodedata

from rapidfuzz import fuzz

from ..core.types import Evidence, Span

MIN_QUOTE_CHARS = 8

# Double quotes are dropped, not unified: models add or omit them freely around a quote,
# and their presence says nothing about whether the words are in the article.
_DROP = set('"«»“”„‟‹›〝〞＂')
_APOSTROPHES = set("'’‘ʼ`´ʹ′")
_DASHES = set("-‐‑‒–—―−﹣－")
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)\s*")


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


def _to_original(offsets: list[int], text: str, start: int, end: int) -> Span:
    """Map a [start, end) range of the folded text back to the original text."""
    o_start = offsets[start]
    o_end = offsets[end - 1] + 1
    # Extend over combining marks that belong to the last character.
    while o_end < len(text) and unicodedata.combining(text[o_end]):
        o_end += 1
    return Span(start=o_start, end=o_end)


def _locate_one(quote: str, text: str, norm_text: str, offsets: list[int]) -> Evidence:
    idx = text.find(quote)
    if idx >= 0:
        return Evidence(quote=quote, span=Span(start=idx, end=idx + len(quote)), score=100.0)
    norm_quote = normalise_text(quote)
    if not norm_quote or not norm_text:
        return Evidence(quote=quote, span=None, score=0.0)
    idx = norm_text.find(norm_quote)
    if idx >= 0:
        span = _to_original(offsets, text, idx, idx + len(norm_quote))
        return Evidence(quote=quote, span=span, score=100.0)
    if len(norm_quote) > len(norm_text):
        # partial_ratio would score the text inside the quote: a quote longer than the
        # text can only match it as a whole.
        score = fuzz.ratio(norm_quote, norm_text)
        return Evidence(quote=quote, span=_to_original(offsets, text, 0, len(norm_text)), score=score)
    al = fuzz.partial_ratio_alignment(norm_quote, norm_text)
    if al is None or al.dest_end <= al.dest_start:
        return Evidence(quote=quote, span=None, score=0.0)
    start, end, score = _refine(norm_quote, norm_text, al.dest_start, al.dest_end, al.score)
    start, end = _trim(norm_text, start, end)
    return Evidence(quote=quote, span=_to_original(offsets, text, start, end), score=score)


def _refine(quote: str, text: str, start: int, end: int, score: float) -> tuple[int, int, float]:
    """Move the window's ends a little: partial_ratio keeps the quote's length, so an extra
    comma in the text shifts the window off the first letter."""
    slack = min(20, len(quote) // 10 + 3)
    best = (score, start, end)
    for s in range(max(0, start - slack), min(len(text), start + slack) + 1):
        for e in range(max(s + 1, end - slack), min(len(text), end + slack) + 1):
            r = fuzz.ratio(quote, text[s:e], score_cutoff=best[0])
            if r > best[0]:
                best = (r, s, e)
    return best[1], best[2], best[0]


def _trim(norm_text: str, start: int, end: int) -> tuple[int, int]:
    """Drop spaces at either end of a fuzzy window."""
    while start < end and norm_text[start] == " ":
        start += 1
    while end > start and norm_text[end - 1] == " ":
        end -= 1
    return start, max(end, start + 1)


def locate(quote: str, text: str, *, threshold: float = 90.0) -> Evidence:
    """Find `quote` in `text`: exact, then normalised, then fuzzy; span None when not found.

    A quote the model shortened with an ellipsis is located part by part: every part must be
    found, in order, and the span covers all of them.
    """
    stripped = quote.strip()
    if len(stripped) < MIN_QUOTE_CHARS:
        return Evidence(quote=quote, span=None, score=0.0)
    norm_text, offsets = normalise(text)
    parts = [p for p in _ELLIPSIS.split(stripped) if p.strip()]
    if len(parts) <= 1:
        found = _locate_one(stripped, text, norm_text, offsets)
        if found.score < threshold:
            return Evidence(quote=quote, span=None, score=found.score)
        return Evidence(quote=quote, span=found.span, score=found.score)
    # The text itself may hold "..." (or the model kept one that is really there): try whole first.
    whole = _locate_one(stripped, text, norm_text, offsets)
    if whole.span is not None and whole.score >= 100.0:
        return Evidence(quote=quote, span=whole.span, score=whole.score)
    spans: list[Span] = []
    scores: list[float] = []
    for part in parts:
        if len(part.strip()) < MIN_QUOTE_CHARS:
            continue
        found = _locate_one(part, text, norm_text, offsets)
        scores.append(found.score)
        if found.span is None or found.score < threshold:
            return Evidence(quote=quote, span=None, score=min(scores))
        if spans and found.span.start < spans[-1].end:
            return Evidence(quote=quote, span=None, score=min(scores))
        spans.append(found.span)
    if not spans:
        return Evidence(quote=quote, span=None, score=0.0)
    return Evidence(quote=quote, span=Span(start=spans[0].start, end=spans[-1].end), score=min(scores))


def quoted_text(text: str, evidence: Evidence) -> str | None:
    """The article text under an evidence span, or None when unverified."""
    if evidence.span is None:
        return None
    return text[evidence.span.start : evidence.span.end]


# A sentence ends at . ! ? or … (a closing quote may follow) before a capital, a digit or an
# opening quote; a single capital before the dot is an initial ("С. Лавров"), not an end.
_SENTENCE_END = re.compile(r"(?<!\b\w)[.!?…]+[\"»”']?\s+(?=[\"«„“(]?[^\W\d_a-zа-яёіїєґ]|[\"«„“(]?\d)")


def sentences(text: str) -> list[tuple[Span, int]]:
    """Spans of the sentences of `text`, each with the index of its paragraph (non-empty line)."""
    out: list[tuple[Span, int]] = []
    pos, para = 0, 0
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        cut = 0
        for m in _SENTENCE_END.finditer(line):
            end = m.end() - (len(m.group(0)) - len(m.group(0).rstrip()))
            out.append((Span(start=start + cut, end=start + end), para))
            cut = m.end()
        if line[cut:].strip():
            end = len(line.rstrip())
            out.append((Span(start=start + cut, end=start + end), para))
        para += 1
    return out
