"""Decode article bytes: BOMs, UTF-8, UTF-16 without a BOM, legacy Cyrillic and Latin encodings."""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

from charset_normalizer import from_bytes

from ..core.errors import InputError

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)


_CYRILLIC_ENCODINGS = ("cp1251", "koi8_r", "koi8_u", "cp866", "iso8859_5", "mac_cyrillic", "cp1125")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# Common encodings win close calls: a short cp1251 text reads almost as well as mac-cyrillic.
_PRIOR = {"cp1251": 0.1, "koi8-r": 0.05}
_CONTROL_BYTES = bytes(sorted(frozenset(range(32)) - {9, 10, 12, 13, 27}))
_COMMON_CYR = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїє")
# Frequent Russian and Ukrainian letter pairs; mis-decoded text (koi8-r read as cp1251) has few.
_BIGRAMS = frozenset(
    "ст но то на ен ов ни ра во ко ал ер пр ре ос ро ли по ка ет он го ог ть ва не ан та ор ол ит "
    "ль ел ла ин от ск ле ое ес ом ам ых ми ти де ны ия ри ий ів ві ій ся ін ні ці що за ви ки "
    "од ав ає ку ди ду ча ат ед ем ту ну ак ек ую ож зн ая ят ою ии ей".split()
)
_PLAIN_PUNCT = set(" \t\n.,;:!?-–—'\"«»„“”’()[]/%$№…+*&@#=_<>|~^`{}\\")


# A well-formed multi-byte UTF-8 sequence. Legacy Cyrillic text read as UTF-8 has almost none
# (a capital letter before "і" is one, by chance), but damaged UTF-8 is full of them.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
# Damaged UTF-8: at least this many well-formed multi-byte characters for each invalid sequence.
UTF8_DAMAGE_RATIO = 10


class Decoded(NamedTuple):
    """Decoded text, the encoding used, and how many invalid sequences were replaced with U+FFFD."""

    text: str
    encoding: str
    replaced: int = 0


def decode_bytes(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """Decode article bytes: BOMs, then UTF-8, then the most plausible legacy encoding."""
    text, encoding, _ = decode(data, path)
    return text, encoding


def decode(data: bytes, path: str = "<bytes>") -> Decoded:
    """`decode_bytes`, and damaged UTF-8 read as UTF-8 with the bad bytes replaced (and counted)."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(enc).lstrip("\ufeff"), enc)
            except UnicodeDecodeError:
                raise InputError(
                    path, f"starts with a {enc} byte-order mark but is not {enc}",
                    "re-save the file as UTF-8",
                ) from None
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if b"\x00" in data or controls > 0.02 * len(data):
        found = _decode_utf16_without_bom(data)
        if found:
            return Decoded(*found)
        raise InputError(path, "is a binary file, not text", "give a .txt, .md or .html article")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return damaged
    return Decoded(*_decode_legacy(data, path))


def _damaged_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few invalid bytes (a cut download, one flipped byte) as UTF-8, never as a legacy code page."""
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd") - data.count("\ufffd".encode())
    wellformed = len(_UTF8_MULTIBYTE.findall(data))
    if replaced > 0 and wellformed >= UTF8_DAMAGE_RATIO * replaced:
        return Decoded(text, "utf-8", replaced)
    return None


def _decode_utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    found = []
    for enc in ("utf-16-le", "utf-16-be") if len(data) % 2 == 0 else ():
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        alnum = [c for c in text if c.isalnum()]
        european = sum(c < "\u0530" for c in alnum)  # Latin and Cyrillic, not random CJK
        if alnum and european > 0.9 * len(alnum) and _oddness(text) < 0.1:
            found.append((-european, text, enc))
    return min(found)[1:] if found else None


def _decode_legacy(data: bytes, path: str) -> tuple[str, str]:
    declared = _META_CHARSET.search(data[:4096])
    names = [declared.group(1).decode("ascii")] if declared else []
    names += list(_CYRILLIC_ENCODINGS)
    guesses = [m.encoding for m in list(from_bytes(data))[:5]]
    names += [*guesses, "cp1252"]
    decoded: list[tuple[str, str]] = []
    for name in dict.fromkeys(_canonical(n) for n in names if _canonical(n)):
        try:
            decoded.append((data.decode(name), name))
        except (UnicodeDecodeError, LookupError):
            continue
    if not decoded:
        raise InputError(path, "cannot be decoded as text", "re-save the file as UTF-8")
    cyrillic = [(t, n) for t, n in decoded if _cyrillic_share(t) > 0.3]
    if cyrillic:
        # charset-normalizer mixes up cp1251/koi8-r on short texts: judge by letters and case.
        best = max(cyrillic, key=lambda d: _cyrillic_score(d[0]) + _PRIOR.get(d[1], 0.0))
    else:
        # Latin text: the least odd reading; ties go to the declared charset, then cp1252
        order = [*names[: bool(declared)], "cp1252", *guesses]
        rank = {n: i for i, n in reversed(list(enumerate(_canonical(x) for x in order)))}
        best = min(decoded, key=lambda d: (round(_oddness(d[0]), 3), rank.get(d[1], 99)))
    if _oddness(best[0]) > 0.15:
        raise InputError(path, "has an unknown text encoding", "re-save the file as UTF-8")
    return best


def _canonical(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return ""


def _oddness(text: str) -> float:
    """Share of characters that are neither letters, digits, spaces nor plain punctuation."""
    if not text:
        return 1.0
    odd = sum(1 for c in text if not (c.isalnum() or c in _PLAIN_PUNCT))
    return odd / len(text)


def _cyrillic_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(1 for c in letters if _CYRILLIC.match(c)) / len(letters) if letters else 0.0


def _cyrillic_score(text: str) -> float:
    """Plausibility of a Cyrillic reading: common bigrams, clean words, lowercase inside words."""
    tokens = [t.strip("".join(_PLAIN_PUNCT)) for t in text.split()]
    chars = "".join(tokens)
    if not chars:
        return 0.0
    good = sum(c.lower() in _COMMON_CYR or c.isascii() and c.isalnum() or c in "-'’" for c in chars)
    inner = [c for t in tokens for c in t[1:] if c.isalpha()]
    lower = sum(c.islower() for c in inner) / len(inner) if inner else 0.0
    words = re.findall(r"[\u0400-\u04ff]+", text.lower())
    pairs = [w[i : i + 2] for w in words for i in range(len(w) - 1)]
    bigram = sum(p in _BIGRAMS for p in pairs) / len(pairs) if pairs else 0.0
    starts = re.findall(r"(?:\A|[.!?]\s+|\n)[\s\"'«„“(\[–—-]*(\w)", text)
    capital = sum(c.isupper() for c in starts) / len(starts) if starts else 0.0
    return 3 * bigram + 2 * good / len(chars) + 0.5 * lower + 0.5 * capital - 10 * _oddness(text)

