"""Figures: a number given for the event, checked at the sentence it cites."""

from __future__ import annotations

import re

from ..core.types import Figure
from .citations import Citations
from .english import not_english
from .numbers import mismatch
from .proposal import Proposal

# What a model writes when it has no figure to give: not a claim, not even an unverified one.
_NO_FIGURE = re.compile(
    r"^\W*(?:none|null|n/?a|unknown|not\s+(?:stated|given|specified|mentioned)|no\s+data|"
    r"невідомо|немає|неизвестно|нет|не\s+указан\w*|не\s+вказан\w*)?\W*$",
    re.IGNORECASE,
)
_NO_FIGURE_END = re.compile(r"(?<!\w)(?:none|null|n/?a|unknown|невідомо|неизвестно|немає|нет)\W*$", re.IGNORECASE)


def no_figure(value: str) -> bool:
    """A placeholder ("unknown", "none", "не указано") rather than a figure."""
    return bool(_NO_FIGURE.match(value) or (not re.search(r"\d", value) and _NO_FIGURE_END.search(value)))


def check_figures(proposal: Proposal, cites: Citations, notes: list[str]) -> list[Figure]:
    """The proposal's figures; placeholders are dropped, the rest verified at their sentence."""
    figures = []
    for fig in proposal.figures:
        if no_figure(fig.value):
            notes.append(f"figure '{fig.what}: {fig.value}' dropped: no figure given")
            continue
        problem = cites.problem([fig.sent])
        if not problem:
            problem = mismatch(fig.value, cites.text(fig.sent)) or not_english(fig.what)
        figure = Figure(quantity=fig.what, value=fig.value, evidence=cites.evidence([fig.sent]), mismatch=problem)
        if problem:
            notes.append(f"figure '{fig.what}' not verified: {problem}")
        figures.append(figure)
    return figures
