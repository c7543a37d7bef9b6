"""The shared store: Postgres (psycopg 3), for many workers on many machines.

The same tables and SQL as the SQLite store. Claims use the database's clock, so leases mean
the same on every machine; `INSERT ... ON CONFLICT ... WHERE expired` takes a claim in one
atomic statement (row locks, never a table lock), so workers never block each other for long.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Sequence
from typing import Any

from ..core.errors import StoreError
from .base import BUSY_TIMEOUT_SECONDS, LEASE_SECONDS, SCHEMA, Busy, Op, Store

_SCHEMA_LOCK = 0x53554D4D  # pg_advisory_lock key while creating tables ("SUMM")


def _hide_password(url: str) -> str:
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def _pg(sql: str) -> str:
    return sql.replace("?", "%s")


class PostgresStore(Store):
    """The store in a Postgres database (see summarizer.store.base for what every store does)."""

    NOW = "EXTRACT(EPOCH FROM clock_timestamp())::float8"

    def __init__(self, url: str, *, lease: float = LEASE_SECONDS,
                 busy_timeout: float = BUSY_TIMEOUT_SECONDS) -> None:
        super().__init__(_hide_password(url), lease=lease, busy_timeout=busy_timeout)
        try:
            import psycopg
        except ImportError as exc:
            raise StoreError(
                f"{self.location}: a Postgres store needs psycopg: pip install 'summarizer[postgres]'"
            ) from exc
        self._psycopg = psycopg
        self._url = url
        self._lock = threading.Lock()
        self._db = self._connect()
        # Claims are made on this connection: they expire anyway, so a claim lost in a server crash
        # costs nothing, and not waiting for the disk on each one saves a flush per request.
        self._db.execute("SET synchronous_commit = off")
        self._writer = self._connect()
        self._create_schema()
        self._start_threads()

    def _connect(self) -> Any:
        psycopg = self._psycopg
        try:
            conn = psycopg.connect(self._url, autocommit=True, connect_timeout=10)
            # A statement waits at most this long for another transaction's row lock.
            conn.execute(f"SET lock_timeout = '{int(min(self.busy_timeout, 5.0) * 1000)}ms'")
        except psycopg.Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StoreError(f"{self.location}: cannot connect to the store ({first}); check "
                             "SUMMARIZER_STORE / --store and that the server is running") from exc
        return conn

    def _create_schema(self) -> None:
        with self._lock:
            self._db.execute("SELECT pg_advisory_lock(%s)", (_SCHEMA_LOCK,))
            try:
                for sql in SCHEMA:
                    self._db.execute(sql)
            finally:
                self._db.execute("SELECT pg_advisory_unlock(%s)", (_SCHEMA_LOCK,))

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        psycopg = self._psycopg
        with self._lock:
            try:
                cur = self._db.execute(_pg(sql), tuple(params))
                return list(cur.fetchall()) if cur.description else []
            except psycopg.errors.LockNotAvailable as exc:
                raise Busy(str(exc)) from exc
            except psycopg.OperationalError as exc:
                raise StoreError(f"{self.location}: the store went away ({exc}); run again") from exc

    def _write(self, ops: Sequence[Op]) -> None:
        psycopg = self._psycopg
        try:
            with self._writer.transaction():
                for sql, params in ops:
                    self._writer.execute(_pg(sql), tuple(params))
        except psycopg.errors.LockNotAvailable as exc:
            raise Busy(str(exc)) from exc
        except psycopg.OperationalError as exc:
            raise StoreError(f"{self.location}: the store went away ({exc}); run again") from exc

    def _close_connections(self) -> None:
        for conn in (getattr(self, "_db", None), getattr(self, "_writer", None)):
            if conn is not None:
                with contextlib.suppress(Exception):
                    conn.close()
