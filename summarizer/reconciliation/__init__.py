"""Reconcile: verified records from many articles merged into one Event per real-world event.

The rules (clustering, blocking, choices between conflicting values, facts, relations) are
written out in `merge` and in docs/reconciliation.md.
"""

from .copies import group_copies
from .event import OFFICIAL_SOURCE_MARKERS
from .merge import reconcile, reconcile_incremental
from .stable_ids import carry_ids

__all__ = ["OFFICIAL_SOURCE_MARKERS", "carry_ids", "group_copies", "reconcile", "reconcile_incremental"]
