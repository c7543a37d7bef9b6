"""Verify one article: what the model proposed, checked claim by claim at the sentences it cites.

Per event: its people (`people.py`: named in the article, checked against the headline and lead),
the sentences that report it (`reports.py`), its date (`event_dates.py`), formats (`formats.py`),
statements (`statements.py`) and figures (`figures.py`). Events the article mentions in passing that
the model left out are found by code (`mentioned.py`) and verified the same way.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from ..core.types import DURATION, MAX_EVENTS, Article, EventRecord, Figure, ModelExtraction, Name
from .citations import Citations
from .durations import find_duration
from .event_dates import dates_of_events
from .figures import check_figures
from .formats import check_formats, formats_from_reports
from .mentioned import mentioned_events
from .names import NameResolver
from .people import lead_checked, participants_of, roles_checked
from .proposal import Proposal, from_model
from .reports import report_sentences, scope_of
from .statements import DroppedStatement, StatementCounts, check_statements


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
    """Verified records plus counts of what was checked, marked unverified or dropped."""
    # Titles name their holder on the article's publication date; Latin spellings fold by its language.
    resolver = (names or NameResolver()).for_article(article)
    cites = Citations(article)
    proposals = [from_model(ev) for ev in extraction.events]
    records, report = _verify(proposals, cites, resolver)
    room = MAX_EVENTS - len(proposals)
    if room <= 0:
        return records, report
    main = [({p.canonical for p in r.participants}, r.date) for r in records if r.main]
    known = [({p.canonical for p in r.participants}, r.date) for r in records if not r.main]
    sents = list(zip(cites.spans, cites.paras, strict=True))
    extra = mentioned_events(article, sents, main, known, resolver, room)
    if not extra:
        return records, report
    first = len(proposals)
    found = {first + i: [f"found by code, not by the model, in: '{clause}'"] for i, (_, clause) in enumerate(extra)}
    # All verified again, not only the new ones: a found event can date the main one ("4 дні після").
    records, report = _verify([*proposals, *(p for p, _ in extra)], cites, resolver, found)
    report.events_by_code = len(extra)
    report.notes.append(f"{len(extra)} event(s) mentioned in passing found by code, not by the model")
    return records, report


def _verify(
    proposals: list[Proposal],
    cites: Citations,
    resolver: NameResolver,
    checks: dict[int, list[str]] | None = None,
) -> tuple[list[EventRecord], VerifyReport]:
    """`checks` are notes for the records, by event index, on what code changed or added."""
    article = cites.article
    report = VerifyReport(article_id=article.id)
    checks = {i: list(notes) for i, notes in (checks or {}).items()}
    participants = _people(proposals, cites, resolver, report, checks)
    main_people = {p.canonical for i, pr in enumerate(proposals) if pr.main for p in participants[i]}
    scopes = [scope_of(participants[i], None if pr.main else main_people, resolver) for i, pr in enumerate(proposals)]
    sents = list(zip(cites.spans, cites.paras, strict=True))
    reports = [report_sentences(article, sents, scope, resolver) for scope in scopes]
    dates = dates_of_events(article, proposals, participants, reports, resolver, cites)
    report.dates_by_code = sum("found by code" in d.note for d in dates)
    counts = StatementCounts()
    records: list[EventRecord] = []
    named = resolver.mentions(article.text)
    for index, proposal in enumerate(proposals):
        people = participants[index]
        if not people:
            report.events_dropped += 1
            report.notes.append(f"event {index} ({proposal.kind}) dropped: no participants")
            continue
        formats = check_formats(proposal, scopes[index], cites, resolver)
        report.formats_verified += sum(f.verified for f in formats)
        report.formats_unverified += sum(not f.verified for f in formats)
        report.notes += [
            f"format '{f.format}' not counted: its sentence does not state it" for f in formats if not f.verified
        ]
        if not any(f.verified for f in formats) and not proposal.by_code:
            found = formats_from_reports(article, sents, reports[index], scopes[index], resolver)
            report.formats_by_code += len(found)
            formats += found
        figures = _figures(proposal, people, cites, resolver, report)
        report.figures_verified += sum(f.verified for f in figures)
        report.figures_unverified += sum(not f.verified for f in figures)
        records.append(
            EventRecord(
                article_id=article.id,
                index=index,
                kind=proposal.kind,
                main=proposal.main,
                participants=people,
                date=dates[index],
                formats=formats,
                statements=check_statements(index, proposal, people, cites, resolver, counts),
                figures=figures,
                published=article.published,
                language=article.language,
                checks=checks.get(index, []),
                named=sorted(named - {p.canonical for p in people}),
            )
        )
    report.statements_verified, report.statements_unverified = counts.verified, counts.unverified
    report.statements_commentary = counts.commentary
    report.dropped, report.notes = counts.dropped, [*report.notes, *counts.notes]
    return records, report


def _figures(proposal: Proposal, people: list[Name], cites: Citations, resolver: NameResolver,
             report: VerifyReport) -> list[Figure]:
    """The model's figures, checked; for the main event, its length as the article gives it."""
    figures = check_figures(proposal, cites, report.notes)
    if proposal.main and not any(f.quantity == DURATION for f in figures):
        figures += find_duration(cites, people, resolver)
    return figures


def _people(
    proposals: list[Proposal],
    cites: Citations,
    resolver: NameResolver,
    report: VerifyReport,
    checks: dict[int, list[str]],
) -> list[list[Name]]:
    """Each event's participants; the main event's checked against the headline and lead."""
    sents = list(zip(cites.spans, cites.paras, strict=True))
    out: list[list[Name]] = []
    for i, proposal in enumerate(proposals):
        people, notes = participants_of(proposal, resolver, cites.article)
        if proposal.main:
            people, moved = lead_checked(people, cites.article, sents, resolver)
            people, roles = roles_checked(people, cites.article, sents, resolver)
            notes += moved + roles
        checks.setdefault(i, []).extend(notes)
        report.notes.extend(notes)
        out.append(people)
    return out
