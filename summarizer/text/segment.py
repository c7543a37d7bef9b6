"""One segmenter for every script: paragraphs, sentences and the sentence around a span.

A sentence ends at . ! ? or … (closing quotes may follow) and white space, before a capital letter,
a digit, an opening quote or a letter of a script without case; a single letter before the dot is an
initial ("С. Лавров", "U.S."), not an end, nor is a dot after a pack's `abbreviations` ("Mr.",
"Mme", "Prof."). Chinese and Japanese end sentences at 。！？ (closing
quotes may follow) with no space after them. A paragraph is a non-empty line.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from ..core.types import Span
from ..lang import available, pack

_LATIN_END = re.compile(r"(?<!\b\w)[.!?…]+[\"'»”’)\]]*\s+")
_CJK_END = re.compile(r"[。！？!?]+[”’」』）)\]]*\s*")
_OPENING = "\"«„“‘'(["


class Sentence(NamedTuple):
    """A sentence's span in the text and the index of its paragraph."""

    span: Span
    para: int


def _starts_sentence(line: str, at: int) -> bool:
    """Can a sentence begin at line[at]: a capital, a digit, a caseless letter, maybe after a quote?"""
    while at < len(line) and line[at] in _OPENING:
        at += 1
    if at >= len(line):
        return False
    ch = line[at]
    return ch.isdigit() or ch.isupper() or (ch.isalpha() and not ch.islower())


@functools.lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    """Words written with a dot that end no sentence, of every pack ("Mr", "Mme", "Prof")."""
    return frozenset(a for code in available() for a in pack(code).abbreviations)


_LAST_WORD = re.compile(r"(\w+)$")


def _after_abbreviation(line: str, at: int) -> bool:
    """Does the "." at line[at] close an abbreviation ("Mr. Narendra Modi")?"""
    m = _LAST_WORD.search(line, 0, at)
    return line[at : at + 2].rstrip() == "." and m is not None and m.group(1) in _abbreviations()


def _cuts(line: str) -> list[tuple[int, int]]:
    """(end of a sentence, start of the next) positions inside one line."""
    cuts = []
    for m in _LATIN_END.finditer(line):
        if _after_abbreviation(line, m.start()):
            continue
        if _starts_sentence(line, m.end()):
            cuts.append((m.end() - (len(m.group(0)) - len(m.group(0).rstrip())), m.end()))
    for m in _CJK_END.finditer(line):
        if m.end() < len(line) and not any(a <= m.start() < b for a, b in cuts):
            cuts.append((m.end() - (len(m.group(0)) - len(m.group(0).rstrip())), m.end()))
    return sorted(set(cuts))


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
        for end, nxt in _cuts(line):
            if end > cut and line[cut:end].strip():
                out.append((Span(start=start + cut, end=start + end), para))
            cut = nxt
        if line[cut:].strip():
            out.append((Span(start=start + cut, end=start + len(line.rstrip())), para))
        para += 1
    return out


def sentence_around(text: str, start: int, end: int) -> Span:
    """The span of the sentence (or sentences) that holds text[start:end]."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    line = text[line_start:line_end]
    left, right = 0, len(line.rstrip())
    for cut_end, nxt in _cuts(line):
        if line_start + nxt <= start:
            left = nxt
        elif line_start + cut_end >= end:
            right = cut_end
            break
    return Span(start=line_start + left, end=line_start + right)


def paragraphs(text: str) -> list[Span]:
    """Spans of the blocks of `text` separated by blank lines."""
    return [Span(start=m.start(), end=m.end()) for m in re.finditer(r"\S(?:.|\n(?!\s*\n))*", text)]
