"""A fake of the OpenAI files and batches endpoints on 127.0.0.1, as documented, for tests.

POST /v1/files (multipart: file, purpose), GET /v1/files/{id}, GET /v1/files/{id}/content,
POST /v1/batches, GET /v1/batches, GET /v1/batches/{id}, POST /v1/batches/{id}/cancel.
A batch moves one step (validating -> in_progress -> completed) each time it is retrieved, and
on completing answers every line as the fault server would (`faultserver.extraction_for`, so a
direct run against the fault server gets the same answers, TRANSLATE asks included). Lines whose article contains a
`fail` marker answer HTTP 500 in the error file; with `expire`, the batch expires and those
lines come back as `batch_expired` errors. The input is validated as the API does: one JSON
object a line, unique custom_id, method POST, the batch's url, a body.
"""

from __future__ import annotations

import email.parser
import email.policy
import itertools
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from faultserver import article_text, completion, extraction_for, is_translation, renderings_for


@dataclass
class BatchFake:
    fail: list[str] = field(default_factory=list)  # article markers whose lines fail (HTTP 500)
    expire: list[str] = field(default_factory=list)  # article markers whose lines expire
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    contents: dict[str, bytes] = field(default_factory=dict)
    batches: dict[str, dict[str, Any]] = field(default_factory=dict)
    answered: int = 0  # lines answered, over all batches

    def __post_init__(self) -> None:
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        assert self._httpd is not None
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def new_id(self, prefix: str) -> str:
        return f"{prefix}-fake{next(self._ids):04d}"

    def add_file(self, data: bytes, filename: str, purpose: str) -> dict[str, Any]:
        file = {"id": self.new_id("file"), "object": "file", "bytes": len(data), "created_at": int(time.time()),
                "filename": filename, "purpose": purpose, "status": "processed"}
        self.files[file["id"]] = file
        self.contents[file["id"]] = data
        return file

    def create_batch(self, req: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if req.get("input_file_id") not in self.files:
            missing = f"No such file: {req.get('input_file_id')}"
            return 400, {"error": {"message": missing, "type": "invalid_request_error"}}
        if req.get("completion_window") != "24h" or not req.get("endpoint"):
            return 400, {"error": {"message": "completion_window must be 24h; endpoint is required"}}
        batch = {
            "id": self.new_id("batch"), "object": "batch", "endpoint": req["endpoint"], "errors": None,
            "input_file_id": req["input_file_id"], "completion_window": "24h", "status": "validating",
            "output_file_id": None, "error_file_id": None, "created_at": int(time.time()),
            "in_progress_at": None, "expires_at": int(time.time()) + 86400, "finalizing_at": None,
            "completed_at": None, "failed_at": None, "expired_at": None, "cancelling_at": None,
            "cancelled_at": None, "request_counts": {"total": 0, "completed": 0, "failed": 0},
            "metadata": req.get("metadata"),
        }
        self.batches[batch["id"]] = batch
        return 200, batch

    def advance(self, batch: dict[str, Any]) -> None:
        """One step of a batch's life, taken when it is retrieved."""
        if batch["status"] == "validating":
            lines, problems = self._validate(batch)
            if problems:
                batch.update(status="failed", failed_at=int(time.time()),
                             errors={"object": "list", "data": problems})
            else:
                batch.update(status="in_progress", in_progress_at=int(time.time()))
                batch["request_counts"]["total"] = len(lines)
        elif batch["status"] == "in_progress":
            self._run(batch)

    def _validate(self, batch: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        lines, problems, seen = [], [], set()
        for n, raw in enumerate(self.contents[batch["input_file_id"]].decode("utf-8").splitlines(), 1):
            try:
                line = json.loads(raw)
            except ValueError:
                problems.append({"code": "invalid_json_line", "message": "not JSON", "line": n})
                continue
            ok = (isinstance(line, dict) and isinstance(line.get("custom_id"), str) and line.get("method") == "POST"
                  and line.get("url") == batch["endpoint"] and isinstance(line.get("body"), dict))
            if not ok or line["custom_id"] in seen:
                problems.append({"code": "invalid_request", "message": "bad or duplicate line", "line": n})
                continue
            seen.add(line["custom_id"])
            lines.append(line)
        return lines, problems

    def _run(self, batch: dict[str, Any]) -> None:
        lines, _ = self._validate(batch)
        out, errors = [], []
        for line in lines:
            text = article_text(line["body"])
            rid = self.new_id("batch_req")
            if any(m in text for m in self.expire):
                errors.append({"id": rid, "custom_id": line["custom_id"], "response": None, "error": {
                    "code": "batch_expired",
                    "message": "This request could not be executed before the completion window expired."}})
            elif any(m in text for m in self.fail):
                errors.append({"id": rid, "custom_id": line["custom_id"], "error": None, "response": {
                    "status_code": 500, "request_id": rid,
                    "body": {"error": {"message": "The server had an error", "type": "server_error"}}}})
            else:
                request = line["body"]
                answer = renderings_for(request) if is_translation(request) else extraction_for(text)
                body = completion(json.dumps(answer, ensure_ascii=False), model=str(request.get("model") or "fake"))
                out.append({"id": rid, "custom_id": line["custom_id"], "error": None,
                            "response": {"status_code": 200, "request_id": rid, "body": body}})
                self.answered += 1
        expired = any(e["error"] and e["error"]["code"] == "batch_expired" for e in errors)
        status = "expired" if expired else "completed"
        batch.update(status=status, completed_at=int(time.time()) if status == "completed" else None,
                     expired_at=int(time.time()) if expired else None)
        batch["request_counts"].update(completed=len(out), failed=len(errors))
        if out:
            data = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in out).encode("utf-8")
            batch["output_file_id"] = self.add_file(data, "output.jsonl", "batch_output")["id"]
        if errors:
            data = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in errors).encode("utf-8")
            batch["error_file_id"] = self.add_file(data, "errors.jsonl", "batch_output")["id"]

    def run_all(self) -> None:
        """Take every batch to its end, as if a day had passed."""
        with self._lock:
            for batch in self.batches.values():
                while batch["status"] in ("validating", "in_progress"):
                    self.advance(batch)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Any

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        return None

    def _send(self, status: int, payload: Any, raw: bytes | None = None) -> None:
        data = raw if raw is not None else json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream" if raw is not None else "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802
        fake: BatchFake = self.server.fake
        parts = self.path.split("?")[0].strip("/").split("/")  # v1, files|batches, id, content
        with fake._lock:
            if parts[1:2] == ["files"] and len(parts) == 4 and parts[3] == "content" and parts[2] in fake.files:
                return self._send(200, None, fake.contents[parts[2]])
            if parts[1:2] == ["files"] and len(parts) == 3 and parts[2] in fake.files:
                return self._send(200, fake.files[parts[2]])
            if parts[1:2] == ["batches"] and len(parts) == 2:
                return self._send(200, {"object": "list", "data": list(fake.batches.values()), "has_more": False})
            if parts[1:2] == ["batches"] and len(parts) == 3 and parts[2] in fake.batches:
                batch = fake.batches[parts[2]]
                fake.advance(batch)
                return self._send(200, batch)
        self._send(404, {"error": {"message": f"no route {self.path}", "type": "invalid_request_error"}})

    def do_POST(self) -> None:  # noqa: N802
        fake: BatchFake = self.server.fake
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        parts = self.path.split("?")[0].strip("/").split("/")
        with fake._lock:
            if parts[1:] == ["files"]:
                form = _multipart(self.headers.get("Content-Type", ""), raw)
                if form.get("purpose", (b"", ""))[0] != b"batch" or "file" not in form:
                    return self._send(400, {"error": {"message": "purpose must be batch, with a file"}})
                data, filename = form["file"]
                return self._send(200, fake.add_file(data, filename or "input.jsonl", "batch"))
            if parts[1:] == ["batches"]:
                return self._send(*fake.create_batch(json.loads(raw or b"{}")))
            if parts[1:2] == ["batches"] and len(parts) == 4 and parts[3] == "cancel" and parts[2] in fake.batches:
                fake.batches[parts[2]].update(status="cancelled", cancelled_at=int(time.time()))
                return self._send(200, fake.batches[parts[2]])
        self._send(404, {"error": {"message": f"no route {self.path}", "type": "invalid_request_error"}})


def _multipart(content_type: str, body: bytes) -> dict[str, tuple[bytes, str | None]]:
    head = b"Content-Type: " + content_type.encode() + b"\r\n\r\n"
    message = email.parser.BytesParser(policy=email.policy.default).parsebytes(head + body)
    fields: dict[str, tuple[bytes, str | None]] = {}
    for part in message.iter_parts():  # type: ignore[attr-defined]
        name = part.get_param("name", header="content-disposition")
        if isinstance(name, str):
            payload = part.get_payload(decode=True)
            fields[name] = (payload if isinstance(payload, bytes) else b"", part.get_filename())
    return fields


@contextmanager
def batch_fake(**kw: Any) -> Iterator[BatchFake]:
    fake = BatchFake(**kw)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.fake = fake  # type: ignore[attr-defined]
    fake._httpd = httpd
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        httpd.shutdown()
        httpd.server_close()
