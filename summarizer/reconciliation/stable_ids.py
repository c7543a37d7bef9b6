"""Event ids that stay put as articles join: each new event takes over the id of the old event it
shares the most records with.

`make_id` derives an id from the date, the participants and the first record key, all of which
can change when a record joins. The standing event record keeps the ids it has given out:
matching is one-to-one, largest overlap first (ties: the old id, then the new event's order),
so an event that grows keeps its id, two events that merge keep the id of the bigger share, and
an event that splits keeps its id on the part with most of its records. An old id that no new
event takes is returned as an alias of the event holding most of its records, so a saved link
(`brief --event OLD`) still finds it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ..core.types import Event


def carry_ids(old: Sequence[Event], new: Sequence[Event]) -> tuple[list[Event], dict[str, str]]:
    """`new` with old ids carried over by record overlap (relations follow), and old id -> new id aliases."""
    owner = {key: ev.id for ev in old for key in ev.records}
    overlaps = [Counter(owner[k] for k in ev.records if k in owner) for ev in new]
    pairs = sorted((-n, old_id, j) for j, counts in enumerate(overlaps) for old_id, n in counts.items())
    given: dict[int, str] = {}
    taken: set[str] = set()
    for _, old_id, j in pairs:
        if j not in given and old_id not in taken:
            given[j] = old_id
            taken.add(old_id)
    old_ids = {ev.id for ev in old}
    ids: list[str] = []
    for j, ev in enumerate(new):
        if j in given:
            ids.append(given[j])
            continue
        candidate, n = ev.id, 1
        while candidate in taken or candidate in old_ids:
            n += 1
            candidate = f"{ev.id}-{n}"  # an id once given to another event is never reused
        taken.add(candidate)
        ids.append(candidate)
    rename = {ev.id: ids[j] for j, ev in enumerate(new)}
    events = [
        ev.model_copy(update={
            "id": ids[j],
            "related": [r.model_copy(update={"event_id": rename.get(r.event_id, r.event_id)}) for r in ev.related],
        })
        for j, ev in enumerate(new)
    ]
    aliases: dict[str, str] = {}
    for old_id in sorted(old_ids - set(ids)):
        holders = Counter(ids[j] for j, counts in enumerate(overlaps) if counts.get(old_id))
        if holders:
            aliases[old_id] = min(holders, key=lambda i: (-holders[i], i))
    return events, aliases
