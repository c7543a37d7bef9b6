"""Which sentences are translated: those that could bear a verified statement of the event's sides."""

from __future__ import annotations

import datetime as dt

import pytest

from summarizer.core.types import Article, EventAnswer
from summarizer.verification.candidates import worth_translating
from summarizer.verification.names import NameResolver

UK = [
    "Володимир Путін і Сі Цзіньпін провели телефонну розмову.",  # 1: the event, no reporting verb
    "Про це під час спілкування з представниками ЗМІ розповів прес-секретар Дмитро Пєсков.",  # 2: side + media word
    "\"Розмова ще триває\", – зазначив головний рупор Кремля.",  # 3: continues 2
    "Як зазначають росЗМІ, Сі Цзіньпін заявив про готовність вивести відносини на нову висоту.",  # 4: press passes on
    "Як повідомляють ЗМІ, переговори можуть тривати довго.",  # 5: the press, nobody of the sides
    "Китай виступає за мир, зазначив експерт Іван Петренко.",  # 6: a commentator
    "Погода в Москві була холодною.",  # 7: nothing
]


@pytest.fixture(scope="module")
def names() -> NameResolver:
    return NameResolver()


def article(sentences: list[str], language: str) -> Article:
    text = "\n\n".join(sentences)
    return Article(id="a.txt", path="a.txt", text=text, raw_text=text, language=language,
                   published=dt.date(2026, 2, 4), sha256="0" * 64)


def event(who: list[str], said: list[dict[str, object]] | None = None) -> EventAnswer:
    return EventAnswer.model_validate({"kind": "call", "main": True, "who": who, "date": 1,
                                       "formats": [], "said": said or []})


def test_a_side_passed_on_by_the_press_is_translated_the_press_alone_and_commentators_are_not(names) -> None:  # type: ignore[no-untyped-def]
    chosen = worth_translating(article(UK, "uk"), [event(["Володимир Путін", "Сі Цзіньпін"])], names, 16)
    assert chosen == [2, 3, 4]


def test_cited_sentences_are_asked_for_without_a_reporting_verb_and_the_limit_holds(names) -> None:  # type: ignore[no-untyped-def]
    ev = event(["Володимир Путін", "Сі Цзіньпін"], [{"sent": [1], "by": "Путін"}])
    a = article(UK, "uk")
    assert worth_translating(a, [ev], names, 16) == [1, 2, 3, 4]
    assert worth_translating(a, [ev], names, 2) == [1, 2]
    assert worth_translating(a, [ev], names, 16, recall=False) == [1]


def test_chinese_names_as_the_model_wrote_them_match_as_a_whole(names) -> None:  # type: ignore[no-untyped-def]
    zh = [
        "王先生表示，天气很好。",  # 1: shares one character with a name: nobody of the event
        "王小明表示，双方将加强合作。",  # 2: one of the two people the model named (unknown to the table)
    ]
    chosen = worth_translating(article(zh, "zh"), [event(["王小明", "李大伟"])], names, 16)
    assert chosen == [2]


def test_the_people_the_lead_names_as_taking_part_are_sides_whatever_the_events_answer_says(names) -> None:  # type: ignore[no-untyped-def]
    uk = [
        "Голова КНР Сі Цзіньпін провів телефонну розмову з Володимиром Путіним.",  # 1: the lead's event
        "Ця розмова відбулася через 4 дні після того, як Сі поговорив із Дональдом Трампом.",  # 2: an anchor
        "Своєю чергою Путін заявив, що співпраця відіграє стабілізуючу роль.",  # 3: Putin's words
        "\"Ми координуємо наші кроки\", заявив він.",  # 4: continues 3
    ]
    # The model took the anchor's people for the event's: Putin's words are still worth translating
    # (verification takes the event's people from the lead).
    chosen = worth_translating(article(uk, "uk"), [event(["Дональд Трамп", "Сі Цзіньпін"])], names, 16)
    assert chosen == [3, 4]
