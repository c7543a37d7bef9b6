"""One spelling per person across articles: a participant the alias table does not know is spelt as
each article's script and romanisation have it ("Masoud Pezeshkian" in English, "Masud Pezeshkian"
from Ukrainian, "Massud Peseschkian" in German); records are clustered by canonical names, so those
are brought to one spelling when their romanisation keys (`lang.romanise.name_key`) agree."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ..core.types import EventRecord
from ..lang.romanise import name_key


def one_spelling(records: Sequence[EventRecord]) -> list[EventRecord]:
    """The records, with unknown participants whose full names share a key under one spelling: the
    commonest, then one an English article gives, then the first in alphabetical order."""
    spellings: dict[str, Counter[str]] = {}
    english: dict[str, set[str]] = {}
    for rec in records:
        for p in rec.participants:
            key = _key(p.canonical, p.kind, rec.language)
            if key:
                spellings.setdefault(key, Counter())[p.canonical] += 1
                if rec.language == "en":
                    english.setdefault(key, set()).add(p.canonical)
    chosen = {
        key: min(counts, key=lambda s, k=key: (-counts[s], s not in english.get(k, set()), s))  # type: ignore[misc]
        for key, counts in spellings.items()
        if len(counts) > 1
    }
    if not chosen:
        return list(records)
    out = []
    for rec in records:
        people = []
        changed = False
        for p in rec.participants:
            spelling = chosen.get(_key(p.canonical, p.kind, rec.language))
            if spelling is not None and spelling != p.canonical:
                p = p.model_copy(update={"canonical": spelling})
                changed = True
            people.append(p)
        out.append(rec.model_copy(update={"participants": people}) if changed else rec)
    return out


def _key(canonical: str, kind: str, language: str) -> str:
    """The key of an unknown person's full name ('' for known names and single words)."""
    if kind != "unknown":
        return ""
    key = name_key(canonical, language)
    return key if len(key.split()) >= 2 else ""
