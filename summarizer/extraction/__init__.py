"""Extract: the model's proposal for one article (events, statements, formats, dates), not yet verified."""

from .article import extract_article, messages_for
from .endpoint import open_llm
from .llm import LLM

__all__ = ["LLM", "extract_article", "messages_for", "open_llm"]
