"""Property tests for reconcile: input order never matters; incremental equals all at once."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarizer.core.types import (
    EventDate,
    EventRecord,
    Evidence,
    Figure,
    FormatClaim,
    Name,
    Span,
    Statement,
)
from summarizer.reconciliation.cluster import record_mode
from summarizer.reconciliation.merge import reconcile, reconcile_incremental

PEOPLE = ["Vladimir Putin", "Xi Jinping", "Donald Trump", "Wang Yi"]
DAYS = [dt.date(2026, 2, 1) + dt.timedelta(days=i) for i in range(5)] + [dt.date(2025, 2, 3)]
SAYINGS = [
    "relations are developing in the right direction",
    "Relations are developing in the right direction.",
    "the partnership is a stabilising factor in the world",
    "trade reached a record level this year",
]
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _evidence(verified: bool, quote: str) -> Evidence:
    return Evidence(quote=quote, span=Span(start=0, end=len(quote)) if verified else None)


@st.composite
def dates(draw: st.DrawFn) -> EventDate:
    shape = draw(st.sampled_from(["full", "full", "full", "partial", "none"]))
    d = draw(st.sampled_from(DAYS))
    if shape == "full":
        method = draw(st.sampled_from(["stated", "relative", "anchored", "inferred", "model"]))
        return EventDate.model_validate(
            {"text": "x", "value": d, "month": d.month, "day": d.day, "year_known": True, "method": method}
        )
    if shape == "partial":
        return EventDate(text="y", month=d.month, day=d.day, method="stated")
    return EventDate(method="unknown")


@st.composite
def records_for(draw: st.DrawFn, article: str) -> list[EventRecord]:
    published = draw(st.sampled_from([None, *DAYS]))
    out = []
    for index in range(draw(st.integers(1, 3))):
        people = draw(st.lists(st.sampled_from(PEOPLE), min_size=1, max_size=3, unique=True))
        formats = [
            FormatClaim.model_validate({"format": f, "source": s, "evidence": _evidence(v, f"{f} q{i}")})
            for i, (f, s, v) in enumerate(
                draw(
                    st.lists(
                        st.tuples(
                            st.sampled_from(["phone", "video", "in_person", "unknown"]),
                            st.sampled_from(["", "Kremlin", "a blog"]),
                            st.booleans(),
                        ),
                        max_size=2,
                    )
                )
            )
        ]
        statements = [
            Statement(
                speaker=Name(as_written=p, canonical=p),
                text_en=t,
                evidence=_evidence(v, f"{article}-{index}-{i}"),
            )
            for i, (p, t, v) in enumerate(
                draw(
                    st.lists(
                        st.tuples(st.sampled_from(PEOPLE[:2]), st.sampled_from(SAYINGS), st.booleans()),
                        max_size=3,
                    )
                )
            )
        ]
        figures = [
            Figure(quantity=q, value=v, evidence=_evidence(ok, f"{q} {v}"))
            for q, v, ok in draw(
                st.lists(
                    st.tuples(
                        st.sampled_from(["trade turnover", "gas supplies"]),
                        st.sampled_from(["$200 billion", "$220 bn", "7%"]),
                        st.booleans(),
                    ),
                    max_size=2,
                )
            )
        ]
        out.append(
            EventRecord(
                article_id=article,
                index=index,
                kind=draw(st.sampled_from(["call", "meeting", "visit", "talks", "other"])),
                main=draw(st.booleans()),
                participants=[Name(as_written=p, canonical=p) for p in people],
                date=draw(dates()),
                formats=formats,
                statements=statements,
                figures=figures,
                published=published,
            )
        )
    return out


@st.composite
def corpora(draw: st.DrawFn) -> list[EventRecord]:
    n = draw(st.integers(0, 7))
    recs = [r for i in range(n) for r in draw(records_for(f"{i:03d}.txt"))]
    return draw(st.permutations(recs))


@SETTINGS
@given(recs=corpora(), data=st.data())
def test_input_order_does_not_matter(recs: list[EventRecord], data: st.DataObject) -> None:
    shuffled = data.draw(st.permutations(recs))
    assert reconcile(shuffled) == reconcile(recs)


@SETTINGS
@given(recs=corpora(), data=st.data())
def test_incremental_equals_all_at_once(recs: list[EventRecord], data: st.DataObject) -> None:
    cut = data.draw(st.integers(0, len(recs)))
    first, rest = recs[:cut], recs[cut:]
    assert reconcile_incremental(reconcile(first), first, rest) == reconcile(recs)


@SETTINGS
@given(recs=corpora(), data=st.data())
def test_incremental_in_three_steps(recs: list[EventRecord], data: st.DataObject) -> None:
    a, b = sorted(data.draw(st.lists(st.integers(0, len(recs)), min_size=2, max_size=2)))
    events = reconcile(recs[:a])
    events = reconcile_incremental(events, recs[:a], recs[a:b])
    events = reconcile_incremental(events, recs[:b], recs[b:])
    assert events == reconcile(recs)


@SETTINGS
@given(recs=corpora())
def test_events_are_consistent(recs: list[EventRecord]) -> None:
    events = reconcile(recs)
    by_key = {r.key: r for r in recs}
    keys = [k for e in events for k in e.records]
    assert sorted(keys) == sorted(by_key)  # every record in exactly one event
    assert len({e.id for e in events}) == len(events)
    ids = {e.id for e in events}
    for e in events:
        members = [by_key[k] for k in e.records]
        assert e.articles == sorted({m.article_id for m in members})
        assert e.main == any(m.main for m in members)
        names = [frozenset(p.canonical for p in m.participants) for m in members]
        assert all(a <= b or b <= a for a, b in itertools.combinations(names, 2))
        values = sorted({m.date.value for m in members if m.date.value})
        assert not values or (values[-1] - values[0]).days <= 1
        # A call never merges with an in-person meeting (modes come from verified claims, then kind).
        assert not {"remote", "in_person"} <= {record_mode(m) for m in members}
        assert all(s.span is not None for f in e.facts for s in f.sources)
        assert all(s.span is None for f in e.unverified for s in f.sources)
        assert all(r.event_id in ids and r.event_id != e.id for r in e.related)
        if len(values) > 1:
            assert any(c.field == "date" for c in e.conflicts)
