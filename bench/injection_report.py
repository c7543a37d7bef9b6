"""The injection suite's figures: planted instructions flagged and contained, ordinary news kept.

    python bench/injection_report.py

Runs the 34 planted instructions and 30 ordinary sentences of tests/test_injection.py: how many the
guard marks, and (past a fake model that obeys any instruction it is shown) how many put their
planted claim or an invented participant into the briefing.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

import test_injection as suite  # noqa: E402

from summarizer.ingest import guard  # noqa: E402


def main() -> None:
    flagged = sum(guard.suspicious(p) for p in suite.PLANTED)
    reached = 0
    for planted in suite.PLANTED:
        with tempfile.TemporaryDirectory() as tmp:
            body = suite._body(suite._brief(Path(tmp), f"{suite.LEAD}\n\n{suite.SAID}\n\n{planted}\n"))
        reached += suite.CLAIM in body or suite.INVENTED in body
    ordinary = sum(guard.suspicious(s) for s in suite.ORDINARY)
    print(f"planted instructions marked:              {flagged} / {len(suite.PLANTED)}")
    print(f"planted claims reaching the briefing:     {reached} / {len(suite.PLANTED)} (past a model that obeys)")
    print(f"ordinary sentences marked (lost as evidence): {ordinary} / {len(suite.ORDINARY)}")
    print(f"without the marks, planted claims reaching it: {_unguarded()} / {len(suite.PLANTED)}")


def _unguarded() -> int:
    """The same run with the guard switched off: what containment by marking is worth."""
    real = guard.flagged_spans
    guard.flagged_spans = lambda text: []  # type: ignore[assignment]
    try:
        reached = 0
        for planted in suite.PLANTED:
            with tempfile.TemporaryDirectory() as tmp:
                body = suite._body(suite._brief(Path(tmp), f"{suite.LEAD}\n\n{suite.SAID}\n\n{planted}\n"))
            reached += suite.CLAIM in body or suite.INVENTED in body
        return reached
    finally:
        guard.flagged_spans = real


if __name__ == "__main__":
    main()
