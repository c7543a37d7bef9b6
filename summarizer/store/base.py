"""The store interface: responses, memos and in-flight claims, over SQLite or Postgres.

What every store does, whatever the database:
- Answers are written by one background thread, so a write that waits for another process's
  lock never stalls the event loop, and a write that cannot be made within the busy timeout is
  dropped with one warning (the answer is still used; a re-run asks for it again): a locked
  store fails nothing. Until it is committed, an answer is served from memory.
- A request (or an article) being worked on is *claimed*: a row with an owner and a lease,
  renewed by a heartbeat thread while the work goes on. Another run that needs the same answer
  waits for it instead of asking the model too; a run killed with SIGKILL stops renewing, so its
  claims expire after `lease` seconds and the work is claimed again.

The subclasses give the connection, the placeholder style, the clock and the error mapping;
the SQL is shared and written in the subset both databases speak.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import queue
import socket
import threading
import time
import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..core.errors import StoreError
from .records import RecordTables

log = logging.getLogger("summarizer.store")

LEASE_SECONDS = 30.0
BUSY_TIMEOUT_SECONDS = 30.0

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS responses ("
    " key TEXT PRIMARY KEY, model TEXT, created DOUBLE PRECISION, response TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS memos ("
    " kind TEXT NOT NULL, key TEXT NOT NULL, created DOUBLE PRECISION, value TEXT NOT NULL,"
    " PRIMARY KEY (kind, key))",
    "CREATE TABLE IF NOT EXISTS claims ("
    " name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires DOUBLE PRECISION NOT NULL)",
    "CREATE TABLE IF NOT EXISTS articles ("
    " id TEXT PRIMARY KEY, sha256 TEXT NOT NULL, fingerprint TEXT NOT NULL, published TEXT,"
    " added DOUBLE PRECISION, reconciled INTEGER NOT NULL, records TEXT NOT NULL, result TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS events ("
    " id TEXT PRIMARY KEY, day TEXT, first_seen DOUBLE PRECISION, updated DOUBLE PRECISION,"
    " event TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS event_aliases (old TEXT PRIMARY KEY, new TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS batches ("
    " id TEXT PRIMARY KEY, created DOUBLE PRECISION, state TEXT NOT NULL, info TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS batch_requests ("
    " batch TEXT NOT NULL, key TEXT NOT NULL, labels TEXT NOT NULL, state TEXT NOT NULL,"
    " error TEXT, PRIMARY KEY (batch, key))",
)

Op = tuple[str, tuple[Any, ...]]  # one SQL statement (with ? placeholders) and its parameters
_STOP = ("", ())


class Busy(Exception):
    """The database stayed locked by another process for the whole wait."""


class Store(RecordTables, ABC):
    """A store of answers, memos, claims, articles, events and batch jobs (see the module doc)."""

    #: SQL for "now" in seconds since the epoch, on the database's own clock (shared by machines)
    NOW = ""

    def __init__(self, location: str, *, lease: float = LEASE_SECONDS,
                 busy_timeout: float = BUSY_TIMEOUT_SECONDS) -> None:
        self.location = location
        self.lease = lease
        self.busy_timeout = busy_timeout
        self.owner = f"{MACHINE}:{os.getpid()}:{uuid.uuid4().hex[:12]}"
        self._held: set[str] = set()
        self._held_lock = threading.Lock()
        self._pending: dict[str, dict[str, Any]] = {}  # answers queued, not yet committed
        self._pending_memos: dict[tuple[str, str], str] = {}
        self._queue: queue.Queue[Op | list[Op]] = queue.Queue()
        self._warned: set[str] = set()
        self._closed = threading.Event()
        self._threads: list[threading.Thread] = []
        self._write_mutex = threading.Lock()

    def _start_threads(self) -> None:
        """Called by a subclass once its connections are open."""
        for target, name in ((self._write_loop, "store-writer"), (self._heartbeat_loop, "store-heartbeat")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    # ------------------------------------------------------------- what a subclass gives

    @abstractmethod
    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one read (or a claim: one atomic statement) on the caller's connection."""

    @abstractmethod
    def _write(self, ops: Sequence[Op]) -> None:
        """Run `ops` in one transaction on the writer's connection; raise Busy when locked out."""

    @abstractmethod
    def _close_connections(self) -> None: ...

    # ------------------------------------------------------------------ responses

    def get(self, key: str) -> dict[str, Any] | None:
        pending = self._pending.get(key)
        if pending is not None:
            return pending
        rows = self._query("SELECT response FROM responses WHERE key = ?", (key,))
        return json.loads(rows[0][0]) if rows else None

    def put(self, key: str, model: str, response: dict[str, Any]) -> None:
        """Queue the answer for writing; it is served from memory until it is committed."""
        self._pending[key] = response
        data = json.dumps(response, ensure_ascii=False)
        self._queue.put(self._upsert("responses", ("key",), {"key": key, "model": model, "response": data}))

    def memo_get(self, kind: str, key: str) -> str | None:
        """A memoised value of a pure step (`kind` names the step), or None."""
        pending = self._pending_memos.get((kind, key))
        if pending is not None:
            return pending
        rows = self._query("SELECT value FROM memos WHERE kind = ? AND key = ?", (kind, key))
        return str(rows[0][0]) if rows else None

    def memo_put(self, kind: str, key: str, value: str) -> None:
        self._pending_memos[(kind, key)] = value
        self._queue.put(self._upsert("memos", ("kind", "key"), {"kind": kind, "key": key, "value": value}))

    def __bool__(self) -> bool:
        return True  # an empty store is still a store (`if cache:` must not ask len())

    def __len__(self) -> int:
        self.flush()
        return int(self._query("SELECT COUNT(*) FROM responses")[0][0])

    def _upsert(self, table: str, keys: tuple[str, ...], values: dict[str, Any]) -> Op:
        cols = list(values) + (["created"] if table in ("responses", "memos") else [])
        marks = ", ".join(["?"] * len(values) + ([self.NOW] if len(cols) > len(values) else []))
        update = ", ".join(f"{c} = excluded.{c}" for c in cols if c not in keys)
        sql = (f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})"
               f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {update}")
        return sql, tuple(values.values())

    # ------------------------------------------------------------------ claims

    def try_claim(self, name: str) -> bool:
        """Claim `name` for this store's owner unless another live owner holds it."""
        with self._held_lock:
            if name in self._held:  # another task of this run holds it: wait like anyone else
                return False
        sql = (
            f"INSERT INTO claims (name, owner, expires) VALUES (?, ?, {self.NOW} + ?)"
            " ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires = excluded.expires"
            f" WHERE claims.expires < {self.NOW} OR claims.owner = excluded.owner"
        )
        try:
            self._claim_write(sql, (name, self.owner, self.lease))
            got = self._query("SELECT owner FROM claims WHERE name = ?", (name,))
            if got and got[0][0] != self.owner and _dead_here(str(got[0][0])):
                # A run on this machine that was killed: no need to wait out its lease.
                self._claim_write(f"UPDATE claims SET owner = ?, expires = {self.NOW} + ? WHERE name = ? AND owner = ?",
                                  (self.owner, self.lease, name, got[0][0]))
                got = self._query("SELECT owner FROM claims WHERE name = ?", (name,))
        except Busy:
            self._warn("claim", f"{self.location} stayed locked: working without a claim, "
                                "so another run may ask the model for the same answer")
            got = [(self.owner,)]
        if got and got[0][0] == self.owner:
            with self._held_lock:
                if name in self._held:
                    return False
                self._held.add(name)
            return True
        return False

    def _claim_write(self, sql: str, params: Sequence[Any]) -> None:
        """A claim is made at once, on the caller's connection (it needs the answer)."""
        self._query(sql, params)

    def release(self, name: str) -> None:
        with self._held_lock:
            if name not in self._held:
                return
            self._held.discard(name)
        self._queue.put(("DELETE FROM claims WHERE name = ? AND owner = ?", (name, self.owner)))

    def claim_owner(self, name: str) -> str | None:
        """Who holds a live claim on `name` (None when nobody does)."""
        rows = self._query(f"SELECT owner FROM claims WHERE name = ? AND expires >= {self.NOW}", (name,))
        return str(rows[0][0]) if rows else None

    async def wait_or_claim(self, key: str, poll: float = 0.05) -> dict[str, Any] | None:
        """The cached answer, or None once this run holds the claim to ask the model for it.

        While another live run holds the claim, wait for its answer: if it fails (it releases)
        or dies (its lease expires), this run claims the request and asks itself.
        """
        name = "request:" + key
        while True:
            hit = await asyncio.to_thread(self.get, key)
            if hit is not None:
                return hit
            if await asyncio.to_thread(self.try_claim, name):
                hit = await asyncio.to_thread(self.get, key)  # answered between the look and the claim
                if hit is not None:
                    self.release(name)
                return hit
            await asyncio.sleep(poll)
            poll = min(poll * 1.5, 1.0)

    def release_request(self, key: str) -> None:
        self.release("request:" + key)

    def _heartbeat_loop(self) -> None:
        while not self._closed.wait(self.lease / 3):
            with self._held_lock:
                held = sorted(self._held)
            if held:
                self._queue.put([
                    (f"UPDATE claims SET expires = {self.NOW} + ? WHERE name = ? AND owner = ?",
                     (self.lease, name, self.owner)) for name in held
                ])

    # ------------------------------------------------------------------ the writer

    def _write_loop(self) -> None:
        while True:
            first = self._queue.get()
            batch = [first]
            while len(batch) < 500:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            stop = _STOP in batch
            ops = [op for item in batch for op in (item if isinstance(item, list) else [item]) if op != _STOP]
            if ops:
                self._write_soft(ops)
            for _ in batch:
                self._queue.task_done()
            if stop:
                return

    def _write_soft(self, ops: list[Op]) -> None:
        """Write; while another process holds the lock, keep trying (answers stay in memory).

        Once the store is closing, try for `busy_timeout` more seconds, then drop the writes
        with one warning: the run has its answers already, a re-run asks for them again.
        """
        deadline: float | None = None
        while True:
            try:
                with self._write_mutex:
                    self._write(ops)
                break
            except Busy:
                if not self._closed.is_set():
                    self._warn("wait", f"{self.location} is locked by another process: waiting to store "
                                       "answers (this run goes on and uses them)")
                    continue
                deadline = deadline or time.monotonic() + self.busy_timeout
                if time.monotonic() >= deadline:
                    self._warn("write", f"{self.location} stayed locked by another process: {len(ops)} "
                                        "answer(s) or memo(s) not stored (a re-run asks for them again)")
                    break
            except Exception as exc:  # noqa: BLE001 - a failed cache write never fails the run
                self._warn("error", f"{self.location}: could not store answers ({type(exc).__name__}: {exc})")
                break
        for sql, params in ops:
            if sql.startswith("INSERT INTO responses"):
                self._pending.pop(params[0], None)
            elif sql.startswith("INSERT INTO memos"):
                self._pending_memos.pop((params[0], params[1]), None)

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until everything queued so far is written (or given up); False if `timeout` ran out."""
        if not any(t.is_alive() for t in self._threads):
            return True
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._queue.all_tasks_done:
            while self._queue.unfinished_tasks:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self._queue.all_tasks_done.wait(left)
        return True

    def write_now(self, ops: Sequence[Op]) -> None:
        """Write at once, after everything queued (records and events: the product, never dropped).

        Waits for another process's lock as long as it is held: `StoreError` only after
        `busy_timeout` of nothing but waiting.
        """
        deadline = time.monotonic() + self.busy_timeout
        if not self.flush(self.busy_timeout):
            raise StoreError(f"{self.location}: locked by another process for {self.busy_timeout:.0f} s; "
                             "run again when it is done")
        while True:
            try:
                with self._write_mutex:
                    self._write(ops)
                return
            except Busy as exc:
                if time.monotonic() >= deadline:
                    raise StoreError(f"{self.location}: locked by another process for "
                                     f"{self.busy_timeout:.0f} s; run again when it is done") from exc

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """One read, with ? placeholders (for the record and batch tables)."""
        return self._query(sql, params)

    @contextmanager
    def holding(self, name: str, poll: float = 0.05) -> Iterator[None]:
        """Hold the claim `name` (e.g. the one reconciliation lock) until the block ends."""
        while not self.try_claim(name):
            time.sleep(poll)
            poll = min(poll * 1.5, 1.0)
        try:
            yield
        finally:
            self.release(name)
            self.flush()

    def _warn(self, kind: str, message: str) -> None:
        if kind not in self._warned:
            self._warned.add(kind)
            log.warning("%s", message)

    def close(self) -> None:
        if self._closed.is_set():
            return
        with self._held_lock:
            held, self._held = sorted(self._held), set()
        for name in held:
            self._queue.put(("DELETE FROM claims WHERE name = ? AND owner = ?", (name, self.owner)))
        self._closed.set()
        if self._threads and self._threads[0].is_alive():
            self._queue.put(_STOP)
            self._threads[0].join(timeout=self.busy_timeout + 10)
        self._close_connections()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _machine() -> str:
    """This process's host and pid namespace: where a pid means the same process.

    On Linux: the host name, the kernel's boot id and the pid namespace (containers on one
    kernel share the boot id, not the pid namespace). Elsewhere just the host name, and a dead
    owner's claims are left to expire.
    """
    host = socket.gethostname().replace(":", "_")
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()[:8]
        pidns = os.stat("/proc/self/ns/pid").st_ino
    except OSError:
        return host
    return f"{host}/{boot}/{pidns}"


MACHINE = _machine()


def _dead_here(owner: str) -> bool:
    """The owner is a process of this machine (and pid namespace) that no longer runs."""
    machine, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    if machine != MACHINE or "/" not in machine or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, another user's
        return False
    return False
