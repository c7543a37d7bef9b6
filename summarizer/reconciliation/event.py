"""One merged Event from the records of one cluster: date, format, kind, title, id, conflicts."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence

from ..core.types import Conflict, ConflictSide, Event, EventDate, EventKind, EventRecord, Format, SourceRef
from ..lang import phrase_bodies, unspaced, words
from .cluster import METHOD_RANK, norm_name
from .copies import articles_and_reports, independent
from .facts import build_facts, dedupe_sources, tags_of
from .summaries import event_summary

DATE_RULE = (
    "a stated date over a relative or anchored one over an inferred one over a model guess; "
    "then the date supported by more articles (independent reports: copies of one text count once); "
    "then the reading from the article published "
    "closest to it; then the earlier date"
)
FORMAT_RULE = (
    "a format given by an official source named in the text (the Kremlin, Xinhua, CCTV, a "
    "government, a spokesperson) over one only in secondary reports; then the format claimed "
    "by more articles (independent reports); then the more specific format (in person, video, "
    "phone), because outlets call any remote call a phone call"
)

# Regex fragments, matched case-insensitively at a word start in a format claim's source or quote:
# every language pack's `figures.official_sources` (a claim's source may be in any language).
# Extend with reconcile(..., official_markers=[...]).
OFFICIAL_SOURCE_MARKERS: tuple[str, ...] = tuple(
    body + ("" if phrase.endswith("*") or unspaced(phrase) else r"(?!\w)")
    for phrase, body in phrase_bodies(words(None, "figures.official_sources"))
)
_FORMAT_SPECIFICITY = {"in_person": 3, "video": 2, "phone": 1}
_KIND_ORDER: tuple[EventKind, ...] = ("call", "meeting", "visit", "talks", "other")
_NOUNS = {"call": "call", "meeting": "meeting", "visit": "visit", "talks": "talks", "other": "event"}


def official_pattern(extra: Sequence[str] = ()) -> re.Pattern[str]:
    """One regex for the default markers plus any given (plain words or regex fragments)."""
    parts = list(OFFICIAL_SOURCE_MARKERS) + list(extra)
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")", re.IGNORECASE)


_DEFAULT_OFFICIAL = official_pattern()


def _date_ref(rec: EventRecord) -> SourceRef:
    return SourceRef(article_id=rec.article_id, quote=rec.date.text or "", span=None)


def _date_sides(records: Sequence[EventRecord]) -> dict[object, list[EventRecord]]:
    """The dates the records give, each with the records that give it; a day and month with no
    year joins the full date it matches, or stands alone when no record gives a full date."""
    full: dict[object, list[EventRecord]] = {}
    for rec in records:
        if rec.date.value is not None:
            full.setdefault(rec.date.value, []).append(rec)
    partial = [r for r in records if r.date.value is None and r.date.month and r.date.day]
    sides: dict[object, list[EventRecord]] = {}
    if full:
        sides = {v: list(rs) for v, rs in full.items()}
        for rec in partial:
            same = [v for v in full if (v.month, v.day) == (rec.date.month, rec.date.day)]  # type: ignore[attr-defined]
            for v in same:
                sides[v].append(rec)
            if not same:  # a day and month that no full date has: a side of its own, in conflict
                sides.setdefault((rec.date.month, rec.date.day), []).append(rec)
    else:
        for rec in partial:
            sides.setdefault((rec.date.month, rec.date.day), []).append(rec)
    return sides


def _closeness(rec: EventRecord) -> int:
    if rec.published is None or rec.date.value is None:
        return 10**6
    return abs((rec.published - rec.date.value).days)


def _choose_date(records: Sequence[EventRecord]) -> tuple[EventDate, list[SourceRef], list[Conflict]]:
    sides = _date_sides(records)
    if not sides:
        undated = min(records, key=lambda r: (METHOD_RANK.get(r.date.method, 9), r.article_id, r.index))
        return undated.date, [], []

    def score(v: object) -> tuple[int, int, int, int, object]:
        # Best method, then independent articles, then how many of them give the day in full (a day
        # and month alone, "samedi 16 août", leaves its year to a guess), then nearness to publication.
        rs = sides[v]
        rank = min(METHOD_RANK.get(r.date.method, 9) for r in rs)
        full = independent(r.article_id for r in rs if r.date.value is not None)
        return (rank, -independent(r.article_id for r in rs), -full, min(_closeness(r) for r in rs), _date_text(v))

    chosen = min(sides, key=score)
    best = min(sides[chosen], key=lambda r: (METHOD_RANK.get(r.date.method, 9), _closeness(r), r.article_id, r.index))
    refs = {v: dedupe_sources([_date_ref(r) for r in rs]) for v, rs in sides.items()}
    # An article whose own words give two dates ("во вторник, 8 октября", that Tuesday being the
    # 7th) adds its other reading as a side; it does not vote for the chosen date.
    contradicted: dict[object, list[SourceRef]] = {}
    for rec in records:
        for other in rec.date.also:
            ref = SourceRef(article_id=rec.article_id, quote=other.text, span=None)
            (refs[other.value] if other.value in refs else contradicted.setdefault(other.value, [])).append(ref)
    refs = {v: dedupe_sources(rs) for v, rs in {**refs, **contradicted}.items()}
    if len(refs) == 1:
        return best.date, refs[chosen], []
    ordered = sorted(sides, key=score) + sorted(contradicted, key=str)
    return best.date, refs[chosen], [_date_conflict(ordered, sides, refs, chosen)]


def _date_conflict(ordered: list[object], sides: dict[object, list[EventRecord]],
                   refs: dict[object, list[SourceRef]], chosen: object) -> Conflict:
    def side_text(v: object) -> str:
        articles = sorted({s.article_id for s in refs[v]})
        if v in sides:
            return f"{_date_text(v)} ({articles_and_reports(articles)})"
        return f"{_date_text(v)} (also in the words of {', '.join(articles)})"

    return Conflict(
        field="date",
        description="Sources disagree on the date: " + " vs ".join(side_text(v) for v in ordered),
        sides=[ConflictSide(value=_date_text(v), sources=refs[v]) for v in ordered],
        chosen=_date_text(chosen),
        rule=DATE_RULE,
    )


def _date_text(v: object) -> str:
    if isinstance(v, tuple):
        return f"{v[1]:02d}-{v[0]:02d} (year unknown)"
    return v.isoformat()  # type: ignore[attr-defined]


def _choose_format(
    records: Sequence[EventRecord], official: re.Pattern[str]
) -> tuple[Format, list[SourceRef], list[Conflict]]:
    claims: dict[str, list[tuple[SourceRef, bool, str]]] = {}
    for rec in records:
        for c in rec.formats:
            if not c.verified or c.format == "unknown":
                continue  # only verified claims count: found, and stating this format
            is_official = bool(official.search(c.source) or official.search(c.evidence.quote))
            ref = SourceRef(article_id=rec.article_id, quote=c.evidence.quote, span=c.evidence.span)
            claims.setdefault(c.format, []).append((ref, is_official, c.source.strip()))
    if not claims:
        return "unknown", [], []

    def score(fmt: str) -> tuple[bool, int, int]:
        cs = claims[fmt]
        articles = independent(ref.article_id for ref, _, _ in cs)
        return (any(o for _, o, _ in cs), articles, _FORMAT_SPECIFICITY.get(fmt, 0))

    ordered = sorted(claims, key=score, reverse=True)
    chosen = ordered[0]
    refs = {f: dedupe_sources([ref for ref, _, _ in claims[f]]) for f in claims}
    conflicts: list[Conflict] = []
    if len(claims) > 1:

        def who(fmt: str) -> str:
            names = sorted({src for _, _, src in claims[fmt] if src}) or ["unnamed source"]
            arts = sorted({ref.article_id for ref in refs[fmt]})
            return f"{fmt} per {', '.join(names)} ({', '.join(arts)})"

        conflicts.append(
            Conflict(
                field="format",
                description="Sources disagree on the format: " + " vs ".join(who(f) for f in ordered),
                sides=[ConflictSide(value=f, sources=refs[f]) for f in ordered],
                chosen=chosen,
                rule=FORMAT_RULE,
            )
        )
    return chosen, refs[chosen], conflicts  # type: ignore[return-value]


def _choose_kind(records: Sequence[EventRecord]) -> EventKind:
    """The most reported specific kind (call, meeting, visit); else talks; else other."""
    counts = {k: sum(1 for r in records if r.kind == k) for k in _KIND_ORDER}
    specific = [k for k in _KIND_ORDER[:3] if counts[k]]
    if specific:
        return max(specific, key=lambda k: (counts[k], -_KIND_ORDER.index(k)))
    return "talks" if counts["talks"] else "other"


# A person only one article gives as taking part, when at least this many others give the event's
# people and none of them names that person, is outvoted: one report's slip (Xi beside the
# Modi-Putin talks at the SCO summit), not a side.
OUTVOTED_BY = 3


def _participants(records: Sequence[EventRecord]) -> tuple[list[str], list[SourceRef]]:
    """The event's people (the union of its records': a report may name fewer than took part),
    less any outvoted one (`OUTVOTED_BY`), with a note for each of those."""
    shown: dict[str, str] = {}
    by: dict[str, set[str]] = {}
    for rec in records:
        for p in rec.participants:
            key = norm_name(p.canonical)
            if key:
                shown.setdefault(key, " ".join(p.canonical.split()))
                by.setdefault(key, set()).add(rec.article_id)
    giving = {r.article_id for r in records if r.participants}
    out = {k for k, arts in by.items() if len(arts) == 1 and len(giving - arts) >= OUTVOTED_BY}
    if len(shown) - len(out) < 2:
        out = set()
    notes = [SourceRef(article_id=next(iter(by[k])), note=f"{shown[k]} is not counted as taking part: only this "
                       f"report says so, and {len(giving - by[k])} others name the event's people without them")
             for k in sorted(out)]
    return [shown[k] for k in sorted(shown) if k not in out], notes


def make_title(participants: Sequence[str], kind: EventKind, fmt: Format) -> str:
    """Short English title, e.g. 'Vladimir Putin – Xi Jinping video call'."""
    names = list(participants)
    if len(names) > 4:
        who = ", ".join(names[:3]) + f" and {len(names) - 3} others"
    else:
        who = " – ".join(names) or "Unnamed participants"
    adjective = {"phone": "phone ", "video": "video "}.get(fmt, "")
    if kind == "visit":
        adjective = ""
    return f"{who} {adjective}{_NOUNS[kind]}"


def _slug(names: Sequence[str]) -> str:
    ascii_ = unicodedata.normalize("NFKD", "+".join(names)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9+]+", "-", ascii_.casefold()).strip("-+")
    return slug[:48].rstrip("-+") or "event"


def make_id(date: EventDate, participants: Sequence[str], first_key: str) -> str:
    """Readable, content-derived id: date, participants and a hash of the first record key."""
    if date.value is not None:
        day = date.value.isoformat()
    elif date.month and date.day:
        day = f"xxxx-{date.month:02d}-{date.day:02d}"
    else:
        day = "undated"
    digest = hashlib.sha1(first_key.encode("utf-8")).hexdigest()[:8]
    return f"{day}_{_slug(participants)}_{digest}"


UNDATED_JOINED = (
    "joined to this event by its people and what it reports: the article gives neither the event's date "
    "nor its own, and of the dated events of these people among the articles read together this is the "
    "only one, or the one whose articles name clearly the most of the other people, countries and "
    "organisations it names"
)


UNDATED_GROUPED = (
    "grouped with the other reports of this event by their people alone: none of these articles gives "
    "the event's date or its own, and no dated event of these people is among the articles read together"
)


def _joined_undated(records: Sequence[EventRecord], date: EventDate) -> list[SourceRef]:
    """A note for each main record that nothing dates, joined to others by its people (cluster.py)."""
    alone = [r for r in records
             if r.main and r.published is None and r.date.value is None and not (r.date.month and r.date.day)]
    if date.value is not None or (date.month and date.day):
        return [SourceRef(article_id=r.article_id, note=UNDATED_JOINED) for r in alone]
    if len({r.article_id for r in alone}) < 2:
        return []
    return [SourceRef(article_id=r.article_id, note=UNDATED_GROUPED) for r in alone]


def build_event(records: Sequence[EventRecord], official: re.Pattern[str] = _DEFAULT_OFFICIAL) -> Event:
    """Merge one cluster's records (any order) into an Event without relations."""
    records = sorted(records, key=lambda r: (r.article_id, r.index))
    date, date_sources, date_conflicts = _choose_date(records)
    fmt, format_sources, format_conflicts = _choose_format(records, official)
    facts, unverified, fact_conflicts = build_facts(records)
    kind = _choose_kind(records)
    if fmt == "phone" and kind in ("meeting", "talks", "other"):
        kind = "call"  # the verified format says what the models' "meeting" was: a phone call
    participants, outvoted = _participants(records)
    event = Event(
        id=make_id(date, participants, records[0].key),
        kind=kind,
        title=make_title(participants, kind, fmt),
        main=any(r.main for r in records),
        participants=participants,
        date=date,
        date_sources=date_sources,
        format=fmt,
        format_sources=format_sources,
        facts=facts,
        unverified=unverified,
        conflicts=date_conflicts + format_conflicts + fact_conflicts,
        articles=sorted({r.article_id for r in records}),
        reported_by=sorted({r.article_id for r in records if r.main}),
        records=[r.key for r in records],
        checks=[SourceRef(article_id=r.article_id, note=c) for r in records for c in r.checks]
        + _joined_undated(records, date) + outvoted,
        tags=tags_of(facts, participants),
    )
    return event.model_copy(update={"summary": event_summary(event)})
