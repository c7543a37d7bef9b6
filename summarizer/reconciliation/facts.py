"""Merged facts with provenance: statements, figures and topics, and their conflicts."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from ..core.types import DURATION, Conflict, ConflictSide, EventRecord, Fact, SourceRef, Span
from ..lang import pack, packs_for, word_pattern
from .copies import independent

# Same speaker and token_set_ratio >= this on normalised English text: one statement.
STATEMENT_THRESHOLD = 85
# Neither text may be more than this many times longer (in tokens) than the other, so that
# token_set_ratio (100 for any subset) cannot fold a short fragment into a long statement.
LENGTH_RATIO = 2.0
# Different speakers, disjoint articles, token_sort_ratio >= this once the speakers' names are
# removed: the same words attributed to two people, reported as a "speaker" conflict.
SPEAKER_THRESHOLD = 92
# Quantities are the same measure when token_sort_ratio >= this (stricter than set ratio, so
# "trade turnover" and "trade turnover growth" stay apart).
QUANTITY_THRESHOLD = 90

SPEAKER_RULE = (
    "the speaker named by more articles (independent reports: copies of one text count once); "
    "ties by alphabetical order of the name"
)
FIGURE_RULE = (
    "the value reported by more articles (independent reports); then the one from the most "
    "recently published article; then the first in text order"
)

_NON_WORD = re.compile(r"[^\w%$€¥₽]+")


@functools.lru_cache(maxsize=1 << 16)
def normalise(text: str) -> str:
    """Case folded, punctuation dropped, whitespace collapsed (currency and % signs kept)."""
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


def source_sort_key(s: SourceRef) -> tuple[str, int, str]:
    return (s.article_id, s.span.start if s.span else -1, s.quote)


def dedupe_sources(sources: Sequence[SourceRef]) -> list[SourceRef]:
    """Unique sources in a stable order."""
    seen: dict[tuple[str, str, int | None, int | None], SourceRef] = {}
    for s in sources:
        k = (s.article_id, s.quote, s.span.start if s.span else None, s.span.end if s.span else None)
        seen.setdefault(k, s)
    return sorted(seen.values(), key=source_sort_key)


def _ref(article_id: str, quote: str, span: Span | None, note: str = "") -> SourceRef:
    return SourceRef(article_id=article_id, quote=quote, span=span, note=note)


@dataclass(eq=False)
class _Group:
    """Near-duplicate items; the first one (in record order) gives the wording."""

    norm: str
    text: str
    label: str
    sources: list[SourceRef] = field(default_factory=list)
    pubs: list[dt.date | None] = field(default_factory=list)
    extra: str = ""

    @property
    def articles(self) -> set[str]:
        return {s.article_id for s in self.sources}


def _close(a: str, b: str) -> bool:
    na, nb = len(a.split()), len(b.split())
    return max(na, nb) <= LENGTH_RATIO * max(1, min(na, nb))


class _Pool:
    """Groups of near-duplicates: an exact normalised match first, else the best fuzzy one."""

    def __init__(self, scorer: Callable[..., float], threshold: float) -> None:
        self.scorer = scorer
        self.threshold = threshold
        self.groups: list[_Group] = []
        self.norms: list[str] = []
        self.exact: dict[str, _Group] = {}

    def find(self, norm: str) -> _Group | None:
        hit = self.exact.get(norm)
        if hit is not None or not self.groups:
            return hit
        hits = process.extract(norm, self.norms, scorer=self.scorer, score_cutoff=self.threshold, limit=None)
        for _, _, i in sorted(hits, key=lambda h: (-h[1], h[2])):
            if _close(norm, self.norms[i]):
                return self.groups[i]
        return None

    def add(self, g: _Group) -> _Group:
        self.groups.append(g)
        self.norms.append(g.norm)
        self.exact[g.norm] = g
        return g


def _statements(records: Sequence[EventRecord], verified: bool) -> list[_Group]:
    by_speaker: dict[str, _Pool] = {}
    for rec in records:
        for st in rec.statements:
            if st.verified != verified:
                continue
            speaker = " ".join(st.speaker.canonical.split()) or st.speaker.as_written
            norm = normalise(st.text_en)
            pool = by_speaker.get(speaker.casefold())
            if pool is None:
                pool = by_speaker[speaker.casefold()] = _Pool(fuzz.token_set_ratio, STATEMENT_THRESHOLD)
            g = pool.find(norm)
            if g is not None and any(s.article_id == rec.article_id and s.span != st.evidence.span for s in g.sources):
                g = None  # another sentence of the same article: what it says is its own, however alike
            if g is None:
                g = pool.add(_Group(norm=norm, text=st.text_en, label=speaker))
            g.sources.append(_ref(rec.article_id, st.evidence.quote, st.evidence.span, st.mismatch))
            g.pubs.append(rec.published)
    return [g for pool in by_speaker.values() for g in pool.groups]


def _strip_names(norm: str, names: set[str]) -> str:
    return " ".join(t for t in norm.split() if t not in names)


def _speaker_conflicts(groups: list[_Group]) -> tuple[list[_Group], list[Conflict]]:
    """Merge the same words credited to different people in different articles; report it."""
    labels = [g.label.casefold() for g in groups]
    if len(set(labels)) < 2:
        return groups, []
    name_tokens = {t for g in groups for t in normalise(g.label).split()}
    stripped = [_strip_names(g.norm, name_tokens) for g in groups]
    articles = [g.articles for g in groups]
    parent = list(range(len(groups)))
    for i in range(len(groups)):
        if len(stripped[i].split()) < 3:
            continue
        for j in range(i + 1, len(groups)):
            if labels[i] == labels[j] or articles[i] & articles[j]:
                continue
            if not _close(stripped[i], stripped[j]):
                continue
            if fuzz.token_sort_ratio(stripped[i], stripped[j]) >= SPEAKER_THRESHOLD:
                ri, rj = _root(parent, i), _root(parent, j)
                parent[max(ri, rj)] = min(ri, rj)
    members: dict[int, list[int]] = {}
    for i in range(len(groups)):
        members.setdefault(_root(parent, i), []).append(i)
    out: list[_Group] = []
    conflicts: list[Conflict] = []
    for idx in members.values():
        if len(idx) == 1:
            out.append(groups[idx[0]])
            continue
        by_label: dict[str, list[_Group]] = {}
        for i in idx:
            by_label.setdefault(groups[i].label, []).append(groups[i])
        sides = {label: dedupe_sources([s for g in gs for s in g.sources]) for label, gs in by_label.items()}
        chosen = min(sides, key=lambda lb: (-independent(s.article_id for s in sides[lb]), lb.casefold()))
        base = by_label[chosen][0]
        merged = _Group(norm=base.norm, text=base.text, label=chosen)
        merged.sources = dedupe_sources([s for v in sides.values() for s in v])
        out.append(merged)
        conflicts.append(
            Conflict(
                field="speaker",
                description=f"Sources credit “{base.text}” to different people: "
                + " vs ".join(sorted(sides, key=str.casefold)),
                sides=[ConflictSide(value=lb, sources=sides[lb]) for lb in sorted(sides)],
                chosen=chosen,
                rule=SPEAKER_RULE,
            )
        )
    return out, conflicts


def _root(parent: list[int], i: int) -> int:
    while parent[i] != i:
        i = parent[i]
    return i


# ---------------------------------------------------------------------------- figures

_NUMBER = re.compile(r"\d+(?:[ \u00a0\u202f,.]\d+)*")
# Symbols are the same in every language; unit and scale words are the packs' (a model's figure may
# be in any language, so every pack applies). A unit code's order here decides which of two wins.
_SYMBOLS = {"%": "%", "USD": "$", "EUR": "€", "CNY": "¥", "RUB": "₽"}
_LETTER_BOUND = r"(?<![^\W\d_])"  # "200млрд", "100usd": digits may touch the word


@functools.lru_cache(maxsize=1)
def _scales() -> tuple[tuple[re.Pattern[str], float], ...]:
    table: dict[float, list[str]] = {}
    for p in packs_for(None):
        for scale, forms in p.figures.scales.items():
            table.setdefault(float(scale), []).extend(forms)
    out: list[tuple[re.Pattern[str], float]] = []
    for amount in sorted(table, reverse=True):
        rx = word_pattern(table[amount], start=_LETTER_BOUND)
        if rx is not None:
            out.append((rx, amount))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def _units() -> tuple[tuple[re.Pattern[str], str], ...]:
    table: dict[str, list[str]] = {code: [] for code in _SYMBOLS}
    for p in packs_for(None):
        for code, forms in p.figures.units.items():
            table.setdefault(code, []).extend(forms)
    out = []
    for code, forms in table.items():
        parts = [re.escape(_SYMBOLS[code])] if code in _SYMBOLS else []
        if (rx := word_pattern(forms, start=_LETTER_BOUND)) is not None:
            parts.append(rx.pattern)
        if parts:
            out.append((re.compile("|".join(parts), re.IGNORECASE), code))
    return tuple(out)


def _number(raw: str) -> float | None:
    parts = re.split(r"[ \u00a0\u202f,.]", raw)
    if len(parts) == 1:
        return float(raw)
    last = parts[-1]
    # "1,5" and "1.5" are decimals; "1,300" and "1 300" group thousands.
    if len(last) != 3:
        return float("".join(parts[:-1]) + "." + last)
    return float("".join(parts))


@functools.lru_cache(maxsize=1 << 14)
def figure_key(value: str) -> tuple[str, str]:
    """(unit, amount) for comparing figures; qualifiers such as 'over' are ignored."""
    text = value.casefold()
    unit = next((u for rx, u in _units() if rx.search(text)), "")
    m = _NUMBER.search(text)
    if not m:
        return (unit, normalise(value))
    amount = _number(m.group(0))
    if amount is None:
        return (unit, normalise(value))
    rest = text[m.end() :]
    scale = next((s for rx, s in _scales() if rx.search(rest)), 1.0)
    return (unit, f"{amount * scale:.6g}")


# Two lengths of one event within 15% of each other are one reading, rounded ("2 h 45", "nearly 3
# hours"); further apart the sources disagree ("about an hour" and "two hours"; "two and a half
# hours" and "two hours").
LENGTH_TOLERANCE = 0.15
_LENGTH = re.compile(r"(?:([\d.]+) (hours?|minutes))(?: (\d+) minutes)?")


def _length_key(value: str, seen: dict[tuple[str, str], _Group]) -> tuple[str, str]:
    """The key of a duration ('1.5 hours'): that of a length already seen within the tolerance."""
    m = _LENGTH.fullmatch(value.strip())
    if m is None:
        return figure_key(value)
    minutes = float(m.group(1)) * (1 if m.group(2) == "minutes" else 60) + float(m.group(3) or 0)
    for unit, amount in seen:
        if unit == "min" and abs(float(amount) - minutes) <= LENGTH_TOLERANCE * max(float(amount), minutes):
            return (unit, amount)
    return ("min", f"{minutes:g}")


def _figures(records: Sequence[EventRecord], verified: bool) -> tuple[list[_Group], list[Conflict]]:
    pool = _Pool(fuzz.token_sort_ratio, QUANTITY_THRESHOLD)
    values: dict[int, dict[tuple[str, str], _Group]] = {}
    for rec in records:
        for fg in rec.figures:
            if fg.verified != verified:
                continue
            norm = normalise(fg.quantity)
            q = pool.find(norm) or pool.add(_Group(norm=norm, text=fg.quantity, label=fg.quantity))
            key = _length_key(fg.value, values.get(id(q), {})) if q.norm == DURATION else figure_key(fg.value)
            g = values.setdefault(id(q), {}).setdefault(
                key, _Group(norm=key[1], text=f"{q.text}: {fg.value}", label=q.text, extra=fg.value)
            )
            g.sources.append(_ref(rec.article_id, fg.evidence.quote, fg.evidence.span, fg.mismatch))
            g.pubs.append(rec.published)
    out: list[_Group] = []
    conflicts: list[Conflict] = []
    for q in pool.groups:
        by_key = values[id(q)]
        out.extend(by_key.values())
        units: dict[str, list[_Group]] = {}
        for (unit, _), g in by_key.items():
            units.setdefault(unit, []).append(g)
        for gs in units.values():
            if verified and len(gs) > 1:
                conflicts.append(_figure_conflict(q.text, gs))
    return out, conflicts


def _figure_conflict(quantity: str, groups: list[_Group]) -> Conflict:
    def score(i: int) -> tuple[int, int, int]:
        g = groups[i]
        latest = max((p.toordinal() for p in g.pubs if p), default=0)
        return (-independent(g.articles), -latest, i)

    chosen = groups[min(range(len(groups)), key=score)]
    return Conflict(
        field="figure",
        description=f"Sources disagree on {quantity}: " + " vs ".join(g.extra for g in groups),
        sides=[ConflictSide(value=g.extra, sources=dedupe_sources(g.sources)) for g in groups],
        chosen=chosen.extra,
        rule=FIGURE_RULE,
    )


# ------------------------------------------------------------------------------- tags


def tags_of(facts: Sequence[Fact], participants: Sequence[str], limit: int = 5) -> list[str]:
    """Topic words drawn from the verified facts' English: the content words most facts share.

    Code picks them from text that was itself verified, so a tag claims nothing the body does not;
    English stop words, reporting verbs and the participants' names are left out.
    """
    stop = _stop_words()
    names = {w for p in participants for w in normalise(p).split()}
    seen: dict[str, int] = {}
    for fact in facts:
        words = {w for w in normalise(fact.text_en).split() if len(w) >= 4 and w.isalpha()}
        for w in words - stop - names:
            seen[w] = seen.get(w, 0) + 1
    ranked = [w for w, _ in sorted(seen.items(), key=lambda kv: (-kv[1], kv[0]))]
    shared = [w for w in ranked if seen[w] >= 2]
    return shared[:limit] if len(shared) >= 2 else ranked[:3]


@functools.lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    en = pack("en")
    return frozenset(w.casefold() for w in [*en.function_words, *en.stop_words, *en.reporting_verbs])


# ------------------------------------------------------------------------------ facts


def _order(groups: list[_Group]) -> list[_Group]:
    """Best supported first, then by first source, for a stable reading order."""
    keyed = [(-independent(g.articles), min(map(source_sort_key, g.sources)), i) for i, g in enumerate(groups)]
    return [groups[k[2]] for k in sorted(keyed)]


def build_facts(records: Sequence[EventRecord]) -> tuple[list[Fact], list[Fact], list[Conflict]]:
    """Facts, unverified facts and conflicts of one event; records must be in record order."""
    statements, conflicts = _speaker_conflicts(_statements(records, verified=True))
    figures, figure_conflicts = _figures(records, verified=True)
    conflicts += figure_conflicts
    loose_figures, _ = _figures(records, verified=False)
    facts = [_statement_fact(g, True) for g in _order(statements)]
    facts += [_figure_fact(g, True) for g in _order(figures)]
    unverified = [_statement_fact(g, False) for g in _order(_statements(records, verified=False))]
    unverified += [_figure_fact(g, False) for g in _order(loose_figures)]
    return facts, unverified, conflicts


def _statement_fact(g: _Group, verified: bool) -> Fact:
    return Fact(
        kind="statement",
        text_en=g.text,
        speaker=g.label,
        sources=dedupe_sources(g.sources),
        verified=verified,
    )


def _figure_fact(g: _Group, verified: bool) -> Fact:
    return Fact(
        kind="figure",
        text_en=g.text,
        quantity=g.label,
        value=g.extra,
        sources=dedupe_sources(g.sources),
        verified=verified,
    )
