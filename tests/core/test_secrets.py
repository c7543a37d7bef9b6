"""The API key never lands in the cache, outputs, logs, error messages or cassettes."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from faultserver import ERROR_500, RATE_LIMIT, SCHEMA, UNAUTHORIZED, FaultServer

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from common import write_articles  # noqa: E402

from summarizer.core.settings import Settings  # noqa: E402
from summarizer.pipeline import Summarizer  # noqa: E402

KEY = "sk-test-SECRET123-do-not-leak-9f8e7d"
ROOT = Path(__file__).resolve().parents[2]
LEAKS = [re.compile(re.escape(KEY)), re.compile("SECRET123"),
         re.compile(r"authorization", re.I), re.compile(r"\bbearer\s+\S", re.I)]


def leaks(text: str) -> list[str]:
    return [p.pattern for p in LEAKS if p.search(text)]


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with FaultServer() as s:
        s.always(SCHEMA, match="A0001")  # invalid output, with the last output in the error
        s.always(UNAUTHORIZED, match="A0003")  # a server that echoes the key back in its error
        s.script(RATE_LIMIT, match="A0004")  # Retry-After 0: retried at once
        yield s


def scan_tree(folder: Path) -> dict[str, list[str]]:
    found = {}
    for path in folder.rglob("*"):
        if path.is_file():
            hits = leaks(path.read_bytes().decode("utf-8", "replace"))
            if hits:
                found[str(path)] = hits
    return found


@pytest.fixture(autouse=True)
def _fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("summarizer.extraction.retry.wait_exponential_jitter", lambda **_: lambda state: 0.01)


async def test_key_is_not_in_cache_results_errors_or_logs(
    server: FaultServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    server.always(ERROR_500, match="A0002")  # attempts run out (the backoff is patched short)
    paths = write_articles(tmp_path / "articles", 6)
    settings = Settings(model="fake", base_url=server.base_url, api_key=KEY, max_attempts=3,
                        cache_dir=tmp_path / "cache")
    summarizer = Summarizer(settings)
    results = await summarizer.aextract(paths)
    assert server.authorization == f"Bearer {KEY}"  # the key really was in play
    errors = [r.error for r in results if r.error]
    assert len(errors) == 3 and any("401" in e for e in errors)
    assert len([r for r in results if not r.error]) == 3

    assert not leaks("\n".join(errors))
    assert not leaks("".join(r.model_dump_json() for r in results))
    assert not leaks(summarizer.briefing(results).model_dump_json())
    assert not leaks(caplog.text)
    assert not leaks(repr(settings)) and not leaks(repr(summarizer.settings))
    assert not scan_tree(tmp_path / "cache")


def test_cli_outputs_and_messages_hold_no_key(server: FaultServer, tmp_path: Path) -> None:
    write_articles(tmp_path / "articles", 5)
    env = {**os.environ, "OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": KEY,
           "SUMMARIZER_MODEL": "fake", "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}
    outputs = []
    for args in (["extract", "-o", str(tmp_path / "out" / "r.jsonl")],
                 ["brief", "-f", "json", "-o", str(tmp_path / "out" / "b.json")],
                 ["brief", "-f", "html", "-o", str(tmp_path / "out" / "b.html")]):
        proc = subprocess.run([sys.executable, "-m", "summarizer", args[0], str(tmp_path / "articles"),
                               *args[1:], "-q"], env=env, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 1, proc.stderr  # some articles failed, the rest were delivered
        assert "0003.txt" in proc.stderr and "401" in proc.stderr and "[redacted]" in proc.stderr
        assert "A0001" not in proc.stderr and "0001.txt" in proc.stderr
        outputs.append(proc.stdout + proc.stderr)
    assert not leaks("\n".join(outputs))
    assert not scan_tree(tmp_path / "out")
    assert not scan_tree(tmp_path / "cache")


def test_cassettes_hold_no_credentials() -> None:
    """Recorded HTTP must have its Authorization header filtered (any key, not only ours)."""
    found = {}
    for path in (ROOT / "cassettes").rglob("*"):
        if path.is_file():
            text = path.read_bytes().decode("utf-8", "replace")
            hits = leaks(text) + [m for m in re.findall(r"sk-[A-Za-z0-9_-]{16,}", text) if "DUMMY" not in m]
            if hits:
                found[str(path.relative_to(ROOT))] = hits
    assert not found
