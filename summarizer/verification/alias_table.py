"""The alias table's shape: people, countries and organisations with their spellings, and titles
("глава КНР", "der chinesische Staatschef") with the dates their holders held them.

The table is data (`data/aliases.json`), extended by a user file of the same shape named by
`SUMMARIZER_ALIASES`.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..core.errors import ConfigError
from ..lang import available, pack

DATA_FILE = Path(__file__).parent.parent / "data" / "aliases.json"
AliasLanguage = Literal["en", "uk", "ru", "zh", "de", "fr", "other"]


class AliasEntry(BaseModel):
    """One row of the alias table."""

    model_config = ConfigDict(extra="forbid")

    canonical: str = Field(min_length=1)
    kind: Literal["person", "country", "organisation"]
    affiliation: str | None = None
    role: str | None = None
    aliases: dict[AliasLanguage, list[str]] = Field(default_factory=dict)
    # A country's adjectives ("russe", "russischen", "российский", "俄"), which make its leader's
    # title with a pack's `leader_phrases` ("le dirigeant russe").
    adjectives: dict[AliasLanguage, list[str]] = Field(default_factory=dict)


class Holder(BaseModel):
    """Who held a title, from when (inclusive) until when (exclusive); open ends are unknown or today."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    canonical: str = Field(min_length=1)
    start: dt.date | None = Field(default=None, alias="from")
    until: dt.date | None = None

    def holds_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.until is None or day < self.until)


class TitleEntry(BaseModel):
    """A title that names its holder: "the Chinese leader" is Xi Jinping; "the US president" was Joe
    Biden until 20 January 2025 and is Donald Trump since."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1)
    leader: bool = False  # the title a country's "leader", "head of state" or "counterpart" stands for
    affiliation: str | None = None
    holders: list[Holder] = Field(min_length=1)
    aliases: dict[AliasLanguage, list[str]] = Field(default_factory=dict)

    def holder(self, day: dt.date | None) -> str | None:
        """The holder on `day`; with no day, the current holder (the one whose term has no end)."""
        if day is None:
            current = [h for h in self.holders if h.until is None]
            return current[-1].canonical if current else None
        return next((h.canonical for h in self.holders if h.holds_on(day)), None)


class AliasTable(BaseModel):
    model_config = ConfigDict(extra="forbid")

    entries: list[AliasEntry]
    titles: list[TitleEntry] = Field(default_factory=list)


def title_aliases(title: TitleEntry, entries: dict[str, AliasEntry]) -> dict[AliasLanguage, list[str]]:
    """A title's aliases; a leader's title also has those its country's adjectives make with each
    language's `leader_phrases` ("{adj} counterpart": "his Chinese counterpart", "son homologue
    ukrainien", "seinem chinesischen Amtskollegen", "украинского лидера", "俄领导人")."""
    country = entries.get(title.affiliation or "")
    if not title.leader or country is None:
        return title.aliases
    out = {lang: list(names) for lang, names in title.aliases.items()}
    packs = available()
    for lang, adjectives in country.adjectives.items():
        if lang not in packs:
            continue
        made = [p.replace("{adj}", a) for p in pack(lang).leader_phrases for a in adjectives]
        out.setdefault(lang, []).extend(m for m in made if m not in out[lang])
    return out


def merge_entry(old: AliasEntry | None, new: AliasEntry) -> AliasEntry:
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
        adjectives={**old.adjectives, **new.adjectives},
    )


@lru_cache(maxsize=8)
def load_table(path: Path) -> AliasTable:
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
            '{"en": [...], "uk": [...], "ru": [...], "zh": [...], "de": [...], "fr": [...], "other": [...]}; '
            "each title needs title, holders [{\"canonical\", \"from\", \"until\"}] and aliases)"
        ) from exc


def check_alias_file(path: Path | None) -> None:
    """Raise the ConfigError that this alias file would give, before any model call (None: nothing to check)."""
    if path is not None:
        load_table(Path(path))
