from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner, Result

from summarizer.core.types import Article

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))  # synthetic articles (bench/common.py)

if TYPE_CHECKING:
    from faultserver import FaultServer

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's keys or writes the developer's cache."""
    from summarizer.core.settings import ENVIRONMENT

    for var in {"OPENAI_API_KEY", "OPENAI_BASE_URL", *(v for v, _ in ENVIRONMENT.values())}:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))


def seed(prefix: str, published: dt.date | None, language: str = "uk") -> Article:
    """A seed article with its date line cut, as ingest leaves it (no boilerplate removed)."""
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    raw = path.read_text(encoding="utf-8")
    text = re.sub(r"^\s*date \d{4}-\d{2}-\d{2}\s*", "", raw)
    return Article(id=path.name, path=str(path), text=text, raw_text=raw, language=language,
                   published=published, sha256="0" * 64)


@pytest.fixture
def seed_paths() -> list[Path]:
    """The five seed articles, in order."""
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture
def fault_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[FaultServer]:
    """A fault server that the CLI and `Settings.from_env()` point at; retry backoff cut to 10 ms.

    No recall pass: each article costs two asks (its events, then one translation of the sentence
    the fake cites, which opens the article), so a fault scripted for an article meets both.
    """
    from faultserver import FaultServer

    monkeypatch.setattr("summarizer.extraction.retry.wait_exponential_jitter", lambda **_: lambda state: 0.01)
    with FaultServer() as s:
        monkeypatch.setenv("OPENAI_BASE_URL", s.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test-fault-env")
        monkeypatch.setenv("SUMMARIZER_MODEL", "fake")
        monkeypatch.setenv("SUMMARIZER_RECALL_PASS", "0")
        yield s


@pytest.fixture
def fault_server(fault_env: FaultServer) -> FaultServer:
    """The same fault server (the name the input tests use)."""
    return fault_env


def run_cli(*args: object, input: str | None = None) -> Result:  # noqa: A002 - click's name
    """The CLI in-process, stderr apart; a traceback fails the test."""
    from summarizer.cli import main

    result = CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def error_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]
