"""Which sentences are worth translating: those that could bear a verified statement.

Translation is the costliest part of extraction on a small local model, and a statement can only be
verified at a sentence that names its speaker (or continues one that does) and speaks for a side of
the event. So of the sentences the events answer cites and the reporting sentences code finds
(`text.reporting`), only these are translated, in the article's order, up to a cap:

- sentences that name a person of the event's sides (a participant, or an official of a
  participant's country), or the event's people as the model wrote them (others may be named too);
  the sides are the events answer's people and those the headline and lead name as taking part
  (verification takes the main event's people from the lead when the model gives someone of an
  anchor clause instead, so their words are worth translating too);
- sentences that continue one of those (the same or the next paragraph, naming no other person);
- never a sentence that credits its words to a commentator ("– зазначив експерт"), nor one that
  credits them to the press and names nobody of the event's sides (the press passing on a
  participant's words, "як зазначають ЗМІ, Сі заявив ...", is kept), nor one marked as a possible
  planted instruction.
"""

from __future__ import annotations

import functools
import re

from ..core.types import Article, EventAnswer
from ..lang import pack, word_pattern
from ..text.reporting import reports_speech
from .citations import Citations
from .mentioned import lead_people
from .names import NameResolver, tokens, tokens_match

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")



@functools.lru_cache(maxsize=32)
def _words(language: str, kind: str) -> re.Pattern[str] | None:
    p = pack(language)
    return word_pattern(p.commentary_words if kind == "commentary" else p.media_words)


def commentary(sentence: str, language: str, *, names_a_side: bool = False) -> bool:
    """Does the sentence credit its words to a commentator, or to the press while naming nobody
    of the event's sides (whose words the press may pass on)?"""
    for kind in ("commentary", "media"):
        rx = _words(language, kind)
        if rx and rx.search(sentence) and (kind == "commentary" or not names_a_side):
            return True
    return False


def worth_translating(
    article: Article,
    events: list[EventAnswer],
    resolver: NameResolver,
    limit: int,
    *,
    recall: bool = True,
) -> list[int]:
    """Numbers of the sentences to translate, in the article's order, at most `limit`; without
    `recall`, of those the events answer cites only."""
    cites = Citations(article)
    resolver = resolver.for_article(article)  # titles name their holder on the publication date
    written = _written(events)
    lead, _ = lead_people(article, list(zip(cites.spans, cites.paras, strict=True)), resolver)
    sides = _sides(events, resolver, article) | lead
    cited = {n for ev in events for st in ev.said for n in st.sent}
    chosen: list[int] = []
    previous_named = False
    for n in range(1, len(cites) + 1):
        sentence = cites.text(n)
        persons = resolver.of_kind(resolver.mentions(sentence), "person")
        outsiders = {p for p in persons if not _of_sides(p, sides, resolver)}
        named = bool(persons - outsiders) or _writes(sentence, written)
        if n in cites.flagged or commentary(sentence, article.language, names_a_side=named):
            previous_named = False
            continue
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


def _written(events: list[EventAnswer]) -> list[list[str]]:
    """The event's people as the model wrote them, each as its folded word tokens: words of three
    letters or more, or the whole run of Chinese characters (one character alone names nobody)."""
    out = []
    for name in (n for ev in events for n in [*ev.who, *(s.by for s in ev.said)]):
        toks = tokens(name)
        han = [t.norm for t in toks if len(t.norm) == 1 and _HAN.match(t.norm)]
        if len(han) >= 2:
            out.append(han)
        out.extend([t.norm] for t in toks if len(t.norm) > 2)
    return out


def _writes(sentence: str, written: list[list[str]]) -> bool:
    """Does the sentence hold one of the names the model wrote the event's people with (a word of
    it, or all of its Chinese characters in a row)?"""
    words = [t.norm for t in tokens(sentence)]
    for name in written:
        if len(name) == 1:
            if any(tokens_match(name[0], x) for x in words):
                return True
        elif any(words[i : i + len(name)] == name for i in range(len(words) - len(name) + 1)):
            return True
    return False
