"""extract: articles split into parts under a token budget, and the retry in halves of an answer
that keeps being cut off."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from fakes import FakeClient, article_of, completion, extraction_json
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.core.errors import InputError, ModelOutputError
from summarizer.core.settings import Settings
from summarizer.core.types import MAX_EVENTS, Article, ModelEvent, ModelExtraction
from summarizer.extraction import tokens
from summarizer.extraction.article import MIN_PART_TOKENS, extract_article, merge_parts, split_text
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


def one_event(text: str) -> str:
    """An answer naming the part it was given, so the merged result shows every part: the part's
    main event (its first word as participant and as a statement) and a side event."""
    first = text.split()[0]
    statement = {"speaker": first, "text_en": f"Said in {first}.", "quote": first}
    main = {"kind": "call", "main": True, "participants": [first], "date_text": "", "date_guess": "",
            "formats": [], "topics": [first], "statements": [statement], "figures": []}
    side = {**main, "main": False, "participants": [f"side {first}"], "statements": [], "topics": []}
    return extraction_json(summary_en=f"Part starting {first}.", events=[main, side])


@given(st.lists(st.text(alphabet="абвгд еёжз.\n", min_size=1, max_size=300), min_size=1, max_size=12),
       st.integers(min_value=20, max_value=200))
@settings(max_examples=60, deadline=None)
def test_parts_keep_every_word_in_order_and_fit_the_budget(paras: list[str], budget: int) -> None:
    text = "\n\n".join(paras)
    parts = split_text(text, budget)
    assert " ".join(" ".join(parts).split()) == " ".join(text.split())
    assert all(tokens.count(p) <= budget + 4 for p in parts if len(p.split()) > 1)


async def test_a_long_article_is_asked_in_parts_and_their_events_merged(tmp_path: Path) -> None:
    text = "\n\n".join(f"A{i} {PARAGRAPH}" for i in range(12))
    client = FakeClient(lambda body: completion(one_event(article_of(body))))
    llm = make_llm(client, tmp_path, max_article_tokens=tokens.count(text) // 3)
    extraction, usage = await extract_article(llm, article(text))
    assert len(client.calls) >= 3 and usage.calls == len(client.calls)
    firsts = [article_of(c).split()[0] for c in client.calls]
    # One main event, the first part's people; what later parts said of "their" main event joins it.
    (main,) = [e for e in extraction.events if e.main]
    assert main.participants == ["A0"] and [st.speaker for st in main.statements] == firsts
    assert main.topics == firsts
    assert [e.participants[0] for e in extraction.events if not e.main] == [f"side {f}" for f in firsts]
    assert extraction.summary_en == " ".join(f"Part starting {f}." for f in firsts)


def test_merging_parts_stays_within_the_schema() -> None:
    answers = [[ModelEvent.model_validate(e) for e in json.loads(one_event(f"A{i} x"))["events"]] for i in range(12)]
    events = merge_parts(answers)
    assert len(events) == MAX_EVENTS and sum(e.main for e in events) == 1
    ModelExtraction(summary_en="s", events=events).model_dump_json()  # the worker re-validates it
    assert ModelExtraction.model_validate_json(ModelExtraction(summary_en="s", events=events).model_dump_json())
    assert len(events[0].statements) == 10 and len(events[0].topics) == 6  # the schema's limits


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
    whole = tokens.count(text)
    assert whole // 2 > MIN_PART_TOKENS

    def responder(body: dict[str, Any]) -> Any:
        part = article_of(body)
        if tokens.count(part) > whole // 2 + 10:
            return completion(one_event(part)[:40], finish_reason="length", completion_tokens=body["max_tokens"])
        return completion(one_event(part))

    client = FakeClient(responder)
    extraction, usage = await extract_article(make_llm(client, tmp_path, max_tokens=2048), article(text))
    assert [c["max_tokens"] for c in client.calls[:2]] == [2048, 4096]  # more room first
    halves = split_text(text, whole // 2)
    assert len(client.calls) == 2 + len(halves) and len(halves) >= 2
    assert [article_of(c) for c in client.calls[2:]] == halves
    (main,) = [e for e in extraction.events if e.main]
    assert [st.speaker for st in main.statements] == [h.split()[0] for h in halves]
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
