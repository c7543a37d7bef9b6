"""The published seeds table cannot drift silently: the recorded run (cassettes/seeds_brief.yaml),
scored by the current code, gives the figures pinned in eval/seeds/recorded.json.

When a change moves a figure, the same commit updates the pin
(`python bench/eval_recorded.py -o eval/seeds/recorded.json`) and says why; re-recording the
cassette (`make cassettes`) does the same.
"""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

PINNED = ("main_events_predicted", "mentioned_events_predicted", "bcubed", "dates", "formats", "participants",
          "key_facts", "statements", "body_facts", "conflicts", "mentioned")


def test_the_recorded_seeds_run_scores_what_is_published(tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "scores.json"
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "eval_recorded.py"), "-o", str(out)],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    now = json.loads(out.read_text(encoding="utf-8"))
    pinned = json.loads((ROOT / "eval" / "seeds" / "recorded.json").read_text(encoding="utf-8"))
    assert {k: now[k] for k in PINNED} == {k: pinned[k] for k in PINNED}
