"""Figures: a number given for the event, checked at the sentence it cites."""

from __future__ import annotations

import re
from functools import lru_cache

from ..core.types import Figure
from ..lang import phrase_bodies, words
from .citations import Citations
from .english import not_english
from .numbers import mismatch
from .proposal import Proposal

# What a model writes when it has no figure to give: not a claim, not even an unverified one. The
# model may write it in any language: every pack's words apply.


@lru_cache(maxsize=1)
def _placeholders() -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    bodies = [b for _, b in phrase_bodies(words(None, "figures.no_figure"))]
    single = [b for p, b in phrase_bodies(words(None, "figures.no_figure")) if " " not in p]
    whole = re.compile(rf"^\W*(?:{'|'.join(bodies)})?\W*$" if bodies else r"^\W*$", re.IGNORECASE)
    end = re.compile(rf"(?<!\w)(?:{'|'.join(single)})\W*$", re.IGNORECASE) if single else None
    return whole, end


def no_figure(value: str) -> bool:
    """A placeholder ("unknown", "none", "не указано") rather than a figure."""
    whole, end = _placeholders()
    return bool(whole.match(value) or (not re.search(r"\d", value) and end is not None and end.search(value)))


def check_figures(proposal: Proposal, cites: Citations, notes: list[str]) -> list[Figure]:
    """The proposal's figures; placeholders are dropped, the rest verified at their sentence."""
    figures = []
    for fig in proposal.figures:
        if no_figure(fig.value):
            notes.append(f"figure '{fig.what}: {fig.value}' dropped: no figure given")
            continue
        problem = cites.problem([fig.sent])
        if not problem:
            problem = mismatch(fig.value, cites.text(fig.sent), cites.article.language) or not_english(fig.what)
        figure = Figure(quantity=fig.what, value=fig.value, evidence=cites.evidence([fig.sent]), mismatch=problem)
        if problem:
            notes.append(f"figure '{fig.what}' not verified: {problem}")
        figures.append(figure)
    return figures
