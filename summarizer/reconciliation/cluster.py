"""Blocking and clustering of verified records into events; the rules are in `summarizer.reconcile`."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field

from ..core.types import EventRecord

# Lower is more trustworthy; used to order records and to choose between dates.
METHOD_RANK = {"stated": 0, "relative": 1, "anchored": 1, "inferred": 2, "model": 3, "unknown": 4}
# A day+month without a year is read as the latest such day in this window before publication.
PARTIAL_WINDOW_DAYS = 366
# Two year-less dates from articles published this far apart are never the same event.
PARTIAL_PUB_GAP_DAYS = 300
# An undated main record may join a dated event this many days before its article's publication.
UNDATED_WINDOW_DAYS = 7
# An undated main record that fits several dated events of its people joins the one whose articles
# alone name at least this many of the other people, countries and organisations its article names,
# and this many times as many as any other's do (a call about Israel and Iran, not the one about
# Ukraine and Witkoff).
CONTEXT_SHARED = 2
CONTEXT_MARGIN = 2
# When no name tells them apart, the topic words its verified facts share with one event's reports
# alone (at least this many), each weighing the share of that event's reports that use it
# (`_shared_words`)...
CONTEXT_WORDS = 3
# ... weighing at least this much (a word every report of the event uses weighs 1), and at least
# CONTEXT_MARGIN times what any other event's reports share with it.
CONTEXT_WEIGHT = 1.0

REMOTE_FORMATS = frozenset({"phone", "video"})


def norm_name(name: str) -> str:
    """Comparison form of a canonical name: whitespace collapsed, case folded."""
    return " ".join(name.split()).casefold()


def record_mode(record: EventRecord) -> str:
    """'remote', 'in_person' or 'neutral', from verified format claims first, then the kind."""
    formats = {c.format for c in record.formats if c.verified and c.format != "unknown"}
    if formats:
        if formats <= REMOTE_FORMATS:
            return "remote"
        if formats == {"in_person"}:
            return "in_person"
        return "neutral"  # the article itself disagrees; let either side match
    if record.kind == "call" and not any(c.format != "unknown" for c in record.formats):
        # A call the model claims no format for. One whose every format claim failed (no words of
        # the article bear it out) is the model's guess, like "meeting": it matches either way.
        return "remote"
    # "meeting" alone says little: models (and outlets: "зустріч", "встреча") use it for video
    # talks too, so without a verified in-person claim it matches either way. A visit is in person.
    if record.kind == "visit":
        return "in_person"
    return "neutral"


@dataclass(eq=False)
class Rec:
    """A record with the comparison keys clustering needs, computed once."""

    record: EventRecord
    order: tuple[str, int]
    names: frozenset[str]
    ordinal: int | None
    month_day: tuple[int, int] | None
    relative: bool
    pub: int | None
    mode: str
    # What undated words still say of the day: a weekday ("vendredi"), a day of the month ("28日").
    weekday: int | None = None
    dom: int | None = None

    @classmethod
    def wrap(cls, record: EventRecord) -> Rec:
        d = record.date
        names = frozenset(n for n in (norm_name(p.canonical) for p in record.participants) if n)
        ordinal = d.value.toordinal() if d.value is not None else None
        month_day = None
        if ordinal is None and d.month and d.day:
            month_day = (d.month, d.day)
        return cls(
            record=record,
            order=(record.article_id, record.index),
            names=names,
            ordinal=ordinal,
            month_day=month_day,
            relative=d.method == "relative",
            pub=record.published.toordinal() if record.published else None,
            mode=record_mode(record),
            weekday=d.weekday if ordinal is None else None,
            dom=d.day if ordinal is None and not d.month else None,
        )

    @property
    def rank(self) -> int:
        return METHOD_RANK.get(self.record.date.method, 9)


@dataclass(eq=False)
class Cluster:
    """Records believed to report one event, with summaries for fast compatibility checks."""

    serial: int
    members: list[Rec] = field(default_factory=list)
    name_sets: set[frozenset[str]] = field(default_factory=set)
    modes: set[str] = field(default_factory=set)
    ordinals: set[int] = field(default_factory=set)
    # Publication days of full-dated records whose date was not relative: clusters that both
    # have such records may not merge one day apart.
    strict_pubs: set[int | None] = field(default_factory=set)
    pubs: set[int | None] = field(default_factory=set)

    def add(self, rec: Rec) -> None:
        self.members.append(rec)
        self.name_sets.add(rec.names)
        self.modes.add(rec.mode)
        self.pubs.add(rec.pub)
        if rec.ordinal is not None:
            self.ordinals.add(rec.ordinal)
            if not rec.relative:
                self.strict_pubs.add(rec.pub)

    def absorb(self, other: Cluster) -> None:
        for rec in other.members:
            self.add(rec)

    @property
    def top(self) -> frozenset[str]:
        """The largest participant set (members' sets are nested, so it is their union)."""
        return frozenset().union(*self.name_sets)

    @property
    def first(self) -> tuple[str, int]:
        return min(r.order for r in self.members)


def _names_fit(a: frozenset[str], b: frozenset[str]) -> bool:
    return a <= b or b <= a


def _modes_fit(a: set[str], b: set[str]) -> bool:
    return not (("remote" in a and "in_person" in b) or ("in_person" in a and "remote" in b))


def _sets_fit(a: Iterable[frozenset[str]], b: Iterable[frozenset[str]]) -> bool:
    return all(_names_fit(x, y) for x, y in itertools.product(a, b))


def fits(rec: Rec, cl: Cluster) -> bool:
    """Complete linkage: the record agrees with every member on participants and mode."""
    return _sets_fit((rec.names,), cl.name_sets) and _modes_fit({rec.mode}, cl.modes)


# ------------------------------------------------------------------------- blocking


def components(recs: list[Rec]) -> list[list[Rec]]:
    """Split records into blocks that can never share an event (union-find over name pairs)."""
    singles = {next(iter(r.names)) for r in recs if len(r.names) == 1}
    parent: dict[Hashable, Hashable] = {}

    def find(x: Hashable) -> Hashable:
        parent.setdefault(x, x)
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    anchors: list[Hashable] = []
    for i, r in enumerate(recs):
        keys: list[Hashable] = [("pair", *p) for p in itertools.combinations(sorted(r.names), 2)]
        keys += [("one", n) for n in sorted(r.names) if len(r.names) == 1 or n in singles]
        if not keys:
            keys = [("alone", i)]
        root = find(keys[0])
        for k in keys[1:]:
            other = find(k)
            if other != root:
                parent[other] = root
        anchors.append(keys[0])
    groups: dict[Hashable, list[Rec]] = defaultdict(list)
    for r, a in zip(recs, anchors, strict=True):
        groups[find(a)].append(r)
    out = [sorted(g, key=lambda r: r.order) for g in groups.values()]
    return sorted(out, key=lambda g: g[0].order)


# ----------------------------------------------------------------------- clustering


def _greedy(
    recs: list[Rec],
    day_of: Callable[[Rec], Hashable],
    serial: itertools.count[int],
    extra: Callable[[Rec, Cluster], bool] | None = None,
) -> list[Cluster]:
    """Same-day records join the best compatible cluster, in a fixed order of records."""
    order = sorted(recs, key=lambda r: (-len(r.names), r.rank, r.order))
    index: dict[tuple[Hashable, str], list[Cluster]] = defaultdict(list)
    clusters: list[Cluster] = []
    for rec in order:
        day = day_of(rec)
        seen: dict[int, Cluster] = {}
        for n in rec.names:
            for cl in index[(day, n)]:
                seen.setdefault(cl.serial, cl)
        fitting = [c for c in seen.values() if fits(rec, c) and (extra is None or extra(rec, c))]
        exact = [c for c in fitting if c.top == rec.names]
        # A record that fits several clusters (e.g. {Xi} on a day of a Putin-Xi and a
        # Trump-Xi call) cannot say which event it reports: it stays on its own.
        choice = fitting if len(fitting) == 1 else exact if len(exact) == 1 else []
        if choice:
            best = choice[0]
        else:
            best = Cluster(next(serial))
            clusters.append(best)
        new_names = rec.names - best.top
        best.add(rec)
        for n in new_names:
            index[(day, n)].append(best)
    return clusters


def _adjacent_fit(a: Cluster, b: Cluster) -> bool:
    return (
        _sets_fit(a.name_sets, b.name_sets)
        and _modes_fit(a.modes, b.modes)
        # Every cross pair needs a relative date ("today", "on Wednesday", "under way") to explain
        # the day between them: two articles that both write their day out report two days.
        and not (a.strict_pubs and b.strict_pubs)
    )


def _merge_adjacent(clusters: list[Cluster]) -> list[Cluster]:
    """Join single-day clusters one day apart when a relative date or publication day explains it."""
    index: dict[tuple[int, str], list[Cluster]] = defaultdict(list)
    for cl in clusters:
        (day,) = cl.ordinals
        for n in cl.top:
            index[(day, n)].append(cl)
    pairs: list[tuple[tuple[int, int, tuple[str, int], tuple[str, int]], Cluster, Cluster]] = []
    for a in clusters:
        (day,) = a.ordinals
        seen: dict[int, Cluster] = {}
        for n in a.top:
            for b in index.get((day + 1, n), ()):
                seen.setdefault(b.serial, b)
        for b in seen.values():
            if _adjacent_fit(a, b):
                size = len(a.members) + len(b.members)
                pairs.append(((-size, day, a.first, b.first), a, b))
    pairs.sort(key=lambda p: p[0])
    merged: set[int] = set()
    absorbed: set[int] = set()
    for _, a, b in pairs:
        # Each cluster merges at most once, so a chain of days cannot grow into one event.
        if a.serial in merged or b.serial in merged:
            continue
        a.absorb(b)
        merged.update((a.serial, b.serial))
        absorbed.add(b.serial)
    return [cl for cl in clusters if cl.serial not in absorbed]


def _attach(
    recs: list[Rec],
    clusters: list[Cluster],
    candidates: Callable[[Rec], Iterable[Cluster]],
    pick: Callable[[Rec, list[Cluster]], Cluster | None] | None = None,
) -> list[Rec]:
    """Give each record to its only fitting cluster (or, of several, the one `pick` picks), chosen
    against a snapshot of the clusters.

    Records are then added in record order; one that no longer fits the grown cluster (two
    year-less reports can each fit a cluster but not each other) stays out.
    """
    chosen: list[tuple[Rec, Cluster]] = []
    left: list[Rec] = []
    for rec in recs:
        found = {c.serial: c for c in candidates(rec) if fits(rec, c)}
        one = next(iter(found.values())) if len(found) == 1 else None
        if one is None and len(found) > 1 and pick is not None:
            one = pick(rec, sorted(found.values(), key=lambda c: c.serial))
        if one is not None:
            chosen.append((rec, one))
        else:
            left.append(rec)
    for rec, cl in chosen:
        if fits(rec, cl):
            cl.add(rec)
        else:
            left.append(rec)
    return sorted(left, key=lambda r: r.order)


def cluster_component(recs: list[Rec]) -> list[list[Rec]]:
    """Cluster one block's records into events; a pure function of the records it is given."""
    serial = itertools.count()
    full = [r for r in recs if r.ordinal is not None]
    partial = [r for r in recs if r.month_day is not None]
    undated = [r for r in recs if r.ordinal is None and r.month_day is None]

    clusters = _merge_adjacent(_greedy(full, lambda r: r.ordinal, serial))

    by_month_day: dict[tuple[tuple[int, int], str], list[Cluster]] = defaultdict(list)
    for cl in clusters:
        for o in sorted(cl.ordinals):
            md = _month_day(o)
            for n in cl.top:
                by_month_day[(md, n)].append(cl)

    def partial_candidates(rec: Rec) -> Iterable[Cluster]:
        assert rec.month_day is not None
        for n in rec.names:
            for cl in by_month_day.get((rec.month_day, n), ()):
                if rec.pub is None or any(
                    rec.pub - PARTIAL_WINDOW_DAYS <= o <= rec.pub + 1
                    for o in cl.ordinals
                    if _month_day(o) == rec.month_day
                ):
                    yield cl

    # A year-less date whose weekday falls on no event of its people that day ("в понедельник,
    # 8 августа", where their call of 8 August was a Friday) is contradicted by its own words: the
    # record is placed as an undated one, by its people, its format and its weekday.
    contradicted = [r for r in partial if _weekday_contradicted(r, by_month_day)]
    for rec in contradicted:
        rec.month_day = None
    partial = [r for r in partial if r.month_day is not None]
    undated = sorted(undated + contradicted, key=lambda r: r.order)
    partial_left = _attach(partial, clusters, partial_candidates)
    clusters += _greedy(partial_left, lambda r: r.month_day, serial, extra=_pubs_close)

    clusters += _place_undated(undated, clusters, serial)
    groups = [sorted(cl.members, key=lambda r: r.order) for cl in clusters]
    return sorted(groups, key=lambda g: g[0].order)


def _place_undated(undated: list[Rec], clusters: list[Cluster], serial: itertools.count[int]) -> list[Cluster]:
    """Undated records into the dated clusters they join (step 4 of docs/reconciliation.md); the new
    clusters of the rest."""
    fresh: list[Cluster] = []
    by_day: dict[int, list[Cluster]] = defaultdict(list)
    for cl in clusters:
        for o in cl.ordinals:
            by_day[o].append(cl)

    def undated_candidates(rec: Rec) -> Iterable[Cluster]:
        if not rec.record.main:
            return
        if rec.pub is None:
            # Nothing dates the article: the batch it came in is its only window. It joins the one
            # dated event that has all its people there (a report may name fewer than took part,
            # not more); of several, the one whose articles name what its own names besides them,
            # clearly more than the others' (`_by_context`), else none. A weekday or a day of the
            # month its words name ("vendredi", "28日") picks those of its candidates held on such a
            # day, when some are.
            found = [cl for cl in clusters if cl.ordinals and rec.names <= cl.top]
            on_day = [cl for cl in found if any(_on_day(rec, o) for o in cl.ordinals)]
            yield from _mains_first(on_day or found)
            return
        # A dated event in the days before publication that has all its people (a report may
        # name fewer than took part: Modi and Putin of their talks with Xi at the SCO summit).
        yield from _mains_first([cl for o in range(rec.pub - UNDATED_WINDOW_DAYS, rec.pub + 1)
                                 for cl in by_day.get(o, ()) if rec.names <= cl.top])

    # Left over: undated main records of articles published the same day about the same people
    # are one event (each article's own, reported the same day); any other undated record stands
    # alone, but for those of articles nothing dates (below).
    # Main records that nothing dates (no publication date either), about people no dated event of
    # the batch has: one event of those people, as the one dated event would be.
    dated_tops = {cl.top for cl in clusters}
    same_day: dict[tuple[frozenset[str], int | None], Cluster] = {}
    # Those placed tell the others' events apart (their words become the events' words): again,
    # until a round places none.
    left, placed = undated, -1
    while placed != 0:
        before = len(left)
        left = _attach(left, clusters, undated_candidates, _by_context)
        placed = before - len(left)
    for rec in left:
        key: tuple[frozenset[str], int | None] | None = None
        if rec.record.main and (rec.pub is not None or rec.names not in dated_tops):
            key = (rec.names, rec.pub)
        found = same_day.get(key) if key is not None else None
        if found is not None and not fits(rec, found):
            found = None  # a call and a visit of the same people that day are two events
        if found is None:
            found = Cluster(next(serial))
            fresh.append(found)
            if key is not None:
                same_day[key] = found
        found.add(rec)
    return fresh


def _weekday_contradicted(rec: Rec, by_month_day: dict[tuple[tuple[int, int], str], list[Cluster]]) -> bool:
    """The record's year-less day and weekday match no dated event of its people on that day,
    though there are such events."""
    if rec.weekday is None or rec.month_day is None:
        return False
    days = [o for n in rec.names for cl in by_month_day.get((rec.month_day, n), ())
            for o in cl.ordinals if _month_day(o) == rec.month_day]
    return bool(days) and all(dt.date.fromordinal(o).weekday() != rec.weekday for o in days)


def _mains_first(found: list[Cluster]) -> list[Cluster]:
    """The candidates some article reports as its main event, when there are such: an event only
    mentioned in passing (a meeting the day before) is no undated report's own, beside one that is."""
    mains = [cl for cl in found if any(m.record.main for m in cl.members)]
    return mains or found


def _on_day(rec: Rec, ordinal: int) -> bool:
    """Is the day `ordinal` one the record's undated words name (its weekday, its day of the month)?"""
    if rec.weekday is None and rec.dom is None:
        return False
    day = dt.date.fromordinal(ordinal)
    return (rec.weekday is None or day.weekday() == rec.weekday) and (rec.dom is None or day.day == rec.dom)


def _by_context(rec: Rec, candidates: list[Cluster]) -> Cluster | None:
    """Of several dated events of an undated record's people, the one whose articles alone name
    clearly the most of what its article names besides them (CONTEXT_SHARED, CONTEXT_MARGIN), or
    None. Names all candidates' articles name tell nothing apart."""
    # Names are read off the dated reports only: an undated one placed in an earlier round names
    # what its own article names, not what marks the event.
    (best, cl), (second, _) = _exclusive(set(rec.record.named), [
        (cl, set().union(*(m.record.named for m in cl.members if m.ordinal is not None))) for cl in candidates
    ])[:2]
    if best >= CONTEXT_SHARED and best >= CONTEXT_MARGIN * second:
        return cl
    # The names do not tell them apart (none, or too few either way): what its verified facts say
    # (their topic words, the same test: "energy infrastructure" and "30 days" against "memorandum"
    # and "Vatican"; "75th birthday" against "tariffs").
    (weight, words, cl), (other, _, _) = _shared_words(_topic_words(rec.record), candidates)[:2]
    return cl if words >= CONTEXT_WORDS and weight >= CONTEXT_WEIGHT and weight >= CONTEXT_MARGIN * other else None


def _shared_words(own: set[str], candidates: list[Cluster]) -> list[tuple[float, int, Cluster]]:
    """(the weight of `own`'s topic words that one candidate's reports use and no other's do, the
    candidate), most first. A word weighs the share of the candidate's reports that use it: what
    every report of an event says ("75th birthday") marks it, what one outlet alone says
    ("according to") hardly does."""
    words = [[_topic_words(m.record) for m in cl.members] for cl in candidates]
    scores = []
    for i, cl in enumerate(candidates):
        others = set().union(*(w for j, ws in enumerate(words) if j != i for w in ws))
        counts = Counter(w for ws in words[i] for w in ws if w in own and w not in others)
        scores.append((sum(counts.values()) / max(1, len(words[i])), len(counts), cl))
    return sorted(scores, key=lambda t: (-t[0], t[2].serial))


def _exclusive(own: set[str], candidates: list[tuple[Cluster, set[str]]]) -> list[tuple[int, Cluster]]:
    """(how many of `own` each candidate's set alone holds, the candidate), most first."""
    scores = []
    for i, (cl, mine) in enumerate(candidates):
        others = set().union(*(n for j, (_, n) in enumerate(candidates) if j != i))
        scores.append((len(own & (mine - others)), cl))
    return sorted(scores, key=lambda t: (-t[0], t[1].serial))


_TOPIC_WORD = re.compile(r"[a-z]{5,}")
# Words of any report of a meeting or call: they tell no event from another.
_COMMON = frozenset(
    "about after against agreed again along already among announced another because before being "
    "between called could countries country discussed during earlier either every first former "
    "further itself leaders meeting other people president presidents relations russian said "
    "should since sides still talks their there these they those three through today together "
    "towards under until various which while would conversation telephone phone video".split()
)


def _topic_words(record: EventRecord) -> set[str]:
    """Stems (first six letters) of the content words of a record's verified statements."""
    out: set[str] = set()
    for st in record.statements:
        if st.verified:
            out |= {w[:6] for w in _TOPIC_WORD.findall(st.text_en.casefold()) if w not in _COMMON}
    return out


def _pubs_close(rec: Rec, cl: Cluster) -> bool:
    if rec.pub is None:
        return True
    return all(p is None or abs(p - rec.pub) <= PARTIAL_PUB_GAP_DAYS for p in cl.pubs)


def _month_day(ordinal: int) -> tuple[int, int]:
    d = dt.date.fromordinal(ordinal)
    return (d.month, d.day)
