"""Worker processes sharing one store (SQLite and a real Postgres): each article asked for once,
and a worker killed with SIGKILL loses nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from faultserver import FaultServer

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from common import TAG, tag, write_articles  # noqa: E402

from summarizer.core.types import EventRecord  # noqa: E402
from summarizer.reconciliation import reconcile  # noqa: E402
from summarizer.store import Store  # noqa: E402
from summarizer.store.postgres import PostgresStore  # noqa: E402
from summarizer.store.sqlite import SQLiteStore  # noqa: E402


def worker(server: FaultServer, store: str, cache: Path, *args: str, lease: float = 30) -> subprocess.Popen[str]:
    env = {**os.environ, "OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": "sk-test-workers",
           "SUMMARIZER_MODEL": "fake", "SUMMARIZER_CACHE_DIR": str(cache), "SUMMARIZER_STORE": store,
           "SUMMARIZER_STORE_LEASE": str(lease)}
    return subprocess.Popen([sys.executable, "-m", "summarizer", "ingest", *args, "-q"], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def open_target(target: str) -> Store:
    return PostgresStore(target) if target.startswith("postgresql") else SQLiteStore(target)


def stored_articles(target: str) -> set[str]:
    with open_target(target) as store:
        return {str(r[0]) for r in store.query("SELECT id FROM articles")}


def stored_records(target: str) -> list[EventRecord]:
    with open_target(target) as store:
        return store.all_records()[0]


def asked(server: FaultServer) -> Counter[str]:
    """EVENTS asks per article (TRANSLATE asks, the second for an article, left out)."""
    return Counter(m for s in server.extractions for m in TAG.findall(s.head))


def repeats(server: FaultServer) -> int:
    """Requests the server saw more than once (the same body)."""
    bodies = [json.dumps(s.body, sort_keys=True) for s in server.seen]
    return len(bodies) - len(set(bodies))


@pytest.mark.slow
def test_two_workers_finish_200_articles_with_exactly_200_calls(store_target: str, tmp_path: Path) -> None:
    n = 200 if store_target.startswith("postgresql") else 30  # the shared store's case in full; SQLite shorter
    folder = tmp_path / "articles"
    write_articles(folder, n)
    with FaultServer(latency=0.02) as server:
        workers = [worker(server, store_target, tmp_path / f"cache{i}", str(folder), "-c", "8") for i in range(2)]
        outputs = [w.communicate(timeout=240) for w in workers]
        assert [w.returncode for w in workers] == [0, 0], outputs
        counts = asked(server)
    assert len(server.extractions) == n and set(counts) == {tag(i) for i in range(n)} and repeats(server) == 0
    assert stored_articles(store_target) == {f"{i:04d}.txt" for i in range(n)}
    # Both report the whole record: every article delivered, and the events of all of them at once.
    events = len(reconcile(stored_records(store_target)))
    assert all(f"{n} article(s): {n} in the record, 0 failed; {events} event(s)" in out for out, _ in outputs)


@pytest.mark.slow
def test_a_worker_killed_mid_batch_loses_nothing(store_target: str, tmp_path: Path) -> None:
    n = 30
    folder = tmp_path / "articles"
    write_articles(folder, n)
    with FaultServer(latency=0.1) as server:
        doomed = worker(server, store_target, tmp_path / "c1", str(folder), "-c", "4", lease=1)
        survivor = worker(server, store_target, tmp_path / "c2", str(folder), "-c", "4", lease=1)
        deadline = time.monotonic() + 60
        while len(server.extractions) < 10:  # both are well under way
            assert doomed.poll() is None and time.monotonic() < deadline, doomed.communicate()
            time.sleep(0.02)
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(timeout=10)
        out, err = survivor.communicate(timeout=180)
        assert survivor.returncode == 0, err
        counts = asked(server)
    assert doomed.returncode == -signal.SIGKILL
    assert stored_articles(store_target) == {f"{i:04d}.txt" for i in range(n)}
    events = len(reconcile(stored_records(store_target)))
    assert f"{n} article(s): {n} in the record, 0 failed; {events} event(s)" in out
    assert set(counts) == {tag(i) for i in range(n)}
    # Only what the killed worker had in flight (4 at a time) was asked again.
    again = [t for t, c in counts.items() if c > 1]
    assert max(counts.values()) <= 2 and len(again) <= 4, again


@pytest.mark.parametrize("store_target", ["sqlite"], indirect=True)  # the same SQL on both
def test_a_rerun_of_an_ingested_folder_asks_nothing(store_target: str, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    write_articles(folder, 6)
    with FaultServer() as server:
        first = worker(server, store_target, tmp_path / "c1", str(folder))
        assert first.wait(timeout=60) == 0
        server.reset()
        again = worker(server, store_target, tmp_path / "c2", str(folder))  # another machine's empty cache
        out, err = again.communicate(timeout=60)
        assert again.returncode == 0, err
        assert server.seen == [] and "(0 new, 0 changed)" in out
