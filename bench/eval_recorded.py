"""Score the recorded local-model run of the seeds against a gold file, offline.

Replays `cassettes/seeds_brief.yaml` (HTTP recorded against the real local model, never edited)
through the current code: ingest, verify and reconcile run for real, only the model's answers come
from the recording. Prints `summarizer eval`'s table, so a change to verification or
reconciliation can be scored without running the model again. This is the table in the README.

    python bench/eval_recorded.py                       # seeds, eval/seeds/gold.json
    python bench/eval_recorded.py --gold G.json -o scores.json --records seeds.jsonl
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from pathlib import Path

import vcr

from summarizer.core.settings import LOCAL_MODEL_NAME, Settings
from summarizer.evaluate import evaluate, format_table
from summarizer.pipeline import Summarizer

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=ROOT / "eval/seeds/gold.json")
    ap.add_argument("--cassette", type=Path, default=ROOT / "cassettes/seeds_brief.yaml")
    ap.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    ap.add_argument("-o", "--output", type=Path, help="also write the scores as JSON here")
    ap.add_argument("--records", type=Path, help="also write the records, as `summarizer extract` does (.jsonl)")
    args = ap.parse_args()

    recorder = vcr.VCR(record_mode="none", match_on=["method", "path", "body"], decode_compressed_response=True)
    with tempfile.TemporaryDirectory() as cache, recorder.use_cassette(str(args.cassette)):
        # The address is never contacted: every request is answered from the cassette (or fails).
        settings = Settings(api_key="replay-no-key", base_url="http://127.0.0.1:9/v1", model=LOCAL_MODEL_NAME,
                            cache_dir=Path(cache), timeout=900, max_attempts=1, concurrency=1)
        summarizer = Summarizer(settings)
        results = asyncio.run(summarizer.aextract(sorted(args.seeds.glob("*.txt"))))
        failed = [r.article.path for r in results if r.error]
        if failed:
            print(f"not in the recording (re-record with `make cassettes`): {failed}", file=sys.stderr)
        briefing = summarizer.briefing(results)
    if args.records:
        args.records.write_text("".join(r.model_dump_json() + "\n" for r in results), encoding="utf-8")
    scores = evaluate(json.loads(args.gold.read_text(encoding="utf-8")), briefing)
    print(format_table(scores))
    if args.output:
        args.output.write_text(json.dumps(scores, indent=2, ensure_ascii=False), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
