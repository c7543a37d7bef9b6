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
- body facts: the verified facts (statements and figures) per main event, and their precision by the
  checks verification runs (`verification.statements.problem`, `numbers.mismatch`) redone here on
  every source of every body fact: the share whose cited sentence holds their speaker and numbers.
  Reconciliation merges the same statement from several articles under one English wording, so a
  source other than the one the wording came from can fail them;
- conflicts: an expected conflict "FIELD: ..." is found when the matched event reports a conflict on
  FIELD;
- events mentioned in passing (optional `mentioned_not_merged[]` with `article` and `date`): one is
  found when a predicted event that is not a main event cites its article with a date that does not
  contradict it (the same day, or either side undated); predicted ones that match no gold entry
  are counted apart (a new find, or an invention: read them).
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

if TYPE_CHECKING:
    from .verification.names import NameResolver

from .core.errors import ConfigError
from .core.types import BOTH, DURATION, REPORTED, Briefing, Event

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
    """Each article's event: the one it reports as its own news, else the first main event that
    holds one of its records."""
    placed: dict[str, str] = {}
    mains = sorted((e for e in events if e.main), key=lambda e: e.id)
    for event in mains:
        for article in event.reported_by:
            placed.setdefault(article, event.id)
    for event in mains:
        for rec in event.records:
            placed.setdefault(rec.rsplit("#", 1)[0], event.id)
    return placed


def article_ids(names: list[str], ids: list[str]) -> dict[str, str]:
    """Gold article names to the run's article ids: the same id, else the one id with that file name.

    Gold files name articles by file name ("000_e8b2d3f3d2c8197b.txt"); a run's ids are paths
    relative to its inputs ("seeds/000_e8b2d3f3d2c8197b.txt" when two inputs share a name).
    """
    by_file: dict[str, list[str]] = defaultdict(list)
    for i in ids:
        by_file[i.rsplit("/", 1)[-1]].append(i)
    known = set(ids)
    out = {}
    for name in names:
        if name in known:
            out[name] = name
        elif len(by_file.get(name, [])) == 1:
            out[name] = by_file[name][0]
    return out


def _with_ids(gold: dict[str, Any], briefing: Briefing) -> dict[str, Any]:
    """The gold file with its article names replaced by the run's ids."""
    names = [a for g in gold.get("events", []) for a in g.get("articles", [])]
    names += [a for g in gold.get("events", []) for f in g.get("key_facts", []) for a in f.get("articles", [])]
    names += [m["article"] for m in gold.get("mentioned_not_merged", []) if "article" in m]
    ids = article_ids(names, [s.id for s in briefing.sources])

    def fix(name: str) -> str:
        return ids.get(name, name)

    out = dict(gold)
    out["events"] = [
        {**g, "articles": [fix(a) for a in g["articles"]],
         "key_facts": [{**f, "articles": [fix(a) for a in f.get("articles", [])]} for f in g.get("key_facts", [])]}
        for g in gold.get("events", [])
    ]
    out["mentioned_not_merged"] = [
        {**m, "article": fix(m["article"])} if "article" in m else m for m in gold.get("mentioned_not_merged", [])
    ]
    return out


def evaluate(gold: dict[str, Any], briefing: Briefing) -> dict[str, Any]:
    """Scores as a plain dict (also what `summarizer eval -o` writes)."""
    gold = _with_ids(gold, briefing)
    events = briefing.events
    gold_events = gold.get("events", [])
    gold_cluster = {a: str(i) for i, g in enumerate(gold_events) for a in g["articles"]}
    placed = _main_event_of_article(events)
    p, r, f1 = _bcubed(placed, gold_cluster)
    tally = _Tally()
    by_id = {e.id: e for e in events}
    for g in gold_events:
        candidates = [by_id[placed[a]] for a in g["articles"] if a in placed]
        match = max(candidates, key=lambda e: (len(set(e.articles) & set(g["articles"])), e.id), default=None)
        tally.score(g, match)

    mentioned = [e for e in events if not e.main]
    gold_mentioned = gold.get("mentioned_not_merged", [])
    hits = [[e.id for e in mentioned if _mentioned_match(m, e)] for m in gold_mentioned]
    matched_ids = {i for h in hits for i in h}
    checked, held = body_precision(briefing)
    mains = [e for e in events if e.main]
    return {
        "model": briefing.run.model,
        "articles": len(briefing.sources),
        "failed_articles": len(briefing.run.failed),
        "events_gold": len(gold_events),
        "main_events_predicted": len(mains),
        "mentioned_events_predicted": len(mentioned),
        "mentioned": {"found": sum(1 for h in hits if h), "gold": len(gold_mentioned),
                      "not_in_gold": sum(1 for e in mentioned if e.id not in matched_ids)},
        "bcubed": {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3)},
        "dates": tally.dates,
        "formats": tally.formats,
        "participants": tally.participants,
        "key_facts": {"recalled": tally.facts_found, "total": tally.facts_total, "method":
                      f"token-set ratio >= {KEY_FACT_THRESHOLD:g} against verified facts from the fact's articles",
                      "recalled_with_speaker": tally.facts_by_speaker},
        "statements": {"verified": sum(1 for e in events for f in e.facts if f.kind == "statement"),
                       "unverified": sum(1 for e in events for f in e.unverified if f.kind == "statement")},
        "body_facts": {"per_main_event": round(sum(len(e.facts) for e in mains) / len(mains), 2) if mains else 0.0,
                       "sources_checked": checked, "sources_holding": held,
                       "precision": round(held / checked, 3) if checked else None},
        "conflicts": {"found": tally.conflicts_found, "expected": tally.conflicts_expected},
        "events": tally.details,
    }


class _Tally:
    """Per gold event: its date, format, participants, key facts and conflicts against its match."""

    def __init__(self) -> None:
        self.dates = {"exact": 0, "unknown": 0, "wrong": 0}
        self.formats = {"right": 0, "wrong": 0}
        self.participants = {"right": 0, "wrong": 0}
        self.facts_total = self.facts_found = self.facts_by_speaker = 0
        self.conflicts_expected = self.conflicts_found = 0
        self.details: list[dict[str, Any]] = []

    def score(self, g: dict[str, Any], match: Event | None) -> None:
        row: dict[str, Any] = {"gold": g.get("event_id", ",".join(g["articles"])),
                               "matched": match.id if match else None}
        value = match.date.value.isoformat() if match and match.date.value else None
        verdict = "unknown" if value is None else "exact" if value == g["date"] else "wrong"
        self.dates[verdict] += 1
        row["date"] = f"wrong ({value})" if verdict == "wrong" else verdict
        self.formats["right" if match is not None and match.format == g["format"] else "wrong"] += 1
        row["format"] = match.format if match else None
        right = match is not None and set(match.participants) == set(g["participants"])
        self.participants["right" if right else "wrong"] += 1
        row["participants"] = match.participants if match else []
        for fact in g.get("key_facts", []):
            self.facts_total += 1
            self.facts_found += bool(match and _fact_recalled(fact, match))
            self.facts_by_speaker += bool(match and _fact_recalled(fact, match, speaker=True))
        for expected in g.get("expected_conflicts", []):
            self.conflicts_expected += 1
            field = expected.split(":", 1)[0].strip()
            self.conflicts_found += bool(match and any(c.field == field for c in match.conflicts))
        self.details.append(row)


def _mentioned_match(gold: dict[str, Any], event: Event) -> bool:
    if gold.get("article") not in event.articles:
        return False
    day = event.date.value.isoformat() if event.date.value else None
    return gold.get("date") is None or day is None or day == gold["date"]


def _fact_recalled(fact: dict[str, Any], event: Event, *, speaker: bool = False) -> bool:
    """A verified fact of the event's, from one of the gold fact's articles, close to it; with
    `speaker`, also one whose speaker the gold fact names, when it names people (a stricter reading:
    "Xi did not confirm ..." is not recalled by Putin's words about a visit)."""
    wanted = set(fact.get("articles", [])) or set(event.articles)
    text = fact["fact"].casefold()
    people = _people_named(fact["fact"]) if speaker else set()
    for got in event.facts:
        if not {s.article_id for s in got.sources} & wanted:
            continue
        if people and got.speaker and got.speaker not in people and got.speaker not in (BOTH, REPORTED):
            continue
        candidate = " ".join(x for x in (got.speaker, got.text_en, got.quantity, got.value) if x).casefold()
        if fuzz.token_set_ratio(text, candidate) >= KEY_FACT_THRESHOLD:
            return True
    return False


def _people_named(text: str) -> set[str]:
    resolver = _resolver()
    return resolver.of_kind(resolver.mentions(text), "person")


@functools.lru_cache(maxsize=1)
def _resolver() -> NameResolver:
    from .verification.names import NameResolver  # the verify layer loads its tables on first use

    return NameResolver()


def body_precision(briefing: Briefing) -> tuple[int, int]:
    """(sources checked, sources whose cited sentence bears the fact out) over every body fact."""
    from .core.types import Article, Name
    from .verification.citations import Citations
    from .verification.durations import durations_in, english
    from .verification.names import NameResolver
    from .verification.numbers import mismatch
    from .verification.statements import problem

    resolver = NameResolver()
    cites = {
        s.id: Citations(Article(id=s.id, path=s.path, text=s.text, raw_text="", language=s.language, sha256="",
                                published=s.published))  # titles name their holder on that day
        for s in briefing.sources
    }
    checked = held = 0
    for event in briefing.events:
        for fact in event.facts:
            for src in fact.sources:
                c = cites.get(src.article_id)
                if c is None or src.span is None:
                    checked += 1
                    continue
                numbers = [n for n in range(1, len(c) + 1) if c.spans[n - 1].start < src.span.end
                           and src.span.start < c.spans[n - 1].end]
                checked += 1
                if fact.kind == "statement":
                    speaker = resolver.resolve(fact.speaker or "", lang="en")
                    if speaker.kind == "unknown":
                        speaker = Name(as_written=fact.speaker or "", canonical=fact.speaker or "", kind="unknown")
                    bound = resolver.for_article(c.article)
                    why = problem(numbers, fact.text_en, speaker, c, bound) if numbers else "not located"
                elif fact.quantity == DURATION and numbers:
                    # A length code read off the sentence ("півтори години"): does the sentence give it?
                    given = {english(m, u) for _, _, m, u in durations_in(c.joined(numbers), c.article.language)}
                    why = "" if fact.value in given else "not given"
                else:
                    why = mismatch(fact.value or "", c.joined(numbers)) if numbers else "not located"
                held += not why
    return checked, held


def _precision(b: dict[str, Any]) -> str:
    if not b["sources_checked"]:
        return "- (no body facts)"
    return f"{b['sources_holding']} / {b['sources_checked']} ({100 * b['precision']:.0f}%)"


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
        ("key facts recalled, by a speaker the fact names",
         f"{s['key_facts'].get('recalled_with_speaker', '-')} / {s['key_facts']['total']}"),
        ("statements verified / unverified",
         f"{s['statements']['verified']} / {s['statements']['unverified']}"),
        ("body facts per main event", f"{s['body_facts']['per_main_event']:.1f}"),
        ("body facts holding at their sentences", _precision(s["body_facts"])),
        ("conflicts found / expected", f"{s['conflicts']['found']} / {s['conflicts']['expected']}"),
    ]
    width = max(len(k) for k, _ in rows)
    lines = [f"| {'metric'.ljust(width)} | value |", f"|{'-' * (width + 2)}|-------|"]
    lines += [f"| {k.ljust(width)} | {v} |" for k, v in rows]
    return "\n".join(lines)
