"""Copies: one wire story reprinted by several outlets is one independent report, not several.

Two articles are copies when the Jaccard similarity of their word 3-shingles (lower case,
punctuation dropped) is at least COPY_THRESHOLD: a reprint with a new headline, an outlet's own
lead sentence or a cut last paragraph stays well above it, while two outlets' own reports of one
event share a few names and phrases (0.00-0.02 between the seed articles). Candidates come from
MinHash LSH (datasketch), so a batch of thousands is never compared pair by pair; each candidate
pair is then checked on the exact shingle sets, so the decision does not depend on the sketch.
Copies group transitively; a group's first article (in input order) stands for it.

Counting: while `counted_once(groups)` is active, `independent(ids)` counts the reports among
article ids, and reconciliation counts support with it wherever it counted articles (the date and
format choices, fact order, speaker and figure conflicts). A translation of a wire story is not
found (no shared words): it counts as its own report.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar

COPY_THRESHOLD = 0.5  # Jaccard similarity of word 3-shingles
LSH_THRESHOLD = 0.3  # lower than COPY_THRESHOLD, so the sketch misses no pair near it
SHINGLE_WORDS = 3
NUM_PERM = 128
SEED = 1

_WORD = re.compile(r"\w+")
_GROUPS: ContextVar[Mapping[str, str] | None] = ContextVar("copy_groups", default=None)


def shingles(text: str) -> frozenset[str]:
    """Word 3-shingles of a text (a text shorter than that: its words as one shingle)."""
    words = _WORD.findall(text.casefold())
    if len(words) < SHINGLE_WORDS:
        return frozenset({" ".join(words)}) if words else frozenset()
    return frozenset(" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def group_copies(texts: Mapping[str, str]) -> dict[str, str]:
    """Article id -> the id of the first article of its group, for every article that has a copy."""
    ids = [i for i, t in texts.items() if t.strip()]
    sets = {i: shingles(texts[i]) for i in ids}
    parent = {i: i for i in ids}
    order = {i: n for n, i in enumerate(ids)}

    def root(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in _candidates(ids, sets):
        if jaccard(sets[a], sets[b]) >= COPY_THRESHOLD:
            ra, rb = root(a), root(b)
            if ra != rb:
                first, other = (ra, rb) if order[ra] < order[rb] else (rb, ra)
                parent[other] = first
    groups = {i: root(i) for i in ids}
    sizes: dict[str, int] = {}
    for r in groups.values():
        sizes[r] = sizes.get(r, 0) + 1
    return {i: r for i, r in groups.items() if sizes[r] > 1}


def _candidates(ids: list[str], sets: Mapping[str, frozenset[str]]) -> Iterator[tuple[str, str]]:
    """Pairs that may be copies: the same shingles exactly, or close MinHash sketches."""
    if len(ids) < 2:
        return
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    batch = [[s.encode("utf-8") for s in sorted(sets[i])] for i in ids]
    sketches = dict(zip(ids, MinHash.bulk(batch, num_perm=NUM_PERM, seed=SEED), strict=True))
    with lsh.insertion_session() as session:
        for i in ids:
            session.insert(i, sketches[i])
    for i in ids:
        for j in sorted(lsh.query(sketches[i])):
            if i < j:
                yield i, j


def report_of(article_id: str) -> str:
    """The article that stands for this one's group of copies (itself when it has none)."""
    return (_GROUPS.get() or {}).get(article_id, article_id)


def independent(article_ids: Iterable[str]) -> int:
    """How many independent reports these articles are (copies of one text count once)."""
    groups = _GROUPS.get() or {}
    return len({groups.get(a, a) for a in article_ids})


def articles_and_reports(article_ids: Iterable[str]) -> str:
    """'3 articles' or, with copies among them, '3 articles from 2 independent reports'."""
    ids = set(article_ids)
    n, reports = len(ids), independent(ids)
    text = f"{n} article{'s' if n != 1 else ''}"
    if reports < n:
        text += f" from {reports} independent report{'s' if reports != 1 else ''}"
    return text


@contextlib.contextmanager
def counted_once(groups: Mapping[str, str]) -> Iterator[None]:
    """Within the block, `independent` counts these copies once."""
    token = _GROUPS.set(dict(groups))
    try:
        yield
    finally:
        _GROUPS.reset(token)
