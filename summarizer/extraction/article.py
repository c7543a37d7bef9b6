"""Extraction: one model call per article (or per part of a long one) from prompts/extract.md, and a
second, cheap call in the same conversation (prompts/recall.md) for reporting sentences no claim cited.

The model sees the article as numbered sentences (`text.segment.sentences`, numbered from 1) and
answers with sentence numbers, never with copied text: code maps every number back to its span.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from ..core.errors import InputError, ModelOutputError
from ..core.types import MAX_EVENTS, Article, ModelEvent, ModelExtraction, ModelRenderings, ModelStatement, Usage
from ..text.reporting import reports_speech
from ..text.segment import sentences
from . import prompts, tokens
from .llm import LLM, compact_schema

PROMPT = "extract"
RECALL_PROMPT = "recall"
MIN_PART_TOKENS = 200  # below this a part is too small to hold an event
RECALL_BATCH = 6  # sentences asked at once in the recall pass: small, so one bad answer costs little


def numbered(article: Article) -> list[tuple[int, str, int]]:
    """(number, sentence text, paragraph) for every sentence of the article, numbered from 1."""
    text = article.text
    return [(i, text[s.start : s.end], para) for i, (s, para) in enumerate(sentences(text), start=1)]


def marker(article: Article) -> str:
    """The article's data-block marker: derived from its text, so the article cannot hold it."""
    return hashlib.sha256(article.text.encode("utf-8")).hexdigest()[:10]


def render_sentences(rows: list[tuple[int, str, int]]) -> str:
    """'[n] sentence' lines; a blank line between paragraphs. Markers cannot be forged: brackets and
    '<<<' / '>>>' inside a sentence are shown as look-alikes (the source text is not changed)."""
    lines: list[str] = []
    last_para: int | None = None
    for n, sentence, para in rows:
        if last_para is not None and para != last_para:
            lines.append("")
        shown = " ".join(sentence.split()).replace("[", "(").replace("]", ")")
        shown = shown.replace("<<<", "‹‹‹").replace(">>>", "›››")
        lines.append(f"[{n}] {shown}")
        last_para = para
    return "\n".join(lines)


def messages_for(article: Article, rows: list[tuple[int, str, int]] | None = None) -> list[dict[str, str]]:
    """The chat messages for one article (or part): the static system part first, identical for all."""
    return prompts.load(PROMPT).render(
        schema=compact_schema(ModelExtraction),
        published=article.published.isoformat() if article.published else "unknown",
        language=article.language,
        marker=marker(article),
        article=render_sentences(numbered(article) if rows is None else rows),
    )


def split_rows(
    rows: list[tuple[int, str, int]], budget: int, count: Callable[[str], int] = tokens.count
) -> list[list[tuple[int, str, int]]]:
    """Parts of at most `budget` tokens, cut between paragraphs where possible, else between sentences.

    A sentence longer than the budget stays whole (it is one citable unit).
    """
    parts: list[list[tuple[int, str, int]]] = []
    current: list[tuple[int, str, int]] = []
    size = 0
    for row in rows:
        n = count(row[1]) + 4
        new_para = bool(current) and row[2] != current[-1][2]
        if current and (size + n > budget or (new_para and size + n > budget * 0.8)):
            parts.append(current)
            current, size = [], 0
        current.append(row)
        size += n
    if current:
        parts.append(current)
    return parts


async def extract_article(llm: LLM, article: Article) -> tuple[ModelExtraction, Usage]:
    """The article's events, as the model proposes them (not yet verified)."""
    budget = llm.settings.max_article_tokens
    rows = numbered(article)
    parts = split_rows(rows, budget, llm.count_tokens)
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
        size = max(sum(llm.count_tokens(r[1]) + 4 for r in p) for p in parts)
        halves = split_rows(rows, max(MIN_PART_TOKENS, size // 2), llm.count_tokens)
        if not exc.cut_off or len(halves) <= len(parts) or len(halves) > llm.settings.max_parts:
            raise
        spent = exc.usage or Usage()
        try:
            extraction, usage = await _extract_parts(llm, article, halves)
        except ModelOutputError as again:
            exc.usage = spent.add(again.usage or Usage())
            raise exc from None
        return extraction, usage.add(spent)


async def _extract_parts(
    llm: LLM, article: Article, parts: list[list[tuple[int, str, int]]]
) -> tuple[ModelExtraction, Usage]:
    usage = Usage()
    answers: list[list[ModelEvent]] = []
    for i, part in enumerate(parts):
        label = article.id if len(parts) == 1 else f"{article.id} (part {i + 1}/{len(parts)})"
        messages = messages_for(article, part)
        try:
            result = await llm.structured(messages, ModelExtraction, label=label)
        except ModelOutputError as exc:
            exc.usage = usage.add(exc.usage or Usage())  # what the parts before it cost too
            raise
        usage = usage.add(result.usage)
        events = result.value.events
        if llm.settings.recall_pass:
            extra, spent = await recall(llm, article, messages, result.raw, part, events, label)
            usage = usage.add(spent)
            events = _attach(events, extra)
        answers.append(events)
    return ModelExtraction(events=merge_parts(answers)), usage


def uncited_reports(
    article: Article, part: list[tuple[int, str, int]], events: list[ModelEvent]
) -> list[int]:
    """Numbers of the part's sentences that report speech or agreement and that no statement cites."""
    cited = {n for ev in events for st in ev.said for n in st.sent}
    return [n for n, sentence, _ in part if n not in cited and reports_speech(sentence, article.language)]


async def recall(
    llm: LLM,
    article: Article,
    messages: list[dict[str, str]],
    answer: str,
    part: list[tuple[int, str, int]],
    events: list[ModelEvent],
    label: str,
) -> tuple[list[ModelStatement], Usage]:
    """Ask, in the same conversation (its prefix is cached by the server), for renderings of the
    reporting sentences the first answer did not cite, a few at a time. A failed batch is skipped:
    the first answer stands."""
    wanted = uncited_reports(article, part, events)
    usage = Usage()
    found: list[ModelStatement] = []
    for start in range(0, len(wanted), RECALL_BATCH):
        batch = wanted[start : start + RECALL_BATCH]
        ask = prompts.load(RECALL_PROMPT).render(
            schema=compact_schema(ModelRenderings), numbers=", ".join(f"[{n}]" for n in batch)
        )[1]
        conversation = [*messages, {"role": "assistant", "content": answer}, ask]
        try:
            result = await llm.structured(conversation, ModelRenderings, label=f"{label} (recall)")
        except ModelOutputError as exc:
            usage = usage.add(exc.usage or Usage())
            continue
        usage = usage.add(result.usage)
        found += [st for st in result.value.said if set(st.sent) <= set(batch)]
    return found, usage


def _attach(events: list[ModelEvent], extra: list[ModelStatement]) -> list[ModelEvent]:
    """Recalled statements join the main event (verification checks their speakers like any)."""
    if not extra:
        return events
    target = next((i for i, ev in enumerate(events) if ev.main), 0 if events else None)
    if target is None:
        return events
    ev = events[target]
    said = [*ev.said, *(st for st in extra if st not in ev.said)]
    return [*events[:target], ev.model_copy(update={"said": said}), *events[target + 1 :]]


def merge_parts(answers: list[list[ModelEvent]]) -> list[ModelEvent]:
    """The events of an article's parts as one list.

    The article's own event is reported in its lead, in the first part. A later part, read without
    the lead, calls what it reports the main event too; that is the same event, so its statements,
    figures and formats go to the first main event (its people stay the first part's). Other events
    are kept, up to MAX_EVENTS in all. Sentence numbers are the article's, in every part.
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
    for name in ("said", "figures", "formats"):
        mine = getattr(into, name)
        update[name] = [*mine, *(x for x in getattr(other, name) if x not in mine)]
    if not into.date and other.date:
        update["date"] = other.date
    return into.model_copy(update=update)
