"""Foreign-language news to trustworthy English briefings.

The stage modules `extract`, `reconcile` and `brief` share their names with the public functions;
they are imported first so that the names below end up bound to the functions.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .core.errors import ConfigError, InputError, ModelError, SummarizerError
from .core.settings import Settings
from .core.types import Article, ArticleResult, Briefing, Event, EventRecord
from .pipeline import Summarizer, abrief, aextract, brief, extract, reconcile

__all__ = [
    "Summarizer", "Settings", "brief", "abrief", "extract", "aextract", "reconcile",
    "Briefing", "Event", "EventRecord", "ArticleResult", "Article",
    "SummarizerError", "ConfigError", "InputError", "ModelError", "__version__",
]
