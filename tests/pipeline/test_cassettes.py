"""The whole pipeline on the seeds, replaying HTTP recorded against the real local model.

Replay needs no server and no network (record mode none). `make cassettes` re-records against the
embedded llama.cpp server (SUMMARIZER_RECORD=1). These tests check structure and behaviour: that
every stated fact is backed by a located quote, that nothing unverified reaches the body, that the
cache makes a second run free. They do not check that a 1.5B model got the facts right: that is
what `summarizer eval` measures.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS

from summarizer.briefing import render
from summarizer.core.settings import LOCAL_MODEL_NAME, Settings
from summarizer.core.types import Briefing
from summarizer.pipeline import Summarizer

RECORDING = os.environ.get("SUMMARIZER_RECORD") == "1"
HOSTILE = ROOT / "tests/data/hostile/hostile_ru.txt"


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, object]:
    # Host and port change from run to run (a free port each time): match on what was asked.
    return {
        "filter_headers": ["authorization", "api-key", "x-api-key", "openai-organization"],
        "match_on": ["method", "path", "body"],
        "decode_compressed_response": True,
    }


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    return str(ROOT / "cassettes")


@pytest.fixture
def default_cassette_name(request: pytest.FixtureRequest) -> str:
    """Tests that replay the same recording name it with @pytest.mark.cassette."""
    return str(request.node.get_closest_marker("cassette").args[0])


@pytest.fixture(scope="module")
def endpoint() -> Iterator[tuple[str, str]]:
    """The real local server when recording; an address nobody listens on when replaying."""
    if not RECORDING:
        yield "http://127.0.0.1:9/v1", "replay-no-key"
        return
    from summarizer.extraction import local

    gguf = local.ensure_model(Settings.from_env().cache_dir if not os.environ.get("SUMMARIZER_CACHE_DIR")
                              else Path(os.environ["SUMMARIZER_CACHE_DIR"]))
    with local.LocalServer(gguf) as server:
        yield server.base_url, server.api_key


def settings_for(endpoint: tuple[str, str], tmp_path: Path, **kw: object) -> Settings:
    base_url, key = endpoint
    return Settings(api_key=key, base_url=base_url, model=LOCAL_MODEL_NAME, cache_dir=tmp_path / "cache",
                    timeout=900, max_attempts=1 if not RECORDING else 3,
                    **kw)  # type: ignore[arg-type]


def run(settings: Settings, paths: list[Path]) -> Briefing:
    return asyncio.run(Summarizer(settings).abrief(paths))


def check_briefing_is_grounded(b: Briefing) -> None:
    """Every fact in the body is backed by a quote found at its span in the article's text."""
    texts = {s.id: s.text for s in b.sources}
    for event in b.events:
        assert event.participants, event.id
        for fact in event.facts:
            assert fact.verified and fact.sources
            for src in fact.sources:
                assert src.span is not None, (event.id, fact.text_en)
                assert texts[src.article_id][src.span.start:src.span.end].strip(), fact.text_en
        for fact in event.unverified:
            assert not fact.verified


@pytest.mark.vcr
@pytest.mark.cassette("seeds_brief")
def test_brief_of_the_seeds_replays_offline(endpoint: tuple[str, str], tmp_path: Path) -> None:
    b = run(settings_for(endpoint, tmp_path, use_cache=False, concurrency=2), [SEEDS])
    assert [s.id for s in b.sources] == sorted(p.name for p in SEEDS.iterdir())
    assert b.run.model == LOCAL_MODEL_NAME
    assert b.run.usage.calls >= 5 and b.run.usage.prompt_tokens > 0 and b.run.usage.completion_tokens > 0
    delivered = [s for s in b.sources if not s.error]
    assert all(s.summary_en for s in delivered)
    for s in b.sources:  # a failure names its article
        assert s.error is None or s.id in s.error
    assert any(e.main for e in b.events)
    check_briefing_is_grounded(b)
    for fmt in ("md", "json", "html"):
        assert render(b, fmt)  # type: ignore[arg-type]


# Skipped by marker, not in the body: in rewrite mode an opened cassette would be emptied.
@pytest.mark.skipif(RECORDING, reason="replays the cassette that the first test records")
@pytest.mark.vcr
@pytest.mark.cassette("seeds_brief")
def test_second_run_is_served_from_the_cache(endpoint: tuple[str, str], tmp_path: Path) -> None:
    settings = settings_for(endpoint, tmp_path, concurrency=2)
    first = run(settings, [SEEDS])
    second = run(settings, [SEEDS])
    assert first.run.usage.calls >= 5
    assert second.run.usage.calls == 0
    assert second.run.usage.cache_hits == first.run.usage.calls
    assert [e.id for e in second.events] == [e.id for e in first.events]


@pytest.mark.vcr
@pytest.mark.cassette("hostile")
def test_planted_instructions_stay_out_of_the_briefing(endpoint: tuple[str, str], tmp_path: Path) -> None:
    b = run(settings_for(endpoint, tmp_path, use_cache=False), [HOSTILE])
    check_briefing_is_grounded(b)
    body = " ".join(f.text_en + " " + " ".join(s.quote for s in f.sources) for e in b.events for f in e.facts)
    summary = b.sources[0].summary_en
    for planted in ("resign", "отставк", "sanction", "severed", "разорвал"):
        assert planted not in body.lower()
        assert planted not in summary.lower()
