"""The standing event record: ingest adds articles and reconciles them with the stored events;
ids stay put as articles join; brief --since / --event render from the store."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from faultserver import FaultServer

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from common import synthetic_article, write_articles  # noqa: E402

from summarizer.cli import main  # noqa: E402
from summarizer.core.types import Event, EventDate  # noqa: E402
from summarizer.reconciliation import carry_ids  # noqa: E402


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FaultServer]:
    with FaultServer() as s:
        monkeypatch.setenv("OPENAI_BASE_URL", s.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test-standing")
        monkeypatch.setenv("SUMMARIZER_MODEL", "fake")
        yield s


def events_of(result: Result) -> list[dict[str, Any]]:
    assert result.exit_code == 0, result.stderr
    return list(json.loads(result.stdout)["events"])


def test_an_event_keeps_its_id_as_articles_join(server: FaultServer, store_target: str, tmp_path: Path) -> None:
    text = synthetic_article(7)
    for name in ("b.txt", "a.txt"):  # the same report twice: one event
        (tmp_path / name).write_text(text, encoding="utf-8")
    first = events_of(run("brief", "--store", store_target, str(tmp_path / "b.txt"), "-f", "json", "-q"))
    assert len(first) == 1 and first[0]["articles"] == ["b.txt"]
    joined = run("ingest", str(tmp_path / "a.txt"), "--store", store_target, "-q")
    assert "1 event(s)" in joined.stdout and "(0 new, 1 changed)" in joined.stdout, joined.stdout
    (event,) = events_of(run("brief", "--event", first[0]["id"], "--store", store_target, "-f", "json"))
    # Reconciled from scratch, its first record would be a.txt's and its id another: the id stays.
    assert event["id"] == first[0]["id"] and event["articles"] == ["a.txt", "b.txt"]
    fresh = tmp_path / "fresh.sqlite3"
    assert run("ingest", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--store", str(fresh), "-q").exit_code == 0
    (scratch,) = events_of(run("brief", "--since", "1900-01-01", "--store", str(fresh), "-f", "json"))
    assert scratch["id"] != event["id"]
    assert {k: v for k, v in scratch.items() if k != "id"} == {k: v for k, v in event.items() if k != "id"}


def test_ingest_in_steps_equals_ingest_at_once(server: FaultServer, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    paths = write_articles(folder, 12)
    steps, once = tmp_path / "steps.sqlite3", tmp_path / "once.sqlite3"
    for chunk in (paths[:5], paths[5:9], paths[9:]):
        assert run("ingest", *map(str, chunk), "--store", str(steps), "-q").exit_code == 0
    assert run("ingest", str(folder), "--store", str(once), "-q").exit_code == 0

    def shape(store: Path) -> list[Any]:
        events = events_of(run("brief", "--since", "1900-01-01", "--store", str(store), "-f", "json"))
        return sorted(json.dumps({k: v for k, v in e.items() if k not in ("id", "related")}) for e in events)

    assert shape(steps) == shape(once)


def test_brief_since_and_event_render_from_the_store_without_a_call(
    server: FaultServer, store_target: str, tmp_path: Path
) -> None:
    write_articles(tmp_path / "articles", 6)  # published 2026-02-01 .. 2026-02-06
    assert run("ingest", str(tmp_path / "articles"), "--store", store_target, "-q").exit_code == 0
    server.reset()
    # 0002 and 0005 report calls dated 2026-02-03 ("on Tuesday"); the others are undated and count
    # from their article's publication.
    def sources(since: str) -> list[str]:
        out = run("brief", "--since", since, "--store", store_target, "-f", "json")
        assert out.exit_code == 0, out.stderr
        return sorted(s["id"] for s in json.loads(out.stdout)["sources"])

    assert sources("2026-02-04") == ["0003.txt", "0004.txt"]
    assert sources("2026-02-03") == ["0002.txt", "0003.txt", "0004.txt", "0005.txt"]
    assert len(sources("1900-01-01")) == 6 and server.seen == []
    missing = run("brief", "--event", "no-such-event", "--store", store_target)
    assert missing.exit_code == 1 and "no such event" in missing.stderr and "Traceback" not in missing.stderr


def event(eid: str, *records: str) -> Event:
    return Event(id=eid, kind="call", title=eid, main=True, participants=[], date=EventDate(),
                 records=list(records), articles=sorted({r.split("#")[0] for r in records}))


def test_carry_ids_grow_merge_split() -> None:
    old = [event("A", "a#0", "b#0"), event("B", "c#0")]
    # A grows; B and A merge into one new event holding most of A: it keeps A, B becomes an alias.
    events, aliases = carry_ids(old, [event("x", "a#0", "b#0", "c#0", "d#0")])
    assert [e.id for e in events] == ["A"] and aliases == {"B": "A"}
    # A splits: the part with most of its records keeps A, the other keeps its own new id.
    events, aliases = carry_ids([event("A", "a#0", "b#0", "c#0")], [event("y", "c#0"), event("x", "a#0", "b#0")])
    assert [e.id for e in events] == ["y", "A"] and aliases == {}
    # A retired id is never given to another event.
    events, _ = carry_ids([event("A", "a#0"), event("B", "b#0")], [event("A", "b#0"), event("B", "z#0")])
    assert [e.id for e in events] == ["B", "B-2"]
