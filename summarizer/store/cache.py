"""The response cache's key, and its embedded implementation under the name it always had."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .base import Store
from .sqlite import SQLiteStore


def request_key(request: dict[str, Any]) -> str:
    """A stable hash of everything that shapes the answer (model, messages, schema, sampling)."""
    canonical = json.dumps(request, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


ResponseCache = SQLiteStore  # the embedded store; any Store works where a cache is asked for

__all__ = ["ResponseCache", "SQLiteStore", "Store", "request_key"]
