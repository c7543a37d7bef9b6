"""Words of a name, folded for matching, and how an alias's words match a text's.

A Chinese or Japanese character is a word of its own (those scripts put no spaces between words),
folded to its simplified form, so "習近平" matches the alias "习近平" inside any run of characters.
Two words match when they are equal once folded, when they are the same Ukrainian or Russian word
in another case, or (Latin letters, capitalised in the text) when their romanisation keys agree
("Selenskyj" and "Zelensky": `lang.romanise.name_key`) or the text adds a genitive "s" ("Putins").
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from ..lang import word_pattern, words
from ..lang.romanise import name_key, split_syllables
from ..text.fold import flat_apostrophes

FUZZY_MIN = 85.0
MIN_KEY = 4  # shorter keys ("Li", "Xi") match only as written

# Case endings of Ukrainian and Russian nouns, adjectives and surnames. Two tokens match when
# they share a stem of at least 3 letters and each ends in one of these (or nothing).
_ENDINGS = frozenset(
    "а я у ю о е є і ї и ы ь ів ом ем єм ём ою ею єю ой ей ій ий ый ої ого его ому ему им ім ым "
    "их іх ых ам ям ах ях ами ями ові еві ую юю ая яя ое ее ые ие ьому ього ьої".split()
) | {""}
# A stem ending in "й" (Китай, Дмитрий) alternates it with these; "Дмитриев" must not match.
_J_FORMS = frozenset("я ю ем єм ём е є ї і и ям ях ями ю".split())
_HOMOGLYPHS = str.maketrans("aceiopxyk", "асеіорхук")
_HAN = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_HAN}]|[^\W_{_HAN}]+(?:'[^\W_{_HAN}]+)*")
_HAN_TOKEN = re.compile(f"[{_HAN}]")
_INITIALS = re.compile(r"\b([A-Z])\.")
# Initials written with spaces ("U. S. President", "J. D. Vance") are one word, as "U.S." is.
_SPACED_INITIALS = re.compile(r"\b([A-Z])\.\s(?=[A-Z]\.)")
_CYRILLIC = re.compile("[\u0400-\u04ff]")


@dataclass(frozen=True)
class Tok:
    raw: str
    norm: str
    keys: frozenset[str] = field(default=frozenset(), compare=False)


_LATIN = re.compile("[a-zA-Z]")


def is_cyrillic(s: str) -> bool:
    return _CYRILLIC.search(s) is not None


def is_latin(s: str) -> bool:
    return _LATIN.search(s) is not None


@lru_cache(maxsize=8192)
def _simplified(ch: str) -> str:
    from ..lang import opencc_converter  # OpenCC, as the Chinese pack's forms

    return str(opencc_converter("t2s").convert(ch)) or ch


def tokens(text: str) -> list[Tok]:
    """Word tokens with their folded form (case, ё, apostrophes, Latin look-alikes, simplified Chinese)."""
    return list(_tokens(text))


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[Tok, ...]:
    # Verification tokenises the same sentences and names many times over.
    text = unicodedata.normalize("NFKC", text)
    text = flat_apostrophes(text)
    text = _INITIALS.sub(r"\1", _SPACED_INITIALS.sub(r"\1.", text))
    cyr_context = is_cyrillic(text)
    out = []
    for m in _TOKEN.finditer(text):
        raw = m.group(0)
        if len(raw) == 1 and _HAN_TOKEN.match(raw):
            out.append(Tok(raw, _simplified(raw)))
            continue
        norm = raw.casefold().replace("ё", "е")
        if is_latin(norm):
            if norm.endswith("'s"):
                norm = norm[:-2]
            # "Ван I" typed with a Latin I, or a Cyrillic word with one Latin letter in it.
            mixed = is_cyrillic(norm)
            tiny = cyr_context and len(norm) <= 2 and not norm.translate(_HOMOGLYPHS).isascii()
            if mixed or tiny:
                norm = norm.translate(_HOMOGLYPHS)
        out.append(Tok(raw, norm))
    return tuple(out)


def with_keys(toks: list[Tok], lang: str | None) -> list[Tok]:
    """The tokens with their romanisation keys: capitalised Latin words only (names)."""
    out = []
    for t in toks:
        key = name_key(t.raw, lang) if t.raw[:1].isupper() and _latin_word(t.norm) else ""
        out.append(Tok(t.raw, t.norm, frozenset({key})) if len(key) >= MIN_KEY else t)
    return out


def _latin_word(norm: str) -> bool:
    return is_latin(norm) and not is_cyrillic(norm)


def tokens_match(a: str, b: str) -> bool:
    """Folded tokens equal, or the same Cyrillic word in another grammatical case."""
    if a == b:
        return True
    if not (is_cyrillic(a) and is_cyrillic(b)):
        return False
    p = len(common_prefix(a, b))
    if p < 3:
        return False
    return _endings_match(a[p:], b[p:]) or (p > 3 and _endings_match(a[p - 1 :], b[p - 1 :]))


def _endings_match(sa: str, sb: str) -> bool:
    """The ends after a shared stem are two case endings ("американск-им", "американск-ий": the
    stem shared up to the "и" of both is one letter too long)."""
    if sa == "й":
        return sb in _J_FORMS
    if sb == "й":
        return sa in _J_FORMS
    return sa in _ENDINGS and sb in _ENDINGS


def common_prefix(a: str, b: str) -> str:
    return os.path.commonprefix([a, b])


def _fuzzy_match(a: str, b: str) -> bool:
    return min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= FUZZY_MIN


def _case_sensitive(alias_tok: Tok) -> bool:
    """Short Latin abbreviations (US, UN, EU) are ordinary words in lower case."""
    return alias_tok.raw.isascii() and alias_tok.raw.isupper() and len(alias_tok.raw) <= 3


def tok_eq(alias_tok: Tok, tok: Tok, fuzzy: bool) -> int:
    """0 no match, 2 exact, inflected or the same romanisation, 1 fuzzy."""
    if _case_sensitive(alias_tok):
        return 2 if tok.raw == alias_tok.raw else 0
    if tokens_match(alias_tok.norm, tok.norm):
        return 2
    if tok.keys and alias_tok.keys & tok.keys:
        return 2
    if (
        tok.raw[:1].isupper()
        and len(alias_tok.norm) >= MIN_KEY
        and tok.norm == alias_tok.norm + "s"
        and _latin_word(alias_tok.norm)
    ):
        return 2  # "Putins Sprecher", "Macrons Besuch"
    if fuzzy and _fuzzy_match(alias_tok.norm, tok.norm):
        return 1
    return 0


def match_alias(alias: list[Tok], toks: list[Tok], fuzzy: bool, max_gap: int) -> tuple[list[int], bool] | None:
    """Positions of the alias tokens in order (small gaps allowed) and whether all were exact."""
    for start in range(len(toks)):
        if (m := match_at(alias, toks, start, fuzzy, max_gap)) is not None:
            return m
    return None


def match_at(
    alias: list[Tok], toks: list[Tok], start: int, fuzzy: bool, max_gap: int
) -> tuple[list[int], bool] | None:
    """match_alias with the alias's first token at `start`."""
    first = tok_eq(alias[0], toks[start], fuzzy)
    if not first:
        return None
    if _HAN_TOKEN.match(alias[0].norm):
        max_gap = 0  # one character is one token: "国务院副总理" is not "国务院总理"
    positions, exact = [start], first == 2
    for atok in alias[1:]:
        last = positions[-1]
        found = None
        for i in range(last + 1, min(len(toks), last + 2 + max_gap)):
            q = tok_eq(atok, toks[i], fuzzy)
            if q:
                found, exact = i, exact and q == 2
                break
        if found is None:
            return None
        positions.append(found)
    return positions, exact


_CYRILLIC_WORD = re.compile(r"[а-яёіїєґʼ']+")


def other_syllables(alias: str, written: str) -> bool:
    """Two Cyrillic words that both spell Chinese syllables in Palladius, and different ones, when
    neither is the other with a case ending: another Chinese name, however close the letters
    ("ицзянь" yi-jian, "цзяньи" jian-yi, "цзянь" jian)."""
    if not _CYRILLIC_WORD.fullmatch(alias + written) or _inflected(alias, written):
        return False
    for lang in ("ru", "uk"):
        a, w = split_syllables(alias, lang), split_syllables(written, lang)
        if a and w and a != w:
            return True
    return False


def _inflected(alias: str, written: str) -> bool:
    """The word itself or it with a case ending: "цзіньпіна" of "цзіньпін", "цзяня" of "цзянь" (the
    soft sign goes), not "цзяньи" (jian-yi)."""
    if alias.endswith("ь"):
        return written == alias or (written.startswith(alias[:-1]) and not written.startswith(alias))
    return written.startswith(alias)


FORMER_BACK = 3  # "an aide to the Russian president": a few function words between


@lru_cache(maxsize=1)
def _former() -> tuple[re.Pattern[str], frozenset[str]]:
    """'Former' and aide words of every language ("колишній", "ex", "ehemalige", "前", "conseiller"),
    and the function words that may stand between one and a title."""
    former = word_pattern(words(None, "reports.former")) or re.compile(r"(?!)")
    return former, frozenset(w.casefold() for w in words(None, "function_words"))


def former_beside(toks: list[Tok], first: int, last: int) -> bool:
    """A word for "former" or for an aide (the packs' `reports.former`) beside the title at tokens
    first..last: the words name someone else. Before it ("ex", "conseiller du président russe", "an
    aide to the Russian president", past function words only), or after it when the title is
    possessive ("the Russian leader's assistant") or written without spaces ("俄罗斯总统助理")."""
    former, minor = _former()
    if any(former.fullmatch(t.raw) for t in toks[max(0, first - 2) : first]):
        return True
    for t in reversed(toks[max(0, first - FORMER_BACK - 1) : first]):
        if former.fullmatch(t.raw):
            return True
        if t.norm not in minor:
            break
    after = toks[last + 1 : last + 5]
    if _HAN_TOKEN.fullmatch(toks[last].raw):  # one character after a title is another word ("总统前往")
        m = former.match("".join(t.raw for t in after))
        return m is not None and len(m.group()) > 1
    if toks[last].raw.endswith("'s"):
        return any(former.fullmatch(t.raw) for t in after[:2])
    return False
