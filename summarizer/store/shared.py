"""Articles shared by workers on one store: each file is claimed by one worker, and done once.

The claim is taken before the file is read (on its bytes' hash, so it means the same on every
machine), so no two workers read, ask for or verify the same article. A worker that finds a
file claimed by another goes on with the rest and comes back to it; by then it is done (the
other worker's verified result is in the store) or, if that worker died, its claim has expired
and this worker claims it.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from pathlib import Path
from typing import Any

from ..core.errors import StoreError
from ..core.types import Article, ArticleResult, Usage
from .base import Store

log = logging.getLogger("summarizer.store")


class SharedArticles:
    """File claims and results in `store`, for one `fingerprint` (code, aliases, model settings)."""

    def __init__(self, store: Store, fingerprint: str) -> None:
        self.store = store
        self.fingerprint = fingerprint
        self._digests: dict[str, str] = {}

    async def claim(self, item: Any) -> str | None:
        """The claim's name once this worker holds it; "" while another worker does; None when the
        item cannot be claimed (stdin, unreadable: reading it reports why).

        `item` is an ingest item (`path`, and `row` for a row of a feed file): the claim is on the
        file's bytes and the row, which mean the same on every machine.
        """
        path, row = str(getattr(item, "path", item)), getattr(item, "row", None)
        problem = getattr(item, "problem", None)
        if path == "-" or problem:
            return None
        digest = self._digests.get(path)
        if digest is None:
            try:
                digest = await asyncio.to_thread(lambda: hashlib.sha256(Path(path).read_bytes()).hexdigest())
            except OSError:
                return None
            if row is not None:
                self._digests[path] = digest  # a feed file: hashed once for all its rows
        name = f"file:{digest}" + (f":{row}" if row is not None else "")
        return name if await asyncio.to_thread(self.store.try_claim, name) else ""

    async def done(self, article: Article) -> ArticleResult | None:
        """The stored result for this very file, verified by this very code, if any."""
        stored = await asyncio.to_thread(self.store.stored_article, article.id, article.sha256, self.fingerprint)
        # Another worker's article cost this one nothing.
        return stored.model_copy(update={"usage": Usage()}) if stored is not None else None

    async def end(self, result: ArticleResult, claim: str | None, keep: bool) -> None:
        """Store a delivered result (`keep`), then let the claim go (a failed article is tried again)."""
        try:
            if keep:
                await asyncio.to_thread(self.store.save_article, result, self.fingerprint)
        except StoreError as exc:  # the run still delivers it; a re-run stores it
            log.warning("%s: not kept in the record: %s", result.article.id, exc)
        finally:
            if claim:
                self.store.release(claim)
