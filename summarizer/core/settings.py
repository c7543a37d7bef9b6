"""Settings from arguments or the environment, in one place."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
from pydantic import BaseModel, Field

LOCAL_MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m"


def default_cache_dir() -> Path:
    return Path(os.environ.get("SUMMARIZER_CACHE_DIR") or platformdirs.user_cache_dir("summarizer"))


class Settings(BaseModel):
    """How to reach the model and how hard to push it."""

    api_key: str | None = Field(default=None, repr=False)
    base_url: str | None = None
    model: str | None = None
    local_model: Path | None = Field(default=None, description="A GGUF file for the local backend.")
    cache_dir: Path = Field(default_factory=default_cache_dir)
    use_cache: bool = True
    concurrency: int = 4
    requests_per_minute: float | None = None
    tokens_per_minute: float | None = None
    timeout: float = 600.0
    max_attempts: int = 6
    max_reasks: int = 1
    max_tokens: int = 2048
    max_article_tokens: int = Field(
        default=5000, description="Longer articles are split into parts of at most this many tokens."
    )
    max_parts: int = Field(default=8, description="Articles needing more parts are refused.")
    recall_pass: bool = Field(
        default=True,
        description="Ask again, in the same conversation, for reporting sentences no claim cited.",
    )
    temperature: float = 0.0
    seed: int | None = 0
    pricing_file: Path | None = None
    aliases_file: Path | None = None
    store: str | None = Field(
        default=None,
        description="Where answers, records and events are kept: a postgresql:// URL shared by many "
        "workers, or a SQLite file. Default: responses.sqlite3 in cache_dir.",
    )
    store_timeout: float = Field(default=30.0, gt=0, description="Seconds to wait for another process's lock.")
    store_lease: float = Field(
        default=30.0, gt=0, description="Seconds a killed run's claim on a request or article outlives it."
    )
    worker_process: bool | None = Field(
        default=None,
        description="Read and verify articles in a second process, beside the event loop. "
        "Default: on for batches of at least 64 articles on a machine with 4 or more cores.",
    )

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Settings from OPENAI_* and SUMMARIZER_* variables; explicit arguments win."""
        env = os.environ
        values: dict[str, object] = {
            "api_key": env.get("OPENAI_API_KEY") or None,
            "base_url": env.get("OPENAI_BASE_URL") or None,
            "model": env.get("SUMMARIZER_MODEL") or None,
            "local_model": env.get("SUMMARIZER_LOCAL_MODEL") or None,
            "pricing_file": env.get("SUMMARIZER_PRICING") or None,
            "aliases_file": env.get("SUMMARIZER_ALIASES") or None,
            "store": env.get("SUMMARIZER_STORE") or None,
        }
        if env.get("SUMMARIZER_STORE_LEASE"):
            values["store_lease"] = env["SUMMARIZER_STORE_LEASE"]
        if env.get("SUMMARIZER_CONCURRENCY"):
            values["concurrency"] = int(env["SUMMARIZER_CONCURRENCY"])
        if env.get("SUMMARIZER_NO_CACHE"):
            values["use_cache"] = False
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls.model_validate({k: v for k, v in values.items() if v is not None})

    @property
    def uses_local_backend(self) -> bool:
        """No key and no base URL: run the embedded llama.cpp model."""
        return not self.api_key and not self.base_url
