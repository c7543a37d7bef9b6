"""Batch API backfills against a fake of the files and batches endpoints (tests/batchfake.py)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from batchfake import BatchFake, batch_fake
from click.testing import CliRunner, Result
from faultserver import FaultServer, article_text, completion, extraction_for, is_translation, renderings_for

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from common import TAG, tag, write_articles  # noqa: E402

from summarizer.batch import input_line, split_lines  # noqa: E402
from summarizer.cli import main  # noqa: E402
from summarizer.extraction.llm import _TRANSPORT  # noqa: E402
from summarizer.store import request_key  # noqa: E402

N = 5


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    write_articles(tmp_path / "articles", N)
    return tmp_path / "articles"


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[BatchFake]:
    with batch_fake() as f:
        monkeypatch.setenv("OPENAI_BASE_URL", f.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test-batch")
        monkeypatch.setenv("SUMMARIZER_MODEL", "fake")
        monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "batch-cache"))
        yield f


def latest_input(fake: BatchFake) -> list[dict[str, Any]]:
    """The lines of the last input file uploaded."""
    fid = max(fid for fid, f in fake.files.items() if f["purpose"] == "batch")
    return [json.loads(x) for x in fake.contents[fid].decode("utf-8").splitlines()]


def briefing_json(result: Result) -> dict[str, Any]:
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    data.pop("run")
    return data


def direct_run(articles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, Any], list[Any]]:
    """The same articles briefed the ordinary way, against the fault server (the same answers)."""
    with FaultServer() as server, monkeypatch.context() as m:
        m.setenv("OPENAI_BASE_URL", server.base_url)
        m.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "direct-cache"))
        data = briefing_json(run("brief", str(articles), "-f", "json", "-q"))
        return data, [s.body for s in server.seen]


def input_bodies(fake: BatchFake) -> dict[str, dict[str, Any]]:
    lines = [json.loads(x) for fid, f in fake.files.items() if f["purpose"] == "batch"
             for x in fake.contents[fid].decode("utf-8").splitlines()]
    return {line["custom_id"]: line for line in lines}


def rounds(fake: BatchFake, articles: Path, limit: int = 12) -> int:
    """submit, run, collect until there is nothing to submit; how many batches it took.

    Requests that depend on answers come in later rounds: the TRANSLATE ask follows the EVENTS
    answer, a re-ask follows an invalid answer.
    """
    for n in range(limit + 1):
        submitted = run("batch", "submit", str(articles), "-q")
        assert submitted.exit_code == 0, submitted.stderr
        if "nothing to submit" in submitted.stdout:
            return n
        fake.run_all()
        collected = run("batch", "collect")
        assert collected.exit_code == 0, collected.stderr
    raise AssertionError(f"still submitting after {limit} rounds")


def test_submit_collect_then_brief_makes_no_call_and_matches_the_direct_run(
    fake: BatchFake, articles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    submitted = run("batch", "submit", str(articles), "-q")
    assert submitted.exit_code == 0, submitted.stderr
    assert f"{N} request(s)" in submitted.stdout and f"{N} article(s) wait" in submitted.stdout
    assert f": in_progress, {N} request(s)" in run("batch", "status").stdout  # the fake moves one step a look
    fake.run_all()
    collected = run("batch", "collect")
    assert collected.exit_code == 0, collected.stderr
    assert f"{N} answer(s) stored, 0 failed" in collected.stdout
    # Whatever follow-up requests the pipeline makes of the answers (the TRANSLATE ask) go in later batches.
    print("follow-up rounds:", rounds(fake, articles))

    with FaultServer() as server:  # any call would reach it (and count)
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        out = run("brief", str(articles), "-f", "json", "-q")
        assert server.seen == []
    assert json.loads(out.stdout)["run"]["usage"]["calls"] == 0
    batched = briefing_json(out)

    direct, bodies = direct_run(articles, tmp_path, monkeypatch)
    assert batched == direct
    # The batch held exactly the requests the direct path sent (less how the answer travels: a
    # batch does not stream), each under its cache key.
    lines = input_bodies(fake)
    sent = [{k: v for k, v in b.items() if k not in _TRANSPORT} for b in bodies]
    assert sorted(lines) == sorted(request_key(b) for b in sent)
    for body in sent:
        line = lines[request_key(body)]
        assert line["body"] == body and line["method"] == "POST" and line["url"] == "/v1/chat/completions"


def test_failed_and_expired_lines_are_reported_per_article_and_resubmitted(
    fake: BatchFake, articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake.fail.append(tag(1))
    fake.expire.append(tag(3))
    assert run("batch", "submit", str(articles), "-q").exit_code == 0
    fake.run_all()
    collected = run("batch", "collect")
    assert collected.exit_code == 1
    problems = [line for line in collected.stderr.splitlines() if line.startswith("error:")]
    assert len(problems) == 2
    assert "0001.txt: failed" in problems[0] and "HTTP 500" in problems[0] and "resubmit" in problems[0]
    assert "0003.txt: expired" in problems[1]
    assert f"{N - 2} answer(s) stored, 2 failed or expired" in collected.stdout

    fake.fail.clear()
    fake.expire.clear()
    assert run("batch", "submit", str(articles), "-q").exit_code == 0
    # The two again (the same requests, under the same keys), beside the three answered ones' follow-ups.
    again = [line["body"] for line in latest_input(fake)]
    assert sorted(TAG.findall(article_text(b))[0] for b in again if not is_translation(b)) == [tag(1), tag(3)]
    fake.run_all()
    assert "0 failed" in run("batch", "collect").stdout
    rounds(fake, articles)
    with FaultServer() as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        out = run("brief", str(articles), "-f", "json", "-q")
        assert server.seen == [] and out.exit_code == 0, out.stderr
    assert all(not s["error"] for s in json.loads(out.stdout)["sources"])


def test_a_follow_up_request_is_submitted_in_the_next_batch(
    fake: BatchFake, articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An answer that breaks the schema leads to a re-ask: the pipeline's next request, not a failure."""
    assert run("batch", "submit", str(articles), "-q").exit_code == 0
    fake.run_all()
    first = next(f for f in fake.files.values() if f["purpose"] == "batch_output")
    data = fake.contents[first["id"]].decode("utf-8").splitlines()
    broken = json.loads(data[0])
    broken["response"]["body"]["choices"][0]["message"]["content"] = '{"summary_en": 3}'
    fake.contents[first["id"]] = "\n".join([json.dumps(broken), *data[1:]]).encode("utf-8")
    assert run("batch", "collect").exit_code == 0

    before = set(input_bodies(fake))
    assert run("batch", "submit", str(articles), "-q").exit_code == 0
    follow_ups = [line["body"] for key, line in input_bodies(fake).items() if key not in before]
    broken_answer = [{"role": "assistant", "content": '{"summary_en": 3}'}]
    reasks = [b for b in follow_ups if b["messages"][-2:-1] == broken_answer]
    assert len(reasks) == 1
    fake.run_all()
    assert "0 failed" in run("batch", "collect").stdout
    rounds(fake, articles)
    with FaultServer() as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        out = run("brief", str(articles), "-f", "json", "-q")
        assert server.seen == [] and out.exit_code == 0, out.stderr
    assert all(not s["error"] for s in json.loads(out.stdout)["sources"])


def vllm_run_batch(inputs: list[Path], output: Path) -> None:
    """What `vllm run-batch -i IN -o OUT` writes: one result line per input line."""
    lines = []
    for path in inputs:
        for raw in path.read_text(encoding="utf-8").splitlines():
            req = json.loads(raw)
            body = req["body"]
            answer = renderings_for(body) if is_translation(body) else extraction_for(article_text(body))
            body = completion(json.dumps(answer, ensure_ascii=False))
            lines.append({"id": "vllm-x", "custom_id": req["custom_id"], "error": None,
                          "response": {"status_code": 200, "request_id": "vllm-x", "body": body}})
    output.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")


def test_offline_input_files_and_a_results_file_from_disk(
    articles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMARIZER_MODEL", "fake")
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "offline-cache"))
    jobs = tmp_path / "jobs"
    submitted = run("batch", "submit", str(articles), "--offline", "--dir", str(jobs), "-q")
    assert submitted.exit_code == 0, submitted.stderr
    inputs = sorted(jobs.glob("*.jsonl"))
    assert len(inputs) == 1 and (inputs[0].stat().st_mode & 0o077) == 0
    assert "offline" in run("batch", "status").stdout
    vllm_run_batch(inputs, tmp_path / "results.jsonl")
    collected = run("batch", "collect", "--file", str(tmp_path / "results.jsonl"))
    assert f"{N} answer(s) stored, 0 failed" in collected.stdout, collected.stderr
    for n in range(2, 14):  # the follow-up requests, the same way
        again = run("batch", "submit", str(articles), "--offline", "--dir", str(jobs), "-q")
        if "nothing to submit" in again.stdout:
            break
        newest = max(jobs.glob("*.jsonl"), key=lambda p: p.stat().st_mtime_ns)
        vllm_run_batch([newest], tmp_path / f"results{n}.jsonl")
        assert "0 failed" in run("batch", "collect", "--file", str(tmp_path / f"results{n}.jsonl")).stdout
    else:
        raise AssertionError("still submitting")
    with FaultServer() as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
        out = run("brief", str(articles), "-q")
        assert server.seen == [] and out.exit_code == 0, out.stderr


def test_a_large_submit_becomes_several_jobs(fake: BatchFake, articles: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("summarizer.batch.files.MAX_REQUESTS", 2)
    submitted = run("batch", "submit", str(articles), "-q")
    assert submitted.exit_code == 0, submitted.stderr
    assert [line.split(": ")[1].split(",")[0] for line in submitted.stdout.splitlines()[:3]] == \
        ["2 request(s)", "2 request(s)", "1 request(s)"]
    assert len(fake.batches) == 3
    fake.run_all()
    assert f"{N} answer(s) stored, 0 failed" in run("batch", "collect").stdout


def test_input_files_are_split_within_the_limits() -> None:
    bodies = [{"model": "m", "messages": [{"role": "user", "content": "x" * (i * 10)}]} for i in range(1, 8)]
    lines = [(request_key(b), input_line(request_key(b), b)) for b in bodies]
    by_count = list(split_lines(lines, max_requests=3))
    assert [len(c) for c in by_count] == [3, 3, 1]
    limit = 2 * max(len(line) for _, line in lines)
    by_size = list(split_lines(lines, max_bytes=limit))
    assert all(sum(len(line) for _, line in c) <= limit for c in by_size) and len(by_size) > 2
    assert [k for c in by_size for k, _ in c] == [k for k, _ in lines]  # nothing lost, order kept
    first = json.loads(lines[0][1])
    assert first == {"custom_id": request_key(bodies[0]), "method": "POST", "url": "/v1/chat/completions",
                     "body": bodies[0]}
    with pytest.raises(ValueError, match="over the"):
        list(split_lines(lines, max_bytes=10))
