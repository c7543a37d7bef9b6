"""One store for a run, from settings: SQLite in the cache folder unless a store URL is given."""

from __future__ import annotations

import re
from pathlib import Path

from ..core.errors import StoreError
from ..core.settings import Settings
from .base import Store

CACHE_FILE = "responses.sqlite3"


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def store_location(settings: Settings) -> str:
    """Where the run's store is, for messages (a password in a URL is hidden)."""
    target = settings.store or str(settings.cache_dir / CACHE_FILE)
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", target)


def open_store(settings: Settings) -> Store:
    """SUMMARIZER_STORE / --store: a postgresql:// URL, or a SQLite file (default: the cache folder)."""
    target = settings.store
    if target and is_postgres(target):
        from .postgres import PostgresStore

        return PostgresStore(target, lease=settings.store_lease, busy_timeout=settings.store_timeout)
    from .sqlite import SQLiteStore

    if target and "://" in target and not target.startswith("sqlite:///"):
        raise StoreError(f"--store {store_location(settings)}: give a postgresql:// URL or a SQLite file path")
    path = Path(target.removeprefix("sqlite://")) if target else settings.cache_dir / CACHE_FILE
    return SQLiteStore(path, lease=settings.store_lease, busy_timeout=settings.store_timeout)
