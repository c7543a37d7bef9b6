"""Issue 18.1: every bad reply of the endpoint fails that article alone, as one line; none is cached."""

from __future__ import annotations

from pathlib import Path

import pytest
from common import tag, write_articles
from conftest import error_lines, run_cli
from faultserver import (
    BAD_REPLIES,
    BROKEN_JSON,
    ERROR_200,
    HTML,
    NO_MESSAGE,
    NOT_JSON,
    NULL_USAGE,
    OBJECT_CONTENT,
    OK,
    RETRY_SOON,
    FaultServer,
)

from summarizer.core.types import ArticleResult


def extract(tmp_path: Path, *args: object) -> tuple[int, list[str], dict[str, ArticleResult]]:
    out = tmp_path / "out.jsonl"
    result = run_cli("extract", *args, "-o", out, "-q")
    records = [ArticleResult.model_validate_json(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return result.exit_code, error_lines(result), {r.article.id: r for r in records}


@pytest.fixture(params=["streamed", "plain"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SUMMARIZER_STREAM", "1" if request.param == "streamed" else "0")
    return str(request.param)


@pytest.mark.parametrize("kind", BAD_REPLIES)
def test_a_bad_reply_fails_its_article_alone(fault_env: FaultServer, tmp_path: Path, mode: str, kind: str) -> None:
    paths = write_articles(tmp_path / "articles", 3)
    fault_env.always(kind, match=tag(1))
    code, errors, records = extract(tmp_path, *paths)
    assert code == 1
    (line,) = errors
    assert line.startswith("error: 0001.txt: ") and "after 6 attempt(s)" in line
    assert records["0001.txt"].error and not records["0001.txt"].records
    for name in ("0000.txt", "0002.txt"):
        assert records[name].error is None and records[name].records
    # No error was cached as an answer: once the endpoint behaves, a plain re-run asks for that
    # article alone (the good ones come from the cache) and delivers it.
    fault_env.reset()
    code, errors, records = extract(tmp_path, *paths)
    assert code == 0 and not errors and records["0001.txt"].records
    assert fault_env.seen and len(fault_env.requests_for(tag(1))) == len(fault_env.seen)


@pytest.mark.parametrize(("kind", "words"), [
    (NOT_JSON, "not JSON"), (BROKEN_JSON, "not JSON"), (HTML, "HTML page"), (ERROR_200, "upstream overloaded"),
    (RETRY_SOON, "HTTP 429"),
])
def test_the_error_line_says_what_came_back(fault_env: FaultServer, tmp_path: Path, mode: str, kind: str,
                                            words: str) -> None:
    (path,) = write_articles(tmp_path / "articles", 1)
    fault_env.always(kind, match=tag(0))
    _, (line,), _ = extract(tmp_path, path)
    assert words in line and "0000.txt" in line


def test_a_choice_without_message_is_no_answer(fault_env: FaultServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    monkeypatch.setenv("SUMMARIZER_STREAM", "0")
    (path,) = write_articles(tmp_path / "articles", 1)
    fault_env.always(NO_MESSAGE, match=tag(0))
    _, (line,), _ = extract(tmp_path, path)
    assert "a choice with no message" in line


@pytest.mark.parametrize("kind", [NULL_USAGE, OBJECT_CONTENT])
def test_odd_but_usable_answers_are_delivered(fault_env: FaultServer, tmp_path: Path, mode: str, kind: str) -> None:
    paths = write_articles(tmp_path / "articles", 2)
    fault_env.always(kind, match=tag(1))
    code, errors, records = extract(tmp_path, *paths)
    assert code == 0 and not errors
    assert records["0001.txt"].records and records["0001.txt"].error is None
    if kind == NULL_USAGE:
        assert records["0001.txt"].usage.completion_tokens == 0  # null counts count as none


def test_a_bad_reply_then_a_good_one_is_retried_and_delivered(fault_env: FaultServer, tmp_path: Path,
                                                              mode: str) -> None:
    (path,) = write_articles(tmp_path / "articles", 1)
    fault_env.script(ERROR_200, HTML, RETRY_SOON, OK, match=tag(0))
    code, errors, records = extract(tmp_path, path)
    assert code == 0 and not errors
    assert records["0000.txt"].usage.retries == 3
