"""Issue 18.3: -o writes to regular files atomically keeping their mode, follows symlinks, streams to
devices and pipes, takes - for stdout, and refuses a bad target before the first model call."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from common import write_articles
from conftest import error_lines, run_cli
from faultserver import FaultServer

MARK = "<!-- summarizer briefing"  # how a Markdown briefing opens (ingest knows it for its own)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    return write_articles(tmp_path / "articles", 1)[0]


def test_dash_is_stdout(fault_env: FaultServer, article: Path, tmp_path: Path) -> None:
    result = run_cli("brief", article, "-q", "-o", "-")
    assert result.exit_code == 0 and result.stdout.startswith(MARK) and "wrote" not in result.stderr
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("kind", ["folder", "under a file"])
def test_a_bad_target_is_refused_before_any_model_call(fault_env: FaultServer, article: Path, tmp_path: Path,
                                                      kind: str) -> None:
    (tmp_path / "plain.txt").write_text("x", encoding="utf-8")
    target = tmp_path if kind == "folder" else tmp_path / "plain.txt" / "briefing.md"
    result = run_cli("brief", article, "-q", "-o", target)
    assert result.exit_code == 2
    (line,) = error_lines(result)
    assert str(target) in line and ("folder" in line)
    assert not fault_env.seen


def test_an_existing_file_keeps_its_mode(fault_env: FaultServer, article: Path, tmp_path: Path) -> None:
    out = tmp_path / "private.md"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o600)
    assert run_cli("brief", article, "-q", "-o", out).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and out.read_text(encoding="utf-8").startswith(MARK)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".private")] == []  # no temporary left


def test_a_symlink_is_followed_not_replaced(fault_env: FaultServer, article: Path, tmp_path: Path) -> None:
    real = tmp_path / "real" / "briefing.md"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    assert run_cli("brief", article, "-q", "-o", link).exit_code == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8").startswith(MARK)


def test_a_device_is_written_in_place(fault_env: FaultServer, article: Path, tmp_path: Path) -> None:
    null = tmp_path / "null"  # a null device of our own: the system's /dev/null is not ours to risk
    try:
        os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("this machine lets no one make a device node")
    result = run_cli("brief", article, "-q", "-o", null)
    assert result.exit_code == 0
    assert stat.S_ISCHR(null.stat().st_mode)  # still the device, not a file put in its place


def test_a_pipe_is_streamed_into(fault_env: FaultServer, article: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")), daemon=True)
    reader.start()
    result = run_cli("brief", article, "-q", "-o", fifo)
    reader.join(timeout=10)
    assert result.exit_code == 0 and got and got[0].startswith(MARK)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
