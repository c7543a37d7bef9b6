"""What verification checks: an event as proposed by the model (citing sentence numbers) or found by
code in the article's own words (`mentioned.py`), in one shape."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.types import EventKind, Format, ModelEvent, ModelFigure, ModelStatement, Span


@dataclass
class ClaimedFormat:
    """A format with the sentence the model cites for it, or the words code found it in."""

    format: Format
    sentence: int = 0
    words: Span | None = None


@dataclass
class Proposal:
    """One event to verify. `date_sentence` is the model's citation; `date_text` the date words code
    found for an event of its own (then no sentence is cited)."""

    kind: EventKind
    main: bool
    who: list[str]
    date_sentence: int = 0
    date_text: str = ""
    formats: list[ClaimedFormat] = field(default_factory=list)
    said: list[ModelStatement] = field(default_factory=list)
    figures: list[ModelFigure] = field(default_factory=list)
    by_code: bool = False


def from_model(event: ModelEvent) -> Proposal:
    return Proposal(
        kind=event.kind,
        main=event.main,
        who=list(event.who),
        date_sentence=event.date,
        formats=[ClaimedFormat(format=f.format, sentence=f.sent) for f in event.formats],
        said=list(event.said),
        figures=list(event.figures),
    )
