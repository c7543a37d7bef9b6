"""Names in Latin letters, whatever script they were written in, and a key that matches them across
romanisation systems.

- Chinese characters: pypinyin ("习近平", "習近平" -> "Xi Jinping"), the surname read as a surname
  (单 is Shan) and a foreign name's parts kept apart ("马苏德·佩泽希齐扬" -> "Masude Peizexiqiyang").
- Chinese names written in Cyrillic: the Palladius system, read backwards ("Си Цзиньпин",
  "Сі Цзіньпін" -> "Xi Jinping"; "Ван И" -> "Wang Yi"). The syllable table is not written by hand: it
  is every syllable pypinyin's dictionary knows, spelt by Palladius's rules (`palladius`), Russian and
  Ukrainian; a Cyrillic name is taken for Chinese only when every word splits into such syllables
  and the first is a Chinese surname.
- `name_key`: one spelling of a romanised name for comparison ("Selenskyj", "Zelensky",
  "Zelenskyi" -> "selenski"; "Ouchakov", "Uschakow", "Ushakov" -> "usakov"): anyascii, then the
  language pack's `name_folding` (French "ou" is "u", German "sch" is "sh"), then folding common to
  all (kh/h, w/v, y/i/j, z/s, doubled letters).
"""

from __future__ import annotations

import functools
import json
import math
import re
import unicodedata
from importlib import resources

from anyascii import anyascii

from . import pack

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_FOREIGN_DOT = re.compile(r"\s*[·•・‧.]\s*")


@functools.lru_cache(maxsize=1)
def _names_data() -> dict[str, object]:
    path = resources.files(__package__) / "data" / "chinese_names.json"
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


def is_han(text: str) -> bool:
    """Does the text hold Chinese characters?"""
    return _HAN.search(text) is not None


# ------------------------------------------------------------------------- pinyin


def _pinyin(text: str) -> list[str]:
    from pypinyin import lazy_pinyin

    return [s for s in lazy_pinyin(text, v_to_u=True, errors="ignore") if s.strip()]


def han_name(text: str) -> str:
    """A name written in Chinese characters, in pinyin: surname first, given name joined."""
    text = "".join(ch for ch in text if is_han(ch) or _FOREIGN_DOT.fullmatch(ch))
    parts = [p for p in _FOREIGN_DOT.split(text) if p]
    if len(parts) > 1:  # a foreign name, its parts in their own order
        return " ".join("".join(_pinyin(p)).capitalize() for p in parts)
    if not parts:
        return ""
    name = parts[0]
    compound: dict[str, str] = _names_data()["compound_surnames"]  # type: ignore[assignment]
    readings: dict[str, str] = _names_data()["surname_readings"]  # type: ignore[assignment]
    if len(name) > 2 and name[:2] in compound:
        surname, given = compound[name[:2]], name[2:]
    else:
        surname = readings.get(name[0]) or "".join(_pinyin(name[0]))
        given = name[1:]
    return " ".join(p for p in (surname.capitalize(), "".join(_pinyin(given)).capitalize()) if p)


# ------------------------------------------------------------------------ Palladius

_INITIALS = (
    ("zh", "чж"), ("ch", "ч"), ("sh", "ш"), ("b", "б"), ("p", "п"), ("m", "м"), ("f", "ф"), ("d", "д"),
    ("t", "т"), ("n", "н"), ("l", "л"), ("g", "г"), ("k", "к"), ("h", "х"), ("j", "цз"), ("q", "ц"),
    ("x", "с"), ("r", "ж"), ("z", "цз"), ("c", "ц"), ("s", "с"),
)
_FINALS = {
    "a": "а", "o": "о", "e": "э", "ai": "ай", "ei": "эй", "ao": "ао", "ou": "оу", "an": "ань", "en": "энь",
    "ang": "ан", "eng": "эн", "ong": "ун", "er": "эр", "i": "и", "ia": "я", "ie": "е", "iao": "яо", "iu": "ю",
    "ian": "янь", "in": "инь", "iang": "ян", "ing": "ин", "iong": "юн", "u": "у", "ua": "уа", "uo": "о",
    "uai": "уай", "ui": "уй", "uan": "уань", "un": "унь", "uang": "уан", "v": "юй", "ve": "юэ", "van": "юань",
    "vn": "юнь",
}
_NO_INITIAL = {
    "yi": "и", "ya": "я", "ye": "е", "yao": "яо", "you": "ю", "yan": "янь", "yin": "инь", "yang": "ян",
    "ying": "ин", "yong": "юн", "yu": "юй", "yue": "юэ", "yuan": "юань", "yun": "юнь", "wu": "у", "wa": "ва",
    "wo": "во", "wai": "вай", "wei": "вэй", "wan": "вань", "wen": "вэнь", "wang": "ван", "weng": "вэн",
}
# Ukrainian spells the same sounds with its own letters: и is і, ы is и, э is е (and е may be є).
_UK_LETTERS = {"и": ("і",), "ы": ("и",), "э": ("е",), "е": ("е", "є")}


def palladius(syllable: str) -> str | None:
    """The Russian Palladius spelling of a pinyin syllable without tone ('jin' -> 'цзинь'), or None."""
    if syllable in _NO_INITIAL:
        return _NO_INITIAL[syllable]
    initial, cyrillic, final = "", "", syllable
    for ini, cyr in _INITIALS:
        if syllable.startswith(ini) and len(syllable) > len(ini):
            initial, cyrillic, final = ini, cyr, syllable[len(ini) :]
            break
    if initial in ("j", "q", "x") and final.startswith("u"):
        final = "v" + final[1:]  # ju, que, xuan are jü, qüe, xüan
    if final == "i" and initial in ("z", "c", "s"):
        return cyrillic + "ы"
    if initial == "h" and final == "ui":
        return "хуэй"
    spelt = _FINALS.get(final)
    return cyrillic + spelt if spelt is not None else None


def _ukrainian(russian: str) -> set[str]:
    forms = [""]
    for ch in russian:
        forms = [f + alt for f in forms for alt in _UK_LETTERS.get(ch, (ch,))]
    return set(forms)


@functools.lru_cache(maxsize=1)
def syllables() -> dict[str, int]:
    """Every toneless pinyin syllable of pypinyin's dictionary, with how many characters read so."""
    from pypinyin.pinyin_dict import pinyin_dict

    tones = {"\u0300", "\u0301", "\u0304", "\u030c"}
    counts: dict[str, int] = {}
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            bare = "".join(c for c in unicodedata.normalize("NFD", reading) if c not in tones)
            bare = unicodedata.normalize("NFC", bare).replace("ü", "v")
            if re.fullmatch(r"[a-z]+", bare) and bare not in ("m", "n", "ng", "hm", "hng"):
                counts[bare] = counts.get(bare, 0) + 1
    return counts


@functools.lru_cache(maxsize=2)
def cyrillic_syllables(lang: str) -> dict[str, str]:
    """Cyrillic Palladius spelling ('ru' or 'uk') -> pinyin; where two syllables share a spelling,
    the one more characters read so."""
    best: dict[str, tuple[int, str]] = {}
    for syllable, count in syllables().items():
        russian = palladius(syllable)
        if russian is None:
            continue
        for spelt in _ukrainian(russian) if lang == "uk" else {russian}:
            if spelt not in best or count > best[spelt][0]:
                best[spelt] = (count, syllable)
    return {spelt: syllable for spelt, (_, syllable) in best.items()}


def split_syllables(word: str, lang: str) -> list[str] | None:
    """The pinyin syllables a Cyrillic word spells in Palladius ('цзиньпин' -> ['jin', 'ping']), the
    fewest that cover it (then the commoner), or None when it is not spelt so."""
    table = cyrillic_syllables(lang)
    counts = syllables()
    word = word.lower().replace("ї", "і")
    best: list[tuple[int, float, list[str]] | None] = [None] * (len(word) + 1)
    best[0] = (0, 0.0, [])
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 6), end):
            prev = best[start]
            syllable = table.get(word[start:end])
            if prev is None or syllable is None:
                continue
            cand = (prev[0] + 1, prev[1] - math.log(counts.get(syllable, 1)), [*prev[2], syllable])
            if best[end] is None or cand[:2] < best[end][:2]:  # type: ignore[index]
                best[end] = cand
    found = best[len(word)]
    return found[2] if found is not None else None


def chinese_name_from_cyrillic(name: str, lang: str | None = None) -> str | None:
    """'Си Цзиньпин' -> 'Xi Jinping' when the Cyrillic name is a Chinese one in Palladius, else None.

    Two or three words; the first a Chinese surname (one syllable, or a compound surname), the given
    name one or two syllables in all.
    """
    words = [w for w in re.split(r"[\s\-‐]+", name.strip()) if w]
    if not 2 <= len(words) <= 3 or not all(re.fullmatch(r"[\u0400-\u04ff]+", w) for w in words):
        return None
    order = ["uk", "ru"] if lang == "uk" or re.search("[іїєґ]", name.lower()) else ["ru", "uk"]
    surnames = set(_names_data()["surnames"])  # type: ignore[call-overload]
    compound = set(_names_data()["compound_surnames"].values())  # type: ignore[attr-defined]
    for table in order:
        parts = [split_syllables(w, table) for w in words]
        if any(p is None for p in parts):
            continue
        head, given = parts[0], [s for p in parts[1:] for s in p or []]
        surname = "".join(head or [])
        if not ((len(head or []) == 1 and surname in surnames) or surname in compound) or not 1 <= len(given) <= 2:
            continue
        return f"{surname.capitalize()} {''.join(given).capitalize()}".replace("v", "ü")
    return None


# --------------------------------------------------------------------- matching key

# Folding common to every romanisation: the letters systems spell one sound with.
_COMMON = (
    ("shch", "sh"), ("tsch", "ch"), ("sch", "sh"), ("dzh", "j"), ("zh", "sh"), ("kh", "h"), ("ck", "k"),
    ("ph", "f"), ("ou", "u"), ("ts", "z"), ("tz", "z"), ("w", "v"), ("y", "i"), ("j", "i"), ("z", "s"),
    ("x", "ks"), ("q", "k"),
)


@functools.lru_cache(maxsize=4096)
def name_key(name: str, lang: str | None = None) -> str:
    """A name's comparison form across romanisations: anyascii, case folded, the language's own
    folding (its pack's `name_folding`), then the common one; doubled letters single."""
    text = anyascii(name).casefold()
    if lang:
        for rule, replacement in pack(lang).name_folding:
            text = re.sub(rule, replacement, text)
    for old, new in _COMMON:
        text = text.replace(old, new)
    words = [re.sub(r"(.)\1+", r"\1", re.sub(r"[^a-z]", "", w)) for w in text.split()]
    return " ".join(w for w in words if w)


__all__ = [
    "chinese_name_from_cyrillic",
    "cyrillic_syllables",
    "han_name",
    "is_han",
    "name_key",
    "palladius",
    "split_syllables",
    "syllables",
]
