"""English summaries composed by code from verified records and events: they state nothing that
verification did not check (who took part, the date as resolved, the format as verified, whose
statements the article reports)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from ..core.types import REPORTED, Event, EventDate, EventRecord, Format

_FORMAT_WORDS = {"phone": "by phone", "video": "by video link", "in_person": "in person"}
_KIND_WORDS = {"call": "call", "meeting": "meeting", "visit": "visit", "talks": "talks", "other": "event"}


def when(date: EventDate) -> str:
    """'on 4 February 2026', 'on 30 December (year unknown)', or '' when undated."""
    if date.value is not None:
        return f"on {date.value.day} {date.value:%B %Y}"
    if date.month and date.day and 1 <= date.month <= 12:
        return f"on {date.day} {dt.date(2000, date.month, 1):%B} (year unknown)"
    return ""


def _people(names: Sequence[str]) -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names) or "unnamed participants"
    return ", ".join(names[:-1]) + " and " + names[-1]


def _verified_format(record: EventRecord) -> Format:
    formats = sorted({c.format for c in record.formats if c.verified and c.format != "unknown"})
    return formats[0] if len(formats) == 1 else "unknown"  # type: ignore[return-value]


def _describe(people: Sequence[str], kind: str, fmt: Format, date: EventDate) -> str:
    how = _FORMAT_WORDS.get(fmt, "")
    parts = [f"the {_KIND_WORDS.get(kind, 'event')} of {_people(people)}", how, when(date)]
    return " ".join(p for p in parts if p)


def _statements(record: EventRecord) -> str:
    """', with verified statements of A (2) and both sides, and 3 facts it reports itself', or ''."""
    verified = Counter(s.speaker.canonical for s in record.statements if s.verified)
    own = verified.pop(REPORTED, 0)
    quoted = [f"{name} ({n})" if n > 1 else name for name, n in verified.most_common()]
    facts = f"{own} fact{'s' if own > 1 else ''} it reports itself" if own else ""
    if quoted:
        return f", with verified statements of {_people(quoted)}" + (f", and {facts}" if facts else "")
    return f", with {own} verified fact{'s' if own > 1 else ''} it reports itself" if own else ""


def article_summary(records: Sequence[EventRecord]) -> str:
    """What one article reports, in one or two sentences, from its verified records."""
    main = [r for r in records if r.main]
    if not main and not records:
        return "No event with named participants was found in this article."
    lead = main[0] if main else records[0]
    people = [p.canonical for p in lead.participants]
    text = f"Reports {_describe(people, lead.kind, _verified_format(lead), lead.date)}"
    text += _statements(lead) + "."
    others = [r for r in records if r is not lead]
    if others:
        listed = "; ".join(
            _describe([p.canonical for p in r.participants], r.kind, _verified_format(r), r.date) for r in others[:3]
        )
        text += f" Also mentions {listed}" + (" and more." if len(others) > 3 else ".")
    return text[0].upper() + text[1:]


def event_summary(event: Event) -> str:
    """One sentence on a merged event: who, how, when, from how many articles, and any disagreement."""
    how = _FORMAT_WORDS.get(event.format, "")
    verbs = {"call": "spoke", "meeting": "met", "visit": "met during a visit", "talks": "held talks"}
    verb = verbs.get(event.kind, "met")
    parts = [_people(event.participants), verb, how, when(event.date)]
    text = " ".join(p for p in parts if p)
    n = len(event.articles)
    text += f", as {n} article{'s' if n != 1 else ''} report{'' if n != 1 else 's'}"
    disputed = sorted({c.field for c in event.conflicts})
    if disputed:
        text += f"; the sources disagree on the {' and '.join(disputed)}"
    return text + "."
