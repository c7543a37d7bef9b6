"""One exception root; configuration, input, model-output and runtime errors apart."""

from __future__ import annotations

from typing import Any


class SummarizerError(Exception):
    """Root of every error this package raises on purpose."""


class ConfigError(SummarizerError):
    """The settings cannot work (missing extra, bad variable, unreachable model)."""


class StoreError(ConfigError):
    """The store (cache file or database) cannot be used; the message names it and the fix."""


class RequestPending(SummarizerError):
    """A request was recorded for a batch job instead of being sent (`summarizer batch submit`)."""

    def __init__(self, article: str) -> None:
        self.article = article
        super().__init__(f"{article}: waiting for a batch answer (summarizer batch submit / collect)")


class InputError(SummarizerError):
    """An article cannot be read; the message names the file and the fix."""

    def __init__(self, path: str, problem: str, fix: str = "") -> None:
        self.path = path
        self.problem = problem
        self.fix = fix
        msg = f"{path}: {problem}"
        if fix:
            msg += f" ({fix})"
        super().__init__(msg)


class ModelError(SummarizerError):
    """A model call failed after all attempts; carries what happened."""

    fix = ""  # what the user can do, shown after the message in a run's error line

    def __init__(
        self,
        message: str,
        *,
        article: str | None = None,
        attempts: int = 0,
        last_output: str | None = None,
        usage: Any = None,
    ) -> None:
        self.article = article
        self.attempts = attempts
        self.last_output = last_output
        self.usage = usage
        prefix = f"{article}: " if article else ""
        super().__init__(f"{prefix}{message} (after {attempts} attempt(s))")


class ModelOutputError(ModelError):
    """The model's answer stayed invalid (schema, JSON or cut off) after the re-asks."""

    cut_off = False  # the last answer ran out of room (max_tokens), even with the most room given
    fix = "the answer is cached, so a re-run gives it again: --no-cache asks anew; a stronger model does better"


class ModelCallError(ModelError):
    """The model endpoint kept failing (timeouts, 429, 5xx, connection errors)."""

    fix = "check the endpoint (OPENAI_BASE_URL, OPENAI_API_KEY) and re-run: finished articles come from the cache"
