"""A persistent response cache: SQLite in WAL mode, keyed by the whole request.

Beside the responses it keeps memos of pure, costly steps (token counts, verified records), so a
re-run of the same input neither loads the tokenizer nor verifies again.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any


def request_key(request: dict[str, Any]) -> str:
    """A stable hash of everything that shapes the answer (model, messages, schema, sampling)."""
    canonical = json.dumps(request, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class ResponseCache:
    """Model responses by request key; every put is its own committed transaction.

    WAL mode keeps readers and a writer apart and makes a killed process leave the
    database consistent: a response is either wholly stored or not at all.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(self.path), check_same_thread=False, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS responses ("
            " key TEXT PRIMARY KEY, model TEXT, created REAL, response TEXT NOT NULL)"
        )
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS memos ("
            " kind TEXT NOT NULL, key TEXT NOT NULL, created REAL, value TEXT NOT NULL,"
            " PRIMARY KEY (kind, key))"
        )
        self._db.commit()

    def get(self, key: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute("SELECT response FROM responses WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, key: str, model: str, response: dict[str, Any]) -> None:
        data = json.dumps(response, ensure_ascii=False)
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO responses (key, model, created, response) VALUES (?,?,?,?)",
                (key, model, time.time(), data),
            )

    def memo_get(self, kind: str, key: str) -> str | None:
        """A memoised value of a pure step (`kind` names the step), or None."""
        with self._lock:
            row = self._db.execute("SELECT value FROM memos WHERE kind = ? AND key = ?", (kind, key)).fetchone()
        return str(row[0]) if row else None

    def memo_put(self, kind: str, key: str, value: str) -> None:
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO memos (kind, key, created, value) VALUES (?,?,?,?)",
                (kind, key, time.time(), value),
            )

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM responses").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()
