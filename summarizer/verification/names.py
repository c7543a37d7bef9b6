"""Resolve names as written (any case, inflected, with titles, in any script) to one canonical English name.

The alias table is data (`data/aliases.json`, extended by a user file of the same shape named by
`SUMMARIZER_ALIASES`; `alias_table.py`): people, countries, organisations, and titles whose holder
depends on the date ("the US president"). Names the table lists in one Latin spelling match the
others ("Selenskyj", "Zelenskyi", "Zelensky") by their romanisation key; names in Chinese characters
match character by character, in either script. Unknown names are transliterated, never guessed
(`name_spelling.py`: Cyrillic by language, Chinese as pinyin, Palladius Cyrillic back to pinyin).
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from rapidfuzz import fuzz

from ..core.types import Name, NameKind
from ..lang import available, word_pattern, words
from ..lang.romanise import han_name, is_han, name_key
from .alias_table import DATA_FILE, AliasEntry, TitleEntry, check_alias_file, load_table, merge_entry, title_aliases
from .name_spelling import name_part, translit_word, transliterate_name
from .name_tokens import (
    MIN_KEY,
    Tok,
    common_prefix,
    former_beside,
    is_cyrillic,
    is_latin,
    match_alias,
    match_at,
    other_syllables,
    tok_eq,
    tokens,
    tokens_match,
    with_keys,
)

if TYPE_CHECKING:
    from ..core.types import Article

# A name the table does not know, against the few people the article names (`resolve_in`).
NEAR_SPELLING = 80.0
NEAR_MARGIN = 10.0
# A name that ends with a known person's surname is theirs when its other words are this close to
# the words of one of their full aliases (their first letters, as long as the alias word).
SURNAME_FIRST_WORDS = 75.0

_FEMININE = frozenset("а ая ої ой ою ую у ій".split())
_ADJ_SURNAME = re.compile(r"(?:ськ|цьк|зьк|ск|цк|зк)(?:ий|ій|ый)$")
_LATIN_ADJ_SURNAME = re.compile(r"sk(?:y|yy|iy|yi|ii|ij|i)$")
_LATIN_FEMININE = re.compile(r"sk(?:a|aya|aia|aja)$")
_PARTICLES = frozenset("да де ді ди фон дер бин бін ибн ла ле von van der den de da di du la le bin ibn al el".split())
# English title words; any other capitalised word next to a country name makes it part of
# a longer proper name ("South China Morning Post" is a newspaper, not China).
_EN_TITLES = frozenset(
    "the president vice prime deputy foreign minister ministry leader spokesman spokeswoman "
    "spokesperson secretary state general ambassador envoy chancellor premier chairman official "
    "officials side government embassy aide adviser advisor head chief press defence defense "
    "security council national mr mrs ms dr".split()
)
# A title names its holder below a person's own name and above an organisation or a country:
# "глава КНР" is Xi Jinping, not China; "глава КНР Сі Цзіньпін" is Xi by his own name.
_KIND_RANK = {"person": 3.0, "title": 2.5, "organisation": 2.0, "country": 1.0, "unknown": 0.0}

__all__ = ["DATA_FILE", "NameResolver", "check_alias_file", "tokens", "tokens_match", "transliterate_name"]


@dataclass
class _Compiled:
    entry: AliasEntry
    aliases: list[list[Tok]] = field(default_factory=list)
    own: set[str] = field(default_factory=set)
    title: TitleEntry | None = None

    @cached_property
    def own_keys(self) -> frozenset[str]:
        return frozenset(k for alias in self.aliases for t in alias for k in t.keys)


def _compile(entry: AliasEntry, title: TitleEntry | None = None) -> _Compiled:
    c = _Compiled(entry, title=title)
    seen: set[tuple[str, ...]] = set()
    for lang, names in [*entry.aliases.items(), ("en", [entry.canonical] if title is None else [])]:
        for alias in names:
            toks = [_with_alias_keys(t, lang) for t in tokens(alias)]
            key = tuple(t.norm for t in toks)
            if toks and key not in seen:
                seen.add(key)
                c.aliases.append(toks)
                c.own.update(t.norm for t in toks)
    # A name's own words in Latin letters too: "Vladimir Zelensky" (from Russian "Владимир") is
    # Zelensky, although "Vladimir" is also a word of Putin's name.
    cyrillic = [t.raw for alias in c.aliases for t in alias if is_cyrillic(t.raw)]
    # Not a two-letter word: "Сі" in Latin letters is "Si", another Chinese name ("Xi Si", 习思).
    c.own.update(translit_word(w, lang).casefold() for w in cyrillic if len(w) > 2 for lang in ("uk", "ru"))
    return c


def _with_alias_keys(tok: Tok, lang: str) -> Tok:
    """An alias word with the romanisation keys texts in Latin letters may spell it by."""
    if is_cyrillic(tok.norm):
        keys = {name_key(translit_word(tok.raw, spelling)) for spelling in ("uk", "ru")}
    elif is_latin(tok.norm):
        keys = {name_key(tok.raw, lang if lang in available() else None)}
    else:
        keys = set()
    return Tok(tok.raw, tok.norm, frozenset(k for k in keys if len(k) >= MIN_KEY))


class NameResolver:
    """Canonical names from the built-in alias table plus an optional user file.

    `for_article(article)` gives the same resolver bound to an article: titles resolve to their
    holder on its publication date, Latin spellings are compared by its language's folding.
    """

    def __init__(self, extra: Path | None = None) -> None:
        if extra is None and os.environ.get("SUMMARIZER_ALIASES"):
            extra = Path(os.environ["SUMMARIZER_ALIASES"])
        entries: dict[str, AliasEntry] = {}
        titles: dict[str, TitleEntry] = {}
        for path in [DATA_FILE] + ([Path(extra)] if extra else []):
            table = load_table(path)
            for entry in table.entries:
                entries[entry.canonical] = merge_entry(entries.get(entry.canonical), entry)
            titles.update((t.title, t) for t in table.titles)
        self._entries = entries
        self._titles = titles
        self._day: dt.date | None = None
        self._lang: str | None = None
        # With no day, the holders of a title that changed hands whom the article names (see `_holder`).
        self._named: frozenset[str] = frozenset()
        self._memo: dict[tuple[str, str | None, dt.date | None, frozenset[str]], Name] = {}
        self._mentions_memo: dict[tuple[str, str | None, dt.date | None, frozenset[str]], frozenset[str]] = {}
        people = [_compile(e) for e in entries.values()]
        self._compiled = people + [
            _compile(AliasEntry(canonical=f"title:{t.title}", kind="person", affiliation=t.affiliation,
                                aliases=title_aliases(t, entries)), title=t)
            for t in titles.values()
        ]
        # Inflected forms share at least their first three letters (`tokens_match`), and so do a
        # word and its genitive "s": index by them; other romanisations share their key: index by
        # its first three letters.
        self._by_head: dict[str, list[tuple[_Compiled, list[Tok]]]] = {}
        self._by_key: dict[str, list[tuple[_Compiled, list[Tok]]]] = {}
        for c in self._compiled:
            for alias in c.aliases:
                self._by_head.setdefault(alias[0].norm[:3], []).append((c, alias))
                for k in alias[0].keys:
                    self._by_key.setdefault(k[:3], []).append((c, alias))
        # Tokens of full person names (given names and surnames): an input holding one of
        # them that is not this person's own is a different person ("Donald Putin").
        self._name_tokens = {
            t.norm
            for c in people
            if c.entry.kind == "person"
            for alias in c.aliases
            if len(alias) > 1
            for t in alias
            if len(t.norm) >= 2 and t.norm not in _PARTICLES
        }

    def bound(self, day: dt.date | None, lang: str | None) -> NameResolver:
        """This resolver for text published on `day` in `lang` (sharing the compiled table)."""
        view = copy.copy(self)
        view._day, view._lang = day, lang
        return view

    def for_article(self, article: Article) -> NameResolver:
        """This resolver for one article: its publication date and language. With no publication
        date, a title that changed hands names the one of its holders the article names by name
        ("der Kanzler" beside "Scholz forderte ..."), and nobody when it names none or several."""
        view = self.bound(article.published, article.language)
        if article.published is None:
            view._named = frozenset(view.mentions(article.text))
        return view

    def entry(self, canonical: str) -> AliasEntry | None:
        return self._entries.get(canonical)

    def of_kind(self, canonicals: set[str], kind: NameKind) -> set[str]:
        """Those of `canonicals` the alias table knows as `kind` ("person", "country", ...)."""
        return {c for c in canonicals if (e := self._entries.get(c)) is not None and e.kind == kind}

    def affiliation(self, canonical: str) -> str | None:
        """The country a known person or organisation belongs to; a country is its own."""
        entry = self._entries.get(canonical)
        if entry is None:
            return None
        if entry.kind == "country":
            return entry.affiliation or entry.canonical
        return entry.affiliation

    def resolve(self, as_written: str, *, lang: str | None = None) -> Name:
        """One canonical name for `as_written`; an unknown name is transliterated."""
        # The same few names recur across a batch; matching one is the costly part of verify.
        key = (as_written, lang or self._lang, self._day, self._named)
        hit = self._memo.get(key)
        if hit is None:
            hit = self._memo[key] = self._resolve(as_written, lang=lang or self._lang)
        return hit.model_copy()

    def _resolve(self, as_written: str, *, lang: str | None = None) -> Name:
        toks = with_keys(tokens(as_written), lang)
        if not toks:
            return Name(as_written=as_written, canonical=as_written.strip(), kind="unknown")
        best = self._best(toks, fuzzy=False)
        if best is None:
            best = self._best(toks, fuzzy=True)
        if isinstance(best, tuple) and best[0].kind in ("country", "organisation"):
            # "Посол Китаю Фань Сяньжун", "中国国务院副总理丁薛祥": a title naming a country, then a
            # name the table does not know: the string names that person, not the country. A name
            # only like an organisation's ("Ван Синьхай", "Синьхуа") is no organisation either.
            person = name_part(as_written, lang, whole=not best[1])
            unknown = person and self._best(with_keys(tokens(person), lang), False) is None
            if unknown and (not best[1] or not self._ends_with(best[0], toks)):
                return Name(
                    as_written=as_written,
                    canonical=transliterate_name(person, lang=lang),
                    kind="unknown",
                    method="transliteration",
                )
        if isinstance(best, tuple) and is_han(as_written) and not self._han_alias(as_written):
            # No spaces tell where a Chinese name ends: "王毅军" holds the alias 王毅 but is another
            # name. A name of two to four characters that is no alias as a whole is someone else.
            core = "".join(ch for ch in name_part(as_written, lang, whole=True) if is_han(ch))
            if 2 <= len(core) <= 4 and not self._han_alias(core):
                return Name(as_written=as_written, canonical=han_name(core), kind="unknown", method="transliteration")
        if isinstance(best, tuple):
            entry, exact = best
            return Name(
                as_written=as_written,
                canonical=entry.canonical,
                kind=entry.kind,
                method="alias" if exact else "fuzzy",
            )
        if not isinstance(best, tuple) and (by_surname := self._by_surname(toks)) is not None:
            return Name(as_written=as_written, canonical=by_surname.canonical, kind="person", method="fuzzy")
        # An ambiguous string ("Сі і Путін") is spelled out whole, titles and all.
        return Name(
            as_written=as_written,
            canonical=transliterate_name(as_written, lang=lang, keep_titles=best == "ambiguous"),
            kind="unknown",
            method="transliteration",
        )

    def _by_surname(self, toks: list[Tok]) -> AliasEntry | None:
        """The person whose surname ends the name, when each of its other words is close to a word of
        one of the person's full aliases, or is its initial: "Реджепом Таїпом Ердоганом" (the table
        writes "Тайїп"), "V. Poutine"."""
        if len(toks) < 2 or not all(t.raw[:1].isupper() for t in toks):
            return None
        last = self._best(toks[-1:], fuzzy=False)
        if not isinstance(last, tuple) or last[0].kind != "person":
            return None
        entry = last[0]
        for _, alias in self._pairs_of(entry.canonical):
            if len(alias) != len(toks) or not tok_eq(alias[-1], toks[-1], False):
                continue
            pairs = zip(alias[:-1], toks[:-1], strict=True)
            # An initial stands for a word it opens ("V. Poutine", "В. Путин", "D. Trump").
            if all((len(t.norm) == 1 and a.norm.startswith(t.norm))
                   or fuzz.ratio(t.norm[: len(a.norm)], a.norm) >= SURNAME_FIRST_WORDS for a, t in pairs):
                return entry
        return None

    def _han_alias(self, text: str) -> bool:
        """Is `text` (its characters, folded) exactly an alias of the table, a title's included?"""
        return tuple(t.norm for t in tokens(text) if is_han(t.raw)) in self._han_aliases

    @cached_property
    def _han_aliases(self) -> frozenset[tuple[str, ...]]:
        return frozenset(
            tuple(t.norm for t in alias if is_han(t.raw)) for c in self._compiled for alias in c.aliases
            if any(is_han(t.raw) for t in alias)
        )

    def _ends_with(self, entry: AliasEntry, toks: list[Tok]) -> bool:
        """Does an alias of `entry` end the input ("乌克兰总统办公室" is the office itself)?"""
        for _, alias in self._pairs_of(entry.canonical):
            m = match_alias(alias, toks, False, 1)
            if m is not None and m[0][-1] == len(toks) - 1:
                return True
        return False

    def _pairs_of(self, canonical: str) -> list[tuple[_Compiled, list[Tok]]]:
        return [(c, a) for c in self._compiled if c.entry.canonical == canonical for a in c.aliases]

    def resolve_in(self, as_written: str, text: str, *, lang: str | None = None) -> Name:
        """`resolve`, and for a name the table does not know, the one person `text` (the article)
        names whose English spelling it is close to: a model that writes "Masoud Pesheshkani" or
        "Andriy Sibiha" for "Пезешкіан" or "Сибіга" in the text.

        Close means a rapidfuzz ratio of at least NEAR_SPELLING with the canonical name or an
        English alias, and no other person of the text as close (within NEAR_MARGIN). The text is
        read for names only when some person of the table is that close (reading a whole article
        is the costly part).
        """
        name = self.resolve(as_written, lang=lang)
        if name.kind != "unknown":
            return name
        spelled = name.canonical.casefold()
        score = {c: max(fuzz.ratio(spelled, s) for s in spellings) for c, spellings in self._english_spellings}
        if max(score.values(), default=0.0) < NEAR_SPELLING:
            return name
        scores = sorted((score[c], c) for c in self.of_kind(self.mentions(text), "person") if c in score)
        if not scores or scores[-1][0] < NEAR_SPELLING:
            return name
        if len(scores) > 1 and scores[-2][0] > scores[-1][0] - NEAR_MARGIN:
            return name
        best = self._entries[scores[-1][1]]
        return Name(as_written=as_written, canonical=best.canonical, kind=best.kind, method="fuzzy")

    @cached_property
    def _english_spellings(self) -> list[tuple[str, list[str]]]:
        """Each person's canonical name and English aliases, case-folded."""
        return [
            (e.canonical, [s.casefold() for s in [e.canonical, *e.aliases.get("en", [])]])
            for e in self._entries.values()
            if e.kind == "person"
        ]

    def mentions(self, text: str) -> set[str]:
        """Canonical names whose alias appears in `text` (contiguous, no fuzzy matching); a title
        counts for its holder, unless a name stands right beside it or "former" before it."""
        # Verification asks about the same sentences many times over.
        key = (text, self._lang, self._day, self._named)
        hit = self._mentions_memo.get(key)
        if hit is None:
            if len(self._mentions_memo) > 50_000:
                self._mentions_memo.clear()
            hit = self._mentions_memo[key] = frozenset(self._mentions(text))
        return set(hit)

    def _candidates(self, tok: Tok) -> list[tuple[_Compiled, list[Tok]]]:
        found = self._by_head.get(tok.norm[:3], [])
        if not tok.keys:
            return found
        found = list(found)
        seen = {id(alias) for _, alias in found}
        for k in tok.keys:
            found += [p for p in self._by_key.get(k[:3], ()) if id(p[1]) not in seen]
        return found

    def _mentions(self, text: str) -> set[str]:
        toks = with_keys(tokens(text), self._lang)
        found: set[str] = set()
        named: set[int] = set()  # token positions of people named by their own names
        covered: list[tuple[int, int]] = []  # token ranges of names other than titles
        titles: list[tuple[_Compiled, int, int]] = []
        # An exact or inflected match shares its first three letters with the alias (or its key's
        # first three): only the aliases indexed so can start there.
        for start, tok in enumerate(toks):
            for c, alias in self._candidates(tok):
                if c.title is None and c.entry.canonical in found:
                    continue
                m = match_at(alias, toks, start, False, 0)
                if m is None:
                    continue
                if c.title is not None:
                    titles.append((c, m[0][0], m[0][-1]))
                else:
                    found.add(c.entry.canonical)
                    covered.append((m[0][0], m[0][-1]))
                    if c.entry.kind == "person":
                        named.update(m[0])
        for c, first, last in titles:
            if named & {first - 1, last + 1} or any(a <= first and last <= b for a, b in covered):
                continue  # "президент США Дональд Трамп"; "Офис президента Украины" is an office
            holder = self._holder(c, toks, first, last)
            if holder is not None:
                found.add(holder)
        return found

    def _holder(self, c: _Compiled, toks: list[Tok], first: int, last: int) -> str | None:
        """Who holds the title on the bound day, or None (no holder then; "former" or an aide
        beside it: `name_tokens.former_beside`)."""
        if c.title is None:
            return c.entry.canonical
        if former_beside(toks, first, last):
            return None
        if self._day is None and len({h.canonical for h in c.title.holders}) > 1:
            named = [h.canonical for h in c.title.holders if h.canonical in self._named]
            return named[0] if len(set(named)) == 1 else None
        return c.title.holder(self._day)

    def _best(self, toks: list[Tok], fuzzy: bool) -> tuple[AliasEntry, bool] | Literal["ambiguous"] | None:
        if fuzzy:
            pairs = [(c, a) for c in self._compiled for a in c.aliases]
        else:  # exact and inflected matches share the first three letters (or the key's first three)
            pairs = []
            seen: set[int] = set()
            for tok in toks:
                for p in self._candidates(tok):
                    if id(p[1]) not in seen:
                        seen.add(id(p[1]))
                        pairs.append(p)
        hits: dict[str, tuple[float, int, bool, AliasEntry]] = {}
        rejected = False
        spans: list[tuple[bool, int, int, str]] = []  # (is a title, first, last, canonical)
        for c, alias in pairs:
            m = match_alias(alias, toks, fuzzy, 1)
            if m is None:
                continue
            if not self._plausible(c, alias, toks, m[0]):
                rejected = True
                continue
            entry = self._entry_of(c, toks, m[0][0], m[0][-1])
            if entry is None:
                continue
            rank = _KIND_RANK["title" if c.title is not None else c.entry.kind]
            length = sum(len(t.norm) for t in alias)
            spans.append((c.title is not None, m[0][0], m[0][-1], entry.canonical))
            old = hits.get(entry.canonical)
            if old is None or (rank, length) > (old[0], old[1]):
                hits[entry.canonical] = (rank, length, m[1], entry)
        # A title inside a longer name is part of it: "Офис президента Украины" is the office.
        for is_title, first, last, canonical in spans:
            inside = any(not t and a <= first and last <= b and (a, b) != (first, last) for t, a, b, _ in spans)
            if is_title and inside and not any(not t and c == canonical for t, _, _, c in spans):
                hits.pop(canonical, None)
        scored = sorted(hits.values(), key=lambda s: (s[0], s[1]), reverse=True)
        if not scored:
            return "ambiguous" if rejected else None
        top = scored[0]
        if any((s[0], s[1]) == (top[0], top[1]) for s in scored[1:]):
            return "ambiguous"  # two entries fit equally well: not a guess
        return top[3], top[2]

    def _entry_of(self, c: _Compiled, toks: list[Tok], first: int, last: int) -> AliasEntry | None:
        """The entry a matched alias stands for: a title's holder's (None when nobody holds it)."""
        if c.title is None:
            return c.entry
        holder = self._holder(c, toks, first, last)
        if holder is None:
            return None
        return self._entries.get(holder) or AliasEntry(canonical=holder, kind="person", affiliation=c.entry.affiliation)

    def _plausible(self, c: _Compiled, alias: list[Tok], toks: list[Tok], positions: list[int]) -> bool:
        used = set(positions)
        if c.entry.kind != "person":
            return not any(
                i not in used and t.raw[:1].isupper() and t.raw.isascii() and t.norm not in _EN_TITLES
                for i, t in enumerate(toks)
            )
        last_alias, last_tok = alias[-1].norm, toks[positions[-1]].norm
        if _ADJ_SURNAME.search(last_alias) and last_tok != last_alias:
            p = len(common_prefix(last_alias, last_tok))
            if last_tok[p:] in _FEMININE:
                return False  # "Зеленська" is not "Зеленський"
        if _LATIN_ADJ_SURNAME.search(last_alias) and _LATIN_FEMININE.search(last_tok):
            return False  # nor "Zelenska" "Zelensky"
        if len(alias) == 1 and c.title is None and self._beside_another_name(c, toks, positions[0]):
            return False  # "Xi Ming" is not Xi Jinping, though "Xi" alone is
        if any(other_syllables(a.norm, toks[i].norm) for a, i in zip(alias, positions, strict=True)):
            return False  # "Линь Ицзянь" (Lin Yijian) is not "Линь Цзянь" (Lin Jian)
        for i, tok in enumerate(toks):
            if i in used or tok.norm in c.own:
                continue
            if any(tokens_match(tok.norm, n) for n in self._name_tokens):
                if not any(tokens_match(tok.norm, o) for o in c.own):
                    return False
        return True


    def _beside_another_name(self, c: _Compiled, toks: list[Tok], at: int) -> bool:
        """A capitalised word right beside a one-word alias that is none of the person's own words
        and no title: the alias is part of someone else's name."""
        for i in (at - 1, at + 1):
            if not 0 <= i < len(toks):
                continue
            tok = toks[i]
            if not tok.raw[:1].isupper() or (len(tok.raw) > 1 and tok.raw.isupper()):
                continue  # lower case, or an abbreviation ("РФ", "US")
            if tok.norm in c.own or tok.keys & c.own_keys or _titles().fullmatch(tok.raw):
                continue
            return True
        return False


@lru_cache(maxsize=1)
def _titles() -> re.Pattern[str]:
    """Title words of every language ("President", "Bundeskanzler", "Präsident")."""
    return word_pattern([w for w in words(None, "title_words") if " " not in w]) or re.compile(r"(?!)")
