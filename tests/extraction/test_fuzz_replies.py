"""Issue 18, fuzzed: whatever the endpoint sends (status, headers, body; streamed or not), no
exception leaves a batch, and every article ends delivered or as one failure line naming it."""

from __future__ import annotations

import asyncio
import json
import tempfile
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from common import tag, write_articles
from faultserver import FaultServer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarizer import ingest
from summarizer.core.settings import Settings
from summarizer.extraction.article import messages_for
from summarizer.pipeline import Summarizer

ATTEMPTS = 2

scalars = st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.floats() | st.text(max_size=12)
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8)
counts = st.one_of(st.none(), st.integers(-5, 10**6), st.floats(), st.text(max_size=4))
usages = st.one_of(st.none(), json_values, st.fixed_dictionaries(
    {}, optional={"prompt_tokens": counts, "completion_tokens": counts, "total_tokens": counts}))
finishes = st.one_of(st.none(), st.sampled_from(["stop", "length", "content_filter", "tool_calls", ""]),
                     json_values)


def contents(answer: str) -> st.SearchStrategy[Any]:
    return st.one_of(st.just(answer), st.just(json.loads(answer)), json_values, st.text(max_size=30),
                     st.just(answer[: len(answer) // 2]))


def completions(answer: str) -> st.SearchStrategy[Any]:
    message = st.one_of(json_values, st.fixed_dictionaries({}, optional={"role": st.just("assistant"),
                                                                           "content": contents(answer)}))
    choice = st.one_of(json_values, st.fixed_dictionaries({}, optional={"message": message, "finish_reason": finishes,
                                                                          "index": st.integers(0, 2)}))
    return st.fixed_dictionaries({}, optional={
        "id": st.text(max_size=5), "object": st.just("chat.completion"),
        "choices": st.one_of(json_values, st.lists(choice, max_size=2)), "usage": usages, "error": json_values})


def event_streams(answer: str) -> st.SearchStrategy[bytes]:
    delta = st.one_of(json_values, st.fixed_dictionaries({}, optional={"content": st.one_of(
        st.sampled_from([answer[i:i + 7] for i in range(0, len(answer), 7)]), json_values)}))
    choice = st.fixed_dictionaries({}, optional={"delta": delta, "finish_reason": finishes, "index": st.just(0)})
    chunk = st.one_of(json_values, st.fixed_dictionaries({}, optional={
        "choices": st.one_of(json_values, st.lists(choice, max_size=2)), "usage": usages, "error": json_values}))
    whole = [{"choices": [{"delta": {"content": answer[i:i + 9]}, "finish_reason": None}]}
             for i in range(0, len(answer), 9)] + [{"choices": [{"delta": {}, "finish_reason": "stop"}]}]
    events = st.one_of(st.lists(chunk, max_size=6), st.just(whole))
    return st.builds(lambda evs, done, junk: (
        "".join(f"data: {json.dumps(e)}\n\n" for e in evs) + junk + ("data: [DONE]\n\n" if done else "")
    ).encode(), events, st.booleans(), st.sampled_from(["", "data: {not json\n\n", ": comment\n\n", "event: x\n"]))


def bodies(answer: str) -> st.SearchStrategy[bytes]:
    return st.one_of(
        st.binary(max_size=64),
        st.text(max_size=64).map(str.encode),
        json_values.map(lambda v: json.dumps(v).encode()),
        completions(answer).map(lambda v: json.dumps(v).encode()),
        event_streams(answer),
        st.just(b"<!doctype html><html><body>Welcome</body></html>"),
    )


header_values = st.one_of(st.sampled_from(["soon", "0", "0.01", "-3", "1e309", "nan", "inf", "", "Wed, 21 Oct 2015 "
                                           "07:28:00 GMT", "Mon, 99 Foo 2999"]),
                          st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=12))
headers = st.fixed_dictionaries({}, optional={
    "Content-Type": st.sampled_from(["application/json", "application/json; charset=utf-8", "text/event-stream",
                                     "text/html", "text/plain", "application/octet-stream"]),
    "Retry-After": header_values, "retry-after-ms": header_values, "X-Junk": header_values})
# 1xx, 204 and 304 carry no body in HTTP: a server sending one anyway breaks the connection itself.
statuses = st.integers(200, 599).filter(lambda s: s not in (204, 304))


@pytest.fixture(scope="module")
def world() -> Iterator[tuple[FaultServer, list[Path], str]]:
    with FaultServer() as server, tempfile.TemporaryDirectory() as tmp:
        paths = write_articles(Path(tmp) / "articles", 2)
        yield server, paths, good_answer(server, paths[0])


def good_answer(server: FaultServer, path: Path) -> str:
    """What the fake endpoint answers for this article when all is well (whatever the schema now is)."""
    body = {"model": "fake", "messages": messages_for(ingest.read_article(path))}
    request = urllib.request.Request(f"{server.base_url}/chat/completions", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as reply:
        content = json.loads(reply.read())["choices"][0]["message"]["content"]
    server.reset()
    return str(content)


@pytest.fixture(scope="module", autouse=True)
def _fast_backoff() -> Iterator[None]:
    mp = pytest.MonkeyPatch()
    mp.setattr("summarizer.extraction.retry.wait_exponential_jitter", lambda **_: lambda state: 0.0)
    mp.setattr("summarizer.extraction.retry.MAX_WAIT", 0.0)
    yield
    mp.undo()


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), stream=st.booleans())
def test_no_reply_escapes_a_batch(world: tuple[FaultServer, list[Path], str], data: st.DataObject,
                                  stream: bool) -> None:
    server, paths, answer = world
    server.reset()
    reply = (data.draw(statuses, "status"), data.draw(headers, "headers"), data.draw(bodies(answer), "body"))
    server.raw(*reply, match=tag(0), times=ATTEMPTS)
    with tempfile.TemporaryDirectory() as cache:
        settings_ = Settings(model="fake", base_url=server.base_url, api_key="sk-fuzz", cache_dir=Path(cache),
                             max_attempts=ATTEMPTS, timeout=5, stream=stream, concurrency=2, recall_pass=False)
        results = asyncio.run(Summarizer(settings_).aextract(paths))  # raises nothing
    assert [r.article.id for r in results] == [p.name for p in paths]
    for r in results:
        assert r.error is None or (r.error.startswith(f"{r.article.id}: ") and "\n" not in r.error), r.error
        assert r.error is not None or r.summary_en  # delivered means delivered
    assert results[1].error is None  # the other article never noticed
