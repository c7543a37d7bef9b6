"""Language packs: everything the checks know about one language, as data, loaded by language code.

One JSON file per language in `packs/` (docs/languages.md shows how to add one; `schema.py` says what
each field is for). A word list entry is a phrase; a trailing `*` on a word stands for any ending
("заяв*" is "заявив", "заявила", ...). A language without a pack gets `LanguagePack(code=...)`, whose
lists are empty: the checks that need them report "not checked" for its articles instead of failing
them (`unchecked`).

Text in one language often carries another's words (a Ukrainian article quoting a Russian source):
`packs_for(code)` is the language's pack and those it names in `also`. Words a model writes (its
figures, its "the sides") may be in any language: `packs_for(None)` is every pack.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from importlib import resources

from ..core.errors import ConfigError
from .schema import LanguagePack

_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def base_code(code: str | None) -> str:
    """'zh' of 'zh-Hant', 'en' of 'EN'."""
    return (code or "").replace("_", "-").split("-")[0].lower()


@functools.lru_cache(maxsize=64)
def pack(code: str) -> LanguagePack:
    """The pack of a language code ('uk', 'zh', ...); an empty pack when the language has none."""
    name = base_code(code)
    path = resources.files(__package__) / "packs" / f"{name}.json"
    if not name or not path.is_file():
        return LanguagePack(code=code)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        LanguagePack.model_validate(data)  # the file as written must be valid
        if data.get("script_variants"):
            data = _with_variants(data, tuple(data["script_variants"]))
        return LanguagePack.model_validate(data)
    except (ValueError, OSError) as exc:
        raise ConfigError(f"language pack {path} is not valid: {exc} (see docs/languages.md)") from exc


def _with_variants(data: object, conversions: tuple[str, ...]) -> object:
    """Every word list of a pack's data with the words' forms in other scripts added after them."""
    if isinstance(data, dict):
        return {k: (v if k in ("code", "name", "script_note", "script_variants") else _with_variants(v, conversions))
                for k, v in data.items()}
    if isinstance(data, list) and data and all(isinstance(w, str) for w in data):
        out = dict.fromkeys(data)
        for conversion in conversions:
            out.update(dict.fromkeys(opencc_converter(conversion).convert(w) for w in data))
        return list(out)
    if isinstance(data, list):
        return [_with_variants(v, conversions) for v in data]
    return data


@functools.lru_cache(maxsize=8)
def opencc_converter(conversion: str):  # type: ignore[no-untyped-def]
    import opencc  # only packs that name a conversion need it

    return opencc.OpenCC(conversion)


@functools.lru_cache(maxsize=32)
def available() -> tuple[str, ...]:
    """The language codes that have a pack, in order."""
    folder = resources.files(__package__) / "packs"
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json")))


@functools.lru_cache(maxsize=64)
def packs_for(code: str | None) -> tuple[LanguagePack, ...]:
    """The packs whose words apply to a text in `code`: its own, then those it lists in `also`.

    None stands for text in any language (what a model writes): every pack.
    """
    if code is None:
        return tuple(pack(c) for c in available())
    own = pack(code)
    return (own, *(pack(c) for c in own.also if base_code(c) != base_code(code)))


def field_words(p: LanguagePack, path: str) -> list[str]:
    """The word list at a dotted field path of one pack ('formats.phone', 'reporting_verbs')."""
    value: object = p
    for part in path.split("."):
        value = getattr(value, part)
    if not isinstance(value, list):
        raise TypeError(f"{path} is not a word list")
    return [w for w in value if isinstance(w, str)]


@functools.lru_cache(maxsize=1024)
def words(code: str | None, path: str) -> tuple[str, ...]:
    """The word list at `path` of every pack that applies to `code`, without repeats."""
    seen: dict[str, None] = {}
    for p in packs_for(code):
        seen.update(dict.fromkeys(field_words(p, path)))
    return tuple(seen)


@functools.lru_cache(maxsize=32)
def digit_forms(lang: str | None) -> list[str]:
    """Regexes of the packs' dates written in digits ('Y年M月D日'), with named groups y, m, d."""
    out = []
    for template in words(lang, "dates.digit_dates"):
        rx = ""
        for ch in template:
            rx += {"Y": r"(?P<y>(?:19|20)\d\d)", "M": r"(?P<m>\d{1,2})", "D": r"(?P<d>\d{1,2})"}.get(
                ch, r"\s*" + re.escape(ch) + r"\s*"
            )
        out.append(rx)
    return sorted(set(out), key=len, reverse=True)


def word_pattern(
    phrases: Iterable[str], *, tail: str = r"\w*", end: str = r"(?!\w)", start: str = r"(?<!\w)"
) -> re.Pattern[str] | None:
    """One regex for a word list: whole words, `*` for any ending, spaces as any white space.

    Words of scripts written without spaces (Chinese, Japanese) match anywhere. `tail` is what a `*`
    stands for; `start` and `end` bound a phrase of a spaced script. Apostrophes are folded to "'"
    (match against `text.fold.flat_apostrophes` of the text when it may hold others).
    """
    body = phrase_bodies(phrases, tail=tail)
    if not body:
        return None
    parts = [b if unspaced(p) else f"{start}{b}{end}" for p, b in body]
    return re.compile("|".join(parts), re.IGNORECASE)


def phrase_bodies(phrases: Iterable[str], *, tail: str = r"\w*") -> list[tuple[str, str]]:
    """(phrase, regex body) per phrase, longest first: for patterns that need their own bounds."""
    out = []
    for phrase in sorted({_flat(p) for p in phrases if p.strip()}, key=len, reverse=True):
        tokens = [re.escape(w[:-1]) + tail if w.endswith("*") and len(w) > 1 else re.escape(w) for w in phrase.split()]
        out.append((phrase, r"\s+".join(tokens)))
    return out


@functools.lru_cache(maxsize=512)
def pattern(code: str | None, path: str, tail: str = r"\w*", end: str = r"(?!\w)") -> re.Pattern[str] | None:
    """`word_pattern` of `words(code, path)`, compiled once."""
    return word_pattern(words(code, path), tail=tail, end=end)


def unspaced(phrase: str) -> bool:
    """A phrase of a script written without spaces between words (Chinese, Japanese)."""
    return _CJK.search(phrase) is not None


_APOSTROPHES = str.maketrans({c: "'" for c in "’‘ʼ`´ʹ′"})


def _flat(phrase: str) -> str:
    return phrase.translate(_APOSTROPHES).strip()


# What each check needs from a pack, for the note on an article whose language lacks it.
CHECKS: dict[str, tuple[str, ...]] = {
    "format words": ("formats.phone", "formats.video", "formats.in_person"),
    "number words": (),  # number_words, a mapping: see unchecked()
    "weekday and relative date words": ("dates.weekdays", "dates.day_words"),
    "dates relative to another event": ("dates.after", "dates.before"),
    "reporting verbs": ("reporting_verbs",),
    "commentary words": ("commentary_words",),
    "events mentioned in passing": ("reports.event_words",),
    "'the sides' as a subject": ("reports.both_sides",),
    "boilerplate markers": ("boilerplate.read_also", "boilerplate.captions"),
}


@functools.lru_cache(maxsize=64)
def unchecked(code: str) -> tuple[str, ...]:
    """The checks that cannot run on text in `code`: its pack (or lack of one) has no words for them."""
    own = pack(code)
    missing = []
    for check, paths in CHECKS.items():
        if check == "number words":
            empty = not own.number_words
        else:
            empty = all(not _field(own, p) for p in paths)
        if empty:
            missing.append(check)
    return tuple(missing)


def _field(p: LanguagePack, path: str) -> list[object]:
    value: object = p
    for part in path.split("."):
        value = getattr(value, part)
    return value if isinstance(value, list) else []


def unchecked_note(code: str) -> str:
    """The article note naming the checks that could not run for its language, or ''."""
    missing = unchecked(code)
    if not missing:
        return ""
    if pack(code).known:
        return f"not checked: {', '.join(missing)} (the '{code}' pack has no words for them)"
    return (
        f"not checked: {', '.join(missing)} (no pack for '{code}'; digits, written dates, names and the "
        "cited sentences were checked)"
    )


__all__ = [
    "CHECKS",
    "opencc_converter",
    "LanguagePack",
    "available",
    "base_code",
    "digit_forms",
    "field_words",
    "pack",
    "packs_for",
    "pattern",
    "phrase_bodies",
    "unchecked",
    "unchecked_note",
    "unspaced",
    "word_pattern",
    "words",
]
