"""Sentences that report an event: who its people are (Scope), which clauses are about it, and
who the article attributes a report to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from ..core.types import Article, Name, Span
from ..lang import pack, phrase_bodies, unspaced, words
from .dates import anchor_match
from .names import NameResolver, tokens, tokens_match

# about their earlier meetings, so code looks for its date and format only this far.
LEAD_PARAGRAPHS = 3

_QUOTED = re.compile(r"\"[^\"]*\"|«[^»]*»|„[^“”]*[“”]|“[^”]*”|「[^」]*」|『[^』]*』")


def _alt(lang: str | None, path: str) -> str:
    return "|".join(b for _, b in phrase_bodies(words(lang, path)))


@lru_cache(maxsize=32)
def _clause_break(lang: str | None) -> re.Pattern[str]:
    """Where a sentence's clauses part: a semicolon, or a comma before "but", "while", "а", "但"."""
    spaced = [b for p, b in phrase_bodies(words(lang, "reports.clause_breaks")) if not unspaced(p)]
    joined = [b for p, b in phrase_bodies(words(lang, "reports.clause_breaks")) if unspaced(p)]
    parts = ["[;；]"]
    if spaced:
        parts.append(rf",\s+(?=(?:{'|'.join(spaced)})\s)")
    if joined:
        parts.append(rf"[,，]\s*(?=(?:{'|'.join(joined)}))")
    return re.compile("|".join(parts), re.IGNORECASE)


@lru_cache(maxsize=32)
def _reported(lang: str | None) -> re.Pattern[str] | None:
    """A "this was reported by" sentence: "Про це повідомив ...", "Это подтвердил ...", "as reported by"."""
    parts = []
    if openers := _alt(lang, "reports.reported_openers"):
        parts.append(rf"(?:{openers})(?!\w)")
    pronouns, verbs = _alt(lang, "reports.reported_pronouns"), _alt(lang, "reports.reported_verbs")
    if pronouns and verbs:
        parts.append(rf"(?:{pronouns})\s+(?:\w+\s+){{0,2}}(?:{verbs})")
    return re.compile(rf"^\s*(?:{'|'.join(parts)})", re.IGNORECASE) if parts else None


@lru_cache(maxsize=32)
def report_verb(lang: str | None) -> re.Pattern[str] | None:
    """A source named after a reporting word: "передає Укрінформ", "according to Reuters"."""
    verbs = _alt(lang, "reports.source_verbs")
    return re.compile(rf"(?:{verbs})\s+(?P<who>[^,.;:!?，。；：！？]+)", re.IGNORECASE) if verbs else None


# ------------------------------------------------------------- reporting sentences
# The headline and the lead: there a clause with two people and a date is the article's own event,
# even when the model named its participants wrongly. An anchor clause ("four days after the call
# with Trump") still counts. The lead is the first paragraph of LEAD_CHARS or more; what comes
# before it is a headline, a section name, a caption.
LEAD_CHARS = 150

def lead_chars(lang: str | None) -> float:
    """LEAD_CHARS in the language's script: a Chinese lead says in 60 characters what an English
    one says in 150 (the pack's `english_length`; languages near 1 keep LEAD_CHARS)."""
    factor = pack(lang).english_length if lang else None
    return LEAD_CHARS / max(1.0, factor or 1.0)


def lead_paragraph(sents: list[tuple[Span, int]], lang: str | None = None) -> int | None:
    """The index of the lead paragraph: the first of `lead_chars` or more, if any."""
    size: dict[int, int] = {}
    least = lead_chars(lang)
    for span, para in sents:
        size[para] = size.get(para, 0) + span.end - span.start
        if size[para] >= least:
            return para
    return None


def past_lead(sents: list[tuple[Span, int]], lang: str | None = None) -> int:
    """The index of the first paragraph past the lead (the headline and lead come before it)."""
    lead = lead_paragraph(sents, lang)
    return 2 if lead is None else lead + 1



@dataclass
class Scope:
    """Who an event's participants are, to tell the sentences that report it."""

    own: set[str]
    unique: set[str] | None  # a side event: participants the main event lacks
    countries: set[str]
    unknown: dict[str, list[str]]  # participants missing from the alias table: their tokens


def scope_of(people: list[Name], main_people: set[str] | None, resolver: NameResolver) -> Scope:
    own = {p.canonical for p in people}
    unknown = {
        p.canonical: [t.norm for t in tokens(p.as_written) if t.raw[:1].isupper() and len(t.norm) > 2]
        for p in people
        if p.kind == "unknown"
    }
    countries = {c for p in own if (c := resolver.affiliation(p))}
    return Scope(own, None if main_people is None else own - main_people, countries, unknown)


def _about(text: str, scope: Scope, resolver: NameResolver, unnamed_ok: bool) -> bool:
    """The clause names the event's people and nobody from outside their countries."""
    found = resolver.mentions(text)
    persons = resolver.of_kind(found, "person")
    if any(resolver.affiliation(p) not in scope.countries for p in persons - scope.own):
        return False
    words = [t.norm for t in tokens(text)]
    named = (found & scope.own) | {
        c for c, toks in scope.unknown.items() if any(tokens_match(a, w) for a in toks for w in words)
    }
    if scope.unique is not None:
        return bool(named & scope.unique)
    return bool(named) or (unnamed_ok and not persons)


@dataclass
class Report:
    """A sentence that reports the event, with the clauses of it that are about the event."""

    index: int
    span: Span
    clauses: list[tuple[int, int]]


def report_sentences(
    article: Article, sents: list[tuple[Span, int]], scope: Scope, resolver: NameResolver
) -> list[Report]:
    """The sentences reporting the event, in order; a main event's only from its lead."""
    out: list[Report] = []
    first_para: int | None = None
    stop: int | None = None  # the first paragraph past a main event's lead, once it starts
    for index, (span, para) in enumerate(sents):
        text = article.text[span.start : span.end]
        main = scope.unique is None
        if main and first_para is not None:
            stop = _past(article.text, sents, first_para, article.language) if stop is None else stop
            if para >= stop:
                break
        clauses = []
        for start, end, anchor_clause in clauses_of(text, article.language):
            # An anchor clause ("after Y talked to Z") is about another event unless it names
            # this one's own people; in the lead, a clause naming nobody is about the main event.
            unnamed_ok = main and first_para is not None and not anchor_clause
            if _about(text[start:end], scope, resolver, unnamed_ok):
                clauses.append((span.start + start, span.start + end))
        if clauses:
            first_para = para if first_para is None else first_para
            out.append(Report(index, span, clauses))
    return out


def lead_end(text: str, sents: list[tuple[Span, int]], reports: list[Report], lang: str | None = None) -> int | None:
    """Where the lead ends: LEAD_PARAGRAPHS paragraphs from the first reporting the event, or from
    the lead paragraph when that comes later (a headline, a caption or a "read on the site" line
    before it does not use up the lead); lines that are no sentence do not count (`_past`)."""
    stop = _past(text, sents, sents[reports[0].index][1] if reports else 0, lang)
    return next((span.start for span, para in sents if para >= stop), None)


_SENTENCE_END = re.compile(r"[.!?…。！？]$")


def _past(text: str, sents: list[tuple[Span, int]], first_report: int, lang: str | None) -> int:
    """The first paragraph past the lead: LEAD_PARAGRAPHS paragraphs from `_lead_start` that end as
    a sentence does. A byline ("Erstellt von - Uhr"), a photo caption ending in its credit or a
    headline between them is no sentence and uses up no paragraph of the lead."""
    start = _lead_start(sents, first_report, lang)
    last: dict[int, Span] = {}  # each paragraph's last sentence
    for span, para in sents:
        last[para] = span
    counted = 0
    for para in sorted(p for p in last if p >= start):
        line = text[last[para].start : last[para].end].rstrip().rstrip("\"'»”“)）」』")
        counted += bool(_SENTENCE_END.search(line))
        if counted == LEAD_PARAGRAPHS:
            return para + 1
    return max(last, default=0) + 1


def _lead_start(sents: list[tuple[Span, int]], first_report: int, lang: str | None = None) -> int:
    """The lead paragraph, when it comes after the first report, but no more than LEAD_PARAGRAPHS later."""
    lead = lead_paragraph(sents, lang)
    return first_report if lead is None else max(first_report, min(lead, first_report + LEAD_PARAGRAPHS))


def clauses_of(text: str, lang: str | None = None) -> list[tuple[int, int, bool]]:
    """(start, end, is_anchor_clause) parts of a sentence, split at "but"/"while" and anchors; the
    words of `lang`'s packs (None: every pack)."""
    cuts = {m.start() for m in _clause_break(lang).finditer(text)}
    # Only the anchor is needed here: no date search (the costly part of find_date_mentions).
    found = anchor_match(text, lang)
    anchor = found[1] if found is not None and found[1] else None
    if anchor is not None:
        cuts.add(anchor)
    bounds = [0, *sorted(c for c in cuts if 0 < c < len(text)), len(text)]
    return [(a, b, anchor is not None and a >= anchor) for a, b in pairwise(bounds)]


def _excerpt(text: str, start: int, end: int, width: int = 120) -> str:
    if len(text) <= width:
        return text
    left = max(0, min(start - width // 3, len(text) - width))
    return ("…" if left else "") + text[left : left + width] + ("…" if left + width < len(text) else "")



def _attribution(
    article: Article, sents: list[tuple[Span, int]], index: int, scope: Scope, resolver: NameResolver
) -> str:
    """Who the sentence, or a "reported by" sentence right after it, attributes its report to."""
    span = sents[index][0]
    lang = article.language
    who = _named_source(article.text[span.start : span.end], scope, resolver, lang)
    if not who and index + 1 < len(sents):
        nxt = sents[index + 1][0]
        text = article.text[nxt.start : nxt.end]
        reported = _reported(lang)
        if reported is not None and reported.match(text):
            who = _named_source(text, scope, resolver, lang)
    return who


def _named_source(text: str, scope: Scope, resolver: NameResolver, lang: str | None = None) -> str:
    """A non-participant person, else an organisation named outside quotes, else an outlet."""
    text = _QUOTED.sub(" ", text)
    found = resolver.mentions(text)
    for kind in ("person", "organisation"):
        named = sorted(
            (c for c in found - scope.own if (e := resolver.entry(c)) and e.kind == kind),
            key=lambda c: _position(text, c, resolver),
        )
        if named:
            entry = resolver.entry(named[0])
            role = entry.role if entry is not None and kind == "person" else None
            return f"{named[0]} ({role})" if role else named[0]
    verb = report_verb(lang)
    m = verb.search(text) if verb is not None else None
    if m is not None:
        who = m.group("who").strip().strip("\"'«»„“”")
        if who[:1].isupper() and len(who.split()) <= 6:
            return who
    return ""


def _position(text: str, canonical: str, resolver: NameResolver) -> int:
    """Where in `text` the first token of `canonical`'s mention is."""
    words = [t.raw for t in tokens(text)]
    for i in range(len(words)):
        if canonical in resolver.mentions(" ".join(words[i : i + 6])):
            return i
    return len(words)

