"""Which sentences are worth translating: those that could bear a verified statement.

Translation is the costliest part of extraction on a small local model, and a statement can only be
verified at a sentence that names its speaker (or continues one that does) and speaks for a side of
the event. So of the sentences the events answer cites and the reporting sentences code finds
(`text.reporting`), only these are translated, in the article's order, up to a cap:

- sentences that name a person of the event's sides (a participant, or an official of a
  participant's country), or the event's people as the model wrote them (others may be named too);
- sentences that continue one of those (the same or the next paragraph, naming no other person);
- never a sentence that credits its words to a commentator ("– зазначив експерт") or to the press,
  nor one marked as a possible planted instruction.
"""

from __future__ import annotations

import functools
import re

from ..core.types import Article, EventAnswer
from ..lang import pack, word_pattern
from ..text.reporting import reports_speech
from .citations import Citations
from .names import NameResolver, tokens, tokens_match

MAX_TRANSLATED = 10


@functools.lru_cache(maxsize=32)
def _commentary(language: str) -> re.Pattern[str] | None:
    p = pack(language)
    return word_pattern([*p.commentary_words, *p.media_words])


def commentary(sentence: str, language: str) -> bool:
    """Does the sentence credit its words to a commentator or to the press?"""
    rx = _commentary(language)
    return bool(rx and rx.search(sentence))


def worth_translating(
    article: Article,
    events: list[EventAnswer],
    resolver: NameResolver,
    limit: int = MAX_TRANSLATED,
    *,
    recall: bool = True,
) -> list[int]:
    """Numbers of the sentences to translate, in the article's order, at most `limit`; without
    `recall`, of those the events answer cites only."""
    cites = Citations(article)
    written = [t.norm for ev in events for name in [*ev.who, *(s.by for s in ev.said)]
               for t in tokens(name) if len(t.norm) > 2]
    sides = _sides(events, resolver, article)
    cited = {n for ev in events for st in ev.said for n in st.sent}
    chosen: list[int] = []
    previous_named = False
    for n in range(1, len(cites) + 1):
        sentence = cites.text(n)
        if n in cites.flagged or commentary(sentence, article.language):
            previous_named = False
            continue
        persons = resolver.of_kind(resolver.mentions(sentence), "person")
        outsiders = {p for p in persons if not _of_sides(p, sides, resolver)}
        named = bool(persons - outsiders) or _writes(sentence, written)
        asked = n in cited or (recall and reports_speech(sentence, article.language))
        continues = previous_named and not persons
        if asked and (named or continues):
            chosen.append(n)
        previous_named = named or (continues and previous_named)
    return chosen[:limit]


def _sides(events: list[EventAnswer], resolver: NameResolver, article: Article) -> set[str]:
    """The canonical names of the events' people (for their countries' officials, see `_of_sides`)."""
    return {resolver.resolve_in(w, article.text, lang=article.language).canonical for ev in events for w in ev.who}


def _of_sides(person: str, sides: set[str], resolver: NameResolver) -> bool:
    if person in sides:
        return True
    home = resolver.affiliation(person)
    return home is not None and any(resolver.affiliation(s) == home for s in sides)


def _writes(sentence: str, written: list[str]) -> bool:
    """Does the sentence hold one of the words the model wrote the event's people with?"""
    words = [t.norm for t in tokens(sentence)]
    return any(tokens_match(w, x) for w in written for x in words)
