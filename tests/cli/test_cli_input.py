"""Bad and unusual input through the CLI: one-line messages naming the file, and the right exit code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from faultserver import FaultServer

from summarizer.cli import main
from summarizer.core.types import ArticleResult

RU = ("Министр иностранных дел Сергей Лавров провел телефонный разговор с коллегой из Турции.\n\n"
      "Стороны обсудили ситуацию в регионе и подготовку визита, сообщили в министерстве.\n")
GOOD = ("Президент Володимир Зеленський провів телефонну розмову з Еммануелем Макроном.\n\n"
        "Сторони обговорили безпеку та енергетику, повідомила пресслужба.\n")


@pytest.fixture
def server(fault_server: FaultServer) -> FaultServer:
    return fault_server


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def extract(tmp_path: Path, *paths: Path | str) -> tuple[Result, dict[str, ArticleResult]]:
    out = tmp_path / "out.jsonl"
    out.unlink(missing_ok=True)
    result = run("extract", *map(str, paths), "-o", str(out), "-q")
    lines = out.read_text(encoding="utf-8").splitlines() if out.exists() else []
    records = [ArticleResult.model_validate_json(line) for line in lines]
    return result, {r.article.id: r for r in records}


def error_lines(result: Result) -> list[str]:
    assert "Traceback" not in result.stderr
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\t\n   \n", "whitespace"),
        ("photo.txt", bytes(range(256)) * 8, "binary"),
    ],
)
def test_unreadable_file_is_named_and_the_rest_delivered(
    server: FaultServer, tmp_path: Path, name: str, data: bytes, problem: str
) -> None:
    bad, good = write(tmp_path, name, data), write(tmp_path, "good.txt", GOOD)
    result, records = extract(tmp_path, bad, good)
    assert result.exit_code == 1
    (line,) = error_lines(result)
    assert name in line and problem in line.lower()
    assert records["good.txt"].error is None and records["good.txt"].summary_en
    error = records[name].error
    assert error and name in error
    assert len(server.extractions) == 1  # the bad file never reached the model


def test_missing_path_is_named_and_the_rest_delivered(server: FaultServer, tmp_path: Path) -> None:
    good = write(tmp_path, "good.txt", GOOD)
    result, records = extract(tmp_path, tmp_path / "nowhere.txt", good)
    assert result.exit_code == 1
    (line,) = error_lines(result)
    assert "nowhere.txt" in line
    assert records["good.txt"].error is None


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r"])
def test_legacy_cyrillic_encodings_are_decoded(server: FaultServer, tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path, f"ru-{encoding}.txt", RU.encode(encoding))
    result, records = extract(tmp_path, path)
    assert result.exit_code == 0, result.stderr
    record = records[path.name]
    assert record.error is None and record.article.language == "ru"
    assert record.article.encoding.replace("windows-", "cp").replace("_", "-") == encoding
    assert "Министр иностранных дел Сергей Лавров" in record.article.text
    assert "Министр иностранных дел Сергей Лавров" in server.seen[0].body["messages"][1]["content"]
    # The server quoted the decoded text; verification located that quote in the article.
    quotes = [s.evidence for rec in record.records for s in rec.statements]
    assert quotes and all(q.verified for q in quotes)


def test_html_page_is_reduced_to_its_article(server: FaultServer, tmp_path: Path) -> None:
    page = (
        "<!doctype html><html><head><title>Talks in Ankara</title>"
        "<script>var tracker = 'do-not-send';</script><style>p {color: red}</style></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>Talks in Ankara</h1>"
        + "".join(f"<p>{para}</p>" for para in RU.split("\n\n"))
        + "</article><footer>© Example Media</footer></body></html>"
    )
    path = write(tmp_path, "page.html", page)
    result, records = extract(tmp_path, path)
    assert result.exit_code == 0, result.stderr
    sent = server.seen[0].body["messages"][1]["content"]
    assert "Сергей Лавров" in sent
    assert "<p>" not in sent and "do-not-send" not in sent and "color: red" not in sent
    assert records["page.html"].error is None


def test_folder_takes_article_files_only(server: FaultServer, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    write(folder, "a.txt", GOOD)
    write(folder, "b.md", RU)
    write(folder, "c.html", f"<html><body><article><p>{GOOD}</p></article></body></html>")
    write(folder, "sub/d.txt", RU)
    write(folder, "image.jpg", bytes(range(256)))
    write(folder, "notes.pdf", b"%PDF-1.4 binary")
    write(folder, ".hidden.txt", GOOD)
    write(folder, "__pycache__/x.txt", GOOD)
    result, records = extract(tmp_path, folder)
    assert result.exit_code == 0, result.stderr
    assert sorted(records) == ["a.txt", "b.md", "c.html", "sub/d.txt"]  # ids are paths in the folder
    assert len(server.extractions) == 3  # b.md and sub/d.txt hold the same text: one request, asked once


def long_article(paragraphs: int) -> str:
    """Distinct Russian paragraphs of about 45 tokens each."""
    return "\n\n".join(
        f"Абзац номер {i}. Министр Сергей Лавров в {i}-й раз обсудил с коллегами торговлю, "
        f"энергетику и безопасность, сообщили в министерстве иностранных дел в понедельник."
        for i in range(paragraphs)
    )


def test_long_article_is_split_into_parts(server: FaultServer, tmp_path: Path) -> None:
    path = write(tmp_path, "long.txt", long_article(150))  # ~6,750 tokens: two parts of <= 5,000
    result, records = extract(tmp_path, path)
    assert result.exit_code == 0, result.stderr
    assert len(server.extractions) == 2
    first, second = (s.body["messages"][1]["content"] for s in server.extractions)
    assert "Абзац номер 0." in first and "Абзац номер 149." in second
    assert "Абзац номер 149." not in first and records["long.txt"].error is None


def test_article_too_long_is_refused_with_its_token_count(server: FaultServer, tmp_path: Path) -> None:
    huge = write(tmp_path, "huge.txt", long_article(1000))  # ~45,000 tokens > 8 parts x 5,000
    good = write(tmp_path, "good.txt", GOOD)
    result, records = extract(tmp_path, huge, good)
    assert result.exit_code == 1
    (line,) = error_lines(result)
    assert "huge.txt" in line and "too long" in line
    count = int(next(w for w in line.replace(",", "").split() if w.isdigit() and int(w) > 40000))
    assert count > 40000
    assert records["good.txt"].error is None
    assert len(server.extractions) == 1  # the refused article cost no model call


def test_usage_errors_exit_2(server: FaultServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("extract").exit_code == 2  # no paths
    assert run("extract", str(tmp_path), "--concurrency", "0").exit_code == 2
    assert run("brief", str(tmp_path), "--format", "pdf").exit_code == 2
    monkeypatch.delenv("SUMMARIZER_MODEL")  # a base URL without a model name cannot work
    good = write(tmp_path, "good.txt", GOOD)
    result = run("extract", str(good), "-q")
    assert result.exit_code == 2
    (line,) = error_lines(result)
    assert "SUMMARIZER_MODEL" in line
    assert not server.seen


def test_all_fine_exits_0_and_writes_json_lines(server: FaultServer, tmp_path: Path) -> None:
    paths = [write(tmp_path, "a.txt", GOOD), write(tmp_path, "b.txt", RU)]
    result, records = extract(tmp_path, *paths)
    assert result.exit_code == 0 and not error_lines(result)
    assert sorted(records) == ["a.txt", "b.txt"] and all(r.error is None for r in records.values())
    out = run("brief", *map(str, paths), "-f", "json", "-q")
    assert out.exit_code == 0
    assert {s["id"] for s in json.loads(out.stdout)["sources"]} == {"a.txt", "b.txt"}


def test_rate_limits_from_flags_and_environment_reach_the_model_layer(
    server: FaultServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import summarizer.cli as cli

    seen = []
    real = cli.Summarizer

    def recording(settings: object, *args: object, **kwargs: object) -> object:
        seen.append(settings)
        return real(settings, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cli, "Summarizer", recording)
    path = write(tmp_path, "a.txt", GOOD)
    out = str(tmp_path / "o.jsonl")
    assert run("extract", str(path), "-o", out, "-q", "--rpm", "600", "--tpm", "100000").exit_code == 0
    assert (seen[-1].requests_per_minute, seen[-1].tokens_per_minute) == (600, 100000)
    monkeypatch.setenv("SUMMARIZER_RPM", "30")
    assert run("extract", str(path), "-o", out, "-q").exit_code == 0
    assert (seen[-1].requests_per_minute, seen[-1].tokens_per_minute) == (30, None)
    bad = run("extract", str(path), "-o", out, "-q", "--rpm", "0")
    assert bad.exit_code == 2 and "--rpm" in bad.stderr
