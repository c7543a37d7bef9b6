"""A run killed mid-batch leaves a sound cache and no partial output; the rerun asks only for the rest."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from faultserver import FaultServer

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from common import TAG, tag, write_articles  # noqa: E402

from summarizer.core.types import ArticleResult  # noqa: E402
from summarizer.store.cache import request_key  # noqa: E402

N = 8


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with FaultServer(latency=0.4) as s:
        yield s


def cli(server: FaultServer, cache: Path, *args: str) -> subprocess.Popen[str]:
    # The fault server's renderings are no translations (they fail the rendering checks), so no
    # sentence is asked again here: an article's last ask is its translation (re-asks are tested in
    # tests/extraction/test_extract.py).
    env = {**os.environ, "OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": "sk-test-SECRET123resume",
           "SUMMARIZER_MAX_RECHECKS": "0",
           "SUMMARIZER_MODEL": "fake", "SUMMARIZER_CACHE_DIR": str(cache)}
    return subprocess.Popen([sys.executable, "-m", "summarizer", *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def cached(db: Path) -> tuple[set[str], set[str]]:
    """The request keys answered in the cache, and which articles' extractions are among them
    (the server's extraction answers name the article's tag)."""
    if not db.exists():
        return set(), set()
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as con:
            rows = [(r[0], json.loads(r[1])) for r in con.execute("SELECT key, response FROM responses")]
    except sqlite3.OperationalError:  # the table is not created yet
        return set(), set()
    return {k for k, _ in rows}, {m for _, row in rows for m in TAG.findall(row["content"])}


def test_killed_run_resumes_from_the_cache(server: FaultServer, tmp_path: Path) -> None:
    write_articles(tmp_path / "articles", N)
    cache, out = tmp_path / "cache", tmp_path / "out" / "records.jsonl"
    db = cache / "responses.sqlite3"

    proc = cli(server, cache, "extract", str(tmp_path / "articles"), "-o", str(out), "-c", "2", "-q")
    deadline = time.monotonic() + 60
    while len(cached(db)[1]) < 3:  # kill only once some articles are answered, well before the end
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no answer was cached in 60 s"
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL

    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()
    keys, done = cached(db)
    assert 3 <= len(done) < N
    if out.exists():  # the output is written whole at the end, or not at all
        lines = out.read_text(encoding="utf-8").splitlines()
        assert len(lines) == N and all(ArticleResult.model_validate_json(line) for line in lines)
    leftovers = [p.name for p in out.parent.glob("*") if p != out] if out.parent.exists() else []
    assert not leftovers  # no temporary file left behind either

    first_run = len(server.seen)
    server.reset()
    proc = cli(server, cache, "extract", str(tmp_path / "articles"), "-o", str(out), "-c", "2", "-q")
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 0, stderr

    # An article is done when its last ask (the translation, whose answer names its tag) is cached.
    asked = {m for s in server.seen for m in TAG.findall(s.head)}
    assert asked.isdisjoint(done), f"asked again for cached articles {sorted(asked & done)}"
    assert asked | done == {tag(i) for i in range(N)}
    assert len(server.extractions) <= N - len(done)  # one EVENTS ask each at most, none repeated
    assert not keys & {request_key(s.body) for s in server.seen}  # no finished call asked again
    assert first_run >= len(done)
    lines = out.read_text(encoding="utf-8").splitlines()
    results = [ArticleResult.model_validate_json(line) for line in lines]
    assert [r.article.id for r in results] == [f"{i:04d}.txt" for i in range(N)]
    assert all(r.error is None and r.summary_en for r in results)
    assert sum(r.usage.cache_hits for r in results) >= len(done)
