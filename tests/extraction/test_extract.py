"""extract: the article as numbered sentences, split into parts under a token budget; the retry in
halves of an answer that keeps being cut off; the recall pass in the same conversation."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from fakes import FakeClient, article_of, completion, extraction_json
from faultserver import extraction_for, is_translation, numbered, renderings_for
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.core.errors import InputError, ModelOutputError
from summarizer.core.settings import Settings
from summarizer.core.types import MAX_EVENTS, Article, EventAnswer, EventsAnswer
from summarizer.extraction import tokens
from summarizer.extraction.article import (
    MIN_PART_TOKENS,
    extract_article,
    marker,
    merge_parts,
    messages_for,
    render_sentences,
    split_rows,
    to_translate,
    uncited_reports,
)
from summarizer.extraction.article import numbered as numbered_rows
from summarizer.extraction.llm import LLM
from summarizer.store.cache import ResponseCache

PARAGRAPH = "Президент провів телефонну розмову з прем'єр-міністром. Сторони обговорили безпеку та енергетику."


def article(text: str) -> Article:
    return Article(id="a.txt", path="a.txt", text=text, raw_text=text, language="uk",
                   published=dt.date(2026, 2, 4), sha256="0" * 64)


def make_llm(client: FakeClient, tmp_path: Path, **kw: Any) -> LLM:
    # The retry policy on its own: max_tokens as set, and no per-article cap (tests/test_runaway.py has those).
    kw = {"size_max_tokens": False, "article_tokens": 1_000_000, **kw}
    settings = Settings(model="m", cache_dir=tmp_path, **kw)
    return LLM(settings, client=client, cache=ResponseCache(tmp_path / "c.sqlite3"))


def one_event(block: str) -> str:
    """An answer naming the part it was given, so the merged result shows every part: the part's
    main event (its first word as participant, its first sentence as a statement) and a side event."""
    n, sentence = numbered(block)[0]
    first = sentence.split()[0]
    statement = {"sent": [n], "by": first}
    main = {"kind": "call", "main": True, "who": [first], "date": 0, "formats": [], "said": [statement]}
    side = {**main, "main": False, "who": [f"side {first}"], "said": []}
    return extraction_json(events=[main, side])


def answer_parts(body: dict[str, Any]) -> Any:
    if is_translation(body):
        return completion(json.dumps(renderings_for(body), ensure_ascii=False))
    return completion(one_event(article_of(body)))


def test_the_model_sees_numbered_sentences_and_a_marker_the_article_cannot_hold() -> None:
    text = "Перше речення тут. Друге речення, з [дужками] і ARTICLE-x>>> у ньому.\n\nТретє речення."
    art = article(text)
    user = messages_for(art)[1]["content"]
    block = f"<<<ARTICLE-{marker(art)}\n"
    assert block in user and f"\nARTICLE-{marker(art)}>>>" in user
    lines = user.split(block, 1)[1].split("\n")
    assert lines[:4] == ["[1] Перше речення тут.", "[2] Друге речення, з (дужками) і ARTICLE-x››› у ньому.", "",
                         "[3] Третє речення."]
    # The static part comes first and is the same for every article (the server caches it).
    assert messages_for(art)[0] == messages_for(article("Інший текст статті."))[0]


@given(st.lists(st.text(alphabet="абвгд еёжз.\n", min_size=1, max_size=300), min_size=1, max_size=12),
       st.integers(min_value=20, max_value=200))
@settings(max_examples=60, deadline=None)
def test_parts_keep_every_sentence_in_order_and_fit_the_budget(paras: list[str], budget: int) -> None:
    rows = numbered_rows(article("\n\n".join(paras)))
    parts = split_rows(rows, budget)
    assert [r for p in parts for r in p] == rows
    for p in parts:
        if len(p) > 1:
            assert sum(tokens.count(r[1]) + 4 for r in p) <= budget


async def test_a_long_article_is_asked_in_parts_and_their_events_merged(tmp_path: Path) -> None:
    text = "\n\n".join(f"A{i} {PARAGRAPH}" for i in range(12))
    client = FakeClient(answer_parts)
    llm = make_llm(client, tmp_path, max_article_tokens=tokens.count(text) // 3, recall_pass=False)
    extraction, usage = await extract_article(llm, article(text))
    assert len(client.calls) >= 3 and usage.calls == len(client.calls)
    asks = [c for c in client.calls if not is_translation(c)]
    firsts = [numbered(article_of(c))[0][1].split()[0] for c in asks]
    # One main event, the first part's people; what later parts said of "their" main event joins it.
    (main,) = [e for e in extraction.events if e.main]
    assert main.who == ["A0"] and [s.by for s in main.said] == firsts
    assert [e.who[0] for e in extraction.events if not e.main] == [f"side {f}" for f in firsts][: MAX_EVENTS - 1]
    # Sentence numbers are the article's, whatever the part.
    assert [s.sent[0] for s in main.said] == [numbered(article_of(c))[0][0] for c in asks]
    # Every cited sentence was translated, with its own text, after the same static system part.
    translations = [c for c in client.calls if is_translation(c)]
    assert [n for c in translations for n, _ in numbered(article_of(c))] == [s.sent[0] for s in main.said]
    assert all(c["messages"][0] == asks[0]["messages"][0] for c in translations)
    assert all("This is the statement that the article reports" in s.en for s in main.said)


def test_merging_parts_keeps_the_answers_valid() -> None:
    answers = []
    for i in range(12):
        block = render_sentences([(2 * i + 1, f"A{i} x y z.", i)])
        answers.append([EventAnswer.model_validate(e) for e in json.loads(one_event(block))["events"]])
    events = merge_parts(answers)
    assert len(events) == MAX_EVENTS and sum(e.main for e in events) == 1
    # Merged answers past the schema's caps still validate (the caps are the grammar's only).
    dumped = EventsAnswer(events=events).model_dump_json()
    assert EventsAnswer.model_validate_json(dumped).events[0].said == events[0].said
    assert len(events[0].said) == 12


async def test_an_article_past_the_parts_limit_is_refused_with_the_fix(tmp_path: Path) -> None:
    text = "\n\n".join(f"A{i} {PARAGRAPH}" for i in range(40))
    llm = make_llm(FakeClient(lambda body: completion(extraction_json())), tmp_path,
                   max_article_tokens=60, max_parts=2)
    with pytest.raises(InputError, match="raise max_parts"):
        await extract_article(llm, article(text))


async def test_an_answer_cut_off_at_the_ceiling_is_asked_again_in_halves(tmp_path: Path) -> None:
    # The TASS report of eval/unseen3 made the local model loop to 4,096 tokens twice: a model
    # that loops on the whole text may answer on half of it.
    text = "\n\n".join(f"A{i} {PARAGRAPH}" for i in range(20))
    rows = numbered_rows(article(text))
    whole = sum(tokens.count(r[1]) + 4 for r in rows)
    assert whole // 2 > MIN_PART_TOKENS

    def responder(body: dict[str, Any]) -> Any:
        if is_translation(body):
            return completion(json.dumps(renderings_for(body), ensure_ascii=False))
        part = numbered(article_of(body))
        if len(part) > len(rows) // 2 + 1:
            return completion(one_event(article_of(body))[:40], finish_reason="length",
                              completion_tokens=body["max_tokens"])
        return completion(one_event(article_of(body)))

    client = FakeClient(responder)
    llm = make_llm(client, tmp_path, max_tokens=2048, recall_pass=False)
    extraction, usage = await extract_article(llm, article(text))
    assert [c["max_tokens"] for c in client.calls[:2]] == [2048, 4096]  # more room first
    halves = split_rows(rows, whole // 2)
    asks = [c for c in client.calls if not is_translation(c)]
    assert len(asks) == 2 + len(halves) and len(halves) >= 2
    assert [[n for n, _ in numbered(article_of(c))] for c in asks[2:]] == [[r[0] for r in h] for h in halves]
    (main,) = [e for e in extraction.events if e.main]
    assert [s.sent[0] for s in main.said] == [h[0][0] for h in halves]
    assert usage.calls == len(client.calls)
    assert usage.completion_tokens >= 2048 + 4096  # the cut-off answers are counted too


async def test_halves_that_are_cut_off_too_give_the_first_error(tmp_path: Path) -> None:
    text = "\n\n".join(f"A{i} {PARAGRAPH}" for i in range(8))
    client = FakeClient(lambda body: completion("{", finish_reason="length"))
    with pytest.raises(ModelOutputError, match="cut off at max_tokens=4096") as info:
        await extract_article(make_llm(client, tmp_path, max_tokens=2048), article(text))
    assert info.value.article == "a.txt" and info.value.cut_off
    assert info.value.usage.calls == len(client.calls) > 2  # the halves' calls are counted too


async def test_other_invalid_answers_are_not_asked_in_halves(tmp_path: Path) -> None:
    text = "\n\n".join(f"A{i} {PARAGRAPH}" for i in range(8))
    client = FakeClient(lambda body: completion("not json"))
    with pytest.raises(ModelOutputError, match="not valid JSON|Invalid JSON|json"):
        await extract_article(make_llm(client, tmp_path), article(text))
    assert len(client.calls) == 2  # the answer and one re-ask, nothing more


# ------------------------------------------------- the translation ask and the recall pass

REPORTING = (
    "Путін і Сі Цзіньпін провели відеоконференцію.\n\n"
    "Путін заявив, що відносини розвиваються.\n\n"
    "Сі Цзіньпін сказав, що готовий до співпраці.\n\n"
    "Сторони домовилися продовжити контакти.\n\n"
    "Погода в Москві була теплою."
)


def _events(said: list[dict[str, Any]]) -> list[EventAnswer]:
    return [EventAnswer.model_validate({"kind": "call", "main": True, "who": ["Путін"], "date": 0, "formats": [],
                                        "said": said})]


def test_the_sentences_to_translate_are_the_cited_ones_then_the_uncited_reports() -> None:
    art = article(REPORTING)
    rows = numbered_rows(art)
    events = _events([{"sent": [3], "by": "Сі Цзіньпін"}])
    # 3 is cited; 2 and 4 report speech and agreement; 1 and 5 report none.
    assert uncited_reports(art, rows, events) == [2, 4]
    assert to_translate(art, rows, events) == [3, 2, 4]
    assert to_translate(art, rows, events, recall=False) == [3]


async def test_statements_get_the_translation_of_their_sentences(tmp_path: Path) -> None:
    def responder(body: dict[str, Any]) -> Any:
        if is_translation(body):
            return completion(json.dumps(renderings_for(body), ensure_ascii=False))
        answer = {"kind": "call", "main": True, "who": ["Путін", "Сі Цзіньпін"], "date": 0, "formats": [],
                  "said": [{"sent": [2], "by": "Путін"}]}
        return completion(extraction_json(events=[answer]))

    client = FakeClient(responder)
    extraction, usage = await extract_article(make_llm(client, tmp_path), article(REPORTING))
    events, translation = client.calls
    # The translation ask carries the sentences' own text, after the same static system part.
    assert translation["messages"][0] == events["messages"][0] and len(translation["messages"]) == 2
    assert [n for n, _ in numbered(article_of(translation))] == [2, 3, 4]
    assert "Сі Цзіньпін сказав, що готовий до співпраці." in article_of(translation)
    (event,) = extraction.events
    # The cited statement keeps the speaker the events answer gave; the recalled ones join the main event.
    assert [(s.sent, s.by) for s in event.said] == [([2], "Путін"), ([3], "Цзіньпін"), ([4], "Сторони")]
    assert all(s.en for s in event.said) and usage.calls == 2


async def test_a_failed_translation_leaves_statements_without_english(tmp_path: Path) -> None:
    def responder(body: dict[str, Any]) -> Any:
        if is_translation(body):
            return completion("not json")
        return completion(json.dumps(extraction_for(article_of(body)), ensure_ascii=False))

    client = FakeClient(responder)
    extraction, usage = await extract_article(make_llm(client, tmp_path), article(REPORTING))
    assert len(client.calls) == 3  # the events, the translation and its re-ask
    assert [(s.sent, s.en) for s in extraction.events[0].said] == [([1], "")] and usage.calls == 3


async def test_a_translation_that_runs_away_is_asked_again_in_halves(tmp_path: Path) -> None:
    def responder(body: dict[str, Any]) -> Any:
        if is_translation(body):
            if len(numbered(article_of(body))) > 1:
                return completion('{"said":[{"sent":2,"by":"x","en":"' + "la " * 50, finish_reason="length",
                                  completion_tokens=body["max_tokens"])
            return completion(json.dumps(renderings_for(body), ensure_ascii=False))
        answer = {"kind": "call", "main": True, "who": ["Путін", "Сі Цзіньпін"], "date": 0, "formats": [],
                  "said": [{"sent": [2], "by": "Путін"}, {"sent": [3], "by": "Сі Цзіньпін"}]}
        return completion(extraction_json(events=[answer]))

    client = FakeClient(responder)
    extraction, _ = await extract_article(make_llm(client, tmp_path, max_tokens=64), article(REPORTING))
    sizes = [len(numbered(article_of(c))) for c in client.calls if is_translation(c)]
    assert sizes[0] == 3 and sizes[-2:] == [1, 1]  # all three, then (after the cut-offs) one at a time
    (event,) = extraction.events
    assert all(s.en for s in event.said if s.sent in ([2], [3]))


def _said_in_2026(body: dict[str, Any]) -> Any:
    """A fake model: the events answer cites [2]; the first English of each sentence gives a year
    the sentence does not have, the English asked again (told why) does not."""
    user = body["messages"][-1]["content"]
    if not is_translation(body):
        answer = {"kind": "call", "main": True, "who": ["Путін", "Сі Цзіньпін"], "date": 0, "formats": [],
                  "said": [{"sent": [2], "by": "Путін"}]}
        return completion(extraction_json(events=[answer]))
    again = "was wrong:" in user
    said = [{"sent": n, "by": "", "en": f"Sentence {n} says what it says{'' if again else ' in 2026'}."}
            for n, _ in numbered(article_of(body))]
    return completion(json.dumps({"said": said}))


def _no_years(article: Article, rendered: dict[int, str]) -> dict[int, str]:
    why = "the English gives '2026', which the cited sentence does not"
    return {n: why for n, en in rendered.items() if "2026" in en}


async def test_a_rendering_that_fails_the_checks_is_asked_again_alone_and_told_why(tmp_path: Path) -> None:
    client = FakeClient(_said_in_2026)
    llm = make_llm(client, tmp_path, max_rechecks=2)
    extraction, usage = await extract_article(llm, article(REPORTING), check=_no_years)
    events, first, *again = client.calls
    assert [n for n, _ in numbered(article_of(first))] == [2, 3, 4]
    # Two of the three failed renderings are asked again (the limit), each alone, with the reason.
    assert [[n for n, _ in numbered(article_of(c))] for c in again] == [[2], [3]]
    assert all("was wrong: the English gives '2026'" in c["messages"][-1]["content"] for c in again)
    assert again[0]["messages"][0] == events["messages"][0]  # the same cached system part
    english = {s.sent[0]: s.en for s in extraction.events[0].said}
    assert english == {2: "Sentence 2 says what it says.", 3: "Sentence 3 says what it says.",
                       4: "Sentence 4 says what it says in 2026."}
    assert usage.calls == 4


async def test_no_rendering_is_asked_again_when_rechecks_are_off_or_the_new_one_fails_too(tmp_path: Path) -> None:
    client = FakeClient(_said_in_2026)
    await extract_article(make_llm(client, tmp_path, max_rechecks=0), article(REPORTING), check=_no_years)
    assert len(client.calls) == 2

    def always(article: Article, rendered: dict[int, str]) -> dict[int, str]:
        return dict.fromkeys(rendered, "the English is wrong")

    client = FakeClient(_said_in_2026)
    extraction, _ = await extract_article(make_llm(client, tmp_path / "b", max_rechecks=1), article(REPORTING),
                                          check=always)
    assert len(client.calls) == 3
    assert extraction.events[0].said[0].en == "Sentence 2 says what it says in 2026."  # the new one failed too
