"""Does the English name a country the cited sentences do not?

A rendering that adds a country ("Russia maintains the first position in natural gas supply to the
United States" of "Росія ... утримує перше місце з постачання нафти") states something the article
does not. The English is read through the alias table (names, capitals, adjectives). A country
counts as named by the sentences when they name it, or a person or organisation of it ("Putin" for
Russia, "the Kremlin" for Russia), or when it is the speaker's: "Russian President Putin said" of
"Путін заявив" adds nothing.

The sentences are read leniently, since a check that rejects a right rendering costs a re-ask: any
of the country's names or adjectives in any language counts, by its stem (a word of six letters or
more less its last two, "indisch" in "der indische Premierminister", "Ukrain" in "l'Ukraine"), and
in Chinese by its first character too ("俄印关系", "中美"). So a Chinese sentence with any "中"
names China here: the check misses some added countries, it never rejects for an inflection.
"""

from __future__ import annotations

import functools
import re

from ..core.types import Name
from .names import NameResolver

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
STEM_FROM = 6  # letters; a word this long or longer is matched by its stem (less its last two)


def countries_added(english: str, source: str, speaker: Name, resolver: NameResolver) -> str:
    """Why the English names a country the cited sentences do not (see the module), or ''."""
    added = resolver.of_kind(resolver.mentions(english), "country")
    if not added:
        return ""
    named = resolver.mentions(source) | {speaker.canonical}
    homes = {resolver.affiliation(n) for n in named} | named
    extra = sorted(c for c in added - homes if not _written(c, source, resolver))
    if extra:
        return f"the English names {', '.join(extra)}, which the cited sentence does not"
    return ""


def _written(country: str, source: str, resolver: NameResolver) -> bool:
    rx = _forms(country, resolver)
    return rx is not None and rx.search(source) is not None


@functools.lru_cache(maxsize=256)
def _forms(country: str, resolver: NameResolver) -> re.Pattern[str] | None:
    """Every name and adjective of the country, in any language, by stem (see the module)."""
    entry = resolver.entry(country)
    if entry is None:
        return None
    words = {w for table in (entry.aliases, entry.adjectives) for ws in table.values() for w in ws if w.strip()}
    parts = set()
    for w in words:
        if _HAN.match(w):
            parts.add(re.escape(w[0]))
        else:
            parts.add(r"(?<![^\W\d_])" + re.escape(w[:-2] if len(w) >= STEM_FROM else w))
    return re.compile("|".join(sorted(parts)), re.IGNORECASE) if parts else None
