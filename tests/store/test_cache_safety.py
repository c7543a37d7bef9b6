"""The SQLite cache under careless use: private, damaged, locked by another process, shared by two runs."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from fakes import FakeClient, article_of, completion
from faultserver import FaultServer, extraction_for, is_translation, renderings_for

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from common import TAG, tag, write_articles  # noqa: E402

from summarizer.core.errors import StoreError  # noqa: E402
from summarizer.core.settings import Settings  # noqa: E402
from summarizer.pipeline import Summarizer  # noqa: E402
from summarizer.store.sqlite import SQLiteStore  # noqa: E402


def responder(body: dict[str, Any]) -> Any:
    answer = renderings_for(body) if is_translation(body) else extraction_for(article_of(body))
    return completion(json.dumps(answer, ensure_ascii=False))


def cli(server: FaultServer, cache: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": "sk-test",
           "SUMMARIZER_MODEL": "fake", "SUMMARIZER_CACHE_DIR": str(cache)}
    return subprocess.Popen([sys.executable, "-m", "summarizer", *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_the_cache_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "responses.sqlite3"
    store = SQLiteStore(path)
    store.put("k", "m", {"content": "x"})
    store.close()
    for p in [path, *path.parent.glob("responses.sqlite3-*")]:
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
    path.chmod(0o644)  # a cache from an older version is tightened on open
    SQLiteStore(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_damaged_cache_gives_one_line_naming_the_file_and_the_fix(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "responses.sqlite3").write_bytes(b"this is not a database, it was overwritten\n" * 100)
    with pytest.raises(StoreError) as info:
        SQLiteStore(cache / "responses.sqlite3")
    assert "responses.sqlite3" in str(info.value) and "move it away" in str(info.value)

    article = write_articles(tmp_path / "articles", 1)[0]
    with FaultServer() as server:
        proc = cli(server, cache, "brief", str(article), "-q")
        out, err = proc.communicate(timeout=60)
        assert server.seen == []
    assert proc.returncode == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert str(cache / "responses.sqlite3") in lines[0] and "mv " in lines[0]


def hold_write_lock(path: Path, seconds: float) -> threading.Thread:
    """Another process's writer: holds the file's write lock for `seconds`."""
    ready = threading.Event()

    def hold() -> None:
        con = sqlite3.connect(path, isolation_level=None)
        con.execute("BEGIN IMMEDIATE")
        ready.set()
        time.sleep(seconds)
        con.execute("ROLLBACK")
        con.close()

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    ready.wait(5)
    return thread


def run(tmp_path: Path, client: FakeClient, paths: list[Path], **kw: Any) -> list[Any]:
    # max_rechecks 0: the fake's renderings fail the rendering checks; asking them again would only
    # make the run longer than the lock it must outlast.
    kw.setdefault("max_rechecks", 0)
    st = Settings(model="fake", api_key="sk-x", cache_dir=tmp_path / "cache", concurrency=2, **kw)
    return Summarizer(st, client=client).extract(paths)


def test_a_lock_held_longer_than_the_timeout_fails_nothing(tmp_path: Path, seed_paths: list[Path],
                                                           caplog: pytest.LogCaptureFixture) -> None:
    db = tmp_path / "cache" / "responses.sqlite3"
    SQLiteStore(db).close()
    holder = hold_write_lock(db, 3.0)  # three times the store's timeout
    client = FakeClient(responder)
    results = run(tmp_path, client, seed_paths, store_timeout=1.0)
    assert [r.error for r in results] == [None] * len(seed_paths)
    assert all(r.records for r in results)
    assert len([c for c in client.calls if not is_translation(c)]) == len(seed_paths)
    holder.join()
    # The answers waited in memory and were stored once the lock was gone: a re-run asks nothing.
    again = FakeClient(responder)
    run(tmp_path, again, seed_paths, store_timeout=1.0)
    assert again.calls == []


def test_a_lock_that_outlasts_the_run_drops_the_writes_with_a_warning(
    tmp_path: Path, seed_paths: list[Path], caplog: pytest.LogCaptureFixture
) -> None:
    db = tmp_path / "cache" / "responses.sqlite3"
    SQLiteStore(db).close()
    caplog.set_level(logging.WARNING, logger="summarizer.store")
    holder = hold_write_lock(db, 6.0)
    results = run(tmp_path, FakeClient(responder), seed_paths[:2], store_timeout=0.5)
    assert [r.error for r in results] == [None, None] and all(r.records for r in results)
    assert any("not stored" in r.message and str(db) in r.message for r in caplog.records)
    holder.join()


def test_two_parallel_briefs_on_one_cache_both_succeed_asking_each_article_once(tmp_path: Path) -> None:
    n = 6
    folder = tmp_path / "articles"
    write_articles(folder, n)
    cache = tmp_path / "cache"
    with FaultServer(latency=0.3) as server:
        runs = [cli(server, cache, "brief", str(folder), "-c", "3", "-q", "-o", str(tmp_path / f"b{i}.md"))
                for i in range(2)]
        for proc in runs:
            _, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
        asked = [m for s in server.extractions for m in TAG.findall(s.head)]
        bodies = [json.dumps(s.body, sort_keys=True) for s in server.seen]
    assert sorted(asked) == [tag(i) for i in range(n)]  # every article asked for once, by one run
    assert len(bodies) == len(set(bodies))  # and every other request (TRANSLATE asks) too
    first, second = ((tmp_path / f"b{i}.md").read_text(encoding="utf-8") for i in range(2))
    assert first.count("phone call") >= n

    def body(text: str) -> list[str]:  # the run line differs: who called, who waited for the answers
        return [line for line in text.splitlines() if not line.startswith("Run: ")]

    assert body(first) == body(second)
