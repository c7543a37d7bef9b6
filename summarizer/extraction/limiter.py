"""Requests and tokens per minute, as a pair of async token buckets."""

from __future__ import annotations

import asyncio
import time


class RateLimiter:
    """Waits before a request until both buckets (requests, prompt tokens per minute) allow it."""

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
