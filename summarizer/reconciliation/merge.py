"""Reconcile: merge verified EventRecords from many articles into one Event per real event.

The rules (clustering, blocking, determinism and incremental runs, the choice between conflicting
values, facts, relations) are written out in docs/reconciliation.md; `cluster.py` clusters,
`event.py` builds one event, `facts.py` merges facts, `copies.py` counts copies once.
"""

from __future__ import annotations

import contextlib
import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence

from ..core.errors import SummarizerError
from ..core.types import Event, EventRecord, Relation
from .cluster import Rec, cluster_component, components
from .copies import counted_once
from .event import OFFICIAL_SOURCE_MARKERS, build_event, official_pattern
from .spellings import one_spelling

__all__ = ["OFFICIAL_SOURCE_MARKERS", "reconcile", "reconcile_incremental"]


def reconcile(
    records: Iterable[EventRecord],
    existing: Sequence[Event] | None = None,
    *,
    official_markers: Sequence[str] = (),
    copies: Mapping[str, str] | None = None,
) -> list[Event]:
    """Merge records into events; with `existing`, reuse the events of untouched blocks.

    `records` is always the full set (old and new); `existing` are the events an earlier call
    returned for the old records with the same `official_markers` and `copies`. `copies` maps an
    article id to the article its text is a copy of (`copies.group_copies`): support is counted
    in independent reports.
    """
    with _gc_paused(), counted_once(copies or {}):
        return _reconcile(records, existing, official_markers)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cycle collector: the run makes no cycles, and with 10k records its full
    collections over every live model took half the time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _reconcile(
    records: Iterable[EventRecord], existing: Sequence[Event] | None, official_markers: Sequence[str]
) -> list[Event]:
    recs = _prepare(records)
    by_key = {r.record.key: r.record for r in recs}
    old: dict[str, Event] = {}
    for ev in existing or ():
        for k in ev.records:
            old[k] = ev
    official = official_pattern(official_markers)
    events: list[Event] = []
    for block in components(recs):
        reused = _reusable(block, old)
        if reused is not None:
            events.extend(reused)
            continue
        for members in cluster_component(block):
            events.append(build_event([m.record for m in members], official))
    return _link(sorted(events, key=_event_order), by_key)


def reconcile_incremental(
    existing_events: Sequence[Event],
    existing_records: Iterable[EventRecord],
    new_records: Iterable[EventRecord],
    *,
    official_markers: Sequence[str] = (),
) -> list[Event]:
    """Same result as reconcile(old + new), re-clustering only the blocks new records touch."""
    return reconcile([*existing_records, *new_records], existing_events, official_markers=official_markers)


def _prepare(records: Iterable[EventRecord]) -> list[Rec]:
    """Drop exact duplicates; refuse two different records under one key."""
    seen: dict[str, EventRecord] = {}
    for rec in records:
        prev = seen.get(rec.key)
        if prev is None:
            seen[rec.key] = rec
        elif prev != rec:
            raise SummarizerError(
                f"two different records share the key {rec.key}: give each event of an article its own index"
            )
    ordered = one_spelling(sorted(seen.values(), key=lambda r: (r.article_id, r.index)))
    return [Rec.wrap(r) for r in ordered]


def _reusable(block: list[Rec], old: dict[str, Event]) -> list[Event] | None:
    """The old events of a block, if they cover exactly its records (no new record came in)."""
    if not old:
        return None
    found: dict[str, Event] = {}
    for r in block:
        ev = old.get(r.record.key)
        if ev is None:
            return None
        found[ev.id] = ev
    if sum(len(ev.records) for ev in found.values()) != len(block):
        return None
    return list(found.values())


def _event_order(ev: Event) -> tuple[int, int, int, str]:
    d = ev.date
    if d.value is not None:
        return (0, d.value.toordinal(), 0, ev.id)
    if d.month and d.day:
        return (1, d.month, d.day, ev.id)
    return (2, 0, 0, ev.id)


def _link(events: list[Event], by_key: dict[str, EventRecord]) -> list[Event]:
    """Link events that share an article, both ways; replaces any old relations."""
    # article -> event index -> True if that event is the article's main event
    per_article: dict[str, dict[int, bool]] = defaultdict(dict)
    for i, ev in enumerate(events):
        for k in ev.records:
            rec = by_key[k]
            per_article[rec.article_id][i] = per_article[rec.article_id].get(i, False) or rec.main
    shared: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for article in sorted(per_article):
        idx = sorted(per_article[article])
        for i in idx:
            for j in idx:
                if i != j:
                    shared[i][j].append(article)
    out: list[Event] = []
    for i, ev in enumerate(events):
        related = [
            Relation(
                event_id=events[j].id,
                description=_describe(ev, events[j], arts, [per_article[a] for a in arts], i, j),
            )
            for j, arts in sorted(shared[i].items())
        ]
        out.append(ev.model_copy(update={"related": related}))
    return out


def _describe(
    ev: Event, other: Event, articles: list[str], mains: list[dict[int, bool]], i: int, j: int
) -> str:
    if any(m[j] for m in mains):
        role = "main event of"
    elif any(m[i] for m in mains):
        role = "mentioned in"
    else:
        role = "also mentioned in"
    when = other.date.value.isoformat() if other.date.value else other.date.label()
    text = f"{role} {', '.join(articles)}: {other.title}, {when}"
    if ev.date.value is not None and other.date.value is not None:
        days = (other.date.value - ev.date.value).days
        if days == 0:
            text += " (same day)"
        else:
            unit = "day" if abs(days) == 1 else "days"
            text += f" ({abs(days)} {unit} {'after' if days > 0 else 'before'})"
    return text
