"""Settings from arguments or the environment, in one place (the only reader of environment variables)."""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, Field, ValidationError, field_validator

from .errors import ConfigError

LOCAL_MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m"
DEFAULT_MAX_FILE_MB = 10.0


def default_cache_dir() -> Path:
    return Path(os.environ.get("SUMMARIZER_CACHE_DIR") or platformdirs.user_cache_dir("summarizer"))


class Settings(BaseModel):
    """How to reach the model and how hard to push it."""

    api_key: str | None = Field(default=None, repr=False, description="The endpoint's API key (never logged).")
    base_url: str | None = Field(default=None, description="An OpenAI-compatible endpoint (http or https).")
    model: str | None = Field(default=None, description="The model's name at the endpoint.")
    local_model: Path | None = Field(default=None, description="A GGUF file for the local backend.")
    cache_dir: Path = Field(default_factory=default_cache_dir)
    use_cache: bool = Field(default=True, description="Keep a response cache at all (False: no cache file).")
    read_cache: bool = Field(default=True, description="Answer from the cache (False: ask anew, still store).")
    retry_failed: bool = Field(default=False, description="Ask anew where the cached answers ended in a failure.")
    concurrency: int = Field(default=4, ge=1, le=256, description="Articles extracted at once.")
    requests_per_minute: float | None = Field(default=None, gt=0, description="Requests per minute at most.")
    tokens_per_minute: float | None = Field(default=None, gt=0, description="Prompt tokens per minute at most.")
    timeout: float = Field(default=600.0, gt=0, description="Seconds one HTTP read may wait for the endpoint.")
    max_attempts: int = Field(default=6, ge=1, description="Tries of one request when the endpoint fails.")
    max_reasks: int = Field(default=1, ge=0, description="Re-asks of an answer that breaks the schema.")
    max_tokens: int = Field(default=2048, ge=16, description="Completion tokens one request may ask for.")
    size_max_tokens: bool = Field(
        default=True, description="Ask for max_tokens sized from the article's length (at most max_tokens)."
    )
    stream: bool = Field(
        default=True, description="Stream answers and stop a runaway one early (repetition, no end in sight)."
    )
    article_tokens: int = Field(
        default=8192, ge=16, description="Completion tokens one article may cost, all its requests together."
    )
    article_seconds: float = Field(
        default=300.0, gt=0, description="Seconds of generation one article may cost, all its requests together."
    )
    breaker_articles: int = Field(
        default=3, ge=0, description="Stop the batch after this many articles in a row failed at the endpoint "
        "with no answer in between (0: never).",
    )
    max_article_tokens: int = Field(
        default=5000, ge=50, description="Longer articles are split into parts of at most this many tokens."
    )
    max_parts: int = Field(default=8, ge=1, description="Articles needing more parts are refused.")
    local_threads: int | None = Field(default=None, ge=1, description="llama.cpp threads (default: the cores).")
    local_parallel: int | None = Field(default=None, ge=1, le=8, description="Requests decoded at once, locally.")
    local_flash_attn: Literal["on", "off", "auto"] | None = Field(
        default=None, description="llama.cpp flash attention: on, off or auto."
    )
    local_kv_type: Literal["f16", "q8_0"] | None = Field(
        default=None, description="llama.cpp KV cache type: f16 or q8_0."
    )
    local_batch: int | None = Field(default=None, ge=16, description="llama.cpp logical batch (n_batch).")
    local_ubatch: int | None = Field(default=None, ge=16, description="llama.cpp physical batch (n_ubatch).")
    local_speculative: (
        Literal["ngram-simple", "ngram-map-k", "ngram-map-k4v", "ngram-mod", "ngram-cache"] | None
    ) = Field(default=None, description="llama.cpp n-gram speculative decoding (the draft comes from the text itself).")
    recall_pass: bool = Field(
        default=True,
        description="Also translate the reporting sentences no claim of the events answer cited.",
    )
    max_translated: int = Field(
        default=16, ge=0,
        description="Sentences translated per article at most (each may become a verified statement; "
        "each costs about 40 completion tokens).",
    )
    max_rechecks: int = Field(
        default=4, ge=0,
        description="Sentences per article whose English fails the rendering checks (a number, name, "
        "weekday, month or magnitude the sentence does not have, or another sentence's English) and "
        "are translated again, each alone, with the reason (0: never).",
    )
    max_file_mb: float = Field(
        default=DEFAULT_MAX_FILE_MB, gt=0,
        description="Larger article files (and feed rows) are refused before they are read; a feed "
        "file may be 100 times this.",
    )
    temperature: float = Field(default=0.0, description="Sampling temperature (0: the most repeatable answers).")
    seed: int | None = Field(default=0, description="Sampling seed sent with every request.")
    pricing_file: Path | None = Field(default=None, description="A JSON pricing table (USD per million tokens).")
    aliases_file: Path | None = Field(default=None, description="A JSON alias table added to the built-in one.")
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

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urllib.parse.urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"{value!r} is not an http(s) URL (e.g. http://127.0.0.1:8080/v1)")
        try:
            parts.port  # noqa: B018 - raises on a port that is not a number
        except ValueError as exc:
            raise ValueError(f"{value!r} has a bad port ({exc})") from exc
        return value.strip()

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Settings from OPENAI_* and SUMMARIZER_* variables; explicit arguments win.

        A variable that cannot work is a ConfigError naming it, raised here, before any model call.
        """
        values: dict[str, object] = {}
        for name, (var, parse) in ENVIRONMENT.items():
            raw = os.environ.get(var)
            if raw is None or raw.strip() == "":
                continue
            try:
                values[name] = parse(raw.strip())
            except ValueError as exc:
                raise ConfigError(f"{var}={raw!r}: {exc}") from None
        explicit = {k: v for k, v in overrides.items() if v is not None}
        values.update(explicit)
        from_env = {k: ENVIRONMENT[k][0] for k in values if k not in explicit and k in ENVIRONMENT}
        return cls.checked(values, names=from_env)

    @classmethod
    def checked(cls, values: Mapping[str, Any], names: Mapping[str, str] | None = None) -> Settings:
        """Validated settings, or a one-line ConfigError naming the setting (or its variable)."""
        try:
            return cls.model_validate(dict(values))
        except ValidationError as exc:
            first = exc.errors()[0]
            field = str(first["loc"][0]) if first["loc"] else "settings"
            label = (names or {}).get(field, field)
            given = values.get(field)
            message = str(first.get("msg", "invalid")).removeprefix("Value error, ")
            raise ConfigError(f"{label}={given!r}: {message}") from None

    def check(self) -> Settings:
        """These settings validated again (model_copy(update=...) skips validation)."""
        return type(self).checked(self.model_dump())

    @property
    def uses_local_backend(self) -> bool:
        """No key and no base URL: run the embedded llama.cpp model."""
        return not self.api_key and not self.base_url


def _text(raw: str) -> str:
    return raw


def _flag(raw: str) -> bool:
    value = raw.lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ValueError("not a yes/no value (use 1 or 0)")


def _whole(raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise ValueError("not a whole number") from None


def _megabytes(raw: str) -> float:
    try:
        mb = float(raw)
    except ValueError:
        mb = -1.0
    if not mb > 0:
        raise ValueError("not a size in megabytes (give e.g. 25, or set --max-file-mb)")
    return mb


def _number(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ValueError("not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("not a finite number")
    return value


def _set(raw: str) -> bool:
    """SUMMARIZER_NO_CACHE=1 (any value but 0/false/no/off) asks anew: the cache is not read."""
    return raw.lower() in ("0", "false", "no", "off")


# Setting name: (environment variable, parser). The CLI's options override these.
ENVIRONMENT: dict[str, tuple[str, Callable[[str], object]]] = {
    "api_key": ("OPENAI_API_KEY", _text),
    "base_url": ("OPENAI_BASE_URL", _text),
    "model": ("SUMMARIZER_MODEL", _text),
    "local_model": ("SUMMARIZER_LOCAL_MODEL", _text),
    "pricing_file": ("SUMMARIZER_PRICING", _text),
    "aliases_file": ("SUMMARIZER_ALIASES", _text),
    "concurrency": ("SUMMARIZER_CONCURRENCY", _whole),
    "read_cache": ("SUMMARIZER_NO_CACHE", _set),
    "requests_per_minute": ("SUMMARIZER_RPM", _number),
    "tokens_per_minute": ("SUMMARIZER_TPM", _number),
    "timeout": ("SUMMARIZER_TIMEOUT", _number),
    "stream": ("SUMMARIZER_STREAM", _flag),
    "size_max_tokens": ("SUMMARIZER_SIZE_MAX_TOKENS", _flag),
    "article_tokens": ("SUMMARIZER_ARTICLE_TOKENS", _whole),
    "article_seconds": ("SUMMARIZER_ARTICLE_SECONDS", _number),
    "breaker_articles": ("SUMMARIZER_BREAKER_ARTICLES", _whole),
    "max_file_mb": ("SUMMARIZER_MAX_FILE_MB", _megabytes),
    "recall_pass": ("SUMMARIZER_RECALL_PASS", _flag),
    "max_translated": ("SUMMARIZER_MAX_TRANSLATED", _whole),
    "max_rechecks": ("SUMMARIZER_MAX_RECHECKS", _whole),
    "store": ("SUMMARIZER_STORE", _text),
    "store_lease": ("SUMMARIZER_STORE_LEASE", _number),
    "local_threads": ("SUMMARIZER_LOCAL_THREADS", _whole),
    "local_parallel": ("SUMMARIZER_LOCAL_PARALLEL", _whole),
    "local_flash_attn": ("SUMMARIZER_LOCAL_FLASH_ATTN", _text),
    "local_kv_type": ("SUMMARIZER_LOCAL_KV_TYPE", _text),
    "local_batch": ("SUMMARIZER_LOCAL_BATCH", _whole),
    "local_ubatch": ("SUMMARIZER_LOCAL_UBATCH", _whole),
    "local_speculative": ("SUMMARIZER_LOCAL_SPECULATIVE", _text),
}


def configuration_markdown() -> str:
    """docs/configuration.md: every setting, its variable, default and meaning."""
    env = {k: v[0] for k, v in ENVIRONMENT.items()}
    lines = [
        "# Configuration", "",
        "Every setting of `summarizer.Settings`, with its environment variable where it has one. The command",
        "line's options win over the environment, and the environment over the defaults. `core/settings.py`",
        "is the only reader of the environment, and every value is checked before the first model call",
        "(a bad one is a one-line error naming the variable, exit code 2). Library users pass the same",
        "names to `Settings(...)` or `Settings.from_env(**overrides)`.", "",
        "| setting | variable | default | meaning |", "|---|---|---|---|",
    ]
    for name, field in Settings.model_fields.items():
        default = "the user cache dir" if name == "cache_dir" else field.default
        variable = f"`{env[name]}`" if name in env else ""
        lines.append(f"| `{name}` | {variable} | `{default}` | {(field.description or '').replace('|', '/')} |")
    lines += [
        "", "Also read: `SUMMARIZER_CACHE_DIR` (where the cache and the local model live). `SUMMARIZER_NO_CACHE=1`",
        "asks anew (answers are still stored); `--retry-failed` asks anew only where a cached answer failed.",
        "", "Written by `python -m summarizer.core.settings > docs/configuration.md`; a test checks it is current.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(configuration_markdown(), end="")
