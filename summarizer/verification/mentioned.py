"""Calls, meetings and visits mentioned in passing, found by code when the model leaves them out.

A small model extracts the event an article is about and seldom the others it recalls ("17 січня
Дональд Трамп і голова Китаю Сі Цзіньпін провели телефонну розмову"). Those events matter: a
reader wants them listed and linked, and a reconciler that never sees them cannot keep them apart.
A clause is taken for another event when it has all of:

- a word for a call, meeting, talks, summit or visit, and no word of a plan ("планує зустрітися");
- date words of its own (a written date, a weekday, "yesterday");
- two people from the alias table, or one person and a country they visited;
- people other than the main event's, or, for the same people, a date other than the main
  event's (the earlier call of the same two leaders); a country stands for its people;
- a place past the headline and the lead, unless it is an anchor clause ("after the call with X").

What is found goes through verification like the model's own side events (its date words are
resolved, its format read from the lexicon), so nothing here is trusted more than the model is.

`lead_people` tells verification whom the headline and lead name as taking part in an event, to
check the model's people for the main event against.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..core.types import Article, EventDate, EventKind, Format, Span
from ..lang import pattern
from .dates import resolve_date
from .event_dates import DateMention, find_date_mentions
from .formats import format_hits, meeting_words, visit_words
from .names import NameResolver
from .proposal import ClaimedFormat, Proposal
from .reports import clauses_of, past_lead

_NEVER = re.compile(r"(?!)")


@lru_cache(maxsize=32)
def event_words(lang: str | None = None) -> re.Pattern[str]:
    """Words for a call, meeting, talks, summit or visit, of `lang`'s packs (None: all)."""
    return pattern(lang, "reports.event_words") or _NEVER


@lru_cache(maxsize=32)
def plan_words(lang: str | None = None) -> re.Pattern[str]:
    """Plans and expectations: "планує зустрітися", "will meet", "the coming summit"."""
    return pattern(lang, "reports.plan_words") or _NEVER


# Every pack's words, for text in any language (statements.py asks of a sentence).
EVENT_WORDS = event_words()
_PLANNED = plan_words()
def mentioned_events(
    article: Article,
    sents: list[tuple[Span, int]],
    main: list[tuple[set[str], EventDate]],
    known: list[tuple[set[str], EventDate]],
    resolver: NameResolver,
    room: int,
) -> list[tuple[Proposal, str]]:
    """Up to `room` events the article mentions that neither `main` nor `known` already hold, each
    with the clause it was found in.

    `main` and `known` give the canonical participants and the date of the article's main events
    and of the side events already extracted.
    """
    found: list[tuple[Proposal, str]] = []
    taken = list(known)
    lang = article.language
    lead = past_lead(sents, lang)
    events, planned = event_words(lang), plan_words(lang)
    for span, para in sents:
        sentence = article.text[span.start : span.end]
        if not events.search(sentence) or not _participants(sentence, resolver, lang):
            continue  # cheap tests first: the date search is the costly part
        mentions: list[DateMention] | None = None
        for start, end, anchor in clauses_of(sentence, lang):
            if para < lead and not anchor:
                continue  # the headline and the lead report the article's own event
            clause = sentence[start:end]
            people = _participants(clause, resolver, lang) if events.search(clause) else set()
            if not people:
                continue
            if mentions is None:
                mentions = [m for m in find_date_mentions(sentence, article.language) if m.kind != "anchored"]
            words = [m for m in mentions if start <= m.start < end]
            if len(words) != 1:
                continue  # no date of its own, or two dates: not one dated event
            date_text = sentence[words[0].start : words[0].end]
            date = resolve_date(date_text, "", article, names=resolver)
            if date.month is None or date.day is None or planned.search(clause):
                continue  # no day, or an event still to come
            if any(_overlaps(people, p, resolver) and _near(date, d) for p, d in main + taken):
                continue  # the main event itself in other words, or a side event already held
            taken.append((people, date))
            kind, formats = _kind(article, span.start + start, span.start + end, clause)
            clause_span = Span(start=span.start + start, end=span.start + end)
            event = Proposal(
                kind=kind,
                main=False,
                who=sorted(people),
                date_text=date_text,
                # The clause is the evidence: verification checks its sentence states the format.
                formats=[ClaimedFormat(format=f, words=clause_span) for f in formats],
                by_code=True,
            )
            found.append((event, clause.strip()))
            if len(found) >= room:
                return found
    return found


def _participants(clause: str, resolver: NameResolver, lang: str | None = None) -> set[str]:
    """Two or more people, or one person and a country they visited; else nobody."""
    names = resolver.mentions(clause)
    persons = resolver.of_kind(names, "person")
    if len(persons) >= 2:
        return persons
    visit = visit_words(lang)
    if len(persons) == 1 and visit is not None and visit.search(clause):
        (person,) = persons
        abroad = resolver.of_kind(names, "country") - {resolver.affiliation(person)}
        if len(abroad) == 1:
            return persons | abroad
    return set()


def _overlaps(people: set[str], other: set[str], resolver: NameResolver) -> bool:
    """The same event's people, as far as a clause shows: one side holds the other, or two shared.

    A country stands for its people: Zelensky's visit to Italy is his meeting with Meloni.
    """
    a = people | {p for p in other if resolver.affiliation(p) in people}
    b = other | {p for p in people if resolver.affiliation(p) in other}
    return a <= b or b <= a or len(a & b) >= 2


def _near(date: EventDate, other: EventDate) -> bool:
    """The same day, or the other is undated (it might be this one).

    Both dates come from the same article and the same publication date, so a day apart is two
    days (the calls of 11 and 12 October), not the one-day slop of two articles' "today".
    """
    if other.month is None or other.day is None:
        return True
    if date.value is not None and other.value is not None:
        # Words that disagree with themselves ("во вторник, 8 октября" when Tuesday was the 7th)
        # may mean either day: either reading is enough.
        days = {date.value, *(r.value for r in date.also)}
        return bool(days & {other.value, *(r.value for r in other.also)})
    return (date.month, date.day) == (other.month, other.day)


def _kind(article: Article, start: int, end: int, clause: str) -> tuple[EventKind, list[Format]]:
    """The kind of event the clause names, and the formats its own words give."""
    lang = article.language
    formats = {h[0] for h in format_hits(article.text, start, end, lang) if not h[1]}
    remote = sorted(formats & {"phone", "video"})
    if remote:
        return "call", remote
    in_person: list[Format] = ["in_person"]
    meeting, visit = meeting_words(lang), visit_words(lang)
    if (meeting is not None and meeting.search(clause)) or "in_person" in formats:
        return "meeting", in_person
    if visit is not None and visit.search(clause):
        return "visit", in_person
    return "talks", []


def lead_people(article: Article, sents: list[tuple[Span, int]], resolver: NameResolver) -> tuple[set[str], set[str]]:
    """People the headline and lead name as taking part in an event, and those named there only
    in an anchor clause ("4 дні після того, як китайський лідер поговорив ... з Трампом").

    The first are the article's own event's people; the second took part in the event it is
    dated by, not in this one.
    """
    own: set[str] = set()
    anchored: set[str] = set()
    lead = past_lead(sents, article.language)
    for span, para in sents:
        if para >= lead:
            break
        sentence = article.text[span.start : span.end]
        if not event_words(article.language).search(sentence):
            continue
        for start, end, anchor in clauses_of(sentence, article.language):
            persons = resolver.of_kind(resolver.mentions(sentence[start:end]), "person")
            (anchored if anchor else own).update(persons)
    return own, anchored - own
