"""Hostile and careless inputs (issue 18: items 1, 2, 5, 9 and 11): each fails alone, or is read, and says so."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from fakes import FakeClient, answer_of
from faultserver import FaultServer

import summarizer.ingest.outputs
import summarizer.ingest.reader
from summarizer.briefing import render
from summarizer.briefing.output import OUTPUT_MARKER as WRITTEN_MARKER
from summarizer.cli import main
from summarizer.core.errors import ConfigError, InputError
from summarizer.core.settings import Settings
from summarizer.core.types import Briefing
from summarizer.evaluate import article_ids
from summarizer.ingest import OUTPUT_MARKER, collect_items, load, read_article
from summarizer.pipeline import Summarizer

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
UK = next(SEEDS.glob("000_*.txt"))  # Ukrainian
RU = next(SEEDS.glob("003_*.txt"))  # Russian
GOOD = ("Президент Володимир Зеленський провів телефонну розмову з Еммануелем Макроном.\n\n"
        "Сторони обговорили безпеку та енергетику, повідомила пресслужба.\n")


def responder(body: dict[str, Any]) -> Any:
    return answer_of(body)


def brief(tmp_path: Path, *paths: Path | str) -> Briefing:
    settings = Settings(model="fake", api_key="sk-x", cache_dir=tmp_path / "cache", concurrency=2)
    return Summarizer(settings, client=FakeClient(responder)).brief(list(paths))


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


@pytest.fixture
def server(fault_server: FaultServer) -> FaultServer:
    return fault_server


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, [*args, "-q"], catch_exceptions=False)


# ----------------------------------------------- 1: a thousand nested unclosed <div>s


def test_a_page_of_a_thousand_nested_unclosed_divs_is_read(tmp_path: Path) -> None:
    html = "<html><body>" + "<div>" * 1000 + "<p>" + GOOD.replace("\n\n", "</p><p>") + "</p></body></html>"
    page = write(tmp_path / "deep.html", html)
    assert read_article(page).text == GOOD.strip()  # no RecursionError: the page is walked in a loop
    b = brief(tmp_path, page, write(tmp_path / "good.txt", GOOD))
    assert not b.run.failed and len(b.sources) == 2


# --------------------------------------------- 2: the same file name in two folders


def test_files_of_one_name_in_two_folders_are_two_articles(tmp_path: Path) -> None:
    a, b = write(tmp_path / "a" / "article.txt", GOOD), write(tmp_path / "b" / "article.txt", UK.read_bytes())
    for given in ([a, b], [tmp_path / "a", tmp_path / "b"]):
        assert [i.id for i in collect_items(given)] == ["a/article.txt", "b/article.txt"]
    write(tmp_path / "saved" / "x" / "index.html", f"<html><body><p>{GOOD}</p></body></html>")
    write(tmp_path / "saved" / "y" / "index.html", f"<html><body><p>{UK.read_text()}</p></body></html>")
    assert [i.id for i in collect_items([tmp_path / "saved"])] == ["x/index.html", "y/index.html"]
    assert [i.id for i in collect_items([tmp_path / "saved" / "x", tmp_path / "saved" / "y"])] == [
        "x/index.html", "y/index.html"]
    deep = [write(tmp_path / d / "same" / "index.html", "<p>x</p>") for d in ("p", "q")]
    assert [i.id for i in collect_items(deep)] == ["p/same/index.html", "q/same/index.html"]


def test_when_one_of_two_same_named_files_fails_the_other_keeps_its_place(tmp_path: Path) -> None:
    write(tmp_path / "a" / "article.txt", GOOD)
    write(tmp_path / "b" / "article.txt", b"")  # fails: empty
    b = brief(tmp_path, tmp_path / "a", tmp_path / "b")
    assert [(s.id, bool(s.error)) for s in b.sources] == [("a/article.txt", False), ("b/article.txt", True)]
    assert "b/article.txt" in (b.sources[1].error or "")
    cited = {s.article_id for e in b.events for f in e.facts for s in f.sources}
    assert cited == {"a/article.txt"}
    md = render(b, "md").split("\n## Sources\n", 1)[1]
    assert "1. `a/article.txt`" in md and "2. `b/article.txt`" in md and md.count("**Error:**") == 1


def test_gold_files_naming_articles_by_file_name_still_match() -> None:
    ids = ["seeds/000.txt", "other/000.txt", "seeds/001.txt", "feed.jsonl:2", "002.txt"]
    assert article_ids(["001.txt", "000.txt", "002.txt", "feed.jsonl:2", "nope.txt"], ids) == {
        "001.txt": "seeds/001.txt", "002.txt": "002.txt", "feed.jsonl:2": "feed.jsonl:2"}  # 000.txt: two


# ------------------------------------------------------------ 5: damaged UTF-8


def damaged(path: Path, at: tuple[int, ...]) -> bytes:
    data = bytearray(path.read_bytes())
    for i in sorted(at, reverse=True):
        while data[i] & 0xC0 == 0x80:  # a byte at the start of a character, so the damage is one byte
            i += 1
        data[i:i] = b"\xff"
    return bytes(data)


@pytest.mark.parametrize(("seed", "language", "at"), [(UK, "uk", (700,)), (RU, "ru", (300, 900, 1500))])
def test_damaged_utf8_is_read_as_utf8_and_the_briefing_says_so(
    tmp_path: Path, seed: Path, language: str, at: tuple[int, ...]
) -> None:
    path = write(tmp_path / seed.name, damaged(seed, at))
    article = read_article(path)
    assert (article.encoding, article.language) == ("utf-8", language)
    assert article.raw_text.count("\ufffd") == len(at)
    assert article.raw_text.replace("\ufffd", "") == seed.read_text(encoding="utf-8")  # nothing else changed
    n = len(at)
    assert article.notes == [f"{n} invalid UTF-8 byte sequence{'s' if n > 1 else ''} replaced with \ufffd: "
                             "the file is damaged there"]
    b = brief(tmp_path, path)
    assert b.sources[0].notes == article.notes
    assert f"**Note:** {n} invalid UTF-8 byte sequence" in render(b, "md")
    assert "the file is damaged there" in render(b, "html")


def test_legacy_encodings_are_still_told_from_damaged_utf8(tmp_path: Path) -> None:
    for encoding in ("cp1251", "koi8_u"):
        data = UK.read_text(encoding="utf-8").encode(encoding, errors="ignore")  # koi8-u has no dash
        article = read_article(write(tmp_path / f"{encoding}.txt", data))
        assert article.raw_text == data.decode(encoding) and not article.notes


# --------------------------------------------------------- 9: the tool's own outputs


def test_a_briefing_written_into_the_news_folder_is_never_read_as_an_article(
    server: FaultServer, tmp_path: Path
) -> None:
    news = tmp_path / "news"
    write(news / "a.txt", GOOD)
    write(news / "b.txt", UK.read_bytes())
    out = news / "briefing.md"
    first = cli("brief", str(news), "-o", str(out))
    assert first.exit_code == 0, first.stderr
    assert out.read_text(encoding="utf-8").startswith(OUTPUT_MARKER)
    second = cli("brief", str(news), "-o", str(out))
    assert second.exit_code == 0, second.stderr
    assert "from 2 articles" in out.read_text(encoding="utf-8")
    for fmt, name in (("html", "briefing.html"), ("json", "briefing.json")):
        assert cli("brief", str(news), "-f", fmt, "-o", str(news / name)).exit_code == 0
    assert cli("extract", str(news), "-o", str(news / "records.jsonl")).exit_code == 0
    old_style = out.read_text(encoding="utf-8").split("\n", 1)[1]  # a briefing written before the marker
    write(news / "old.md", old_style)
    b = Briefing.model_validate_json(cli("brief", str(news), "-f", "json").stdout)
    assert sorted(s.id for s in b.sources) == ["a.txt", "b.txt"]
    named = cli("brief", str(out), str(news / "a.txt"))
    assert named.exit_code == 1
    assert f"error: {out}: is a file written by summarizer, not an article (leave it out of the inputs)" in named.stderr


def test_the_output_file_is_never_an_input_whatever_it_holds(server: FaultServer, tmp_path: Path) -> None:
    news = tmp_path / "news"
    write(news / "a.txt", GOOD)
    write(news / "notes.txt", UK.read_bytes())  # about to be overwritten: not an article of this run
    result = cli("brief", str(news), "-f", "json", "-o", str(news / "notes.txt"))
    assert result.exit_code == 0, result.stderr
    b = Briefing.model_validate_json((news / "notes.txt").read_text(encoding="utf-8"))
    assert [s.id for s in b.sources] == ["a.txt"]


def test_the_written_marker_is_the_one_ingest_knows() -> None:
    assert WRITTEN_MARKER == OUTPUT_MARKER


# ------------------------------------------------------- 11: unreadable folders, huge files


def _deny(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """os.scandir refuses this folder, as it does for a folder without read permission (tests run as root)."""
    real = os.scandir

    def scandir(path: Any = ".") -> Any:
        if Path(os.fsdecode(path)) == folder:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fsdecode(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_an_unreadable_subfolder_is_reported_not_skipped(
    server: FaultServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    news = tmp_path / "news"
    write(news / "a.txt", GOOD)
    write(news / "locked" / "b.txt", GOOD)
    _deny(monkeypatch, news / "locked")
    result = cli("extract", str(news), "-o", str(tmp_path / "r.jsonl"))
    assert result.exit_code == 1
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("error:")]
    assert line == (f"error: {news / 'locked'}: folder cannot be read (Permission denied) "
                    "(give read permission with chmod u+rx, or move the folder out)")
    assert '"id":"a.txt"' in (tmp_path / "r.jsonl").read_text(encoding="utf-8")


def test_an_unreadable_folder_is_reported_as_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    news = tmp_path / "news"
    write(news / "a.txt", GOOD)
    _deny(monkeypatch, news)
    (item,) = collect_items([news])
    with pytest.raises(InputError) as err:
        load(item)
    assert str(err.value) == f"{news}: folder cannot be read (Permission denied) " \
                             "(give read permission with chmod u+rx, or pass a readable folder)"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder")
def test_an_unreadable_folder_on_disk(tmp_path: Path) -> None:  # pragma: no cover - runs as a normal user
    write(tmp_path / "news" / "a.txt", GOOD)
    (tmp_path / "news").chmod(0)
    try:
        (item,) = collect_items([tmp_path / "news"])
        assert item.problem.startswith("folder cannot be read")
    finally:
        (tmp_path / "news").chmod(0o755)


def test_a_twenty_megabyte_file_is_refused_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "dump.txt"
    with big.open("wb") as fh:
        fh.truncate(20 * 2**20)  # sparse: costs no disk

    def never(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the file was read")

    monkeypatch.setattr(summarizer.ingest.reader, "decode", never)
    monkeypatch.setattr(summarizer.ingest.outputs, "is_own_output_head", never)
    (item,) = collect_items([big])
    with pytest.raises(InputError) as err:
        load(item)
    assert str(err.value) == (
        f"{big}: file is 20.0 MB, over the 10 MB limit for one article (if it is one article, raise the "
        "limit with --max-file-mb 21 or SUMMARIZER_MAX_FILE_MB; if it holds many, give them as a JSON "
        "Lines or CSV feed)")
    with pytest.raises(InputError, match="over the 10 MB limit"):
        read_article(big)  # read directly, too


def test_the_size_limit_is_set_from_the_cli_and_the_environment(
    server: FaultServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "dump.txt"
    with big.open("wb") as fh:
        fh.truncate(3 * 2**20)
    out = str(tmp_path / "r.jsonl")
    refused = cli("extract", str(big), "-o", out, "--max-file-mb", "2")
    # Its only input unreadable, a run exits 2 (nothing delivered).
    assert refused.exit_code == 2 and "over the 2 MB limit" in refused.stderr
    read = cli("extract", str(big), "-o", out, "--max-file-mb", "5")
    assert read.exit_code == 2 and "binary file" in read.stderr  # read, and found to be zeros
    monkeypatch.setenv("SUMMARIZER_MAX_FILE_MB", "1")
    assert "over the 1 MB limit" in cli("extract", str(big), "-o", out).stderr
    monkeypatch.setenv("SUMMARIZER_MAX_FILE_MB", "lots")
    bad = cli("extract", str(big), "-o", out)
    assert bad.exit_code == 2 and "'lots'" in bad.stderr and "--max-file-mb" in bad.stderr
    assert not server.seen


def test_a_feed_row_over_the_limit_fails_alone(tmp_path: Path) -> None:
    rows = [{"text": "Короткий текст новини."}, {"text": "Дуже довгий текст. " * 2000}]
    feed = write(tmp_path / "feed.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in rows))
    first, second = collect_items([feed])
    assert load(first, max_bytes=10_000).text == "Короткий текст новини."
    with pytest.raises(InputError, match=rf"{feed} row 2: file is 0\.\d MB, over the 0\.00\d+ MB limit"):
        load(second, max_bytes=10_000)


def test_a_bad_size_in_the_environment_is_a_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    for bad in ("lots", "0", "-3"):
        monkeypatch.setenv("SUMMARIZER_MAX_FILE_MB", bad)
        with pytest.raises(ConfigError, match=f"SUMMARIZER_MAX_FILE_MB='{bad}': not a size in megabytes"):
            Settings.from_env()
    monkeypatch.setenv("SUMMARIZER_MAX_FILE_MB", "2.5")
    assert Settings.from_env().max_file_mb == 2.5
