"""A realistic Briefing built by hand from the seed articles, for the renderer tests."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from summarizer.core.types import (
    Briefing,
    Conflict,
    ConflictSide,
    Event,
    EventDate,
    Fact,
    Relation,
    RunInfo,
    SourceInfo,
    SourceRef,
    Span,
    Usage,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
DATE_LINE = re.compile(r"^\s*date (\d{4}-\d{2}-\d{2})\s+")

A0, A1, A2, A3, A4 = (
    "000_e8b2d3f3d2c8197b.txt",
    "001_81c4111ce8876acf.txt",
    "002_0fd45637b17b23f4.txt",
    "003_297b037b5d841f92.txt",
    "004_71d0335ccd1054fc.txt",
)
FAILED = "005_broken.txt"


def _load(name: str) -> tuple[str, dt.date | None]:
    raw = (SEEDS / name).read_text(encoding="utf-8")
    m = DATE_LINE.match(raw)
    if m:
        return raw[m.end() :].strip(), dt.date.fromisoformat(m.group(1))
    return raw.strip(), None


class _Refs:
    """Builds SourceRefs whose spans really point at the quote in the article text."""

    def __init__(self, texts: dict[str, str]) -> None:
        self.texts = texts

    def __call__(self, article_id: str, quote: str) -> SourceRef:
        start = self.texts[article_id].find(quote)
        if start == -1:
            raise AssertionError(f"fixture quote not in {article_id}: {quote!r}")
        return SourceRef(article_id=article_id, quote=quote, span=Span(start=start, end=start + len(quote)))

    def missing(self, article_id: str, quote: str) -> SourceRef:
        assert quote not in self.texts[article_id]
        return SourceRef(article_id=article_id, quote=quote, span=None)


SUMMARIES = {
    A0: "Kremlin spokesman Dmitry Peskov said Putin and Xi Jinping were holding talks by video link "
    "on bilateral relations and international affairs, with a closed part for a 'confidential "
    "conversation'. The article adds analysts' comments on purges in China's military and on "
    "China's interest in a long war in Ukraine.",
    A1: "Xi Jinping held a video conference with Putin on Wednesday, saying relations are moving in "
    "the right direction and calling for a 'grand plan'. Putin called the partnership a "
    "stabilising factor and praised energy cooperation. The call followed a Sunday meeting of "
    "Wang Yi and Sergei Shoigu in Beijing.",
    A2: "Putin and Xi held video talks on 30 December; Putin said he expects Xi on a state visit to "
    "Moscow in spring to discuss military cooperation, but Xi did not confirm. The article "
    "recalls Medvedev's visit to Beijing on 21 December.",
    A3: "Kremlin aide Yuri Ushakov said Putin and Xi talked by video link today about partnership "
    "and trade, which reached $200 billion. Xi invited Putin to visit China in the first half "
    "of the year; they discussed Iran, Venezuela, Cuba and the expiry of New START.",
    A4: "Xi held a phone call with Putin, reported by CCTV, four days after his call with Donald "
    "Trump; the Kremlin described it as a video conference. Putin said trade grew over 7% in 11 "
    "months of 2024 to more than $220 billion.",
}


def sample_briefing() -> Briefing:
    """Three main events, three mentioned ones, conflicts, unverified facts and a failed article."""
    loaded = {a: _load(a) for a in (A0, A1, A2, A3, A4)}
    texts = {a: t for a, (t, _) in loaded.items()}
    ref = _Refs(texts)

    sources = [
        SourceInfo(
            id=a, path=f"seeds/{a}", language="ru" if a == A3 else "uk", published=pub,
            title="Путін запросив Сі в Росію обговорити військову співпрацю" if a == A2 else None,
            outlet={A0: "Коментарі", A4: "УНІАН"}.get(a), summary_en=SUMMARIES[a], text=text,
        )
        for a, (text, pub) in loaded.items()
    ]
    sources.append(
        SourceInfo(
            id=FAILED, path=f"inbox/{FAILED}", language="ru",
            error="model output stayed invalid JSON after 2 attempts (ModelOutputError)",
        )
    )

    call_2026 = Event(
        id="call-2026-02", kind="call", title="Putin and Xi Jinping hold a video call", main=True,
        participants=["Vladimir Putin", "Xi Jinping"],
        date=EventDate(text="у середу", value=dt.date(2026, 2, 4), year_known=True, method="relative",
                       note="weekday counted back from the publication date"),
        date_sources=[ref(A1, "у середу провів відеоконференцію")],
        format="video",
        format_sources=[ref(A0, "по відеоконференцзв'язку"), ref(A3, "по видеосвязи")],
        facts=[
            Fact(kind="statement", speaker="Dmitry Peskov",
                 text_en="Peskov said the talks covered bilateral relations in all areas and "
                 "international affairs.",
                 sources=[ref(A0, "перш за все це двосторонні відносини в усіх сферах")]),
            Fact(kind="statement", speaker="Xi Jinping",
                 text_en="Xi said a 'grand plan' is needed to deepen bilateral cooperation.",
                 sources=[ref(A1, "необхідний «великий план»")]),
            Fact(kind="statement", speaker="Vladimir Putin",
                 text_en="Putin called the partnership with China a stabilising factor amid "
                 "global turmoil.",
                 sources=[ref(A1, "партнерство з Китаєм є стабілізуючим фактором")]),
            Fact(kind="figure", quantity="Russia-China trade turnover", value="$200 billion",
                 text_en="Trade between the two countries reached $200 billion, Ushakov said.",
                 sources=[ref(A3, "Товарооборот между странами достиг $200 млрд")]),
            Fact(kind="statement", speaker="Xi Jinping",
                 text_en="Xi invited Putin on an official visit to China in the first half of "
                 "the year.",
                 sources=[ref(A3, "пригласил российского коллегу посетить Китай")]),
        ],
        unverified=[
            Fact(kind="statement", speaker="Xi Jinping", verified=False,
                 text_en="Xi said relations are at their best level in history.",
                 sources=[ref.missing(A3, "отношения находятся на наилучшем уровне в истории")]),
        ],
        conflicts=[
            Conflict(
                field="date", description="The articles put the call on different days.",
                sides=[
                    ConflictSide(value="2026-02-03", sources=[ref(A3, "Сегодня состоялись переговоры")]),
                    ConflictSide(value="2026-02-04", sources=[ref(A1, "у середу провів")]),
                ],
                chosen="2026-02-04", rule="more articles support this date",
            )
        ],
        articles=[A0, A1, A3],
        related=[Relation(event_id="wang-shoigu", description="took place after this meeting")],
    )
    call_dec = Event(
        id="call-dec-30", kind="call", title="Putin and Xi hold video talks on 30 December",
        main=True, participants=["Vladimir Putin", "Xi Jinping"],
        date=EventDate(text="30 грудня", month=12, day=30, year_known=False, method="stated",
                       note="no date line; the page's news list dates are not about this event"),
        date_sources=[ref(A2, "30 грудня провели переговори по відеозв’язку")],
        format="video", format_sources=[ref(A2, "по відеозв’язку")],
        facts=[
            Fact(kind="statement", speaker="Vladimir Putin",
                 text_en="Putin said he expects Xi on an official visit to Moscow in spring.",
                 sources=[ref(A2, "навесні очікує на офіційний візит Сі Цзіньпіна до Москви")]),
            Fact(kind="statement", speaker="Xi Jinping", text_en="Xi did not confirm that he would visit Moscow.",
                 sources=[ref(A2, "не підтвердив своєї згоди на візит до Москви")]),
        ],
        articles=[A2],
        related=[Relation(event_id="medvedev-xi", description="Medvedev met Xi in Beijing earlier")],
    )
    call_jan = Event(
        id="call-2025-01", kind="call", title="Xi Jinping and Putin talk four days after Xi's "
        "call with Trump", main=True, participants=["Xi Jinping", "Vladimir Putin"],
        date=EventDate(text="через 4 дні після", value=dt.date(2025, 1, 21), year_known=True,
                       method="anchored", note="four days after the Trump-Xi call of 17 January"),
        date_sources=[ref(A4, "через 4 дні після")],
        format="video",
        format_sources=[ref(A4, "у форматі відеоконференції")],
        facts=[
            Fact(kind="statement", speaker="Vladimir Putin",
                 text_en="Putin said joint work of Russia and China plays a stabilising role in "
                 "international affairs.",
                 sources=[ref(A4, "відіграє важливу стабілізуючу роль у міжнародних справах")]),
            Fact(kind="figure", quantity="trade turnover, 11 months of 2024",
                 value="over $220 billion",
                 text_en="Trade grew by more than 7% in 11 months of 2024.",
                 sources=[ref(A4, "сягнуло понад $220 млрд")]),
        ],
        conflicts=[
            Conflict(
                field="format", description="CCTV calls it a phone call; the Kremlin a video "
                "conference.",
                sides=[
                    ConflictSide(value="phone", sources=[ref(A4, "провів телефонну розмову")]),
                    ConflictSide(value="video", sources=[ref(A4, "у форматі відеоконференції")]),
                ],
                chosen="video", rule="a participant's own description wins over a report",
            )
        ],
        articles=[A4],
        related=[Relation(event_id="trump-xi", description="four days earlier")],
    )
    trump_xi = Event(
        id="trump-xi", kind="call", title="Trump and Xi Jinping phone call", main=False,
        participants=["Donald Trump", "Xi Jinping"],
        date=EventDate(text="17 січня", value=dt.date(2025, 1, 17), month=1, day=17,
                       year_known=True, method="inferred"),
        date_sources=[ref(A4, "17 січня Дональд Трамп")], format="phone",
        format_sources=[ref(A4, "провели телефонну розмову")], articles=[A4],
    )
    wang_shoigu = Event(
        id="wang-shoigu", kind="meeting", title="Wang Yi meets Sergei Shoigu in Beijing",
        main=False, participants=["Wang Yi", "Sergei Shoigu"],
        date=EventDate(text="недільної", value=dt.date(2026, 2, 1), year_known=True,
                       method="relative"),
        date_sources=[ref(A1, "недільної зустрічі")], format="in_person", articles=[A1],
    )
    medvedev_xi = Event(
        id="medvedev-xi", kind="meeting", title="Medvedev meets Xi Jinping in Beijing",
        main=False, participants=["Dmitry Medvedev", "Xi Jinping"],
        date=EventDate(text="21 грудня", month=12, day=21, method="stated"),
        date_sources=[ref(A2, "21 грудня з візитом у Китаї")], format="in_person", articles=[A2],
    )

    run = RunInfo(
        model="qwen2.5-coder-1.5b-instruct-q4_k_m",
        usage=Usage(prompt_tokens=18234, completion_tokens=4120, prompt_tokens_estimated=18010,
                    calls=7, cache_hits=2, retries=1, reasks=1),
        cost_usd=None, failed=[FAILED],
        generated_at=dt.datetime(2026, 2, 5, 9, 30, tzinfo=dt.timezone.utc),
    )
    events = [medvedev_xi, call_dec, trump_xi, call_2026, wang_shoigu, call_jan]
    return Briefing(events=events, sources=sources, run=run)
