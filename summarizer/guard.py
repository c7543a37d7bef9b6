"""Planted instructions are data: find them so they never reach the model or the briefing.

The schema and the evidence checks already keep a model from inventing facts; this is the second
line: a paragraph that addresses the model ("ignore previous instructions", "you are an AI") is
taken out of the text the model reads, and kept in `Article.removed` for the record.
"""

from __future__ import annotations

import re

from .types import Article

_MARKERS = [
    # English
    r"ignore (all |any )?(the )?(previous|prior|above|earlier) (instructions|prompts?|rules)",
    r"disregard (all |any )?(the )?(previous|prior|above) (instructions|prompts?)",
    r"\b(you are|act as) (now )?(an? )?(ai|assistant|language model|llm|chatgpt)\b",
    r"\b(system prompt|new instructions|developer message)\b",
    r"\b(attention|note to|note for|message to|message for) (the )?(ai|llm|model|language model|assistant|summar\w+)",
    r"\b(ai|llm|automated) (summar\w+|assistants?|tools?|models?)\b.{0,40}\b(must|should|correct|report|write|say)\b",
    r"\bthe correct summary\b",
    # Russian
    r"игнорир\w* (все |всех )?(предыдущ|прежн)\w* (инструкц|указани|правил)\w*",
    r"забудь\w* (все )?(предыдущ|прежн)\w* (инструкц|указани)\w*",
    r"\b(внимание|вниманию) (ии|нейросет\w*|модел\w*|ассистент\w*)\b",
    r"\bты (теперь )?(ии|нейросеть|ассистент|языковая модель)\b",
    r"системн\w+ (промпт|инструкц)\w*",
    r"\bдля (ии|нейросет\w*|чат-бот\w*|автоматическ\w+ (систем|сводок|обзор)\w*)\b.{0,60}\b(сообщ|напиш|укаж)\w*",
    # Ukrainian
    r"ігнор\w* (всі |усі )?(попередн)\w* (інструкц|вказівк|правил)\w*",
    r"забудь\w* (всі |усі )?(попередн)\w* (інструкц|вказівк)\w*",
    r"\b(увага|до уваги) (ші|нейромереж\w*|модел\w*|асистент\w*)\b",
    r"\bти (тепер )?(ші|нейромережа|асистент|мовна модель)\b",
]
_PATTERN = re.compile("|".join(f"(?:{m})" for m in _MARKERS), re.IGNORECASE)
_PARAGRAPH = re.compile(r"\n\s*\n")


def suspicious(text: str) -> bool:
    """Does this text address a language model with instructions?"""
    return bool(_PATTERN.search(text))


def neutralise(article: Article) -> Article:
    """The article without paragraphs that carry instructions to a model."""
    if not suspicious(article.text):
        return article
    kept: list[str] = []
    dropped: list[str] = []
    for para in _PARAGRAPH.split(article.text):
        (dropped if suspicious(para) else kept).append(para)
    removed = [*article.removed, *(f"[suspected prompt injection] {p.strip()}" for p in dropped)]
    return article.model_copy(update={"text": "\n\n".join(kept), "removed": removed})
