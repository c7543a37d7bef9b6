"""Which failures are retried, how long to wait, and when to stop asking a dead endpoint at all.

- transient failures of the endpoint (timeouts, dropped connections, 429, 5xx, a reply that is no
  chat completion) are retried with exponential backoff and jitter, honouring Retry-After when it
  is a number of seconds or an HTTP date (anything else, "soon" say, falls back to the backoff);
- the circuit breaker counts articles that failed at the endpoint after all their retries; after
  `limit` of them in a row, with no answer from the endpoint in between, it opens: every request
  still to come, and every retry still waiting, fails at once with EndpointDownError.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import math
import time

from tenacity import RetryCallState, wait_exponential_jitter
from tenacity.stop import stop_base

from ..core.errors import EndpointDownError, ModelCallError

_TRANSIENT_STATUS = {408, 409, 425, 429, 500, 502, 503, 504, 520, 522, 524, 529}
# A client error that says the endpoint, not this request, is wrong (key, address, model name).
_ENDPOINT_STATUS = {401, 403, 404, 405}
MAX_WAIT = 60.0  # a server may ask for more; a bad header must not stall the batch
TIMEOUT_ATTEMPTS = 2  # timed-out tries of one request before it is given up


class BadReply(Exception):
    """An HTTP answer that is no chat completion (not JSON, an HTML page, an error object, no message)."""


def is_transient(exc: BaseException) -> bool:
    """Failures worth another try: the endpoint, not the request, was at fault."""
    import openai  # imported only once a call is made: a run answered from the cache never needs it

    if isinstance(exc, BadReply):
        return True
    if isinstance(exc, (openai.APITimeoutError, openai.APIConnectionError)):
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in _TRANSIENT_STATUS or exc.status_code >= 500
    return isinstance(exc, (asyncio.TimeoutError, ConnectionError))


def endpoint_at_fault(status: int) -> bool:
    """An HTTP status that every request would get: it counts for the circuit breaker."""
    return status in _TRANSIENT_STATUS or status in _ENDPOINT_STATUS or status >= 500


def retry_after_seconds(exc: BaseException | None) -> float | None:
    """Seconds the server asked us to wait (Retry-After, retry-after-ms), if it said so legibly."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if not headers:
        return None
    with contextlib.suppress(ValueError, TypeError, OverflowError):
        millis = headers.get("retry-after-ms")
        if millis:
            return _finite(float(millis) / 1000)
    value = headers.get("retry-after")
    if not value:
        return None
    with contextlib.suppress(ValueError, TypeError, OverflowError):
        return _finite(float(value))
    with contextlib.suppress(ValueError, TypeError, OverflowError, IndexError):
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time())
    return None  # "soon", garbage: the backoff decides


def _finite(seconds: float) -> float | None:
    return max(0.0, seconds) if math.isfinite(seconds) else None


class WaitRetryAfter:
    """Backoff with jitter, unless the server named a wait (capped so a bad header can't stall us)."""

    def __init__(self, initial: float, cap: float | None = None) -> None:
        self._cap = MAX_WAIT if cap is None else cap
        self._backoff = wait_exponential_jitter(initial=initial, max=self._cap)

    def __call__(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        asked = retry_after_seconds(exc)
        if asked is not None:
            return min(asked, self._cap)
        return float(self._backoff(state))


class StopAfterTimeouts(stop_base):
    """Give a request up after `n` timeouts, whatever max_attempts allows.

    A server that took the request and then said nothing for `timeout` seconds rarely answers the
    same request later: one more try, not max_attempts x timeout (600 s x 6 per article before).
    """

    def __init__(self, n: int) -> None:
        self.n = n
        self.seen = 0

    def __call__(self, state: RetryCallState) -> bool:
        import openai

        exc = state.outcome.exception() if state.outcome else None
        self.seen += isinstance(exc, (openai.APITimeoutError, asyncio.TimeoutError))
        return self.seen >= self.n


class Breaker:
    """Opens after `limit` articles in a row failed at the endpoint with no answer in between (0: never)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.failures = 0
        self.last: ModelCallError | None = None
        self.opened: EndpointDownError | None = None
        self._event: asyncio.Event | None = None

    def alive(self) -> None:
        """The endpoint gave an answer (valid or not): it works."""
        if self.opened is None:
            self.failures = 0

    def failed(self, error: ModelCallError) -> None:
        """An article failed at the endpoint after all its retries."""
        if self.opened is not None or not getattr(error, "endpoint_down", False):
            return
        self.failures += 1
        self.last = error
        if self.limit and self.failures >= self.limit:
            self.opened = EndpointDownError(
                f"the endpoint failed {self.failures} articles in a row with no answer in between "
                f"(last: {error.message}); the batch stopped (SUMMARIZER_BREAKER_ARTICLES={self.limit})"
            )
            if self._event is not None:
                self._event.set()

    def check(self, label: str) -> None:
        """Raise for this article when the breaker is open."""
        if self.opened is not None:
            error = EndpointDownError(f"stopped: {self.opened.message}", article=label, attempts=0)
            error.endpoint_down = False  # not one more failure of the endpoint: the breaker stopped it
            raise error

    async def sleep(self, seconds: float) -> None:
        """The backoff's sleep, cut short when the breaker opens."""
        if self._event is None:
            self._event = asyncio.Event()
            if self.opened is not None:
                self._event.set()
        sleeper = asyncio.ensure_future(asyncio.sleep(max(0.0, seconds)))
        opened = asyncio.ensure_future(self._event.wait())
        try:
            await asyncio.wait({sleeper, opened}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (sleeper, opened):
                task.cancel()
