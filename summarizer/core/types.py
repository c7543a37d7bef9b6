"""Core data types: articles, what the model proposes, what code verified, merged events.

This module imports nothing from the rest of the package; every stage builds on it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

EventKind = Literal["call", "meeting", "visit", "talks", "other"]
Format = Literal["phone", "video", "in_person", "unknown"]
DateMethod = Literal["stated", "relative", "anchored", "inferred", "model", "unknown"]
NameKind = Literal["person", "country", "organisation", "unknown"]
NameMethod = Literal["alias", "fuzzy", "transliteration"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------- articles


class Span(_Model):
    start: int
    end: int



class Article(_Model):
    """One input article after ingest: the cleaned body is what the model sees; the rest is metadata."""

    id: str = Field(
        description="Stable id, unique in a run: the path relative to the folder given (a file given "
        "by itself: its name), ':ROW' added for a row of a feed file; a longer path when two would clash."
    )
    path: str = Field(description="The file read (a feed row: the feed file).")
    text: str = Field(description="Body with page boilerplate removed; quotes are located here.")
    raw_text: str = Field(description="The decoded file (a feed row: its text field) as read, before any cleaning.")
    language: str = Field(description="ISO 639-1 code, e.g. 'uk', 'ru', 'en'.")
    published: dt.date | None = Field(
        default=None,
        description="Publication date from the article's metadata (a leading ' date YYYY-MM-DD' line, "
        "front matter, a feed field, the page's JSON-LD or meta tags); never guessed from the text.",
    )
    title: str | None = None
    outlet: str | None = None
    url: str | None = Field(default=None, description="The article's address (http or https only).")
    encoding: str = "utf-8"
    removed: list[str] = Field(default_factory=list, description="Boilerplate blocks removed.")
    flagged: list[Span] = Field(
        default_factory=list,
        description="Passages kept in the text but marked as possible planted instructions: nothing may cite them.",
    )
    notes: list[str] = Field(
        default_factory=list,
        description="What ingest could not do cleanly and a reader should know (bytes replaced in "
        "decoding, metadata it could not read).",
    )
    sha256: str = Field(description="Hash of the file's bytes (a feed row: of the row).")


# --------------------------------------------------------------- what the model returns
# The model never copies the article: code numbers its sentences, and every claim cites sentence
# numbers, so code knows by construction where each claim came from and checks it there. The work is
# split in two asks, each simple enough for a small model: the events (who, when, how, which
# sentences report what each side said) and, for those sentences, a faithful English translation.
# The wire types below generate the JSON schemas sent to the model. Their keys are short and only
# what the pipeline uses: every token the model writes costs time on a small local model. Their caps
# become part of the grammar a llama.cpp server enforces, so a model that starts repeating itself is
# stopped by the schema; they cap the schema only (`_cap`), not validation.


def _cap(n: int, description: str = "") -> Any:
    return Field(json_schema_extra={"maxItems": n}, description=description or None)


class CitedStatement(_Model):
    """A statement the events answer cites: its sentences and its speaker, no text."""

    sent: list[int] = Field(min_length=1, max_length=3, description="Numbers of the sentences that report it.")
    by: str = Field(description="Who said it, as written in the article.")


class ModelFormat(_Model):
    format: Format
    sent: int = Field(description="Number of a sentence that says how the event was held.")


MAX_EVENTS = 8  # events one article may give (the model's and those code finds)


class EventAnswer(_Model):
    kind: EventKind
    main: bool = Field(description="True for the event the article is about.")
    who: list[str] = _cap(8, "People who took part, as written.")
    date: int = Field(description="Number of the sentence that dates the event, or 0.")
    formats: list[ModelFormat] = _cap(3)
    said: list[CitedStatement] = _cap(8)


class EventsAnswer(_Model):
    """The first ask: the article's events."""

    events: list[EventAnswer] = Field(max_length=MAX_EVENTS)


class Rendering(_Model):
    sent: int = Field(description="The sentence's number.")
    by: str = Field(description="Whose words or position it reports, as written, or ''.")
    en: str = Field(description="A faithful English translation of the sentence.")


class TranslationAnswer(_Model):
    """The second ask: given sentences, translated and attributed."""

    said: list[Rendering] = _cap(8)


# What extraction hands to verification: the events answer with each statement's English.


class ModelStatement(_Model):
    sent: list[int] = Field(min_length=1, description="Numbers of the sentences that report it.")
    by: str = Field(description="Who said it, as written in the article ('' when the model did not say).")
    also_by: list[str] = Field(default_factory=list, description="Other speakers the model named for it.")
    en: str = Field(description="The English translation of those sentences ('' when none was given).")


class ModelFigure(_Model):
    sent: int
    what: str
    value: str


class ModelEvent(_Model):
    kind: EventKind
    main: bool
    who: list[str]
    date: int
    formats: list[ModelFormat] = Field(default_factory=list)
    said: list[ModelStatement] = Field(default_factory=list)
    figures: list[ModelFigure] = Field(default_factory=list)


class ModelExtraction(_Model):
    """The model's proposal for one article: its events, each statement with its English."""

    events: list[ModelEvent] = Field(default_factory=list)


# ------------------------------------------------------------------ verified records


class Evidence(_Model):
    """The article's words for a claim and where they stand; span None means not located.

    For a claim that cites sentences, `quote` is the cited sentences' text and `sentences` their
    numbers (from 1); for words code found itself, `quote` is those words.
    """

    quote: str
    span: Span | None = None
    score: float = 0.0
    sentences: list[int] = Field(default_factory=list)

    @property
    def verified(self) -> bool:
        return self.span is not None


class Name(_Model):
    as_written: str
    canonical: str
    kind: NameKind = "unknown"
    method: NameMethod = "transliteration"


class OtherReading(_Model):
    """Another date the same article gives for the event: its own words disagree with themselves."""

    value: dt.date
    text: str = Field(description="The article's words that give this other date.")
    note: str = ""


class EventDate(_Model):
    """A date as resolved in code, with how it was obtained."""

    text: str | None = Field(default=None, description="The date expression from the article.")
    value: dt.date | None = Field(default=None, description="Full date when the year is known.")
    month: int | None = None
    day: int | None = Field(
        default=None, description="The day of the month (with no month: a day the words name alone)."
    )
    weekday: int | None = Field(
        default=None, description="The weekday the words name (0 is Monday), when nothing dates them."
    )
    year_known: bool = False
    method: DateMethod = "unknown"
    model_guess: dt.date | None = None
    note: str = ""
    also: list[OtherReading] = Field(
        default_factory=list,
        description="Other dates the same words give: 'во вторник, 8 октября' when that Tuesday was the 7th.",
    )

    def label(self) -> str:
        """Human-readable date with its certainty."""
        if self.value is not None:
            return f"{self.value.isoformat()} ({self.method})"
        if self.month and self.day:
            return f"{dt.date(2000, self.month, self.day):%d %B}, year unknown"
        return "date unknown"


def _mismatch_field() -> Any:
    return Field(
        default="",
        description="Why the English is not a rendering of the quote found in the article (a number "
        "the quote does not hold); non-empty means not verified.",
    )


# Speakers that are no person: a subject of both sides ("Лідери обговорили..."), and a fact the
# article reports of the event, credited to nobody in particular.
BOTH = "both sides"
REPORTED = "reported"
# The quantity of a figure code reads off the article: how long the event lasted.
DURATION = "duration"


class Statement(_Model):
    speaker: Name
    text_en: str
    evidence: Evidence
    mismatch: str = _mismatch_field()

    @property
    def verified(self) -> bool:
        """Found in the article, and nothing shows the English says something else."""
        return self.evidence.verified and not self.mismatch


class FormatClaim(_Model):
    format: Format
    source: str = ""
    evidence: Evidence
    stated: bool = Field(
        default=True,
        description="False when the quote was found but its sentence has no word for this format: "
        "such a claim does not count.",
    )

    @property
    def verified(self) -> bool:
        """Found in the article, and its sentence states this format."""
        return self.evidence.verified and self.stated


class Figure(_Model):
    quantity: str
    value: str
    evidence: Evidence
    mismatch: str = _mismatch_field()

    @property
    def verified(self) -> bool:
        """Found in the article, and its quote holds the value's number."""
        return self.evidence.verified and not self.mismatch


class EventRecord(_Model):
    """One event as reported by one article, after verification."""

    article_id: str
    index: int = Field(description="Position of the event in the article's extraction.")
    kind: EventKind
    main: bool
    participants: list[Name]
    date: EventDate
    formats: list[FormatClaim] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    published: dt.date | None = None
    language: str = ""
    checks: list[str] = Field(
        default_factory=list,
        description="What code changed in, or added to, the model's proposal for this event, and why.",
    )
    named: list[str] = Field(
        default_factory=list,
        description="The other people, countries and organisations the article names (canonical names): "
        "what tells apart two events of the same people when nothing dates a report.",
    )

    @property
    def key(self) -> str:
        return f"{self.article_id}#{self.index}"


class Usage(_Model):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    prompt_tokens_estimated: int = Field(default=0, description="Counted with tiktoken before.")
    calls: int = 0
    cache_hits: int = 0
    retries: int = 0
    reasks: int = 0

    def add(self, other: Usage) -> Usage:
        return Usage(**{k: getattr(self, k) + getattr(other, k) for k in Usage.model_fields})


class ArticleResult(_Model):
    """Everything one article produced, or the error that stopped it."""

    article: Article
    model: str = Field(default="", description="The model that answered (empty when none was asked).")
    summary_en: str = ""
    records: list[EventRecord] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)
    error: str | None = None


# --------------------------------------------------------------------- merged events


class SourceRef(_Model):
    article_id: str
    quote: str = ""
    span: Span | None = None
    note: str = Field(default="", description="Why this source does not verify the fact, when it was found.")


class Fact(_Model):
    """A merged fact with every article that supports it."""

    kind: Literal["statement", "figure"]
    text_en: str
    speaker: str | None = None
    quantity: str | None = None
    value: str | None = None
    sources: list[SourceRef]
    verified: bool = True


class ConflictSide(_Model):
    value: str
    sources: list[SourceRef]


class Conflict(_Model):
    field: Literal["date", "format", "figure", "speaker"]
    description: str
    sides: list[ConflictSide]
    chosen: str
    rule: str


class Relation(_Model):
    event_id: str
    description: str


class Event(_Model):
    """One real-world event merged from every record about it."""

    id: str
    kind: EventKind
    title: str
    summary: str = Field(default="", description="One English sentence composed by code from verified facts.")
    main: bool
    participants: list[str]
    date: EventDate
    date_sources: list[SourceRef] = Field(default_factory=list)
    format: Format = "unknown"
    format_sources: list[SourceRef] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    unverified: list[Fact] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list, description="Topic words drawn by code from the verified facts.")
    articles: list[str] = Field(default_factory=list)
    reported_by: list[str] = Field(
        default_factory=list, description="The articles that report it as their own news (the rest mention it)."
    )
    records: list[str] = Field(default_factory=list, description="EventRecord keys merged here.")
    related: list[Relation] = Field(default_factory=list)
    checks: list[SourceRef] = Field(
        default_factory=list,
        description="What code changed in, or added to, the model's proposals, per article (in `note`).",
    )


class SourceInfo(_Model):
    id: str
    path: str
    language: str
    published: dt.date | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    summary_en: str = ""
    text: str = ""
    error: str | None = None
    notes: list[str] = Field(default_factory=list, description="Ingest notes (see Article.notes).")
    copy_of: str | None = Field(
        default=None,
        description="The id of the first article with the same text (a reprint of one wire story, minor "
        "edits aside); copies count as one independent report.",
    )


class RunInfo(_Model):
    model: str = ""
    usage: Usage = Field(default_factory=Usage)
    cost_usd: float | None = None
    failed: list[str] = Field(default_factory=list)
    generated_at: dt.datetime | None = None


class Briefing(_Model):
    events: list[Event]
    sources: list[SourceInfo]
    run: RunInfo = Field(default_factory=RunInfo)
