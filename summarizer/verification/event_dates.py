"""The date words of an event, found by code in the sentences that report it."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from itertools import pairwise
from typing import Literal, NamedTuple

from ..core.types import Article, EventDate, Name
from ..lang import pack, pattern, phrase_bodies, word_pattern, words
from ..text.fold import flat_apostrophes, normalise_text
from ..text.segment import sentence_around
from .citations import Citations
from .date_parse import classify, digit_forms, languages_for, month_alternation, search_day_months
from .dates import anchor_match, day_only_pattern, join_notes, resolve_date, weekday_spans
from .names import NameResolver
from .proposal import Proposal
from .quotes import locate
from .reports import Report, _excerpt, clauses_of, lead_end

# ------------------------------------------------------------------ date words

@lru_cache(maxsize=32)
def _written_pattern(lang: str | None) -> re.Pattern[str] | None:
    """Dates written with a month's name ("17 January", "January 17th", "21. Januar", "1er février") or
    in digits by a pack's form ("2025年1月21日"): dateparser's search misses some plain dates ("Y talked
    to Z on 17 January"), so a regex backs it."""
    month = month_alternation(lang)
    parts = []
    if month:
        years = _alt(lang, "dates.year_words")
        year_tail = rf"(?:,?\s+(?:19|20)\d\d(?:\s*(?:{years}))?)?" if years else r"(?:,?\s+(?:19|20)\d\d)?"
        suffix = _alt(lang, "dates.day_suffixes")
        day = rf"\d{{1,2}}(?:{suffix})?" if suffix else r"\d{1,2}"
        parts += [rf"{day}\.?\s+{month}{year_tail}", rf"{month}\s+{day}{year_tail}"]
    parts += [re.sub(r"\(\?P<\w>", "(?:", form) for form in digit_forms(lang)]
    if not parts:
        return None
    return re.compile(rf"(?<![\w.])(?:{'|'.join(parts)})(?![\w])", re.IGNORECASE)


def _alt(lang: str | None, path: str) -> str:
    return "|".join(b for _, b in phrase_bodies(words(lang, path)))


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
    if (found_anchor := anchor_match(text, lang)) is not None:
        anchored = DateMention(found_anchor[0], len(text), "anchored", found_anchor[1])
    langs = languages_for(text, lang)
    written = _written_pattern(lang)
    found = [
        DateMention(m.start(), m.end(), "written")
        for m in (written.finditer(text) if written else ())
        if classify(m.group(0), langs)[0] in ("full", "day_month")
    ]
    # dateparser's search where the regex found nothing: its phrase may run past a written date
    # into words it reads as a day ("24 февраля во второй половине дня": "февраля во второй", the
    # 2nd), so a date the regex reads stands as the regex reads it.
    exact = list(found)
    pos = 0
    for phrase, _ in _search(text, tuple(langs)):
        at = text.find(phrase, pos)
        if at < 0:
            continue
        pos = at + len(phrase)
        if any(w.start < pos and at < w.end for w in exact):
            continue
        if classify(phrase, langs)[0] in ("full", "day_month"):
            found.append(DateMention(at, pos, "written"))
    found += [DateMention(a, b, "weekday") for a, b in weekday_spans(text, lang)]
    day_only = day_only_pattern(lang)
    found += [DateMention(m.start(), m.end(), "relative") for m in (day_only.finditer(text) if day_only else ())]
    day_words = pattern(lang, "dates.day_words")
    found += [DateMention(m.start(), m.end(), "relative") for m in (day_words.finditer(text) if day_words else ())]
    if anchored is not None:
        head = range(anchored.start, anchored.clause or anchored.start)
        found = [m for m in found if m.start not in head]
    # A dispatch's date ("据新华社5月20日消息，当地时间5月19日，...") gives way to another date.
    dispatch = _dispatch_words(lang)
    if dispatch is not None:
        own = [m for m in found if not dispatch.match(text, m.end)]
        if own and len(own) < len(found) and any(m.kind == "written" for m in own):
            found = own
    merged: list[DateMention] = []
    for m in sorted(found):
        last = merged[-1] if merged else None
        if last and (m.start <= last.end or re.fullmatch(r"[\s,(]+", text[last.end : m.start])):
            kind = "written" if "written" in (last.kind, m.kind) else last.kind
            merged[-1] = DateMention(last.start, max(last.end, m.end), kind)
        else:
            merged.append(m)
    return sorted(merged + ([anchored] if anchored else []))


@lru_cache(maxsize=32)
def _dispatch_words(lang: str | None) -> re.Pattern[str] | None:
    alt = _alt(lang, "dates.dispatch")
    return re.compile(rf"\s*(?:{alt})") if alt else None


@lru_cache(maxsize=256)
def _search(text: str, langs: tuple[str, ...]) -> list[tuple[str, dt.datetime]]:
    return search_day_months(text, langs)



def date_from_reports(
    article: Article,
    reports: list[Report],
    anchors: dict[str, dt.date],
    resolver: NameResolver,
    main: bool = False,
) -> tuple[EventDate | None, str]:
    """A date from the first reporting sentence with date words, or None and why not. A main event's
    date is none of the earlier times its people met or spoke, which its lead recalls."""
    for rep in reports:
        sentence = article.text[rep.span.start : rep.span.end]
        earlier = _earlier_clauses(sentence, article.language) if main else []
        mentions = [
            m
            for m in find_date_mentions(sentence, article.language)
            if any(a <= rep.span.start + m.start < b for a, b in rep.clauses)
            and not any(a <= m.start < b for a, b in earlier)
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
# past tenses do not match. Verb forms are the language's own (Russian "проводить" is an
# infinitive, Ukrainian "проводить" a present tense): only the article's own pack is read.


@lru_cache(maxsize=32)
def _under_way_pattern(lang: str) -> re.Pattern[str] | None:
    return word_pattern(pack(lang).dates.under_way)


@lru_cache(maxsize=32)
def _not_now_pattern(lang: str) -> re.Pattern[str] | None:
    bodies = [b.replace(r"\*", r"\w+") for _, b in phrase_bodies(words(lang, "dates.not_now"))]
    if not bodies:
        return None
    return re.compile(rf"(?<!\w)(?:{'|'.join(bodies)})(?!\w)\s*(?:\w+\s+)?$", re.IGNORECASE)


def under_way(article: Article, reports: list[Report]) -> EventDate | None:
    """The publication date, when the first reporting sentence says the event is going on now."""
    rx = _under_way_pattern(article.language)
    if rx is None or article.published is None or not reports:
        return None
    rep = reports[0]
    for a, b in rep.clauses:
        for m in rx.finditer(article.text, a, b):
            not_now = _not_now_pattern(article.language)
            if not_now is not None and not_now.search(article.text[max(a, m.start() - 40) : m.start()]):
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





# ------------------------------------------------------------- the date of each event


def dates_of_events(
    article: Article,
    proposals: list[Proposal],
    participants: list[list[Name]],
    reports: list[list[Report]],
    resolver: NameResolver,
    cites: Citations,
) -> list[EventDate]:
    """Dates of every event; the main event is resolved last so it can be anchored to others."""
    sents = list(zip(cites.spans, cites.paras, strict=True))
    words = [date_words(article, p, reports[i], cites) for i, p in enumerate(proposals)]
    dates: dict[int, EventDate] = {}
    order = [i for i, p in enumerate(proposals) if not p.main] + [i for i, p in enumerate(proposals) if p.main]
    for i in order:
        anchors = _anchors(i, article, participants, dates)
        limit = lead_end(article.text, sents, reports[i], article.language) if proposals[i].main else None
        dates[i] = _event_date(article, words[i], reports[i], anchors, resolver, limit, proposals[i].main)
    # A side event dated relative to the main one ("the day before the call") gets a second try.
    for i in order:
        if dates[i].value is None and not proposals[i].main:
            anchors = _anchors(i, article, participants, dates)
            if anchors:
                retry = _event_date(article, words[i], reports[i], anchors, resolver)
                if retry.value is not None and retry.method == "anchored":
                    dates[i] = retry
    return [dates[i] for i in range(len(proposals))]


def date_words(article: Article, proposal: Proposal, reports: list[Report], cites: Citations) -> tuple[str, str]:
    """(date words, note): code's own words for an event it found; for the model's, the date words of
    the sentence it cites, in the clauses about the event when that sentence reports it."""
    if proposal.by_code or not proposal.date_sentence:
        return proposal.date_text, ""
    n = proposal.date_sentence
    problem = cites.problem([n])
    if problem:
        return "", f"the date {problem}"
    span = cites.spans[n - 1]
    sentence = cites.text(n)
    found = find_date_mentions(sentence, article.language)
    # Date words inside an anchor clause ("4 days after X talked to Y on 17 January") date the
    # anchor event; the anchored mention itself dates this one.
    anchor_clauses = [(m.clause, m.end) for m in found if m.kind == "anchored" and m.clause is not None]
    mentions = [m for m in found if m.kind == "anchored" or not any(a <= m.start < b for a, b in anchor_clauses)]
    own = [r for r in reports if r.span == span]
    if own:
        inside = [m for m in mentions if any(a <= span.start + m.start < b for a, b in own[0].clauses)]
        mentions = inside or mentions
    if not mentions:
        return "", f"the sentence the model cites for the date, [{n}], has no date words"
    first = mentions[0]
    return sentence[first.start : first.end], ""


def _event_date(
    article: Article,
    words: tuple[str, str],
    reports: list[Report],
    anchors: dict[str, dt.date],
    resolver: NameResolver,
    lead_limit: int | None = None,
    main: bool = False,
) -> EventDate:
    """The cited date words resolved; when they do not date this event, code finds its own.

    A main event's date words must stand in the lead (before `lead_limit`): later paragraphs
    recall earlier meetings of the same people, and a model often dates the event by one of them.
    """
    text, why_not = words
    own = resolve_date(text, "", article, anchors=anchors, names=resolver)
    if why_not:
        own.note = join_notes(own.note, why_not)
    lost = not text.strip() or "not found" in own.note
    if not lost and _dates_another_event(text, article.text, article.language):
        lost = True
        own = EventDate(text=text, note="the cited date words date another event ('after ...')")
    if not lost and main and _dates_earlier_time(text, article.text, article.language):
        lost = True
        own = EventDate(text=text, note="the cited date words date an earlier time ('last spoke on ...')")
    if not lost and lead_limit is not None and (at := locate(text, article.text).span) is not None:
        if at.start >= lead_limit:
            lost = True
            own = EventDate(
                text=text,
                note="the cited date words stand past the lead, where articles recall earlier events; not used",
            )
    if not lost and (own.value or own.month or own.note != "no date in the expression"):
        return own
    found, why = date_from_reports(article, reports, anchors, resolver, main)
    if found is None:
        own.note = join_notes(own.note, why)
        return own
    if text.strip():
        found.note = join_notes(found.note, f"cited date words '{text.strip()}' unused")
    if why_not:
        found.note = join_notes(why_not, found.note)
    return found


# "after Sunday's meeting", "на следующий день после": words right before the date expression that
# make it the date of another event, not of this one.


@lru_cache(maxsize=32)
def _other_event(lang: str | None) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    alt = _alt(lang, "dates.other_event")
    if not alt:
        return None
    return (
        re.compile(rf"(?<!\w)(?:{alt})\s+(?:\w+\s+){{0,2}}$", re.IGNORECASE),
        re.compile(rf"\s*(?:{alt})\b", re.IGNORECASE),
    )


def _dates_another_event(date_text: str, text: str, lang: str | None = None) -> bool:
    """Do the date words stand in an 'after X' / 'before X' phrase about another event?"""
    rx = _other_event(lang)
    if rx is None:
        return False
    other_event, other_event_start = rx
    if other_event_start.match(date_text):  # "після недільної зустрічі ..." (no "N days" before it)
        return True
    ev = locate(date_text, text)
    if ev.span is None:
        return False
    before = text[max(0, ev.span.start - 40) : ev.span.start]
    return bool(other_event.search(before))


# "Les deux hommes avaient échangé pour la dernière fois le 17 janvier", "востаннє вони говорили
# 12 лютого": a date in a clause about the last time the same people met or spoke is that earlier
# event's, wherever the words stand in the clause.


_PIECE_BREAK = re.compile(r"[,;，；、]")


def _earlier_clauses(sentence: str, lang: str | None) -> list[tuple[int, int]]:
    """Spans of the sentence's clauses, cut further at commas, about an earlier time the people met
    or spoke ("2025年6月5日晚,...通話,距1月17日通話近5個月": only the last piece is the earlier call's)."""
    rx = pattern(lang, "dates.earlier")
    if rx is None:
        return []
    flat = flat_apostrophes(sentence)
    pieces: list[tuple[int, int]] = []
    for a, b, _ in clauses_of(sentence, lang):
        cuts = sorted({a, b, *(m.end() for m in _PIECE_BREAK.finditer(sentence, a, b))})
        pieces += list(pairwise(cuts))
    return [(a, b) for a, b in pieces if rx.search(flat, a, b)]


def _dates_earlier_time(date_text: str, text: str, lang: str | None = None) -> bool:
    """Do the date words stand in a clause about the last time the people met or spoke?"""
    ev = locate(date_text, text)
    if ev.span is None:
        return False
    sentence = sentence_around(text, ev.span.start, ev.span.end)
    at = ev.span.start - sentence.start
    spans = _earlier_clauses(text[sentence.start : sentence.end], lang)
    return any(a <= at < b for a, b in spans)


def _anchors(
    own: int,
    article: Article,
    participants: list[list[Name]],
    dates: dict[int, EventDate],
) -> dict[str, dt.date]:
    """Participant names and date expressions of the other dated events, mapped to their dates.

    A key that points at two different dates (a person in two events) says nothing and is left out.
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
