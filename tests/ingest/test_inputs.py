"""Real inputs: HTML pages with JSON-LD, scrapers' JSON Lines, CSV and JSON exports, front matter and
header lines. One article in every form reads the same, and metadata never reaches the text."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from summarizer.core.errors import InputError
from summarizer.core.types import Article
from summarizer.extraction.article import messages_for
from summarizer.ingest import DEFAULT_MAX_BYTES, collect_items, load, read_article
from summarizer.ingest.fields import clean_url, language_code, parse_published, read_fields

DATA = Path(__file__).resolve().parents[1] / "data" / "inputs"
# The same article (a synthetic report of a Zelensky-Macron call) as people hold articles:
FORMS = {
    "page.html": "a saved page: <h1>, JSON-LD NewsArticle in an @graph, OpenGraph, canonical link, chrome",
    "trafilatura.jsonl": "trafilatura 2.3.1's JSON output for page.html (extract(..., output_format='json'))",
    "export.csv": "a CSV export with url, title, published, source, language, text",
    "front_matter.md": "Markdown with YAML front matter",
    "headers.txt": "a text file opening with 'key: value' header lines",
    "newsapi.json": "a news API export: {'articles': [{'source': {'name': ...}, 'publishedAt': ...}]}",
    "newspaper4k.json": "newspaper4k's Article.to_json()",
}
TITLE = "Зеленський і Макрон обговорили гарантії безпеки"
URL = "https://visti.example/news/zelensky-macron-call"
FIELDS = ("text", "title", "outlet", "published", "url", "language")


def one(name: str) -> Article:
    (item,) = collect_items([DATA / name])
    return load(item)


@pytest.fixture(scope="module")
def page() -> Article:
    return one("page.html")


def test_the_page_gives_text_and_metadata(page: Article) -> None:
    assert page.title == TITLE
    assert page.outlet == "Вісті Приклад"
    assert page.published == dt.date(2026, 2, 4)  # JSON-LD datePublished, in the page's zone
    assert page.url == URL  # <link rel="canonical">
    assert page.language == "uk"  # JSON-LD inLanguage "uk-UA"
    assert page.text.split("\n\n")[0] == TITLE and page.text.count(TITLE) == 1
    for chrome in ("dataLayer", "Головна", "Читайте також", "Усі права"):
        assert chrome not in page.text


@pytest.mark.parametrize("name", sorted(set(FORMS) - {"page.html"}))
def test_the_same_article_in_every_form_gives_the_same_article(page: Article, name: str) -> None:
    article = one(name)
    assert {f: getattr(article, f) for f in FIELDS} == {f: getattr(page, f) for f in FIELDS}, FORMS[name]
    assert article.notes == []


@pytest.mark.parametrize("name", sorted(FORMS))
def test_metadata_never_reaches_the_text_the_model_reads(name: str) -> None:
    article = one(name)
    sent = messages_for(article)[-1]["content"]
    block = sent.split("<<<ARTICLE", 1)[1]
    for meta in ("visti.example", "http", "2026", "Вісті Приклад", "title:", "source:", "outlet:", "---",
                 "Редакція", "publishedAt", "datePublished"):
        assert meta not in article.text, (name, meta)
        assert meta not in block, (name, meta)


def test_feed_ids_are_the_file_and_row() -> None:
    items = collect_items([DATA])
    ids = [i.id for i in items]
    assert "trafilatura.jsonl:1" in ids and "export.csv:1" in ids and "newsapi.json:1" in ids
    assert "page.html" in ids and len(ids) == len(set(ids)) == len(FORMS)


# ------------------------------------------------------------------ feed rows


def test_a_bad_row_fails_alone_with_one_line_naming_the_file_and_row(tmp_path: Path) -> None:
    good = {"title": "Переговори в Анкарі", "text": "Міністри провели переговори в Анкарі. Вони обговорили зерно.",
            "published": "2026-02-04", "url": "https://example.org/a"}
    lines = [json.dumps(good, ensure_ascii=False), json.dumps({"title": "Лише заголовок", "url": "https://example.org/b"}),
             "", json.dumps({**good, "published": "04/02/2026"}), "{not json", json.dumps(["a", "list"]),
             json.dumps({**good, "text": "   "})]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = collect_items([feed])
    assert [i.row for i in items] == [1, 2, 4, 5, 6, 7]  # rows are line numbers; blank lines hold none
    assert load(items[0]).title == "Переговори в Анкарі"
    problems = {}
    for item in items[1:]:
        with pytest.raises(InputError) as err:
            load(item)
        message = str(err.value)
        assert message.startswith(f"{feed} row {item.row}: ") and "\n" not in message and err.value.fix
        problems[item.row] = message
    assert "has no article text" in problems[2] and "title, url" in problems[2]
    assert "'04/02/2026'" in problems[4] and "YYYY-MM-DD" in problems[4]
    assert "not valid JSON" in problems[5]
    assert "not a JSON object" in problems[6]
    assert "has no article text" in problems[7]


def test_an_excel_csv_export_with_semicolons_in_cp1251(tmp_path: Path) -> None:
    body = "Міністри провели переговори в Анкарі; вони обговорили зерно.\nНаступна зустріч відбудеться у березні."
    csv_text = f'Title;Published At;Link;Site Name;Content\n"Переговори в Анкарі";2026-02-04 10:15;https://example.org/a;Приклад;"{body}"\n'
    path = tmp_path / "export.csv"
    path.write_bytes(csv_text.encode("cp1251"))
    (article,) = [load(i) for i in collect_items([path])]
    assert (article.title, article.published, article.url, article.outlet) == (
        "Переговори в Анкарі", dt.date(2026, 2, 4), "https://example.org/a", "Приклад")
    assert article.text.split("\n\n") == ["Переговори в Анкарі", *body.split("\n")]  # one line break: a paragraph


def test_a_feed_field_with_html_is_read_as_a_page(tmp_path: Path) -> None:
    row = {"title": "Заголовок", "content": "<p>Перший абзац новини тут.</p><p>Другий абзац <b>новини</b>.</p>"}
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([row], ensure_ascii=False), encoding="utf-8")
    article = load(collect_items([path])[0])
    assert article.text == "Заголовок\n\nПерший абзац новини тут.\n\nДругий абзац новини."


def test_an_address_that_is_no_web_address_is_never_kept(tmp_path: Path) -> None:
    rows = [{"text": "Текст новини про переговори.", "url": bad} for bad in
            ("javascript:alert(1)", "data:text/html,<b>x</b>", "file:///etc/passwd", "//example.org/a", "not a url")]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    assert [load(i).url for i in collect_items([path])] == [None] * len(rows)


def test_a_json_file_that_is_no_feed_is_an_error_when_named_and_skipped_in_a_folder(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text('{"theme": "dark", "items": 3}', encoding="utf-8")
    (tmp_path / "table.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Міністри провели переговори в Анкарі.", encoding="utf-8")
    assert [i.id for i in collect_items([tmp_path])] == ["a.txt"]
    (item,) = collect_items([tmp_path / "config.json"])
    with pytest.raises(InputError, match=r"config\.json: holds no article text field \(fields: items, theme\)"):
        load(item)


# --------------------------------------------------------- text heads and pages


def test_header_lines_only_when_every_line_is_a_known_field(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Note: the talks were long\nDate: 2026-02-04\n\nThe ministers met in Geneva.", encoding="utf-8")
    article = read_article(path)
    assert article.text.startswith("Note: the talks were long")  # not header lines: the text keeps them
    # ... but "Date: 2026-02-04", a short line of a name and a date at the top, is the page's date line.
    assert article.published == dt.date(2026, 2, 4) and any("page's date line" in n for n in article.notes)


def test_front_matter_that_is_not_yaml_is_one_line_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_text("---\ntitle: [unclosed\n---\n\nТекст новини.", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_article(path)
    assert str(err.value).startswith(f"{path}: front matter is not valid YAML") and "\n" not in str(err.value)


def test_an_unreadable_front_matter_date_fails_the_article(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: Заголовок\ndate: вчора\n---\n\nТекст новини.", encoding="utf-8")
    with pytest.raises(InputError, match="publication date 'вчора'"):
        read_article(path)


def test_json_ld_alone_gives_the_metadata(tmp_path: Path) -> None:
    ld = {"@context": "https://schema.org", "@type": ["NewsArticle"], "headline": "Талks", "datePublished":
          "Wed, 04 Feb 2026 09:40:00 +0200", "publisher": [{"@type": "Organization", "name": "Агенція"}],
          "mainEntityOfPage": {"@id": "https://agency.example/1"}, "inLanguage": "ru"}
    html = (f'<html><head><script type="application/ld+json">{json.dumps(ld)}</script></head><body><article>'
            "<p>Министры провели переговоры в Анкаре и обсудили поставки зерна.</p></article></body></html>")
    path = tmp_path / "p.html"
    path.write_text(html, encoding="utf-8")
    article = read_article(path)
    assert (article.title, article.published, article.outlet, article.url, article.language) == (
        "Талks", dt.date(2026, 2, 4), "Агенція", "https://agency.example/1", "ru")


def test_a_broken_json_ld_block_and_an_unreadable_page_date_are_noted_not_fatal(tmp_path: Path) -> None:
    html = ('<html><head><script type="application/ld+json">{"@type": "NewsArticle", oops</script>'
            '<meta property="article:published_time" content="вчора ввечері"></head><body><article><h1>Заголовок</h1>'
            "<p>Министры провели переговоры в Анкаре и обсудили поставки зерна.</p></article></body></html>")
    path = tmp_path / "p.html"
    path.write_text(html, encoding="utf-8")
    article = read_article(path)
    assert article.published is None and article.title == "Заголовок"
    assert any("could not be read" in n for n in article.notes)


def test_the_text_s_language_wins_over_the_metadata_unless_the_text_is_too_short(tmp_path: Path) -> None:
    sentence = "Министр иностранных дел провел переговоры с коллегой в Женеве. Стороны обсудили поставки зерна. "
    rows = [{"text": sentence * 4, "language": "uk"}, {"text": sentence, "language": "uk"},
            {"text": sentence * 4, "language": "ru-RU"}]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    long, short, agreed = (load(i) for i in collect_items([path]))
    assert long.language == "ru"  # a Russian article in a feed that marks everything 'uk'
    assert long.notes == ["the metadata gives language 'uk', the text reads as 'ru': read as 'ru'"]
    assert short.language == "uk" and short.notes == []  # too short to overrule the feed
    assert agreed.language == "ru" and agreed.notes == []


# --------------------------------------------------------------- field values


@pytest.mark.parametrize(("value", "day"), [
    ("2026-02-04", "2026-02-04"), ("2026-02-04T23:30:00Z", "2026-02-04"),
    ("2026-02-04T09:40:00.000+02:00", "2026-02-04"),
    ("2026-02-04 10:15", "2026-02-04"), ("2026/2/4", "2026-02-04"), ("Wed, 04 Feb 2026 09:40:00 GMT", "2026-02-04"),
    (dt.date(2026, 2, 4), "2026-02-04"), (dt.datetime(2026, 2, 4, 23, 0), "2026-02-04"),
])
def test_publication_dates_that_are_read(value: object, day: str) -> None:
    assert parse_published(value).isoformat() == day


@pytest.mark.parametrize("value", ["04/02/2026", "4 лютого 2026", "yesterday", "", 1770192000, "2026-13-40"])
def test_publication_dates_that_are_refused(value: object) -> None:
    with pytest.raises(ValueError):
        parse_published(value)


def test_language_codes() -> None:
    assert [language_code(x) for x in ("uk", "uk-UA", "uk_UA", "UA", "ukr", "ru-RU", "Ukrainian", "x1")] == [
        "uk", "uk", "uk", "uk", "uk", "ru", None, None]


def test_field_names_are_matched_loosely_and_source_is_a_url_or_an_outlet() -> None:
    meta = read_fields({"Published At": "2026-02-04", "Headline": "H", "Body": "T", "source": "https://a.example/x"})
    assert (meta.published, meta.title, meta.text, meta.url, meta.outlet) == (dt.date(2026, 2, 4), "H", "T",
                                                                          "https://a.example/x", None)
    meta = read_fields({"text": "T", "source": {"id": None, "name": "BBC News"}, "publisher": None})
    assert meta.outlet == "BBC News" and meta.url is None
    assert clean_url(" https://a.example/x ") == "https://a.example/x"


def test_a_feed_row_reads_the_same_in_the_worker_process() -> None:
    from summarizer.worker import _HEADER, serve

    item = collect_items([DATA / "export.csv"])[0]
    job = json.dumps([7, "read", item.to_json(), str(DEFAULT_MAX_BYTES)]).encode()
    out = io.BytesIO()
    serve(io.BytesIO(_HEADER.pack(len(job)) + job), out)
    raw, answers = out.getvalue(), []
    while raw:
        size = _HEADER.unpack(raw[: _HEADER.size])[0]
        answers.append(json.loads(raw[_HEADER.size : _HEADER.size + size]))
        raw = raw[_HEADER.size + size :]
    assert answers[1]["id"] == 7
    assert Article.model_validate_json(answers[1]["article"]) == load(item)


def test_loading_a_feed_file_as_one_article_is_an_error() -> None:
    with pytest.raises(InputError, match="is a feed of many articles, not one"):
        load(DATA / "trafilatura.jsonl")
