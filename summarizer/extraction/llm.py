"""The one model layer: client, structured output, retries, re-asks, cache and usage.

Two loops, kept apart on purpose:
- transient failures of the endpoint (timeouts, dropped connections, 429, 5xx) are retried by
  tenacity with exponential backoff and jitter, honouring Retry-After;
- invalid answers (not JSON, breaking the schema, empty, cut off) get a bounded re-ask that shows
  the model its validation error; a cut-off answer is first retried with more room.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import functools
import hashlib
import inspect
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from ..core.errors import ConfigError, ModelCallError, ModelOutputError, RequestPending
from ..core.settings import LOCAL_MODEL_NAME, Settings
from ..core.types import Usage
from ..store import Store, open_store, request_key
from . import tokens

T = TypeVar("T", bound=BaseModel)

_TRANSIENT_STATUS = {408, 409, 425, 429, 500, 502, 503, 504, 520, 522, 524, 529}
MAX_TOKENS_CEILING = 4096  # one doubling from the default: a rambling small model costs minutes


def is_transient(exc: BaseException) -> bool:
    """Failures worth another try: the endpoint, not the request, was at fault."""
    import openai  # imported only once a call is made: a run answered from the cache never needs it

    if isinstance(exc, (openai.APITimeoutError, openai.APIConnectionError)):
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in _TRANSIENT_STATUS or exc.status_code >= 500
    return isinstance(exc, (asyncio.TimeoutError, ConnectionError))


def retry_after_seconds(exc: BaseException | None) -> float | None:
    """Seconds the server asked us to wait (Retry-After, retry-after-ms), if it said."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if not headers:
        return None
    if headers.get("retry-after-ms"):
        with contextlib.suppress(ValueError):
            return float(headers["retry-after-ms"]) / 1000
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time()) if when else None


class _WaitRetryAfter:
    """Backoff with jitter, unless the server named a wait (capped so a bad header can't stall us)."""

    def __init__(self, initial: float, cap: float) -> None:
        self._backoff = wait_exponential_jitter(initial=initial, max=cap)
        self._cap = cap

    def __call__(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        asked = retry_after_seconds(exc)
        if asked is not None:
            return min(asked, self._cap)
        return float(self._backoff(state))


@dataclass
class Structured(Generic[T]):
    """A validated answer with what it cost."""

    value: T
    raw: str
    usage: Usage
    model: str


@dataclass
class _Answer:
    content: str
    finish_reason: str
    prompt_tokens: int
    completion_tokens: int
    cached: bool


class RateLimiter:
    """Requests and tokens per minute, as a pair of async token buckets."""

    def __init__(self, rpm: float | None, tpm: float | None) -> None:
        self._limits = [(rpm, "r"), (tpm, "t")]
        self._level = {"r": rpm or 0.0, "t": tpm or 0.0}
        self._stamp = time.monotonic()
        self._lock: asyncio.Lock | None = None

    async def acquire(self, n_tokens: int) -> None:
        if not any(limit for limit, _ in self._limits):
            return
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            while True:
                now = time.monotonic()
                elapsed, self._stamp = now - self._stamp, now
                waits = []
                for limit, k in self._limits:
                    if not limit:
                        continue
                    need = 1 if k == "r" else min(n_tokens, limit)
                    self._level[k] = min(limit, self._level[k] + elapsed * limit / 60)
                    if self._level[k] < need:
                        waits.append((need - self._level[k]) * 60 / limit)
                if not waits:
                    for limit, k in self._limits:
                        if limit:
                            self._level[k] -= 1 if k == "r" else min(n_tokens, limit)
                    return
                await asyncio.sleep(max(waits))


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
    _client_lock: asyncio.Lock | None = field(default=None, init=False, repr=False)
    _limiter: RateLimiter = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._limiter = RateLimiter(self.settings.requests_per_minute, self.settings.tokens_per_minute)
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
        """The whole request body: also the cache key."""
        body: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "response_format": response_format(schema),
            "temperature": self.settings.temperature,
            "max_tokens": max_tokens,
        }
        if self.settings.seed is not None:
            body["seed"] = self.settings.seed
        return body

    async def _send_claimed(self, body: dict[str, Any], label: str, usage: Usage) -> _Answer:
        """`_send`, with the request claimed in the store while it runs, or deferred.

        Another run asking the same meanwhile waits for this answer instead of calling too.
        """
        key = request_key(body)
        cache = self.cache if self.settings.use_cache else None
        if self.deferred is not None and (cache is None or cache.get(key) is None):
            self.deferred.setdefault(key, Pending(body, [])).labels.append(label)
            raise RequestPending(label)
        if cache is None or await cache.wait_or_claim(key) is not None:
            return await self._send(body, label, usage)
        try:
            return await self._send(body, label, usage)
        finally:
            cache.release_request(key)

    async def _send(self, body: dict[str, Any], label: str, usage: Usage) -> _Answer:
        key = request_key(body)
        if self.cache is not None and self.settings.use_cache:
            hit = self.cache.get(key)
            if hit is not None:
                usage.cache_hits += 1
                return _Answer(**{**hit, "cached": True})
        import openai

        client = await self._get_client()
        await self._limiter.acquire(usage.prompt_tokens_estimated)

        def count_retry(state: RetryCallState) -> None:
            usage.retries += 1

        try:
            async for attempt in AsyncRetrying(
                retry=retry_if_exception(is_transient),
                wait=_WaitRetryAfter(initial=1.0, cap=60.0),
                stop=stop_after_attempt(self.settings.max_attempts),
                before_sleep=count_retry,
                reraise=True,
            ):
                with attempt:
                    usage.calls += 1
                    if isinstance(client, openai.OpenAI):  # a caller's sync client
                        create: Callable[..., Any] = client.chat.completions.create
                        result = await asyncio.to_thread(create, **body)
                    else:
                        result = client.chat.completions.create(**body)
                        if inspect.isawaitable(result):
                            result = await result
        except openai.APIStatusError as exc:
            raise ModelCallError(
                f"model endpoint answered HTTP {exc.status_code}: "
                f"{_short(_redact(exc.message, self.settings.api_key))}",
                article=label, attempts=usage.retries + 1, usage=usage,
            ) from exc
        except (openai.APIConnectionError, openai.APITimeoutError, asyncio.TimeoutError) as exc:
            raise ModelCallError(
                f"model endpoint unreachable: {type(exc).__name__}",
                article=label, attempts=usage.retries + 1, usage=usage,
            ) from exc
        choice = result.choices[0] if result.choices else None
        answer = _Answer(
            content=(choice.message.content or "") if choice else "",
            finish_reason=(choice.finish_reason or "") if choice else "",
            prompt_tokens=result.usage.prompt_tokens if result.usage else 0,
            completion_tokens=result.usage.completion_tokens if result.usage else 0,
            cached=False,
        )
        usage.prompt_tokens += answer.prompt_tokens
        usage.completion_tokens += answer.completion_tokens
        # Every answer is kept, a cut-off or invalid one too: a re-run then replays the same path
        # (cut off, retried with more room, re-asked) without one model call.
        if self.cache is not None:
            self.cache.put(key, str(self.model), {k: v for k, v in vars(answer).items() if k != "cached"})
        return answer

    async def structured(
        self,
        messages: list[dict[str, str]],
        schema: type[T],
        *,
        label: str = "",
        max_tokens: int | None = None,
    ) -> Structured[T]:
        """Ask, validate, re-ask on invalid output; raise ModelOutputError when attempts run out."""
        usage = Usage(prompt_tokens_estimated=tokens.count_messages(messages, self.count_tokens))
        max_tokens = max_tokens or self.settings.max_tokens
        conversation = list(messages)
        last = ""
        problem = ""
        reasks = 0
        try:
            while True:
                answer = await self._send_claimed(self.request(conversation, schema, max_tokens), label, usage)
                last = answer.content
                if answer.finish_reason == "length":
                    # A cut-off answer is never parsed as if whole: retry with more room first.
                    problem = f"the answer was cut off at max_tokens={max_tokens}"
                    if max_tokens < MAX_TOKENS_CEILING:
                        max_tokens = min(MAX_TOKENS_CEILING, max_tokens * 2)
                        usage.reasks += 1
                        continue
                    break
                try:
                    if not answer.content.strip():
                        raise ValueError("the answer was empty")
                    value = schema.model_validate_json(answer.content)
                    return Structured(value=value, raw=answer.content, usage=usage, model=str(self.model))
                except (ValidationError, ValueError) as exc:
                    problem = _validation_summary(exc)
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
            self.usage = self.usage.add(usage)
        error = ModelOutputError(
            f"invalid model output: {problem}",
            article=label, attempts=usage.calls + usage.cache_hits, last_output=last, usage=usage,
        )
        error.cut_off = problem.startswith("the answer was cut off")
        raise error


REASK = (
    "Your answer was not valid: {error}. Answer again with one JSON object that follows the "
    "schema exactly, and nothing else."
)


def response_format(schema: type[BaseModel]) -> dict[str, Any]:
    """OpenAI-style strict JSON-schema response format generated from the pydantic type."""
    return {
        "type": "json_schema",
        "json_schema": {"name": schema.__name__, "strict": True, "schema": _json_schema(schema)},
    }


@functools.lru_cache(maxsize=32)
def compact_schema(schema: type[BaseModel]) -> str:
    """The schema as compact JSON for the prompt (a grammar constrains, it does not inform).

    Titles and descriptions are dropped: the prompt's rules say the same in fewer tokens.
    """

    def strip(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if k not in ("title", "description")}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    return json.dumps(strip(_json_schema(schema)), ensure_ascii=False, separators=(",", ":"))


@functools.lru_cache(maxsize=32)
def _json_schema(schema: type[BaseModel]) -> dict[str, Any]:
    """Generated once per type: pydantic takes ~4 ms per call, twice per request (read-only result)."""
    return schema.model_json_schema()


def _validation_summary(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        parts = [f"{'.'.join(str(p) for p in e['loc']) or 'root'}: {e['msg']}" for e in exc.errors()[:5]]
        return "; ".join(parts)
    return _short(str(exc))


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


@contextlib.asynccontextmanager
async def open_llm(settings: Settings, client: Any = None, store: Store | None = None) -> AsyncIterator[LLM]:
    """The model layer for one run: hosted, a caller's client, or the embedded local model.

    `store` is a store the caller opened and closes; without it the run opens its own.
    """
    cache = store
    if cache is None and settings.use_cache:
        cache = open_store(settings)
    stack = contextlib.AsyncExitStack()
    try:
        if client is not None or not settings.uses_local_backend:
            model = settings.model
            if model is None and settings.base_url is None:
                model = "gpt-4o-mini"
            if model is None:
                raise ConfigError(
                    "OPENAI_BASE_URL is set but no model: set SUMMARIZER_MODEL to the model's name"
                )
            if client is not None:
                yield LLM(settings, client=client, model=model, cache=cache)
                return
            hosted_model = model

            async def start_hosted() -> tuple[Any, str]:
                # Built on the first cache miss, so a cached re-run never imports the SDK.
                hosted = build_client(settings)
                # Ours to close: left to the garbage collector it fails on the closed event loop.
                stack.push_async_callback(hosted.close)
                return hosted, hosted_model

            yield LLM(settings, model=model, cache=cache, client_factory=start_hosted)
            return

        from . import local  # the local extra is optional

        gguf = settings.local_model
        model_name = gguf.stem if gguf else LOCAL_MODEL_NAME

        async def start_local() -> tuple[Any, str]:
            path = gguf if gguf is not None else await asyncio.to_thread(local.ensure_model, settings.cache_dir)
            server = local.LocalServer(path)
            await stack.enter_async_context(server)
            local_settings = settings.model_copy(
                update={"api_key": server.api_key, "base_url": server.base_url}
            )
            local_client = build_client(local_settings)
            stack.push_async_callback(local_client.close)
            return local_client, model_name

        yield LLM(settings, model=model_name, cache=cache, client_factory=start_local)
    finally:
        await stack.aclose()
        if cache is not None and cache is not store:
            cache.close()
