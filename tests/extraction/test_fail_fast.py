"""Issues 18.8 and 18.10: configuration is checked before the first model call, and a dead endpoint
stops the batch with one clear error (the circuit breaker)."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from common import write_articles
from conftest import error_lines, run_cli
from faultserver import SLOW, UNAUTHORIZED, FaultServer

from summarizer.core.errors import ConfigError
from summarizer.core.settings import Settings
from summarizer.pipeline import Summarizer


def dead_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # closed again: nobody listens there


def test_a_refused_connection_stops_the_batch_with_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("summarizer.extraction.retry.wait_exponential_jitter", lambda **_: lambda state: 0.01)
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{dead_port()}/v1")
    monkeypatch.setenv("SUMMARIZER_MODEL", "fake")
    paths = write_articles(tmp_path / "articles", 12)
    out = tmp_path / "briefing.md"
    out.write_text("yesterday's briefing", encoding="utf-8")
    result = run_cli("brief", *paths, "-q", "-c", "2", "-o", out)
    assert result.exit_code == 3
    lines = error_lines(result)
    # The articles that tripped the breaker (3, or 4 when the one beside the third failed with it),
    # each once, then one line for the stop and the rest.
    *failed, stop = lines
    assert len(failed) in (3, 4) and all("unreachable" in line for line in failed)
    assert "failed 3 articles in a row" in stop and f"{12 - len(failed)} article(s) stopped" in stop
    assert "SUMMARIZER_BREAKER_ARTICLES" in stop
    assert out.read_text(encoding="utf-8") == "yesterday's briefing"  # nothing delivered: nothing replaced


async def test_an_answer_in_between_keeps_the_breaker_closed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("summarizer.extraction.retry.wait_exponential_jitter", lambda **_: lambda state: 0.01)
    with FaultServer() as server:
        paths = write_articles(tmp_path / "articles", 8)
        for i in (0, 1, 3, 4, 6, 7):  # never three failures in a row, in the order they are asked
            server.always(UNAUTHORIZED, match=f"A000{i}")
        settings = Settings(model="fake", base_url=server.base_url, api_key="sk-x", cache_dir=tmp_path / "c",
                            concurrency=1)
        summarizer = Summarizer(settings)
        results = await summarizer.aextract(paths)
    assert summarizer.stopped is None and not summarizer.not_asked
    assert [r.error is None for r in results] == [False, False, True, False, False, True, False, False]


def test_a_hung_server_costs_the_timeout_set_on_the_command_line(fault_env: FaultServer, tmp_path: Path) -> None:
    fault_env.slow_seconds = 5
    fault_env.always(SLOW, match="A0000")
    paths = write_articles(tmp_path / "articles", 2)
    result = run_cli("extract", *paths, "-q", "-o", tmp_path / "r.jsonl", "--timeout", "0.2")
    assert result.exit_code == 1
    (line,) = error_lines(result)
    assert "0000.txt" in line and "APITimeoutError" in line
    assert "after 2 attempt(s)" in line  # a hung server gets one more try, not max_attempts x timeout


def test_the_timeout_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZER_TIMEOUT", "12.5")
    assert Settings.from_env().timeout == 12.5
    assert Settings.from_env(timeout=3).timeout == 3  # the command line wins


@pytest.mark.parametrize("url", ["not a url", "ftp://example.com/v1", "http://", "localhost:8080"])
def test_an_invalid_base_url_is_refused_at_once(url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", url)
    monkeypatch.setenv("SUMMARIZER_MODEL", "fake")
    (path,) = write_articles(tmp_path / "articles", 1)
    result = run_cli("brief", path, "-q")
    assert result.exit_code == 2
    (line,) = error_lines(result)
    assert line.startswith("error: OPENAI_BASE_URL=") and "http(s) URL" in line


@pytest.mark.parametrize(("variable", "value", "words"), [
    ("SUMMARIZER_CONCURRENCY", "abc", "not a whole number"),
    ("SUMMARIZER_CONCURRENCY", "0", "greater than or equal to 1"),
    ("SUMMARIZER_TIMEOUT", "soon", "not a number"),
    ("SUMMARIZER_STREAM", "maybe", "yes/no"),
    ("SUMMARIZER_ARTICLE_TOKENS", "-5", "greater than or equal to 16"),
    ("SUMMARIZER_PRICING", "{missing}", "not found"),
    ("SUMMARIZER_ALIASES", "{missing}", "not found"),
    ("SUMMARIZER_PRICING", "{bad_json}", "not readable JSON"),
    ("SUMMARIZER_PRICING", "{bad_shape}", "needs numbers"),
    ("SUMMARIZER_ALIASES", "{bad_shape}", "wrong shape"),
])
def test_bad_configuration_exits_2_before_any_model_call(
    fault_env: FaultServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str, words: str
) -> None:
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "shape.json").write_text(json.dumps({"gpt-x": {"input": "cheap"}, "entries": [{"x": 1}]}),
                                         encoding="utf-8")
    files = {"missing": tmp_path / "nowhere.json", "bad_json": tmp_path / "bad.json",
             "bad_shape": tmp_path / "shape.json"}
    monkeypatch.setenv(variable, value.format(**files))
    paths = write_articles(tmp_path / "articles", 2)
    for command in (["brief"], ["extract"], ["eval", "--gold", "eval/seeds/gold.json"]):
        result = run_cli(*command, *paths, "-q")
        assert result.exit_code == 2, (command, result.stderr)
        (line,) = error_lines(result)
        assert words in line, line
        assert variable in line or str(tmp_path) in line
    assert not fault_env.seen


@pytest.mark.parametrize(("gold", "words"), [("{", "not readable JSON"), ('{"events": [{"articles": []}]}', "lacks"),
                                             ("[]", "needs an object")])
def test_a_bad_gold_file_exits_2_before_any_model_call(fault_env: FaultServer, tmp_path: Path, gold: str,
                                                       words: str) -> None:
    (tmp_path / "gold.json").write_text(gold, encoding="utf-8")
    paths = write_articles(tmp_path / "articles", 1)
    result = run_cli("eval", "--gold", tmp_path / "gold.json", *paths, "-q")
    assert result.exit_code == 2
    (line,) = error_lines(result)
    assert words in line and "gold.json" in line
    assert not fault_env.seen


async def test_the_library_checks_configuration_before_any_call(fault_env: FaultServer, tmp_path: Path) -> None:
    (tmp_path / "pricing.json").write_text("[1, 2]", encoding="utf-8")
    settings = Settings.from_env(pricing_file=tmp_path / "pricing.json")
    with pytest.raises(ConfigError, match="not a JSON object"):
        await Summarizer(settings).aextract(write_articles(tmp_path / "articles", 1))
    with pytest.raises(ConfigError, match="concurrency=0"):
        await Summarizer(Settings.from_env(), concurrency=0).aextract(write_articles(tmp_path / "articles", 1))
    assert not fault_env.seen
