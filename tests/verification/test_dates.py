"""Dates are resolved in code from the article's words; the model's guess is only checked."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import seed

from summarizer.core.types import Article
from summarizer.text.segment import sentences
from summarizer.verification.dates import resolve_date
from summarizer.verification.event_dates import _dates_earlier_time, find_date_mentions
from summarizer.verification.years import body_years, infer_year

D = dt.date




def article(text: str, published: dt.date | None = None, language: str = "uk") -> Article:
    return Article(
        id="t",
        path="t",
        text=text,
        raw_text=text,
        language=language,
        published=published,
        sha256="0" * 64,
    )


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Переговори відбулися 30 грудня 2022 року.", "uk", D(2022, 12, 30)),
        ("Переговоры состоялись 4 февраля 2026 года.", "ru", D(2026, 2, 4)),
        ("The call took place on January 17, 2025.", "en", D(2025, 1, 17)),
        ("Дата розмови: 2025-01-17.", "uk", D(2025, 1, 17)),
    ],
)
def test_explicit_dates_with_a_year_are_stated(text: str, lang: str, expected: dt.date) -> None:
    expr = re.search(r"\d.*\d|January 17, 2025", text)
    assert expr is not None
    got = resolve_date(expr.group(0), "", article(text, D(2026, 2, 4), lang))
    assert (got.value, got.method, got.year_known) == (expected, "stated", True)


@pytest.mark.parametrize(
    ("expr", "published", "expected"),
    [
        ("30 грудня", D(2026, 2, 4), D(2025, 12, 30)),
        ("4 февраля", D(2026, 2, 3), D(2026, 2, 4)),  # up to two days after publication
        ("January 17", D(2026, 2, 4), D(2026, 1, 17)),
        ("10 февраля", D(2026, 2, 3), D(2025, 2, 10)),
    ],
)
def test_day_month_takes_the_year_from_publication(expr: str, published: dt.date, expected: dt.date) -> None:
    got = resolve_date(expr, "", article(f"Це сталося {expr}, повідомили джерела.", published))
    assert (got.value, got.method) == (expected, "inferred")


def test_seed_002_day_month_without_any_year_stays_unknown() -> None:
    got = resolve_date("30 грудня", "", seed("002", None))
    assert got.value is None and not got.year_known
    assert (got.month, got.day, got.method) == (12, 30, "unknown")
    assert got.label() == "30 December, year unknown"


def test_standalone_date_lines_of_a_news_list_are_not_body_years() -> None:
    art = seed("002", None)
    listing = Article(**{**art.model_dump(), "text": art.raw_text})  # page list left in
    assert "2024" in listing.text and body_years(listing) == set()
    assert resolve_date("30 грудня", "", listing).value is None


def test_body_years_in_two_consecutive_years_give_the_latest() -> None:
    art = seed("004", None)
    years = body_years(art)
    assert len(years) == 2 and max(years) - min(years) == 1
    got = resolve_date("17 січня", "", art)
    assert got.method == "inferred" and got.value == D(max(years), 1, 17)


def test_body_years_far_apart_are_ambiguous() -> None:
    art = article("Угоду підписали у 2001 році, а продовжили у 2011 році. Зустріч пройшла 3 травня.")
    assert infer_year(5, 3, art)[0] is None
    assert resolve_date("3 травня", "", art).value is None


def test_this_year_next_to_a_year_settles_it() -> None:
    art = article("Цього, 2019 року обсяг торгівлі зріс; у 2005 році він був меншим. Візит 3 травня.")
    assert infer_year(5, 3, art)[0] == 2019


@pytest.mark.parametrize(
    ("prefix", "published", "expr", "expected"),
    [
        ("001", D(2026, 2, 4), "у середу", D(2026, 2, 4)),
        ("001", D(2026, 2, 4), "недільної зустрічі", D(2026, 2, 1)),
        ("001", D(2026, 2, 4), "у вівторок", D(2026, 2, 3)),
        ("003", D(2026, 2, 3), "Сегодня", D(2026, 2, 3)),
    ],
)
def test_relative_to_publication(prefix: str, published: dt.date, expr: str, expected: dt.date) -> None:
    got = resolve_date(expr, "", seed(prefix, published, "ru" if prefix == "003" else "uk"))
    assert (got.value, got.method) == (expected, "relative")


def test_yesterday_and_russian_weekday() -> None:
    art = article("Вчера в среду президенты поговорили, а вчора теж.", D(2026, 2, 5), "ru")
    assert resolve_date("вчора", "", art).value == D(2026, 2, 4)
    assert resolve_date("в среду", "", art).value == D(2026, 2, 4)


def test_relative_without_publication_is_unknown() -> None:
    art = article("Сьогодні у середу лідери провели розмову.")
    for expr in ("Сьогодні", "у середу"):
        got = resolve_date(expr, "", art)
        assert got.value is None and got.method == "unknown" and "publication" in got.note


def test_anchored_to_another_event_in_seed_004() -> None:
    art = seed("004", None)
    expr = "через 4 дні після того, як китайський лідер поговорив із президентом США"
    got = resolve_date(expr, "", art, anchors={"Donald Trump": D(2025, 1, 17)})
    assert (got.value, got.method) == (D(2025, 1, 21), "anchored")
    # Cut short by the model: the rest of the article's sentence names the anchor.
    short = resolve_date("через 4 дні після", "", art, anchors={"Donald Trump": D(2025, 1, 17)})
    assert short.value == D(2025, 1, 21)


@pytest.mark.parametrize(
    ("text", "lang", "expr", "days"),
    [
        (
            "Розмова відбулася через чотири дні після зустрічі Сі з Трампом.",
            "uk",
            "через чотири дні після зустрічі Сі з Трампом",
            4,
        ),
        (
            "Переговоры прошли спустя два дня после звонка Трампа.",
            "ru",
            "спустя два дня после звонка Трампа",
            2,
        ),
        (
            "The call came four days after Xi spoke with Trump.",
            "en",
            "four days after Xi spoke with Trump",
            4,
        ),
        (
            "Візит відбувся за три дні до розмови з Трампом.",
            "uk",
            "за три дні до розмови з Трампом",
            -3,
        ),
        (
            "Переговоры прошли через неделю после визита Трампа.",
            "ru",
            "через неделю после визита Трампа",
            7,
        ),
    ],
)
def test_anchored_number_words(text: str, lang: str, expr: str, days: int) -> None:
    anchor = D(2025, 1, 17)
    got = resolve_date(expr, "", article(text, None, lang), anchors={"Donald Trump": anchor})
    assert (got.value, got.method) == (anchor + dt.timedelta(days=days), "anchored")


def test_anchor_that_fits_two_dates_is_not_chosen() -> None:
    text = "Розмова відбулася через два дні після дзвінків Трампа і Макрона."
    got = resolve_date(
        "через два дні після дзвінків Трампа і Макрона",
        "",
        article(text),
        anchors={"Donald Trump": D(2025, 1, 17), "Emmanuel Macron": D(2025, 1, 10)},
    )
    assert got.value is None and "different dates" in got.note


def test_uncountable_offset_is_not_read_as_from_now() -> None:
    text = "Зустріч пройшла через кілька днів після розмови з Трампом."
    got = resolve_date(
        "через кілька днів після розмови з Трампом",
        "",
        article(text, D(2026, 2, 4)),
        anchors={"Donald Trump": D(2026, 1, 17)},
    )
    assert got.value is None


def test_wrong_model_guess_is_rejected_and_recorded() -> None:
    got = resolve_date("30 грудня", "2024-01-30", seed("002", None))
    assert got.value is None and got.model_guess == D(2024, 1, 30)
    assert "rejected" in got.note


def test_model_guess_consistent_with_the_text_is_accepted() -> None:
    art = seed("004", None)
    years = body_years(art)
    guess = D(max(years), 1, 20)  # "20 січня" is written in the article
    got = resolve_date("", guess.isoformat(), art)
    assert (got.value, got.method) == (guess, "model")
    bad = resolve_date("", D(max(years), 3, 8).isoformat(), art)
    assert bad.value is None and bad.model_guess == D(max(years), 3, 8)


def test_model_guess_with_a_year_the_article_never_uses_is_rejected() -> None:
    art = seed("004", None)
    got = resolve_date("", "2019-01-20", art)
    assert got.value is None and "year" in got.note


def test_code_date_wins_over_a_different_guess() -> None:
    got = resolve_date("у середу", "2026-01-28", seed("001", D(2026, 2, 4)))
    assert got.value == D(2026, 2, 4) and got.model_guess == D(2026, 1, 28)
    assert "not used" in got.note


def test_expression_not_in_the_article_is_ignored() -> None:
    got = resolve_date("4 февраля 2026 года", "", seed("003", D(2026, 2, 3), "ru"))
    assert got.value is None and "not found" in got.note


def test_written_date_beats_a_weekday_in_the_same_expression() -> None:
    art = article("Зустріч відбулася у середу, 28 січня, у Пекіні.", D(2026, 2, 5))
    got = resolve_date("у середу, 28 січня", "", art)
    assert (got.value, got.method) == (D(2026, 1, 28), "inferred")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Зустріч відбулася у середу, 28 січня, у Пекіні.", [("written", "у середу, 28 січня")]),
        ("Сегодня состоялись переговоры.", [("relative", "Сегодня")]),
        ("Y talked to Z on 17 January.", [("written", "17 January")]),
        (
            "Вони поговорили через 4 дні після того, як Сі говорив із Трампом 17 січня.",
            [("anchored", "4 дні після того, як Сі говорив із Трампом 17 січня."), ("written", "17 січня")],
        ),
        ("Товарообіг за 11 місяців 2024 року зріс на 7%.", []),
    ],
)
def test_date_mentions_in_a_sentence(text: str, expected: list[tuple[str, str]]) -> None:
    got = [(m.kind, text[m.start : m.end]) for m in find_date_mentions(text, "uk")]
    assert got == expected


def test_date_mention_in_the_anchor_clause_lies_past_the_clause_start() -> None:
    text = "X happened 4 days after Y talked to Z on 17 January."
    anchored, written = find_date_mentions(text, "en")
    assert anchored.kind == "anchored" and anchored.clause is not None
    assert text[anchored.clause :].strip().startswith("Y talked")
    assert written.start >= anchored.clause


def test_sentences_keep_initials_and_paragraphs() -> None:
    text = "С. Лавров сказав це. Потім «Так» відповіли!\n\n17 січня теж."
    got = [(text[s.start : s.end], para) for s, para in sentences(text)]
    assert got == [
        ("С. Лавров сказав це.", 0),
        ("Потім «Так» відповіли!", 0),
        ("17 січня теж.", 1),
    ]
    # A pack's abbreviations end no sentence (eval/unseen11's 015, no longer blind for this).
    text = '"I spoke with the Prime Minister of India, Mr. Narendra Modi," Putin said. Mme Merkel aussi.'
    assert [text[s.start : s.end] for s, _ in sentences(text)] == [
        '"I spoke with the Prime Minister of India, Mr. Narendra Modi," Putin said.', "Mme Merkel aussi."]


def _texts_with_dates() -> list[tuple[str, str]]:
    """Real article texts (seeds, test pages) with their language, plus hand-written date forms."""
    from conftest import ROOT, SEEDS

    from summarizer.ingest import read_article

    paths = [*sorted(SEEDS.glob("*.txt")), ROOT / "tests/data/hostile/hostile_ru.txt",
             ROOT / "tests/data/ingest/page.html"]
    texts = [(a.text, a.language) for a in map(read_article, paths)]
    forms = ("Зустріч відбулася 30-го грудня 2025 року. Встреча прошла первого мая. It began on Feb. 4 "
             "and ended on the 4th of May. Розмова у вівторок, 8 жовтня. Дата: 04.02.2026. "
             "Переговори відбулися першого травня в Києві. On January 17, 2025, they spoke.")
    return [*texts, (forms, "uk"), (forms, "ru"), (forms, "en")]


def test_the_day_month_gate_drops_nothing_dateparser_finds() -> None:
    """search_day_months skips dateparser where no day and month can stand; check it skips no date."""
    from dateparser.search import search_dates

    from summarizer.text.segment import sentences
    from summarizer.verification.date_parse import classify, languages_for, search_day_months

    settings = {"REQUIRE_PARTS": ["day", "month"], "DATE_ORDER": "DMY"}

    def day_months(found: list[tuple[str, dt.datetime]], langs: list[str]) -> list[str]:
        # What the callers keep: phrases that read as a day and month (not "today", "in 4 days"),
        # and that name one (dateparser also reads "один одного" as 1 January).
        return [p for p, _ in found if re.search(r"\d|[^\W\d]{3,}", p)
                and classify(p, langs)[0] in ("full", "day_month") and _names_a_month(p)]

    found = []
    for text, lang in _texts_with_dates():
        langs = languages_for(text, lang)
        for sentence in (text[s.start : s.end] for s, _ in sentences(text)):
            ungated = day_months(list(search_dates(sentence, languages=langs, settings=settings) or []), langs)
            assert day_months(search_day_months(sentence, langs), langs) == ungated, sentence
            found += ungated
    assert len(found) >= 15, found  # the texts hold dates: the comparison is not vacuous


def _names_a_month(phrase: str) -> bool:
    """A month by name or by number (04.02), as a reader sees it, independent of the gate's regex."""
    import dateparser

    if re.search(r"\d{1,2}[./]\d{1,2}", phrase):
        return True
    words = re.findall(r"[^\W\d_]{3,}", phrase)
    return any(dateparser.parse(w, languages=["uk", "ru", "en"], settings={"REQUIRE_PARTS": ["month"]})
               for w in words)


# eval/unseen2, 002: the lead says "7 октября"; further down "во вторник, 8 октября", but 7 October
# 2025 was the Tuesday.
CLASH = ("Эрдоган 7 октября провел телефонный разговор с Путиным.\n\n"
         "Эрдоган провел телефонный разговор с Путиным во вторник, 8 октября. Обсуждались отношения.")


@pytest.mark.parametrize(
    ("expr", "value", "other"),
    [("во вторник", D(2025, 10, 7), D(2025, 10, 8)), ("во вторник, 8 октября", D(2025, 10, 8), D(2025, 10, 7))],
)
def test_a_weekday_and_date_that_disagree_give_the_other_reading(expr: str, value: dt.date, other: dt.date) -> None:
    got = resolve_date(expr, "", article(CLASH, D(2025, 10, 8), "ru"))
    assert got.value == value
    assert [o.value for o in got.also] == [other]
    assert "8 October 2025 was a Wednesday" in got.note


@pytest.mark.parametrize(
    ("text", "expr"),
    [
        ("Эрдоган провел разговор с Путиным во вторник, 7 октября.", "во вторник"),  # they agree
        ("Эрдоган 7 октября провел разговор с Путиным. Во вторник, 8 октября, он улетел.", "7 октября"),
    ],
)
def test_no_other_reading_when_weekday_and_date_agree_or_stand_apart(text: str, expr: str) -> None:
    assert resolve_date(expr, "", article(text, D(2025, 10, 8), "ru")).also == []


@pytest.mark.parametrize(
    ("text", "expr", "language"),
    [
        ("Зеленский второй раз за два дня созвонился с Трампом.", "за два дня", "ru"),
        ("Зеленський вдруге за два дні поговорив із Трампом.", "за два дні", "uk"),
        ("Zelensky spoke to Trump for the second time within two days.", "within two days", "en"),
    ],
)
def test_a_span_of_days_is_not_a_date(text: str, expr: str, language: str) -> None:
    # dateparser reads "за два дні" as two days after publication; it says how long, not when.
    got = resolve_date(expr, "", article(text, D(2025, 10, 12), language))
    assert got.value is None and got.method == "unknown"


def test_in_two_days_still_counts_from_publication() -> None:
    art = article("Лідери поговорять через два дні.", D(2025, 10, 12))
    got = resolve_date("через два дні", "", art)
    assert (got.value, got.method) == (D(2025, 10, 14), "relative")


# A date in a clause about the last time the same people spoke is that earlier call's date, in every
# pack's words (eval/unseen7's 003 and 001, no longer blind; the others made for the test).
EARLIER = [
    ("Les deux hommes avaient échangé pour la dernière fois le 17 janvier, quelques jours avant.", "fr",
     "17 janvier", True),
    ("2025年6月5日晚,中國國家主席習近平應約與美國總統特朗普通話,距1月17日通話近5個月。", "zh", "1月17日", True),
    ("2025年6月5日晚,中國國家主席習近平應約與美國總統特朗普通話,距1月17日通話近5個月。", "zh", "2025年6月5日", False),
    ("The two leaders last spoke on January 17, days before the inauguration.", "en", "January 17", True),
    ("Zuletzt hatten beide am 17. Januar telefoniert.", "de", "17. Januar", True),
    ("Востаннє лідери говорили 17 січня.", "uk", "17 січня", True),
    ("В последний раз они разговаривали 17 января.", "ru", "17 января", True),
    ("Трамп и Си провели разговор 5 июня.", "ru", "5 июня", False),
]


@pytest.mark.parametrize(("text", "lang", "date", "earlier"), EARLIER)
def test_a_date_of_the_last_time_they_spoke_is_not_this_events(text: str, lang: str, date: str, earlier: bool) -> None:
    assert any(text[m.start : m.end].startswith(date) for m in find_date_mentions(text, lang))
    assert _dates_earlier_time(date, text, lang) is earlier


def test_a_day_and_month_with_no_year_keeps_the_weekday_its_words_name() -> None:
    # eval/unseen11's bb.lv (no publication date): "в понедельник, 8 августа"; reconciling reads the
    # weekday against the events of that day (docs/reconciliation.md, step 3).
    text = "Путин и Моди встретились в понедельник, 8 августа, в Китае."
    art = Article(id="a", path="a", text=text, raw_text=text, language="ru", published=None, sha256="0" * 64)
    got = resolve_date("в понедельник, 8 августа", "", art)
    assert (got.value, got.month, got.day, got.weekday) == (None, 8, 8, 0)
