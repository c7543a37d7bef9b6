"""Batch input and output files: the OpenAI Batch format, which vLLM's `run-batch` reads too.

Input: one JSON object a line, `{"custom_id", "method": "POST", "url", "body"}`; the body is
exactly the request the direct path sends and the custom_id is its cache key. Output: one line a
request, `{"id", "custom_id", "response": {"status_code", "request_id", "body"}, "error"}`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

URL = "/v1/chat/completions"
MAX_REQUESTS = 50_000  # per input file (the Batch API's limits)
MAX_BYTES = 200 * 1024 * 1024


def input_line(key: str, body: Mapping[str, Any]) -> bytes:
    line = {"custom_id": key, "method": "POST", "url": URL, "body": body}
    return (json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def split_lines(lines: list[tuple[str, bytes]], max_requests: int = MAX_REQUESTS,
                max_bytes: int = MAX_BYTES) -> Iterator[list[tuple[str, bytes]]]:
    """The lines in files of at most `max_requests` lines and `max_bytes` bytes each."""
    chunk: list[tuple[str, bytes]] = []
    size = 0
    for key, line in lines:
        if len(line) > max_bytes:
            raise ValueError(f"request {key} alone is {len(line)} bytes, over the {max_bytes}-byte file limit")
        if chunk and (len(chunk) >= max_requests or size + len(line) > max_bytes):
            yield chunk
            chunk, size = [], 0
        chunk.append((key, line))
        size += len(line)
    if chunk:
        yield chunk


@dataclass
class Outcome:
    """One output line: the answer to cache, or why there is none."""

    key: str
    answer: dict[str, Any] | None = None
    model: str = ""
    error: str | None = None
    state: str = "answered"  # answered | failed | expired


def parse_output(text: str) -> Iterator[Outcome]:
    """Outcomes of an output (or error) file; a line that is not one is skipped, not fatal."""
    for raw in text.splitlines():
        if not raw.strip():
            continue
        try:
            line = json.loads(raw)
        except ValueError:
            continue
        if isinstance(line, dict) and isinstance(line.get("custom_id"), str):
            yield outcome(line)


def outcome(line: dict[str, Any]) -> Outcome:
    key = line["custom_id"]
    error = line.get("error")
    if error:
        code = error.get("code", "") if isinstance(error, dict) else ""
        message = error.get("message", "") if isinstance(error, dict) else str(error)
        state = "expired" if code == "batch_expired" else "failed"
        return Outcome(key, error=f"{code}: {message}".strip(": "), state=state)
    response: dict[str, Any] = line["response"] if isinstance(line.get("response"), dict) else {}
    status = response.get("status_code")
    body = response.get("body")
    if status != 200 or not isinstance(body, dict):
        detail = body.get("error", body) if isinstance(body, dict) else body
        message = detail.get("message", detail) if isinstance(detail, dict) else detail
        return Outcome(key, error=f"HTTP {status}: {str(message)[:200]}", state="failed")
    try:
        answer = answer_of(body)
    except (TypeError, ValueError):
        answer = None
    if answer is None:
        return Outcome(key, error="the result is not a chat completion", state="failed")
    return Outcome(key, answer=answer, model=str(body.get("model") or ""))


def answer_of(body: dict[str, Any]) -> dict[str, Any] | None:
    """The cache entry for a chat completion, as the direct path stores it; None if it is not one."""
    if "error" in body and body["error"]:
        return None  # a gateway's error sent with HTTP 200 is never cached
    choices = body.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        return None
    message = choices[0].get("message")
    content = message.get("content") if isinstance(message, dict) else None
    if not isinstance(content, str):
        return None
    usage: dict[str, Any] = body["usage"] if isinstance(body.get("usage"), dict) else {}
    return {
        "content": content,
        "finish_reason": str(choices[0].get("finish_reason") or ""),
        "prompt_tokens": int(usage.get("prompt_tokens") or 0),
        "completion_tokens": int(usage.get("completion_tokens") or 0),
    }
