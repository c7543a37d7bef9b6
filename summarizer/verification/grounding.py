"""Grounding done by code: the sentences that report an event, and its date and format words.

A weak model often returns the date and format words translated into English; then code reads
the sentences of the article that report the event for them itself.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Literal, NamedTuple

from ..core.types import Article, EventDate, Evidence, Format, FormatClaim, Name, Span
from ..text.fold import flat_apostrophes
from ..text.segment import sentence_around
from .date_parse import classify, languages_for, search_day_months
from .dates import anchor_match, join_notes, resolve_date, weekday_spans
from .names import NameResolver, tokens, tokens_match

FORMAT_WORDS_FILE = Path(__file__).parent.parent / "data" / "format_words.json"
# The main event is reported in the lead: later sentences about the same people are often
# about their earlier meetings, so code looks for its date and format only this far.
LEAD_PARAGRAPHS = 3

_CLAUSE_BREAK = re.compile(
    r";|,\s+(?=(?:а|але|однак|проте|тоді\s+як|тогда\s+как|в\s+то\s+время\s+как|но|однако|"
    r"while|whereas|but)\s)",
    re.IGNORECASE,
)
_REPORTED = re.compile(
    r"^\s*(?:(?:про\s+це|об\s+этом|this\s+was|як\s+повідом|как\s+сообщ|as\s+reported)\b"
    r"|(?:це|это)\s+(?:\w+\s+){0,2}(?:повідом|заяв|розпов|підтверд|сообщ|рассказ|подтверд))",
    re.IGNORECASE,
)
_REPORT_VERB = re.compile(
    r"(?:повідомля[єю]|повідоми(?:в|ла|ли)|пише|передає|сообща[ею]т|сообщил[аи]?|пишет|"
    r"передает|reports?|reported|according\s+to|за\s+даними|по\s+данным)\s+(?P<who>[^,.;:!?]+)",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"\"[^\"]*\"|«[^»]*»|„[^“”]*[“”]|“[^”]*”")


# ------------------------------------------------------------------ date words

_DAY_WORDS = re.compile(
    r"(?<!\w)(?:сьогодні|вчора|учора|позавчора|сегодня|вчера|позавчера|today|yesterday)(?!\w)",
    re.IGNORECASE,
)


_MONTHS = (
    "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня "
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря "
    "january february march april may june july august september october november december"
).split()
_MONTH = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True))
_MONTH += r"|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?)"
_YEAR_TAIL = r"(?:,?\s+(?:19|20)\d\d(?:\s*(?:року|года|р\.|г\.))?)?"
# dateparser's search misses some plain dates ("Y talked to Z on 17 January"): a regex backs it.
_WRITTEN = re.compile(
    rf"(?<![\w.])(?:\d{{1,2}}\s+{_MONTH}{_YEAR_TAIL}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?{_YEAR_TAIL})(?![\w])",
    re.IGNORECASE,
)


class DateMention(NamedTuple):
    """A date expression found in a text; `clause` is where an anchored one's anchor begins."""

    start: int
    end: int
    kind: Literal["anchored", "written", "weekday", "relative"]
    clause: int | None = None


def find_date_mentions(text: str, lang: str) -> list[DateMention]:
    """Date expressions in one sentence, in order; adjacent ones ("у середу, 4 лютого") joined.

    An anchored mention runs to the end of the sentence, since its anchor event is named there;
    mentions from its `clause` offset on lie in the anchor clause and date the anchor event.
    """
    anchored: DateMention | None = None
    if (found_anchor := anchor_match(text)) is not None:
        anchored = DateMention(found_anchor[0], len(text), "anchored", found_anchor[1])
    langs = languages_for(text, lang)
    found: list[DateMention] = []
    pos = 0
    for phrase, _ in _search(text, tuple(langs)):
        at = text.find(phrase, pos)
        if at < 0:
            continue
        pos = at + len(phrase)
        if classify(phrase, langs)[0] in ("full", "day_month"):
            found.append(DateMention(at, pos, "written"))
    found += [
        DateMention(m.start(), m.end(), "written")
        for m in _WRITTEN.finditer(text)
        if classify(m.group(0), langs)[0] in ("full", "day_month")
    ]
    found += [DateMention(a, b, "weekday") for a, b in weekday_spans(text)]
    found += [DateMention(m.start(), m.end(), "relative") for m in _DAY_WORDS.finditer(text)]
    if anchored is not None:
        head = range(anchored.start, anchored.clause or anchored.start)
        found = [m for m in found if m.start not in head]
    merged: list[DateMention] = []
    for m in sorted(found):
        last = merged[-1] if merged else None
        if last and (m.start <= last.end or re.fullmatch(r"[\s,(]+", text[last.end : m.start])):
            kind = "written" if "written" in (last.kind, m.kind) else last.kind
            merged[-1] = DateMention(last.start, max(last.end, m.end), kind)
        else:
            merged.append(m)
    return sorted(merged + ([anchored] if anchored else []))


@lru_cache(maxsize=256)
def _search(text: str, langs: tuple[str, ...]) -> list[tuple[str, dt.datetime]]:
    return search_day_months(text, langs)


# ------------------------------------------------------------- reporting sentences


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
    for index, (span, para) in enumerate(sents):
        text = article.text[span.start : span.end]
        main = scope.unique is None
        if main and first_para is not None and para >= first_para + LEAD_PARAGRAPHS:
            break
        clauses = []
        for start, end, anchor_clause in clauses_of(text):
            # An anchor clause ("after Y talked to Z") is about another event unless it names
            # this one's own people; in the lead, a clause naming nobody is about the main event.
            unnamed_ok = main and first_para is not None and not anchor_clause
            if _about(text[start:end], scope, resolver, unnamed_ok):
                clauses.append((span.start + start, span.start + end))
        if clauses:
            first_para = para if first_para is None else first_para
            out.append(Report(index, span, clauses))
    return out


def lead_end(sents: list[tuple[Span, int]], reports: list[Report]) -> int | None:
    """Where the lead ends: LEAD_PARAGRAPHS paragraphs from the first reporting the event."""
    first = sents[reports[0].index][1] if reports else 0
    return next((span.start for span, para in sents if para >= first + LEAD_PARAGRAPHS), None)


def clauses_of(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_anchor_clause) parts of a sentence, split at "but"/"while" and anchors."""
    cuts = {m.start() for m in _CLAUSE_BREAK.finditer(text)}
    # Only the anchor is needed here: no date search (the costly part of find_date_mentions).
    found = anchor_match(text)
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


def date_from_reports(
    article: Article,
    reports: list[Report],
    anchors: dict[str, dt.date],
    resolver: NameResolver,
) -> tuple[EventDate | None, str]:
    """A date from the first reporting sentence with date words, or None and why not."""
    for rep in reports:
        sentence = article.text[rep.span.start : rep.span.end]
        mentions = [
            m
            for m in find_date_mentions(sentence, article.language)
            if any(a <= rep.span.start + m.start < b for a, b in rep.clauses)
        ]
        if not mentions:
            continue
        excerpt = _excerpt(sentence, mentions[0].start, mentions[0].end)
        found = [
            resolve_date(sentence[m.start : m.end], "", article, anchors=anchors, names=resolver)
            for m in mentions
        ]
        days = {(d.month, d.day) for d in found if d.month and d.day}
        if len(days) > 1:
            return None, f"the sentence gives several dates; none taken: '{excerpt}'"
        best = next((d for d in found if d.month and d.day), found[0])
        best.note = join_notes(best.note, f"date words found by code in: '{excerpt}'")
        return best, ""
    live = under_way(article, reports)
    if live is not None:
        return live, ""
    return None, "no date words in the sentences reporting the event"


# A live report: the event is going on as the article is written ("Путін і Сі проводять
# перемовини", "the talks are still under way"). With no date words at all, such an event is
# dated on the publication day. Habitual or planned uses ("regularly hold", "will hold") and
# past tenses do not match; Russian "проводить" is an infinitive, so Ukrainian and Russian
# forms are kept apart.
_UNDER_WAY = {
    "uk": r"проводять|веде|ведуть|триває|тривають|відбувається|відбуваються|розмовляють|спілкуються",
    "ru": r"проводят|проводит|ведут|ведет|ведёт|продолжается|продолжаются|идут|идет|идёт|проходят|"
    r"проходит|происходит|разговаривают|общаются",
    "en": r"(?:are|is)\s+(?:now\s+|still\s+)?(?:holding|having|speaking|talking|meeting)|under\s*way|"
    r"in\s+progress|(?:is|are)\s+(?:still\s+)?(?:ongoing|continuing)",
}
_UK_ONLY_SINGULAR = r"|проводить"  # Ukrainian 3rd person; the Russian infinitive is the same word
_NOT_NOW = re.compile(
    r"(?:регулярно|часто|зазвичай|обычно|щороку|ежегодно|щотижня|еженедельно|regularly|often|usually|"
    r"every\s+\w+|не\b|not\b|будуть|будут|will|планують|планируют|plan\s+to)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)


@lru_cache(maxsize=8)
def _under_way_pattern(lang: str) -> re.Pattern[str] | None:
    words = _UNDER_WAY.get(lang)
    if words is None:
        return None
    if lang == "uk":
        words += _UK_ONLY_SINGULAR
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)


def under_way(article: Article, reports: list[Report]) -> EventDate | None:
    """The publication date, when the first reporting sentence says the event is going on now."""
    rx = _under_way_pattern(article.language)
    if rx is None or article.published is None or not reports:
        return None
    rep = reports[0]
    for a, b in rep.clauses:
        for m in rx.finditer(article.text, a, b):
            if _NOT_NOW.search(article.text[max(a, m.start() - 40) : m.start()]):
                continue
            sentence = article.text[rep.span.start : rep.span.end]
            excerpt = _excerpt(sentence, m.start() - rep.span.start, m.end() - rep.span.start)
            day = article.published
            return EventDate(
                text=m.group(0),
                value=day,
                month=day.month,
                day=day.day,
                year_known=True,
                method="relative",
                note=f"reported as under way at publication ({day.isoformat()}): '{excerpt}'",
            )
    return None



# ------------------------------------------------------------------ format words


@lru_cache(maxsize=1)
def _format_lexicon() -> tuple[tuple[Format, bool, re.Pattern[str]], ...]:
    """(format, weak, pattern) per phrase of the data file."""
    data = json.loads(FORMAT_WORDS_FILE.read_text(encoding="utf-8"))
    out: list[tuple[Format, bool, re.Pattern[str]]] = []
    for weak, table in ((False, data["formats"]), (True, data.get("weak", {}))):
        for fmt, langs in table.items():
            for phrase in (p for ps in langs.values() for p in ps):
                out.append((fmt, weak, _phrase_pattern(phrase)))
    return tuple(out)


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    words = [
        re.escape(w[:-1]) + r"[\w'-]*" if w.endswith("*") else re.escape(w) for w in flat_apostrophes(phrase).split()
    ]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?![\w'])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _in_person_cues() -> tuple[re.Pattern[str], ...]:
    data = json.loads(FORMAT_WORDS_FILE.read_text(encoding="utf-8"))
    return tuple(_phrase_pattern(p) for ps in data.get("in_person_cues", {}).values() for p in ps)


# A clause about what came before the event: "До этого оба лидера провели серию телефонных
# переговоров, а ...". Its format words are the earlier events', not this one's.
_BACKGROUND = re.compile(
    r"^[\s,;]*(?:до\s+(?:этого|цього|того)|перед\s+(?:этим|цим|тим)|раніше|ранее|прежде|"
    r"before\s+that|earlier|previously)\b",
    re.IGNORECASE,
)


def _background(text: str, left: int, right: int) -> list[tuple[int, int]]:
    """Spans of the clauses of the sentence text[left:right] that tell what came before."""
    sentence = text[left:right]
    return [(left + a, left + b) for a, b, _ in clauses_of(sentence) if _BACKGROUND.match(sentence[a:b])]


def _not_background(
    hits: list[tuple[Format, bool, int, int]], text: str, left: int, right: int
) -> list[tuple[Format, bool, int, int]]:
    spans = _background(text, left, right)
    return [h for h in hits if not any(a <= h[2] < b for a, b in spans)]


def format_stated(text: str, start: int, end: int, fmt: Format) -> bool:
    """Does the sentence around text[start:end] (a located quote) state this format?

    A phone or video claim needs a phrase of that format; an in-person claim needs an in-person
    phrase or cue (a visit, a meeting, talks) and no phone or video phrase. A quote that says
    nothing about how the event was held ("expressed doubts about an early end of the conflict")
    supports no format, however exactly it was found.
    """
    sentence = sentence_around(text, start, end)
    left, right = sentence.start, sentence.end
    hits = _not_background(format_hits(text, left, right), text, left, right)
    if fmt in ("phone", "video"):
        return any(h[0] == fmt and not h[1] for h in hits)
    if fmt == "in_person":
        if any(h[0] in ("phone", "video") for h in hits):
            return False
        flat = flat_apostrophes(text)
        return any(h[0] == "in_person" for h in hits) or any(rx.search(flat, left, right) for rx in _in_person_cues())
    return False


def format_hits(text: str, start: int, end: int) -> list[tuple[Format, bool, int, int]]:
    flat = flat_apostrophes(text)  # same length: offsets stay valid
    hits = []
    for fmt, weak, rx in _format_lexicon():
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
    in_sentences = [format_hits(article.text, rep.span.start, rep.span.end) for rep in reports]
    for rep, found in zip(reports, in_sentences, strict=True):
        hits = [h for h in found if any(a <= h[2] < b for a, b in rep.clauses)]
        hits = _not_background(hits, article.text, rep.span.start, rep.span.end)
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
_MEETING_WORDS = r"зустр[іi]\w*|встреч\w*|встрет\w*|met|meeting|meetings"
_VISIT_WORDS = r"візит\w*|визит\w*|visit\w*|побува\w*|побыва\w*|прибу\w*|прибы\w*|приїха\w*|приеха\w*|arrived"
MEETING = re.compile(rf"(?<!\w)(?:{_MEETING_WORDS})(?!\w)", re.IGNORECASE)
VISIT = re.compile(rf"(?<!\w)(?:{_VISIT_WORDS})(?!\w)", re.IGNORECASE)
_MET = re.compile(rf"(?<!\w)(?:{_MEETING_WORDS}|{_VISIT_WORDS})(?!\w)", re.IGNORECASE)


def _met_in_person(
    article: Article, sents: list[tuple[Span, int]], reports: list[Report], scope: Scope, resolver: NameResolver
) -> list[FormatClaim]:
    """One in-person claim from the first meeting or visit word in the event's reporting clauses
    (the caller has seen no phone or video word in any of its sentences)."""
    for rep in reports:
        spans = _background(article.text, rep.span.start, rep.span.end)
        for a, b in rep.clauses:
            for m in _MET.finditer(article.text, a, b):
                if any(x <= m.start() < y for x, y in spans):
                    continue
                source = _attribution(article, sents, rep.index, scope, resolver)
                span = Span(start=m.start(), end=m.end())
                evidence = Evidence(quote=m.group(0), span=span, score=100.0)
                return [FormatClaim(format="in_person", source=source, evidence=evidence)]
    return []


def _attribution(
    article: Article, sents: list[tuple[Span, int]], index: int, scope: Scope, resolver: NameResolver
) -> str:
    """Who the sentence, or a "reported by" sentence right after it, attributes its report to."""
    span = sents[index][0]
    who = _named_source(article.text[span.start : span.end], scope, resolver)
    if not who and index + 1 < len(sents):
        nxt = sents[index + 1][0]
        text = article.text[nxt.start : nxt.end]
        if _REPORTED.match(text):
            who = _named_source(text, scope, resolver)
    return who


def _named_source(text: str, scope: Scope, resolver: NameResolver) -> str:
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
    m = _REPORT_VERB.search(text)
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
