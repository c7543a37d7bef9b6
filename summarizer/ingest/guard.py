"""Planted instructions are data: find them so they never reach the model or the briefing.

The schema and the evidence checks already keep a model from inventing facts; this is the second
line: a paragraph that addresses the model ("ignore previous instructions", "you are an AI") is
taken out of the text the model reads, and kept in `Article.removed` for the record.
"""

from __future__ import annotations

import re

from ..core.types import Article

# Each marker with the words one of which any match must contain (lower case): the regex runs only
# on text holding one of them, a plain substring test, so clean articles cost almost nothing.
_MARKERS: list[tuple[tuple[str, ...], str]] = [
    # English
    (("ignore",), r"ignore (all |any )?(the )?(previous|prior|above|earlier) (instructions|prompts?|rules)"),
    (("disregard",), r"disregard (all |any )?(the )?(previous|prior|above) (instructions|prompts?)"),
    (("you are", "act as"), r"\b(you are|act as) (now )?(an? )?(ai|assistant|language model|llm|chatgpt)\b"),
    (("system prompt", "new instructions", "developer message"),
     r"\b(system prompt|new instructions|developer message)\b"),
    (("attention", "note ", "message "),
     r"\b(attention|note to|note for|message to|message for) (the )?(ai|llm|model|language model|assistant|summar\w+)"),
    (("ai ", "llm ", "automated "),
     r"\b(ai|llm|automated) (summar\w+|assistants?|tools?|models?)\b.{0,40}\b(must|should|correct|report|write|say)\b"),
    (("the correct summary",), r"\bthe correct summary\b"),
    # Russian
    (("игнорир",), r"игнорир\w* (все |всех )?(предыдущ|прежн)\w* (инструкц|указани|правил)\w*"),
    (("забудь",), r"забудь\w* (все )?(предыдущ|прежн)\w* (инструкц|указани)\w*"),
    (("вниман",), r"\b(внимание|вниманию) (ии|нейросет\w*|модел\w*|ассистент\w*)\b"),
    (("ты ",), r"\bты (теперь )?(ии|нейросеть|ассистент|языковая модель)\b"),
    (("системн",), r"системн\w+ (промпт|инструкц)\w*"),
    (("для ",), r"\bдля (ии|нейросет\w*|чат-бот\w*|автоматическ\w+ (систем|сводок|обзор)\w*)\b"
                r".{0,60}\b(сообщ|напиш|укаж)\w*"),
    # Ukrainian
    (("ігнор",), r"ігнор\w* (всі |усі )?(попередн)\w* (інструкц|вказівк|правил)\w*"),
    (("забудь",), r"забудь\w* (всі |усі )?(попередн)\w* (інструкц|вказівк)\w*"),
    (("увага", "уваги"), r"\b(увага|до уваги) (ші|нейромереж\w*|модел\w*|асистент\w*)\b"),
    (("ти ",), r"\bти (тепер )?(ші|нейромережа|асистент|мовна модель)\b"),
]
_CHECKS = [(keys, re.compile(marker, re.IGNORECASE)) for keys, marker in _MARKERS]
_PARAGRAPH = re.compile(r"\n\s*\n")


def suspicious(text: str) -> bool:
    """Does this text address a language model with instructions?"""
    low = text.lower()
    return any(any(k in low for k in keys) and pattern.search(text) for keys, pattern in _CHECKS)


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
