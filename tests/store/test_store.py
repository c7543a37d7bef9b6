"""The store, on SQLite and on a real Postgres server: answers, memos, claims with leases."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator

import pytest

from summarizer.store import Store
from summarizer.store.postgres import PostgresStore
from summarizer.store.sqlite import SQLiteStore

MakeStore = Callable[..., Store]


@pytest.fixture
def target(store_target: str) -> str:
    return store_target


@pytest.fixture
def make_store(target: str) -> Iterator[MakeStore]:
    """Opens stores on the test's target (each one stands for another process); closes them after."""
    opened: list[Store] = []

    def make(**kw: float) -> Store:
        store: Store = PostgresStore(target, **kw) if target.startswith("postgresql") else SQLiteStore(target, **kw)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


def test_answers_and_memos_reach_another_instance(make_store: MakeStore) -> None:
    a, b = make_store(), make_store()
    a.put("k1", "m", {"content": "привіт", "finish_reason": "stop"})
    a.memo_put("tokens", "t1", "42")
    assert a.get("k1") == {"content": "привіт", "finish_reason": "stop"}  # from memory, before the commit
    a.flush()
    assert b.get("k1") == {"content": "привіт", "finish_reason": "stop"}
    assert b.memo_get("tokens", "t1") == "42" and b.memo_get("tokens", "t2") is None
    a.put("k1", "m", {"content": "again"})
    a.flush()
    assert b.get("k1") == {"content": "again"} and len(b) == 1


def test_a_claim_is_held_by_one_owner_until_released(make_store: MakeStore) -> None:
    a, b = make_store(), make_store()
    assert a.try_claim("article:x")
    assert not a.try_claim("article:x")  # a second task of the same run waits too
    assert not b.try_claim("article:x")
    assert b.claim_owner("article:x") == a.owner
    a.release("article:x")
    a.flush()
    assert b.try_claim("article:x")


def test_the_heartbeat_keeps_a_live_claim(make_store: MakeStore) -> None:
    a, b = make_store(lease=0.6), make_store(lease=0.6)
    assert a.try_claim("request:k")
    time.sleep(1.5)  # well past the lease: only the heartbeat keeps it
    assert not b.try_claim("request:k")


HOLDER = """
import sys, time
from summarizer.store.postgres import PostgresStore
from summarizer.store.sqlite import SQLiteStore
target = sys.argv[1]
store = (PostgresStore if target.startswith("postgresql") else SQLiteStore)(target, lease=1.0)
assert store.try_claim("article:killed")
print("CLAIMED", flush=True)
time.sleep(60)
"""


def test_a_killed_owners_claim_is_taken_over(make_store: MakeStore, target: str) -> None:
    """On the same machine a dead owner is seen at once (its pid is gone); elsewhere its lease runs out."""
    proc = subprocess.Popen([sys.executable, "-c", textwrap.dedent(HOLDER), target],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "CLAIMED"
        other = make_store()
        assert not other.try_claim("article:killed")
        proc.kill()  # SIGKILL: no cleanup, no release
        proc.wait(timeout=10)
        deadline = time.monotonic() + 10
        while not other.try_claim("article:killed"):
            assert time.monotonic() < deadline, "the dead owner's claim never expired"
            time.sleep(0.1)
    finally:
        proc.kill()
        proc.wait(timeout=10)


def test_a_claim_of_another_machine_lasts_its_lease(make_store: MakeStore) -> None:
    """A claim whose owner this machine cannot check (another host) is only taken once it expires."""
    store = make_store()
    store.write_now([(f"INSERT INTO claims (name, owner, expires) VALUES (?, ?, {store.NOW} + 1.0)",
                      ("article:far", "elsewhere/0/0:4242:abc"))])
    assert not store.try_claim("article:far")
    time.sleep(1.2)
    assert store.try_claim("article:far")


async def test_a_second_run_waits_for_the_first_runs_answer(make_store: MakeStore) -> None:
    first, second = make_store(), make_store()
    assert await first.wait_or_claim("k") is None  # the first run asks the model
    waiting = asyncio.create_task(second.wait_or_claim("k"))
    await asyncio.sleep(0.5)
    assert not waiting.done()
    first.put("k", "m", {"content": "the answer"})
    first.release_request("k")
    assert await asyncio.wait_for(waiting, 10) == {"content": "the answer"}
    assert second.claim_owner("request:k") is None  # it never claimed: it got the answer


async def test_a_failed_first_run_hands_the_request_over(make_store: MakeStore) -> None:
    first, second = make_store(), make_store()
    assert await first.wait_or_claim("k") is None
    waiting = asyncio.create_task(second.wait_or_claim("k"))
    await asyncio.sleep(0.3)
    first.release_request("k")  # its call failed: nothing cached, the claim let go
    assert await asyncio.wait_for(waiting, 10) is None  # the second run now asks itself
    assert second.claim_owner("request:k") == second.owner
