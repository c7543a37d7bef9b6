"""Opening the model for a run: a hosted endpoint, a caller's client, or the embedded local model
(a llama.cpp server started on the first cache miss, so a cached re-run starts nothing)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from ..core.errors import ConfigError
from ..core.settings import LOCAL_MODEL_NAME, Settings
from ..store import Store, open_store
from .llm import LLM, build_client


def _hosted_model(settings: Settings) -> str:
    """The hosted model's name: the configured one, or OpenAI's small default when no address is set."""
    if settings.model is not None:
        return settings.model
    if settings.base_url is None:
        return "gpt-4o-mini"
    raise ConfigError("OPENAI_BASE_URL is set but no model: set SUMMARIZER_MODEL to the model's name")


def _local_server(settings: Settings, path: Path) -> Any:
    from . import local  # the local extra is optional

    return local.LocalServer(
        path,
        n_parallel=settings.local_parallel,
        threads=settings.local_threads,
        tuning=local.Tuning(
            flash_attn=settings.local_flash_attn, kv_type=settings.local_kv_type,
            n_batch=settings.local_batch, n_ubatch=settings.local_ubatch,
            speculative=settings.local_speculative,
        ),
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
            model = _hosted_model(settings)
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
            server = _local_server(settings, path)
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
