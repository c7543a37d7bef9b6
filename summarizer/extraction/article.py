"""Extraction: the model's proposal for one article, in two asks that share one cached prefix.

The model sees the article as numbered sentences (`text.segment.sentences`, numbered from 1) and
answers with sentence numbers, never with copied text: code maps every number back to its span.
1. EVENTS (prompts/extract.md): the events, who took part, the sentence that dates each, the
   sentences that give its format, and the sentences that report what each side said.
2. TRANSLATE (prompts/translate.md): those sentences, and the reporting sentences code finds that
   no event cited (the recall pass, `Settings.recall_pass`), translated and attributed a few at a
   time, each given with its own text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, NamedTuple

from ..core.errors import InputError, ModelOutputError
from ..core.types import (
    MAX_EVENTS,
    Article,
    EventAnswer,
    EventsAnswer,
    ModelEvent,
    ModelExtraction,
    ModelStatement,
    Rendering,
    TranslationAnswer,
    Usage,
)
from ..text.reporting import reports_speech
from ..text.segment import sentences
from . import budget as budgets
from . import prompts, tokens
from .llm import LLM, compact_schema

PROMPT = "extract"
TRANSLATE_PROMPT = "translate"
MIN_PART_TOKENS = 200  # below this a part is too small to hold an event
TRANSLATE_BATCH = 6  # sentences translated in one ask: few, so one bad answer costs little

Row = tuple[int, str, int]  # (number, sentence, paragraph)


def numbered(article: Article) -> list[Row]:
    """(number, sentence text, paragraph) for every sentence of the article, numbered from 1."""
    text = article.text
    return [(i, text[s.start : s.end], para) for i, (s, para) in enumerate(sentences(text), start=1)]


def marker(article: Article) -> str:
    """The article's data-block marker: derived from its text, so the article cannot hold it."""
    return hashlib.sha256(article.text.encode("utf-8")).hexdigest()[:10]


def render_sentences(rows: list[Row]) -> str:
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


def messages_for(article: Article, rows: list[Row] | None = None) -> list[dict[str, str]]:
    """The chat messages for one article (or part): the static system part first, identical for all."""
    return prompts.load(PROMPT).render(
        events_schema=compact_schema(EventsAnswer),
        translate_schema=compact_schema(TranslationAnswer),
        published=article.published.isoformat() if article.published else "unknown",
        language=article.language,
        marker=marker(article),
        article=render_sentences(numbered(article) if rows is None else rows),
    )


def split_rows(rows: list[Row], budget: int, count: Callable[[str], int] = tokens.count) -> list[list[Row]]:
    """Parts of at most `budget` tokens, cut between paragraphs where possible, else between sentences.

    A sentence longer than the budget stays whole (it is one citable unit).
    """
    parts: list[list[Row]] = []
    current: list[Row] = []
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


Chooser = Callable[[Article, list[EventAnswer]], list[int]]


class Terms(NamedTuple):
    """What code knows of some sentences' English, given with a TRANSLATE ask: the English names
    (canonical, from the alias table) of the people they name, so the model spells them as the
    briefing does instead of romanising them anew, and 'word = English' for their weekdays, months
    and magnitudes (the language packs), which the checks then hold the rendering to."""

    names: list[str]
    words: list[str]


Glossary = Callable[[Article, str], Terms]
# Why the English of some sentences (by number) does not render them, for those it does not: the
# checks verification will run that need no speaker (the pipeline's `verification.renderings`).
Checker = Callable[[Article, dict[int, str]], dict[int, str]]


async def extract_article(
    llm: LLM, article: Article, choose: Chooser | None = None, glossary: Glossary | None = None,
    check: Checker | None = None,
) -> tuple[ModelExtraction, Usage]:
    """The article's events with each statement's English, as the model proposes them (unverified).

    `choose` picks the sentences to translate from the events answer (the pipeline passes
    verification's `worth_translating`); by default the cited ones, then the uncited reports.
    `glossary` gives the English of the people, weekdays, months and magnitudes of the sentences to
    translate (the pipeline's resolver and language packs). `check` finds the renderings that fail
    the rendering checks: each is asked again, alone, with the reason (at most `max_rechecks`).
    """
    rows = numbered(article)
    events, usage = await _events(llm, article, rows)
    if choose is not None:
        wanted = choose(article, events)
    else:
        wanted = to_translate(article, rows, events, recall=llm.settings.recall_pass,
                              limit=llm.settings.max_translated)
    asked = [r for r in rows if r[0] in wanted]
    rendered, spent = await translate(llm, article, asked, glossary)
    if check is not None and rendered:
        rendered, again = await translate_again(llm, article, asked, rendered, check, glossary)
        spent = spent.add(again)
    return assemble(events, rendered), usage.add(spent)


async def _events(llm: LLM, article: Article, rows: list[Row]) -> tuple[list[EventAnswer], Usage]:
    budget = llm.settings.max_article_tokens
    parts = split_rows(rows, budget, llm.count_tokens)
    if len(parts) > llm.settings.max_parts:
        raise InputError(
            article.path,
            f"article too long: {tokens.count(article.text)} tokens",
            f"split it, or raise max_parts (now {llm.settings.max_parts} parts of {budget} tokens)",
        )
    try:
        return await _events_of_parts(llm, article, parts)
    except ModelOutputError as exc:
        # A small model that loops on a text ("cut off" even with the most room) often answers
        # on half of it: one more try, in parts half the size, before the article is given up.
        size = max(sum(llm.count_tokens(r[1]) + 4 for r in p) for p in parts)
        halves = split_rows(rows, max(MIN_PART_TOKENS, size // 2), llm.count_tokens)
        if not exc.cut_off or len(halves) <= len(parts) or len(halves) > llm.settings.max_parts:
            raise
        spent = exc.usage or Usage()
        try:
            events, usage = await _events_of_parts(llm, article, halves)
        except ModelOutputError as again:
            exc.usage = spent.add(again.usage or Usage())
            raise exc from None
        return events, usage.add(spent)


async def _events_of_parts(llm: LLM, article: Article, parts: list[list[Row]]) -> tuple[list[EventAnswer], Usage]:
    usage = Usage()
    answers: list[list[EventAnswer]] = []
    for i, part in enumerate(parts):
        label = article.id if len(parts) == 1 else f"{article.id} (part {i + 1}/{len(parts)})"
        try:
            result = await llm.structured(messages_for(article, part), EventsAnswer, label=label)
        except ModelOutputError as exc:
            exc.usage = usage.add(exc.usage or Usage())  # what the parts before it cost too
            raise
        usage = usage.add(result.usage)
        answers.append(result.value.events)
    return merge_parts(answers), usage


def to_translate(
    article: Article, rows: list[Row], events: list[EventAnswer], *, recall: bool = True, limit: int = 16
) -> list[int]:
    """The sentences to translate: those the events cite for statements, then (the recall pass) the
    reporting sentences code finds that no event cited; at most `limit`, in that order."""
    have = {r[0] for r in rows}
    cited = [n for ev in events for st in ev.said for n in st.sent if n in have]
    wanted = list(dict.fromkeys(cited))
    if recall:
        wanted += [n for n in uncited_reports(article, rows, events) if n not in wanted]
    return wanted[:limit]


def uncited_reports(article: Article, rows: list[Row], events: list[EventAnswer]) -> list[int]:
    """Numbers of the sentences that report speech or agreement and that no statement cites."""
    cited = {n for ev in events for st in ev.said for n in st.sent}
    return [n for n, sentence, _ in rows if n not in cited and reports_speech(sentence, article.language)]


async def translate(llm: LLM, article: Article, rows: list[Row],
                    glossary: Glossary | None = None) -> tuple[dict[int, Rendering], Usage]:
    """English renderings of these sentences, a few per ask; an ask cut off (a runaway) is asked
    again in halves while the article's budget lasts; a failed ask leaves its sentences without
    English (their statements are then left out, with a note)."""
    system = messages_for(article, [])[0]
    usage = Usage()
    found: dict[int, Rendering] = {}
    batches = [rows[i : i + TRANSLATE_BATCH] for i in range(0, len(rows), TRANSLATE_BATCH)]
    n = 0
    while batches:
        batch = batches.pop(0)
        n += 1
        ask = _translate_ask(article, batch, glossary)
        try:
            result = await llm.structured([system, ask], TranslationAnswer, label=f"{article.id} (translation {n})")
        except ModelOutputError as exc:
            usage = usage.add(exc.usage or Usage())
            room = budgets.current()
            if exc.cut_off and len(batch) > 1 and (room is None or room.can_ask):
                # A translation that runs away on several sentences often ends on fewer: ask in halves.
                half = len(batch) // 2
                batches[:0] = [batch[:half], batch[half:]]
            continue
        usage = usage.add(result.usage)
        asked = {r[0]: r[1] for r in batch}
        for r in result.value.said:
            if r.sent in asked:
                found.setdefault(r.sent, r.model_copy(update={"en": unwrapped(r.en, asked[r.sent])}))
    return found, usage


def _translate_ask(article: Article, batch: list[Row], glossary: Glossary | None, fix: str = "") -> dict[str, str]:
    terms = glossary(article, " ".join(r[1] for r in batch)) if glossary else Terms([], [])
    return prompts.load(TRANSLATE_PROMPT).render(
        language=article.language, marker=marker(article), sentences=render_sentences(batch),
        names="; ".join(terms.names), words="; ".join(terms.words), fix=fix,
    )[1]


async def translate_again(
    llm: LLM, article: Article, rows: list[Row], found: dict[int, Rendering], check: Checker,
    glossary: Glossary | None = None,
) -> tuple[dict[int, Rendering], Usage]:
    """The renderings that fail `check` asked again, each sentence alone and told why, while the
    article's budget lasts; a new one replaces the old only when it passes."""
    system = messages_for(article, [])[0]
    usage = Usage()
    text = {r[0]: r for r in rows}
    problems = check(article, {n: r.en for n, r in found.items()})
    for n, why in sorted(problems.items())[: llm.settings.max_rechecks]:
        room = budgets.current()
        if n not in text or (room is not None and not room.can_ask):
            continue
        ask = _translate_ask(article, [text[n]], glossary, fix=why)
        try:
            result = await llm.structured([system, ask], TranslationAnswer, label=f"{article.id} (sentence {n} again)")
        except ModelOutputError as exc:
            usage = usage.add(exc.usage or Usage())
            continue
        usage = usage.add(result.usage)
        again = next((r for r in result.value.said if r.sent == n), None)
        if again is None:
            continue
        en = unwrapped(again.en, text[n][1])
        others = {k: r.en for k, r in found.items() if k != n}
        if n not in check(article, {**others, n: en}):
            found[n] = again.model_copy(update={"en": en})
    return found, usage


OPENING_QUOTES = "'\u2018\"\u201c\u00ab\u201e\u300c"  # ' ‘ " “ « „ 「


def unwrapped(en: str, sentence: str) -> str:
    """The rendering without the quotation marks the model put around all of it when the sentence
    itself does not open with one (a small model often quotes the whole sentence it translates)."""
    en = en.strip()
    if len(en) < 2 or en[0] not in OPENING_QUOTES or sentence.lstrip()[:1] in OPENING_QUOTES:
        return en
    body = en[1:]
    end = len(body.rstrip(".!?;:, "))
    if not end or body[end - 1] not in "'\u2019\"\u201d\u00bb\u300d":
        return en  # it quotes only a part: the sentence's own quotation, left as it is
    return (body[: end - 1] + body[end:]).strip()


def assemble(events: list[EventAnswer], rendered: dict[int, Rendering]) -> ModelExtraction:
    """The proposal verification checks: each cited statement with its sentences' English (its
    speaker as the events answer gave it, else as the translation did), and the recalled sentences
    as statements of the main event."""
    out: list[ModelEvent] = []
    used: set[int] = set()
    for ev in events:
        said = []
        for st in ev.said:
            en = " ".join(rendered[n].en.strip() for n in sorted(set(st.sent)) if n in rendered)
            # Both asks name a speaker; verification takes the first its sentences bear out.
            named = [st.by.strip(), *(rendered[n].by.strip() for n in st.sent if n in rendered)]
            names = list(dict.fromkeys(b for b in named if b))
            said.append(ModelStatement(sent=list(st.sent), by=names[0] if names else "", also_by=names[1:], en=en))
            used.update(st.sent)
        out.append(ModelEvent(kind=ev.kind, main=ev.main, who=list(ev.who), date=ev.date,
                              formats=list(ev.formats), said=said))
    recalled = [ModelStatement(sent=[n], by=r.by, en=r.en) for n, r in sorted(rendered.items()) if n not in used]
    target = next((i for i, ev in enumerate(out) if ev.main), 0 if out else None)
    if recalled and target is not None:
        out[target] = out[target].model_copy(update={"said": [*out[target].said, *recalled]})
    return ModelExtraction(events=out)


def merge_parts(answers: list[list[EventAnswer]]) -> list[EventAnswer]:
    """The events of an article's parts as one list.

    The article's own event is reported in its lead, in the first part. A later part, read without
    the lead, calls what it reports the main event too; that is the same event, so its statements
    and formats go to the first main event (its people stay the first part's). Other events are
    kept, up to MAX_EVENTS in all. Sentence numbers are the article's, in every part.
    """
    events: list[EventAnswer] = []
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


def _fold(into: EventAnswer, other: EventAnswer) -> EventAnswer:
    update: dict[str, Any] = {}
    for name in ("said", "formats"):
        mine = getattr(into, name)
        update[name] = [*mine, *(x for x in getattr(other, name) if x not in mine)]
    if not into.date and other.date:
        update["date"] = other.date
    return into.model_copy(update=update)
