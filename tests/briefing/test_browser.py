"""The HTML briefing in real headless Chromium: renders, runs its script, logs nothing."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from fixtures_briefing import sample_briefing

from summarizer.briefing import render_html

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--enable-logging=stderr", "--v=0",
    # Nothing on the page may reach the network; make any attempt fail fast.
    "--host-resolver-rules=MAP * ~NOTFOUND",
]
# Chromium reports page console output, uncaught errors and CSP violations this way.
PAGE_MESSAGE = re.compile(r"CONSOLE|Uncaught|Content Security Policy")


def _chromium() -> str:
    exe = shutil.which("chromium")
    if exe is None:
        pytest.skip("chromium is not installed (apt-get install chromium) or not on PATH")
    return exe


def run_chromium(page: Path, profile: Path, *extra: str) -> tuple[str, list[str]]:
    """Load a page; return stdout and the page's console/CSP messages from stderr."""
    proc = subprocess.run(
        [_chromium(), *FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    messages = [ln for ln in proc.stderr.splitlines() if PAGE_MESSAGE.search(ln)]
    return proc.stdout, messages


def _text(value: str) -> str:
    """How Chromium serializes a text node in --dump-dom output."""
    return html.escape(value, quote=False)


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "briefing.html"
    path.write_text(render_html(sample_briefing()), encoding="utf-8")
    return path


def test_console_check_catches_page_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><p>x</p><script>throw new Error('kaboom')</script>")
    _, messages = run_chromium(bad, tmp_path / "profile", "--dump-dom")
    assert any("kaboom" in m for m in messages)


def test_page_runs_its_script_without_console_errors(page: Path, tmp_path: Path) -> None:
    dom, messages = run_chromium(page, tmp_path / "profile", "--dump-dom")
    assert messages == []
    assert 'data-js="ready"' in dom
    assert '<div id="toolbar" class="toolbar">' in dom  # un-hidden by the script
    assert '<button type="button" class="full-toggle">' in dom
    b = sample_briefing()
    for e in b.events:
        assert _text(e.title) in dom
    assert "Sources disagree on the date" in dom


def test_page_reads_without_javascript(page: Path, tmp_path: Path) -> None:
    # --dump-dom itself needs script, so drop the page's own script instead of disabling JS.
    no_js = tmp_path / "no-js.html"
    no_js.write_text(re.sub(r"<script>.*?</script>", "", page.read_text(), flags=re.S))
    dom, messages = run_chromium(no_js, tmp_path / "profile", "--dump-dom")
    assert messages == []
    assert 'data-js="ready"' not in dom
    assert 'id="toolbar" class="toolbar" hidden' in dom
    b = sample_briefing()
    for e in b.events:
        assert _text(e.title) in dom
        for f in e.facts:
            assert _text(f.text_en) in dom
    assert "<mark>" in dom and "Unverified (the cited sentence does not bear the claim out)" in dom


def test_screenshot(page: Path, tmp_path: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "briefing.png"
    shot.unlink(missing_ok=True)
    _, messages = run_chromium(
        page, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,2000"
    )
    assert messages == []
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000
    print(f"screenshot: {shot}")
