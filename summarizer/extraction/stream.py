"""A streamed answer, read chunk by chunk and watched, so that a runaway one is stopped early.

A small model at temperature 0 can loop: the same sentence again and again until max_tokens, then
the same again with twice the room. `Watch` sees the answer grow and says when it must stop:
- repetition: the tail of the answer is one stretch of text repeated (at least `MIN_REPEATS`
  times, `MIN_SPAN` characters in all), the signature of a loop;
- unbounded: the answer can no longer end as a valid one: an array holds more items than the
  schema allows, or one string has grown past any field of an answer about this input;
- closed: inside a string, a quote other than '"' followed by the brackets that end the answer
  (`'}]}`): the model ended its JSON with the wrong quote, and what follows is noise (the grammar
  holds it inside the string). `close_json` repairs the punctuation; verification checks the rest;
- tokens: the server went past max_tokens (it ignored it); seconds: the article's time ran out.
A stopped stream is closed, which also stops the generation on servers that notice (llama.cpp).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .reply import Answer, count, error_of, field, text_of
from .retry import BadReply

ModelT = TypeVar("ModelT", bound=BaseModel)
MIN_REPEATS = 4
MIN_SPAN = 240  # characters of exact repetition before a loop is called one
MAX_PERIOD = 1000
_PROBE = 24
_CHECK_EVERY = 48  # characters between two repetition checks


class Runaway(Exception):
    """The answer was stopped by the watch, not ended by the model."""

    def __init__(self, reason: str, detail: str, content: str, tokens: int, seconds: float) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail
        self.content = content
        self.tokens = tokens
        self.seconds = seconds

    @property
    def repeatable(self) -> bool:
        """The same request would be stopped the same way (not so for a time limit): cache it."""
        return self.reason != "seconds"


def repeating_tail(text: str, min_repeats: int = MIN_REPEATS, min_span: int = MIN_SPAN,
                   max_period: int = MAX_PERIOD) -> tuple[int, int] | None:
    """(period, repeats) when the end of `text` is one stretch repeated, else None."""
    n = len(text)
    if n < min_span:
        return None
    probe = text[-_PROBE:] if n > _PROBE else text
    start = n - len(probe) - 1
    floor = max(0, n - len(probe) - max_period)
    tries = 0
    while tries < 6:
        pos = text.rfind(probe, floor, start + len(probe))
        if pos < 0:
            return None
        period = n - len(probe) - pos
        if period <= 0:
            return None
        repeats = 1
        while (repeats + 1) * period <= n and text[n - (repeats + 1) * period : n - repeats * period] == text[
            n - period :
        ]:
            repeats += 1
        if repeats >= min_repeats and repeats * period >= min_span:
            return period, repeats
        start = pos - 1
        tries += 1
    return None


def array_limits(schema: dict[str, Any]) -> dict[str, int]:
    """maxItems of every array property of a JSON schema, by property name (the largest if names repeat)."""
    limits: dict[str, int] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for name, prop in (node.get("properties") or {}).items():
                if isinstance(prop, dict) and isinstance(prop.get("maxItems"), int):
                    limits[name] = max(limits.get(name, 0), prop["maxItems"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return limits


class _Frame:
    __slots__ = ("kind", "key", "items", "waiting")

    def __init__(self, kind: str, key: str | None) -> None:
        self.kind = kind  # "{" or "["
        self.key = key  # the property this array or object is the value of
        self.items = 0
        self.waiting = True  # an object waits for a key, an array for an item


WRONG_QUOTES = "'\u2019\u201d"  # what a model writes for '"' when it thinks it ends the string
CLOSERS_TO_END = 2  # a wrong quote, then this many closing brackets: the answer was ended in a string


class _Shape:
    """Just enough of a JSON scanner to count array items and measure the string being written."""

    def __init__(self, limits: dict[str, int]) -> None:
        self.limits = limits
        self.stack: list[_Frame] = []
        self.in_string = False
        self.escape = False
        self.is_key = False
        self.string_len = 0
        self.last_key: str | None = None
        self._key: list[str] = []
        self.pos = 0  # characters fed so far
        # A wrong quote inside a value string: (its position, the open brackets), and the closers after it.
        self._quote: tuple[int, str] | None = None
        self._closers = 0
        self.closed: tuple[int, str] | None = None  # set once the answer was ended inside a string

    def _watch_string_end(self, ch: str) -> None:
        """Inside a value string: a wrong quote then closing brackets means the model ended the answer."""
        if ch in WRONG_QUOTES:
            self._quote, self._closers = (self.pos, "".join(f.kind for f in self.stack)), 0
        elif self._quote is not None and ch in "}]":
            self._closers += 1
            if self._closers >= CLOSERS_TO_END and self.closed is None:
                self.closed = self._quote
        elif not ch.isspace():
            self._quote = None

    def feed(self, text: str) -> str | None:
        for ch in text:
            self.pos += 1
            if self.in_string:
                if self.escape:
                    self.escape = False
                elif ch == "\\":
                    self.escape = True
                elif ch == '"':
                    self.in_string, self._quote = False, None
                    if self.is_key:
                        self.last_key = "".join(self._key)
                    continue
                elif not self.is_key:
                    self._watch_string_end(ch)
                self.string_len += 1
                if self.is_key and len(self._key) < 64:
                    self._key.append(ch)
                continue
            top = self.stack[-1] if self.stack else None
            if ch == '"':
                self.is_key = top is not None and top.kind == "{" and top.waiting
                self.in_string, self.string_len, self._key = True, 0, []
                if not self.is_key and (problem := self._item(top)):
                    return problem
            elif ch in "{[":
                if problem := self._item(top):
                    return problem
                key = self.last_key if top is not None and top.kind == "{" else None
                self.stack.append(_Frame(ch, key))
            elif ch in "}]":
                if self.stack:
                    self.stack.pop()
            elif ch == ",":
                if top is not None:
                    top.waiting = True
            elif ch == ":":
                if top is not None and top.kind == "{":
                    top.waiting = False
            elif not ch.isspace() and (problem := self._item(top)):
                return problem
        return None

    def _item(self, top: _Frame | None) -> str | None:
        """A value starts inside `top`: count it when `top` is an array waiting for an item."""
        if top is None or top.kind != "[" or not top.waiting:
            return None
        top.items += 1
        top.waiting = False
        limit = self.limits.get(top.key or "")
        if limit is not None and top.items > limit:
            return f"the array {top.key!r} has more than the {limit} items the schema allows"
        return None


class Watch:
    """Says when a growing answer must stop (or None); feed it every piece of text as it comes."""

    def __init__(self, *, max_tokens: int, input_chars: int, schema: dict[str, Any] | None = None) -> None:
        self.max_tokens = max_tokens
        self.max_string = max(1000, 3 * input_chars)  # no field of an answer is 3x the input it is about
        self.shape = _Shape(array_limits(schema or {}))
        self.content: list[str] = []
        self.length = 0
        self._checked = 0
        self._tail = ""

    def feed(self, text: str, tokens: int) -> tuple[str, str] | None:
        """(reason, detail) when the answer must stop."""
        self.content.append(text)
        self.length += len(text)
        self._tail = (self._tail + text)[-(MAX_PERIOD * 2 + MIN_SPAN):]
        if tokens > self.max_tokens + max(16, self.max_tokens // 10):
            return "tokens", f"the server went past max_tokens={self.max_tokens} ({tokens} tokens)"
        problem = self.shape.feed(text)
        if problem:
            return "unbounded", f"the answer cannot end as a valid one: {problem}"
        if self.shape.closed is not None:
            return "closed", "the answer ended its JSON inside a string (a wrong quote, then the closing brackets)"
        if self.shape.in_string and self.shape.string_len > self.max_string:
            return "unbounded", (
                f"one string of the answer grew past {self.max_string} characters, 3x the input it is about"
            )
        if self.length - self._checked >= _CHECK_EVERY:
            self._checked = self.length
            found = repeating_tail(self._tail)
            if found:
                period, repeats = found
                return "repetition", f"the answer repeated the same {period} characters {repeats} times"
        return None

    def text(self) -> str:
        return "".join(self.content)


def close_json(text: str) -> str | None:
    """The answer as the model meant it when it ended its JSON inside a string: the text up to its
    wrong quote, then '"' and the brackets still open there. None when the text shows no such end.
    Only punctuation is added; what the strings say is checked like any answer's."""
    shape = _Shape({})
    shape.feed(text)
    if shape.closed is None:
        return None
    at, opened = shape.closed
    return text[:at] + '"' + "".join("}" if kind == "{" else "]" for kind in reversed(opened))


def closed_answer(schema: type[ModelT], content: str, reason: str) -> tuple[ModelT, str] | None:
    """An answer stopped (or cut off) after the model ended its JSON inside a string, with its
    punctuation repaired (stream.close_json), when that makes it valid; else None."""
    if reason not in ("closed", "length") or (fixed := close_json(content)) is None:
        return None
    try:
        return schema.model_validate_json(fixed), fixed
    except ValidationError:
        return None


async def sse_chunks(lines: AsyncIterator[str]) -> AsyncIterator[Any]:
    """The JSON data of each server-sent event, until [DONE] (plain dicts: no SDK model per chunk).

    Building the SDK's pydantic model for every chunk was ~90% of what streaming cost (docs/reliability.md).
    """
    data: list[str] = []
    async for raw in lines:
        line = raw.rstrip("\r")
        if line.startswith("data:"):
            data.append(line[5:].removeprefix(" "))
            continue
        if line or not data:
            continue  # a comment, an event name or id, or a blank line between nothing
        payload, data = "\n".join(data), []
        if payload.startswith("[DONE]"):
            return
        try:
            yield json.loads(payload)
        except ValueError:
            raise BadReply(f"a stream event that is not JSON: {payload[:60]!r}") from None
    if data and not "\n".join(data).startswith("[DONE]"):
        try:
            yield json.loads("\n".join(data))
        except ValueError:
            raise BadReply("a stream event that is not JSON") from None


async def read_stream(stream: Any, watch: Watch, seconds_left: float) -> tuple[Answer, float]:
    """Consume a chat-completion stream under the watch: the answer and the seconds it took.

    The clock starts at the first chunk (time in the server's queue is not the article's), and
    the stream is closed when the watch stops it. Raises Runaway or BadReply.
    """
    iterator = stream.__aiter__()
    state = _State()
    try:
        try:
            first = await iterator.__anext__()
        except StopAsyncIteration:
            raise BadReply("a stream with no chat completion chunk (is OPENAI_BASE_URL the API's address?)") from None
        started = time.monotonic()
        _take(first, watch, state, started)
        try:
            await asyncio.wait_for(_rest(iterator, watch, state, started), timeout=max(0.001, seconds_left))
        except asyncio.TimeoutError:
            raise Runaway("seconds", f"the article's time ran out ({seconds_left:.0f} s left when it started)",
                          watch.text(), state.chunks, time.monotonic() - started) from None
    except BaseException:
        await _close(stream)
        raise
    if not state.finish:
        raise BadReply("a stream that ended before the answer did (no finish_reason)")
    tokens = state.completion if state.usage else state.chunks
    answer = Answer(content=watch.text(), finish_reason=state.finish,
                    prompt_tokens=state.prompt, completion_tokens=tokens)
    return answer, time.monotonic() - started


@dataclass
class _State:
    finish: str = ""
    prompt: int = 0
    completion: int = 0
    chunks: int = 0  # chunks with text: the token count when the server sends no usage
    usage: bool = False


async def _rest(iterator: Any, watch: Watch, state: _State, started: float) -> None:
    async for chunk in iterator:
        _take(chunk, watch, state, started)


def _take(chunk: Any, watch: Watch, state: _State, started: float) -> None:
    if isinstance(chunk, (str, bytes)):
        raise BadReply("a stream chunk that is not JSON")
    error = error_of(chunk)
    if error is not None:
        raise BadReply(f"an error in the stream: {error[:160]}")
    usage = field(chunk, "usage")
    if usage:
        state.usage = True
        state.prompt = count(field(usage, "prompt_tokens"))
        state.completion = count(field(usage, "completion_tokens"))
    choices = field(chunk, "choices")
    if not choices or not isinstance(choices, list):
        return
    choice = choices[0]
    finish = field(choice, "finish_reason")
    if isinstance(finish, str) and finish:
        state.finish = finish
    delta = field(choice, "delta")
    if delta is None and not finish:
        raise BadReply("a stream chunk whose choice has no delta")
    text = text_of(field(delta, "content")) if delta is not None else ""
    if text is None:
        raise BadReply("a stream chunk whose content is not text")
    if not text:
        return
    state.chunks += 1
    stop = watch.feed(text, state.chunks)
    if stop:
        reason, detail = stop
        raise Runaway(reason, detail, watch.text(), state.chunks, time.monotonic() - started)


async def _close(stream: Any) -> None:
    close = getattr(stream, "close", None) or getattr(stream, "aclose", None)
    if close is None:
        return
    try:
        result = close()
        if asyncio.iscoroutine(result):
            await result
    except Exception:  # noqa: BLE001 - closing a broken stream may fail again; the error is reported already
        pass


async def response_lines(response: Any) -> AsyncIterator[str]:
    """The response's lines; a transport error while reading becomes the SDK's own (so it is retried)."""
    import openai

    try:
        async for line in response.iter_lines():
            yield line
    except Exception as exc:
        # httpx (or the httpx2 fork, by SDK version) raises its own errors mid-body: map them by kind.
        if not type(exc).__module__.startswith(("httpx", "httpcore")):
            raise
        request = response.http_response.request
        if "Timeout" in type(exc).__name__:
            raise openai.APITimeoutError(request=request) from exc
        raise openai.APIConnectionError(request=request) from exc


async def not_a_stream(result: Any) -> str | None:
    """The body of a "stream" that the server did not send as server-sent events, else None."""
    response = getattr(result, "response", None)
    headers = getattr(response, "headers", None)
    if response is None or headers is None or "event-stream" in str(headers.get("content-type", "")):
        return None
    try:
        return (await response.aread()).decode("utf-8", "replace")
    finally:
        await response.aclose()


def input_chars(messages: list[dict[str, Any]]) -> int:
    """Characters of what the answer is about: the messages after the (shared) system part."""
    return sum(len(str(m.get("content") or "")) for m in messages if m.get("role") != "system")
