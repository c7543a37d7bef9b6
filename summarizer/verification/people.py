"""The people of an event: who took part (checked against the headline and lead), and who speaks
for a side."""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz

from ..core.types import Article, Name, Span
from ..lang import pattern, phrase_bodies, words
from ..lang.romanise import is_han
from .credit import credit
from .formats import background_opening
from .mentioned import lead_people
from .name_spelling import name_part
from .names import NameResolver, tokens, tokens_match
from .proposal import Proposal
from .reports import past_lead

_WORD = re.compile(r"[^\W\d_]+")


def _alt(lang: str | None, path: str) -> str:
    return "|".join(b for _, b in phrase_bodies(words(lang, path)))


def _opt(alt: str, sep: str = r"\s+") -> str:
    return f"(?:(?:{alt}){sep})?" if alt else ""


@lru_cache(maxsize=32)
def _both_sides_speaker(lang: str | None) -> re.Pattern[str]:
    """A speaker written as "the sides" ("сторони", "both leaders", "双方") speaks for the participants together."""
    sides = _alt(lang, "reports.both_sides") or "(?!)"
    both = _opt(_alt(lang, "reports.both_words"), r"\s*")
    return re.compile(rf"^\s*{both}(?:{sides})\s*$", re.IGNORECASE)


@lru_cache(maxsize=32)
def _both_sides_subject(lang: str | None) -> re.Pattern[str]:
    """A quote whose subject is the two sides together ("Лідери обговорили...", "Стороны договорились...",
    "The two leaders agreed...", "双方同意"), however the model credited it."""
    sides = _alt(lang, "reports.both_sides") or "(?!)"
    leads = _opt(_alt(lang, "reports.subject_leads"), r",?\s*")
    passive, that = _alt(lang, "reports.passive_reports"), _alt(lang, "reports.that_words")
    reported = rf"(?:(?:{passive}),?\s+(?:{that})\s+)?" if passive and that else ""
    both = _opt(_alt(lang, "reports.both_words"), r"\s*")
    return re.compile(rf"^\W*{leads}{reported}{both}(?:{sides})(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=32)
def _clause_end(lang: str | None) -> re.Pattern[str]:
    that = _alt(lang, "reports.that_words")
    return re.compile(r"[,:;—–，：；]|\s-\s" + (rf"|(?<!\w)(?:{that})(?!\w)" if that else ""), re.IGNORECASE)


@lru_cache(maxsize=32)
def _and(lang: str | None) -> re.Pattern[str] | None:
    return pattern(lang, "reports.and_words")


BOTH_SIDES = _both_sides_speaker(None)
_BOTH_SIDES_SUBJECT = _both_sides_subject(None)


def both_sides_subject(quote: str, people: list[Name], resolver: NameResolver, lang: str | None = None) -> bool:
    """Is the quote's subject the sides together: "the leaders...", "Путин и Си Цзиньпин обсудят..."?

    Two of the event's participants (or a participant's country, "президент Росії") joined by "and"
    in the quote's opening words, before any comma or "that", make a subject of both.
    """
    if _both_sides_subject(lang).match(quote):
        return True
    head = " ".join(_clause_end(lang).split(quote, maxsplit=1)[0].split()[:8])
    joint = rx.search(head) if (rx := _and(lang)) is not None else None
    if joint is None:
        return False
    canon = {p.canonical for p in people}
    by_country = {country: c for c in canon if (country := resolver.affiliation(c))}

    def sides(text: str) -> set[str]:
        return {by_country.get(m, m) for m in resolver.mentions(text)} & canon

    # "Ердоган і Путін обговорили": a side on each side of "and", the second right after it
    # ("Ердоган подякував Путіну і запросив його" joins two verbs, not two subjects).
    before, after = sides(head[: joint.start()]), sides(" ".join(head[joint.end() :].split()[:3]))
    return bool(before) and bool(after - before)


def participants_of(proposal: Proposal, resolver: NameResolver, article: Article) -> tuple[list[Name], list[str]]:
    """Resolved participants, one per canonical name (a misspelt one matched in the article), and
    notes on those dropped: a name the article never writes is not a participant (a model's slip, or
    an instruction planted in the article)."""
    seen: dict[str, Name] = {}
    notes: list[str] = []
    named = resolver.mentions(article.text)
    words = [t.norm for t in tokens(article.text)]
    for written in proposal.who:
        if not written.strip():
            continue
        name = resolver.resolve_in(written, article.text, lang=article.language)
        several = sorted(resolver.of_kind(resolver.mentions(written), "person"))
        if name.kind == "unknown" and len(several) < 2:
            several = clipped_pair(written, article, resolver)
        if name.kind == "unknown" and len(several) >= 2:
            # "Trump Putin" (a headline's "Telefonat mit Trump Putin zu Pause bereit"), "Сі і Путін":
            # one string that names several known people is those people.
            for person in several:
                seen.setdefault(person, resolver.resolve(person, lang="en"))
            notes.append(f"participant '{written.strip()}' read as {' and '.join(several)}: it names them both")
            continue
        if name.kind == "unknown" and article.outlet and _norms(written) == _norms(article.outlet):
            # "як раніше повідомляв Главред": the outlet that publishes the article reports the event.
            notes.append(f"participant '{written.strip()}' dropped: it is the article's outlet, which reports it")
            continue
        if name.kind == "unknown" and not looks_like_a_name(name_part(written, article.language) or written):
            notes.append(f"participant '{written.strip()}' dropped: it is not a person's name")
            continue
        if not _named_in(name, named, words):
            notes.append(f"participant '{name.canonical}' dropped: the article never names them")
            continue
        seen.setdefault(name.canonical, name)
    names = list(seen.values())
    # "China" beside Xi Jinping is a country adjective ("the Chinese leader"), not another party:
    # when people are named, countries and organisations are not participants.
    if sum(n.kind == "person" for n in names) >= 2:
        names = [n for n in names if n.kind not in ("country", "organisation")]
    return names, notes


def clipped_pair(written: str, article: Article, resolver: NameResolver) -> list[str]:
    """The people a Chinese pair name stands for: one character of each person's name, in a row
    ("川泽通话" is a call of 川普 and 泽连斯基, "习拜会" a meeting of 习近平 and 拜登), each the first
    character of the Chinese name of exactly one known person the article names in full; else []."""
    toks = tokens(written.strip())
    if not 2 <= len(toks) <= 3 or not all(is_han(t.raw) for t in toks):
        return []
    text = "".join(t.norm for t in tokens(article.text) if is_han(t.raw))
    known = sorted(resolver.of_kind(resolver.mentions(article.text), "person"))
    written_as = {c: [f for f in _han_forms(c, resolver) if len(f) > 1 and f in text] for c in known}
    out: list[str] = []
    for tok in toks:
        who = [c for c in known if any(f.startswith(tok.norm) for f in written_as[c])]
        if len(who) != 1 or who[0] in out:
            return []
        out.append(who[0])
    return sorted(out)


def _norms(text: str) -> list[str]:
    return [t.norm for t in tokens(text)]


def _han_forms(canonical: str, resolver: NameResolver) -> list[str]:
    entry = resolver.entry(canonical)
    return ["".join(t.norm for t in tokens(a)) for a in (entry.aliases.get("zh", []) if entry else [])]


def _named_in(name: Name, named: set[str], words: list[str]) -> bool:
    """The article names this person: a known name by any alias, an unknown one by its own words,
    in the article's script or spelt in Latin letters ("Masoud Pezeshkian" for "Пезешкіан")."""
    if name.kind != "unknown":
        return name.canonical in named
    if is_han(name.as_written):  # no spaces: the name's characters, in a row, in either script
        written = name_part(name.as_written, whole=True) or name.as_written
        han = "".join(t.norm for t in tokens(written) if is_han(t.raw))
        return bool(han) and han in "".join(w for w in words if is_han(w))
    own = [t.norm for t in tokens(name.as_written) if len(t.norm) > 2]
    if not own:
        return False
    latin = {_latin_key(w) for w in words}
    return all(
        any(tokens_match(o, w) for w in words) or any(fuzz.ratio(_latin_key(o), k) >= SPELLING for k in latin)
        for o in own
    )


SPELLING = 80  # rapidfuzz ratio of two Latin spellings of one name word
_PARTICLES = frozenset("da de di del der den van von bin ibn al el la le ben".split())


def looks_like_a_name(written: str) -> bool:
    """A person's name as written: one to five words, each capitalised (particles aside), no digits.

    A model that lists "СНО-3" or "гіперзвукових ракет" among the people who took part gives no name;
    scripts without case (Chinese) pass.
    """
    words = [w for w in re.split(r"[\s\u00a0]+", written.strip()) if w]
    if not 1 <= len(words) <= 5 or any(ch.isdigit() for ch in written):
        return False
    return all(w.casefold() in _PARTICLES or not w[0].islower() for w in words)


def _latin_key(word: str) -> str:
    return re.sub(r"[^a-z]", "", anyascii(word).casefold())


def lead_checked(
    people: list[Name], article: Article, sents: list[tuple[Span, int]], resolver: NameResolver
) -> tuple[list[Name], list[str]]:
    """The main event's people, checked against the headline and lead.

    A model that reads "X talked to Y four days after X talked to Z" may give X and Z. When the lead
    names someone of the model's only in such an anchor clause, and names in its event clauses
    someone the model left out, the first belongs to the other event and the second to this one.
    """
    own, anchored = lead_people(article, sents, resolver)
    names = {p.canonical for p in people}
    notes: list[str] = []
    wrong = [p for p in people if p.canonical in anchored]
    missing = sorted(own - names)
    if wrong and missing and names & own:
        notes += [
            f"participant '{p.canonical}' moved off this event: the lead names them only in an anchor clause "
            f"(another event), and the lead's event clause names {', '.join(missing)}, who took their place"
            for p in wrong
        ]
        people = [p for p in people if p not in wrong] + [resolver.resolve(c, lang="en") for c in missing]
        names = {p.canonical for p in people}
    # A known person the headline and lead never name, when they name two of the model's people as
    # taking part, comes from further down: someone met earlier, or someone the article quotes.
    if len(names & own) >= 2:
        absent = [p for p in people if p.kind == "person" and p.canonical not in own | anchored]
        notes += [
            f"participant '{p.canonical}' dropped: the headline and lead name {', '.join(sorted(names & own))} "
            "as taking part, not them"
            for p in absent
        ]
        people = [p for p in people if p not in absent]
    return people, notes




def roles_checked(
    people: list[Name], article: Article, sents: list[tuple[Span, int]], resolver: NameResolver
) -> tuple[list[Name], list[str]]:
    """The main event's people, checked against what the article says each did.

    - Someone the alias table does not know, named only as the one who tells of it ("erklärte
      Regierungssprecher Hebestreit"), reports the event: not a participant.
    - A name the alias table does not know, written only after a word for where ("в палаці Кіджі",
      the pack's `reports.place_words`), is a place.
    - Someone named only in sentences that open with a background word ("Zuvor hatte Scholz bereits
      mit ... Selenskyj gesprochen", the pack's `reports.background`) took part in what came before;
      someone named only after a word that introduces another event ("напередодні очікуваного
      саміту між Путіним і ... Трампом", `dates.other_event`), in that other event.
    - An event of one person takes the lead's other person when the lead names exactly two as
      taking part (a call has two sides).
    - Of three or more people, one of the same country as that country's head of state or
      government among them (a vice president, a minister, an aide: `companions`) came with their
      leader and is not a side ("Trump and Vance received Zelensky").
    - Of two people, one the headline and lead never name gives way to the lead's other person,
      when the lead names exactly two as taking part and the model gave only one of them ("习近平和
      夫人彭丽媛" in a photo caption further down, for a call the lead says Xi held with Trump).
    Nobody is dropped when fewer than two people would be left.
    """
    texts = [article.text[span.start : span.end] for span, _ in sents]
    notes: list[str] = []
    for person in list(people):
        if len(people) <= 2 or person.kind not in ("person", "unknown"):
            continue
        naming = [t for t in texts if _names(person, t, resolver)]
        if not naming:
            continue
        why = ""
        if person.kind == "unknown" and all(_credits(person, t, article.language, resolver) for t in naming):
            why = "the article names them only as telling of it"
        elif all(_opens_with_background(article.language, t) for t in naming):
            why = "the article names them only in what came before it"
        elif all(_after_other_event(person, t, article.language, resolver) for t in naming):
            why = "the article names them only in another event it mentions ('ahead of the summit with ...')"
        elif person.kind == "unknown" and all(_a_place(person, t, article.language) for t in naming):
            why = "the article names it only as a place ('в палаці Кіджі')"
        if why:
            people = [p for p in people if p is not person]
            notes.append(f"participant '{person.canonical}' dropped: {why}")
    for person, head in companions(people, resolver):
        people = [p for p in people if p is not person]
        notes.append(f"participant '{person.canonical}' dropped: they came with their country's leader, "
                     f"{head.canonical}, who is a side")
    persons = [p for p in people if p.kind == "person"]
    if len(people) == 2:
        people, swapped = _lead_side(people, article, sents, resolver)
        notes += swapped
    if len(people) == 1 and persons:
        own, _ = lead_people(article, sents, resolver)
        other = sorted(own - {persons[0].canonical})
        if persons[0].canonical in own and len(own) == 2:
            people = [*people, resolver.resolve(other[0], lang="en")]
            notes.append(f"participant '{other[0]}' added: the lead names them and {persons[0].canonical} as "
                         "taking part, and the model gave one side only")
    return people, notes


# The offices that lead a country's side (the alias table's `role`): "President of France", "Prime
# Minister of Japan", "Chancellor of Germany"; not "Vice President", "Former President", "Foreign Minister".
_HEAD_ROLE = re.compile(r"^(?:President|Prime Minister|Chancellor|Premier|Leader|Crown Prince)\b.*\bof\b")


def companions(people: list[Name], resolver: NameResolver) -> list[tuple[Name, Name]]:
    """(person, their leader) of those of three or more people who share a country with its head of
    state or government among them, while the others stay at least two."""
    if len(people) < 3:
        return []
    heads: dict[str, list[Name]] = {}
    for p in people:
        entry = resolver.entry(p.canonical) if p.kind == "person" else None
        if entry is not None and entry.affiliation and _HEAD_ROLE.match(entry.role or ""):
            heads.setdefault(entry.affiliation, []).append(p)
    out = [
        (p, heads[home][0]) for p in people
        if p.kind == "person" and (home := resolver.affiliation(p.canonical)) and len(heads.get(home, [])) == 1
        and p is not heads[home][0]
    ]
    return out if len(people) - len(out) >= 2 else []


def _lead_side(
    people: list[Name], article: Article, sents: list[tuple[Span, int]], resolver: NameResolver
) -> tuple[list[Name], list[str]]:
    own, _ = lead_people(article, sents, resolver)
    have = {p.canonical for p in people}
    missing = sorted(own - have)
    strangers = [p for p in people if p.canonical not in own and p.kind in ("person", "unknown")]
    if len(own) != 2 or len(missing) != 1 or len(strangers) != 1:
        return people, []
    stranger = strangers[0]
    lead = past_lead(sents, article.language)
    # A stranger the lead names may still be no side: the aide of the other participant, their
    # country's leader ("Ouchakov, conseiller du président russe" beside Putin, Trump missing).
    aide = any(p is stranger for p, _ in companions([*people, resolver.resolve(missing[0], lang="en")], resolver))
    if not aide and any(_names(stranger, article.text[span.start : span.end], resolver)
                        for span, para in sents if para < lead):
        return people, []
    kept = [p for p in people if p is not stranger]
    why = "came with their country's leader" if aide else "nowhere"
    note = (
        f"participant '{stranger.canonical}' replaced by '{missing[0]}': the headline and lead name "
        f"{missing[0]} and {kept[0].canonical if kept else ''} as taking part, and {stranger.canonical} {why}"
    )
    return [*kept, resolver.resolve(missing[0], lang="en")], [note]


def _names(person: Name, sentence: str, resolver: NameResolver) -> bool:
    return _named_in(person, resolver.mentions(sentence), [t.norm for t in tokens(sentence)])


def _credits(person: Name, sentence: str, lang: str, resolver: NameResolver) -> bool:
    """The sentence credits its words to this person (named after an office: 'Regierungssprecher X')."""
    found = credit(sentence, lang, resolver)
    if found.kind == "unnamed":
        return _names(person, found.office, resolver)
    return found.kind == "person" and found.person == person.canonical


def _after_other_event(person: Name, sentence: str, lang: str, resolver: NameResolver) -> bool:
    """The sentence names the person only after a word that introduces another event ("напередодні
    очікуваного саміту між Путіним і ... Трампом", "ahead of", the pack's `dates.other_event`)."""
    rx = pattern(lang, "dates.other_event")
    m = rx.search(sentence) if rx is not None else None
    return m is not None and not _names(person, sentence[: m.start()], resolver) and _names(
        person, sentence[m.end() :], resolver)


def _a_place(person: Name, sentence: str, lang: str) -> bool:
    """Every time the sentence writes the name, a word for where stands at most two words before it
    ("в палаці Кіджі", "in the Chigi palace"): a place, not someone who took part."""
    rx = pattern(lang, "reports.place_words")
    last = _WORD.findall(person.as_written)[-1:] if person.as_written else []
    if rx is None or not last:
        return False
    stem = re.escape(last[0][: max(4, len(last[0]) - 2)])
    found = list(re.finditer(rf"(?<!\w){stem}\w*", sentence, re.IGNORECASE))
    return bool(found) and all(
        rx.search(" ".join(_WORD.findall(sentence[: m.start()])[-2:])) is not None for m in found
    )


def _opens_with_background(lang: str, sentence: str) -> bool:
    rx = background_opening(lang)
    return rx is not None and rx.match(sentence) is not None


def speaks_for_event(speaker: Name, people: list[Name], resolver: NameResolver) -> bool:
    """A participant, or someone of a participant's country (a spokesman, a ministry)."""
    if BOTH_SIDES.match(speaker.as_written):
        return True
    canon = {p.canonical for p in people}
    if speaker.canonical in canon:
        return True
    countries = {c for p in people if (c := resolver.affiliation(p.canonical))}
    home = resolver.affiliation(speaker.canonical)
    return home is not None and home in countries


