"""Locate a model's verbatim quote in the article text and record where it was found."""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz

from ..core.types import Evidence, Span
from ..text.fold import normalise, normalise_text

MIN_QUOTE_CHARS = 8
# A character of a script written without spaces (Chinese, Japanese) stands for about a word:
# "周二" (Tuesday) or "视频会晤" (video meeting) is as long a quote as "on Tuesday".
CJK_CHAR_WEIGHT = 4
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)\s*")


def quote_length(quote: str) -> int:
    """How long a quote is for the minimum: characters, a Chinese or Japanese one counting CJK_CHAR_WEIGHT."""
    cjk = len(_CJK.findall(quote))
    return len(quote) + (CJK_CHAR_WEIGHT - 1) * cjk

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
    if quote_length(stripped) < MIN_QUOTE_CHARS:
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
        if quote_length(part.strip()) < MIN_QUOTE_CHARS:
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
