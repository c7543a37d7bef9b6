"""The model layer: structured output, re-asks, retries, cut-off answers, cache and usage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fakes import FakeClient, completion, extraction_json, scripted, status_error

from summarizer.core.errors import ModelCallError, ModelOutputError
from summarizer.core.settings import Settings
from summarizer.core.types import EventsAnswer
from summarizer.extraction.llm import LLM, response_format, retry_after_seconds
from summarizer.store.cache import ResponseCache

MESSAGES = [{"role": "system", "content": "s"}, {"role": "user", "content": "u"}]


def make_llm(client: FakeClient, tmp_path: Path, **kw: object) -> LLM:
    settings = Settings(model="m", cache_dir=tmp_path, **kw)  # type: ignore[arg-type]
    return LLM(settings, client=client, cache=ResponseCache(tmp_path / "c.sqlite3"))


async def test_valid_answer_is_parsed_and_usage_recorded(tmp_path: Path) -> None:
    client = scripted(completion(extraction_json(), prompt_tokens=120, completion_tokens=30))
    llm = make_llm(client, tmp_path)
    out = await llm.structured(MESSAGES, EventsAnswer, label="a.txt")
    assert out.value.events == []
    assert (out.usage.prompt_tokens, out.usage.completion_tokens, out.usage.calls) == (120, 30, 1)
    assert out.usage.prompt_tokens_estimated > 0
    body = client.calls[0]
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["schema"]["additionalProperties"] is False


async def test_invalid_answer_gets_one_reask_showing_the_error(tmp_path: Path) -> None:
    client = scripted(completion('{"events": 3}'), completion(extraction_json()))
    out = await make_llm(client, tmp_path).structured(MESSAGES, EventsAnswer, label="a.txt")
    assert out.usage.reasks == 1 and len(client.calls) == 2
    reask = client.calls[1]["messages"]
    assert reask[-2] == {"role": "assistant", "content": '{"events": 3}'}
    assert "events" in reask[-1]["content"] and "not valid" in reask[-1]["content"]


async def test_invalid_twice_raises_with_last_output_and_usage(tmp_path: Path) -> None:
    client = scripted(completion("not json at all"))
    with pytest.raises(ModelOutputError) as info:
        await make_llm(client, tmp_path).structured(MESSAGES, EventsAnswer, label="a.txt")
    err = info.value
    assert err.article == "a.txt" and err.last_output == "not json at all" and not err.cut_off
    assert err.attempts == 2 and err.usage.completion_tokens == 40
    assert "a.txt" in str(err)


async def test_empty_content_is_reasked(tmp_path: Path) -> None:
    client = scripted(completion(""), completion(extraction_json()))
    out = await make_llm(client, tmp_path).structured(MESSAGES, EventsAnswer)
    assert out.usage.reasks == 1


async def test_cut_off_answer_is_retried_with_more_room_never_parsed(tmp_path: Path) -> None:
    whole = extraction_json()
    client = scripted(completion(whole[:10], finish_reason="length"), completion(whole))
    out = await make_llm(client, tmp_path, max_tokens=100).structured(MESSAGES, EventsAnswer)
    assert [c["max_tokens"] for c in client.calls] == [100, 200]
    assert out.value.events == []


async def test_cut_off_at_the_ceiling_is_reported(tmp_path: Path) -> None:
    # Even a cut-off answer that happens to be valid JSON is not accepted as whole.
    client = scripted(completion(extraction_json(), finish_reason="length"))
    with pytest.raises(ModelOutputError, match="cut off") as info:
        await make_llm(client, tmp_path, max_tokens=8192).structured(MESSAGES, EventsAnswer)
    assert info.value.cut_off


async def test_transient_errors_are_retried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("asyncio.sleep", _no_sleep)
    client = scripted(status_error(429, {"retry-after": "0"}), status_error(503), completion(extraction_json()))
    out = await make_llm(client, tmp_path).structured(MESSAGES, EventsAnswer)
    assert out.usage.retries == 2 and out.usage.calls == 3


async def test_client_errors_are_not_retried(tmp_path: Path) -> None:
    client = scripted(status_error(400))
    with pytest.raises(ModelCallError, match="HTTP 400"):
        await make_llm(client, tmp_path).structured(MESSAGES, EventsAnswer, label="b.txt")
    assert len(client.calls) == 1


async def test_attempts_run_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("asyncio.sleep", _no_sleep)
    client = scripted(status_error(500))
    with pytest.raises(ModelCallError) as info:
        await make_llm(client, tmp_path, max_attempts=3).structured(MESSAGES, EventsAnswer, label="c")
    assert len(client.calls) == 3 and info.value.attempts == 3


async def test_second_identical_request_is_served_from_cache(tmp_path: Path) -> None:
    client = scripted(completion(extraction_json()))
    llm = make_llm(client, tmp_path)
    await llm.structured(MESSAGES, EventsAnswer)
    again = await make_llm(client, tmp_path).structured(MESSAGES, EventsAnswer)
    assert len(client.calls) == 1 and again.usage.cache_hits == 1 and again.usage.calls == 0


async def test_cache_key_covers_the_whole_request(tmp_path: Path) -> None:
    client = scripted(completion(extraction_json()))
    await make_llm(client, tmp_path).structured(MESSAGES, EventsAnswer)
    other = [MESSAGES[0], {"role": "user", "content": "different article"}]
    await make_llm(client, tmp_path).structured(other, EventsAnswer)
    await make_llm(client, tmp_path, temperature=0.5).structured(MESSAGES, EventsAnswer)
    assert len(client.calls) == 3


def test_retry_after_header_forms() -> None:
    assert retry_after_seconds(status_error(429, {"retry-after": "7"})) == 7
    assert retry_after_seconds(status_error(429, {"retry-after-ms": "250"})) == 0.25
    assert retry_after_seconds(status_error(429)) is None


def test_retry_after_that_says_nothing_usable_leaves_the_wait_to_the_backoff() -> None:
    for value in ("soon", "nan", "inf", "1e309", "", "Mon, 99 Foo 2999"):
        assert retry_after_seconds(status_error(429, {"retry-after": value})) is None, value
    assert retry_after_seconds(status_error(429, {"retry-after": "-3"})) == 0  # never a negative wait
    assert retry_after_seconds(status_error(429, {"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"})) == 0


def test_response_format_is_strict_schema_from_pydantic() -> None:
    fmt = response_format(EventsAnswer)
    schema = fmt["json_schema"]["schema"]
    assert fmt["json_schema"]["strict"] is True
    assert set(schema["required"]) == {"events"}
    json.dumps(schema)


async def _no_sleep(_: float) -> None:
    return None
