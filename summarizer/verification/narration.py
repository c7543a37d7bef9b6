"""Two readings of who speaks that a sentence's words alone settle, in every language with a pack.

- **Narration.** Sentences with no reporting verb and no quotation mark (`text.reporting`), not
  inside a quotation that spans sentences, quote nobody: the article tells what happened ("PM Modi
  travelled with Russian President Putin on the same car", "Several global leaders extended
  greetings to the Prime Minister"). Whoever the model named, such a sentence about the event is
  the article's own report, not a side's statement.
- **Named in someone's quotation.** A person the sentences name only inside quotation marks (an
  unclosed one runs to the end, an unopened closing one from the start) is spoken of, not speaking:
  "“Had an excellent meeting with President Putin ..." is not Putin's.
"""

from __future__ import annotations

import re

from ..text.reporting import reports_speech
from .citations import Citations
from .credit import QUOTATION
from .names import NameResolver

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
