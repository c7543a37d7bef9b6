"""The standing event record: articles' verified records kept in the store, reconciled with the
events already there, and briefings rendered from it.

`ingest` runs the pipeline in shared mode (workers on one store split the articles: see
store.shared), then reconciles: under the store's one reconciliation claim, every stored record
against the stored events, re-clustering only the blocks that changed articles touch
(`reconciliation.reconcile` with `existing`, proven equal to reconciling all at once), and
event ids carried over by record overlap (`reconciliation.carry_ids`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .core.errors import InputError
from .core.types import ArticleResult, Briefing, Event, Usage
from .pipeline import PathLike, Progress, Summarizer
from .reconciliation import carry_ids, group_copies, reconcile
from .store import Store

RECONCILE_CLAIM = "reconcile"
COPIES_MEMO = "standing_copies"  # the copy groups the stored events were reconciled with


@dataclass
class Ingested:
    """What one `ingest` did."""

    results: list[ArticleResult]
    events: list[Event] = field(default_factory=list)  # the whole standing record after it
    new_events: int = 0
    changed_events: int = 0

    @property
    def failed(self) -> list[ArticleResult]:
        return [r for r in self.results if r.error]

    def touched(self) -> list[Event]:
        """The standing events that the ingested articles report."""
        ids = {r.article.id for r in self.results if not r.error}
        return [ev for ev in self.events if ids & set(ev.articles)]


def reconcile_store(store: Store, official_markers: Sequence[str] = ()) -> tuple[list[Event], int, int]:
    """Reconcile the stored records against the stored events; (events, new, changed)."""
    with store.holding(RECONCILE_CLAIM):
        records, changed = store.all_records()
        old = store.load_events()
        # Copies count once: an article whose copy group changed is reconciled again too.
        copies = group_copies(store.article_texts())
        known = json.loads(store.memo_get(COPIES_MEMO, "all") or "{}")
        changed |= {a for a in set(copies) | set(known) if copies.get(a) != known.get(a)}
        if not changed:
            return old, 0, 0
        keep = [ev for ev in old if not changed & set(ev.articles)]
        fresh = reconcile(records, existing=keep, official_markers=official_markers, copies=copies)
        events, aliases = carry_ids(old, fresh)
        before = {ev.id: ev for ev in old}
        store.replace_events(events, aliases, changed)
        store.memo_put(COPIES_MEMO, "all", json.dumps(copies, sort_keys=True))
        store.flush()
    new = sum(ev.id not in before for ev in events)
    return events, new, sum(ev.id in before and before[ev.id] != ev for ev in events)


async def aingest(summarizer: Summarizer, store: Store, paths: Sequence[PathLike],
                  progress: Progress | None = None) -> Ingested:
    """Add the articles to the standing record and reconcile them with the events there."""
    summarizer.store = store
    results = await summarizer.aextract(paths, progress=progress, share=True)
    events, new, changed = reconcile_store(store)
    return Ingested(results=results, events=events, new_events=new, changed_events=changed)


def select_events(store: Store, events: Iterable[Event], *, since: dt.date | None = None,
                  event_id: str | None = None) -> list[Event]:
    """The events of one id (an old id finds the event it joined), or dated from `since` on."""
    chosen = list(events)
    if event_id is not None:
        wanted = store.resolve_event(event_id)
        chosen = [ev for ev in chosen if ev.id == wanted]
        if not chosen:
            raise InputError(event_id, f"no such event in {store.location}",
                             "see the ids with `summarizer brief --since 1900-01-01 -f json`")
    if since is not None:
        published = _published(store, chosen)
        chosen = [ev for ev in chosen if _on_or_after(ev, since, published)]
    return chosen


def _published(store: Store, events: Sequence[Event]) -> dict[str, dt.date | None]:
    rows = store.query("SELECT id, published FROM articles")
    return {str(i): dt.date.fromisoformat(p) if p else None for i, p in rows}


def _on_or_after(ev: Event, since: dt.date, published: dict[str, dt.date | None]) -> bool:
    if ev.date.value is not None:
        return ev.date.value >= since
    # An event without a full date counts from the first article that reports it.
    days = [d for a in ev.articles if (d := published.get(a)) is not None]
    return bool(days) and min(days) >= since


def stored_briefing(summarizer: Summarizer, store: Store, events: Sequence[Event],
                    run: Sequence[ArticleResult] = ()) -> Briefing:
    """A briefing of stored events; `run`'s results (this run's cost and failures) replace stored ones."""
    mine = {r.article.id: r for r in run}
    needed = {a for ev in events for a in ev.articles} - set(mine)
    stored = [r.model_copy(update={"usage": Usage()}) for r in store.article_results(needed)]
    results = sorted([*stored, *mine.values()], key=lambda r: r.article.id)
    return summarizer.briefing(results, events=list(events))


async def abrief_stored(summarizer: Summarizer, store: Store, paths: Sequence[PathLike], *,
                        since: dt.date | None = None, event_id: str | None = None,
                        progress: Progress | None = None) -> tuple[Briefing, list[ArticleResult]]:
    """`brief --store`: ingest PATHS (if any), then brief their events (or those chosen) from the store."""
    results: list[ArticleResult] = []
    if paths:
        done = await aingest(summarizer, store, paths, progress)
        results, events = done.results, (done.touched() if since is None and event_id is None else done.events)
    else:
        events = store.load_events()
    chosen = select_events(store, events, since=since, event_id=event_id)
    return stored_briefing(summarizer, store, chosen, run=results), results


def summary(done: Ingested, location: str) -> str:
    delivered = len(done.results) - len(done.failed)
    return (f"{len(done.results)} article(s): {delivered} in the record, {len(done.failed)} failed; "
            f"{len(done.events)} event(s) in {location} ({done.new_events} new, {done.changed_events} changed)")
