"""Foreign-language news to trustworthy English briefings.

The stage modules `extract`, `reconcile` and `brief` share their names with the public functions;
they are imported first so that the names below end up bound to the functions.
"""

from __future__ import annotations

__version__ = "0.1.0"

from . import brief as _brief_stage  # noqa: F401  (bind the stage modules before the functions)
from . import extract as _extract_stage  # noqa: F401
from . import reconcile as _reconcile_stage  # noqa: F401
from .errors import ConfigError, InputError, ModelError, SummarizerError
from .pipeline import Summarizer, abrief, aextract, brief, extract, reconcile
from .settings import Settings
from .types import Article, ArticleResult, Briefing, Event, EventRecord

__all__ = [
    "Summarizer", "Settings", "brief", "abrief", "extract", "aextract", "reconcile",
    "Briefing", "Event", "EventRecord", "ArticleResult", "Article",
    "SummarizerError", "ConfigError", "InputError", "ModelError", "__version__",
]
