"""Articles shared by workers on one store: each is claimed by one worker, and done once.

A worker that finds an article claimed by another goes on with the rest and comes back to it;
by then it is done (the other worker's verified result is in the store) or, if that worker
died, its claim has expired and this worker claims it.
"""

from __future__ import annotations

import asyncio

from ..core.types import Article, ArticleResult, Usage
from .base import Store


class SharedArticles:
    """Article claims and results in `store`, for one `fingerprint` (code, aliases, model settings)."""

    def __init__(self, store: Store, fingerprint: str) -> None:
        self.store = store
        self.fingerprint = fingerprint

    def _done(self, article: Article) -> ArticleResult | None:
        done = self.store.stored_article(article.id, article.sha256, self.fingerprint)
        # Another worker's article cost this one nothing.
        return done.model_copy(update={"usage": Usage()}) if done is not None else None

    async def begin(self, article: Article) -> ArticleResult | bool:
        """The stored result if the article is done; True once claimed; False while another has it."""
        done = await asyncio.to_thread(self._done, article)
        if done is not None:
            return done
        if not await asyncio.to_thread(self.store.try_claim, "article:" + article.id):
            return False
        done = await asyncio.to_thread(self._done, article)  # finished between the look and the claim
        if done is not None:
            self.store.release("article:" + article.id)
            return done
        return True

    async def end(self, result: ArticleResult, keep: bool) -> None:
        """Store a delivered result (`keep`), then let the claim go (a failed article is tried again)."""
        try:
            if keep:
                await asyncio.to_thread(self.store.save_article, result, self.fingerprint)
        finally:
            self.store.release("article:" + result.article.id)
