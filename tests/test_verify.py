"""verify_extraction: the model's proposals checked against the article in code."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from summarizer.names import NameResolver
from summarizer.types import Article, ModelExtraction
from summarizer.verify import verify_extraction, verify_with_report

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed(prefix: str, published: dt.date | None, language: str = "uk") -> Article:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    raw = path.read_text(encoding="utf-8")
    text = re.sub(r"^\s*date \d{4}-\d{2}-\d{2}\s*", "", raw)
    return Article(
        id=path.name,
        path=str(path),
        text=text,
        raw_text=raw,
        language=language,
        published=published,
        sha256="0" * 64,
    )


def event(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "kind": "call",
        "main": True,
        "participants": [],
        "date_text": "",
        "date_guess": "",
        "formats": [],
        "topics": [],
        "statements": [],
        "figures": [],
    }
    return {**base, **fields}


def extraction(*events: dict[str, Any]) -> ModelExtraction:
    return ModelExtraction.model_validate({"summary_en": "s", "events": list(events)})


@pytest.fixture(scope="module")
def names() -> NameResolver:
    return NameResolver()


def test_seed_000_statements_checked_and_commentary_dropped(names: NameResolver) -> None:
    art = seed("000", dt.date(2026, 2, 4))
    ext = extraction(
        event(
            participants=["Російський диктатор Володимир Путін", "глава КНР Сі Цзіньпін", "Путін"],
            formats=[
                {
                    "format": "video",
                    "source": "",
                    "quote": "проводять перемовини по відеоконференцзв'язку",
                },
                {
                    "format": "in_person",
                    "source": "",
                    "quote": "лідери зустрілися особисто в Пекіні",
                },
            ],
            topics=["bilateral relations", " "],
            statements=[
                # Different quote marks and dash from the article: still verified.
                {
                    "speaker": "Дмитро Пєсков",
                    "text_en": "The talks continue.",
                    "quote": (
                        "«Розмова ще триває, перш за все це двосторонні відносини в усіх сферах»"
                    ),
                },
                # Invented: not in the text.
                {
                    "speaker": "Путін",
                    "text_en": "Putin promised more gas.",
                    "quote": "Путін пообіцяв подвоїти поставки газу до Китаю вже цього року",
                },
                # An outside expert quoted as commentary.
                {
                    "speaker": "експерт РНБО Віталій Кулик",
                    "text_en": "China wants a long war.",
                    "quote": "Китай зацікавлений у тому, щоб Захід і Росія знаходилися у ситуації "
                    "постійного напруження",
                },
            ],
        )
    )
    records, report = verify_with_report(art, ext, names)
    assert len(records) == 1
    rec = records[0]
    assert [p.canonical for p in rec.participants] == ["Vladimir Putin", "Xi Jinping"]
    assert (rec.published, rec.language, rec.article_id) == (art.published, "uk", art.id)
    speakers = [s.speaker.canonical for s in rec.statements]
    assert speakers == ["Dmitry Peskov", "Vladimir Putin"]
    peskov, invented = rec.statements
    assert peskov.evidence.verified
    assert peskov.evidence.span is not None
    assert art.text[peskov.evidence.span.start :].startswith("Розмова ще триває")
    assert not invented.evidence.verified and invented.evidence.span is None
    assert [f.evidence.verified for f in rec.formats] == [True, False]
    assert rec.topics == ["bilateral relations"]
    assert (
        report.statements_verified,
        report.statements_unverified,
        report.statements_commentary,
    ) == (
        1,
        1,
        1,
    )
    assert report.dropped[0].speaker == "експерт РНБО Віталій Кулик"
    assert (report.formats_verified, report.formats_unverified) == (1, 1)


def test_seed_004_main_event_is_anchored_to_the_side_event(names: NameResolver) -> None:
    art = seed("004", None)
    ext = extraction(
        event(
            participants=["Сі Цзіньпін", "Володимиром Путіним"],
            date_text="через 4 дні після того, як китайський лідер поговорив із президентом США "
            "Дональдом Трампом",
            date_guess="2024-01-17",
            statements=[
                {
                    "speaker": "Трамп",
                    "text_en": "It was a very good call.",
                    "quote": "Це була дуже хороша розмова як для Китаю, так і для США",
                },
            ],
            figures=[
                {
                    "quantity": "trade turnover",
                    "value": "$220 billion",
                    "quote": "сягнуло понад $220 млрд",
                },
                {
                    "quantity": "trade turnover",
                    "value": "$300 billion",
                    "quote": "товарообіг сягнув $300 млрд у 2025 році",
                },
            ],
        ),
        event(
            main=False,
            participants=["Дональд Трамп", "голова Китаю Сі Цзіньпін"],
            date_text="17 січня",
            statements=[
                {
                    "speaker": "Трамп",
                    "text_en": "It was a very good call.",
                    "quote": "Це була дуже хороша розмова як для Китаю, так і для США",
                }
            ],
        ),
    )
    records = verify_extraction(art, ext, names)
    main, side = records
    assert side.date.method == "inferred" and side.date.value is not None
    assert main.date.method == "anchored"
    assert main.date.value == side.date.value + dt.timedelta(days=4)
    assert main.date.model_guess == dt.date(2024, 1, 17)
    # Trump is not in the Xi-Putin call: his words there are dropped, kept in his own call.
    assert main.statements == []
    assert [s.speaker.canonical for s in side.statements] == ["Donald Trump"]
    assert [f.evidence.verified for f in main.figures] == [True, False]


def test_spokesman_of_a_participants_country_is_kept(names: NameResolver) -> None:
    art = seed("003", dt.date(2026, 2, 3), "ru")
    ext = extraction(
        event(
            participants=["Владимир Путин", "Си Цзиньпин"],
            date_text="Сегодня",
            statements=[
                {
                    "speaker": "помощник президента РФ Юрий Ушаков",
                    "text_en": "Trade hit $200bn.",
                    "quote": "Товарооборот между странами достиг $200 млрд",
                }
            ],
        )
    )
    rec = verify_extraction(art, ext, names)[0]
    assert rec.date.value == dt.date(2026, 2, 3) and rec.date.method == "relative"
    assert rec.statements[0].speaker.canonical == "Yuri Ushakov"
    assert rec.statements[0].evidence.verified


def test_newspaper_as_speaker_is_commentary(names: NameResolver) -> None:
    art = seed("001", dt.date(2026, 2, 4))
    ext = extraction(
        event(
            participants=["Сі Цзіньпін", "володимиром путіним"],
            date_text="у середу",
            statements=[
                {
                    "speaker": "South China Morning Post",
                    "text_en": "Relations are on track.",
                    "quote": "відносини між москвою та Пекіном розвиваються у правильному напрямку",
                }
            ],
        )
    )
    records, report = verify_with_report(art, ext, names)
    assert records[0].statements == [] and report.statements_commentary == 1


def test_events_without_participants_are_dropped(names: NameResolver) -> None:
    art = seed("001", dt.date(2026, 2, 4))
    ext = extraction(
        event(participants=["Сі Цзіньпін"]),
        event(main=False, kind="other", participants=["", "  "]),
    )
    records, report = verify_with_report(art, ext, names)
    assert [r.index for r in records] == [0] and report.events_dropped == 1
    assert records[0].key == f"{art.id}#0"
