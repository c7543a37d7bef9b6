"""Names as written in the seeds resolve to one canonical name; unknown ones are transliterated."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from summarizer.core.errors import ConfigError
from summarizer.core.types import Article
from summarizer.verification.names import DATA_FILE, NameResolver, transliterate_name


@pytest.fixture(scope="module")
def names() -> NameResolver:
    return NameResolver()


@pytest.mark.parametrize(
    "written",
    [
        "Сі Цзіньпін",
        "Си Цзиньпин",
        "Сі Цзіньпіна",
        "Сі",
        "Xi Jinping",
        "глава КНР Сі Цзіньпін",
        "председателя КНР Си Цзиньпина",
        "Сі Цзіньпіном",
    ],
)
def test_xi_in_every_form(names: NameResolver, written: str) -> None:
    name = names.resolve(written)
    assert (name.canonical, name.kind, name.method) == ("Xi Jinping", "person", "alias")


@pytest.mark.parametrize(
    "written",
    [
        "путін",
        "путіним",
        "володимир путін",
        "Владимира Путина",
        "Putin",
        "Путина",
        "Російський диктатор Володимир Путін",
        "президента РФ Владимира Путина",
        "President Putin",
    ],
)
def test_putin_in_every_form(names: NameResolver, written: str) -> None:
    assert names.resolve(written).canonical == "Vladimir Putin"


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("прес-секретар правителя РФ Дмитро Пєсков", "Dmitry Peskov"),
        ("Пєскова", "Dmitry Peskov"),
        ("помощник президента РФ Юрий Ушаков", "Yuri Ushakov"),
        ("секретаря ради безпеки рф сергія шойгу", "Sergei Shoigu"),
        ("міністра закордонних справ Китаю Ван I", "Wang Yi"),  # a Latin "I" in the seed
        ("президентом США Дональдом Трампом", "Donald Trump"),
        ("заступник голови Ради безпеки Росії Дмитро Медведєв", "Dmitry Medvedev"),
        ("CCTV", "CCTV"),
        ("в Кремлі", "Kremlin"),
        ("Zelenskyy", "Volodymyr Zelensky"),
    ],
)
def test_titles_and_inflection(names: NameResolver, written: str, canonical: str) -> None:
    assert names.resolve(written).canonical == canonical


def test_given_name_alone_is_not_resolved(names: NameResolver) -> None:
    name = names.resolve("Володимир", lang="uk")
    assert name.canonical not in {"Vladimir Putin", "Volodymyr Zelensky"}
    assert (name.kind, name.method) == ("unknown", "transliteration")
    assert name.canonical == "Volodymyr"


def test_someone_elses_given_name_blocks_a_match(names: NameResolver) -> None:
    assert names.resolve("Дональд Путін").kind == "unknown"


def test_feminine_surname_is_not_the_man(names: NameResolver) -> None:
    assert names.resolve("Олена Зеленська").canonical != "Volodymyr Zelensky"
    assert names.resolve("Olena Zelenska").canonical != "Volodymyr Zelensky"
    assert names.resolve("Zelenska").canonical != "Volodymyr Zelensky"
    assert names.resolve("Зеленського").canonical == "Volodymyr Zelensky"


@pytest.mark.parametrize("written", ["Vladimir Zelensky", "Vladimir Zelenskiy", "Volodymyr Zelenskyi"])
def test_a_given_name_in_the_other_languages_latin_spelling_is_still_his(names: NameResolver, written: str) -> None:
    # "Владимир Зеленский" in English is "Vladimir Zelensky"; "Vladimir" is Putin's too, but it
    # is one of Zelensky's own names, transliterated.
    assert names.resolve(written).canonical == "Volodymyr Zelensky"
    assert names.resolve("Donald Zelensky").kind == "unknown"


def test_two_people_in_one_string_are_not_guessed(names: NameResolver) -> None:
    name = names.resolve("Сі і Путін")
    assert name.kind == "unknown"


def test_newspaper_named_after_a_country_is_not_the_country(names: NameResolver) -> None:
    assert names.resolve("South China Morning Post").kind == "unknown"
    # "Chinese leader" is a title now (issue 15): it names its holder, not the country.
    assert names.resolve("Chinese leader").canonical == "Xi Jinping"


def test_short_english_abbreviation_is_case_sensitive(names: NameResolver) -> None:
    assert names.resolve("US").canonical == "United States"
    assert names.resolve("us").kind == "unknown"


def test_unknown_names_are_transliterated_by_language(names: NameResolver) -> None:
    expert = names.resolve("експерт РНБО Віталій Кулик")
    assert (expert.canonical, expert.kind, expert.method) == (
        "Vitalii Kulyk",
        "unknown",
        "transliteration",
    )
    # Ukrainian and Russian rules differ: г is h in Ukrainian, g in Russian.
    assert transliterate_name("Геннадій Шевченко") == "Hennadii Shevchenko"
    assert transliterate_name("Геннадий Шевченко") == "Gennady Shevchenko"
    assert transliterate_name("Юрій Єрмолаєв") == "Yurii Yermolaiev"


def test_affiliation(names: NameResolver) -> None:
    assert names.affiliation("Dmitry Peskov") == "Russia"
    assert names.affiliation("Xi Jinping") == "China"
    assert names.affiliation("China") == "China"
    assert names.affiliation("CCTV") == "China"
    assert names.affiliation("United Nations") is None
    assert names.affiliation("Vitalii Kulyk") is None


def test_mentions_finds_inflected_names(names: NameResolver) -> None:
    found = names.mentions("після того, як китайський лідер поговорив із Дональдом Трампом")
    # "китайський лідер" is a title now (issue 15), so it names Xi Jinping; it used to name nobody.
    assert "Donald Trump" in found and "Xi Jinping" in found
    assert "Xi Jinping" not in names.mentions("після того, як колишній китайський лідер поговорив із Дональдом Трампом")


def test_table_is_large_and_every_alias_resolves_to_its_own_entry(names: NameResolver) -> None:
    entries = json.loads(DATA_FILE.read_text(encoding="utf-8"))["entries"]
    assert len(entries) >= 60
    kinds = {e["kind"] for e in entries}
    assert kinds == {"person", "country", "organisation"}
    for entry in entries:
        for aliases in entry["aliases"].values():
            for alias in aliases:
                assert names.resolve(alias).canonical == entry["canonical"], alias


def test_user_file_adds_entries_and_aliases(tmp_path: Path) -> None:
    extra = tmp_path / "aliases.json"
    extra.write_text(
        json.dumps(
            {
                "entries": [
                    {
                        "canonical": "Vitaliy Kulyk",
                        "kind": "person",
                        "affiliation": "Ukraine",
                        "aliases": {"uk": ["Віталій Кулик"], "ru": ["Виталий Кулик"]},
                    },
                    {
                        "canonical": "Vladimir Putin",
                        "kind": "person",
                        "aliases": {"other": ["ВВП"]},
                    },
                ]
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    names = NameResolver(extra)
    assert names.resolve("експерт Віталій Кулик").canonical == "Vitaliy Kulyk"
    assert names.resolve("Віталія Кулика").canonical == "Vitaliy Kulyk"
    assert names.resolve("Кулика").kind == "unknown"  # a surname alone only if listed
    assert names.resolve("ВВП").canonical == "Vladimir Putin"
    assert names.affiliation("Vladimir Putin") == "Russia"  # kept from the built-in row


def test_user_file_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = tmp_path / "more.json"
    extra.write_text(
        json.dumps(
            [{"canonical": "Sky News", "kind": "organisation", "aliases": {"en": ["Sky News"]}}]
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("SUMMARIZER_ALIASES", str(extra))
    assert NameResolver().resolve("аналітик Sky News").kind == "organisation"


def test_bad_user_file_is_a_config_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"entries": [{"canonical": "X"}]}', encoding="utf-8")
    with pytest.raises(ConfigError, match="wrong shape"):
        NameResolver(bad)
    with pytest.raises(ConfigError, match="not found"):
        NameResolver(tmp_path / "missing.json")


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        # eval/unseen4: the model's own spellings of people the article names in Cyrillic.
        ("Masoud Pesheshkani", "Masoud Pezeshkian"),
        ("Masud Peshkiani", "Masoud Pezeshkian"),
        # "Andriy Sibiha" itself is now his by its romanisation key (test_names_across_scripts.py).
        ("Andriy Sibigha", "Andrii Sybiha"),
    ],
)
def test_a_misspelt_name_lands_on_the_person_the_article_names(written: str, canonical: str) -> None:
    resolver = NameResolver()
    text = "Путін поговорив з Пезешкіаном. Умєров і Сибіга були на зустрічі."
    assert resolver.resolve(written).kind == "unknown"  # the table alone does not know it
    name = resolver.resolve_in(written, text)
    assert (name.canonical, name.kind, name.method) == (canonical, "person", "fuzzy")


def test_a_name_near_nobody_the_article_names_keeps_its_transliteration() -> None:
    resolver = NameResolver()
    text = "Путін поговорив з Трампом."
    assert resolver.resolve_in("Masoud Pesheshkani", text).kind == "unknown"  # Pezeshkian is not named
    assert resolver.resolve_in("Ivan Petrenko", text).canonical == "Ivan Petrenko"
    assert resolver.resolve_in("Putin", text).method == "alias"  # known names as before


def test_with_no_publication_date_a_title_names_the_holder_the_article_names() -> None:
    # eval/unseen5's 007 has no date: "der Kanzler" was read as today's chancellor, not Scholz.
    def article(text: str) -> Article:
        return Article(id="a", path="a", text=text, raw_text=text, language="de", published=None, sha256="0" * 64)

    resolver = NameResolver()
    named = resolver.for_article(article("Scholz forderte Putin auf. Der Kanzler verurteilte den Krieg."))
    assert named.mentions("Der Kanzler verurteilte den Krieg.") == {"Olaf Scholz"}
    nobody = resolver.for_article(article("Der Kanzler verurteilte den Krieg."))
    assert nobody.mentions("Der Kanzler verurteilte den Krieg.") == set()  # which chancellor, nobody says
    # A title only one person has held names them, dated or not.
    assert nobody.mentions("Der chinesische Staatschef sprach.") == {"Xi Jinping"}


@pytest.mark.parametrize(
    ("written", "lang", "canonical"),
    [
        # eval/unseen3 (not blind): the article spells the given name "Таїп", the table "Тайїп".
        ("Реджепом Таїпом Ердоганом", "uk", "Recep Tayyip Erdoğan"),
        ("Vladmir Putin", "en", "Vladimir Putin"),
        # Initials stand for the given names they open (eval/unseen10's 006 and 013, no longer
        # blind): "V. Poutine", "D. Trump"; spaced initials are one word ("U. S." is "U.S.").
        ("V. Poutine", "fr", "Vladimir Putin"),
        ("D. Trump", "fr", "Donald Trump"),
        ("В. В. Путин", "ru", "Vladimir Putin"),
        ("J. D. Vance", "en", "JD Vance"),
        ("U. S. President", "en", "United States"),
        ("A. Putin", "en", "A Putin"),  # an initial of another name
        # Another given name before a known surname is another person.
        ("Мелания Трамп", "ru", "Melaniya Tramp"),
        ("Ерік Трамп", "uk", "Erik Tramp"),
    ],
)
def test_a_known_surname_with_given_names_close_to_the_tables_is_that_person(
    written: str, lang: str, canonical: str
) -> None:
    assert NameResolver().resolve(written, lang=lang).canonical == canonical


@pytest.mark.parametrize(("lang", "text", "who"), [
    # An aide's office holds the leader's title: it names the aide, not the leader.
    ("en", "the Russian leader's assistant said", set()),
    ("en", "an aide to the Russian president said", set()),
    ("fr", "Selon Iouri Ouchakov, conseiller du président russe, la conversation a été franche",
     {"Yuri Ushakov"}),  # eval/unseen10's 013 (no longer blind)
    ("de", "Ein Berater des russischen Präsidenten sagte", set()),
    ("ru", "помощник президента России заявил", set()),
    ("zh", "俄罗斯总统助理乌沙科夫表示", {"Yuri Ushakov"}),
    # The title itself still counts for its holder.
    ("en", "the Russian leader's words", {"Vladimir Putin"}),
    ("en", "Putin's aide said the Russian president agreed", {"Vladimir Putin"}),
    ("zh", "俄罗斯总统前往北京", {"Vladimir Putin"}),  # 前往 (went to), not 前 (former)
    # A leader by their country's adjective (`leader_phrases`), in the article and in the English.
    ("ru", "Путин поздравил своего китайского коллегу с Новым годом", {"Vladimir Putin", "Xi Jinping"}),
    ("en", "Putin congratulated his Chinese colleague on the New Year", {"Vladimir Putin", "Xi Jinping"}),
    ("fr", "Poutine a appelé son homologue chinois", {"Vladimir Putin", "Xi Jinping"}),
    ("de", "Putin telefonierte mit seinem chinesischen Amtskollegen", {"Vladimir Putin", "Xi Jinping"}),
])
def test_an_aides_office_is_not_its_leader(lang: str, text: str, who: set[str]) -> None:
    names = NameResolver().bound(dt.date(2025, 7, 4), lang)
    assert names.of_kind(names.mentions(text), "person") == who
