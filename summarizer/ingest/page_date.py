"""The page's own date, when nothing else gives the article one: a short line at its top that opens
with a full date ("24 февраля 2025, 13:06", "2025年2月24日 時事脈搏 兩岸", "15.11.2024"), or with a
short name and then one ("新华社 2025-06-19 18:55:16": an agency's dateline).

Saved pages keep their date line under the headline (a news site prints it there), and a text
without a ` date` line, metadata or header fields still carries it. Only the first five lines
count, each at most `MAX_LINE` characters and not ending as a sentence does, with the day, the month
(a month word of any pack, or digits) and the year: a sentence about another day ("24 февраля 2022
года Россия ...") is longer, ends with a full stop, or comes later. The date dates the page (as the
` date` line does), not the event; the event's date is worked out from it like any.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from ..lang import digit_forms, packs_for, phrase_bodies, words

MAX_LINE = 60
DATE_LINES = 5  # the lines a date line may open: headline, kicker, date ("20. Mai 2025 · Lesedauer 4 min")
_SENTENCE_END = re.compile(r"[.!?。！？]\s*$")
_DIGITS = (
    re.compile(r"^(?P<y>(?:19|20)\d\d)-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)"),
    re.compile(r"^(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d\d)(?!\d)"),  # day first, with dots
)


@functools.lru_cache(maxsize=1)
def _months() -> tuple[dict[str, int], tuple[re.Pattern[str], ...]]:
    """Month words of every pack (casefolded, '.' dropped) to 1-12, and the patterns of a full date:
    the packs' digit forms with a year ('Y年M月D日'), then the two spaced orders of a month word."""
    index: dict[str, int] = {}
    for p in packs_for(None):
        for i, forms in enumerate(p.dates.months[:12]):
            for form in forms:
                index.setdefault(form.casefold().rstrip("."), i + 1)
    names = "|".join(sorted((re.escape(f) for f in index), key=len, reverse=True)) or "(?!)"
    digits = tuple(re.compile("^" + form) for form in digit_forms(None) if "(?P<y>" in form)
    return index, (
        *digits,
        re.compile(rf"^(?P<d>\d{{1,2}})\.?\s+(?P<month>{names})\.?,?\s+(?P<y>(?:19|20)\d\d)(?!\d)", re.IGNORECASE),
        re.compile(rf"^(?P<month>{names})\.?\s+(?P<d>\d{{1,2}}),?\s+(?P<y>(?:19|20)\d\d)(?!\d)", re.IGNORECASE),
    )


# What may stand before the date on the line: an outlet's or agency's name ("新华社 2025-06-19
# 18:55:16", "РИА Новости, 19.06.2025"), a few characters with no digit.
_BEFORE = re.compile(r"[^\d.!?。！？]{1,12}?[\s,:：|·]+(?=\d)")


def _date_of(line: str) -> dt.date | None:
    found = _date_at(line)
    m = _BEFORE.match(line)
    if found is None and m is not None and all(not w[0].islower() for w in re.findall(r"[^\W\d_]+", m.group())):
        found = _date_at(line[m.end() :])  # a name: no word in lower case ("Krieg seit 24. Februar 2022")
    return found


def _date_at(line: str) -> dt.date | None:
    found = _date_match(line)
    return found[0] if found else None


def _date_match(line: str) -> tuple[dt.date | None, int] | None:
    """(the full date that opens `line`, None when no such day exists; where it ends), or None."""
    index, patterns = _months()
    for rx in (*_DIGITS, *patterns):
        m = rx.match(line)
        if m is None:
            continue
        month = index.get(m.group("month").casefold()) if "month" in rx.groupindex else int(m.group("m"))
        try:
            return dt.date(int(m.group("y")), month or 0, int(m.group("d"))), m.end()
        except ValueError:
            return None, m.end()
    return None


def page_date(text: str) -> tuple[dt.date, int, str] | None:
    """(date, the number of the line of `text.splitlines()` it was read from, what of that line is
    no date line: '' or a headline before a timestamp) of the page's date line at the top of
    `text`, or None. `timestamp` finds one that is not at a line's start."""
    lines = [(i, line.strip()) for i, line in enumerate(text.splitlines()) if line.strip()][:HEAD_LINES]
    for i, line in lines[:DATE_LINES]:
        if len(line) > MAX_LINE or _SENTENCE_END.search(line):
            continue
        found = _date_of(line)
        if found is not None:
            return found, i, ""
    for i, line in lines:
        stamp = timestamp(line)
        if stamp is not None:
            day, at = stamp
            # A long line is a headline with the stamp at its end: the headline stays.
            rest = "" if len(line) <= MAX_LINE else _LABEL.sub("", line[:at]).rstrip()
            return day, i, rest
    for i, line in lines:
        head = dispatch_head(line)
        if head is not None:
            day, end = head
            return day, i, line[end:].strip()  # the report goes on after its dispatch head
    return None


# A label before a timestamp ("Stand:", "Published at", "更新时间："): goes with it.
_LABEL = re.compile(r"\s*[^\W\d_]+\s*[:：]\s*$")


# A page's timestamp: a full date and then a time of day, in one of the first HEAD_LINES lines of
# at most STAMP_LINE characters, wherever it stands on the line ("Published at Mar 20, 2025 09:02
# am", "... bereit Stand: 18.03.2025 20:03 Uhr", "by The Kyiv Independent news desk March 18, 2025
# 8:01 PM", "博主:... 2025年05月20日 11:48:23"). A time of day beside a full date is what a site
# prints when it published the page; a report gives the event's date without one.
HEAD_LINES = 6
STAMP_LINE = 160
_TIME = re.compile(r"^[\s,|·T-]{0,3}\d{1,2}:\d{2}(?::\d{2})?(?!\d)")


# A dispatch head: an outlet's name and a full date closed by a dispatch word (the packs'
# `dates.dispatch`) at the very start of a line, "【新唐人北京时间2025年03月20日讯】观众朋友好 ...":
# the date the report was filed, however long the line it opens. A head without a year ("新华社北京
# 3月19日电") dates nothing by itself.
DISPATCH_PREFIX = 16
_CLOSE = r"[】\])）]?"
_PREFIX_STOP = re.compile(r"[.!?。！？]")


@functools.lru_cache(maxsize=1)
def _dispatch() -> re.Pattern[str] | None:
    alt = "|".join(b for _, b in phrase_bodies(words(None, "dates.dispatch")))
    return re.compile(rf"\s*(?:{alt}){_CLOSE}") if alt else None


def dispatch_head(line: str) -> tuple[dt.date, int] | None:
    """(date, where the head ends) of a dispatch head opening `line`, or None."""
    closing = _dispatch()
    m = re.search(r"\d", line[: DISPATCH_PREFIX + 1])
    if closing is None or m is None or _PREFIX_STOP.search(line[: m.start()]):
        return None  # no digit near the start, or the name before it ends a sentence
    found = _date_match(line[m.start() :])
    if found is None or found[0] is None or (end := closing.match(line, m.start() + found[1])) is None:
        return None
    return found[0], end.end()


def timestamp(line: str) -> tuple[dt.date, int] | None:
    """(date, where it starts) of a full date followed by a time of day on the line, or None."""
    if len(line) > STAMP_LINE:
        return None
    for m in re.finditer(r"(?<![\w.])(?=[\w])", line):
        at = m.start()
        found = _date_match(line[at:])
        if found is not None and found[0] is not None and _TIME.match(line[at + found[1] :]):
            return found[0], at
    return None
