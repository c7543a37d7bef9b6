"""Where answers, memos, claims, articles, events and batch jobs are kept: SQLite or Postgres."""

from .base import Store
from .cache import ResponseCache, request_key
from .open import open_store, store_location
from .sqlite import SQLiteStore

__all__ = ["ResponseCache", "SQLiteStore", "Store", "open_store", "request_key", "store_location"]
