"""What one article may cost: completion tokens and seconds of generation, over all its requests.

The pipeline opens one scope per article (`article_scope`); every model request made inside it,
for any part of the article and any retry, draws on the same budget. A request outside any scope
gets a budget of its own.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass

MIN_REQUEST_TOKENS = 256  # with less left, no answer of the schema is likely to fit: do not ask


@dataclass
class Budget:
    """Caps and what has been spent against them."""

    tokens: int
    seconds: float
    spent_tokens: int = 0
    spent_seconds: float = 0.0

    @property
    def tokens_left(self) -> int:
        return max(0, self.tokens - self.spent_tokens)

    @property
    def seconds_left(self) -> float:
        return max(0.0, self.seconds - self.spent_seconds)

    @property
    def can_ask(self) -> bool:
        """Room for one more request."""
        return self.tokens_left >= MIN_REQUEST_TOKENS and self.seconds_left > 0

    def charge(self, tokens: int, seconds: float) -> None:
        self.spent_tokens += max(0, tokens)
        self.spent_seconds += max(0.0, seconds)

    def describe(self) -> str:
        """The caps and the settings that change them, for an error line."""
        return (
            f"cap {self.tokens} completion tokens and {self.seconds:g} s per article "
            "(--article-tokens/SUMMARIZER_ARTICLE_TOKENS, --article-seconds/SUMMARIZER_ARTICLE_SECONDS)"
        )


_CURRENT: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("article_budget", default=None)


def current() -> Budget | None:
    """The budget of the article being extracted in this task, if a scope is open."""
    return _CURRENT.get()


@contextlib.contextmanager
def article_scope(tokens: int, seconds: float) -> Iterator[Budget]:
    """One article's budget for every request made inside (asyncio tasks copy the context)."""
    budget = Budget(tokens=tokens, seconds=seconds)
    token = _CURRENT.set(budget)
    try:
        yield budget
    finally:
        _CURRENT.reset(token)


def sized_max_tokens(input_tokens: int, ceiling: int) -> int:
    """Room for an answer about an input of this many tokens: 256 + 2 per input token, 512 to `ceiling`.

    A faithful answer restates the article at most once (its quotes are copied from it, its summary
    is shorter) plus a few hundred tokens of structure; twice the input is a generous bound.
    """
    return max(min(512, ceiling), min(ceiling, 256 + 2 * max(0, input_tokens)))
