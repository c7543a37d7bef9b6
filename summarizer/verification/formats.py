"""Format words: does a sentence state how an event was held (phone, video, in person), and which
formats do the sentences reporting an event give?"""

from __future__ import annotations

import re
from functools import lru_cache

from ..core.types import Article, Evidence, Format, FormatClaim, Span
from ..lang import pattern, phrase_bodies, word_pattern, words
from ..text.fold import flat_apostrophes
from ..text.segment import sentence_around
from .citations import Citations
from .names import NameResolver
from .proposal import Proposal
from .reports import _QUOTED, Report, Scope, _attribution, clauses_of

# A `*` in a format phrase takes hyphens and apostrophes too ("відеозв'язок", "онлайн-розмову").
_TAIL = r"[\w'-]*"
_END = r"(?![\w'])"

# ------------------------------------------------------------------ format words


@lru_cache(maxsize=32)
def _format_lexicon(lang: str | None = None) -> tuple[tuple[Format, bool, re.Pattern[str]], ...]:
    """(format, weak, pattern) per phrase of the language packs that apply to `lang` (None: all)."""
    out: list[tuple[Format, bool, re.Pattern[str]]] = []
    table: tuple[tuple[Format, bool, str], ...] = (
        ("phone", False, "formats.phone"),
        ("video", False, "formats.video"),
        ("in_person", False, "formats.in_person"),
        ("in_person", True, "formats.weak_in_person"),
    )
    for fmt, weak, path in table:
        for phrase in words(lang, path):
            rx = word_pattern([phrase], tail=_TAIL, end=_END)
            if rx is not None:
                out.append((fmt, weak, rx))
    return tuple(out)


@lru_cache(maxsize=32)
def _in_person_cues(lang: str | None = None) -> tuple[re.Pattern[str], ...]:
    found = (word_pattern([p], tail=_TAIL, end=_END) for p in words(lang, "formats.in_person_cues"))
    return tuple(rx for rx in found if rx is not None)


@lru_cache(maxsize=32)
def background_opening(lang: str | None) -> re.Pattern[str] | None:
    """A clause about what came before the event: "До этого оба лидера провели серию телефонных
    переговоров, а ...". Its format words are the earlier events', not this one's."""
    bodies = phrase_bodies(words(lang, "reports.background"))
    if not bodies:
        return None
    return re.compile(r"^[\s,;，；]*(?:" + "|".join(b for _, b in bodies) + r")(?!\w)", re.IGNORECASE)


def _background(text: str, left: int, right: int, lang: str | None = None) -> list[tuple[int, int]]:
    """Spans of the clauses of the sentence text[left:right] that tell what came before."""
    rx = background_opening(lang)
    if rx is None:
        return []
    sentence = text[left:right]
    return [(left + a, left + b) for a, b, _ in clauses_of(sentence, lang) if rx.match(sentence[a:b])]


def _planned(text: str, left: int, right: int, lang: str | None = None) -> list[tuple[int, int]]:
    """Spans of the clauses of the sentence text[left:right] about a meeting or visit still to come
    ("Trump wird Xi ... beim Gipfel ... treffen", "ses équipes ... se rencontreraient", "прийняв
    запрошення Сі відвідати Пекін"): their meeting words tell how a later event is to be held, not
    how this one was."""
    rx = pattern(lang, "reports.plan_words")  # mentioned.plan_words (which imports this module)
    if rx is None:
        return []
    sentence = text[left:right]
    flat = flat_apostrophes(sentence)  # the sentence's, not the article's: same offsets
    return [(left + a, left + b) for a, b, _ in clauses_of(sentence, lang) if rx.search(flat, a, b)]


def _not_background(
    hits: list[tuple[Format, bool, int, int]], text: str, left: int, right: int, lang: str | None = None
) -> list[tuple[Format, bool, int, int]]:
    """The hits outside clauses about what came before, and in-person hits outside clauses about what
    is still to come."""
    spans = _background(text, left, right, lang)
    planned = _planned(text, left, right, lang)
    return [
        h
        for h in hits
        if not any(a <= h[2] < b for a, b in spans)
        and not (h[0] == "in_person" and any(a <= h[2] < b for a, b in planned))
    ]


def format_stated(text: str, start: int, end: int, fmt: Format, lang: str | None = None) -> bool:
    """Does the sentence around text[start:end] (a located quote) state this format?

    A phone or video claim needs a phrase of that format; an in-person claim needs an in-person
    phrase or cue (a visit, a meeting, talks) and no phone or video phrase. A quote that says
    nothing about how the event was held ("expressed doubts about an early end of the conflict")
    supports no format, however exactly it was found.
    """
    sentence = sentence_around(text, start, end)
    left, right = sentence.start, sentence.end
    hits = _not_background(format_hits(text, left, right, lang), text, left, right, lang)
    if fmt in ("phone", "video"):
        return any(h[0] == fmt and not h[1] for h in hits)
    if fmt == "in_person":
        if any(h[0] in ("phone", "video") for h in hits):
            return False
        flat = flat_apostrophes(text)
        planned = _planned(text, left, right, lang)
        return any(h[0] == "in_person" for h in hits) or any(
            not any(a <= m.start() < b for a, b in planned)
            for rx in _in_person_cues(lang)
            for m in rx.finditer(flat, left, right)
        )
    return False


def format_hits(text: str, start: int, end: int, lang: str | None = None) -> list[tuple[Format, bool, int, int]]:
    """(format, weak, start, end) of the format words in text[start:end], words of `lang`'s packs (None: all)."""
    flat = flat_apostrophes(text)  # same length: offsets stay valid
    hits = []
    for fmt, weak, rx in _format_lexicon(lang):
        hits += [(fmt, weak, m.start(), m.end()) for m in rx.finditer(flat, start, end)]
    # One claim per stretch of words: "телефонну розмову" is not two phone claims.
    hits.sort(key=lambda h: (h[2], -h[3]))
    kept: list[tuple[Format, bool, int, int]] = []
    for h in hits:
        if not kept or h[2] >= kept[-1][3]:
            kept.append(h)
    return kept


def formats_from_reports(
    article: Article,
    sents: list[tuple[Span, int]],
    reports: list[Report],
    scope: Scope,
    resolver: NameResolver,
) -> list[FormatClaim]:
    """Format claims from the lexicon's words in the sentences reporting the event."""
    claims: list[FormatClaim] = []
    seen: set[tuple[str, str]] = set()
    lang = article.language
    in_sentences = [format_hits(article.text, rep.span.start, rep.span.end, lang) for rep in reports]
    for rep, found in zip(reports, in_sentences, strict=True):
        hits = [h for h in found if any(a <= h[2] < b for a, b in rep.clauses)]
        hits = _not_background(hits, article.text, rep.span.start, rep.span.end, lang)
        strong = [h for h in hits if not h[1]]
        hits = strong or hits
        sentence = article.text[rep.span.start : rep.span.end]
        quotes = [(rep.span.start + m.start(), rep.span.start + m.end()) for m in _QUOTED.finditer(sentence)]
        quoted = {h[0] for h in hits if any(a <= h[2] < b for a, b in quotes)}
        for fmt, _weak, start, end in hits:
            inside = any(a <= start < b for a, b in quotes)
            # Words outside the quote, when the quoted source says otherwise, are the outlet's.
            own_words = not inside and bool(quoted - {fmt})
            source = "" if own_words else _attribution(article, sents, rep.index, scope, resolver)
            if (fmt, source) in seen:
                continue
            seen.add((fmt, source))
            span = Span(start=start, end=end)
            quote = article.text[start:end]
            claims.append(
                FormatClaim(format=fmt, source=source, evidence=Evidence(quote=quote, span=span, score=100.0))
            )
    if claims or any(in_sentences):
        return claims
    return _met_in_person(article, sents, reports, scope, resolver)


# Words for a meeting and for a visit (an arrival too). With nothing in the reporting sentences
# that says phone or video, either means in person. Talks ("переговори") are not among them:
# outlets and the Kremlin say it of phone calls too.


@lru_cache(maxsize=32)
def meeting_words(lang: str | None = None) -> re.Pattern[str] | None:
    """Words for a meeting in `lang`'s packs (None: all)."""
    return pattern(lang, "formats.meeting")


@lru_cache(maxsize=32)
def visit_words(lang: str | None = None) -> re.Pattern[str] | None:
    """Words for a visit or an arrival in `lang`'s packs (None: all)."""
    return pattern(lang, "formats.visit")


@lru_cache(maxsize=32)
def _met(lang: str | None) -> re.Pattern[str] | None:
    return word_pattern([*words(lang, "formats.meeting"), *words(lang, "formats.visit")])


_NEVER = re.compile(r"(?!)")
MEETING = meeting_words() or _NEVER
VISIT = visit_words() or _NEVER


def _met_in_person(
    article: Article, sents: list[tuple[Span, int]], reports: list[Report], scope: Scope, resolver: NameResolver
) -> list[FormatClaim]:
    """One in-person claim from the first meeting or visit word in the event's reporting clauses
    (the caller has seen no phone or video word in any of its sentences)."""
    met = _met(article.language)
    if met is None:
        return []
    for rep in reports:
        spans = _background(article.text, rep.span.start, rep.span.end, article.language)
        spans += _planned(article.text, rep.span.start, rep.span.end, article.language)
        for a, b in rep.clauses:
            for m in met.finditer(article.text, a, b):
                if any(x <= m.start() < y for x, y in spans):
                    continue
                source = _attribution(article, sents, rep.index, scope, resolver)
                span = Span(start=m.start(), end=m.end())
                evidence = Evidence(quote=m.group(0), span=span, score=100.0)
                return [FormatClaim(format="in_person", source=source, evidence=evidence)]
    return []




def check_formats(proposal: Proposal, scope: Scope, cites: Citations, resolver: NameResolver) -> list[FormatClaim]:
    """The proposal's format claims: each counts when its sentence exists and states the format.

    A model's claim cites a sentence; its evidence is the format words in it (or the sentence when it
    has none, and then the claim does not count). An event code found carries the words themselves.
    The source is who the article attributes the sentence to (a named official, an agency).
    """
    article = cites.article
    sents = list(zip(cites.spans, cites.paras, strict=True))
    claims: list[FormatClaim] = []
    for claim in proposal.formats:
        if claim.words is not None:
            span = claim.words
            n = cites.number_at(span.start)
        else:
            n = claim.sentence
            if cites.problem([n]):
                claims.append(FormatClaim(format=claim.format, evidence=cites.evidence([n]), stated=False))
                continue
            span = cites.spans[n - 1]
        stated = format_stated(article.text, span.start, span.end, claim.format, article.language)
        found = [h for h in format_hits(article.text, span.start, span.end, article.language) if h[0] == claim.format]
        if claim.words is None and found:
            span = Span(start=found[0][2], end=found[0][3])
        source = _attribution(article, sents, n - 1, scope, resolver) if n else ""
        evidence = Evidence(
            quote=article.text[span.start : span.end], span=span, score=100.0, sentences=[n] if n else []
        )
        claims.append(FormatClaim(format=claim.format, source=source, evidence=evidence, stated=stated))
    return claims
