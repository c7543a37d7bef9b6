"""The embedded store: one SQLite file in WAL mode, private to its user (0600).

WAL keeps readers and the writer apart and makes a killed process leave the file consistent:
an answer is either wholly stored or not at all. Each connection waits for another process's
lock (busy timeout) instead of failing with "database is locked".
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..core.errors import StoreError
from .base import BUSY_TIMEOUT_SECONDS, LEASE_SECONDS, SCHEMA, Busy, Op, Store

# One attempt at a write waits this long for the lock; the writer then tries again (base.Store).
ATTEMPT_SECONDS = 5.0


def damaged(path: Path, exc: Exception) -> StoreError:
    return StoreError(
        f"{path}: the cache file is damaged or not a summarizer cache ({exc}); move it away "
        f"(mv '{path}' '{path}.damaged') and run again: the answers it held are asked for anew"
    )


class SQLiteStore(Store):
    """The store in one SQLite file (see summarizer.store.base for what every store does)."""

    NOW = "((julianday('now') - 2440587.5) * 86400.0)"

    def __init__(self, path: Path | str, *, lease: float = LEASE_SECONDS,
                 busy_timeout: float = BUSY_TIMEOUT_SECONDS) -> None:
        self.path = Path(path)
        super().__init__(str(self.path), lease=lease, busy_timeout=busy_timeout)
        _private_file(self.path)
        self._attempt = min(ATTEMPT_SECONDS, busy_timeout)
        self._lock = threading.Lock()
        self._db = self._connect(self._attempt)
        self._writer = self._connect(self._attempt)
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError as exc:
            if not _locked(exc):
                raise damaged(self.path, exc) from exc
        except sqlite3.DatabaseError as exc:
            self._close_connections()
            raise damaged(self.path, exc) from exc
        self._create_schema()
        self._start_threads()

    def _connect(self, timeout: float) -> sqlite3.Connection:
        try:
            db = sqlite3.connect(str(self.path), check_same_thread=False, timeout=timeout, isolation_level=None)
            db.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.DatabaseError as exc:
            raise damaged(self.path, exc) from exc
        return db

    def _create_schema(self) -> None:
        have = {row[0] for row in self._query("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = [sql for sql in SCHEMA if sql.split()[5] not in have]
        if missing:
            try:
                self._write([(sql, ()) for sql in missing])
            except Busy as exc:
                raise StoreError(f"{self.path}: locked by another process for {self.busy_timeout:.0f} s "
                                 "while creating the cache; run again when it is done") from exc

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return self._db.execute(sql, params).fetchall()
            except sqlite3.OperationalError as exc:
                if _locked(exc):
                    raise Busy(str(exc)) from exc
                raise damaged(self.path, exc) from exc
            except sqlite3.DatabaseError as exc:
                raise damaged(self.path, exc) from exc

    def _write(self, ops: Sequence[Op]) -> None:
        db = self._writer
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if _locked(exc):
                raise Busy(str(exc)) from exc
            raise damaged(self.path, exc) from exc
        try:
            for sql, params in ops:
                db.execute(sql, params)
            db.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError) and _locked(exc):
                raise Busy(str(exc)) from exc
            if isinstance(exc, (sqlite3.IntegrityError, sqlite3.ProgrammingError)):
                raise
            raise damaged(self.path, exc) from exc

    def _close_connections(self) -> None:
        for db in (getattr(self, "_db", None), getattr(self, "_writer", None)):
            if db is not None:
                with contextlib.suppress(sqlite3.Error):
                    db.close()


def _locked(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _private_file(path: Path) -> None:
    """Create the file 0600 (it holds article texts and answers); tighten an older 0644 one."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    except OSError as exc:
        raise StoreError(f"{path}: cannot open the cache ({exc.strerror}); "
                         "set SUMMARIZER_CACHE_DIR to a folder you can write") from exc
    try:
        if os.fstat(fd).st_mode & 0o077:
            with contextlib.suppress(OSError):
                os.fchmod(fd, 0o600)
    finally:
        os.close(fd)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        with contextlib.suppress(OSError):
            if side.stat().st_mode & 0o077:
                side.chmod(0o600)
