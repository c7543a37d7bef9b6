"""Renderers: Markdown, JSON and HTML built from a hand-made sample briefing."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from fixtures_briefing import FAILED, sample_briefing
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from summarizer.briefing import briefing_schema, render, render_html, render_json, render_markdown
from summarizer.briefing.view import date_view, excerpt, order_events, untranslated
from summarizer.core.errors import ConfigError
from summarizer.core.types import Briefing, EventDate, SourceRef

EVIL = "</script><script>alert(1)</script>"


@pytest.fixture
def b() -> Briefing:
    return sample_briefing()


def _source_numbers(md: str) -> dict[int, str]:
    """Number -> file id, read back from the rendered Sources list."""
    section = md.split("\n## Sources\n", 1)[1]
    return {int(n): f for n, f in re.findall(r"^(\d+)\. `([^`]+)`", section, flags=re.M)}


def _section(md: str, title: str) -> str:
    """The text of one '## ' section (an event or 'Also mentioned')."""
    start = md.index(f"{title}\n")
    nxt = md.find("\n## ", start)
    return md[start : nxt if nxt != -1 else len(md)]


# ------------------------------------------------------------------------- markdown


def test_markdown_orders_main_events_by_date_with_unknown_year_last(b: Briefing) -> None:
    md = render_markdown(b)
    main, _ = order_events(b.events)
    headings = re.findall(r"^## \d+\. (.+)$", md, flags=re.M)
    assert headings == [e.title for e in main]
    dates = [e.date for e in main]
    assert dates[-1].value is None and all(d.value for d in dates[:-1])
    assert dates[0].value < dates[1].value  # type: ignore[operator]


def test_markdown_dates_say_how_sure(b: Briefing) -> None:
    md = render_markdown(b)
    by_title = {e.title: e for e in b.events if e.main}
    for title, e in by_title.items():
        date_line = next(ln for ln in _section(md, title).splitlines() if ln.startswith("- **Date:**"))
        if e.date.value is not None:
            assert f"{e.date.value.day} {e.date.value:%B %Y} ({e.date.method}:" in date_line
        else:
            assert "year unknown" in date_line and f"{e.date.day} December" in date_line


def test_markdown_citations_point_to_the_cited_articles(b: Briefing) -> None:
    md = render_markdown(b)
    numbers = _source_numbers(md)
    assert len(numbers) == len(b.sources)
    checked = 0
    for e in (e for e in b.events if e.main):
        section = _section(md, e.title)
        for fact in e.facts:
            line = next(ln for ln in section.splitlines() if fact.text_en in ln)
            cited = {numbers[int(n)] for n in re.findall(r"\[(\d+)\]", line)}
            assert cited == {s.article_id for s in fact.sources}
            checked += 1
    assert checked >= 5


def test_markdown_conflicts_show_each_side_and_the_choice(b: Briefing) -> None:
    md = render_markdown(b)
    numbers = {f: n for n, f in _source_numbers(md).items()}
    events = [e for e in b.events if e.main and e.conflicts]
    assert events
    for e in events:
        section = _section(md, e.title)
        assert "### Sources disagree" in section
        for c in e.conflicts:
            for side in c.sides:
                labels = "".join(f"[{numbers[s.article_id]}]" for s in side.sources)
                assert f"“{side.value}” {labels}" in section
            assert f"**Chosen:** {c.chosen} (rule: {c.rule})" in section


def test_markdown_lists_unverified_claims_apart(b: Briefing) -> None:
    md = render_markdown(b)
    e = next(e for e in b.events if e.unverified)
    section = _section(md, e.title)
    head = "### Unverified (the cited sentence does not bear the claim out)"
    assert head in section
    before, after = section.split(head)
    for f in e.unverified:
        assert f.text_en not in before
        assert f.text_en in after
        assert f.sources[0].quote in after and "not located" in after


def test_markdown_list_items_each_start_a_line(b: Briefing) -> None:
    # A block tag at a line's end ate its newline: "**Reported by:** [5]- **Tags:**", and each
    # unverified claim ran into the next one's bullet.
    b = b.model_copy(deep=True)
    for e in b.events:
        e.unverified = e.unverified + e.unverified
        e.tags = e.tags or ["trade"]
    md = render_markdown(b)
    assert "**Reported by:**" in md
    assert not re.search(r"\S- \*\*", md), re.search(r".{40}\S- \*\*.{20}", md)


def test_markdown_mentioned_events_have_their_own_section(b: Briefing) -> None:
    md = render_markdown(b)
    mentioned = [e for e in b.events if not e.main]
    section = _section(md, "## Also mentioned")
    for e in mentioned:
        assert f"**{e.title}**" in section
        assert f"## {e.title}" not in md


def test_markdown_sources_and_run_footer(b: Briefing) -> None:
    md = render_markdown(b)
    sources = md.split("\n## Sources\n", 1)[1]
    undated = [s for s in b.sources if s.published is None and not s.error]
    assert undated and sources.count("no publication date") >= len(undated)
    assert "published 2026-02-04" in sources
    assert "Russian (ru)" in sources and "Ukrainian (uk)" in sources
    assert f"`{FAILED}`" in sources and "**Error:** this article failed" in sources
    footer = md.rsplit("---", 1)[1]
    assert "cost: n/a" in footer and "18234 prompt" in footer and "cache hits: 2" in footer
    assert f"failed articles: `{FAILED}`" in footer
    b.run.cost_usd = 0.01234
    assert "cost: $0.0123" in render_markdown(b)


def test_markdown_escapes_markup_from_articles(b: Briefing) -> None:
    b.events[3].title = "Talks *on* [1] <b>trade</b>"
    md = render_markdown(b)
    assert r"Talks \*on\* \[1\] \<b\>trade\</b\>" in md
    assert "<b>" not in md


# ----------------------------------------------------------------------------- json


def test_json_round_trips(b: Briefing) -> None:
    assert Briefing.model_validate_json(render_json(b)) == b
    assert Briefing.model_validate_json(render(b, "json")) == b


def test_schema_describes_the_json_output() -> None:
    schema = briefing_schema()
    assert schema["$id"] and schema["title"] == "Briefing" and schema["description"]
    assert {"events", "sources", "run"} <= set(schema["properties"])
    assert "Event" in schema["$defs"] and "Conflict" in schema["$defs"]


def test_render_dispatches_and_rejects_unknown_formats(b: Briefing) -> None:
    assert render(b, "md") == render_markdown(b)
    assert render(b, "html") == render_html(b)
    with pytest.raises(ConfigError, match="md, json, html"):
        render(b, "pdf")  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- html


def test_html_has_no_external_resources(b: Briefing) -> None:
    page = render_html(b)
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", page, flags=re.I)
    assert "@import" not in page and "url(" not in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_html_csp_hashes_match_the_inline_script_and_style(b: Briefing) -> None:
    page = render_html(b)
    script = re.search(r"<script>(.*?)</script>", page, flags=re.S)
    style = re.search(r"<style>(.*?)</style>", page, flags=re.S)
    assert script and style
    for body in (script.group(1), style.group(1)):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in page


def test_html_escapes_article_text_and_embeds_data_safely(b: Briefing) -> None:
    b.sources[0].text += "\n" + EVIL
    b.sources[0].summary_en = EVIL
    b.sources[0].title = EVIL
    b.events[0].title = EVIL
    b.events[0].participants.append(EVIL)
    b.events[3].facts[0].text_en = EVIL
    b.events[3].unverified[0].sources[0].quote = EVIL
    page = render_html(b)
    assert "<script>alert(1)" not in page
    assert page.count("<script") == 2  # the data block and the page's own script
    assert str(escape(EVIL)) in page
    data = re.search(r'<script type="application/json" id="briefing-data">(.*?)</script>', page, re.S)
    assert data
    assert json.loads(data.group(1)) == json.loads(b.model_dump_json())


def test_html_marks_located_quotes_and_flags_unlocated_ones(b: Briefing) -> None:
    page = render_html(b)
    located = [r for e in b.events for f in e.facts for r in f.sources if r.span]
    assert located
    for ref in located:
        text = next(s.text for s in b.sources if s.id == ref.article_id)
        assert ref.span is not None
        assert f"<mark>{escape(text[ref.span.start : ref.span.end])}</mark>" in page
    missing = [r for e in b.events for f in e.unverified for r in f.sources]
    for ref in missing:
        assert f'class="excerpt notfound" lang="ru">{escape(ref.quote)}</blockquote>' in page
    assert "not located" in page


def test_html_shows_events_conflicts_timeline_sources_and_footer(b: Briefing) -> None:
    page = render_html(b)
    main, mentioned = order_events(b.events)
    positions = [page.index(f"<h3>{escape(e.title)}</h3>") for e in main]
    assert positions == sorted(positions)
    timeline = page[page.index('id="timeline"') : page.index('id="events"')]
    assert timeline.index("Year or date unknown") > timeline.index(escape(main[0].title))
    for e in main + mentioned:
        assert str(escape(e.title)) in timeline
    assert page.count('class="conflict"') == sum(len(e.conflicts) for e in b.events)
    assert "Sources disagree on the date" in page and "Sources disagree on the format" in page
    assert "Unverified (the cited sentence does not bear the claim out)" in page
    assert 'id="src-6"' in page and "This article failed:" in page
    assert "no date line" in page and "n/a" in page and "18,234 prompt" in page


# ------------------------------------------------------------------ shared helpers


def test_order_puts_year_unknown_after_dated_and_undated_last(b: Briefing) -> None:
    e = b.events[0].model_copy(update={"id": "x", "title": "undated", "date": EventDate()})
    main, mentioned = order_events([*b.events, e])
    assert [m.title for m in mentioned][-1] == "undated"
    kinds = [(m.date.value is None, m.date.day is None) for m in mentioned]
    assert kinds == sorted(kinds)
    assert all(m.main for m in main) and not any(m.main for m in mentioned)


@pytest.mark.parametrize(
    ("date", "badge", "text"),
    [
        (EventDate(value=dt.date(2026, 2, 3), method="stated"), "stated", "3 February 2026"),
        (EventDate(value=dt.date(2026, 2, 4), method="relative"), "relative", "4 February 2026"),
        (EventDate(value=dt.date(2025, 1, 21), method="anchored"), "anchored", "21 January 2025"),
        (EventDate(value=dt.date(2025, 1, 17), method="inferred"), "inferred", "17 January 2025"),
        (EventDate(value=dt.date(2025, 1, 1), method="model"), "model guess", "1 January 2025"),
        (EventDate(month=12, day=30, method="stated"), "year unknown", "30 December, year unknown"),
        (EventDate(model_guess=dt.date(2024, 5, 1), method="model"), "unknown", "date unknown"),
    ],
)
def test_date_view_names_the_certainty(date: EventDate, badge: str, text: str) -> None:
    view = date_view(date)
    assert (view.badge, view.text) == (badge, text)
    if date.model_guess:
        assert "2024-05-01" in view.certainty


def test_citation_to_an_article_missing_from_sources_is_marked(b: Briefing) -> None:
    b.events[3].facts[0].sources.append(SourceRef(article_id="ghost.txt", quote="x"))
    assert "[?ghost.txt]" in render_markdown(b)


@given(
    st.text(alphabet="ab \n.", min_size=1, max_size=400),
    st.integers(0, 399),
    st.integers(1, 60),
)
def test_excerpt_marks_exactly_the_span(text: str, start: int, length: int) -> None:
    start = min(start, len(text) - 1)
    end = min(len(text), start + length)
    parts = excerpt(text, start, end, radius=50)
    marked = [p for p, is_quote in parts if is_quote]
    assert marked == [text[start:end]]
    plain = "".join(p for p, _ in parts).replace("…", "")
    assert text[start:end] in plain and len(plain) <= (end - start) + 2 * 50


def test_empty_briefing_renders_in_every_format() -> None:
    empty = Briefing(events=[], sources=[])
    assert "0 main events" in render(empty, "md") and "failed articles: none" in render(empty, "md")
    assert "No main events were found." in render(empty, "html")
    assert Briefing.model_validate_json(render(empty, "json")) == empty


def test_templates_ship_with_the_package() -> None:
    # Hatch leaves git-ignored files out of the wheel, and the repo ignores "briefing.*".
    templates = sorted((Path(__file__).resolve().parents[2] / "summarizer" / "briefing" / "templates").iterdir())
    assert {t.name for t in templates} >= {"brief.md.j2", "brief.html.j2", "brief.css", "brief.js"}
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    proc = subprocess.run(
        ["git", "check-ignore", *map(str, templates)], capture_output=True, text=True, check=False
    )
    assert proc.stdout == "", f"git-ignored templates: {proc.stdout}"


@pytest.mark.parametrize(
    ("text", "marked"),
    [
        # Texts the local model returned as "English" on unseen articles (eval/unseen2).
        ("Владimir Путин и Си Цзиньпин обсудят двусторонние отношения и международную повестку", True),
        ("Координуємо наші позиції та однаково бачимо необхідність спільного погляду", True),
        ("Putin said joint work of Russia and China plays a stabilising role.", False),
        ("Xi Jinping (Сі Цзіньпін) said relations are at their best level in history.", False),
        ("Erdoğan greeted Putin on his birthday.", False),
        ("ППО", False),  # short: an acronym or a name is not a sentence left untranslated
    ],
)
def test_untranslated_marks_texts_mostly_not_in_latin_letters(text: str, marked: bool) -> None:
    assert untranslated(text) is marked


def test_untranslated_statements_are_marked_in_markdown_and_html(b: Briefing) -> None:
    fact = next(f for e in b.events for f in e.facts if f.kind == "statement" and f.verified)
    original = fact.text_en
    mark = "(the article's words: the model gave no translation)"
    assert mark not in render_markdown(b)
    fact.text_en = "Поздоровляються Сі Цзіньпін та президент Росії"
    md = render_markdown(b)
    # The model's untranslated text gives way to the quote code located, marked as such.
    assert fact.text_en not in md and original not in md
    line = next(x for x in md.splitlines() if mark in x)
    assert fact.sources[0].quote in line
    assert f'<em class="untranslated">{mark}</em>' in render_html(b)


def test_each_event_shows_its_summary_and_tags(b: Briefing) -> None:
    event = next(e for e in b.events if e.main)
    event.summary = "Vladimir Putin and Xi Jinping spoke by video link on 4 February 2026, as 3 articles report."
    event.tags = ["energy", "trade"]
    md, page = render_markdown(b), render_html(b)
    assert event.summary in _section(md, event.title) and "- **Tags:** energy, trade" in md
    assert f'<p class="event-summary">{event.summary}</p>' in page and "<li>energy</li>" in page


def test_markdown_gives_each_fact_its_source_sentence_as_a_footnote(b: Briefing) -> None:
    event = next(e for e in b.events if e.main and e.facts)
    md = render_markdown(b)
    section = _section(md, event.title)
    fact = event.facts[0]
    line = next(x for x in section.splitlines() if fact.text_en in x)
    n = line.rsplit("[^", 1)[1].rstrip("]")
    assert f"[^{n}]: “{fact.sources[0].quote}”" in md


def test_a_claim_found_but_not_matching_says_why_in_markdown_and_html(b: Briefing) -> None:
    event = next(e for e in b.events if e.main and any(f.kind == "statement" for f in e.facts))
    fact = next(f for f in event.facts if f.kind == "statement" and f.sources[0].span is not None)
    event.facts.remove(fact)
    note = "the English gives '2025', which the cited sentence does not"
    fact.verified = False
    fact.sources[0].note = note
    event.unverified.append(fact)
    md = render_markdown(b)
    before, after = _section(md, event.title).split("### Unverified")
    assert fact.text_en not in before
    assert f"“{fact.sources[0].quote}”" in after and f"(but {note})" in after
    page = render_html(b)
    assert "does not match</span> found in the article, but " + str(escape(note)) in page


def test_what_code_changed_is_shown_with_its_article(b: Briefing) -> None:
    main = next(e for e in b.events if e.main)
    side = next(e for e in b.events if not e.main)
    moved = "participant 'Donald Trump' moved off this event"
    found = "found by code, not by the model, in: '17 січня Дональд Трамп і голова Китаю Сі Цзіньпін ...'"
    main.checks = [SourceRef(article_id=main.articles[0], note=moved)]
    side.checks = [SourceRef(article_id=side.articles[0], note=found)]
    md = render_markdown(b)
    numbers = {f: n for n, f in _source_numbers(md).items()}
    assert f"- **Checked by code:** {moved} [{numbers[main.articles[0]]}]" in _section(md, main.title)
    assert f"  - Checked by code: {found} [{numbers[side.articles[0]]}]" in _section(md, "## Also mentioned")
    page = render_html(b)
    assert "<dt>Checked by code</dt>" in page and str(escape(moved)) in page and str(escape(found)) in page
