"""Score a briefing against reference answers (the shape of eval/seeds/gold.json).

Required in the gold file: `events[].articles`, `date`, `format`, `participants`; `key_facts` and
`expected_conflicts` are optional. Metrics:

- clustering: B-cubed precision, recall and F1 over the articles, each article placed in the
  predicted event that holds its main record (an article with no main record is a singleton);
- for each gold event, the predicted main event sharing most articles with it is its match; its
  date is exact, unknown (no full date) or wrong; its format and participant set right or wrong;
- key facts: a gold fact is recalled when a verified fact of the matched event, sourced from one of
  the fact's articles, has a rapidfuzz token-set ratio >= KEY_FACT_THRESHOLD with it (English text,
  case-folded). This is a lenient lexical proxy, not a judgement of meaning;
- statements verified vs unverified, counted over every event;
- conflicts: an expected conflict "FIELD: ..." is found when the matched event reports a conflict on
  FIELD;
- events mentioned in passing (optional `mentioned_not_merged[]` with `article` and `date`): one is
  found when a predicted event that is not a main event cites its article with a date that does not
  contradict it (the same day, or either side undated); predicted ones that match no gold entry
  are counted apart (a new find, or an invention: read them).
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from .core.errors import ConfigError
from .core.types import Briefing, Event

KEY_FACT_THRESHOLD = 60.0


def load_gold(path: Path) -> dict[str, Any]:
    """The reference answers, checked for what `evaluate` reads; ConfigError names the file and the fault."""
    try:
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ConfigError(f"gold file {path} is not readable JSON ({type(exc).__name__}: "
                          f"{str(exc).splitlines()[0][:120]})") from None
    events = gold.get("events") if isinstance(gold, dict) else None
    if not isinstance(events, list):
        raise ConfigError(f"gold file {path} needs an object with an \"events\" list (see docs/evaluation.md)")
    for i, event in enumerate(events):
        missing = [k for k in ("articles", "date", "format", "participants")
                   if not isinstance(event, dict) or k not in event]
        if missing:
            raise ConfigError(f"gold file {path}: events[{i}] lacks {', '.join(missing)} (see docs/evaluation.md)")
        if not isinstance(event["articles"], list) or not isinstance(event["participants"], list):
            raise ConfigError(f"gold file {path}: events[{i}].articles and .participants must be lists")
    return gold


def _bcubed(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    items = sorted(gold)
    if not items:
        return 0.0, 0.0, 0.0
    pred_members: dict[str, set[str]] = defaultdict(set)
    gold_members: dict[str, set[str]] = defaultdict(set)
    for item in items:
        pred_members[pred.get(item, f"singleton:{item}")].add(item)
        gold_members[gold[item]].add(item)
    p = r = 0.0
    for item in items:
        pc = pred_members[pred.get(item, f"singleton:{item}")]
        gc = gold_members[gold[item]]
        both = len(pc & gc)
        p += both / len(pc)
        r += both / len(gc)
    p, r = p / len(items), r / len(items)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _main_event_of_article(events: list[Event]) -> dict[str, str]:
    placed: dict[str, str] = {}
    for event in sorted(events, key=lambda e: (not e.main, e.id)):
        if not event.main:
            continue
        for rec in event.records:
            article = rec.split("#", 1)[0]
            placed.setdefault(article, event.id)
    return placed


def evaluate(gold: dict[str, Any], briefing: Briefing) -> dict[str, Any]:
    """Scores as a plain dict (also what `summarizer eval -o` writes)."""
    events = briefing.events
    by_id = {e.id: e for e in events}
    gold_events = gold.get("events", [])
    gold_cluster = {a: str(i) for i, g in enumerate(gold_events) for a in g["articles"]}
    placed = _main_event_of_article(events)
    p, r, f1 = _bcubed(placed, gold_cluster)

    dates = {"exact": 0, "unknown": 0, "wrong": 0}
    formats = {"right": 0, "wrong": 0}
    participants = {"right": 0, "wrong": 0}
    facts_total = facts_found = 0
    conflicts_expected = conflicts_found = 0
    details = []
    for g in gold_events:
        candidates = [by_id[placed[a]] for a in g["articles"] if a in placed]
        match = None
        if candidates:
            match = max(candidates, key=lambda e: (len(set(e.articles) & set(g["articles"])), e.id))
        row: dict[str, Any] = {"gold": g.get("event_id", ",".join(g["articles"])),
                               "matched": match.id if match else None}
        value = match.date.value.isoformat() if match and match.date.value else None
        if value is None:
            dates["unknown"] += 1
            row["date"] = "unknown"
        elif value == g["date"]:
            dates["exact"] += 1
            row["date"] = "exact"
        else:
            dates["wrong"] += 1
            row["date"] = f"wrong ({value})"
        ok_format = match is not None and match.format == g["format"]
        formats["right" if ok_format else "wrong"] += 1
        row["format"] = match.format if match else None
        ok_people = match is not None and set(match.participants) == set(g["participants"])
        participants["right" if ok_people else "wrong"] += 1
        row["participants"] = match.participants if match else []
        for fact in g.get("key_facts", []):
            facts_total += 1
            if match and _fact_recalled(fact, match):
                facts_found += 1
        for expected in g.get("expected_conflicts", []):
            conflicts_expected += 1
            field = expected.split(":", 1)[0].strip()
            if match and any(c.field == field for c in match.conflicts):
                conflicts_found += 1
        details.append(row)

    mentioned = [e for e in events if not e.main]
    gold_mentioned = gold.get("mentioned_not_merged", [])
    hits = [[e.id for e in mentioned if _mentioned_match(m, e)] for m in gold_mentioned]
    matched_ids = {i for h in hits for i in h}

    verified = sum(1 for e in events for f in e.facts if f.kind == "statement")
    unverified = sum(1 for e in events for f in e.unverified if f.kind == "statement")
    return {
        "model": briefing.run.model,
        "articles": len(briefing.sources),
        "failed_articles": len(briefing.run.failed),
        "events_gold": len(gold_events),
        "main_events_predicted": sum(1 for e in events if e.main),
        "mentioned_events_predicted": len(mentioned),
        "mentioned": {"found": sum(1 for h in hits if h), "gold": len(gold_mentioned),
                      "not_in_gold": sum(1 for e in mentioned if e.id not in matched_ids)},
        "bcubed": {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3)},
        "dates": dates,
        "formats": formats,
        "participants": participants,
        "key_facts": {"recalled": facts_found, "total": facts_total, "method":
                      f"token-set ratio >= {KEY_FACT_THRESHOLD:g} against verified facts from the fact's articles"},
        "statements": {"verified": verified, "unverified": unverified},
        "conflicts": {"found": conflicts_found, "expected": conflicts_expected},
        "events": details,
    }


def _mentioned_match(gold: dict[str, Any], event: Event) -> bool:
    if gold.get("article") not in event.articles:
        return False
    day = event.date.value.isoformat() if event.date.value else None
    return gold.get("date") is None or day is None or day == gold["date"]


def _fact_recalled(fact: dict[str, Any], event: Event) -> bool:
    wanted = set(fact.get("articles", [])) or set(event.articles)
    text = fact["fact"].casefold()
    for got in event.facts:
        if not {s.article_id for s in got.sources} & wanted:
            continue
        candidate = " ".join(x for x in (got.speaker, got.text_en, got.quantity, got.value) if x).casefold()
        if fuzz.token_set_ratio(text, candidate) >= KEY_FACT_THRESHOLD:
            return True
    return False


def format_table(s: dict[str, Any]) -> str:
    """The scores as one Markdown table."""
    b, d, f, pa = s["bcubed"], s["dates"], s["formats"], s["participants"]
    rows = [
        ("model", s["model"] or "?"),
        ("articles (failed)", f"{s['articles']} ({s['failed_articles']})"),
        ("main events: gold / predicted", f"{s['events_gold']} / {s['main_events_predicted']}"),
        ("mentioned-in-passing events predicted", str(s["mentioned_events_predicted"])),
        ("mentioned events found / gold (extra)",
         f"{s['mentioned']['found']} / {s['mentioned']['gold']} ({s['mentioned']['not_in_gold']})"),
        ("clustering B-cubed P / R / F1", f"{b['precision']:.2f} / {b['recall']:.2f} / {b['f1']:.2f}"),
        ("event dates exact / unknown / wrong", f"{d['exact']} / {d['unknown']} / {d['wrong']}"),
        ("format right / wrong", f"{f['right']} / {f['wrong']}"),
        ("participants right / wrong", f"{pa['right']} / {pa['wrong']}"),
        ("key facts recalled", f"{s['key_facts']['recalled']} / {s['key_facts']['total']}"
                               f" ({s['key_facts']['method']})"),
        ("statements verified / unverified",
         f"{s['statements']['verified']} / {s['statements']['unverified']}"),
        ("conflicts found / expected", f"{s['conflicts']['found']} / {s['conflicts']['expected']}"),
    ]
    width = max(len(k) for k, _ in rows)
    lines = [f"| {'metric'.ljust(width)} | value |", f"|{'-' * (width + 2)}|-------|"]
    lines += [f"| {k.ljust(width)} | {v} |" for k, v in rows]
    return "\n".join(lines)
