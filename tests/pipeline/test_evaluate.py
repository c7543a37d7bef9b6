"""evaluate: the scores of a briefing against reference answers, on a briefing built by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fixtures_briefing import A0, A1, A2, A3, A4, sample_briefing

from summarizer.core.types import Briefing, Event, EventDate
from summarizer.evaluate import evaluate, format_table


def briefing() -> Briefing:
    """The renderer's hand-built briefing, with the records each event was merged from."""
    b = sample_briefing()
    for e in b.events:
        e.records = [f"{a}#{0 if e.main else 1}" for a in e.articles]
    return b

GOLD: dict[str, Any] = {
    "events": [
        {"event_id": "feb", "date": "2026-02-04", "format": "video", "participants": ["Vladimir Putin", "Xi Jinping"],
         "articles": [A0, A1, A3], "expected_conflicts": ["date: 3 vs 4 February"]},
        {"event_id": "dec", "date": "2022-12-30", "format": "video", "participants": ["Vladimir Putin", "Xi Jinping"],
         "articles": [A2]},
        {"event_id": "jan", "date": "2025-01-21", "format": "video", "participants": ["Xi Jinping", "Vladimir Putin"],
         "articles": [A4], "expected_conflicts": ["format: phone vs video"]},
    ],
    "mentioned_not_merged": [
        {"what": "Wang Yi - Shoigu", "date": "2026-02-01", "article": A1},
        {"what": "arms-control talks", "date": "2026-02-03", "article": A1},
        {"what": "Medvedev - Xi", "date": "2022-12-21", "article": A2},
        {"what": "Trump - Xi", "date": "2025-01-17", "article": A4},
    ],
}


def test_scores_of_the_hand_built_briefing() -> None:
    s = evaluate(GOLD, briefing())
    assert (s["events_gold"], s["main_events_predicted"], s["mentioned_events_predicted"]) == (3, 3, 3)
    assert s["bcubed"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert s["dates"] == {"exact": 2, "unknown": 1, "wrong": 0}  # 30 December has no year
    assert s["formats"] == {"right": 3, "wrong": 0} and s["participants"] == {"right": 3, "wrong": 0}
    assert s["conflicts"] == {"found": 2, "expected": 2}
    # Wang Yi-Shoigu (same day), Medvedev-Xi (year unknown: no contradiction), Trump-Xi (same day);
    # the arms-control talks of 3 February are not among the predicted events.
    assert s["mentioned"] == {"found": 3, "gold": 4, "not_in_gold": 0}
    table = format_table(s)
    assert "| mentioned events found / gold (extra)" in table and "| 3 / 4 (0) |" in table


def test_a_mentioned_event_on_another_day_or_article_is_extra() -> None:
    b = briefing()
    wang = next(e for e in b.events if e.id == "wang-shoigu")
    wang.date = EventDate(text="у суботу", value=dt.date(2026, 1, 31), year_known=True, method="relative")
    b.events.append(Event(id="invented", kind="call", title="x", main=False, participants=["A", "B"],
                          date=EventDate(), format="unknown", articles=[A0]))
    s = evaluate(GOLD, b)
    assert s["mentioned"] == {"found": 2, "gold": 4, "not_in_gold": 2}


def test_a_key_fact_is_translationed_from_a_verified_fact_of_its_articles() -> None:
    b = briefing()
    feb = next(e for e in b.events if e.id == "call-2026-02")
    fact = next(f for f in feb.facts if f.kind == "statement")
    gold = {"events": [{**GOLD["events"][0], "key_facts": [
        {"fact": fact.text_en, "articles": [fact.sources[0].article_id]},
        {"fact": fact.text_en, "articles": [A4]},  # not from the fact's article
        {"fact": "Both sides agreed to launch a joint mission to Mars", "articles": []},
    ]}]}
    assert evaluate(gold, b)["key_facts"]["recalled"] == 1


def test_a_key_fact_by_a_speaker_the_fact_does_not_name_counts_only_leniently() -> None:
    b = briefing()
    gold = {"events": [{**GOLD["events"][0], "key_facts": [
        # Xi's words as the gold has them, and as if Putin had said them.
        {"fact": "Xi said a 'grand plan' is needed to deepen bilateral cooperation", "articles": [A1]},
        {"fact": "Putin said a 'grand plan' is needed to deepen bilateral cooperation", "articles": [A1]},
    ]}]}
    facts = evaluate(gold, b)["key_facts"]
    assert (facts["recalled"], facts["recalled_with_speaker"]) == (2, 1)


def test_gold_without_mentioned_events() -> None:
    gold = {"events": GOLD["events"]}
    assert evaluate(gold, briefing())["mentioned"] == {"found": 0, "gold": 0, "not_in_gold": 3}


def test_an_article_is_placed_at_the_event_it_reports_not_one_it_mentions() -> None:
    # eval/unseen11's 013: a report of the 17 September call whose photo caption mentions the
    # meeting of 1 September, which sorts first; it belongs to the call it reports.
    b = briefing()
    feb = next(e for e in b.events if e.main and A0 in e.articles)
    dec = next(e for e in b.events if e.main and A2 in e.articles)
    dec.id, feb.id = "0-dec", "1-feb"  # the mentioned event sorts first
    dec.articles.append(A0)
    dec.records.append(f"{A0}#1")  # A0's record of the December talks, an event it mentions
    for e in b.events:
        e.reported_by = [r.split("#")[0] for r in e.records if r.endswith("#0")]
    assert evaluate(GOLD, b)["bcubed"]["f1"] == 1.0
    feb.reported_by = dec.reported_by = []  # nothing says which it reports: the first holding it
    assert evaluate(GOLD, b)["bcubed"]["f1"] < 1.0
