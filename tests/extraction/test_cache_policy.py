"""Issue 18.6: --no-cache asks anew and still caches; an error is never cached; --retry-failed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from common import tag, write_articles
from conftest import error_lines, run_cli
from faultserver import ERROR_200, SCHEMA, FaultServer


def extract(tmp_path: Path, paths: list[Path], *flags: str) -> list[str]:
    result = run_cli("extract", *paths, "-q", "-o", tmp_path / "out.jsonl", *flags)
    assert result.exit_code in (0, 1), result.stderr
    return error_lines(result)


def rows(tmp_path: Path) -> int:
    with sqlite3.connect(tmp_path / "cache" / "responses.sqlite3") as db:
        return int(db.execute("SELECT COUNT(*) FROM responses").fetchone()[0])


def test_no_cache_asks_anew_and_still_writes_the_cache(fault_env: FaultServer, tmp_path: Path) -> None:
    paths = write_articles(tmp_path / "articles", 3)
    assert not extract(tmp_path, paths, "--no-cache")
    asked = len(fault_env.seen)
    assert asked >= 3 and rows(tmp_path) == asked  # every answer written, as the help says
    assert not extract(tmp_path, paths)
    assert len(fault_env.seen) == asked  # the next run is answered from it
    assert not extract(tmp_path, paths, "--no-cache")
    assert len(fault_env.seen) == 2 * asked  # and --no-cache asks anew


def test_a_gateway_error_sent_as_http_200_is_not_cached(fault_env: FaultServer, tmp_path: Path) -> None:
    paths = write_articles(tmp_path / "articles", 2)
    fault_env.always(ERROR_200, match=tag(0))
    (line,) = extract(tmp_path, paths)
    assert "0000.txt" in line and "upstream overloaded" in line
    fault_env.reset()  # the gateway recovers: a plain re-run asks again for that article alone
    assert not extract(tmp_path, paths)
    assert fault_env.seen and len(fault_env.requests_for(tag(0))) == len(fault_env.seen)


def test_retry_failed_asks_again_only_where_the_cached_answer_failed(fault_env: FaultServer, tmp_path: Path) -> None:
    paths = write_articles(tmp_path / "articles", 3)
    fault_env.always(SCHEMA, match=tag(1))  # the model's answers for this one stay invalid
    (line,) = extract(tmp_path, paths)
    assert "0001.txt" in line and "--retry-failed" in line
    fault_env.reset()  # a better model behind the endpoint now
    (again,) = extract(tmp_path, paths)
    assert again == line and not fault_env.seen  # the cached failure replays, no call
    assert not extract(tmp_path, paths, "--retry-failed")
    # Asked for that article alone: the others came from the cache.
    assert fault_env.seen and len(fault_env.requests_for(tag(1))) == len(fault_env.seen)
