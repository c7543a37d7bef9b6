"""Copies counted once: one wire story reprinted by several outlets is one independent report."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from fakes import FakeClient, article_of, completion
from faultserver import is_translation, numbered
from test_reconcile import day, evidence, fmt, record

from summarizer.briefing import render
from summarizer.core.settings import Settings
from summarizer.core.types import Briefing, EventRecord, Figure
from summarizer.ingest import collect_items, load
from summarizer.pipeline import Summarizer
from summarizer.reconciliation import group_copies
from summarizer.reconciliation.copies import COPY_THRESHOLD, jaccard, shingles
from summarizer.reconciliation.merge import reconcile

DATA = Path(__file__).resolve().parents[1] / "data" / "copies"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"
WIRE = ("wire.txt", "wire_cut.txt", "wire_reprint.txt")  # the same wire text, lightly edited
OWN = ("other_report.txt", "own_report.txt")  # two outlets' own reporting of the same call


def texts(folder: Path) -> dict[str, str]:
    return {item.id: load(item).text for item in collect_items([folder])}


def test_reprints_with_minor_edits_are_grouped_and_own_reports_are_not() -> None:
    groups = group_copies(texts(DATA))
    assert groups == {"wire.txt": "wire.txt", "wire_cut.txt": "wire.txt", "wire_reprint.txt": "wire.txt"}
    found = texts(DATA)
    for own in OWN:
        assert all(jaccard(shingles(found[own]), shingles(found[w])) < 0.1 for w in WIRE)


def test_the_seeds_are_five_independent_reports() -> None:
    # 000, 001 and 003 report the same call in their own words: never copies of each other
    assert group_copies(texts(SEEDS)) == {}


def test_grouping_is_transitive_and_keeps_the_input_order() -> None:
    base = " ".join(f"слово{i}" for i in range(60))
    edited = base.replace("слово10 ", "інше ").replace("слово40 ", "ще ")
    further = edited.replace("слово20 ", "третє ")
    groups = group_copies({"z.txt": further, "a.txt": base, "m.txt": edited, "b.txt": "Зовсім інший текст про інше."})
    assert groups == {"z.txt": "z.txt", "a.txt": "z.txt", "m.txt": "z.txt"}  # the first given stands for them


def test_the_threshold_sits_between_copies_and_rewrites() -> None:
    words = [f"w{i}" for i in range(100)]
    half = words[:50] + [f"x{i}" for i in range(50)]  # half of the text rewritten
    assert jaccard(shingles(" ".join(words)), shingles(" ".join(half))) < COPY_THRESHOLD
    assert group_copies({"a": " ".join(words), "b": " ".join(half)}) == {}


# --------------------------------------------------------------- reconciliation


def _records(phone: tuple[str, ...], video: tuple[str, ...]) -> list[EventRecord]:
    people = ["Volodymyr Zelensky", "Emmanuel Macron"]
    recs = [record(a, 0, people, day("2026-02-04", text="4 лютого"), formats=[fmt(a, "phone", "телефонну розмову")],
                   figures=[figure(a, "$2 billion")]) for a in phone]
    recs += [record(b, 0, people, day("2026-02-04", text="4 лютого"), formats=[fmt(b, "video", "відеозв'язку")],
                    figures=[figure(b, "$3 billion")]) for b in video]
    return recs


def figure(article: str, value: str) -> Figure:
    return Figure(quantity="military aid", value=value, evidence=evidence(article, value))


def test_conflicts_are_decided_by_independent_reports_not_copies() -> None:
    recs = _records(WIRE, OWN)
    (plain,) = reconcile(recs)  # five articles: three say phone and $2 billion, two video and $3 billion
    assert plain.format == "phone"
    assert next(c for c in plain.conflicts if c.field == "figure").chosen == "$2 billion"
    (counted,) = reconcile(recs, copies={w: "wire.txt" for w in WIRE})  # the three are one report
    assert counted.format == "video"
    figure_conflict = next(c for c in counted.conflicts if c.field == "figure")
    assert figure_conflict.chosen == "$3 billion"
    assert "independent reports" in figure_conflict.rule
    assert sorted(counted.articles) == sorted(WIRE + OWN)  # every copy stays listed


# ------------------------------------------------------------------- end to end

_DATE = re.compile(r"4 лютого")
_SAID = {  # words of Zelensky's each article quotes, and their English
    "Ми домовилися": "We agreed to coordinate our steps with partners and to increase pressure on Russia.",
    "за словами": "Zelensky said the conversation was substantive and concrete.",
    "очікує рішень": "Zelensky said he expects decisions from the partners in the coming days.",
}
_SENTENCES = re.compile(r"(?<=[.!?])\s+")


def _sentence(text: str, *words: str) -> str:
    flat = " ".join(text.split())
    return next(s for s in _SENTENCES.split(flat) if all(w in s for w in words))


def responder(body: dict[str, Any]) -> Any:
    """A careful model: one call, the sentence of its date words and of the phone claim, and
    Zelensky's words; translated faithfully when asked."""
    rows = numbered(article_of(body))
    if is_translation(body):
        said = [{"sent": n, "by": "Зеленський", "en": next(en for k, en in _SAID.items() if k in text)}
                for n, text in rows if any(k in text for k in _SAID)]
        return completion(json.dumps({"said": said}, ensure_ascii=False))

    def first(*words: str) -> int:
        return next(n for n, text in rows if all(w in text for w in words))

    date = first(_DATE.pattern)
    key = next(k for k in _SAID if any(k in text for _, text in rows))
    answer = {"events": [{
        "kind": "call", "main": True, "who": ["Володимир Зеленський", "Еммануель Макрон"], "date": date,
        "formats": [{"format": "phone", "sent": first("телефон")}],
        "said": [{"sent": [first(key)], "by": "Володимир Зеленський"}],
    }]}
    return completion(json.dumps(answer, ensure_ascii=False))


@pytest.fixture
def briefing(tmp_path: Path) -> Briefing:
    settings = Settings(model="fake", api_key="sk-x", cache_dir=tmp_path / "cache", concurrency=2)
    return Summarizer(settings, client=FakeClient(responder)).brief([DATA])


def test_one_wire_story_three_times_and_two_own_reports_is_one_event_from_three_reports(
    briefing: Briefing,
) -> None:
    assert not briefing.run.failed
    (event,) = [e for e in briefing.events if e.main]
    assert sorted(event.articles) == sorted(WIRE + OWN)
    copy_of = {s.id: s.copy_of for s in briefing.sources}
    assert copy_of == {"other_report.txt": None, "own_report.txt": None, "wire.txt": None,
                       "wire_cut.txt": "wire.txt", "wire_reprint.txt": "wire.txt"}
    md = render(briefing, "md")
    assert "(5 articles from 3 independent reports)" in md
    sources = md.split("\n## Sources\n", 1)[1]
    numbers = {s.id: n for n, s in enumerate(briefing.sources, 1)}
    for copy in ("wire_cut.txt", "wire_reprint.txt"):  # each copy listed, and said to be one
        line = next(x for x in sources.splitlines() if f"`{copy}`" in x)
        assert f"a copy of [{numbers['wire.txt']}]" in line
    html = render(briefing, "html")
    assert "(5 articles from 3 independent reports)" in html
    assert html.count('class="src-copy"') == 2


def test_a_statement_carried_by_copies_counts_once(briefing: Briefing, tmp_path: Path) -> None:
    (event,) = [e for e in briefing.events if e.main]
    statements = [f for f in event.facts if f.kind == "statement"]
    wire = next(f for f in statements if f.text_en.startswith("We agreed"))
    assert {s.article_id for s in wire.sources} == set(WIRE)  # each copy still cites its own words
    # Three copies are one report, as each own report is: the wire's words no longer come first.
    assert statements[0].sources[0].article_id == "other_report.txt"
    st = Settings(model="fake", api_key="sk-x", cache_dir=tmp_path / "c", concurrency=2)
    summarizer = Summarizer(st, client=FakeClient(responder))
    results = summarizer.extract([DATA])
    (uncounted,) = [e for e in summarizer.reconcile(r for res in results for r in res.records) if e.main]
    assert next(f for f in uncounted.facts if f.kind == "statement").text_en.startswith("We agreed")
