"""A sentence's English checked on its own, before it becomes a statement.

These are the checks of `statements.problem` that need no speaker: the English gives no number,
magnitude, weekday or month the sentence does not hold and leaves none out, names no known person
the sentence does not and leaves out none it names (but the one it credits: "..., сообщил Ушаков"),
is English, does not stop mid-sentence, and is not the English already given for another sentence.
Extraction asks again, once and for that sentence alone, for a rendering that fails one, giving the
reason; verification then checks the statement built on it like any other.
"""

from __future__ import annotations

from ..core.types import Article, Name
from .citations import Citations
from .credit import credit
from .names import NameResolver
from .statements import english_problem

_NOBODY = Name(as_written="", canonical="", kind="unknown")


def rendering_problems(article: Article, rendered: dict[int, str], resolver: NameResolver) -> dict[int, str]:
    """Why the English of each sentence (by its number) is not a rendering of it, for those it is not."""
    cites = Citations(article)
    out: dict[int, str] = {}
    first: dict[str, int] = {}
    for n, english in sorted(rendered.items()):
        if not 1 <= n <= len(cites) or cites.problem([n]):
            continue
        source = cites.text(n)
        key = " ".join(english.casefold().split())
        earlier = first.setdefault(key, n)
        if earlier != n and cites.text(earlier) != source:
            out[n] = f"the English repeats the English of sentence [{earlier}], a different sentence"
            continue
        why = _problem(english, source, article.language, resolver)
        if why:
            out[n] = why
    return out


def _problem(english: str, source: str, lang: str, resolver: NameResolver) -> str:
    found = credit(source, lang, resolver)
    credited = found.person if found.kind == "person" and found.person else ""
    return english_problem(english, source, lang, _NOBODY, credited, resolver)
