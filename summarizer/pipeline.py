"""The whole pipeline behind the library and the CLI: ingest, extract, verify, reconcile, brief."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter

from . import ingest
from .core.errors import EndpointDownError, InputError, ModelError, RequestPending, SummarizerError
from .core.settings import Settings
from .core.types import (
    Article,
    ArticleResult,
    Briefing,
    Event,
    EventAnswer,
    EventRecord,
    ModelExtraction,
    RunInfo,
    SourceInfo,
    Usage,
)
from .extraction import extract_article, tokens
from .extraction.article import Terms
from .extraction.endpoint import open_llm
from .extraction.llm import LLM, Pending
from .reconciliation import group_copies
from .reconciliation import reconcile as reconcile_records
from .reconciliation.summaries import article_summary
from .store import Store
from .store.shared import SharedArticles
from .worker import Worker, WorkerFailed

if TYPE_CHECKING:
    from .verification.names import NameResolver

PathLike = str | Path
Progress = Callable[[ArticleResult], None]


def _placeholder(item: ingest.Item) -> Article:
    """Stands in for an article that could not be read, so the failure keeps its place (and its id)."""
    return Article(id=item.id, path=item.path, text="", raw_text="", language="und", sha256="")


def collect(
    paths: Sequence[PathLike], *, skip: Sequence[PathLike] = (), max_bytes: int = ingest.DEFAULT_MAX_BYTES
) -> list[ingest.Item]:
    """Every article the paths name (folders expanded, feeds one item a row); a bad path is an item
    that fails alone; `skip` (the output file) is never read."""
    return ingest.collect_items(paths, skip=skip, max_bytes=max_bytes)


_RECORDS = TypeAdapter(list[EventRecord])
_VERIFIED = "verified_records"


@functools.cache
def code_fingerprint() -> str:
    """A hash of the package's code and data: memoised verification is only reused by the same code."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and "tiktoken" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


# A worker process pays ~0.5 s to start and ~0.2 ms per article to ship data; it pays off when
# many answers come back fast, so that reading and verifying on the event loop would delay the
# next calls.
VERIFY_WORKER_MIN_ARTICLES = 64
WORKER_MIN_CPUS = 4


class Summarizer:
    """Runs the pipeline with one settings object and one model client (yours, or built from settings)."""

    def __init__(self, settings: Settings | None = None, *, client: Any = None, store: Store | None = None,
                 **overrides: Any) -> None:
        self.settings = settings.model_copy(update=overrides) if settings else Settings.from_env(**overrides)
        self.client = client
        self.store = store  # a store the caller opened and closes; without it each run opens its own
        # Deferring mode (`summarizer batch submit`): every cache miss is recorded here, not sent,
        # and its article ends as pending (its id in `pending`).
        self.deferred: dict[str, Pending] | None = None
        self.pending: set[str] = set()
        self._names: NameResolver | None = None
        self._worker: Worker | None = None
        self.model: str | None = None
        self.stopped: EndpointDownError | None = None  # the circuit breaker stopped the last batch
        self.not_asked: list[str] = []  # articles that the circuit breaker stopped (not failed on their own)
        self.unread: list[str] = []  # inputs of the last batch that could not be read (missing, bad file)

    def check(self) -> None:
        """Every setting and configuration file, checked before the first model call (ConfigError)."""
        self.settings = self.settings.check()
        tokens.load_pricing(self.settings.pricing_file)
        from .verification.names import check_alias_file

        check_alias_file(self.settings.aliases_file)

    @property
    def names(self) -> NameResolver:
        """The alias table (built on first use: a re-run answered from the cache never needs it)."""
        if self._names is None:
            from .verification.names import NameResolver

            self._names = NameResolver(self.settings.aliases_file)
        return self._names

    def _aliases_fingerprint(self) -> str:
        extra = self.settings.aliases_file or os.environ.get("SUMMARIZER_ALIASES")
        try:
            return hashlib.sha256(Path(extra).read_bytes()).hexdigest() if extra else ""
        except OSError:
            return "unreadable"  # NameResolver reports it

    async def _verify(self, llm: LLM, article: Article, extraction: ModelExtraction) -> list[EventRecord]:
        """verify_extraction, memoised in the cache by code, aliases, article and model answer."""
        cache = llm.cache if self.settings.use_cache else None
        if cache is None:
            return await self._verify_now(article, extraction)
        parts = [code_fingerprint(), self._aliases_fingerprint(), article.model_dump_json()]
        parts.append(extraction.model_dump_json())
        key = hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()
        hit = cache.memo_get(_VERIFIED, key)
        if hit is not None:
            return _RECORDS.validate_json(hit)
        records = await self._verify_now(article, extraction)
        cache.memo_put(_VERIFIED, key, _RECORDS.dump_json(records).decode("utf-8"))
        return records

    async def _verify_now(self, article: Article, extraction: ModelExtraction) -> list[EventRecord]:
        if self._worker is not None:
            try:
                return await self._worker.verify(article, extraction)
            except WorkerFailed:
                pass  # verified here instead; an error of the article's own is raised again below
        from .verification.article import verify_extraction

        return verify_extraction(article, extraction, self.names)

    @property
    def max_bytes(self) -> int:
        return int(self.settings.max_file_mb * ingest.collect.MB)

    async def _read(self, item: ingest.Item) -> Article:
        if self._worker is not None and self._worker.ready and item.path != ingest.STDIN and not item.problem:
            try:
                return await self._worker.read(item, self.max_bytes)
            except WorkerFailed:
                pass  # read here; a bad file raises its InputError here
        return ingest.load(item, max_bytes=self.max_bytes)

    def _use_worker(self, articles: int) -> bool:
        if self.settings.worker_process is not None:
            return self.settings.worker_process
        # The loop, the worker and whatever serves the model (a local server, a test endpoint)
        # need a core each: on 2 cores the worker measured no gain (README, throughput).
        return articles >= VERIFY_WORKER_MIN_ARTICLES and (os.cpu_count() or 1) >= WORKER_MIN_CPUS

    def _chooser(self) -> Callable[[Article, list[EventAnswer]], list[int]]:
        """Which sentences to translate: those that could bear a verified statement."""
        from .verification.candidates import worth_translating

        def choose(article: Article, events: list[EventAnswer]) -> list[int]:
            return worth_translating(article, events, self.names, self.settings.max_translated,
                                     recall=self.settings.recall_pass)

        return choose

    def _glossary(self) -> Callable[[Article, str], Terms]:
        """The English of some of an article's sentences that code knows: the names of the people
        they name (alias table), their weekdays, months and magnitudes (language packs)."""
        from .verification.calendar_words import calendar_terms
        from .verification.numbers import scale_terms

        def terms_of(article: Article, text: str) -> Terms:
            resolver = self.names.for_article(article)
            names = sorted(resolver.of_kind(resolver.mentions(text), "person"))
            return Terms(names, [*calendar_terms(text, article.language), *scale_terms(text, article.language)])

        return terms_of

    def _checker(self) -> Callable[[Article, dict[int, str]], dict[int, str]]:
        """Why some renderings fail the checks that need no speaker (`verification.renderings`)."""
        from .verification.renderings import rendering_problems

        def check(article: Article, rendered: dict[int, str]) -> dict[int, str]:
            return rendering_problems(article, rendered, self.names.for_article(article))

        return check

    async def _ask(self, llm: LLM, article: Article) -> tuple[ModelExtraction, Usage] | ArticleResult:
        """The model's extraction, or the article's failed result."""
        try:
            with llm.article_scope():
                return await extract_article(llm, article, self._chooser(), self._glossary(), self._checker())
        except RequestPending as exc:
            self.pending.add(article.id)
            return ArticleResult(article=article, error=str(exc))
        except EndpointDownError as exc:
            if not exc.endpoint_down:
                self.not_asked.append(article.id)
            return ArticleResult(article=article, error=f"{exc} ({exc.fix})")
        except ModelError as exc:
            usage = exc.usage if isinstance(exc.usage, Usage) else Usage()
            return ArticleResult(article=article, usage=usage, error=f"{exc} ({exc.fix})" if exc.fix else str(exc))
        except InputError as exc:
            return ArticleResult(article=article, error=str(exc))

    async def _finish(self, llm: LLM, article: Article, extraction: ModelExtraction, usage: Usage) -> ArticleResult:
        records = await self._verify(llm, article, extraction)
        return ArticleResult(
            article=article, model=str(llm.model), summary_en=article_summary(records), records=records, usage=usage
        )

    async def aextract(
        self, paths: Sequence[PathLike], *, progress: Progress | None = None, skip: Sequence[PathLike] = (),
        share: bool = False,
    ) -> list[ArticleResult]:
        """Extract and verify every article, concurrently; results keep the input order.

        `skip`: files never read as articles (the run's own output file). `share`: workers on one
        store split the articles (each claimed by one of them, done once) and every delivered
        result is kept in the store.
        """
        self.check()
        self.stopped, self.not_asked, self.unread = None, [], []
        items = collect(paths, skip=skip, max_bytes=self.max_bytes)
        results: list[ArticleResult | None] = [None] * len(items)
        if self._use_worker(len(items)):
            self._worker = Worker(self.settings.aliases_file)
            await self._worker.start()
        try:
            async with open_llm(self.settings, self.client, store=self.store) as llm:
                self.model = llm.model
                llm.deferred = self.deferred
                shared = SharedArticles(llm.cache, self.fingerprint(llm)) if share and llm.cache else None
                todo = dict(enumerate(items))
                while todo:
                    later: dict[int, ingest.Item] = {}
                    await self._extract_all(llm, todo, results, progress, shared, later)
                    todo = later  # claimed by other workers: done by now, or theirs expired
                    if todo:
                        await asyncio.sleep(0.5)
                self.stopped = llm.breaker.opened
        finally:
            if self._worker is not None:
                await self._worker.close()
                self._worker = None
        return [r for r in results if r is not None]

    def fingerprint(self, llm: LLM) -> str:
        """What a stored result depends on besides its file: the code, the aliases, the model settings."""
        st = self.settings
        parts = [code_fingerprint(), self._aliases_fingerprint(), str(llm.model), st.temperature, st.seed,
                 st.max_tokens, st.max_article_tokens, st.max_parts, st.max_reasks, st.recall_pass,
                 st.max_rechecks]
        return hashlib.sha256(json.dumps(parts).encode("utf-8")).hexdigest()

    async def _extract_all(
        self, llm: LLM, items: dict[int, ingest.Item], results: list[ArticleResult | None],
        progress: Progress | None, shared: SharedArticles | None, later: dict[int, ingest.Item],
    ) -> None:
        limit = asyncio.Semaphore(max(1, self.settings.concurrency))

        async def run(i: int, item: ingest.Item) -> None:
            answer: tuple[ModelExtraction, Usage] | ArticleResult | None = None
            done: ArticleResult | None = None  # delivered by another worker (shared mode)
            claim: str | None = None  # this worker's claim on the article (shared mode)
            async with limit:
                if shared is not None:
                    claim = await shared.claim(item)
                    if claim == "":  # another worker has it: come back to it
                        later[i] = item
                        return
                # Reading inside the task overlaps ingest with other articles' model calls.
                try:
                    article = await self._read(item)
                except InputError as exc:
                    self.unread.append(exc.path)
                    results[i] = ArticleResult(article=_placeholder(item), error=str(exc))
                else:
                    done = await shared.done(article) if shared is not None else None
                    answer = done if done is not None else await self._ask(llm, article)
            # The slot is free again: verification never holds back the next call.
            if isinstance(answer, tuple):
                await asyncio.sleep(0)  # let waiting tasks send their requests first
                results[i] = await self._finish(llm, article, *answer)
            elif answer is not None:
                results[i] = answer
            result = results[i]
            if shared is not None and result is not None:  # stdin has no claim, but is kept too
                await shared.end(result, claim, keep=result.error is None and done is None)
            if progress:
                progress(results[i])  # type: ignore[arg-type]

        await asyncio.gather(*(run(i, item) for i, item in items.items()))

    def reconcile(self, records: Iterable[EventRecord], copies: Mapping[str, str] | None = None) -> list[Event]:
        """Merge records about the same real event; keep sources and conflicts; count copies once."""
        return reconcile_records(list(records), copies=copies)

    def briefing(self, results: Sequence[ArticleResult], events: Sequence[Event] | None = None) -> Briefing:
        """Assemble the briefing from extracted results (no model call); `events` if already reconciled."""
        copies = group_copies({res.article.id: res.article.text for res in results if not res.error})
        if events is None:
            events = self.reconcile([r for res in results for r in res.records], copies)
        usage = Usage()
        for res in results:
            usage = usage.add(res.usage)
        model = self.model or next((r.model for r in results if r.model), "") or self.settings.model or ""
        pricing = tokens.load_pricing(self.settings.pricing_file)
        return Briefing(
            events=list(events),
            sources=[
                SourceInfo(
                    id=res.article.id,
                    path=res.article.path,
                    language=res.article.language,
                    published=res.article.published,
                    title=res.article.title,
                    outlet=res.article.outlet,
                    url=res.article.url,
                    summary_en=res.summary_en,
                    text=res.article.text,
                    error=res.error,
                    notes=res.article.notes,
                    copy_of=copies.get(res.article.id) if copies.get(res.article.id) != res.article.id else None,
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

    async def abrief(
        self, paths: Sequence[PathLike], *, progress: Progress | None = None, skip: Sequence[PathLike] = ()
    ) -> Briefing:
        """Articles in, briefing out."""
        return self.briefing(await self.aextract(paths, progress=progress, skip=skip))

    def extract(
        self, paths: Sequence[PathLike], *, progress: Progress | None = None, skip: Sequence[PathLike] = ()
    ) -> list[ArticleResult]:
        """Synchronous `aextract`."""
        return asyncio.run(self.aextract(paths, progress=progress, skip=skip))

    def brief(
        self, paths: Sequence[PathLike], *, progress: Progress | None = None, skip: Sequence[PathLike] = ()
    ) -> Briefing:
        """Synchronous `abrief`."""
        return asyncio.run(self.abrief(paths, progress=progress, skip=skip))


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


def reconcile(records: Iterable[EventRecord], copies: Mapping[str, str] | None = None) -> list[Event]:
    """Merge event records from many articles into events with provenance and conflicts.

    `copies` (article id -> the article it copies, from `reconciliation.group_copies`) makes
    support count in independent reports."""
    return reconcile_records(list(records), copies=copies)


__all__ = ["Summarizer", "brief", "abrief", "extract", "aextract", "reconcile", "SummarizerError"]
