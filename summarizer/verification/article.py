"""Turn what the model proposed into verified records: names, dates and quotes checked in code."""

from __future__ import annotations

import datetime as dt
import re

from pydantic import BaseModel, Field

from ..core.types import (
    MAX_EVENTS,
    Article,
    EventDate,
    EventRecord,
    Evidence,
    Figure,
    FormatClaim,
    ModelEvent,
    ModelExtraction,
    ModelStatement,
    Name,
    Span,
    Statement,
)
from ..text.fold import normalise_text
from ..text.segment import sentences
from .dates import apply_guess, join_notes, parse_guess, resolve_date
from .grounding import (
    Report,
    date_from_reports,
    format_stated,
    formats_from_reports,
    lead_end,
    report_sentences,
    scope_of,
)
from .mentioned import lead_people, mentioned_events
from .names import NameResolver
from .numbers import mismatch
from .quotes import locate

# A speaker written as "the sides" speaks for the participants together.
_BOTH_SIDES = re.compile(
    r"^\s*(?:обидві\s+|обе\s+|both\s+)?(?:сторони|стороны|the\s+sides|sides|both\s+sides|"
    r"both\s+leaders|лідери|лидеры)\s*$",
    re.IGNORECASE,
)

# A quote whose subject is the two sides together ("Лідери обговорили...", "Стороны договорились...",
# "The two leaders agreed..."), however the model credited it.
_BOTH_SIDES_SUBJECT = re.compile(
    r"^\W*(?:(?:крім\s+того|кроме\s+того|також|также|also|moreover|besides),?\s+)?"
    r"(?:(?:зазначається|отмечается|сообщается|повідомляється),?\s+(?:що|что)\s+)?"
    r"(?:обидві\s+|обидва\s+|обе\s+|оба\s+|both\s+|the\s+two\s+|the\s+)?"
    r"(?:сторони|стороны|лідери|лидеры|глави\s+держав|главы\s+государств|sides|leaders|heads\s+of\s+state)"
    r"(?!\w)",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[,:;—–]|\s-\s|(?<!\w)(?:що|что|that)(?!\w)", re.IGNORECASE)
_AND = re.compile(r"(?<!\w)(?:и|і|й|та|and)(?!\w)", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")


def _both_sides_subject(quote: str, people: list[Name], resolver: NameResolver) -> bool:
    """Is the quote's subject the sides together: "the leaders...", "Путин и Си Цзиньпин обсудят..."?

    Two of the event's participants (or a participant's country, "президент Росії") joined by "and"
    in the quote's opening words, before any comma or "that", make a subject of both.
    """
    if _BOTH_SIDES_SUBJECT.match(quote):
        return True
    head = " ".join(_CLAUSE_END.split(quote, maxsplit=1)[0].split()[:8])
    joint = _AND.search(head)
    if joint is None:
        return False
    canon = {p.canonical for p in people}
    by_country = {country: c for c in canon if (country := resolver.affiliation(c))}

    def sides(text: str) -> set[str]:
        return {by_country.get(m, m) for m in resolver.mentions(text)} & canon

    # "Ердоган і Путін обговорили": a side on each side of "and", the second right after it
    # ("Ердоган подякував Путіну і запросив його" joins two verbs, not two subjects).
    before, after = sides(head[: joint.start()]), sides(" ".join(head[joint.end() :].split()[:3]))
    return bool(before) and bool(after - before)
MIN_STATEMENT_WORDS = 3


class DroppedStatement(BaseModel):
    """A statement left out of the event's record, and why."""

    event_index: int
    speaker: str
    text_en: str
    quote: str
    reason: str


class VerifyReport(BaseModel):
    """What verification kept, marked and dropped for one article."""

    article_id: str
    statements_verified: int = 0
    statements_unverified: int = 0
    statements_commentary: int = 0
    formats_verified: int = 0
    formats_unverified: int = 0
    figures_verified: int = 0
    figures_unverified: int = 0
    dates_by_code: int = 0
    formats_by_code: int = 0
    events_dropped: int = 0
    events_by_code: int = 0
    dropped: list[DroppedStatement] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


def verify_extraction(
    article: Article, extraction: ModelExtraction, names: NameResolver | None = None
) -> list[EventRecord]:
    """Verified records for one article's extraction."""
    return verify_with_report(article, extraction, names)[0]


def verify_with_report(
    article: Article, extraction: ModelExtraction, names: NameResolver | None = None
) -> tuple[list[EventRecord], VerifyReport]:
    """Verified records plus counts of what was checked, marked unverified or dropped.

    Events the article mentions in passing that the model left out are found by code
    (`mentioned.py`) and verified the same way as the model's own.
    """
    resolver = names or NameResolver()
    sents = sentences(article.text)
    records, report = _verify(article, extraction.events, resolver, sents)
    room = MAX_EVENTS - len(extraction.events)
    if room <= 0:
        return records, report
    main = [({p.canonical for p in r.participants}, r.date) for r in records if r.main]
    known = [({p.canonical for p in r.participants}, r.date) for r in records if not r.main]
    extra = mentioned_events(article, sents, main, known, resolver, room)
    if not extra:
        return records, report
    first = len(extraction.events)
    found = {first + i: [f"found by code, not by the model, in: '{clause}'"] for i, (_, clause) in enumerate(extra)}
    # All verified again, not only the new ones: a found event can date the main one ("4 дні після").
    events = [*extraction.events, *(event for event, _ in extra)]
    records, report = _verify(article, events, resolver, sents, first, found)
    report.events_by_code = len(extra)
    report.notes.append(f"{len(extra)} event(s) mentioned in passing found by code, not by the model")
    return records, report


def _verify(
    article: Article,
    events: list[ModelEvent],
    resolver: NameResolver,
    sents: list[tuple[Span, int]],
    by_code: int | None = None,
    checks: dict[int, list[str]] | None = None,
) -> tuple[list[EventRecord], VerifyReport]:
    """`events` from index `by_code` on were found by code: their formats are their clause's only.

    `checks` are notes for the records, by event index, on what code changed or added.
    """
    report = VerifyReport(article_id=article.id)
    checks = {i: list(notes) for i, notes in (checks or {}).items()}
    participants = [_participants(ev, resolver, article) for ev in events]
    for i, ev in enumerate(events):
        if ev.main:
            participants[i], moved = _lead_checked(participants[i], article, sents, resolver)
            checks.setdefault(i, []).extend(moved)
            report.notes.extend(moved)
    main_people = {p.canonical for i, ev in enumerate(events) if ev.main for p in participants[i]}
    reports = [
        report_sentences(
            article,
            sents,
            scope_of(participants[i], None if ev.main else main_people, resolver),
            resolver,
        )
        for i, ev in enumerate(events)
    ]
    dates = _dates(article, events, participants, reports, resolver, report, sents)
    records: list[EventRecord] = []
    for index, event in enumerate(events):
        people = participants[index]
        if not people:
            report.events_dropped += 1
            report.notes.append(f"event {index} ({event.kind}) dropped: no participants")
            continue
        formats = _formats(event, article, report)
        if not any(f.verified for f in formats) and (by_code is None or index < by_code):
            scope = scope_of(people, None if event.main else main_people, resolver)
            found = formats_from_reports(article, sents, reports[index], scope, resolver)
            report.formats_by_code += len(found)
            formats += found
        records.append(
            EventRecord(
                article_id=article.id,
                index=index,
                kind=event.kind,
                main=event.main,
                participants=people,
                date=dates[index],
                formats=formats,
                topics=[t.strip() for t in event.topics if t.strip()],
                statements=_statements(index, event, people, article, resolver, report),
                figures=_figures(event, article, report),
                published=article.published,
                language=article.language,
                checks=checks.get(index, []),
            )
        )
    return records, report


def _participants(event: ModelEvent, resolver: NameResolver, article: Article) -> list[Name]:
    """Resolved participants, one per canonical name (a misspelt one matched in the article)."""
    seen: dict[str, Name] = {}
    for written in event.participants:
        if not written.strip():
            continue
        name = resolver.resolve_in(written, article.text, lang=article.language)
        seen.setdefault(name.canonical, name)
    names = list(seen.values())
    # "China" beside Xi Jinping is a country adjective ("the Chinese leader"), not another party:
    # when people are named, countries and organisations are not participants.
    if sum(n.kind == "person" for n in names) >= 2:
        names = [n for n in names if n.kind not in ("country", "organisation")]
    return names


def _lead_checked(
    people: list[Name], article: Article, sents: list[tuple[Span, int]], resolver: NameResolver
) -> tuple[list[Name], list[str]]:
    """The main event's people, checked against the headline and lead.

    A model that reads "X talked to Y four days after X talked to Z" may give X and Z. When the lead
    names someone of the model's only in such an anchor clause, and names in its event clauses
    someone the model left out, the first belongs to the other event and the second to this one.
    """
    own, anchored = lead_people(article, sents, resolver)
    names = {p.canonical for p in people}
    notes: list[str] = []
    wrong = [p for p in people if p.canonical in anchored]
    missing = sorted(own - names)
    if wrong and missing and names & own:
        notes += [
            f"participant '{p.canonical}' moved off this event: the lead names them only in an anchor clause "
            f"(another event), and the lead's event clause names {', '.join(missing)}, who took their place"
            for p in wrong
        ]
        people = [p for p in people if p not in wrong] + [resolver.resolve(c, lang="en") for c in missing]
        names = {p.canonical for p in people}
    # A known person the headline and lead never name, when they name two of the model's people as
    # taking part, comes from further down: someone met earlier, or someone the article quotes.
    if len(names & own) >= 2:
        absent = [p for p in people if p.kind == "person" and p.canonical not in own | anchored]
        notes += [
            f"participant '{p.canonical}' dropped: the headline and lead name {', '.join(sorted(names & own))} "
            "as taking part, not them"
            for p in absent
        ]
        people = [p for p in people if p not in absent]
    return people, notes


def _dates(
    article: Article,
    events: list[ModelEvent],
    participants: list[list[Name]],
    reports: list[list[Report]],
    resolver: NameResolver,
    report: VerifyReport,
    sents: list[tuple[Span, int]],
) -> list[EventDate]:
    """Dates of every event; the main event is resolved last so it can be anchored to others."""
    dates: dict[int, EventDate] = {}
    order = [i for i, ev in enumerate(events) if not ev.main] + [i for i, ev in enumerate(events) if ev.main]
    for i in order:
        anchors = _anchors(i, article, participants, dates)
        limit = lead_end(sents, reports[i]) if events[i].main else None
        dates[i] = _event_date(article, events[i], reports[i], anchors, resolver, limit)
    # A side event dated relative to the main one ("the day before the call") gets a second try.
    for i in order:
        if dates[i].value is None and not events[i].main:
            anchors = _anchors(i, article, participants, dates)
            if anchors:
                retry = _event_date(article, events[i], reports[i], anchors, resolver)
                if retry.value is not None and retry.method == "anchored":
                    dates[i] = retry
    report.dates_by_code = sum("found by code" in d.note for d in dates.values())
    return [dates[i] for i in range(len(events))]


def _event_date(
    article: Article,
    event: ModelEvent,
    reports: list[Report],
    anchors: dict[str, dt.date],
    resolver: NameResolver,
    lead_limit: int | None = None,
) -> EventDate:
    """The model's date words resolved; when they are not the article's, code finds its own.

    A main event's date words must stand in the lead (before `lead_limit`): later paragraphs
    recall earlier meetings of the same people, and a model often dates the event by one of them.
    """
    own = resolve_date(event.date_text, "", article, anchors=anchors, names=resolver)
    lost = not event.date_text.strip() or "not found" in own.note
    past_lead = False
    if not lost and _dates_another_event(event.date_text, article.text):
        lost = True
        own = EventDate(text=event.date_text, note="the model's date words date another event ('after ...')")
    if not lost and lead_limit is not None and (at := locate(event.date_text, article.text).span) is not None:
        if at.start >= lead_limit:
            lost = past_lead = True
            own = EventDate(
                text=event.date_text,
                note="the model's date words stand past the lead, where articles recall earlier events; not used",
            )
    if not lost and (own.value or own.month or own.note != "no date in the expression"):
        return apply_guess(own, event.date_guess, article)
    found, why = date_from_reports(article, reports, anchors, resolver)
    if found is None:
        own.note = join_notes(own.note, why)
        if past_lead:  # the model's guess is most likely that later paragraph's date too
            own.model_guess = parse_guess(event.date_guess)
            return own
        return apply_guess(own, event.date_guess, article)
    if event.date_text.strip():
        found.note = join_notes(found.note, f"model's date words '{event.date_text.strip()}' unused")
    return apply_guess(found, event.date_guess, article)


# "after Sunday's meeting", "на следующий день после": words right before the date expression that
# make it the date of another event, not of this one.
_OTHER_EVENT = re.compile(
    r"(?:після|опісля|після того,? як|перед|напередодні|после|перед|накануне|"
    r"after|before|ahead of|following)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)


_OTHER_EVENT_START = re.compile(
    r"\s*(?:після|опісля|перед|напередодні|после|накануне|after|before|ahead of|following)\b", re.IGNORECASE
)


def _dates_another_event(date_text: str, text: str) -> bool:
    """Do the model's date words stand in an 'after X' / 'before X' phrase about another event?"""
    if _OTHER_EVENT_START.match(date_text):  # "після недільної зустрічі ..." (no "N days" before it)
        return True
    ev = locate(date_text, text)
    if ev.span is None:
        return False
    before = text[max(0, ev.span.start - 40) : ev.span.start]
    return bool(_OTHER_EVENT.search(before))


def _anchors(
    own: int,
    article: Article,
    participants: list[list[Name]],
    dates: dict[int, EventDate],
) -> dict[str, dt.date]:
    """Participant names and date expressions of the other dated events, mapped to their dates.

    A key that points at two different dates (a person in two events) says nothing and is left
    out.
    """
    anchors: dict[str, dt.date] = {}
    clashing: set[str] = set()
    body = normalise_text(article.text)
    for i, date in dates.items():
        if i == own or date.value is None:
            continue
        keys = [n.canonical for n in participants[i]]
        if date.text and normalise_text(date.text) in body:
            keys.append(date.text.strip())
        for key in keys:
            if key in anchors and anchors[key] != date.value:
                clashing.add(key)
            anchors.setdefault(key, date.value)
    return {k: v for k, v in anchors.items() if k not in clashing}


def _speaks_for_event(speaker: Name, people: list[Name], resolver: NameResolver) -> bool:
    """A participant, or someone of a participant's country (a spokesman, a ministry)."""
    if _BOTH_SIDES.match(speaker.as_written):
        return True
    canon = {p.canonical for p in people}
    if speaker.canonical in canon:
        return True
    countries = {c for p in people if (c := resolver.affiliation(p.canonical))}
    home = resolver.affiliation(speaker.canonical)
    return home is not None and home in countries


def _statements(
    index: int,
    event: ModelEvent,
    people: list[Name],
    article: Article,
    resolver: NameResolver,
    report: VerifyReport,
) -> list[Statement]:
    kept: list[Statement] = []
    for st in event.statements:
        speaker = resolver.resolve_in(st.speaker, article.text, lang=article.language)
        if not _speaks_for_event(speaker, people, resolver):
            report.statements_commentary += 1
            report.dropped.append(_dropped(index, st, speaker))
            continue
        if len(_WORD.findall(st.quote)) < MIN_STATEMENT_WORDS:
            # "Анастасия Домбицкая": a byline or a bare name says nothing, found or not.
            report.dropped.append(_dropped(index, st, speaker, "the quote is too short to be a statement"))
            continue
        if _BOTH_SIDES.match(st.speaker) or _both_sides_subject(st.quote, people, resolver):
            # "Лідери обговорили..." credited to one leader is what both sides did.
            speaker = Name(as_written=st.speaker, canonical="both sides", kind="unknown")
        evidence = locate(st.quote, article.text)
        statement = Statement(
            speaker=speaker,
            text_en=st.text_en,
            evidence=evidence,
            mismatch=mismatch(st.text_en, _found_words(evidence, article)) if evidence.verified else "",
        )
        if statement.verified:
            report.statements_verified += 1
        else:
            report.statements_unverified += 1
            if statement.mismatch:
                report.notes.append(f"statement not verified: {statement.mismatch}")
        kept.append(statement)
    return kept


def _found_words(evidence: Evidence, article: Article) -> str:
    """The article's own words at the located quote (a fuzzy match may differ from the model's)."""
    span = evidence.span
    return article.text[span.start : span.end] if span is not None else evidence.quote


def _dropped(index: int, st: ModelStatement, speaker: Name, reason: str = "") -> DroppedStatement:
    if not reason and speaker.kind == "unknown":
        reason = f"speaker '{speaker.canonical}' is not a participant (commentary)"
    elif not reason:
        reason = f"speaker '{speaker.canonical}' is not a participant or from their country"
    return DroppedStatement(
        event_index=index, speaker=st.speaker, text_en=st.text_en, quote=st.quote, reason=reason
    )


def _formats(event: ModelEvent, article: Article, report: VerifyReport) -> list[FormatClaim]:
    claims = []
    for fmt in event.formats:
        evidence = locate(fmt.quote, article.text)
        span = evidence.span
        stated = span is None or format_stated(article.text, span.start, span.end, fmt.format)
        claim = FormatClaim(format=fmt.format, source=fmt.source, evidence=evidence, stated=stated)
        if claim.verified:
            report.formats_verified += 1
        else:
            report.formats_unverified += 1
            if not stated:
                report.notes.append(f"format '{fmt.format}' not counted: its quote does not state it")
        claims.append(claim)
    return claims


# What a model writes when it has no figure to give: not a claim, not even an unverified one.
_NO_FIGURE = re.compile(
    r"^\W*(?:none|null|n/?a|unknown|not\s+(?:stated|given|specified|mentioned)|no\s+data|"
    r"невідомо|немає|неизвестно|нет|не\s+указан\w*|не\s+вказан\w*)?\W*$",
    re.IGNORECASE,
)
_NO_FIGURE_END = re.compile(r"(?<!\w)(?:none|null|n/?a|unknown|невідомо|неизвестно|немає|нет)\W*$", re.IGNORECASE)


def _figures(event: ModelEvent, article: Article, report: VerifyReport) -> list[Figure]:
    figures = []
    for fig in event.figures:
        if _NO_FIGURE.match(fig.value) or (not re.search(r"\d", fig.value) and _NO_FIGURE_END.search(fig.value)):
            report.notes.append(f"figure '{fig.quantity}: {fig.value}' dropped: no figure given")
            continue
        evidence = locate(fig.quote, article.text)
        figure = Figure(
            quantity=fig.quantity,
            value=fig.value,
            evidence=evidence,
            mismatch=mismatch(fig.value, _found_words(evidence, article)) if evidence.verified else "",
        )
        if figure.verified:
            report.figures_verified += 1
        else:
            report.figures_unverified += 1
            if figure.mismatch:
                report.notes.append(f"figure '{fig.quantity}' not verified: {figure.mismatch}")
        figures.append(figure)
    return figures

