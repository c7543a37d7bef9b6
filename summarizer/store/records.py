"""The store's tables beyond the cache: verified articles, the standing events, batch jobs."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import TypeAdapter

from ..core.types import ArticleResult, Event, EventRecord

_RECORDS = TypeAdapter(list[EventRecord])
Op = tuple[str, tuple[Any, ...]]
FINAL = ("completed", "failed", "expired", "cancelled", "collected")


class RecordTables:
    """Methods over the shared SQL of `Store` (mixed into it); every write is committed at once."""

    NOW: str

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def write_now(self, ops: Sequence[Op]) -> None:
        raise NotImplementedError

    # ------------------------------------------------------------------ articles

    def save_article(self, result: ArticleResult, fingerprint: str) -> None:
        """Keep an article's verified result; a changed one is reconciled again."""
        data = result.model_dump_json()
        old = self.query("SELECT result, fingerprint FROM articles WHERE id = ?", (result.article.id,))
        if old and old[0] == (data, fingerprint):
            return
        records = _RECORDS.dump_json(result.records).decode("utf-8")
        published = result.article.published.isoformat() if result.article.published else None
        self.write_now([(
            "INSERT INTO articles (id, sha256, fingerprint, published, added, reconciled, records, result)"
            f" VALUES (?, ?, ?, ?, {self.NOW}, 0, ?, ?) ON CONFLICT (id) DO UPDATE SET"
            " sha256 = excluded.sha256, fingerprint = excluded.fingerprint, published = excluded.published,"
            " reconciled = 0, records = excluded.records, result = excluded.result",
            (result.article.id, result.article.sha256, fingerprint, published, records, data),
        )])

    def stored_article(self, article_id: str, sha256: str, fingerprint: str) -> ArticleResult | None:
        """The stored result for this very file, verified by this very code, or None."""
        rows = self.query("SELECT result FROM articles WHERE id = ? AND sha256 = ? AND fingerprint = ?",
                          (article_id, sha256, fingerprint))
        return ArticleResult.model_validate_json(rows[0][0]) if rows else None

    def article_results(self, ids: Iterable[str]) -> list[ArticleResult]:
        wanted = sorted(set(ids))
        out: list[ArticleResult] = []
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ", ".join("?" * len(chunk))
            rows = self.query(f"SELECT result FROM articles WHERE id IN ({marks}) ORDER BY id", chunk)
            out.extend(ArticleResult.model_validate_json(r[0]) for r in rows)
        return out

    def all_records(self) -> tuple[list[EventRecord], set[str]]:
        """Every stored record, and the ids of the articles not reconciled since they changed."""
        records: list[EventRecord] = []
        changed: set[str] = set()
        for article_id, reconciled, data in self.query("SELECT id, reconciled, records FROM articles ORDER BY id"):
            records.extend(_RECORDS.validate_json(data))
            if not reconciled:
                changed.add(article_id)
        return records, changed

    def article_texts(self) -> dict[str, str]:
        """Every delivered article's text by id (for finding copies among them)."""
        rows = self.query("SELECT id, result FROM articles ORDER BY id")
        return {str(i): str(json.loads(data)["article"]["text"]) for i, data in rows}

    # ------------------------------------------------------------------ events

    def load_events(self) -> list[Event]:
        return [Event.model_validate_json(r[0]) for r in self.query("SELECT event FROM events ORDER BY id")]

    def replace_events(self, events: Sequence[Event], aliases: dict[str, str], reconciled: Iterable[str]) -> None:
        """The whole standing event list after a reconciliation, in one transaction."""
        keep = {ev.id for ev in events}
        old = {r[0]: r[1] for r in self.query("SELECT id, event FROM events")}
        ops: list[Op] = [("DELETE FROM events WHERE id = ?", (i,)) for i in sorted(set(old) - keep)]
        for ev in events:
            data = ev.model_dump_json()
            if old.get(ev.id) == data:
                continue
            day = ev.date.value.isoformat() if ev.date.value else None
            ops.append((
                f"INSERT INTO events (id, day, first_seen, updated, event) VALUES (?, ?, {self.NOW}, {self.NOW}, ?)"
                " ON CONFLICT (id) DO UPDATE SET day = excluded.day, updated = excluded.updated,"
                " event = excluded.event",
                (ev.id, day, data),
            ))
        for old_id, new_id in sorted(aliases.items()):
            ops.append(("INSERT INTO event_aliases (old, new) VALUES (?, ?)"
                        " ON CONFLICT (old) DO UPDATE SET new = excluded.new", (old_id, new_id)))
        ops.extend(("UPDATE articles SET reconciled = 1 WHERE id = ?", (i,)) for i in sorted(set(reconciled)))
        self.write_now(ops)

    def resolve_event(self, event_id: str) -> str:
        """The id an event has now (an event merged into another answers to its old id too)."""
        seen = {event_id}
        while rows := self.query("SELECT new FROM event_aliases WHERE old = ?", (event_id,)):
            event_id = str(rows[0][0])
            if event_id in seen:
                break
            seen.add(event_id)
        return event_id

    # ------------------------------------------------------------------ batch jobs

    def add_batch(self, batch_id: str, state: str, info: dict[str, Any],
                  requests: Sequence[tuple[str, Sequence[str]]]) -> None:
        ops: list[Op] = [(f"INSERT INTO batches (id, created, state, info) VALUES (?, {self.NOW}, ?, ?)",
                          (batch_id, state, json.dumps(info)))]
        ops.extend(("INSERT INTO batch_requests (batch, key, labels, state, error) VALUES (?, ?, ?, 'submitted', NULL)",
                    (batch_id, key, json.dumps(list(labels), ensure_ascii=False))) for key, labels in requests)
        self.write_now(ops)

    def batches(self) -> list[tuple[str, float, str, dict[str, Any]]]:
        rows = self.query("SELECT id, created, state, info FROM batches ORDER BY created, id")
        return [(str(i), float(c), str(s), json.loads(info)) for i, c, s, info in rows]

    def update_batch(self, batch_id: str, state: str, info: dict[str, Any],
                     requests: Sequence[tuple[str, str, str | None]] = ()) -> None:
        ops: list[Op] = [("UPDATE batches SET state = ?, info = ? WHERE id = ?", (state, json.dumps(info), batch_id))]
        ops.extend(("UPDATE batch_requests SET state = ?, error = ? WHERE batch = ? AND key = ?",
                    (st, err, batch_id, key)) for key, st, err in requests)
        self.write_now(ops)

    def batch_requests(self, batch_id: str) -> list[tuple[str, list[str], str, str | None]]:
        rows = self.query("SELECT key, labels, state, error FROM batch_requests WHERE batch = ? ORDER BY key",
                          (batch_id,))
        return [(str(k), json.loads(labels), str(st), err) for k, labels, st, err in rows]

    def keys_in_flight(self) -> set[str]:
        """Requests submitted in a batch that has not ended: not to be submitted again."""
        marks = ", ".join("?" * len(FINAL))
        rows = self.query(
            "SELECT r.key FROM batch_requests r JOIN batches b ON b.id = r.batch"
            f" WHERE r.state = 'submitted' AND b.state NOT IN ({marks})", FINAL)
        return {str(r[0]) for r in rows}
