"""The whole pipeline behind the library and the CLI: ingest, extract, verify, reconcile, brief."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from . import guard, ingest, tokens
from .errors import InputError, ModelError, SummarizerError
from .extract import extract_article
from .llm import LLM, open_llm
from .names import NameResolver
from .reconcile import reconcile as reconcile_records
from .settings import Settings
from .types import Article, ArticleResult, Briefing, Event, EventRecord, RunInfo, SourceInfo, Usage
from .verify import verify_extraction

PathLike = str | Path
Progress = Callable[[ArticleResult], None]


def _placeholder(path: Path | str) -> Article:
    """Stands in for a file that could not be read, so the failure keeps its place in the batch."""
    p = Path(path)
    return Article(id=p.name, path=str(p), text="", raw_text="", language="und", sha256="")


def collect(paths: Sequence[PathLike]) -> list[Path | InputError]:
    """Every article file named by the paths (folders expanded); a bad path becomes its error."""
    out: list[Path | InputError] = []
    for item in paths:
        try:
            out.extend([Path("-")] if str(item) == "-" else ingest.collect_paths([item]))
        except InputError as exc:
            out.append(exc)
    return out


def read(path: Path) -> Article:
    """Read one article, without any instructions planted in it."""
    return guard.neutralise(ingest.read_stdin_article() if str(path) == "-" else ingest.read_article(path))


class Summarizer:
    """Runs the pipeline with one settings object and one model client (yours, or built from settings)."""

    def __init__(self, settings: Settings | None = None, *, client: Any = None, **overrides: Any) -> None:
        self.settings = settings.model_copy(update=overrides) if settings else Settings.from_env(**overrides)
        self.client = client
        self.names = NameResolver(self.settings.aliases_file)
        self.model: str | None = None

    async def _process(self, llm: LLM, article: Article) -> ArticleResult:
        try:
            extraction, usage = await extract_article(llm, article)
        except ModelError as exc:
            usage = exc.usage if isinstance(exc.usage, Usage) else Usage()
            return ArticleResult(article=article, usage=usage, error=str(exc))
        except InputError as exc:
            return ArticleResult(article=article, error=str(exc))
        records = verify_extraction(article, extraction, self.names)
        return ArticleResult(
            article=article, model=str(llm.model), summary_en=extraction.summary_en, records=records, usage=usage
        )

    async def aextract(
        self, paths: Sequence[PathLike], *, progress: Progress | None = None
    ) -> list[ArticleResult]:
        """Extract and verify every article, concurrently; results keep the input order."""
        items = collect(paths)
        results: list[ArticleResult | None] = [None] * len(items)
        async with open_llm(self.settings, self.client) as llm:
            self.model = llm.model
            limit = asyncio.Semaphore(max(1, self.settings.concurrency))

            async def run(i: int, item: Path | InputError) -> None:
                async with limit:
                    # Reading inside the task overlaps ingest with other articles' model calls.
                    try:
                        if isinstance(item, InputError):
                            raise item
                        article = read(item)
                    except InputError as exc:
                        results[i] = ArticleResult(article=_placeholder(exc.path), error=str(exc))
                    else:
                        results[i] = await self._process(llm, article)
                if progress:
                    progress(results[i])  # type: ignore[arg-type]

            await asyncio.gather(*(run(i, item) for i, item in enumerate(items)))
        return [r for r in results if r is not None]

    def reconcile(self, records: Iterable[EventRecord]) -> list[Event]:
        """Merge records about the same real event; keep sources and conflicts."""
        return reconcile_records(list(records))

    def briefing(self, results: Sequence[ArticleResult]) -> Briefing:
        """Assemble the briefing from extracted results (no model call)."""
        records = [r for res in results for r in res.records]
        events = self.reconcile(records)
        usage = Usage()
        for res in results:
            usage = usage.add(res.usage)
        model = self.model or next((r.model for r in results if r.model), "") or self.settings.model or ""
        pricing = tokens.load_pricing(self.settings.pricing_file)
        return Briefing(
            events=events,
            sources=[
                SourceInfo(
                    id=res.article.id,
                    path=res.article.path,
                    language=res.article.language,
                    published=res.article.published,
                    title=res.article.title,
                    outlet=res.article.outlet,
                    summary_en=res.summary_en,
                    text=res.article.text,
                    error=res.error,
                )
                for res in results
            ],
            run=RunInfo(
                model=model,
                usage=usage,
                cost_usd=tokens.estimate_cost(model, usage, pricing) if model else None,
                failed=[res.error for res in results if res.error],
                generated_at=dt.datetime.now(dt.timezone.utc).replace(microsecond=0),
            ),
        )

    async def abrief(self, paths: Sequence[PathLike], *, progress: Progress | None = None) -> Briefing:
        """Articles in, briefing out."""
        return self.briefing(await self.aextract(paths, progress=progress))

    def extract(self, paths: Sequence[PathLike], *, progress: Progress | None = None) -> list[ArticleResult]:
        """Synchronous `aextract`."""
        return asyncio.run(self.aextract(paths, progress=progress))

    def brief(self, paths: Sequence[PathLike], *, progress: Progress | None = None) -> Briefing:
        """Synchronous `abrief`."""
        return asyncio.run(self.abrief(paths, progress=progress))


def _as_paths(paths: PathLike | Sequence[PathLike]) -> list[PathLike]:
    return [paths] if isinstance(paths, (str, Path)) else list(paths)


def brief(paths: PathLike | Sequence[PathLike], *, client: Any = None, **settings: Any) -> Briefing:
    """Brief articles (files or folders) into one English briefing."""
    return Summarizer(client=client, **settings).brief(_as_paths(paths))


async def abrief(paths: PathLike | Sequence[PathLike], *, client: Any = None, **settings: Any) -> Briefing:
    """Async `brief`."""
    return await Summarizer(client=client, **settings).abrief(_as_paths(paths))


def extract(paths: PathLike | Sequence[PathLike], *, client: Any = None, **settings: Any) -> list[ArticleResult]:
    """Verified event records and an English summary for each article."""
    return Summarizer(client=client, **settings).extract(_as_paths(paths))


async def aextract(
    paths: PathLike | Sequence[PathLike], *, client: Any = None, **settings: Any
) -> list[ArticleResult]:
    """Async `extract`."""
    return await Summarizer(client=client, **settings).aextract(_as_paths(paths))


def reconcile(records: Iterable[EventRecord]) -> list[Event]:
    """Merge event records from many articles into events with provenance and conflicts."""
    return reconcile_records(list(records))


__all__ = ["Summarizer", "brief", "abrief", "extract", "aextract", "reconcile", "SummarizerError"]
