"""A re-run of the same input is answered from the cache: no call, no verification, no tokenizer."""

from __future__ import annotations

import asyncio
import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from fakes import FakeClient, article_of, completion
from faultserver import extraction_for, is_translation, renderings_for

import summarizer.extraction.tokens
import summarizer.verification.article
from summarizer import worker
from summarizer.core.settings import Settings
from summarizer.core.types import Article, ArticleResult, ModelExtraction
from summarizer.ingest import DEFAULT_MAX_BYTES, Item
from summarizer.pipeline import Summarizer
from summarizer.worker import _HEADER, serve


def responder(body: dict[str, Any]) -> Any:
    answer = renderings_for(body) if is_translation(body) else extraction_for(article_of(body))
    return completion(json.dumps(answer, ensure_ascii=False))


def extractions(client: FakeClient) -> list[dict[str, Any]]:
    return [c for c in client.calls if not is_translation(c)]


def run(tmp_path: Path, client: FakeClient, paths: list[Path], **settings: Any) -> list[ArticleResult]:
    st = Settings(model="fake", api_key="sk-x", cache_dir=tmp_path / "cache", concurrency=2, **settings)
    return Summarizer(st, client=client).extract(paths)


def dumps(results: list[ArticleResult]) -> list[str]:
    return [r.model_dump_json(exclude={"usage"}) for r in results]


def test_rerun_reuses_answers_verification_and_token_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed_paths: list[Path]
) -> None:
    first_client = FakeClient(responder)
    first = run(tmp_path, first_client, seed_paths)
    assert len(extractions(first_client)) == len(seed_paths) and all(r.records for r in first)

    def forbidden(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("called on a re-run")

    monkeypatch.setattr(summarizer.verification.article, "verify_extraction", forbidden)
    monkeypatch.setattr(summarizer.extraction.tokens, "count", forbidden)
    second_client = FakeClient(responder)
    second = run(tmp_path, second_client, seed_paths)
    assert second_client.calls == []
    assert dumps(second) == dumps(first)
    assert [r.usage.prompt_tokens_estimated for r in second] == [r.usage.prompt_tokens_estimated for r in first]


def test_changed_aliases_verify_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed_paths: list[Path]) -> None:
    run(tmp_path, FakeClient(responder), seed_paths[:1])
    calls: list[str] = []
    real = summarizer.verification.article.verify_extraction

    def counting(article: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(article.id)
        return real(article, *args, **kwargs)

    monkeypatch.setattr(summarizer.verification.article, "verify_extraction", counting)
    aliases = tmp_path / "aliases.json"
    aliases.write_text('{"entries": []}', encoding="utf-8")
    run(tmp_path, FakeClient(responder), seed_paths[:1], aliases_file=aliases)
    assert calls == [seed_paths[0].name]


def test_no_cache_verifies_every_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed_paths: list[Path]) -> None:
    run(tmp_path, FakeClient(responder), seed_paths[:1])
    calls: list[str] = []
    real = summarizer.verification.article.verify_extraction

    def counting(article: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(article.id)
        return real(article, *args, **kwargs)

    monkeypatch.setattr(summarizer.verification.article, "verify_extraction", counting)
    client = FakeClient(responder)
    run(tmp_path, client, seed_paths[:1], use_cache=False)
    assert calls == [seed_paths[0].name] and len(extractions(client)) == 1


# ------------------------------------------------------------------ the worker process


def test_worker_process_gives_the_same_results(tmp_path: Path, seed_paths: list[Path]) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_text("  \n", encoding="utf-8")
    paths = [*seed_paths, bad]
    here = run(tmp_path / "a", FakeClient(responder), paths, worker_process=False, use_cache=False)
    there = run(tmp_path / "b", FakeClient(responder), paths, worker_process=True, use_cache=False)
    assert dumps(there) == dumps(here)
    assert there[-1].error and "empty.txt" in there[-1].error


def test_a_dead_worker_loses_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed_paths: list[Path]) -> None:
    async def start_a_worker_that_dies(self: worker.Worker) -> None:
        self._proc = await asyncio.create_subprocess_exec(
            sys.executable, "-c", "import sys; sys.stdout.buffer.write(b'garbage'); sys.exit(3)",
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        )
        self._reader = asyncio.create_task(self._read_answers())

    monkeypatch.setattr(worker.Worker, "start", start_a_worker_that_dies)
    here = run(tmp_path / "a", FakeClient(responder), seed_paths, worker_process=False, use_cache=False)
    there = run(tmp_path / "b", FakeClient(responder), seed_paths, worker_process=True, use_cache=False)
    assert dumps(there) == dumps(here)


def test_worker_answers_every_job_by_its_id(tmp_path: Path, seed_paths: list[Path]) -> None:
    def frame(job: list[Any]) -> bytes:
        data = json.dumps(job).encode()
        return _HEADER.pack(len(data)) + data

    text = seed_paths[0].read_text(encoding="utf-8")
    article = Article(id="a", path="a", text=text, raw_text=text, language="uk", sha256="0" * 64)
    extraction = ModelExtraction(events=[])
    jobs = [frame([1, "verify", article.model_dump_json(), extraction.model_dump_json()]) for _ in range(3)]
    for job_id, path in ((9, seed_paths[1]), (10, tmp_path / "missing.txt")):
        jobs.append(frame([job_id, "read", Item(path.name, str(path)).to_json(), str(DEFAULT_MAX_BYTES)]))
    out = io.BytesIO()
    serve(io.BytesIO(b"".join(jobs)), out)
    raw, answers = out.getvalue(), []
    while raw:
        size = _HEADER.unpack(raw[: _HEADER.size])[0]
        answers.append(json.loads(raw[_HEADER.size : _HEADER.size + size]))
        raw = raw[_HEADER.size + size :]
    assert answers[0] == {"hello": 1}
    ids = [a["id"] for a in answers[1:]]
    assert sorted(ids) == [1, 1, 1, 9, 10]
    assert "article" in answers[1 + ids.index(9)]
    assert "missing.txt" in answers[1 + ids.index(10)]["error"]
