"""Honest sources: `brief feed.jsonl` and `brief folder-of-html/` name each source by outlet, title, date and
link, and give the same facts as the plain-text versions of the same articles (fault server, no model)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from faultserver import FaultServer
from markupsafe import escape

from summarizer.cli import main
from summarizer.core.types import Briefing

ARTICLES = [  # (outlet, address, headline, body): three reports as outlets publish them
    ("Вісті Приклад", "https://visti.example/news/zelensky-macron-call",
     "Зеленський і Макрон обговорили гарантії безпеки",
     "Президент України Володимир Зеленський провів телефонну розмову з президентом Франції Еммануелем "
     "Макроном, повідомив Офіс президента у середу.\n\nСторони обговорили гарантії безпеки для України."),
    ("Новости Пример", "https://novosti.example/politics/2026/02/04/lavrov-fidan?ref=feed&x=(1)",
     "Лавров и Фидан провели переговоры в Анкаре",
     "Министр иностранных дел России Сергей Лавров провел переговоры с главой МИД Турции Хаканом Фиданом "
     "в Анкаре.\n\nСтороны обсудили ситуацию в регионе и подготовку визита, сообщили в министерстве."),
    ("Агенція", "https://agency.example/a/3",
     "Сибіга зустрівся з Вадефулем у Берліні",
     "Міністр закордонних справ України Андрій Сибіга зустрівся у Берліні з міністром закордонних справ "
     "Німеччини Йоганном Вадефулем.\n\n\"Ми обговорили посилення протиповітряної оборони\", – заявив Сибіга."),
]
DAY = "2026-02-04"


@pytest.fixture
def server(fault_server: FaultServer) -> FaultServer:
    return fault_server


def brief(*args: str) -> str:
    result = CliRunner().invoke(main, ["brief", *args, "-q"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def page(outlet: str, url: str, title: str, body: str) -> str:
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
          "datePublished": f"{DAY}T09:40:00+02:00", "publisher": {"@type": "Organization", "name": outlet}}
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (f'<!doctype html><html><head><title>{title} | {outlet}</title><link rel="canonical" href="{url}">'
            f'<meta property="og:site_name" content="{outlet}">'
            f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script></head>'
            f"<body><nav><a href='/'>Головна</a></nav><article><h1>{title}</h1>{paragraphs}</article>"
            "<footer>© 2026</footer></body></html>")


@pytest.fixture
def forms(tmp_path: Path) -> dict[str, Path]:
    plain, html = tmp_path / "plain", tmp_path / "folder-of-html"
    plain.mkdir()
    html.mkdir()
    rows = []
    for n, (outlet, url, title, body) in enumerate(ARTICLES):
        (plain / f"{n}.txt").write_text(f" date {DAY}\n{title}\n\n{body}\n", encoding="utf-8")
        (html / f"{n}.html").write_text(page(outlet, url, title, body), encoding="utf-8")
        rows.append(json.dumps({"url": url, "title": title, "date": DAY, "source": outlet, "text": body},
                               ensure_ascii=False))
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return {"plain": plain, "feed": feed, "html": html}


def facts(b: Briefing) -> list[Any]:
    """Every event's facts, its sources named by their place in the source list (ids differ by form)."""
    place = {s.id: n for n, s in enumerate(b.sources)}
    out = []
    for e in sorted(b.events, key=lambda e: e.title):
        rows = [(f.kind, f.text_en, f.speaker, f.verified,
                 [(place[s.article_id], s.quote, s.span.model_dump() if s.span else None) for s in f.sources])
                for f in [*e.facts, *e.unverified]]
        out.append((e.title, e.kind, e.date.value, e.participants, sorted(place[a] for a in e.articles), rows))
    return out


@pytest.mark.parametrize("form", ["feed", "html"])
def test_sources_carry_outlet_title_date_and_url_and_the_facts_are_the_plain_texts(
    server: FaultServer, forms: dict[str, Path], form: str
) -> None:
    plain = Briefing.model_validate_json(brief(str(forms["plain"]), "-f", "json"))
    asked = len(server.seen)
    other = Briefing.model_validate_json(brief(str(forms[form]), "-f", "json"))
    assert len(server.seen) == asked and len(server.extractions) == len(ARTICLES)  # the same prompts: cached
    assert [e for e in facts(plain) if e[-1]], "the plain texts give facts to compare"
    assert facts(other) == facts(plain)
    assert [s.text for s in other.sources] == [s.text for s in plain.sources]
    for s, (outlet, url, title, _) in zip(other.sources, ARTICLES, strict=True):
        assert (s.outlet, s.title, s.url, str(s.published)) == (outlet, title, url, DAY)
    assert all(s.url is None and s.outlet is None for s in plain.sources)


def test_markdown_and_html_sources_link_to_the_articles(server: FaultServer, forms: dict[str, Path]) -> None:
    md = brief(str(forms["feed"]))
    sources = md.split("\n## Sources\n", 1)[1]
    first = next(line for line in sources.splitlines() if line.startswith("1. "))
    assert first == (f"1. `feed.jsonl:1`: Ukrainian (uk), published {DAY}, Вісті Приклад, "
                     f"[“{ARTICLES[0][2]}”](<{ARTICLES[0][1]}>)")
    # an address with parentheses and '&' stays one link: '(' and ')' are escaped
    assert "(<https://novosti.example/politics/2026/02/04/lavrov-fidan?ref=feed&x=%281%29>)" in sources
    html = brief(str(forms["html"]), "-f", "html")
    for outlet, url, title, _ in ARTICLES:
        link = str(escape(url.replace("(", "%28").replace(")", "%29")))
        assert f'<a href="{link}" target="_blank" rel="noopener noreferrer"><span lang=' in html
        assert f"{escape(outlet)} · " in html and str(escape(title)) in html
    assert html.count('rel="noopener noreferrer"') == len(ARTICLES)


def test_facts_cite_sources_by_number_as_before(server: FaultServer, forms: dict[str, Path]) -> None:
    b = Briefing.model_validate_json(brief(str(forms["feed"]), "-f", "json"))
    ids = {s.id for s in b.sources}
    cited = {s.article_id for e in b.events for f in [*e.facts, *e.unverified] for s in f.sources}
    assert cited and cited <= ids
    md = brief(str(forms["feed"]))
    assert "[1]" in md.split("\n## Sources\n", 1)[0]



def test_a_source_link_is_a_link_and_nothing_is_loaded_from_it() -> None:
    import re

    from fixtures_briefing import sample_briefing

    from summarizer.briefing import render

    b = sample_briefing()
    b.sources[0].url = "https://visti.example/a?b=1&c=<2>"
    b.sources[1].url = "javascript:alert(1)"  # never a link, whatever the JSON says
    page = render(b, "html")
    anchor = '<a href="https://visti.example/a?b=1&amp;c=%3C2%3E" target="_blank" rel="noopener noreferrer">'
    assert page.count(anchor) == 1 and "javascript:" not in page.split('id="briefing-data"')[0]
    outside = page.replace(anchor, "")
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", outside, flags=re.I)
    md = render(b, "md")
    assert ", <https://visti.example/a?b=1&c=%3C2%3E>" in md and "javascript:" not in md  # no title: the address
