"""Sentence numbers to spans: what the model cites is located by construction.

The model saw the article as numbered sentences (`text.segment.sentences`, numbered from 1, the
same segmentation as here). A cited number that the article does not have, or a sentence marked as
a possible planted instruction, verifies nothing; every other citation is the sentence's own span.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.types import Article, Evidence, Span
from ..text.segment import sentences


@dataclass
class Citations:
    """The article's numbered sentences, and which of them may not be cited."""

    article: Article
    spans: list[Span] = field(init=False)
    paras: list[int] = field(init=False)
    flagged: frozenset[int] = field(init=False)

    def __post_init__(self) -> None:
        found = sentences(self.article.text)
        self.spans = [s for s, _ in found]
        self.paras = [p for _, p in found]
        marked = self.article.flagged
        self.flagged = frozenset(
            n for n, s in enumerate(self.spans, start=1) if any(f.start < s.end and s.start < f.end for f in marked)
        )

    def __len__(self) -> int:
        return len(self.spans)

    def text(self, n: int) -> str:
        span = self.spans[n - 1]
        return self.article.text[span.start : span.end]

    def problem(self, numbers: list[int]) -> str:
        """Why these numbers verify nothing, or '' when each is a sentence that may be cited."""
        missing = [n for n in numbers if not 1 <= n <= len(self.spans)]
        if missing:
            listed = ", ".join(f"[{n}]" for n in missing)
            return f"cites sentence {listed}, which the article does not have (it has {len(self.spans)})"
        marked = [n for n in numbers if n in self.flagged]
        if marked:
            listed = ", ".join(f"[{n}]" for n in marked)
            return f"cites {listed}, a passage marked as a possible planted instruction"
        return ""

    def joined(self, numbers: list[int]) -> str:
        """The cited sentences' text, in order (numbers must be valid)."""
        return " ".join(self.text(n) for n in sorted(set(numbers)))

    def evidence(self, numbers: list[int]) -> Evidence:
        """The cited sentences as evidence: their text and the span from the first to the last."""
        if self.problem(numbers) or not numbers:
            return Evidence(quote="", span=None, sentences=list(numbers))
        ordered = sorted(set(numbers))
        span = Span(start=self.spans[ordered[0] - 1].start, end=self.spans[ordered[-1] - 1].end)
        return Evidence(quote=self.joined(ordered), span=span, score=100.0, sentences=ordered)

    def number_at(self, offset: int) -> int | None:
        """The number of the sentence holding a character offset."""
        for n, s in enumerate(self.spans, start=1):
            if s.start <= offset < s.end:
                return n
        return None
