"""Quotes are located in the article text: exact, normalised, fuzzy; spans index the original."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from summarizer.text.fold import _normalise_slow, _normalise_uncached, normalise
from summarizer.verification.quotes import locate, quoted_text

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED_000 = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
SEED_004 = next(SEEDS.glob("004_*.txt")).read_text(encoding="utf-8")


def test_exact_quote_gets_its_span() -> None:
    quote = "Він уточнив, що закрита частина спілкування"
    ev = locate(quote, SEED_000)
    assert ev.verified and ev.score == 100.0
    assert quoted_text(SEED_000, ev) == quote
    assert ev.span is not None and ev.span.start == SEED_000.index(quote)


def test_different_quote_marks_dashes_and_case_still_verify() -> None:
    # The article uses straight quotes and an en dash; the model wrote guillemets and an em dash.
    quote = (
        "«РОЗМОВА ЩЕ ТРИВАЄ, перш за все це двосторонні відносини в усіх сферах і обмін думками "
        "щодо міжнародних справ» — зазначив"
    )
    ev = locate(quote, SEED_000)
    assert ev.verified
    found = quoted_text(SEED_000, ev)
    assert found is not None and found.startswith("Розмова ще триває")
    assert found.endswith("зазначив")


def test_curly_apostrophe_matches_straight_one() -> None:
    ev = locate("по відеоконференцзв’язку – обговорюють", SEED_000)
    assert ev.verified
    assert quoted_text(SEED_000, ev) == "по відеоконференцзв'язку – обговорюють"


def test_invented_statement_is_unverified_but_keeps_its_score() -> None:
    ev = locate("Путін пообіцяв збільшити поставки газу до Китаю вдвічі до 2030 року", SEED_000)
    assert ev.span is None and not ev.verified
    assert 0 < ev.score < 90


def test_small_typo_is_found_by_fuzzy_matching() -> None:
    quote = "спільна робота Росії та Китаю відіграє важливу стабілізуючу ролль"
    ev = locate(quote, SEED_004)
    assert ev.verified and 90 <= ev.score < 100
    assert "стабілізуючу роль" in (quoted_text(SEED_004, ev) or "")


def test_threshold_decides() -> None:
    quote = "спільна робота Росії та Китаю відіграє важливу стабілізуючу ролль"
    assert not locate(quote, SEED_004, threshold=99.5).verified


def test_short_or_empty_quotes_are_not_evidence() -> None:
    assert locate("", SEED_000).span is None
    assert locate("Путін", SEED_000).span is None
    assert locate("   КНР   ", SEED_000).span is None


def test_quote_cut_with_ellipsis_is_located_part_by_part() -> None:
    ev = locate("Розмова ще триває … обмін думками щодо міжнародних справ", SEED_000)
    found = quoted_text(SEED_000, ev)
    assert found is not None
    assert found.startswith("Розмова ще триває") and found.endswith("міжнародних справ")


def test_ellipsis_parts_out_of_order_fail() -> None:
    ev = locate("обмін думками щодо міжнародних справ ... Розмова ще триває", SEED_000)
    assert not ev.verified


def test_combining_marks_map_back_to_the_original() -> None:
    text = "Зустріч відбулася у Києві, повідомив и\u0306ого помічник."  # decomposed й
    ev = locate("повідомив його помічник", text)
    assert ev.verified
    assert quoted_text(text, ev) == "повідомив и\u0306ого помічник"


def test_normalise_offsets_point_into_the_original() -> None:
    norm, offsets = normalise("  «Так»  —   сказав   ВІН ")
    assert norm == "так - сказав він"
    assert len(offsets) == len(norm)
    assert offsets == sorted(offsets)


@given(
    st.text(alphabet="абвгдеєжзиіїйк ’'«»—-.,ABCdef", min_size=20, max_size=120),
    st.integers(min_value=0, max_value=100),
    st.integers(min_value=8, max_value=40),
)
def test_any_substring_is_found_where_it_normalises_the_same(
    text: str, start: int, length: int
) -> None:
    quote = text[start : start + length]
    if len(quote.strip()) < 8:
        return
    ev = locate(quote, text)
    assert ev.verified
    found = quoted_text(text, ev)
    assert found is not None
    assert normalise(found)[0].strip() == normalise(quote)[0].strip()


_TRICKY = "aAzZ  \t\n\u00a0«»\"“”„'’ʼ`-–—ёЁйи\u0306ßﬁİ\u0301x\x00\x01"


@given(st.text(alphabet=st.sampled_from(_TRICKY) | st.characters(), max_size=80))
def test_fast_fold_equals_the_character_by_character_fold(text: str) -> None:
    assert _normalise_uncached(text) == _normalise_slow(text)
