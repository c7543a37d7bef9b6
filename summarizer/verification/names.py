"""Resolve names as written (any case, inflected, with titles) to one canonical English name.

The alias table is data (`data/aliases.json`, extended by a user file of the same shape named
by `SUMMARIZER_ALIASES`). Unknown names are transliterated, never guessed.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from rapidfuzz import fuzz

from ..core.errors import ConfigError
from ..core.types import Name, NameKind
from ..text.detect import cyrillic_language
from ..text.fold import flat_apostrophes

DATA_FILE = Path(__file__).parent.parent / "data" / "aliases.json"
FUZZY_MIN = 85.0
# A name the table does not know, against the few people the article names (`resolve_in`).
NEAR_SPELLING = 80.0
NEAR_MARGIN = 10.0

# Case endings of Ukrainian and Russian nouns, adjectives and surnames. Two tokens match when
# they share a stem of at least 3 letters and each ends in one of these (or nothing).
_ENDINGS = frozenset(
    "а я у ю о е є і ї и ы ь ів ом ем єм ём ою ею єю ой ей ій ий ый ої ого его ому ему им ім ым "
    "их іх ых ам ям ах ях ами ями ові еві ую юю ая яя ое ее ые ие ьому ього ьої".split()
) | {""}
# A stem ending in "й" (Китай, Дмитрий) alternates it with these; "Дмитриев" must not match.
_J_FORMS = frozenset("я ю ем єм ём е є ї і и ям ях ями ю".split())
_FEMININE = frozenset("а ая ої ой ою ую у ій".split())
_ADJ_SURNAME = re.compile(r"(?:ськ|цьк|зьк|ск|цк|зк)(?:ий|ій|ый)$")
_LATIN_ADJ_SURNAME = re.compile(r"sk(?:y|yy|iy|yi|ii|ij|i)$")
_LATIN_FEMININE = re.compile(r"sk(?:a|aya|aia|aja)$")
_PARTICLES = frozenset("да де ді ди фон дер бин бін ибн ла ле".split())
_HOMOGLYPHS = str.maketrans("aceiopxyk", "асеіорхук")
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_INITIALS = re.compile(r"\b([A-Z])\.")
# English title words; any other capitalised word next to a country name makes it part of
# a longer proper name ("South China Morning Post" is a newspaper, not China).
_EN_TITLES = frozenset(
    "the president vice prime deputy foreign minister ministry leader spokesman spokeswoman "
    "spokesperson secretary state general ambassador envoy chancellor premier chairman official "
    "officials side government embassy aide adviser advisor head chief press defence defense "
    "security council national mr mrs ms dr".split()
)
_KIND_RANK = {"person": 3, "organisation": 2, "country": 1, "unknown": 0}


class AliasEntry(BaseModel):
    """One row of the alias table."""

    model_config = ConfigDict(extra="forbid")

    canonical: str = Field(min_length=1)
    kind: Literal["person", "country", "organisation"]
    affiliation: str | None = None
    role: str | None = None
    aliases: dict[Literal["en", "uk", "ru", "other"], list[str]] = Field(default_factory=dict)


class AliasTable(BaseModel):
    model_config = ConfigDict(extra="forbid")

    entries: list[AliasEntry]


@dataclass(frozen=True)
class _Tok:
    raw: str
    norm: str


@dataclass
class _Compiled:
    entry: AliasEntry
    aliases: list[list[_Tok]] = field(default_factory=list)
    own: set[str] = field(default_factory=set)


_CYRILLIC = re.compile("[\u0400-\u04ff]")


def _is_cyrillic(s: str) -> bool:
    return _CYRILLIC.search(s) is not None


def _is_latin(s: str) -> bool:
    return any("a" <= ch.lower() <= "z" for ch in s)


def tokens(text: str) -> list[_Tok]:
    """Word tokens with their folded form (case, ё, apostrophes, Latin look-alikes)."""
    text = unicodedata.normalize("NFKC", text)
    text = flat_apostrophes(text)
    text = _INITIALS.sub(r"\1", text)
    cyr_context = _is_cyrillic(text)
    out = []
    for m in _TOKEN.finditer(text):
        raw = m.group(0)
        norm = raw.casefold().replace("ё", "е")
        if _is_latin(norm):
            if norm.endswith("'s"):
                norm = norm[:-2]
            # "Ван I" typed with a Latin I, or a Cyrillic word with one Latin letter in it.
            mixed = _is_cyrillic(norm)
            tiny = cyr_context and len(norm) <= 2 and not norm.translate(_HOMOGLYPHS).isascii()
            if mixed or tiny:
                norm = norm.translate(_HOMOGLYPHS)
        out.append(_Tok(raw, norm))
    return out


def tokens_match(a: str, b: str) -> bool:
    """Folded tokens equal, or the same Cyrillic word in another grammatical case."""
    if a == b:
        return True
    if not (_is_cyrillic(a) and _is_cyrillic(b)):
        return False
    p = len(_common_prefix(a, b))
    if p < 3:
        return False
    sa, sb = a[p:], b[p:]
    if sa == "й":
        return sb in _J_FORMS
    if sb == "й":
        return sa in _J_FORMS
    return sa in _ENDINGS and sb in _ENDINGS


def _fuzzy_match(a: str, b: str) -> bool:
    return min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= FUZZY_MIN


def _case_sensitive(alias_tok: _Tok) -> bool:
    """Short Latin abbreviations (US, UN, EU) are ordinary words in lower case."""
    return alias_tok.raw.isascii() and alias_tok.raw.isupper() and len(alias_tok.raw) <= 3


def _tok_eq(alias_tok: _Tok, tok: _Tok, fuzzy: bool) -> int:
    """0 no match, 2 exact or inflected, 1 fuzzy."""
    if _case_sensitive(alias_tok):
        return 2 if tok.raw == alias_tok.raw else 0
    if tokens_match(alias_tok.norm, tok.norm):
        return 2
    if fuzzy and _fuzzy_match(alias_tok.norm, tok.norm):
        return 1
    return 0


def _match_alias(
    alias: list[_Tok], toks: list[_Tok], fuzzy: bool, max_gap: int
) -> tuple[list[int], bool] | None:
    """Positions of the alias tokens in order (small gaps allowed) and whether all were exact."""
    for start in range(len(toks)):
        if (m := _match_at(alias, toks, start, fuzzy, max_gap)) is not None:
            return m
    return None


def _match_at(
    alias: list[_Tok], toks: list[_Tok], start: int, fuzzy: bool, max_gap: int
) -> tuple[list[int], bool] | None:
    """_match_alias with the alias's first token at `start`."""
    first = _tok_eq(alias[0], toks[start], fuzzy)
    if not first:
        return None
    positions, exact = [start], first == 2
    for atok in alias[1:]:
        last = positions[-1]
        found = None
        for i in range(last + 1, min(len(toks), last + 2 + max_gap)):
            q = _tok_eq(atok, toks[i], fuzzy)
            if q:
                found, exact = i, exact and q == 2
                break
        if found is None:
            return None
        positions.append(found)
    return positions, exact


class NameResolver:
    """Canonical names from the built-in alias table plus an optional user file."""

    def __init__(self, extra: Path | None = None) -> None:
        if extra is None and os.environ.get("SUMMARIZER_ALIASES"):
            extra = Path(os.environ["SUMMARIZER_ALIASES"])
        entries: dict[str, AliasEntry] = {}
        for path in [DATA_FILE] + ([Path(extra)] if extra else []):
            for entry in _load(path).entries:
                entries[entry.canonical] = _merge(entries.get(entry.canonical), entry)
        self._entries = entries
        self._memo: dict[tuple[str, str | None], Name] = {}
        self._mentions_memo: dict[str, frozenset[str]] = {}
        self._compiled = [_compile(e) for e in entries.values()]
        # Inflected forms share at least their first three letters: index by the first two.
        self._by_head: dict[str, list[tuple[_Compiled, list[_Tok]]]] = {}
        for c in self._compiled:
            for alias in c.aliases:
                self._by_head.setdefault(alias[0].norm[:2], []).append((c, alias))
        # Tokens of full person names (given names and surnames): an input holding one of
        # them that is not this person's own is a different person ("Donald Putin").
        self._name_tokens = {
            t.norm
            for c in self._compiled
            if c.entry.kind == "person"
            for alias in c.aliases
            if len(alias) > 1
            for t in alias
            if len(t.norm) >= 2 and t.norm not in _PARTICLES
        }

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
        key = (as_written, lang)
        hit = self._memo.get(key)
        if hit is None:
            hit = self._memo[key] = self._resolve(as_written, lang=lang)
        return hit.model_copy()

    def _resolve(self, as_written: str, *, lang: str | None = None) -> Name:
        toks = tokens(as_written)
        if not toks:
            return Name(as_written=as_written, canonical=as_written.strip(), kind="unknown")
        best = self._best(toks, fuzzy=False)
        if best is None:
            best = self._best(toks, fuzzy=True)
        if isinstance(best, tuple):
            entry, exact = best
            return Name(
                as_written=as_written,
                canonical=entry.canonical,
                kind=entry.kind,
                method="alias" if exact else "fuzzy",
            )
        # An ambiguous string ("Сі і Путін") is spelled out whole, titles and all.
        return Name(
            as_written=as_written,
            canonical=transliterate_name(as_written, lang=lang, keep_titles=best == "ambiguous"),
            kind="unknown",
            method="transliteration",
        )

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
        """Canonical names whose alias appears in `text` (contiguous, no fuzzy matching)."""
        # Verification asks about the same sentences many times over.
        hit = self._mentions_memo.get(text)
        if hit is None:
            if len(self._mentions_memo) > 50_000:
                self._mentions_memo.clear()
            hit = self._mentions_memo[text] = frozenset(self._mentions(text))
        return set(hit)

    def _mentions(self, text: str) -> set[str]:
        toks = tokens(text)
        found = set()
        # An exact or inflected match shares its first two letters with the alias: only the
        # aliases indexed under a token's head can start there.
        for start, tok in enumerate(toks):
            for c, alias in self._by_head.get(tok.norm[:2], ()):
                if c.entry.canonical not in found and _match_at(alias, toks, start, False, 0):
                    found.add(c.entry.canonical)
        return found

    def _best(
        self, toks: list[_Tok], fuzzy: bool
    ) -> tuple[AliasEntry, bool] | Literal["ambiguous"] | None:
        if fuzzy:
            pairs = [(c, a) for c in self._compiled for a in c.aliases]
        else:  # exact and inflected matches share the first two letters
            pairs = [p for h in {t.norm[:2] for t in toks} for p in self._by_head.get(h, [])]
        hits: dict[str, tuple[int, bool, _Compiled]] = {}
        rejected = False
        for c, alias in pairs:
            m = _match_alias(alias, toks, fuzzy, 1)
            if m is None:
                continue
            if not self._plausible(c, alias, toks, m[0]):
                rejected = True
                continue
            length = sum(len(t.norm) for t in alias)
            old = hits.get(c.entry.canonical)
            if old is None or length > old[0]:
                hits[c.entry.canonical] = (length, m[1], c)
        scored = [
            (_KIND_RANK[c.entry.kind], length, c.entry, exact) for length, exact, c in hits.values()
        ]
        if not scored:
            return "ambiguous" if rejected else None
        scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
        top = scored[0]
        rivals = [s for s in scored[1:] if (s[0], s[1]) == (top[0], top[1])]
        if rivals:
            return "ambiguous"  # two entries fit equally well: not a guess
        return top[2], top[3]

    def _plausible(
        self, c: _Compiled, alias: list[_Tok], toks: list[_Tok], positions: list[int]
    ) -> bool:
        used = set(positions)
        if c.entry.kind != "person":
            return not any(
                i not in used
                and t.raw[:1].isupper()
                and t.raw.isascii()
                and t.norm not in _EN_TITLES
                for i, t in enumerate(toks)
            )
        last_alias, last_tok = alias[-1].norm, toks[positions[-1]].norm
        if _ADJ_SURNAME.search(last_alias) and last_tok != last_alias:
            p = len(_common_prefix(last_alias, last_tok))
            if last_tok[p:] in _FEMININE:
                return False  # "Зеленська" is not "Зеленський"
        if _LATIN_ADJ_SURNAME.search(last_alias) and _LATIN_FEMININE.search(last_tok):
            return False  # nor "Zelenska" "Zelensky"
        for i, tok in enumerate(toks):
            if i in used or tok.norm in c.own:
                continue
            if any(tokens_match(tok.norm, n) for n in self._name_tokens):
                if not any(tokens_match(tok.norm, o) for o in c.own):
                    return False
        return True


def _common_prefix(a: str, b: str) -> str:
    return os.path.commonprefix([a, b])


def _compile(entry: AliasEntry) -> _Compiled:
    c = _Compiled(entry)
    seen: set[tuple[str, ...]] = set()
    for names in entry.aliases.values():
        for alias in names + [entry.canonical]:
            toks = tokens(alias)
            key = tuple(t.norm for t in toks)
            if toks and key not in seen:
                seen.add(key)
                c.aliases.append(toks)
                c.own.update(t.norm for t in toks)
    # A name's own words in Latin letters too: "Vladimir Zelensky" (from Russian "Владимир") is
    # Zelensky, although "Vladimir" is also a word of Putin's name.
    cyrillic = [t.raw for alias in c.aliases for t in alias if _is_cyrillic(t.raw)]
    c.own.update(_translit_word(w, lang).casefold() for w in cyrillic for lang in ("uk", "ru"))
    return c


def _merge(old: AliasEntry | None, new: AliasEntry) -> AliasEntry:
    """A user row for a known name adds aliases and may override kind, affiliation and role."""
    if old is None:
        return new
    aliases = {k: list(v) for k, v in old.aliases.items()}
    for lang, names in new.aliases.items():
        aliases.setdefault(lang, []).extend(n for n in names if n not in aliases[lang])
    return AliasEntry(
        canonical=old.canonical,
        kind=new.kind,
        affiliation=new.affiliation or old.affiliation,
        role=new.role or old.role,
        aliases=aliases,
    )


@lru_cache(maxsize=8)
def _load(path: Path) -> AliasTable:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"alias file {path} not found (fix SUMMARIZER_ALIASES)") from exc
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"alias file {path} is not readable JSON: {exc}") from exc
    if isinstance(data, list):
        data = {"entries": data}
    try:
        return AliasTable.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(
            f"alias file {path} has the wrong shape: {exc.errors()[0]['msg']} at "
            f"{exc.errors()[0]['loc']} (each entry needs canonical, kind and aliases "
            '{"en": [...], "uk": [...], "ru": [...], "other": [...]})'
        ) from exc


# ------------------------------------------------------------------ transliteration

_UK = dict(
    zip(
        "абвгґдезиіклмнопрстуфхцчшщьй",
        "a b v h g d e z y i k l m n o p r s t u f kh ts ch sh shch _ i".split(),
        strict=True,
    )
)
_UK.update({"є": "ie", "ї": "i", "ю": "iu", "я": "ia", "ж": "zh"})
_UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_RU = dict(
    zip(
        "абвгдезийклмнопрстуфхцчшщыэьъ",
        "a b v g d e z i y k l m n o p r s t u f kh ts ch sh shch y e _ _".split(),
        strict=True,
    )
)
_RU.update({"ё": "yo", "ж": "zh", "ю": "yu", "я": "ya"})
_RU_ENDINGS = (("ий", "y"), ("ый", "y"))


def _translit_word(word: str, lang: str) -> str:
    low = word.lower().replace("'", "")
    out: list[str] = []
    if lang == "uk":
        low = low.replace("зг", "zgh")
        for i, ch in enumerate(low):
            table = _UK_INITIAL if i == 0 and ch in _UK_INITIAL else _UK
            out.append(table.get(ch, ch))
    else:
        suffix = ""
        for end, rep in _RU_ENDINGS:
            if low.endswith(end) and len(low) > 3:
                low, suffix = low[: -len(end)], rep
        for i, ch in enumerate(low):
            if ch == "е" and (i == 0 or low[i - 1] in "аеёиоуыэюяьъ"):
                out.append("ye")
            else:
                out.append(_RU.get(ch, ch))
        out.append(suffix)
    text = "".join(out).replace("_", "")
    return text[:1].upper() + text[1:]


def transliterate_name(
    as_written: str, *, lang: str | None = None, keep_titles: bool = False
) -> str:
    """Latin spelling of an unknown name; titles before the name are left out."""
    words = [t.raw for t in tokens(as_written)]
    if not words:
        return as_written.strip()
    if not _is_cyrillic(as_written):
        return " ".join(as_written.split())
    # Titles are lower case in Ukrainian and Russian: keep the trailing run of capitalised
    # words (abbreviations such as "РФ" end the run: they belong to a title).
    run: list[str] = []
    for w in reversed(words):
        if w[:1].isupper() and not (len(w) > 1 and w.isupper()):
            run.insert(0, w)
        else:
            break
    chosen = words if keep_titles or not run else run
    language = cyrillic_language(as_written, lang) or "ru"
    return " ".join(_translit_word(w, language) if _is_cyrillic(w) else w for w in chosen)


def check_alias_file(path: Path | None) -> None:
    """Raise the ConfigError that this alias file would give, before any model call (None: nothing to check)."""
    if path is not None:
        _load(Path(path))
