"""Statements: what a participant or their spokesperson said, checked at the sentences it cites.

A statement cites sentence numbers, so it is located by construction. It is verified when:
- its citations exist and none is a passage marked as a possible planted instruction;
- its speaker is the one the sentence credits (`credit.py`: the person next to its reporting verb,
  a quotation's line of credit, the holder of an office the article names elsewhere), whoever the
  model named; when the credit is undecided, the first speaker the model named that the sentences
  bear out;
- its speaker is a participant or speaks for one (their country's officials), else it is commentary
  and dropped;
- the cited sentences name the speaker, or their office ("the Kremlin's spokesman" of Peskov), or
  continue a sentence that does ("He added that ...": the cited sentence names nobody else and the
  sentence before it, in the same or the previous paragraph, names them);
- its English gives no number, magnitude ("trillion" of "млрд"), weekday or month the sentences
  do not hold (`numbers.py`, `calendar_words.py`), names no one they do not and leaves out no one
  they name (but the speaker they credit), gives no format they do not, is English with no word
  left in the article's script, does not stop mid-sentence, and is long enough to render them
  (`english.py`);
- its English is not one already given for other sentences (a small model repeats its previous
  rendering for the next sentence: the first stands);
- the sentence is not a source line ("Про це повідомляє South China Morning Post": who reports,
  not what a side said).
Whatever fails is kept as unverified, with the reason, and never stated in the briefing's body.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel, Field

from ..core.types import BOTH, REPORTED, ModelStatement, Name, Statement
from .calendar_words import calendar_mismatch
from .citations import Citations
from .credit import QUOTATION, Credit, credit, credit_line, credited_people, office_holder
from .english import by_office, cut_off, not_english, too_short
from .formats import format_hits
from .names import NameResolver, tokens, tokens_match
from .narration import (
    named_in_quotation_only,
    narration,
    outside_quotes,
    pronoun_named,
    reports_the_event,
    written_as_a_name,
)
from .numbers import mismatch, scale_mismatch
from .people import BOTH_SIDES, both_sides_subject, speaks_for_event
from .places import countries_added
from .proposal import Proposal
from .reports import report_verb

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
    kept: list[Statement] = []
    seen: set[tuple[str, tuple[int, ...]]] = set()
    rendered: dict[str, tuple[int, ...]] = {}  # each English rendering, and the sentences it was first given for
    for st in proposal.said:
        quote = cites.joined(st.sent) if not cites.problem(st.sent) else ""
        if not st.en.strip():
            counts.notes.append(f"statement at {_numbers(st.sent)} left out: no English translation was given")
            continue
        repeated = _repeated(st, rendered, cites)  # every rendering counts, those dropped below too
        if quote and len(_WORD.findall(quote)) < MIN_STATEMENT_WORDS:
            short = "the sentence is too short to be a statement"
            counts.dropped.append(_dropped(index, st.by, st.en, quote, Name(as_written=st.by, canonical=st.by), short))
            continue
        speaker, why = attribute(st, people, cites, resolver)
        if speaker is None:
            counts.commentary += why.startswith("commentary")
            counts.dropped.append(DroppedStatement(event_index=index, speaker=st.by, text_en=st.en, quote=quote,
                                                   reason=why))
            continue
        if quote and _news_source(quote, people, cites.article.language, resolver):
            why = "a source line: the sentence names who reports the news, not what a side said"
            counts.dropped.append(_dropped(index, st.by, st.en, quote, speaker, why))
            continue
        if BOTH_SIDES.match(st.by) or (quote and both_sides_subject(quote, people, resolver)):
            # "Лідери обговорили..." credited to one leader is what both sides did.
            speaker = Name(as_written=st.by, canonical=BOTH, kind="unknown")
        key = (speaker.canonical, tuple(sorted(set(st.sent))))
        if key in seen:
            continue  # the same sentences rendered twice for one speaker: the first rendering stands
        seen.add(key)
        reason = problem(st.sent, st.en, speaker, cites, resolver) or repeated
        statement = Statement(speaker=speaker, text_en=st.en, evidence=cites.evidence(st.sent), mismatch=reason)
        if statement.verified:
            counts.verified += 1
        else:
            counts.unverified += 1
            counts.notes.append(f"statement not verified: {reason}")
        kept.append(statement)
    return kept




def attribute(
    st: ModelStatement, people: list[Name], cites: Citations, resolver: NameResolver
) -> tuple[Name | None, str]:
    """Whose words these are: the first speaker the model named (either ask) that speaks for a side
    and that the cited sentences bear out; else the one side person the sentences (their quotation's
    credit, or the sentence before them) name; else, for a sentence that names the event's people and
    nobody else, the article's own report. None, and why, for commentary and for words of nobody.
    """
    article = cites.article
    if not cites.problem(st.sent) and _commentary(st.sent, cites, people, resolver):
        return None, "commentary: the sentence credits its words to a commentator, or to the press and no side"
    if not cites.problem(st.sent):
        decided = credited_speaker(st, people, cites, resolver)
        if decided is not None:
            return decided
        if narration(st.sent, cites) and _outside_quotation(cites, min(st.sent)) is None:  # quotes nobody
            if ({p.canonical for p in people} & resolver.mentions(cites.joined(st.sent))
                    or reports_the_event(st.sent, people, cites, resolver)):
                return Name(as_written="", canonical=REPORTED, kind="unknown"), ""
            return None, "background: the sentence quotes nobody and is not about the event (`narration`)"
    tried: list[Name] = []
    for by in (b for b in [st.by, *st.also_by] if b.strip()):
        name = resolver.resolve_in(by, article.text, lang=article.language)
        if name.kind == "country":
            continue  # a country does not speak: its leader, ministry or spokesperson does
        tried.append(name)
        if cites.problem(st.sent):
            continue  # no sentence to bear it out: kept below, unverified with that reason
        if (speaks_for_event(name, people, resolver) and not _speaker_missing(st.sent, name, cites, resolver)
                and not named_in_quotation_only(cites.joined(st.sent), name.canonical, resolver)
                and (name.kind != "unknown" or written_as_a_name(by, article.text))):  # not "К публикации"
            return name, ""
    found = speaker_in_text(st.sent, people, cites, resolver)
    if found is not None:
        return found, ""
    outsiders = [n for n in tried if n.kind == "person" and not speaks_for_event(n, people, resolver)]
    if outsiders:
        return None, f"commentary: '{outsiders[0].canonical}' is not a participant or from their country"
    if not cites.problem(st.sent) and reports_the_event(st.sent, people, cites, resolver):
        return Name(as_written="", canonical=REPORTED, kind="unknown"), ""
    if tried and tried[0].kind == "unknown" and not written_as_a_name(tried[0].as_written, article.text):
        return None, (f"no speaker: '{tried[0].as_written.strip()}' is capitalised only where a sentence "
                      "starts, so it is no known name")
    if tried:
        return tried[0], ""  # kept, and shown unverified with the reason its sentences give
    return None, "no speaker: the model named none, and the sentences name none of the event's sides"


def credited_speaker(
    st: ModelStatement, people: list[Name], cites: Citations, resolver: NameResolver
) -> tuple[Name | None, str] | None:
    """The speaker the sentence's own credit gives (`credit.py`), whoever the model named; None when
    the credit leaves it undecided."""
    first, last = min(st.sent), max(st.sent)
    line = credit_line(cites, last, resolver)
    outside = _outside_quotation(cites, first)
    found = (Credit("person", line) if line else
             credit(outside if outside is not None else cites.text(first), cites.article.language, resolver))
    if found.kind == "person" and found.person:
        name = resolver.resolve(found.person, lang="en")
        if speaks_for_event(name, people, resolver):
            return name, ""
        return None, (f"commentary: the sentence credits its words to '{name.canonical}', not a participant "
                      "or from their country")
    if found.kind == "undecided":
        return None
    before = _continued(first, people, cites, resolver)
    if found.kind == "pronoun":
        return (before, "") if before is not None else pronoun_named(st, cites, resolver)
    # Someone the sentence does not name ("отметил помощник президента"): the side person the
    # sentence before names when the office is theirs ("– зазначив рупор Кремля"), else the model's
    # speaker when the office is theirs, else the article's report of the event.
    if both_sides_subject(cites.joined(st.sent), people, resolver):
        return Name(as_written=st.by, canonical=BOTH, kind="unknown"), ""  # "Лідери обговорили ..."
    holder = _office_of(st.sent, outside, cites, resolver)
    if holder is not None:
        name = resolver.resolve(holder, lang="en")
        if speaks_for_event(name, people, resolver):
            return name, ""  # "отметил помощник президента": the aide the article names elsewhere
    homes = {resolver.affiliation(o) for o in found.organisations} - {None}
    if before is not None and resolver.affiliation(before.canonical) in homes:
        return before, ""
    for by in (b for b in [st.by, *st.also_by] if b.strip()):
        name = resolver.resolve_in(by, cites.article.text, lang=cites.article.language)
        if name.kind == "person" and homes and resolver.affiliation(name.canonical) in homes:
            return name, ""
    if reports_the_event(st.sent, people, cites, resolver):
        return Name(as_written="", canonical=REPORTED, kind="unknown"), ""
    return None, "no speaker: the sentence credits its words to someone it does not name"


def _office_of(numbers: list[int], outside: str | None, cites: Citations, resolver: NameResolver) -> str | None:
    """The person an unnamed credit's office stands for, named so elsewhere in the article."""
    lang = cites.article.language
    found = credit(outside if outside is not None else cites.text(min(numbers)), lang, resolver)
    if found.kind != "unnamed":
        return None
    others = [cites.text(n) for n in range(1, len(cites) + 1) if n not in numbers]
    return office_holder(found.office, lang, others, resolver)


# How far back a continuation's speaker is looked for: past the two sentences before it only through
# sentences that continue someone's words themselves ("... , заявив він.", a sentence opening a quotation).
CONTINUATION_BACK = 5
_OPENS_QUOTE = re.compile(r"^\W{0,3}[«„“\"「『]")


def _looking_back(first: int, cites: Citations, resolver: NameResolver) -> Iterator[int]:
    """The sentences before `first` that may name whose words it continues, nearest first: the two
    before it (in its own or the previous paragraph), then on through a chain of continuations
    ("Своєю чергою Путін заявив ... / "Ми координуємо ... / ... ", заявив він. / Він також додав, що ...")."""
    para = cites.paras[first - 1]
    for step, back in enumerate(range(first - 1, max(0, first - 1 - CONTINUATION_BACK), -1)):
        if cites.paras[back - 1] < (cites.paras[first - 1] if step < 2 else para) - 1:
            return
        yield back
        para = cites.paras[back - 1]
        if step >= 1 and not _continues(cites.text(back), cites.article.language, resolver):
            return


def _continues(text: str, lang: str, resolver: NameResolver) -> bool:
    """The sentence goes on with someone's words: it opens a quotation or credits them to a pronoun."""
    return bool(_OPENS_QUOTE.match(text)) or credit(text, lang, resolver).kind == "pronoun"


def _continued(first: int, people: list[Name], cites: Citations, resolver: NameResolver) -> Name | None:
    """The side person a continuation continues: named alone, or credited, by one of the sentences
    before it (`_looking_back`)."""
    for back in _looking_back(first, cites, resolver):
        text = cites.text(back)
        found = credit(text, cites.article.language, resolver)
        if found.kind == "person" and found.person:
            name = resolver.resolve(found.person, lang="en")
            return name if speaks_for_event(name, people, resolver) else None
        if found.kind == "pronoun":
            continue  # "За його словами, ... він привітав Трампа": whose words is told further back
        if found.kind == "unnamed":
            return None  # an office's words ("Голова держави розповів Трампу"): not who it names
        named = _sides_named(text, people, resolver)
        if named is not None:
            return named if isinstance(named, Name) else None
    return None


def _commentary(numbers: list[int], cites: Citations, people: list[Name], resolver: NameResolver) -> bool:
    from .candidates import commentary

    outside = _outside_quotation(cites, min(numbers))
    text = outside if outside is not None else cites.joined(numbers)
    persons = resolver.of_kind(resolver.mentions(text), "person")
    side = any(speaks_for_event(resolver.resolve(p, lang="en"), people, resolver) for p in persons)
    return commentary(text, cites.article.language, names_a_side=side)


def speaker_in_text(numbers: list[int], people: list[Name], cites: Citations, resolver: NameResolver) -> Name | None:
    """The speaker when the model's is not borne out: the one person of the event's sides that the
    cited sentences name (or, inside a quotation, its credit names), else (a continuation) that the
    sentence before them names; else None."""
    if cites.problem(numbers):
        return None
    first = min(numbers)
    outside = _outside_quotation(cites, first)
    text = outside if outside is not None else outside_quotes(cites.joined(numbers))
    # A pronoun subject stands for nobody its sentence names (`narration.pronoun_named`).
    pronoun = credit(text, cites.article.language, resolver).kind == "pronoun"
    named = None if pronoun else _sides_named(text, people, resolver)
    if named is None:
        return _continued(first, people, cites, resolver)  # nobody named: a continuation
    return named if isinstance(named, Name) else None


def _sides_named(text: str, people: list[Name], resolver: NameResolver) -> Name | bool | None:
    """The one side person `text` names; False when it names others (or several sides); None when
    it names no person at all."""
    persons = resolver.of_kind(resolver.mentions(text), "person")
    if not persons:
        return None
    names = [resolver.resolve(p, lang="en") for p in sorted(persons)]
    sides = [n for n in names if speaks_for_event(n, people, resolver)]
    return sides[0] if len(sides) == 1 and len(names) == 1 else False


def _news_source(quote: str, people: list[Name], lang: str, resolver: NameResolver) -> bool:
    """A source line: the sentence is a source verb and who reports ("Про це повідомляє South China
    Morning Post", "according to Reuters"), no side among them, and next to nothing else."""
    rx = report_verb(lang)
    for m in rx.finditer(quote) if rx else ():
        who = resolver.of_kind(resolver.mentions(m.group("who")), "person")
        if any(speaks_for_event(resolver.resolve(p, lang="en"), people, resolver) for p in who):
            continue
        rest = quote[: m.start()] + " " + quote[m.end() :]
        if len(_WORD.findall(rest)) < MIN_STATEMENT_WORDS + 1:
            return True
    return False


def _repeated(st: ModelStatement, rendered: dict[str, tuple[int, ...]], cites: Citations) -> str:
    """The English is the one already given for other sentences that say something else: the model
    repeated an earlier rendering (the first stands; this one renders nothing of its own)."""
    key = " ".join(_WORD.findall(st.en.casefold()))
    own = tuple(sorted(set(st.sent)))
    first = rendered.setdefault(key, own)
    if first == own or cites.problem(list(first)) or cites.joined(list(first)) == cites.joined(list(own)):
        return ""
    return f"the English repeats the rendering given for {_numbers(list(first))}, a different sentence"


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
        or english_problem(english, source, lang, speaker, _credited(numbers, speaker, cites, resolver), resolver)
        or _format_added(english, source, lang)
        or too_short(english, source, lang)
    )


def english_problem(english: str, source: str, lang: str, speaker: Name, credited: str, resolver: NameResolver) -> str:
    """Why the English does not render the source, by what survives translation: numbers, magnitudes,
    weekdays and months, the English itself, and names (`speaker` and `credited` may go unnamed)."""
    return (
        mismatch(english, source)
        or scale_mismatch(english, source, lang)
        or calendar_mismatch(english, source, lang)
        or not_english(english)
        or cut_off(english)
        or names_differ(english, source, speaker, credited, resolver)
        or countries_added(english, source, speaker, resolver)
        or subject_swapped(english, source, lang, resolver)
    )


def subject_swapped(english: str, source: str, lang: str, resolver: NameResolver) -> str:
    """The English makes another person the one who speaks or acts: the cited sentence credits its
    reporting verb to one person, and no reporting verb of the English credits them, but one credits
    someone else ("But, Putin, in the conversation with Xi, did not confirm ..." of "Сі Цзіньпін,
    однак, у розмові з Путіним не підтвердив ...")."""
    own = credit(source, lang, resolver)
    if own.kind != "person" or not own.person:
        return ""
    rendered = credited_people(english, "en", resolver)
    if not rendered or own.person in rendered:
        return ""
    return f"the English makes {rendered[0]} the one who speaks or acts, where the cited sentence has {own.person}"


def _credited(numbers: list[int], speaker: Name, cites: Citations, resolver: NameResolver) -> str:
    """The speaker's name when the cited sentences credit their words to the speaker ("...,
    сообщил Ушаков"): the briefing names them as the speaker, so the English may leave it out."""
    if credit_line(cites, max(numbers), resolver) == speaker.canonical:
        return speaker.canonical
    found = credit(cites.joined(numbers), cites.article.language, resolver)
    if found.kind == "person" and found.person:
        return speaker.canonical if resolver.resolve(found.person, lang="en").canonical == speaker.canonical else ""
    return ""


def names_differ(english: str, source: str, speaker: Name, credited: str, resolver: NameResolver) -> str:
    """The English names a known person the cited sentences do not (the speaker aside), or leaves
    out one they name: it renders another sentence, or leaves out who did it ("Sisi met with Sisi in
    Beijing" of "У Пекіні він зустрівся із Сі"). A speaker the sentences credit (`credited`) may go
    unnamed: the briefing names them."""
    in_english, in_source = resolver.mentions(english), resolver.mentions(source)
    extra = sorted(resolver.of_kind(in_english, "person") - in_source - {speaker.canonical})
    if extra:
        return f"the English names {', '.join(extra)}, whom the cited sentence does not"
    missing = sorted(p for p in resolver.of_kind(in_source, "person") - {credited} - in_english
                     if not by_office(p, english, resolver))
    if missing:
        return f"the English leaves out {', '.join(missing)}, whom the cited sentence names"
    return ""


def _format_added(english: str, source: str, lang: str) -> str:
    """The English says how the event was held (a call, a video link) where the cited sentences
    say nothing of the kind: it renders another sentence, or adds to this one."""
    said = {h[0] for h in format_hits(english, 0, len(english), "en") if not h[1]} - {"in_person"}
    held = {h[0] for h in format_hits(source, 0, len(source), lang)}
    added = sorted(said - held)
    if added:
        return f"the English gives the format {', '.join(added)}, which the cited sentence does not"
    return ""


def _speaker_missing(numbers: list[int], speaker: Name, cites: Citations, resolver: NameResolver) -> str:
    """'' when the cited sentences name the speaker (or continue one that does), else why not."""
    if speaker.canonical in (BOTH, REPORTED):
        return ""  # the sentence's subject is both sides, or nobody: found in its words
    if credit_line(cites, max(numbers), resolver) == speaker.canonical:
        return ""  # the quotation's line of credit ("– Юрий Ушаков") names the speaker
    first = min(numbers)
    outside = _outside_quotation(cites, first)
    if _office_of(numbers, outside, cites, resolver) == speaker.canonical:
        return ""  # "отметил помощник президента", the aide the article names elsewhere
    if outside is not None:
        # A quotation over several sentences: its speaker is named outside it ("...", – said X).
        if _names(outside, speaker, resolver):
            return ""
        if resolver.of_kind(resolver.mentions(outside), "person"):
            return f"the quotation the cited sentence is part of is credited to someone else, not {speaker.canonical}"
    if any(_names(cites.text(n), speaker, resolver) for n in numbers):
        return ""
    found = resolver.mentions(outside_quotes(cites.joined(numbers)))  # those quoted are spoken of
    persons = resolver.of_kind(found, "person")
    pronoun = credit(cites.text(first), cites.article.language, resolver).kind == "pronoun"
    if not persons - {speaker.canonical} or pronoun:  # a pronoun's sentence names whom it speaks of
        # The speaker's office instead of their name: "– зазначив головний рупор Кремля" of Peskov.
        home = resolver.affiliation(speaker.canonical)
        if home and any(resolver.affiliation(o) == home for o in resolver.of_kind(found, "organisation")):
            return ""
        # A continuation: the sentence names nobody else; one before it (`_looking_back`) names the speaker.
        for back in _looking_back(first, cites, resolver):
            said = credit(cites.text(back), cites.article.language, resolver)
            if said.kind == "pronoun":
                continue  # whose words the sentence before continues is told further back
            if said.kind in ("person", "unnamed"):  # whose words they are, whoever else it names
                if said.person and resolver.resolve(said.person, lang="en").canonical == speaker.canonical:
                    return ""
                break
            if _names(cites.text(back), speaker, resolver):
                return ""
            if resolver.of_kind(resolver.mentions(cites.text(back)), "person"):
                break
    return f"the cited sentence does not name the speaker, {speaker.canonical}"




def _outside_quotation(cites: Citations, n: int) -> str | None:
    """When sentence n lies inside a quotation that spans sentences of its paragraph, the paragraph's
    words outside that quotation (where its speaker is named); else None."""
    span, para = cites.spans[n - 1], cites.paras[n - 1]
    same = [s for s, p in zip(cites.spans, cites.paras, strict=True) if p == para]
    if len(same) < 2:
        return None
    start, end = same[0].start, same[-1].end
    text = cites.article.text
    for m in QUOTATION.finditer(text, start, end):
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


def _dropped(index: int, by: str, english: str, quote: str, speaker: Name, reason: str = "") -> DroppedStatement:
    if not reason and speaker.kind == "unknown":
        reason = f"speaker '{speaker.canonical}' is not a participant (commentary)"
    elif not reason:
        reason = f"speaker '{speaker.canonical}' is not a participant or from their country"
    return DroppedStatement(event_index=index, speaker=by, text_en=english, quote=quote, reason=reason)
