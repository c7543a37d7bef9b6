"""Issue 18.12: Ctrl-C exits 130; no readable input exits 2 with no briefing; '- -' is refused;
file names cannot forge lines on stderr or in Markdown."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from common import write_articles
from conftest import error_lines, run_cli
from faultserver import FaultServer

GOOD = "Президент Володимир Зеленський провів телефонну розмову з Еммануелем Макроном у вівторок.\n"


def test_ctrl_c_exits_130_and_says_how_to_resume(tmp_path: Path) -> None:
    with FaultServer(latency=30) as server:
        paths = write_articles(tmp_path / "articles", 2)
        env = {**os.environ, "OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": "sk-test-ctrl-c",
               "SUMMARIZER_MODEL": "fake", "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}
        # A shell that runs the suite as a background job ignores SIGINT, and its children inherit
        # that: the child gets Ctrl-C's default back, as a terminal's process has it.
        proc = subprocess.Popen([sys.executable, "-m", "summarizer", "brief", *map(str, paths), "-q"], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        deadline = time.monotonic() + 30
        while not server.seen and time.monotonic() < deadline:  # the model calls are under way
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "interrupted" in err and not out


def test_no_readable_input_exits_2_and_writes_no_briefing(fault_env: FaultServer, tmp_path: Path) -> None:
    out = tmp_path / "briefing.md"
    out.write_text("the last good briefing", encoding="utf-8")
    result = run_cli("brief", tmp_path / "gone1.txt", tmp_path / "gone2.txt", "-q", "-o", out)
    assert result.exit_code == 2
    lines = error_lines(result)
    assert len(lines) == 3 and "gone1.txt" in lines[0] and "gone2.txt" in lines[1] and "no input" in lines[2]
    assert out.read_text(encoding="utf-8") == "the last good briefing"
    assert run_cli("brief", tmp_path / "gone1.txt", "-q").stdout == ""  # none on stdout either
    assert not fault_env.seen


def test_stdin_given_twice_is_refused(fault_env: FaultServer) -> None:
    result = run_cli("brief", "-", "-", "-q", input=GOOD)
    assert result.exit_code == 2 and "more than once" in result.stderr
    assert not fault_env.seen


def test_a_file_name_cannot_forge_lines(fault_env: FaultServer, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    evil = folder / "x.txt\nerror: all articles were verified\x1b[2J.txt"
    evil.write_bytes(b"")  # an empty file: it fails, and its name is echoed
    result = run_cli("brief", folder, "-q")
    assert result.exit_code == 1
    (line,) = error_lines(result)
    assert "\\n" in line and "\\x1b" in line and "\x1b" not in result.stderr
    assert not any(row.startswith("error: all articles") for row in result.stderr.splitlines())
    assert "\x1b" not in result.stdout
    assert not any(row.lstrip().startswith("error: all articles") for row in result.stdout.splitlines())
