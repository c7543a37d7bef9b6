"""Language packs: everything the checks know about one language, as data, loaded by language code.

One JSON file per language in `packs/` (docs/languages.md shows how to add one). A word list entry
is a phrase; a trailing `*` on a word stands for any ending ("заяв*" is "заявив", "заявила", ...).
A language without a pack gets `LanguagePack(code=...)`, whose lists are empty: the checks that need
them report "not checked" for its articles instead of failing them.
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field

from ..core.errors import ConfigError


class LanguagePack(BaseModel):
    """What the checks know about one language; every list may be empty."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str
    name: str = ""
    function_words: list[str] = Field(
        default_factory=list, description="Frequent short words that tell the language apart."
    )
    reporting_verbs: list[str] = Field(
        default_factory=list, description="Words that report speech, agreement or an announcement."
    )
    commentary_words: list[str] = Field(
        default_factory=list,
        description="Words naming someone who comments on an event rather than taking part (an expert, an analyst).",
    )
    media_words: list[str] = Field(
        default_factory=list, description="Words for the press as a source ('ЗМІ', 'media', 'outlets')."
    )
    stop_words: list[str] = Field(
        default_factory=list, description="Words that carry no topic (beyond the function words)."
    )
    english_length: float = Field(
        default=1.0, description="How long an English rendering is, per character of this language's text."
    )

    @property
    def known(self) -> bool:
        """A pack file exists for this language."""
        return bool(self.name)


def _packs_dir() -> str:
    return str(resources.files(__package__) / "packs")


@functools.lru_cache(maxsize=64)
def pack(code: str) -> LanguagePack:
    """The pack of a language code ('uk', 'zh', ...); an empty pack when the language has none."""
    path = resources.files(__package__) / "packs" / f"{code.split('-')[0].lower()}.json"
    if not path.is_file():
        return LanguagePack(code=code)
    try:
        return LanguagePack.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, OSError) as exc:
        raise ConfigError(f"language pack {path} is not valid: {exc}") from exc


@functools.lru_cache(maxsize=32)
def available() -> tuple[str, ...]:
    """The language codes that have a pack, in order."""
    folder = resources.files(__package__) / "packs"
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json")))


def word_pattern(words: list[str] | tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex for a word list: whole words, `*` for any ending, spaces as any white space.

    Words of scripts written without spaces (Chinese, Japanese) match anywhere.
    """
    if not words:
        return None
    parts = []
    for phrase in sorted(set(words), key=len, reverse=True):
        tokens = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in phrase.split()]
        body = r"\s+".join(tokens)
        parts.append(body if _unspaced(phrase) else rf"(?<!\w){body}(?!\w)")
    return re.compile("|".join(parts), re.IGNORECASE)


def _unspaced(phrase: str) -> bool:
    return any("\u3040" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in phrase)


__all__ = ["LanguagePack", "available", "pack", "word_pattern"]
