"""A chat completion as the endpoint really sent it: checked field by field, never trusted.

The SDK hands back what it got: a parsed model with fields missing when the body was some other
JSON, the raw text when the body was not JSON at all. Each shape that is no answer becomes a
BadReply that says what came back; null usage counts count as zero; `content` given as a JSON
object (some servers parse it for you) is taken as that JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .retry import BadReply


@dataclass
class Answer:
    content: str
    finish_reason: str
    prompt_tokens: int
    completion_tokens: int
    cached: bool = False


def field(obj: Any, name: str) -> Any:
    """obj[name] or obj.name, None when absent (works on dicts and on SDK models)."""
    if isinstance(obj, dict):
        return obj.get(name)
    return getattr(obj, name, None)


def count(value: Any) -> int:
    """A token count as given, 0 when null, negative or not a number."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return max(0, value)
    if isinstance(value, float) and value == value and value >= 0 and value != float("inf"):
        return int(value)
    return 0


def text_of(content: Any) -> str | None:
    """Message content as text: a string, null as '', a JSON object or list as its JSON; else None."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, (dict, list)):
        return json.dumps(content, ensure_ascii=False, default=str)
    return None


def snippet(text: str, n: int = 80) -> str:
    flat = " ".join(str(text).split())
    return repr(flat if len(flat) <= n else flat[: n - 1] + "…")


def parse_body(result: Any) -> Any:
    """The decoded body: what the SDK parsed, or the raw text it gave up on, as JSON."""
    if isinstance(result, (bytes, bytearray)):
        result = bytes(result).decode("utf-8", "replace")
    if isinstance(result, str):
        stripped = result.lstrip()
        if stripped[:1] == "<":
            raise BadReply(
                f"an HTML page, not a chat completion ({snippet(stripped)}): "
                "is OPENAI_BASE_URL the API's address (often ending in /v1)?"
            )
        try:
            return json.loads(result)
        except ValueError:
            raise BadReply(f"a body that is not JSON: {snippet(result) if result.strip() else 'empty'}") from None
    return result


def error_of(data: Any) -> str | None:
    """The message of an error object sent in place of an answer (a gateway's HTTP 200 `{"error": ...}`)."""
    error = field(data, "error")
    if not error:
        return None
    message = field(error, "message") if not isinstance(error, str) else error
    return str(message or error)


def answer_of(result: Any) -> Answer:
    """The answer in a complete (not streamed) chat completion, or BadReply."""
    data = parse_body(result)
    if data is None or isinstance(data, (str, int, float, bool, list)):
        raise BadReply(f"JSON that is no chat completion: {snippet(json.dumps(data, default=str))}")
    error = error_of(data)
    if error is not None:
        raise BadReply(f"an error instead of an answer: {snippet(error, 160)}")
    choices = field(data, "choices")
    if not isinstance(choices, list) or not choices:
        raise BadReply("a chat completion with no choices")
    choice = choices[0]
    message = field(choice, "message")
    if message is None or isinstance(message, (str, int, float, bool, list)):
        raise BadReply("a choice with no message")
    content = text_of(field(message, "content"))
    if content is None:
        raise BadReply(f"message content that is not text: {snippet(repr(field(message, 'content')))}")
    finish = field(choice, "finish_reason")
    usage = field(data, "usage")
    return Answer(
        content=content,
        finish_reason=finish if isinstance(finish, str) else "",
        prompt_tokens=count(field(usage, "prompt_tokens")),
        completion_tokens=count(field(usage, "completion_tokens")),
    )


def recorded_answer(body: str) -> Answer:
    """The answer in a recorded HTTP body (a cassette's): one JSON completion, or a stream of
    server-sent events whose pieces are joined (for tools that read recordings, not for replay)."""
    lines = body.splitlines()
    if not any(line.startswith("data:") for line in lines):
        return answer_of(json.loads(body))
    content: list[str] = []
    finish, usage = "", dict[str, Any]()
    for line in lines:
        if not line.startswith("data: {"):
            continue
        event = json.loads(line.removeprefix("data: "))
        usage = event.get("usage") or usage  # the last chunk's counts
        for choice in event.get("choices") or []:
            content.append((choice.get("delta") or {}).get("content") or "")
            finish = choice.get("finish_reason") or finish
    return Answer("".join(content), finish, count(usage.get("prompt_tokens")), count(usage.get("completion_tokens")))
