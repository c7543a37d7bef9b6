from __future__ import annotations

import datetime as dt
import os
import re
import sys
import urllib.parse
import uuid
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


# ------------------------------------------------------------------ a real Postgres server

DEFAULT_POSTGRES = "postgresql:///postgres?host=/var/run/postgresql"


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A database of its own on a real Postgres server, dropped at the end; its URL.

    SUMMARIZER_TEST_POSTGRES names a server and a role that may create databases (.ci/run sets
    it). Without a reachable server the Postgres tests skip, except where
    SUMMARIZER_TEST_POSTGRES_REQUIRED is set (in CI): there they fail.
    """
    import psycopg

    admin = os.environ.get("SUMMARIZER_TEST_POSTGRES") or DEFAULT_POSTGRES
    try:
        conn = psycopg.connect(admin, autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        reason = f"no Postgres server reachable at {admin} ({str(exc).strip().splitlines()[0]}); " \
                 "set SUMMARIZER_TEST_POSTGRES to a URL whose role may create databases"
        if os.environ.get("SUMMARIZER_TEST_POSTGRES_REQUIRED"):
            pytest.fail(reason)
        pytest.skip(reason)
    name = f"summarizer_test_{uuid.uuid4().hex[:10]}"
    with conn:
        conn.execute(f"CREATE DATABASE {name}")
        try:
            parts = urllib.parse.urlsplit(admin)
            yield f"{parts.scheme}://{parts.netloc}/{name}" + (f"?{parts.query}" if parts.query else "")
        finally:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def postgres_url(postgres_database: str) -> str:
    """The test database, emptied of every table's rows."""
    import psycopg

    with psycopg.connect(postgres_database, autocommit=True) as conn:
        tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        if tables:
            conn.execute("TRUNCATE " + ", ".join(tables))
    return postgres_database


@pytest.fixture(params=["sqlite", "postgres"])
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's store lives: a SQLite file, or a fresh Postgres database (each test runs on both)."""
    if request.param == "postgres":
        return str(request.getfixturevalue("postgres_url"))
    return str(tmp_path / "store.sqlite3")


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
