"""The one model layer: client, structured output, retries, re-asks, cache, budgets and usage.

Two loops, kept apart on purpose:
- transient failures of the endpoint (timeouts, dropped connections, 429, 5xx, replies that are
  no chat completion) are retried by tenacity with backoff, honouring Retry-After (retry.py); a
  circuit breaker stops the batch once the endpoint has failed every article for a while;
- invalid answers (not JSON, breaking the schema, empty, cut off) get a bounded re-ask that shows
  the model its validation error; a cut-off answer is first retried with more room.
Answers are streamed (Settings.stream) and watched (stream.py): a runaway answer is stopped and
raised as ModelOutputError(runaway=True), within the article's budget of tokens and seconds
(budget.py). Only real answers are cached; an error never is.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import inspect
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt, stop_any

from ..core.errors import ConfigError, ModelCallError, ModelOutputError, RequestPending
from ..core.settings import Settings
from ..core.types import Usage
from ..store import Store, request_key
from . import budget as budgets
from . import tokens
from .limiter import RateLimiter
from .reply import Answer, answer_of
from .retry import (
    TIMEOUT_ATTEMPTS,
    BadReply,
    Breaker,
    StopAfterTimeouts,
    WaitRetryAfter,
    endpoint_at_fault,
    is_transient,
    retry_after_seconds,
)
from .schema import compact_schema, response_format, validation_summary
from .stream import Runaway, Watch, closed_answer, input_chars, not_a_stream, read_stream, response_lines, sse_chunks

T = TypeVar("T", bound=BaseModel)

MAX_TOKENS_CEILING = 4096  # one doubling from the default: a rambling small model costs minutes
RUNAWAY = "runaway:"  # finish_reason of a cached answer that the watch stopped
_TRANSPORT = ("stream", "stream_options")  # how the answer travels: not part of the cache key

__all__ = ["LLM", "Structured", "RateLimiter", "build_client", "compact_schema", "is_transient",
           "response_format", "retry_after_seconds"]


@dataclass
class Structured(Generic[T]):
    """A validated answer with what it cost."""

    value: T
    raw: str
    usage: Usage
    model: str


class _CacheMiss(Exception):
    """Probing the cache only (retry_failed), and the answer is not there."""


ClientFactory = Callable[[], Awaitable[tuple[Any, str]]]


@dataclass
class Pending:
    """A request recorded instead of sent (deferring mode, for a batch job), and who needs it."""

    body: dict[str, Any]
    labels: list[str]


@dataclass
class LLM:
    """Asks an OpenAI-compatible endpoint for JSON that validates against a pydantic type.

    The client is created lazily, so a run answered wholly from the cache never starts the
    local server. Pass `client` to use your own (sync or async) OpenAI client.
    """

    settings: Settings
    client: Any = None
    model: str | None = None
    cache: Store | None = None
    client_factory: ClientFactory | None = None
    # Deferring mode (batch jobs): a cache miss is recorded here by request key, not sent.
    deferred: dict[str, Pending] | None = None
    usage: Usage = field(default_factory=Usage)
    breaker: Breaker = field(init=False, repr=False)
    _client_lock: asyncio.Lock | None = field(default=None, init=False, repr=False)
    _limiter: RateLimiter = field(init=False, repr=False)
    _stream_options: bool = field(default=True, init=False, repr=False)

    def __post_init__(self) -> None:
        self._limiter = RateLimiter(self.settings.requests_per_minute, self.settings.tokens_per_minute)
        self.breaker = Breaker(self.settings.breaker_articles)
        if self.model is None:
            self.model = self.settings.model
        if self.model is None:
            raise ConfigError("no model name: set SUMMARIZER_MODEL (e.g. gpt-4o-mini) or pass model=")

    def count_tokens(self, text: str) -> int:
        """tiktoken's count, memoised in the cache so a re-run never loads the tokenizer."""
        if self.cache is None:
            return tokens.count(text)
        key = hashlib.sha256(text.encode("utf-8")).hexdigest()
        hit = self.cache.memo_get("o200k_tokens", key)
        if hit is not None:
            return int(hit)
        n = tokens.count(text)
        self.cache.memo_put("o200k_tokens", key, str(n))
        return n

    @contextlib.contextmanager
    def article_scope(self) -> Iterator[budgets.Budget]:
        """One article's budget of completion tokens and seconds, for every request made inside."""
        with budgets.article_scope(self.settings.article_tokens, self.settings.article_seconds) as b:
            yield b

    async def _get_client(self) -> Any:
        if self.client is not None:
            return self.client
        if self._client_lock is None:
            self._client_lock = asyncio.Lock()
        async with self._client_lock:
            if self.client is None:
                if self.client_factory is None:
                    raise ConfigError("no model client configured")
                self.client, _ = await self.client_factory()
        return self.client

    def request(
        self, messages: list[dict[str, str]], schema: type[BaseModel], max_tokens: int
    ) -> dict[str, Any]:
        """The whole request body; without its transport fields, also the cache key."""
        body: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "response_format": response_format(schema),
            "temperature": self.settings.temperature,
            "max_tokens": max_tokens,
        }
        if self.settings.seed is not None:
            body["seed"] = self.settings.seed
        if self.settings.stream:
            body["stream"] = True
            body["stream_options"] = {"include_usage": True}
        return body

    async def _send_claimed(self, body: dict[str, Any], label: str, usage: Usage, budget: budgets.Budget,
                            mode: str = "use") -> Answer:
        """`_send`, with the request claimed in the store while it runs, or deferred.

        Another run asking the same meanwhile waits for this answer instead of calling too. In
        deferring mode (batch jobs) a request the cache cannot answer is recorded, not sent.
        """
        plain = {k: v for k, v in body.items() if k not in _TRANSPORT}
        key = request_key(plain)
        if self.deferred is not None and mode != "probe":
            if self.cache is None or self.cache.get(key) is None:
                self.deferred.setdefault(key, Pending(plain, [])).labels.append(label)
                raise RequestPending(label)
            mode = "use"  # a batch answers each request once: no asking anew
        cache = self.cache if self.settings.read_cache and mode == "use" else None
        if cache is None or await cache.wait_or_claim(key) is not None:
            return await self._send(body, label, usage, budget, mode)
        try:
            return await self._send(body, label, usage, budget, mode)
        finally:
            cache.release_request(key)

    async def _send(self, body: dict[str, Any], label: str, usage: Usage, budget: budgets.Budget,
                    mode: str = "use") -> Answer:
        """One answer: from the cache (mode "use"; "probe" answers only from it) or the endpoint."""
        key = request_key({k: v for k, v in body.items() if k not in _TRANSPORT})
        if self.cache is not None and mode != "refresh" and self.settings.read_cache:
            hit = self.cache.get(key)
            if hit is not None:
                usage.cache_hits += 1
                return Answer(**{**hit, "cached": True})
        if mode == "probe":
            raise _CacheMiss
        client = await self._get_client()
        self.breaker.check(label)
        await self._limiter.acquire(usage.prompt_tokens_estimated)
        try:
            answer = await self._retrying(client, body, label, usage, budget)
        except Runaway as stop:
            usage.completion_tokens += stop.tokens
            budget.charge(stop.tokens, stop.seconds)
            self.breaker.alive()
            if self.cache is not None and stop.repeatable:
                finish = f"{RUNAWAY}{stop.reason}:{stop.detail}"
                self.cache.put(key, str(self.model), {"content": stop.content, "finish_reason": finish,
                                                      "prompt_tokens": 0, "completion_tokens": stop.tokens})
            raise
        except ModelCallError as exc:
            self.breaker.failed(exc)
            raise
        self.breaker.alive()
        usage.prompt_tokens += answer.prompt_tokens
        usage.completion_tokens += answer.completion_tokens
        # Every answer is kept, a cut-off or invalid one too: a re-run then replays the same path
        # (cut off, retried with more room, re-asked) without one model call. An error is never
        # kept: it was no answer.
        if self.cache is not None:
            self.cache.put(key, str(self.model), {k: v for k, v in vars(answer).items() if k != "cached"})
        return answer

    async def _retrying(self, client: Any, body: dict[str, Any], label: str, usage: Usage,
                        budget: budgets.Budget) -> Answer:
        import openai

        def count_retry(state: RetryCallState) -> None:
            usage.retries += 1

        try:
            async for attempt in AsyncRetrying(
                retry=retry_if_exception(is_transient),
                wait=WaitRetryAfter(initial=1.0),
                stop=stop_any(stop_after_attempt(self.settings.max_attempts), StopAfterTimeouts(TIMEOUT_ATTEMPTS)),
                before_sleep=count_retry,
                sleep=self.breaker.sleep,
                reraise=True,
            ):
                with attempt:
                    self.breaker.check(label)
                    usage.calls += 1
                    return await self._call(client, body, budget)
        except openai.APIStatusError as exc:
            error = ModelCallError(
                f"model endpoint answered HTTP {exc.status_code}: "
                f"{_short(_redact(str(exc.message), self.settings.api_key))}",
                article=label, attempts=usage.retries + 1, usage=usage,
            )
            error.endpoint_down = endpoint_at_fault(exc.status_code)
            raise error from exc
        except (openai.APIConnectionError, openai.APITimeoutError, asyncio.TimeoutError, ConnectionError) as exc:
            raise ModelCallError(
                f"model endpoint unreachable: {type(exc).__name__}",
                article=label, attempts=usage.retries + 1, usage=usage,
            ) from exc
        except BadReply as exc:
            raise ModelCallError(
                f"model endpoint sent {_redact(str(exc), self.settings.api_key)}",
                article=label, attempts=usage.retries + 1, usage=usage,
            ) from exc
        raise AssertionError("unreachable: tenacity either returns or raises")  # pragma: no cover

    async def _call(self, client: Any, body: dict[str, Any], budget: budgets.Budget) -> Answer:
        """One HTTP request and its answer (streamed and watched when the body asks for a stream)."""
        import openai

        if isinstance(client, openai.OpenAI):  # a caller's sync client: no streaming in a thread
            plain = {k: v for k, v in body.items() if k not in _TRANSPORT}
            create: Callable[..., Any] = client.chat.completions.create
            return answer_of(await asyncio.to_thread(create, **plain))
        if body.get("stream") and not self._stream_options:
            body = {k: v for k, v in body.items() if k != "stream_options"}
        try:
            if body.get("stream") and isinstance(client, openai.AsyncOpenAI):
                return await self._raw_stream(client, body, budget)
            result = client.chat.completions.create(**body)
            if inspect.isawaitable(result):
                result = await result
        except openai.BadRequestError as exc:
            # An older server that streams but knows no stream_options: ask again without it.
            if "stream_options" in body and "stream_options" in str(exc.message):
                self._stream_options = False
                return await self._call(client, body, budget)
            raise
        except ValueError as exc:  # a JSON content type over a body that is not JSON
            raise BadReply(f"a body that is not JSON ({type(exc).__name__})") from exc
        if not body.get("stream") or not hasattr(result, "__aiter__"):
            return answer_of(result)  # also a client that ignores `stream`
        return await self._watched(result, body, budget)

    async def _raw_stream(self, client: Any, body: dict[str, Any], budget: budgets.Budget) -> Answer:
        """The SDK's raw response, its events parsed here (an SDK model per chunk costs ~0.1 ms)."""
        async with client.chat.completions.with_streaming_response.create(**body) as response:
            if "event-stream" not in str(response.headers.get("content-type", "")):
                return answer_of(await response.text())  # a server that ignores `stream`, a page, an error
            return await self._watched(sse_chunks(response_lines(response)), body, budget)

    async def _watched(self, result: Any, body: dict[str, Any], budget: budgets.Budget) -> Answer:
        import openai

        if (whole := await not_a_stream(result)) is not None:
            return answer_of(whole)  # a server that ignores `stream`, or a page, or an error object
        watch = Watch(max_tokens=int(body["max_tokens"]), input_chars=input_chars(body["messages"]),
                      schema=body["response_format"]["json_schema"]["schema"])
        try:
            answer, seconds = await read_stream(result, watch, budget.seconds_left)
        except openai.APIError as exc:
            if isinstance(exc, (openai.APIConnectionError, openai.APITimeoutError, openai.APIStatusError)):
                raise
            raise BadReply(f"an error in the stream: {_short(str(exc.message))}") from exc
        except ValueError as exc:  # an SSE event whose data is not JSON
            raise BadReply(f"a stream event that is not JSON ({type(exc).__name__})") from exc
        budget.charge(0, seconds)  # tokens are charged by the caller, from the counts
        return answer

    async def structured(
        self,
        messages: list[dict[str, str]],
        schema: type[T],
        *,
        label: str = "",
        max_tokens: int | None = None,
    ) -> Structured[T]:
        """Ask, validate, re-ask on invalid output; raise ModelOutputError when attempts run out.

        With Settings.retry_failed, cached answers that end in a failure are asked for anew.
        """
        budget = budgets.current() or budgets.Budget(self.settings.article_tokens, self.settings.article_seconds)
        if self.settings.retry_failed and self.cache is not None and self.settings.read_cache:
            probe = Usage(prompt_tokens_estimated=tokens.count_messages(messages, self.count_tokens))
            try:
                return await self._structured(messages, schema, label, max_tokens, budget, probe, "probe")
            except _CacheMiss:
                pass  # not all cached: ask, the cached part is replayed on the way
            except ModelOutputError:
                usage = Usage(prompt_tokens_estimated=probe.prompt_tokens_estimated)
                return await self._structured(messages, schema, label, max_tokens, budget, usage, "refresh")
        usage = Usage(prompt_tokens_estimated=tokens.count_messages(messages, self.count_tokens))
        return await self._structured(messages, schema, label, max_tokens, budget, usage, "use")

    def _first_max_tokens(self, messages: list[dict[str, str]], budget: budgets.Budget) -> int:
        ceiling = self.settings.max_tokens
        if self.settings.size_max_tokens:
            variable = sum(self.count_tokens(str(m.get("content") or "")) for m in messages
                           if m.get("role") != "system")
            ceiling = budgets.sized_max_tokens(variable, ceiling)
        return ceiling

    async def _structured(self, messages: list[dict[str, str]], schema: type[T], label: str, max_tokens: int | None,
                          budget: budgets.Budget, usage: Usage, mode: str) -> Structured[T]:
        wanted = max_tokens or self._first_max_tokens(messages, budget)
        conversation = list(messages)
        last, problem, reasks = "", "", 0
        stopped: Runaway | None = None
        try:
            while True:
                if mode != "probe" and not budget.can_ask:
                    raise self._over_budget(label, usage, last, budget)
                room = wanted if mode == "probe" else min(wanted, budget.tokens_left)
                before = usage.completion_tokens
                try:
                    answer = await self._send_claimed(self.request(conversation, schema, room), label, usage, budget,
                                                       mode)
                except Runaway as stop:
                    stopped, last = stop, stop.content
                    if (closed := closed_answer(schema, stop.content, stop.reason)) is not None:
                        return Structured(value=closed[0], raw=closed[1], usage=usage, model=str(self.model))
                    break
                # A replayed answer is charged what it cost when asked: a re-run takes the same path.
                budget.charge(answer.completion_tokens if answer.cached else usage.completion_tokens - before, 0.0)
                last = answer.content
                stopped = _replayed_runaway(answer)
                reason = stopped.reason if stopped is not None else answer.finish_reason
                if (closed := closed_answer(schema, answer.content, reason)) is not None:
                    return Structured(value=closed[0], raw=closed[1], usage=usage, model=str(self.model))
                if stopped is not None:
                    break
                if answer.finish_reason == "length":
                    # A cut-off answer is never parsed as if whole: retry with more room first.
                    problem = f"the answer was cut off at max_tokens={room}"
                    more = min(MAX_TOKENS_CEILING, room * 2)  # twice its room, not the ceiling: bounded cost
                    if mode == "probe" or min(more, budget.tokens_left) > room:
                        wanted = more
                        usage.reasks += 1
                        continue
                    break
                try:
                    if not answer.content.strip():
                        raise ValueError("the answer was empty")
                    value = schema.model_validate_json(answer.content)
                    return Structured(value=value, raw=answer.content, usage=usage, model=str(self.model))
                except (ValidationError, ValueError) as exc:
                    problem = validation_summary(exc)
                if reasks >= self.settings.max_reasks:
                    break
                reasks += 1
                usage.reasks += 1
                conversation = [
                    *messages,
                    {"role": "assistant", "content": answer.content},
                    {"role": "user", "content": REASK.format(error=problem)},
                ]
        finally:
            if mode != "probe":
                self.usage = self.usage.add(usage)
        if stopped is not None:
            raise self._stopped(label, usage, stopped, budget)
        raise _invalid_output(label, usage, problem, last, budget)

    def _stopped(self, label: str, usage: Usage, stop: Runaway, budget: budgets.Budget) -> ModelOutputError:
        error = ModelOutputError(
            f"answer stopped as a runaway: {stop.detail}; {budget.describe()}",
            article=label, attempts=usage.calls + usage.cache_hits, last_output=stop.content, usage=usage,
        )
        error.cut_off = error.runaway = True
        error.reason = stop.reason
        error.cap = budget.describe() if stop.reason in ("seconds", "tokens") else stop.detail
        error.budget_left = budget.can_ask
        return error

    def _over_budget(self, label: str, usage: Usage, last: str, budget: budgets.Budget) -> ModelOutputError:
        spent = f"spent {budget.spent_tokens} completion tokens and {budget.spent_seconds:.0f} s"
        error = ModelOutputError(
            f"answer stopped: the article's budget is used up ({spent}); {budget.describe()}",
            article=label, attempts=usage.calls + usage.cache_hits, last_output=last, usage=usage,
        )
        error.runaway = True
        error.reason = "tokens" if budget.tokens_left < budgets.MIN_REQUEST_TOKENS else "seconds"
        error.cap = budget.describe()
        error.budget_left = False
        return error


REASK = (
    "Your answer was not valid: {error}. Answer again with one JSON object that follows the "
    "schema exactly, and nothing else."
)


def _redact(text: str, secret: str | None) -> str:
    """Some servers echo the key back ("Incorrect API key provided: sk-..."): never pass it on."""
    return text.replace(secret, "[redacted]") if secret else text


def _short(text: str, n: int = 200) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def build_client(settings: Settings) -> Any:
    """An async OpenAI client from settings; retries are ours, so the SDK's own are off."""
    import openai

    return openai.AsyncOpenAI(
        api_key=settings.api_key or "not-needed",
        base_url=settings.base_url,
        timeout=settings.timeout,
        max_retries=0,
    )


def _replayed_runaway(answer: Answer) -> Runaway | None:
    """An answer stopped as a runaway on an earlier run, replayed from the cache as the stop it was."""
    if not answer.finish_reason.startswith(RUNAWAY):
        return None
    reason, _, detail = answer.finish_reason.removeprefix(RUNAWAY).partition(":")
    return Runaway(reason, detail, answer.content, answer.completion_tokens, 0.0)


def _invalid_output(label: str, usage: Usage, problem: str, last: str, budget: budgets.Budget) -> ModelOutputError:
    error = ModelOutputError(
        f"invalid model output: {problem}",
        article=label, attempts=usage.calls + usage.cache_hits, last_output=last, usage=usage,
    )
    error.cut_off = problem.startswith("the answer was cut off")
    error.budget_left = budget.can_ask
    return error
