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
        self.message = message
        prefix = f"{article}: " if article else ""
        super().__init__(f"{prefix}{message} (after {attempts} attempt(s))")


class ModelOutputError(ModelError):
    """The model's answer stayed invalid (schema, JSON, cut off or stopped) after the re-asks.

    `cut_off`: the last answer ran out of room (max_tokens, or stopped as a runaway), so a retry
    on less text or with a smaller task may succeed. `runaway`: the answer was stopped by this
    package, not ended by the model; `reason` says why ("repetition", "unbounded", "tokens",
    "seconds") and `cap` names the limit and the setting that changes it. `budget_left` is True
    while the article's own budget (tokens and seconds) still allows another call.
    """

    cut_off = False
    runaway = False
    reason = ""
    cap = ""
    budget_left = True
    fix = "a re-run gives the cached answer again: --retry-failed asks anew; a stronger model does better"


class ModelCallError(ModelError):
    """The model endpoint kept failing (timeouts, 429, 5xx, connection errors, replies that are no answer)."""

    endpoint_down = True  # says the endpoint fails, not this request: counted by the circuit breaker
    fix = "check the endpoint (OPENAI_BASE_URL, OPENAI_API_KEY) and re-run: finished articles come from the cache"


class EndpointDownError(ModelCallError):
    """The circuit breaker is open: the endpoint failed every article for a while, the batch stops."""

    fix = (
        "check that the endpoint answers (OPENAI_BASE_URL, OPENAI_API_KEY, SUMMARIZER_MODEL) and re-run: "
        "finished articles come from the cache"
    )
