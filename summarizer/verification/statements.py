"""Statements: what a participant or their spokesperson said, checked at the sentences it cites.

A statement cites sentence numbers, so it is located by construction. It is verified when:
- its citations exist and none is a passage marked as a possible planted instruction;
- its speaker is a participant or speaks for one (their country's officials), else it is commentary
  and dropped;
- the cited sentences name the speaker, or their office ("the Kremlin's spokesman" of Peskov), or
  continue a sentence that does ("He added that ...": the cited sentence names nobody else and the
  sentence before it, in the same or the previous paragraph, names them);
- its English gives no number the sentences do not hold (`numbers.py`), names no one they do not,
  is English, and is long enough to render them (`english.py`).
Whatever fails is kept as unverified, with the reason, and never stated in the briefing's body.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from ..core.types import Name, Statement
from .citations import Citations
from .english import not_english, too_short
from .names import NameResolver, tokens, tokens_match
from .numbers import mismatch
from .people import BOTH_SIDES, both_sides_subject, speaks_for_event
from .proposal import Proposal

MIN_STATEMENT_WORDS = 3
_WORD = re.compile(r"[^\W\d_]+")


class DroppedStatement(BaseModel):
    """A statement left out of the event's record, and why."""

    event_index: int
    speaker: str
    text_en: str
    quote: str
    reason: str


class StatementCounts(BaseModel):
    verified: int = 0
    unverified: int = 0
    commentary: int = 0
    dropped: list[DroppedStatement] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


def check_statements(
    index: int,
    proposal: Proposal,
    people: list[Name],
    cites: Citations,
    resolver: NameResolver,
    counts: StatementCounts,
) -> list[Statement]:
    """The proposal's statements, each verified or marked unverified with its reason."""
    article = cites.article
    kept: list[Statement] = []
    seen: set[tuple[str, tuple[int, ...]]] = set()
    for st in proposal.said:
        quote = cites.joined(st.sent) if not cites.problem(st.sent) else ""
        if not st.en.strip():
            counts.notes.append(f"statement at {_numbers(st.sent)} left out: no English translation was given")
            continue
        if st.by.strip():
            speaker = resolver.resolve_in(st.by, article.text, lang=article.language)
        elif (found := speaker_in_text(st.sent, people, cites, resolver)) is not None:
            speaker = found
        else:
            counts.dropped.append(
                DroppedStatement(event_index=index, speaker="", text_en=st.en, quote=quote,
                                 reason="the model named no speaker, and the sentences name none of the event's sides")
            )
            continue
        if not speaks_for_event(speaker, people, resolver):
            counts.commentary += 1
            counts.dropped.append(_dropped(index, st.by, st.en, quote, speaker))
            continue
        if quote and len(_WORD.findall(quote)) < MIN_STATEMENT_WORDS:
            short = "the sentence is too short to be a statement"
            counts.dropped.append(_dropped(index, st.by, st.en, quote, speaker, short))
            continue
        if BOTH_SIDES.match(st.by) or (quote and both_sides_subject(quote, people, resolver)):
            # "Лідери обговорили..." credited to one leader is what both sides did.
            speaker = Name(as_written=st.by, canonical="both sides", kind="unknown")
        key = (speaker.canonical, tuple(sorted(set(st.sent))))
        if key in seen:
            continue  # the same sentences rendered twice for one speaker: the first rendering stands
        seen.add(key)
        reason = problem(st.sent, st.en, speaker, cites, resolver)
        statement = Statement(speaker=speaker, text_en=st.en, evidence=cites.evidence(st.sent), mismatch=reason)
        if statement.verified:
            counts.verified += 1
        else:
            counts.unverified += 1
            counts.notes.append(f"statement not verified: {reason}")
        kept.append(statement)
    return kept


def speaker_in_text(numbers: list[int], people: list[Name], cites: Citations, resolver: NameResolver) -> Name | None:
    """The speaker when the model named none: the one person of the event's sides that the cited
    sentences name, else (a continuation) that the sentence before them names; else None."""
    if cites.problem(numbers):
        return None
    first = min(numbers)
    for texts in ([cites.joined(numbers)], [cites.text(n) for n in (first - 1, first - 2) if n >= 1]):
        for text in texts:
            sides = {p for p in resolver.of_kind(resolver.mentions(text), "person")
                     if speaks_for_event(resolver.resolve(p, lang="en"), people, resolver)}
            if len(sides) == 1:
                return resolver.resolve(sides.pop(), lang="en")
            if sides:
                return None  # two of the sides named: whose words they are is not for code to guess
    return None


def _numbers(numbers: list[int]) -> str:
    return ", ".join(f"[{n}]" for n in numbers)


def problem(numbers: list[int], english: str, speaker: Name, cites: Citations, resolver: NameResolver) -> str:
    """Why a statement's English, credited to `speaker`, is not borne out by the cited sentences, or ''
    (the checks of verification; `summarizer eval` runs them again on the briefing's body)."""
    problem = cites.problem(numbers)
    if problem:
        return problem
    source = cites.joined(numbers)
    lang = cites.article.language
    return (
        _speaker_missing(numbers, speaker, cites, resolver)
        or mismatch(english, source)
        or not_english(english)
        or _names_missing(english, source, speaker, resolver)
        or too_short(english, source, lang)
    )


def _speaker_missing(numbers: list[int], speaker: Name, cites: Citations, resolver: NameResolver) -> str:
    """'' when the cited sentences name the speaker (or continue one that does), else why not."""
    if speaker.canonical == "both sides":
        return ""  # the sentence's subject is both sides: found in its words
    first = min(numbers)
    outside = _outside_quotation(cites, first)
    if outside is not None:
        # A quotation over several sentences: its speaker is named outside it ("...", – said X).
        if _names(outside, speaker, resolver):
            return ""
        if resolver.of_kind(resolver.mentions(outside), "person"):
            return f"the quotation the cited sentence is part of is credited to someone else, not {speaker.canonical}"
    if any(_names(cites.text(n), speaker, resolver) for n in numbers):
        return ""
    found = resolver.mentions(cites.joined(numbers))
    persons = resolver.of_kind(found, "person")
    if not persons - {speaker.canonical}:
        # The speaker's office instead of their name: "– зазначив головний рупор Кремля" of Peskov.
        home = resolver.affiliation(speaker.canonical)
        if home and any(resolver.affiliation(o) == home for o in resolver.of_kind(found, "organisation")):
            return ""
        # A continuation: the sentence names nobody else; the one before it, in the same paragraph
        # (or the paragraph's quote before it), names the speaker.
        for back in (first - 1, first - 2):
            if back >= 1 and cites.paras[back - 1] >= cites.paras[first - 1] - 1:
                if _names(cites.text(back), speaker, resolver):
                    return ""
                if resolver.of_kind(resolver.mentions(cites.text(back)), "person"):
                    break
    return f"the cited sentence does not name the speaker, {speaker.canonical}"


_QUOTATION = re.compile(r"«[^»]*»|„[^“”]*[“”]|“[^”]*”|\"[^\"]*\"")


def _outside_quotation(cites: Citations, n: int) -> str | None:
    """When sentence n lies inside a quotation that spans sentences of its paragraph, the paragraph's
    words outside that quotation (where its speaker is named); else None."""
    span, para = cites.spans[n - 1], cites.paras[n - 1]
    same = [s for s, p in zip(cites.spans, cites.paras, strict=True) if p == para]
    if len(same) < 2:
        return None
    start, end = same[0].start, same[-1].end
    text = cites.article.text
    for m in _QUOTATION.finditer(text, start, end):
        inside = m.start() <= span.start and span.end <= m.end() + 2
        if inside and not (m.start() >= span.start and m.end() <= span.end):
            return text[start : m.start()] + " " + text[m.end() : end]
    return None


def _names(sentence: str, speaker: Name, resolver: NameResolver) -> bool:
    """Does the sentence name the speaker: by an alias, or (an unknown name) by its own words?"""
    if speaker.kind != "unknown":
        return speaker.canonical in resolver.mentions(sentence)
    words = [t.norm for t in tokens(sentence)]
    own = [t.norm for t in tokens(speaker.as_written) if len(t.norm) > 2]
    return bool(own) and any(tokens_match(o, w) for o in own for w in words)


def _names_missing(english: str, source: str, speaker: Name, resolver: NameResolver) -> str:
    """The English names a known person the cited sentences do not name (nor is the speaker)."""
    named = resolver.of_kind(resolver.mentions(english), "person")
    extra = sorted(named - resolver.mentions(source) - {speaker.canonical})
    if extra:
        return f"the English names {', '.join(extra)}, whom the cited sentence does not"
    return ""


def _dropped(index: int, by: str, english: str, quote: str, speaker: Name, reason: str = "") -> DroppedStatement:
    if not reason and speaker.kind == "unknown":
        reason = f"speaker '{speaker.canonical}' is not a participant (commentary)"
    elif not reason:
        reason = f"speaker '{speaker.canonical}' is not a participant or from their country"
    return DroppedStatement(event_index=index, speaker=by, text_en=english, quote=quote, reason=reason)
