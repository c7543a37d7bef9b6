"""Issue 16: a runaway answer is stopped early, within the article's budget; the batch goes on."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from common import tag, write_articles
from conftest import ROOT, error_lines, run_cli
from fakes import FakeClient, completion, extraction_json
from faultserver import OK, REPEAT, TRICKLE, FaultServer

from summarizer.core.errors import ModelOutputError
from summarizer.core.settings import Settings
from summarizer.core.types import EventsAnswer, TranslationAnswer
from summarizer.extraction.budget import sized_max_tokens
from summarizer.extraction.llm import LLM, response_format
from summarizer.extraction.reply import recorded_answer
from summarizer.extraction.stream import Watch, close_json
from summarizer.pipeline import Summarizer
from summarizer.store.cache import ResponseCache

SCHEMA = response_format(EventsAnswer)["json_schema"]["schema"]


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FaultServer]:
    monkeypatch.setattr("summarizer.extraction.retry.wait_exponential_jitter", lambda **_: lambda state: 0.01)
    with FaultServer(trickle_seconds=0.002) as s:
        yield s


def settings_for(server: FaultServer, tmp_path: Path, **kw: Any) -> Settings:
    values: dict[str, Any] = dict(model="fake", base_url=server.base_url, api_key="sk-test-runaway",
                                  cache_dir=tmp_path / "cache", concurrency=2, timeout=10)
    return Settings(**{**values, **kw})


async def test_a_repeating_stream_is_stopped_within_the_budget_and_the_batch_completes(
    server: FaultServer, tmp_path: Path
) -> None:
    paths = write_articles(tmp_path / "articles", 5)
    server.always(REPEAT, match=tag(2))
    summarizer = Summarizer(settings_for(server, tmp_path, article_tokens=1500, article_seconds=30))
    results = {r.article.id: r for r in await summarizer.aextract(paths)}
    stopped = results["0002.txt"]
    assert stopped.error and stopped.error.startswith("0002.txt")
    assert "runaway" in stopped.error and "repeated the same" in stopped.error
    assert "--article-tokens" in stopped.error  # names the cap and the setting
    assert "\n" not in stopped.error
    assert stopped.usage.completion_tokens <= 1500  # within the budget, all attempts together
    for s in server.requests_for(tag(2)):
        assert s.body["stream"] is True and s.body["stream_options"] == {"include_usage": True}
        # The server would have written max_tokens chunks; the client closed the stream long before.
        assert s.chunks < s.max_tokens / 2
    for name in ("0000.txt", "0001.txt", "0003.txt", "0004.txt"):
        assert results[name].error is None and results[name].records


async def test_a_stopped_answer_is_cached_and_retry_failed_asks_again(server: FaultServer, tmp_path: Path) -> None:
    (path,) = write_articles(tmp_path / "articles", 1)
    server.always(REPEAT, match=tag(0))
    settings = settings_for(server, tmp_path)
    first = (await Summarizer(settings).aextract([path]))[0]
    asked = len(server.seen)
    again = (await Summarizer(settings).aextract([path]))[0]
    assert len(server.seen) == asked and again.error == first.error  # replayed, no call
    server.reset()
    retried = (await Summarizer(settings.model_copy(update={"retry_failed": True})).aextract([path]))[0]
    assert server.seen and retried.error is None and retried.records


async def test_the_seconds_cap_stops_a_slow_answer_and_is_not_cached(server: FaultServer, tmp_path: Path) -> None:
    (path,) = write_articles(tmp_path / "articles", 1)
    server.trickle_seconds = 0.05
    server.always(TRICKLE, match=tag(0))
    settings = settings_for(server, tmp_path, article_seconds=0.6)
    result = (await Summarizer(settings).aextract([path]))[0]
    assert result.error and "time ran out" in result.error and "--article-seconds" in result.error
    asked = len(server.seen)
    await Summarizer(settings).aextract([path])
    assert len(server.seen) > asked  # a time limit depends on the machine: asked again, not replayed


def test_the_caps_can_be_set_on_the_command_line(server: FaultServer, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    monkeypatch.setenv("SUMMARIZER_MODEL", "fake")
    monkeypatch.setenv("SUMMARIZER_ARTICLE_SECONDS", "0.4")  # the command line wins over it
    paths = write_articles(tmp_path / "articles", 2)
    server.trickle_seconds = 0.05
    server.always(TRICKLE, match=tag(0))
    result = run_cli("extract", *paths, "-q", "-o", tmp_path / "out.jsonl", "--article-seconds", "0.3")
    assert result.exit_code == 1
    (line,) = error_lines(result)
    assert "0000.txt" in line and "0.3 s per article" in line


# ------------------------------------------------------------------ the watch on recorded answers


def recorded_answers() -> list[tuple[dict[str, Any], str, str]]:
    """(request, answer, finish_reason) of every interaction in the cassettes (read only)."""
    out = []
    for path in sorted((ROOT / "cassettes").glob("*.yaml")):
        for it in yaml.safe_load(path.read_text(encoding="utf-8"))["interactions"]:
            answer = recorded_answer(it["response"]["body"]["string"])
            out.append((json.loads(it["request"]["body"]), answer.content, answer.finish_reason))
    return out


def watch_until_stopped(request: dict[str, Any], answer: str) -> tuple[str, str, int] | None:
    schema = request.get("response_format", {}).get("json_schema", {}).get("schema", SCHEMA)
    watch = Watch(max_tokens=request["max_tokens"], input_chars=len(request["messages"][1]["content"]),
                  schema=schema)
    for i in range(0, len(answer), 4):
        stop = watch.feed(answer[i:i + 4], i // 4 + 1)
        if stop:
            return stop[0], stop[1], i + 4
    return None


def test_the_watch_stops_every_recorded_cut_off_answer_and_no_answer_that_ended() -> None:
    answers = recorded_answers()
    assert any(finish == "stop" for _, _, finish in answers)
    for request, answer, finish in answers:
        stop = watch_until_stopped(request, answer)
        if finish == "stop":
            assert stop is None, (stop, answer[-200:])
            continue
        # Cut off at max_tokens (the server writes on under vcr, which reads the whole stream): a
        # loop, or an answer ended inside a string whose repair is a valid answer to its own request.
        assert stop is not None and stop[0] in ("repetition", "closed", "unbounded"), answer[-200:]
        if stop[0] == "closed":
            assert close_json(answer) is not None
            assert json.loads(close_json(answer) or "")  # the punctuation repaired, nothing else


def test_an_answer_ended_inside_a_string_is_stopped_and_repaired_punctuation_only() -> None:
    # The shape of the recorded failure (2026-12-02, TRANSLATE ask): the model opened each English
    # rendering with a single quote, closed the last one with it, ended the JSON, and wrote noise
    # that the grammar held inside the string until max_tokens.
    said = [{"sent": 1, "by": "Путін", "en": "'Putin invited Xi to Russia.'"}]
    head = json.dumps({"said": said}, ensure_ascii=False)[: -len("\"}]}")]
    answer = head + "}]}]“{{{LL{{{LL" + "0" * 40
    request = {"max_tokens": 786, "messages": [{}, {"content": "y" * 400}]}
    stop = watch_until_stopped(request, answer)
    assert stop is not None and stop[0] == "closed" and stop[2] <= len(head) + 8
    fixed = close_json(answer)
    assert fixed is not None and json.loads(fixed) == {"said": said}
    # An apostrophe inside a rendering, and a string that ends as it should, are left alone.
    fine = json.dumps({"said": [{"sent": 2, "by": "", "en": "Kyiv's view ]] is 'firm'."}]})
    assert close_json(fine) is None and watch_until_stopped(request, fine) is None


async def test_a_stream_ended_inside_a_string_is_repaired_not_retried(tmp_path: Path) -> None:
    said = [{"sent": 1, "by": "A", "en": "'A met B.'"}]
    broken = json.dumps({"said": said})[: -len("\"}]}")] + "}]}]LLLL" + "//LL" * 30
    client = FakeClient(lambda body: completion(broken, finish_reason="length"))
    llm = make_llm(client, tmp_path)
    result = await llm.structured(messages("x"), TranslationAnswer)
    assert [r.en for r in result.value.said] == ["'A met B.'"] and len(client.calls) == 1


def test_an_answer_with_more_items_than_the_schema_allows_cannot_end() -> None:
    events = [{"kind": "call", "main": False, "participants": [f"P{i}"]} for i in range(12)]
    text = json.dumps({"summary_en": "x", "events": events})
    stop = watch_until_stopped({"max_tokens": 4096, "messages": [{}, {"content": "y" * 500}]}, text)
    assert stop is not None and stop[0] == "unbounded" and "'events'" in stop[1] and "8 items" in stop[1]


def test_one_string_longer_than_any_field_cannot_end() -> None:
    text = '{"summary_en": "' + "".join(f"word{i} " for i in range(400))
    stop = watch_until_stopped({"max_tokens": 4096, "messages": [{}, {"content": "y" * 300}]}, text)
    assert stop is not None and stop[0] == "unbounded"


# ------------------------------------------------------------------ caps in the model layer


def make_llm(client: FakeClient, tmp_path: Path, **kw: Any) -> LLM:
    return LLM(Settings(model="m", cache_dir=tmp_path, **kw), client=client,
               cache=ResponseCache(tmp_path / "c.sqlite3"))


def messages(article: str) -> list[dict[str, str]]:
    return [{"role": "system", "content": "rules " * 500}, {"role": "user", "content": article}]


async def test_max_tokens_is_sized_from_the_article(tmp_path: Path) -> None:
    client = FakeClient(lambda body: completion(extraction_json()))
    llm = make_llm(client, tmp_path, max_tokens=2048)
    await llm.structured(messages("short article"), EventsAnswer)
    await llm.structured(messages("long article " * 1000), EventsAnswer)
    short, long = (c["max_tokens"] for c in client.calls)
    assert short == 512 and long == 2048  # the floor; the long one gets the ceiling
    assert sized_max_tokens(300, 2048) == 856


async def test_the_article_budget_ends_the_cut_off_retries_with_the_cap_named(tmp_path: Path) -> None:
    client = FakeClient(lambda body: completion("{", finish_reason="length", completion_tokens=body["max_tokens"]))
    llm = make_llm(client, tmp_path, article_tokens=1200, max_tokens=2048)
    with llm.article_scope() as budget, pytest.raises(ModelOutputError) as info:
        await llm.structured(messages("an article " * 200), EventsAnswer, label="a.txt")
    assert budget.spent_tokens <= 1200 and sum(c["max_tokens"] for c in client.calls) <= 1200
    assert not info.value.budget_left


async def test_a_spent_budget_asks_nothing_more(tmp_path: Path) -> None:
    client = FakeClient(lambda body: completion("{", finish_reason="length", completion_tokens=body["max_tokens"]))
    llm = make_llm(client, tmp_path, article_tokens=700, max_tokens=600)
    with llm.article_scope():
        with pytest.raises(ModelOutputError):
            await llm.structured(messages("first part"), EventsAnswer, label="a.txt (part 1/2)")
        calls = len(client.calls)
        with pytest.raises(ModelOutputError) as info:
            await llm.structured(messages("second part"), EventsAnswer, label="a.txt (part 2/2)")
    assert len(client.calls) == calls  # nothing was sent
    err = info.value
    assert err.runaway and err.reason == "tokens" and "budget is used up" in str(err) and "700" in err.cap


async def test_a_server_without_stream_options_is_asked_without_them(server: FaultServer, tmp_path: Path) -> None:
    (path,) = write_articles(tmp_path / "articles", 1)
    rejection = {"error": {"message": "Unrecognized request argument supplied: stream_options", "type": "invalid"}}
    server.raw(400, {}, json.dumps(rejection).encode(), match=tag(0))
    result = (await Summarizer(settings_for(server, tmp_path)).aextract([path]))[0]
    assert result.error is None and result.records
    first, second = server.seen[:2]
    assert "stream_options" in first.body and "stream_options" not in second.body and second.body["stream"]
    assert [first.kind, second.kind] == ["raw", OK]
    assert result.usage.completion_tokens > 0  # counted from the chunks when the server sends no usage
