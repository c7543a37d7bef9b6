"""Extraction: one model call per article (or per part of a long one) from prompts/extract.md."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..core.errors import InputError, ModelOutputError
from ..core.types import MAX_EVENTS, Article, ModelEvent, ModelExtraction, Usage
from ..text.segment import sentences
from . import prompts, tokens
from .llm import LLM, compact_schema

PROMPT = "extract"


def split_text(text: str, budget: int, count: Callable[[str], int] = tokens.count) -> list[str]:
    """Parts of at most `budget` tokens, cut at paragraph, then sentence, then word boundaries."""
    if count(text) <= budget:
        return [text]
    pieces: list[str] = []
    for para in re.split(r"\n\s*\n", text):
        if tokens.count(para) <= budget:
            pieces.append(para)
            continue
        for sentence in (para[s.start : s.end] for s, _ in sentences(para)):
            if tokens.count(sentence) <= budget:
                pieces.append(sentence)
            else:
                words = sentence.split()
                step = max(1, len(words) * budget // max(1, tokens.count(sentence)))
                pieces.extend(" ".join(words[i : i + step]) for i in range(0, len(words), step))
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for piece in pieces:
        n = tokens.count(piece) + 2
        if current and size + n > budget:
            parts.append("\n\n".join(current))
            current, size = [], 0
        current.append(piece)
        size += n
    if current:
        parts.append("\n\n".join(current))
    return parts


def messages_for(article: Article, text: str | None = None) -> list[dict[str, str]]:
    """The chat messages for one article: the static system part first, identical for all."""
    return prompts.load(PROMPT).render(
        schema=compact_schema(ModelExtraction),
        published=article.published.isoformat() if article.published else "unknown",
        language=article.language,
        article=article.text if text is None else text,
    )


async def extract_article(llm: LLM, article: Article) -> tuple[ModelExtraction, Usage]:
    """The article's events and English summary, as the model proposes them (not yet verified)."""
    budget = llm.settings.max_article_tokens
    parts = split_text(article.text, budget, llm.count_tokens)
    if len(parts) > llm.settings.max_parts:
        raise InputError(
            article.path,
            f"article too long: {tokens.count(article.text)} tokens",
            f"split it, or raise max_parts (now {llm.settings.max_parts} parts of {budget} tokens)",
        )
    try:
        return await _extract_parts(llm, article, parts)
    except ModelOutputError as exc:
        # A small model that loops on a text ("cut off" even with the most room) often answers
        # on half of it: one more try, in parts half the size, before the article is given up.
        size = max(llm.count_tokens(p) for p in parts)
        halves = split_text(article.text, max(MIN_PART_TOKENS, size // 2), llm.count_tokens)
        if not exc.cut_off or len(halves) <= len(parts) or len(halves) > llm.settings.max_parts:
            raise
        spent = exc.usage or Usage()
        try:
            extraction, usage = await _extract_parts(llm, article, halves)
        except ModelOutputError as again:
            exc.usage = spent.add(again.usage or Usage())
            raise exc from None
        return extraction, usage.add(spent)


MIN_PART_TOKENS = 200  # below this a part is too small to hold an event


async def _extract_parts(llm: LLM, article: Article, parts: list[str]) -> tuple[ModelExtraction, Usage]:
    usage = Usage()
    summaries: list[str] = []
    answers: list[list[ModelEvent]] = []
    for i, part in enumerate(parts):
        label = article.id if len(parts) == 1 else f"{article.id} (part {i + 1}/{len(parts)})"
        try:
            result = await llm.structured(messages_for(article, part), ModelExtraction, label=label)
        except ModelOutputError as exc:
            exc.usage = usage.add(exc.usage or Usage())  # what the parts before it cost too
            raise
        usage = usage.add(result.usage)
        summaries.append(result.value.summary_en.strip())
        answers.append(result.value.events)
    return ModelExtraction(summary_en=" ".join(s for s in summaries if s), events=merge_parts(answers)), usage


def merge_parts(answers: list[list[ModelEvent]]) -> list[ModelEvent]:
    """The events of an article's parts as one list.

    The article's own event is reported in its lead, in the first part. A later part, read without
    the lead, calls what it reports the main event too; that is the same event, so its statements,
    figures, topics and formats go to the first main event (its people stay the first part's),
    within the schema's limits. Other events are kept, up to MAX_EVENTS in all.
    """
    events: list[ModelEvent] = []
    main: int | None = None
    for part in answers:
        for event in part:
            if event.main and main is not None:
                events[main] = _fold(events[main], event)
                continue
            if event.main:
                main = len(events)
            events.append(event)
    return events[:MAX_EVENTS]


def _fold(into: ModelEvent, other: ModelEvent) -> ModelEvent:
    update: dict[str, Any] = {}
    for name in ("statements", "figures", "topics", "formats"):
        mine = getattr(into, name)
        update[name] = [*mine, *(x for x in getattr(other, name) if x not in mine)][: _max_length(name)]
    if not into.date_text.strip() and other.date_text.strip():
        update |= {"date_text": other.date_text, "date_guess": other.date_guess}
    return into.model_copy(update=update)


def _max_length(field: str) -> int:
    for rule in ModelEvent.model_fields[field].metadata:
        if isinstance(getattr(rule, "max_length", None), int):
            return int(rule.max_length)
    return 1 << 30
