"""Whom a sentence credits its words to: the person next to its reporting verb.

The first reporting verb outside quotations (the language pack's `reporting_verbs`: "заявив",
"said", "according to", "表示") is read with the clauses around it (split at commas, dashes, colons
and quotation marks):
- a verb right after a comma, a dash or the sentence's start is followed by its credit ("..., –
  отметил Ушаков", "according to Peskov"); else the clause before it is its subject ("Путін заявив
  ..."), and when that names nobody, the words after the verb may ("Am Mittwoch sagte Putin");
  a person after a word for acting with someone ("у розмові з Путіним", "with Putin", the pack's
  `reports.with_words`) is no subject, which then may stand up to three clauses before ("Сі
  Цзіньпін, однак, у розмові з Путіним не підтвердив");
- one person there (a title counts for its holder): the sentence credits that person;
- only a pronoun ("Він уточнив ..."): the sentence continues the one before it;
- an office and no person (title or aide words, an organisation: "отметил помощник президента",
  "– зазначив рупор Кремля"): someone the sentence does not name, whom `office_holder` may find
  named beside the same office elsewhere in the article;
- the press as the credit: the next reporting verb's credit (the press passes on a side's words);
- several people in that clause, other words (a topic: "особое внимание было уделено"), or no
  reporting verb: undecided (the other rules of `statements.py` apply).

A quotation's own line of credit ("– Юрий Ушаков" after a quoted paragraph) credits the quotation
before it. The rule reads word lists only, so it holds for every language with a pack; with no
pack (no reporting verbs) every sentence is undecided.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Literal

from ..lang import packs_for, pattern, word_pattern
from ..text.fold import flat_apostrophes
from .citations import Citations
from .names import NameResolver

CreditKind = Literal["person", "pronoun", "unnamed", "undecided"]

# A closed quotation in any of the scripts' marks (statements.py and narration.py read it too).
QUOTATION = re.compile(r"«[^»]*»|„[^“”]*[“”]|“[^”]*”|\"[^\"]*\"|「[^」]*」|『[^』]*』")
_CLAUSE = re.compile(r"[,;:()\[\]«»\"“”„「」『』，；：、（）]|\s[–—-]\s|^[–—-]\s|\s[–—-]$")
_WORD = re.compile(r"[^\W\d_]+")
_CREDIT_LINE = re.compile(r"^\s*[–—-]\s*(?P<who>[^.!?。！？]{2,80})[.。]?\s*$")
CREDIT_LINE_WORDS = 6  # a line of credit is a name, maybe with its title: a few words
OFFICE_WORDS = 4  # an office that stands for a person: a few words ("the president's aide")
SUBJECT_CLAUSES_BACK = 3  # clauses before the verb's own in which its subject may stand ("X, однак, ...")
SUBJECT_CLAUSE_WORDS = 3  # a verb's own clause this short may hold no subject ("..., did not confirm")


@dataclass(frozen=True)
class Credit:
    kind: CreditKind
    person: str | None = None  # the canonical name, for kind "person"
    organisations: frozenset[str] = field(default_factory=frozenset)  # for kind "unnamed"
    office: str = ""  # for kind "unnamed": the words that stand for the speaker ("помощник президента")


UNDECIDED = Credit("undecided")


@functools.lru_cache(maxsize=32)
def _verbs(language: str) -> re.Pattern[str] | None:
    return word_pattern([w for p in packs_for(language) for w in p.reporting_verbs])


@functools.lru_cache(maxsize=32)
def _minor(language: str) -> frozenset[str]:
    """Words that are no subject of their own: pronouns and function words."""
    return frozenset(w.casefold() for p in packs_for(language) for w in [*p.pronouns, *p.function_words])


@functools.lru_cache(maxsize=32)
def _pronouns(language: str) -> frozenset[str]:
    return frozenset(w.casefold() for p in packs_for(language) for w in p.pronouns)


def credit(sentence: str, language: str, resolver: NameResolver) -> Credit:
    """Whom `sentence` credits its words to (see the module's rules)."""
    text = flat_apostrophes(QUOTATION.sub(" , ", sentence))
    rx = _verbs(language)
    undecided = False
    for m in rx.finditer(text) if rx else ():
        found = _credit_at(text, m, language, resolver)
        if found is not None and found.kind != "undecided":
            return found
        # A verb that decides nothing ("поддержку", a noun the verb stems match) leaves it to the
        # next ("...", – написал Зеленский").
        undecided = undecided or found is not None
    if undecided:
        return UNDECIDED
    # No reporting verb, and the subject a pronoun: "Il a attiré l'attention sur ... Poutine".
    opening = _WORD.search(text)
    if (opening is not None and opening.group(0).casefold() in _pronouns(language)
            and not text[: opening.start()].strip(" «„“\"-–—")):
        return Credit("pronoun")
    return UNDECIDED


def credited_people(sentence: str, language: str, resolver: NameResolver) -> list[str]:
    """The person each of the sentence's reporting verbs credits, in order ("Putin told Xi ...,
    Ushakov said": Putin, Ushakov)."""
    text = flat_apostrophes(QUOTATION.sub(" , ", sentence))
    rx = _verbs(language)
    found = [_credit_at(text, m, language, resolver) for m in (rx.finditer(text) if rx else ())]
    return [c.person for c in found if c is not None and c.kind == "person" and c.person]


def _credit_at(text: str, m: re.Match[str], language: str, resolver: NameResolver) -> Credit | None:
    """The credit of one reporting verb; None when it credits the press ("як зазначають ЗМІ, ..."),
    which passes on the words of someone the next reporting verb names."""
    before = _CLAUSE.split(text[: m.start()])
    head = _without_companions(before[-1], language)
    own = [w.casefold() for w in _WORD.findall(head)]
    short = 0 < len(own) <= SUBJECT_CLAUSE_WORDS and not all(w in _minor(language) for w in own)
    # A verb right after a comma is followed by its credit (", – отметил Ушаков"), unless what
    # follows is what was said (", заявивши, що ...": the subject stands before).
    said_next = not own and _that_next(text[m.end() :], language)
    if (head != before[-1] or short or said_next) and len(before) > 1 and not resolver.of_kind(
        resolver.mentions(head), "person"
    ):
        # "Сі Цзіньпін, однак, у розмові з Путіним не підтвердив", "Xi, however, did not confirm":
        # with the companion cut (or only a few words left), the subject stands in a clause
        # before, past a parenthesis.
        for earlier in reversed(before[-1 - SUBJECT_CLAUSES_BACK : -1]):
            if resolver.of_kind(resolver.mentions(_without_companions(earlier, language)), "person"):
                head = _without_companions(earlier, language)
                break
    after = [c for c in _CLAUSE.split(text[m.end() :]) if _WORD.search(c)]
    tail = after[0] if after else ""
    # A verb right after a comma, a dash or the start (or only minor words) is followed by its
    # credit (", – отметил Ушаков", "according to Peskov", "як зазначають ЗМІ"); else the clause
    # before it is its subject, and when that names nobody the words after the verb may (German
    # "Am Mittwoch sagte Putin").
    minor, pronouns, office = _minor(language), _pronouns(language), _office(language)
    words = [w.casefold() for w in _WORD.findall(head)]
    pronoun = any(w in pronouns for w in words)
    inverted = not pronoun and all(w in minor for w in words)  # "Як зазначають ЗМІ": no subject before
    tail_words = [w.casefold() for w in _WORD.findall(tail)]
    if any(w.casefold() in pronouns for w in _WORD.findall(m.group(0))) or (
            inverted and tail_words and all(w in minor for w in tail_words) and set(tail_words) & pronouns):
        return Credit("pronoun")  # "За його словами", "according to him"; "» – підсумував він"
    # After a subject (a pronoun: "Він заявив, що розмова з американським президентом ..."; an
    # office: "Голова держави розповів Трампу"; an organisation), or before a "that" ("...,
    # заявивши, що ..."), the words after the verb are what was said or to whom, not who said it.
    spoken_after = (pronoun or bool(office is not None and office.search(head))
                    or bool(resolver.of_kind(resolver.mentions(head), "organisation"))
                    or _that_next(text[m.end() :], language))
    for clause in ([tail] if inverted else [head] if spoken_after else [head, tail]):
        persons = resolver.of_kind(resolver.mentions(clause), "person")
        if len(persons) == 1:
            return Credit("person", next(iter(persons)))
        if len(persons) > 1:
            return UNDECIDED
    if pronoun and (all(w in minor for w in words) or words[-1] in pronouns):
        return Credit("pronoun")  # "Він уточнив", "До публікації він додав" (the verb's own subject)
    where = tail if inverted else head
    media = _media(language)
    if media is not None and media.search(where):
        return None
    organisations = frozenset(resolver.of_kind(resolver.mentions(where), "organisation"))
    if not organisations and not (office is not None and office.search(where)):
        return UNDECIDED  # no office, no organisation: a topic, not a speaker ("особое внимание было уделено")
    return Credit("unnamed", organisations=organisations, office=" ".join(where.split()))


def _that_next(after: str, language: str) -> bool:
    """The words after a reporting verb open what was said ("…, заявивши, що …")."""
    rx = pattern(language, "reports.that_words")
    m = re.match(r"[\s,:]*", after)
    return rx is not None and m is not None and rx.match(after, m.end()) is not None


def _without_companions(clause: str, language: str) -> str:
    """The clause up to its first word for acting with someone ("у розмові з Путіним", "同普京"):
    who comes after it is no subject."""
    rx = pattern(language, "reports.with_words")
    m = rx.search(clause) if rx else None
    return clause[: m.start()] if m else clause


@functools.lru_cache(maxsize=32)
def _office(language: str) -> re.Pattern[str] | None:
    """Title and aide words: an office that stands for a person ("помощник президента")."""
    return word_pattern([w for p in packs_for(language) for w in [*p.title_words, *p.reports.former]])


def office_holder(office: str, language: str, texts: list[str], resolver: NameResolver) -> str | None:
    """The one person `texts` (the article's other sentences) name right after the office's words
    ("помощник президента РФ Юрий Ушаков" for a later "отметил помощник президента")."""
    minor = _minor(language)
    own = [w for w in _WORD.findall(office) if w.casefold() not in minor]
    if not own or len(own) > OFFICE_WORDS:
        return None
    stem = r"\w*\s+(?:\S+\s+){0,2}?".join(re.escape(w[: max(4, len(w) - 2)]) for w in own)
    rx = re.compile(stem + r"\w*", re.IGNORECASE)
    found: set[str] = set()
    for text in texts:
        for m in rx.finditer(text):
            found |= resolver.of_kind(resolver.mentions(text[m.end() : m.end() + 60]), "person")
    return next(iter(found)) if len(found) == 1 else None


@functools.lru_cache(maxsize=32)
def _media(language: str) -> re.Pattern[str] | None:
    return word_pattern([w for p in packs_for(language) for w in p.media_words], start="")  # "росЗМІ" too


def credit_line(cites: Citations, n: int, resolver: NameResolver) -> str | None:
    """The one person named by a line of credit right after sentence n ("– Юрий Ушаков"), when
    sentence n ends a quotation; else None."""
    if n >= len(cites) or not re.search(r"[\"»”」』]\s*$", cites.text(n)):
        return None
    line = _CREDIT_LINE.match(cites.text(n + 1))
    if line is None or len(_WORD.findall(line["who"])) > CREDIT_LINE_WORDS:
        return None
    persons = resolver.of_kind(resolver.mentions(line["who"]), "person")
    return next(iter(persons)) if len(persons) == 1 else None
