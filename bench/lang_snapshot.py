"""What the word checks find in real articles, as JSON lines, to compare two versions of the code.

For every sentence of every article given (the seeds, the test articles and any folder named), it
records what code finds with its word data: format words, in-person cues, date mentions and the
dates they resolve to, anchors, weekdays, clauses, event and plan words, number words, the names
mentioned, the boilerplate removed, the "both sides" subjects; and for a fixed list of model-written
values, the figure keys and placeholders. Run it on two checkouts and diff the outputs: a line that
differs is a behaviour that changed.

    python bench/lang_snapshot.py -o /tmp/after.jsonl [FOLDER ...]
    diff <(python bench/lang_snapshot.py) /tmp/before.jsonl
"""

from __future__ import annotations

import argparse
import inspect
import json
import sys
from pathlib import Path

from summarizer.core.types import Name
from summarizer.ingest import load
from summarizer.ingest.boilerplate import strip_boilerplate
from summarizer.reconciliation.facts import figure_key
from summarizer.text.segment import sentences
from summarizer.verification import mentioned, numbers
from summarizer.verification.dates import anchor_match, resolve_date, weekday_spans
from summarizer.verification.event_dates import find_date_mentions
from summarizer.verification.figures import no_figure
from summarizer.verification.formats import format_hits, format_stated
from summarizer.verification.names import NameResolver
from summarizer.verification.people import both_sides_subject
from summarizer.verification.reports import clauses_of

ROOT = Path(__file__).resolve().parent.parent
VALUES = [
    "unknown", "не указано", "немає", "n/a", "$20 billion", "200 млрд доларів", "1,5 трлн руб", "7%",
    "30 відсотків", "5 million tonnes", "€3 bn", "none", "100 тис.", "нет данных", "2 cubic metres",
]


def _articles(folders: list[Path]) -> list[Path]:
    found: list[Path] = []
    for folder in folders:
        found += sorted(p for p in folder.rglob("*.txt") if p.is_file())
    return found


def _lang(fn, lang: str) -> dict:
    """The article's language for a function that takes one (as verification passes it), else nothing."""
    return {"lang": lang} if "lang" in inspect.signature(fn).parameters else {}


def _sentence(article, text: str, start: int, end: int, resolver: NameResolver) -> dict:
    lang = article.language
    mentions = find_date_mentions(text, lang)
    return {
        "text": text,
        "formats": format_hits(article.text, start, end, **_lang(format_hits, lang)),
        "in_person": format_stated(article.text, start, end, "in_person", **_lang(format_stated, lang)),
        "dates": [(m.kind, text[m.start : m.end]) for m in mentions],
        "resolved": [
            str(resolve_date(text[m.start : m.end], "", article, names=resolver).value)
            for m in mentions
            if m.kind != "anchored"
        ],
        "anchor": anchor_match(text, **_lang(anchor_match, lang)),
        "weekdays": weekday_spans(text, **_lang(weekday_spans, lang)),
        "clauses": clauses_of(text, **_lang(clauses_of, lang)),
        "event": bool(_pattern(mentioned, "event_words", "EVENT_WORDS", lang).search(text)),
        "planned": bool(_pattern(mentioned, "plan_words", "PLANNED", lang).search(text)),
        "numbers": sorted(numbers._quote_numbers(text)),
        "numbers_lang": sorted(numbers._quote_numbers(text, **_lang(numbers._quote_numbers, lang))),
        "names": sorted(resolver.mentions(text)),
        "both": both_sides_subject(text, [Name(as_written="x", canonical="Vladimir Putin", kind="person")], resolver),
    }


def _pattern(module, function: str, constant: str, lang: str):
    """The language's pattern where the code has one per language; else the module's constant."""
    if hasattr(module, function):
        return getattr(module, function)(lang)
    return getattr(module, constant, None) or getattr(module, "_" + constant)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", type=Path)
    ap.add_argument("-o", "--output", type=Path)
    args = ap.parse_args()
    folders = [ROOT / "seeds", ROOT / "tests" / "data", *args.folders]
    resolver = NameResolver()
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
    for path in _articles(folders):
        try:
            article = load(path)
        except Exception as exc:  # noqa: BLE001 - a snapshot records what happens, errors too
            print(json.dumps({"file": str(path.relative_to(path.anchor)), "error": type(exc).__name__}), file=out)
            continue
        raw_clean, removed = strip_boilerplate(article.raw_text, article.language)
        print(json.dumps({"file": path.name, "lang": article.language, "removed": removed}, ensure_ascii=False),
              file=out)
        for span, _para in sentences(article.text):
            text = article.text[span.start : span.end]
            row = _sentence(article, text, span.start, span.end, resolver)
            print(json.dumps({"file": path.name, **row}, ensure_ascii=False, default=str), file=out)
    for value in VALUES:
        print(json.dumps({"value": value, "key": figure_key(value), "none": no_figure(value)}, ensure_ascii=False),
              file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
