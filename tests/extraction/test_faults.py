"""Fault handling through real HTTP: the OpenAI client, `LLM` and `Summarizer` against the fault server."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from faultserver import CUTOFF, DROP, EMPTY, ERROR_500, ERROR_503, OK, RATE_LIMIT, SCHEMA, SLOW, FaultServer

from summarizer import ingest
from summarizer.core.errors import ModelCallError, ModelOutputError
from summarizer.core.settings import Settings
from summarizer.core.types import EventsAnswer
from summarizer.extraction.article import messages_for
from summarizer.extraction.llm import LLM, build_client

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from common import write_articles  # noqa: E402  (synthetic articles, shared with the benchmarks)

TIMEOUT = 0.5


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with FaultServer(slow_seconds=3 * TIMEOUT) as s:
        yield s


@pytest.fixture(autouse=True)
def _fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Backoff without a server-named wait becomes 10 ms; Retry-After is still honoured."""
    monkeypatch.setattr("summarizer.extraction.retry.wait_exponential_jitter", lambda **_: lambda state: 0.01)


def settings_for(server: FaultServer, tmp_path: Path, **kw: Any) -> Settings:
    values: dict[str, Any] = dict(model="fake", base_url=server.base_url, api_key="sk-test-faults",
                                  timeout=TIMEOUT, max_attempts=3, cache_dir=tmp_path / "cache")
    return Settings(**{**values, **kw})


def article(tmp_path: Path, name: str, text: str) -> Any:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return ingest.read_article(path)


TEXT = ("Президент Володимир Зеленський провів телефонну розмову з Еммануелем Макроном у вівторок.\n\n"
        "Сторони обговорили безпеку та енергетику, повідомила пресслужба.")


async def ask(server: FaultServer, tmp_path: Path, **kw: Any) -> Any:
    settings = settings_for(server, tmp_path, use_cache=False, **kw)
    llm = LLM(settings, client=build_client(settings))
    messages = messages_for(article(tmp_path, "a.txt", TEXT))
    return await llm.structured(messages, EventsAnswer, label="a.txt")


@pytest.mark.parametrize("fault", [RATE_LIMIT, ERROR_500, ERROR_503, DROP, SLOW])
async def test_transient_fault_is_retried_and_succeeds(
    server: FaultServer, tmp_path: Path, fault: str
) -> None:
    server.script(fault)
    out = await ask(server, tmp_path)
    assert [s.kind for s in server.seen] == [fault, OK]
    assert out.usage.retries == 1 and out.usage.calls == 2 and out.usage.reasks == 0
    # The answer is the server's, built from this article: it cites the article's first sentence.
    assert out.value.events[0].said[0].sent == [1] and out.value.events[0].who[0] == "Володимир"


async def test_slow_answer_times_out_at_the_client_timeout(server: FaultServer, tmp_path: Path) -> None:
    server.script(SLOW)
    started = time.monotonic()
    await ask(server, tmp_path)
    first, second = server.seen
    assert TIMEOUT * 0.9 <= second.at - first.at < server.slow_seconds
    assert time.monotonic() - started < server.slow_seconds


async def test_retry_after_is_honoured(server: FaultServer, tmp_path: Path) -> None:
    server.retry_after = (0.4, 0.4)
    server.script(RATE_LIMIT)
    await ask(server, tmp_path)
    first, second = server.seen
    assert second.at - first.at >= 0.38  # the backoff alone would be 10 ms


async def test_schema_breaking_answer_is_reasked_with_the_validation_error(
    server: FaultServer, tmp_path: Path
) -> None:
    server.script(SCHEMA)
    out = await ask(server, tmp_path)
    first, second = server.seen
    assert (first.reask, second.reask) == (False, True)
    messages = second.body["messages"]
    assert messages[-2]["role"] == "assistant" and '"events": "none"' in messages[-2]["content"]
    assert "not valid" in messages[-1]["content"] and "events" in messages[-1]["content"]
    assert out.usage.reasks == 1 and out.usage.retries == 0


async def test_empty_answer_is_reasked(server: FaultServer, tmp_path: Path) -> None:
    server.script(EMPTY)
    out = await ask(server, tmp_path)
    assert [s.reask for s in server.seen] == [False, True]
    assert "empty" in server.seen[1].body["messages"][-1]["content"]
    assert out.usage.reasks == 1


async def test_cut_off_answer_is_retried_with_more_room(server: FaultServer, tmp_path: Path) -> None:
    server.script(CUTOFF)
    out = await ask(server, tmp_path, max_tokens=300)
    assert [s.max_tokens for s in server.seen] == [300, 600]
    assert out.value.events[0].said


async def test_attempts_exhausted_raise_with_attempts_and_label(server: FaultServer, tmp_path: Path) -> None:
    server.always(ERROR_503, match="Зеленський")
    with pytest.raises(ModelCallError) as info:
        await ask(server, tmp_path, max_attempts=3)
    assert len(server.seen) == 3
    assert info.value.attempts == 3 and "a.txt" in str(info.value) and "503" in str(info.value)


async def test_invalid_output_after_reasks_raises_with_last_output(
    server: FaultServer, tmp_path: Path
) -> None:
    server.always(SCHEMA, match="Зеленський")
    with pytest.raises(ModelOutputError) as info:
        await ask(server, tmp_path)
    assert len(server.seen) == 2  # the answer and one re-ask (max_reasks=1)
    assert info.value.last_output and '"events": "none"' in info.value.last_output


async def test_client_error_is_not_retried(server: FaultServer, tmp_path: Path) -> None:
    server.always("401", match="Зеленський")
    with pytest.raises(ModelCallError, match="HTTP 401"):
        await ask(server, tmp_path)
    assert len(server.seen) == 1


# ------------------------------------------------------------------ the whole batch


def write_batch(tmp_path: Path, n: int) -> list[Path]:
    return write_articles(tmp_path / "articles", n)


async def test_failing_article_becomes_its_error_while_the_batch_completes(
    server: FaultServer, tmp_path: Path
) -> None:
    from summarizer.pipeline import Summarizer

    paths = write_batch(tmp_path, 6)
    server.always(ERROR_500, match="A0002")
    server.always(SCHEMA, match="A0004")
    server.script(RATE_LIMIT, DROP, ERROR_503, match="A0001")  # recovers on the 4th try
    results = await Summarizer(settings_for(server, tmp_path, max_attempts=4, concurrency=3)).aextract(paths)
    assert [r.article.id for r in results] == [p.name for p in paths]
    by_id = {r.article.id: r for r in results}
    call_error, output_error = by_id["0002.txt"].error, by_id["0004.txt"].error
    assert call_error and "0002.txt" in call_error and "500" in call_error
    assert "after 4 attempt(s)" in call_error
    assert call_error.endswith(f"({ModelCallError.fix})")  # and what to do about it
    assert output_error and "0004.txt" in output_error and "invalid model output" in output_error
    assert output_error.endswith(f"({ModelOutputError.fix})") and "--retry-failed" in output_error
    for name in ("0000.txt", "0001.txt", "0003.txt", "0005.txt"):
        assert by_id[name].error is None and by_id[name].summary_en.startswith("Reports the call of")
        assert by_id[name].records, name
    assert by_id["0001.txt"].usage.retries == 3
    assert len(server.requests_for("A0002")) == 4


async def test_concurrency_limit_is_respected(server: FaultServer, tmp_path: Path) -> None:
    from summarizer.pipeline import Summarizer

    server.latency = 0.2
    paths = write_batch(tmp_path, 9)
    results = await Summarizer(settings_for(server, tmp_path, concurrency=3, use_cache=False)).aextract(paths)
    assert all(r.error is None for r in results)
    assert server.max_inflight == 3
