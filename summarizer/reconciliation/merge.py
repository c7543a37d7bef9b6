"""Reconcile: merge verified EventRecords from many articles into one Event per real event.

Clustering (summarizer/reconcile_cluster.py)
  Participants are compared as sets of canonical names (case folded). Two records fit when one
  set contains the other (a report naming 1 of 2 participants may join) and their modes agree:
  a record is *remote* (verified phone/video claims, or kind "call"), *in person* (a verified
  in_person claim, or kind visit) or *neutral* (meeting/talks/other, or claims that disagree);
  remote never fits in person, so a call never merges with an in-person meeting, while phone fits video.
  Linkage is complete: a record joins a cluster only if it fits every member, so a neutral or
  partial record can never glue two incompatible events together.
  1. Records with a full date are clustered per day, in a fixed order (most participants, best
     date method, then article id and index). A record joins the only cluster it fits, or of
     several the only one with exactly its participants; otherwise it starts its own (a {Xi}
     report on a day with a Putin-Xi and a Trump-Xi call cannot say which it belongs to).
  2. Single-day clusters one day apart merge when every cross pair is explained by a date
     resolved "relative" to publication on one side ("today" on 3 Feb vs "on Wednesday" on
     4 Feb): all the full dates of one of the two clusters are relative. Two clusters that both
     have a day written out ("11 жовтня" and "12 жовтня") are two events, such as two calls on
     consecutive days. A cluster merges at most once (biggest pairs first), so chains of days
     never become one event.
  3. A day+month without a year joins the only fitting cluster with that day and month within
     366 days before its article's publication; otherwise such records cluster among
     themselves per day+month (articles published > 300 days apart stay apart).
  4. An undated record joins a cluster only if it is its article's main event, its participant
     set equals the cluster's, and exactly one such cluster is dated in the 7 days before its
     publication. Otherwise it is an event of its own: an undated record never glues events;
     only the undated main records of articles published the same day about the same people
     are one event together.
  Steps 3 and 4 pick the cluster against a snapshot, then add records in record order,
  leaving out one that no longer fits the grown cluster.

Blocking
  Each record is indexed under every pair of its participants (or its one participant), and
  union-find over these keys splits the records into blocks no event can span; clustering runs
  per block, with day-indexed lookups inside, so the work is near linear.

Determinism and incremental runs
  Records are sorted by (article_id, index) before anything else; every tie is broken by
  stable keys, so the result does not depend on input order. Event ids are the chosen date,
  the participants and a hash of the first record key. A block's events are a pure function of
  the block's records, so `reconcile(all_records, existing=old_events)` reuses every old event
  of a block that gained no record (keys identify records; records must not change under the
  same key) and re-clusters only the blocks new records touch; relations are then rebuilt for
  all events. The result equals `reconcile(all_records)` (tested with hypothesis).

Choices (written into each Conflict.rule)
  Date: a stated date over relative/anchored over inferred over a model guess; then the date
  supported by more articles; then the reading from the article published closest to it; then
  the earlier date. Format: only verified claims count; a claim from an official source named
  in the text (OFFICIAL_SOURCE_MARKERS: the Kremlin, Xinhua, CCTV, governments, spokespeople)
  over secondary reports; then more articles; then the more specific format (in person, video,
  phone). Figures: more articles, then the latest publication. Speaker: more articles, then name.

Facts
  Statements (verified evidence only; the rest go to Event.unverified) merge when the speaker
  is the same and the normalised English text is equal, else the best rapidfuzz
  token_set_ratio >= 85 with neither text over twice as long. The same words credited to
  different speakers in different articles (token_sort_ratio >= 92 without the names) merge
  under one speaker with a "speaker" conflict. Figures group by quantity (token_sort_ratio
  >= 90) and unit; different amounts (parsed with scale words; qualifiers like "over" are
  ignored) are a "figure" conflict. Topics merge at token_set_ratio >= 90 and have no quote,
  so their facts carry verified=False.

Relations
  Events sharing an article are linked both ways (Relation), e.g. "mentioned in 004: Donald
  Trump – Xi Jinping phone call, 2025-01-17 (4 days before)".
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
