"""Batch jobs: submit what the pipeline still needs, follow the jobs, collect their answers.

`submit` runs the pipeline in deferring mode: every request that the cache cannot answer is
recorded, not sent (its article ends as pending), so the batch holds exactly the requests a
direct run would send, whatever the prompt makes of an article (one request, parts, a re-ask
or a follow-up after an earlier batch's answers). `collect` puts the answers into the response
cache under their custom_id (the cache key); then `brief` or `extract` runs with no model call,
or `submit` again sends the follow-up requests the answers lead to.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import ConfigError, SummarizerError
from ..core.settings import Settings
from ..core.types import ArticleResult
from ..pipeline import PathLike, Progress, Summarizer
from ..store import Store
from ..store.records import FINAL
from . import files as limits
from .files import URL, Outcome, input_line, parse_output, split_lines

ENDED = ("completed", "expired", "failed", "cancelled")


@dataclass
class Job:
    id: str
    state: str
    requests: int
    input_path: str
    info: dict[str, Any] = field(default_factory=dict)


@dataclass
class Submitted:
    results: list[ArticleResult]
    pending: list[str]  # articles waiting for batch answers
    jobs: list[Job] = field(default_factory=list)
    in_flight: int = 0  # requests needed that an earlier, unfinished job already holds

    @property
    def failed(self) -> list[ArticleResult]:
        return [r for r in self.results if r.error and r.article.id not in self.pending]


class NoCalls:
    """The model client of an offline submit: deferring mode never calls it."""

    @property
    def chat(self) -> Any:
        raise ConfigError("an offline batch submit made a model call")


def batch_client(settings: Settings) -> Any:
    """A synchronous OpenAI client for the files and batches endpoints."""
    if settings.uses_local_backend:
        raise ConfigError("a batch job needs an endpoint: set OPENAI_API_KEY (and OPENAI_BASE_URL for a "
                          "compatible server), or use --offline to write the file for vLLM's run-batch")
    import openai

    return openai.OpenAI(api_key=settings.api_key or "not-needed", base_url=settings.base_url,
                         timeout=settings.timeout, max_retries=2)


async def asubmit(summarizer: Summarizer, store: Store, paths: Sequence[PathLike], *, folder: Path,
                  client: Any = None, progress: Progress | None = None) -> Submitted:
    """Write (and with `client`, upload and start) batch jobs for every request not yet answered."""
    if summarizer.client is None and summarizer.settings.uses_local_backend:
        if not summarizer.settings.model:
            raise ConfigError("--offline without an endpoint needs SUMMARIZER_MODEL: the model name the "
                              "batch engine serves (it goes into every request)")
        summarizer.client = NoCalls()  # deferring mode asks nothing: no local server is started
    summarizer.store, summarizer.deferred, summarizer.pending = store, {}, set()
    try:
        results = await summarizer.aextract(paths, progress=progress)
        deferred = summarizer.deferred
    finally:
        summarizer.deferred = None
    report = Submitted(results=results, pending=sorted(summarizer.pending))
    in_flight = store.keys_in_flight()
    new = sorted((k, p) for k, p in deferred.items() if k not in in_flight)
    report.in_flight = len(deferred) - len(new)
    labels = {k: p.labels for k, p in new}
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    lines = [(k, input_line(k, p.body)) for k, p in new]
    for n, chunk in enumerate(split_lines(lines, limits.MAX_REQUESTS, limits.MAX_BYTES), 1):
        path = folder / f"batch-{stamp}-{n}.jsonl"
        _write_private(path, b"".join(line for _, line in chunk))
        job = _start(client, path, f"local-{stamp}-{n}")
        store.add_batch(job.id, job.state, job.info, [(k, labels[k]) for k, _ in chunk])
        job.requests = len(chunk)
        report.jobs.append(job)
    return report


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)  # it holds article texts
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def _start(client: Any, path: Path, local_id: str) -> Job:
    if client is None:
        return Job(local_id, "offline", 0, str(path), {"remote": False, "input_path": str(path)})
    try:
        with path.open("rb") as fh:
            uploaded = client.files.create(file=fh, purpose="batch")
        batch = client.batches.create(input_file_id=uploaded.id, endpoint=URL, completion_window="24h",
                                      metadata={"created_by": "summarizer", "input": path.name})
    except Exception as exc:  # noqa: BLE001 - the SDK's errors, made one line
        raise SummarizerError(f"could not start the batch job for {path}: {type(exc).__name__}: {exc}; "
                              "check OPENAI_BASE_URL and OPENAI_API_KEY, then submit again") from exc
    info = {"remote": True, "input_path": str(path), "input_file_id": uploaded.id}
    return Job(str(batch.id), str(batch.status), 0, str(path), info)


def status(store: Store, client: Any = None) -> list[Job]:
    """Every recorded job, the unfinished remote ones asked anew."""
    jobs = []
    for job_id, _, state, info in store.batches():
        if client is not None and info.get("remote") and state not in FINAL:
            state, info = _refresh(client, job_id, info)
            store.update_batch(job_id, state, info)
        jobs.append(Job(job_id, state, len(store.batch_requests(job_id)), info.get("input_path", ""), info))
    return jobs


def _refresh(client: Any, job_id: str, info: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    batch = client.batches.retrieve(job_id)
    counts = batch.request_counts.model_dump() if batch.request_counts is not None else {}
    errors = [e.message for e in (batch.errors.data or [])] if batch.errors is not None else []
    info = {**info, "output_file_id": batch.output_file_id, "error_file_id": batch.error_file_id,
            "counts": counts, "errors": [str(e) for e in errors if e]}
    return str(batch.status), info


@dataclass
class Collected:
    answered: int = 0
    problems: list[str] = field(default_factory=list)  # one line per failed or expired request
    waiting: list[Job] = field(default_factory=list)  # jobs not ended yet
    unknown: int = 0  # result lines for requests no job holds


def collect(store: Store, client: Any = None, files: Sequence[Path] = ()) -> Collected:
    """Answers into the response cache: from result files (vLLM's run-batch), or the ended jobs."""
    report = Collected()
    if files:
        outcomes = [o for path in files for o in parse_output(path.read_text(encoding="utf-8"))]
        by_key = {o.key: o for o in outcomes}
        held: set[str] = set()
        for job_id, _, state, info in store.batches():
            if state == "collected":
                continue
            keys = [k for k, _, st, _ in store.batch_requests(job_id) if st == "submitted"]
            if any(k in by_key for k in keys):
                held.update(keys)
                _settle(store, job_id, info, by_key, f"no result line in {', '.join(map(str, files))}", report)
        report.unknown = len(set(by_key) - held)
        return report
    for job in status(store, client):
        if job.state not in ENDED:
            if job.state != "collected":
                report.waiting.append(job)
            continue
        outcomes = []
        for file_id in (job.info.get("output_file_id"), job.info.get("error_file_id")):
            if file_id:
                outcomes.extend(parse_output(client.files.content(file_id).text))
        missing = "expired before it ran" if job.state == "expired" else f"no result (job {job.state})"
        info = {**job.info, "ended": job.state}
        _settle(store, job.id, info, {o.key: o for o in outcomes}, missing, report)
    return report


def _settle(store: Store, job_id: str, info: dict[str, Any], outcomes: dict[str, Outcome], missing: str,
            report: Collected) -> None:
    """Cache the job's answers, record every request's fate, and mark the job collected."""
    fates: list[tuple[str, str, str | None]] = []
    for key, labels, state, _ in store.batch_requests(job_id):
        if state != "submitted":
            continue
        o = outcomes.get(key) or Outcome(key, error=missing, state="expired" if "expired" in missing else "failed")
        if o.answer is not None:
            store.put(key, o.model, o.answer)
            report.answered += 1
        else:
            report.problems.extend(f"{label}: {o.state} in batch {job_id}: {o.error}" for label in labels)
        fates.append((key, o.state, o.error))
    store.flush()
    store.update_batch(job_id, "collected", info, fates)
