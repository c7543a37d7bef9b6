"""Two readings of who speaks that a sentence's words alone settle, in every language with a pack.

- **Narration.** Sentences with no reporting verb and no quotation mark (`text.reporting`), not
  inside a quotation that spans sentences, quote nobody: the article tells what happened ("PM Modi
  travelled with Russian President Putin on the same car", "Several global leaders extended
  greetings to the Prime Minister"). Whoever the model named, such a sentence about the event is
  the article's own report, not a side's statement.
- **A pronoun subject** ("Він заявив, що розмова з американським президентом ...") stands for
  someone named before its sentence, never for a person the sentence itself names after it: with no
  side person before it, a model speaker the sentence names is rejected.
- **Named in someone's quotation.** A person the sentences name only inside quotation marks (an
  unclosed one runs to the end, an unopened closing one from the start) is spoken of, not speaking:
  "“Had an excellent meeting with President Putin ..." is not Putin's.
"""

from __future__ import annotations

import re

from ..core.types import ModelStatement, Name
from ..text.reporting import reports_speech
from .citations import Citations
from .credit import QUOTATION
from .mentioned import EVENT_WORDS
from .names import NameResolver
from .people import speaks_for_event

_WORD = re.compile(r"[^\W\d_]+")
_OPENING = re.compile(r"[«„“\"「『]")
_CLOSING = re.compile(r"[»”\"」』]")


def narration(numbers: list[int], cites: Citations) -> bool:
    """The cited sentences quote nobody (see the module)."""
    lang = cites.article.language
    return not any(reports_speech(cites.text(n), lang) for n in numbers)


def outside_quotes(text: str) -> str:
    """The words of `text` outside its quotations, closed or not."""
    rest = QUOTATION.sub(" ", text)
    opening = _OPENING.search(rest)
    if opening is not None:
        rest = rest[: opening.start()]
    closings = list(_CLOSING.finditer(rest))
    return rest[closings[-1].end() :] if closings else rest


def named_in_quotation_only(text: str, canonical: str, resolver: NameResolver) -> bool:
    """`text` names the person, but only inside quotation marks (see the module)."""
    return canonical in resolver.mentions(text) and canonical not in resolver.mentions(outside_quotes(text))


def pronoun_named(st: ModelStatement, cites: Citations, resolver: NameResolver) -> tuple[None, str] | None:
    """A sentence credited to a pronoun, with no side person before it to stand for: a model speaker
    it names is rejected (see the module); None leaves the model's speaker to the usual checks."""
    text = cites.joined(st.sent)
    lang = cites.article.language
    named = [resolver.resolve_in(b, cites.article.text, lang=lang) for b in [st.by, *st.also_by] if b.strip()]
    persons = [n.canonical for n in named if n.kind == "person"]
    if persons and all(p in resolver.mentions(outside_quotes(text)) for p in persons):
        return None, (f"no speaker: the sentence credits its words to a pronoun, which cannot stand for "
                      f"'{persons[0]}', whom the sentence itself names")
    return None


def written_as_a_name(written: str, text: str) -> bool:
    """A name the alias table does not know is capitalised somewhere other than at the start of a
    sentence or a line ("erklärte Regierungssprecher Hebestreit"), unless its script has no case:
    "Осенью" (in autumn) opening a sentence is no speaker."""
    words = _WORD.findall(written)
    if not words or not any(w[:1].isupper() for w in words):
        return True  # no case to tell by (Chinese), or not written capitalised at all
    head = re.escape(words[-1])
    return re.search(rf"(?<![.!?…»\"\n])(?<![.!?…»\"]\s)(?<!^)\b{head}\b", text, re.MULTILINE) is not None


def reports_the_event(numbers: list[int], people: list[Name], cites: Citations, resolver: NameResolver) -> bool:
    """The sentences are about the event: they name a participant, or the event itself ("the
    conversation lasted ..."), and no person outside its sides."""
    text = cites.joined(numbers)
    persons = resolver.of_kind(resolver.mentions(text), "person")
    own = {p.canonical for p in people}
    sides = {p for p in persons if speaks_for_event(resolver.resolve(p, lang="en"), people, resolver)}
    return sides == persons and (bool(persons & own) or bool(EVENT_WORDS.search(text)))
