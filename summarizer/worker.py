"""Reading and verification in a second process, so a fast endpoint never waits for the event loop.

Reading (decoding, boilerplate) and verification (regexes, dateparser, name matching) are pure
Python: on the event-loop thread they delay the next model calls. `Worker` runs
`python -m summarizer._worker_main` and talks to it over its stdin and stdout in
length-prefixed JSON frames. Reads go first: a read stands between an article and its model
call, a verification only between an answer and its record. A plain
subprocess, not multiprocessing: nothing depends on how the caller's main module is written
(no `if __name__ == "__main__"` guard needed, no fork of a process with threads and an open
database).

Any failure in the worker (it died, or one article raised) sends that article back to the
caller, which reads or verifies it in-process, where an article's own error is raised as
usual: the worker is an accelerator, never a new way to fail. Until the worker has started
(~0.5 s), the caller does the work itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import queue
import struct
import sys
import threading
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import TypeAdapter

from .core.types import Article, EventRecord, ModelExtraction
from .ingest import Item

_RECORDS = TypeAdapter(list[EventRecord])
_HEADER = struct.Struct(">I")


class WorkerFailed(Exception):
    """The worker could not do this job; do it in-process."""


class Worker:
    """One worker process; `read` and `verify` may be awaited from many tasks at once."""

    def __init__(self, aliases_file: Path | None = None) -> None:
        self.aliases_file = aliases_file
        self._proc: asyncio.subprocess.Process | None = None
        self._pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._ids = itertools.count()
        self._reader: asyncio.Task[None] | None = None
        self._dead = False
        self.ready = False  # the worker has imported everything and said hello

    async def start(self) -> None:
        env = dict(os.environ)
        if self.aliases_file is not None:
            env["SUMMARIZER_ALIASES"] = str(self.aliases_file)
        self._proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "summarizer._worker_main",
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, env=env,
        )
        self._reader = asyncio.create_task(self._read_answers())

    async def read(self, item: Item, max_bytes: int) -> Article:
        """A read is on the way to a model call: until the worker is ready, the caller reads."""
        answer = await self._ask(["read", item.to_json(), str(max_bytes)], must_be_ready=True)
        return Article.model_validate_json(answer["article"])

    async def verify(self, article: Article, extraction: ModelExtraction) -> list[EventRecord]:
        """A verification waits for a starting worker: nothing waits for it but its own record."""
        answer = await self._ask(["verify", article.model_dump_json(), extraction.model_dump_json()])
        return _RECORDS.validate_json(answer["records"])

    async def _ask(self, job: list[str], must_be_ready: bool = False) -> dict[str, Any]:
        proc = self._proc
        if self._dead or (must_be_ready and not self.ready) or proc is None or proc.stdin is None:
            raise WorkerFailed("worker not running")
        job_id = next(self._ids)
        data = json.dumps([job_id, *job]).encode("utf-8")
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[job_id] = future
        try:
            proc.stdin.write(_HEADER.pack(len(data)) + data)
            await proc.stdin.drain()
        except (ConnectionError, RuntimeError) as exc:
            self._fail_all(f"worker stopped: {exc}")
        return await future

    async def _read_answers(self) -> None:
        assert self._proc is not None and self._proc.stdout is not None
        out = self._proc.stdout
        try:
            hello = await out.readexactly(_HEADER.unpack(await out.readexactly(_HEADER.size))[0])
            self.ready = json.loads(hello) == {"hello": 1}
            while True:
                size = _HEADER.unpack(await out.readexactly(_HEADER.size))[0]
                answer = json.loads(await out.readexactly(size))
                future = self._pending.pop(answer.pop("id"), None)
                if future is None or future.done():
                    continue
                if "error" in answer:
                    future.set_exception(WorkerFailed(answer["error"]))
                else:
                    future.set_result(answer)
        except (asyncio.IncompleteReadError, ConnectionError, KeyError, ValueError) as exc:
            self._fail_all(f"worker stopped: {type(exc).__name__}")

    def _fail_all(self, why: str) -> None:
        self._dead = True
        pending, self._pending = self._pending, {}
        for future in pending.values():
            if not future.done():
                future.set_exception(WorkerFailed(why))

    async def close(self) -> None:
        proc = self._proc
        if proc is None:
            return
        if proc.stdin is not None and not proc.stdin.is_closing():
            proc.stdin.close()  # the worker ends at end of input
        try:
            await asyncio.wait_for(proc.wait(), timeout=10)
        except asyncio.TimeoutError:
            proc.kill()
            await proc.wait()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
        self._fail_all("worker closed")
        self._proc = None


def _write(stdout: BinaryIO, answer: dict[str, Any]) -> None:
    data = json.dumps(answer).encode("utf-8")
    stdout.write(_HEADER.pack(len(data)) + data)
    stdout.flush()


_PRIORITY = {"read": 0, "verify": 1}


def serve(stdin: BinaryIO, stdout: BinaryIO) -> None:
    """The worker's side: answer jobs from `stdin` on `stdout`, reads first, until end of input."""
    from .ingest import load
    from .verification.article import verify_extraction
    from .verification.names import NameResolver

    names = NameResolver()  # SUMMARIZER_ALIASES, set by Worker.start
    jobs: queue.PriorityQueue[tuple[int, int, list[Any]]] = queue.PriorityQueue()

    def receive() -> None:  # a thread, so jobs queue up (and reads overtake) while one runs
        order = itertools.count()
        while len(header := stdin.read(_HEADER.size)) == _HEADER.size:
            job = json.loads(stdin.read(_HEADER.unpack(header)[0]))
            jobs.put((_PRIORITY.get(job[1], 2), next(order), job))
        jobs.put((99, next(order), []))  # end of input

    threading.Thread(target=receive, daemon=True).start()
    _write(stdout, {"hello": 1})
    while job := jobs.get()[2]:
        job_id, op, *args = job
        answer: dict[str, Any]
        try:
            if op == "read":
                answer = {"article": load(Item.from_json(args[0]), max_bytes=int(args[1])).model_dump_json()}
            elif op == "verify":
                article = Article.model_validate_json(args[0])
                extraction = ModelExtraction.model_validate_json(args[1])
                records = verify_extraction(article, extraction, names)
                answer = {"records": _RECORDS.dump_json(records).decode("utf-8")}
            else:
                answer = {"error": f"unknown job {op!r}"}
        except Exception as exc:  # noqa: BLE001 - reported back; the caller redoes the job in-process
            answer = {"error": f"{type(exc).__name__}: {exc}"}
        _write(stdout, {"id": job_id, **answer})
