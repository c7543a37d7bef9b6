"""numbers: an English rendering must not give a number its quote does not hold."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarizer.lang import available, pack
from summarizer.verification.numbers import mismatch, missing_numbers


@pytest.mark.parametrize(
    ("english", "quote"),
    [
        # Seed 001: the figures as the model renders them, against the article's own words.
        ("Trade reached $245 billion in 2024.", "товарообіг у 2024 році досяг 245 млрд доларів"),
        ("Growth of 1.5%", "зростання на 1,5%"),
        ("200,000 tonnes", "200 тисяч тонн"),
        ("200 000 tonnes", "200 тысяч тонн"),
        ("the 3rd round", "3 раунд"),
        # Number words stand for digits, in any case and either apostrophe.
        ("The second call in 2 days", "Второй раз за два дня"),
        ("5 countries", "П’ять країн"),
        ("5 countries", "п'ять країн"),
        # A run of number words is one number as well as each of its words.
        ("25 countries", "двадцять п’ять країн"),
        ("120 drones", "сто двадцять дронів"),
        ("200,000 tonnes", "двести тысяч тонн"),
        ("35 years", "тридцяти пяти лет"),
        # No digits in the English: nothing to check.
        ("The leaders discussed Ukraine.", "Лідери обговорили Україну"),
    ],
)
def test_numbers_the_quote_holds_pass(english: str, quote: str) -> None:
    assert missing_numbers(english, quote) == []
    assert mismatch(english, quote) == ""


def test_seed_004_a_year_the_quote_does_not_give_is_a_mismatch() -> None:
    # The recorded local model paired this English with Trump's sentence from seed 004.
    english = "I am ready to increase trade relations with China by 2025 and to fight external uncertainty."
    quote = "Я очікую, що ми разом вирішимо багато проблем, причому негайно."
    assert missing_numbers(english, quote) == ["2025"]
    assert mismatch(english, quote) == "the English gives '2025', which the cited sentence does not"


@pytest.mark.parametrize(
    ("english", "quote", "missing"),
    [
        ("Trade grew by 7% to $220 billion", "товарообіг зріс на 7%", ["220"]),
        ("Trade grew by 7% to $220 billion", "товарообіг зріс до 220 млрд", ["7"]),
        ("In 2024 and 2025", "в 2024 году", ["2025"]),
        ("3 or 4 times", "чотири рази", ["3"]),
        ("12 October", "11 октября", ["12"]),
        # Words apart are not one number: "two ... five" is not 25.
        ("25 countries", "два представники п'яти країн", ["25"]),
    ],
)
def test_each_number_missing_from_the_quote_is_named_once(english: str, quote: str, missing: list[str]) -> None:
    assert missing_numbers(english, quote) == missing
    assert all(f"'{m}'" in mismatch(english, quote) for m in missing)


def test_number_words_are_data_in_the_language_packs() -> None:
    # The words moved from data/number_words.json into each language's pack (summarizer/lang/packs).
    for code in available():
        for value, words in pack(code).number_words.items():
            assert value.isdigit() and words and all(isinstance(w, str) and w.strip() for w in words)


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from([",", " ", "\u00a0", ""]))
def test_a_number_matches_itself_whatever_the_thousands_separator(n: int, sep: str) -> None:
    english = f"It reached {n:,} units."
    quote = f"Досягло {n:,}".replace(",", sep) + " одиниць"
    assert missing_numbers(english, quote) == []


@given(st.text(alphabet=st.characters(blacklist_categories=("Nd",)), max_size=80), st.text(max_size=80))
def test_english_without_digits_never_mismatches(english: str, quote: str) -> None:
    assert mismatch(english, quote) == ""


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_a_different_number_is_caught(a: int, b: int) -> None:
    # Numbers are compared without trailing zeros ('200,000' ~ '200 тисяч'), so 20 and 200 are alike.
    if str(a).rstrip("0") == str(b).rstrip("0"):
        return
    assert missing_numbers(f"about {a} people", f"около {b} человек") == [str(a)]


def test_a_number_the_english_spells_in_words_is_checked_like_digits() -> None:
    # The seeds' 004: "Групі двадцяти" (the Group of Twenty) rendered "Group of Twenty-Four".
    source = "Ми координуємо наші кроки в ООН, ШОС, \"Групі двадцяти\", АТЕС."
    assert missing_numbers("We coordinate in the UN, SCO, the 'Group of Twenty-Four', APEC.", source, "uk") == [
        "Twenty-Four"]
    assert missing_numbers("We coordinate in the UN, SCO, the 'Group of Twenty', APEC.", source, "uk") == []
    # Small numbers and magnitudes are words of every rendering ("one of", "the two sides", "thousands").
    assert missing_numbers("One of the two sides said thousands came.", "Одна зі сторін сказала, що прийшли люди.",
                           "uk") == []
