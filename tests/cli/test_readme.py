"""The README's examples run: Python blocks and `summarizer ...` lines, replayed from the seeds cassette."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from summarizer.cli import main
from summarizer.core.settings import LOCAL_MODEL_NAME

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", README, re.S)
PYTHON = [code for lang, code in BLOCKS if lang == "python"]
COMMANDS = [
    line.split("#", 1)[0].strip()
    for lang, code in BLOCKS if lang == "sh"
    for line in code.splitlines()
    if line.strip().startswith("summarizer ") and "|" not in line
]


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, object]:
    # The examples ask for the same articles more than once (brief, then extract).
    return {"filter_headers": ["authorization"], "match_on": ["method", "path", "body"],
            "allow_playback_repeats": True}


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    return str(ROOT / "cassettes")


@pytest.fixture
def default_cassette_name() -> str:
    return "seeds_brief"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder laid out like a checkout (seeds and eval data), pointed at the replayed endpoint."""
    work = tmp_path / "main"
    work.mkdir()
    (work / "seeds").symlink_to(ROOT / "seeds")
    (work / "eval").symlink_to(ROOT / "eval")
    monkeypatch.chdir(work)
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("OPENAI_API_KEY", "replay-no-key")
    monkeypatch.setenv("SUMMARIZER_MODEL", LOCAL_MODEL_NAME)
    monkeypatch.setenv("SUMMARIZER_NO_CACHE", "1")
    return work


def test_readme_has_examples() -> None:
    assert len(PYTHON) >= 2 and len(COMMANDS) >= 6


@pytest.mark.vcr
@pytest.mark.parametrize("code", PYTHON, ids=[f"python{i}" for i in range(len(PYTHON))])
def test_python_example_runs(code: str, workdir: Path) -> None:
    namespace: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102


@pytest.mark.vcr
@pytest.mark.parametrize("command", COMMANDS)
def test_cli_example_runs(command: str, workdir: Path) -> None:
    args = shlex.split(command)[1:]
    if args[:1] == ["reconcile"]:
        first = CliRunner().invoke(main, ["extract", "seeds/", "-o", "records.jsonl", "-q"])
        assert first.exit_code == 0, first.output
    result = CliRunner().invoke(main, args)
    # Every example of the README must succeed as a user would run it: exit 0, nothing failed.
    assert result.exit_code == 0, result.output
    for i, arg in enumerate(args):
        if arg == "-o":
            assert (workdir / args[i + 1]).stat().st_size > 0
