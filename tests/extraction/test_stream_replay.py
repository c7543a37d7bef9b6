"""Streamed answers record and replay with vcrpy, as the cassettes will once re-recorded streaming.

Recorded here from the fault server into a temporary cassette (cassettes/ holds only recordings of
the real model), then replayed with the server gone.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import vcr
from common import write_articles
from faultserver import FaultServer

from summarizer.core.settings import Settings
from summarizer.pipeline import Summarizer


def run(base_url: str, tmp_path: Path, paths: list[Path], cache: str) -> list[str]:
    settings = Settings(model="fake", base_url=base_url, api_key="sk-test-replay", cache_dir=tmp_path / cache,
                        max_attempts=1, stream=True)
    results = asyncio.run(Summarizer(settings).aextract(paths))
    assert all(r.error is None and r.records for r in results), [r.error for r in results]
    return [r.model_dump_json(include={"summary_en", "records"}) for r in results]


def test_a_streamed_run_replays_from_a_cassette(tmp_path: Path) -> None:
    paths = write_articles(tmp_path / "articles", 2)
    cassette = str(tmp_path / "streamed.yaml")
    recorder = vcr.VCR(match_on=["method", "path", "body"], filter_headers=["authorization"])
    with FaultServer() as server:
        base_url = server.base_url
        with recorder.use_cassette(cassette, record_mode="all"):
            recorded = run(base_url, tmp_path, paths, "c1")
        assert all(s.body["stream"] for s in server.seen)
    assert "text/event-stream" in Path(cassette).read_text(encoding="utf-8")
    with recorder.use_cassette(cassette, record_mode="none"):  # the server is gone: replay only
        replayed = run(base_url, tmp_path, paths, "c2")
    assert replayed == recorded
