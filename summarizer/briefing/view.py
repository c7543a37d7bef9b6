"""The view model both templates render: ordering, citation numbers, date certainty, quote excerpts."""


import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from ..core.types import (
    BOTH,
    REPORTED,
    Briefing,
    Conflict,
    Event,
    EventDate,
    Fact,
    RunInfo,
    SourceInfo,
    SourceRef,
)

# Short badge word and the sentence a reader sees when asking "how sure is this date?".
CERTAINTY: dict[str, tuple[str, str]] = {
    "stated": ("stated", "the full date is written in the article"),
    "relative": ("relative", "worked out from words like 'today' or 'on Wednesday' and the "
                 "publication date"),
    "anchored": ("anchored", "worked out from another dated event the article mentions"),
    "inferred": ("inferred", "inferred from context (for example the year of the article)"),
    "model": ("model guess", "the model's guess; nothing in the text confirms it"),
    "unknown": ("unknown", "no date could be found"),
}

FORMAT_LABELS = {
    "phone": "phone call",
    "video": "video call",
    "in_person": "in person",
    "unknown": "not stated",
}

LANGUAGES = {
    "uk": "Ukrainian", "ru": "Russian", "en": "English", "be": "Belarusian", "pl": "Polish",
    "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "zh": "Chinese", "ja": "Japanese", "ko": "Korean", "ar": "Arabic", "tr": "Turkish",
    "ka": "Georgian", "kk": "Kazakh", "ro": "Romanian", "cs": "Czech", "sk": "Slovak",
    "bg": "Bulgarian", "sr": "Serbian", "hr": "Croatian", "lt": "Lithuanian", "lv": "Latvian",
    "et": "Estonian", "fi": "Finnish", "sv": "Swedish", "nl": "Dutch", "hu": "Hungarian",
    "el": "Greek", "he": "Hebrew", "fa": "Persian", "hi": "Hindi",
}

EXCERPT_RADIUS = 280  # characters of context kept on each side of a quote

# ------------------------------------------------------------------------- view model


@dataclass
class DateView:
    text: str
    iso: str | None
    badge: str
    certainty: str
    level: str
    original: str | None
    note: str


@dataclass
class Cite:
    n: int | None
    article_id: str
    quote: str
    located: bool
    parts: list[tuple[str, bool]]
    language: str
    language_name: str
    summary: str
    start: int | None = None
    end: int | None = None
    note: str = ""

    @property
    def label(self) -> str:
        return f"[{self.n}]" if self.n is not None else f"[?{self.article_id}]"


@dataclass
class FactView:
    kind: str
    text: str
    lead: str | None
    detail: str | None
    cites: list[Cite]
    untranslated: bool = False
    footnote: int | None = None  # the number of its source-sentence footnote (Markdown)


@dataclass
class Footnote:
    n: int
    quote: str
    cite: Cite


@dataclass
class SideView:
    value: str
    cites: list[Cite]


@dataclass
class ConflictView:
    field: str
    description: str
    sides: list[SideView]
    chosen: str
    rule: str


@dataclass
class RelatedView:
    anchor: str | None
    title: str
    date: str | None
    description: str


@dataclass
class EventView:
    id: str
    anchor: str
    kind: str
    title: str
    summary: str
    tags: list[str]
    main: bool
    participants: list[str]
    date: DateView
    date_cites: list[Cite]
    format: str
    format_key: str
    format_cites: list[Cite]
    facts: list[FactView]
    unverified: list[FactView]
    conflicts: list[ConflictView]
    related: list[RelatedView] = field(default_factory=list)
    reported_by: list[Cite] = field(default_factory=list)
    checks: list[Cite] = field(default_factory=list)  # what code changed or added, in `note`
    footnotes: list[Footnote] = field(default_factory=list)  # the source sentences of its facts
    reports_note: str = ""  # "5 articles from 2 independent reports" when copies are among them


@dataclass
class SourceView:
    n: int
    anchor: str
    id: str
    path: str
    file: str
    language: str
    language_name: str
    published: str  # YYYY-MM-DD, or "" when no publication date is known
    title: str | None
    outlet: str | None
    summary: str
    text: str
    error: str | None
    url: str | None = None  # http(s) only
    notes: list[str] = field(default_factory=list)
    copy_of: int | None = None  # the number of the source whose text this one copies


@dataclass
class RunView:
    model: str
    prompt_tokens: int
    completion_tokens: int
    estimated_tokens: int
    cost: str
    calls: int
    cache_hits: int
    retries: int
    reasks: int
    failed: list[str]
    generated_at: str | None


@dataclass
class BriefingView:
    main: list[EventView]
    mentioned: list[EventView]
    timeline: list[EventView]
    sources: list[SourceView]
    run: RunView


def cite_labels(cites: list[Cite]) -> str:
    """'[1][3]' with each source once, in source order; unknown articles last."""
    known = sorted({c.n for c in cites if c.n is not None})
    unknown = sorted({c.article_id for c in cites if c.n is None})
    return "".join(f"[{n}]" for n in known) + "".join(f"[?{a}]" for a in unknown)


def safe_url(url: str | None) -> str | None:
    """An http(s) address fit for a link (characters that could end a Markdown link escaped), else None."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(url.strip(), safe="/:?#[]@!$&*+,;=%~.-_")


def language_name(code: str) -> str:
    """English name of an ISO 639-1 code, or the code itself."""
    return LANGUAGES.get(code.lower(), code or "unknown language")


def date_view(d: EventDate) -> DateView:
    """How a date reads in the briefing, with a certainty word a reader understands."""
    badge, certainty = CERTAINTY.get(d.method, CERTAINTY["unknown"])
    level: str = d.method
    if d.value is not None:
        text = f"{d.value.day} {d.value:%B %Y}"
        iso: str | None = d.value.isoformat()
    elif d.month and d.day:
        text = f"{d.day} {_month_name(d.month)}, year unknown"
        iso = None
        badge, level = "year unknown", "year-unknown"
        certainty = "day and month come from the article; the year could not be determined"
    else:
        text, iso, badge, level = "date unknown", None, "unknown", "unknown"
        certainty = CERTAINTY["unknown"][1]
        if d.model_guess is not None:
            certainty = f"the model guessed {d.model_guess.isoformat()}; nothing confirms it"
    note = d.note.strip().rstrip(".")
    return DateView(text, iso, badge, certainty, level, d.text, note[:1].upper() + note[1:])


def _month_name(month: int) -> str:
    return dt.date(2000, month, 1).strftime("%B") if 1 <= month <= 12 else f"month {month}"


def date_sort_key(e: Event) -> tuple[int, int, int, str]:
    """Dated events first by date, then day-and-month-only ones, then undated."""
    d = e.date
    if d.value is not None:
        return (0, d.value.toordinal(), 0, e.title)
    if d.month and d.day:
        return (1, 0, d.month * 100 + d.day, e.title)
    return (2, 0, 0, e.title)


def order_events(events: list[Event]) -> tuple[list[Event], list[Event]]:
    """(main events, events mentioned in passing), each ordered by date."""
    main = sorted((e for e in events if e.main), key=date_sort_key)
    mentioned = sorted((e for e in events if not e.main), key=date_sort_key)
    return main, mentioned


def excerpt(text: str, start: int, end: int, radius: int = EXCERPT_RADIUS) -> list[tuple[str, bool]]:
    """Pieces of text around [start, end) within its paragraph; True marks the quote.

    An ellipsis shows only where the paragraph itself was cut.
    """
    para_lo = text.rfind("\n", 0, start) + 1
    para_hi = text.find("\n", end)
    para_hi = len(text) if para_hi == -1 else para_hi
    lo, hi = max(para_lo, start - radius), min(para_hi, end + radius)
    # Cut at a space so the excerpt does not start or end mid-word.
    if lo > para_lo:
        space = text.find(" ", lo, start)
        lo = space + 1 if space != -1 else lo
    if hi < para_hi:
        space = text.rfind(" ", end, hi)
        hi = space if space != -1 else hi
    before = ("…" if lo > para_lo else "") + text[lo:start].lstrip()
    after = text[end:hi].rstrip() + ("…" if hi < para_hi else "")
    return [p for p in [(before, False), (text[start:end], True), (after, False)] if p[0]]


_LETTER = re.compile(r"[^\W\d_]")
_NON_LATIN_LETTER = re.compile(r"[^\W\d_a-zA-Z\u00C0-\u024F]")


def untranslated(text: str) -> bool:
    """True when the model's "English" text is mostly not in Latin letters (left untranslated).

    The briefing is English; such a text is shown as it came but marked, so a reader does not take
    the model's copy for a translation. Short texts (names, acronyms) are never marked.
    """
    letters = len(_LETTER.findall(text))
    return letters >= 12 and len(_NON_LATIN_LETTER.findall(text)) > letters * 0.3


def _names_in(speaker: str, text: str) -> bool:
    """True when the text already names the speaker (any word of two letters or more)."""
    words = [w for w in re.findall(r"\w+", speaker.lower()) if len(w) >= 2]
    low = text.lower()
    return any(re.search(rf"\b{re.escape(w)}\b", low) for w in words)


_SPEAKER_LABELS = {BOTH: "Both sides", REPORTED: "Reported"}


class _Builder:
    """Turns a Briefing into the view model; keeps the source numbering in one place."""

    def __init__(self, b: Briefing) -> None:
        self.b = b
        self.sources: dict[str, tuple[int, SourceInfo]] = {
            s.id: (i, s) for i, s in enumerate(b.sources, start=1)
        }
        self.footnotes = 0

    def cite(self, ref: SourceRef) -> Cite:
        n, src = self.sources.get(ref.article_id, (None, None))
        text = src.text if src else ""
        span = ref.span
        located = span is not None and 0 <= span.start < span.end <= len(text)
        parts = excerpt(text, span.start, span.end) if located and span else []
        lang = src.language if src else ""
        return Cite(
            n=n, article_id=ref.article_id, quote=ref.quote, located=located, parts=parts,
            language=lang, language_name=language_name(lang) if src else "unknown article",
            summary=src.summary_en if src else "",
            start=span.start if located and span else None,
            end=span.end if located and span else None,
            note=ref.note,
        )

    def own_words(self, ref: SourceRef) -> str | None:
        """The article's text at a located quote's span, or None."""
        src = self.sources.get(ref.article_id, (None, None))[1]
        span = ref.span
        if src is None or span is None or not 0 <= span.start < span.end <= len(src.text):
            return None
        return " ".join(src.text[span.start : span.end].split())

    def cites(self, refs: list[SourceRef]) -> list[Cite]:
        return [self.cite(r) for r in refs]

    def fact(self, f: Fact) -> FactView:
        lead = f.speaker if f.speaker and not _names_in(f.speaker, f.text_en) else None
        lead = _SPEAKER_LABELS.get(lead or "", lead)
        detail = None
        if f.kind == "figure" and f.value and f.value not in f.text_en:
            detail = f"{f.quantity}: {f.value}" if f.quantity else f.value
        text, raw = f.text_en, untranslated(f.text_en)
        own = self.own_words(f.sources[0]) if raw and f.verified and f.sources else None
        if own:
            # The model's "translation" is in the article's language, and may not even render the
            # quote; the span code located is at least the article's own words.
            text = own
        return FactView(f.kind, text, lead, detail, self.cites(f.sources), raw)

    def conflict(self, c: Conflict) -> ConflictView:
        sides = [SideView(s.value, self.cites(s.sources)) for s in c.sides]
        return ConflictView(c.field, c.description, sides, c.chosen, c.rule)

    def report_of(self, article_id: str) -> str:
        src = self.sources.get(article_id, (None, None))[1]
        return src.copy_of if src is not None and src.copy_of else article_id

    def reports_note(self, articles: list[str]) -> str:
        """'5 articles from 2 independent reports' when copies of one text are among them, else ''."""
        n, reports = len(set(articles)), len({self.report_of(a) for a in articles})
        return f"{n} articles from {reports} independent report{'s' if reports != 1 else ''}" if reports < n else ""

    def event(self, e: Event, anchor: str) -> EventView:
        refs = [SourceRef(article_id=a) for a in e.articles]
        facts = [self.fact(f) for f in e.facts]
        notes: list[Footnote] = []
        for view in facts:
            first = next((c for c in view.cites if c.located), None)
            if first is not None:
                self.footnotes += 1
                view.footnote = self.footnotes
                notes.append(Footnote(self.footnotes, " ".join(first.quote.split()), first))
        return EventView(
            id=e.id, anchor=anchor, kind=e.kind, title=e.title, summary=e.summary, tags=list(e.tags), main=e.main,
            participants=list(e.participants), date=date_view(e.date),
            date_cites=self.cites(e.date_sources),
            format=FORMAT_LABELS.get(e.format, e.format), format_key=e.format,
            format_cites=self.cites(e.format_sources),
            facts=facts,
            footnotes=notes,
            unverified=[self.fact(f) for f in e.unverified],
            conflicts=[self.conflict(c) for c in e.conflicts],
            reported_by=self.cites(refs),
            checks=self.cites(e.checks),
            reports_note=self.reports_note(e.articles),
        )

    def source(self, n: int, s: SourceInfo) -> SourceView:
        original = self.sources.get(s.copy_of) if s.copy_of else None
        return SourceView(
            n=n, anchor=f"src-{n}", id=s.id, path=s.path, file=s.id,
            language=s.language, language_name=language_name(s.language),
            published=s.published.isoformat() if s.published else "",
            title=s.title, outlet=s.outlet, summary=s.summary_en, text=s.text, error=s.error,
            url=safe_url(s.url), notes=list(s.notes), copy_of=original[0] if original else None,
        )

    def build(self) -> BriefingView:
        main, mentioned = order_events(self.b.events)
        ordered = main + mentioned
        anchors = {e.id: f"ev-{i}" for i, e in enumerate(ordered, start=1)}
        views = {e.id: self.event(e, anchors[e.id]) for e in ordered}
        for e in ordered:
            for rel in e.related:
                other = views.get(rel.event_id)
                views[e.id].related.append(
                    RelatedView(
                        anchor=other.anchor if other else None,
                        title=other.title if other else rel.event_id,
                        date=other.date.text if other else None,
                        description=rel.description,
                    )
                )
        timeline = sorted(ordered, key=date_sort_key)
        return BriefingView(
            main=[views[e.id] for e in main],
            mentioned=[views[e.id] for e in mentioned],
            timeline=[views[e.id] for e in timeline],
            sources=[self.source(n, s) for n, s in self.sources.values()],
            run=run_view(self.b.run),
        )


def _when(t: dt.datetime) -> str:
    offset = t.utcoffset()
    zone = "" if offset is None else " UTC" if not offset else f" {t:%z}"
    return f"{t:%Y-%m-%d %H:%M}{zone}"


def run_view(r: RunInfo) -> RunView:
    """Footer figures; cost reads 'n/a' when no price was known for the model."""
    u = r.usage
    return RunView(
        model=r.model or "unknown model",
        prompt_tokens=u.prompt_tokens, completion_tokens=u.completion_tokens,
        estimated_tokens=u.prompt_tokens_estimated,
        cost="n/a" if r.cost_usd is None else f"${r.cost_usd:.4f}",
        calls=u.calls, cache_hits=u.cache_hits, retries=u.retries, reasks=u.reasks,
        failed=list(r.failed),
        generated_at=_when(r.generated_at) if r.generated_at else None,
    )


def build_view(b: Briefing) -> BriefingView:
    """The view model both templates render."""
    return _Builder(b).build()


