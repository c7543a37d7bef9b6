from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import pytest

from summarizer.core.types import Article

sys.path.insert(0, str(Path(__file__).parent))

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
