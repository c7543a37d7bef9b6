"""Ingest: reading files, decoding, HTML, dates, boilerplate and language."""

from __future__ import annotations

import codecs
import datetime as dt
import io
from pathlib import Path

import pytest

from summarizer.core.errors import InputError
from summarizer.ingest import collect_items, collect_paths, parse_date_line, read_article, read_item, read_stdin_article
from summarizer.ingest.boilerplate import guess_title, strip_boilerplate
from summarizer.ingest.decode import decode_bytes
from summarizer.text.detect import detect_language

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"

RU = (
    "Министр иностранных дел провел переговоры с коллегой в Женеве. Стороны обсудили "
    "поставки зерна и обмен пленными, сообщила пресс-служба ведомства.\n\n"
    "Следующая встреча состоится через месяц."
)
UK = (
    "Міністр закордонних справ провів переговори з колегою у Женеві. Сторони обговорили "
    "постачання зерна та обмін полоненими, повідомила пресслужба відомства.\n\n"
    "Наступна зустріч відбудеться через місяць."
)


def seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*"))


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def assert_one_line_naming(err: pytest.ExceptionInfo[InputError], name: str) -> None:
    message = str(err.value)
    assert name in message
    assert "\n" not in message
    assert err.value.fix, "the message should say how to fix the problem"


# ------------------------------------------------------------------ bad input


def test_missing_path_names_it(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    with pytest.raises(InputError, match="no such file or folder") as err:
        collect_paths([missing])
    assert_one_line_naming(err, "nope.txt")
    with pytest.raises(InputError) as err:
        read_article(missing)
    assert_one_line_naming(err, "nope.txt")


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\t\r\n   \n", "whitespace"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 8, "binary"),
        ("noise.txt", bytes(range(0x80, 0x100)) * 4, "encoding"),
    ],
)
def test_unreadable_files_raise_one_line(tmp_path: Path, name: str, data: bytes, problem: str) -> None:
    path = write(tmp_path, name, data)
    with pytest.raises(InputError, match=problem) as err:
        read_article(path)
    assert_one_line_naming(err, name)


def test_date_line_without_text_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "only-date.txt", b" date 2025-01-02\n")
    with pytest.raises(InputError) as err:
        read_article(path)
    assert_one_line_naming(err, "only-date.txt")


# ------------------------------------------------------------------- decoding


@pytest.mark.parametrize(
    ("text", "encoding", "language"),
    [
        (RU, "cp1251", "ru"),
        (RU, "koi8_r", "ru"),
        (UK, "cp1251", "uk"),
        (UK, "koi8_u", "uk"),
        (RU, "cp866", "ru"),
        (RU, "iso8859_5", "ru"),
    ],
)
def test_legacy_cyrillic_encodings(tmp_path: Path, text: str, encoding: str, language: str) -> None:
    article = read_article(write(tmp_path, "a.txt", text.encode(encoding)))
    assert article.raw_text == text
    assert article.encoding == codecs.lookup(encoding).name
    assert article.language == language


SHORT = [
    ("Путин провел разговор с Си.", ("cp1251", "koi8_r")),
    ("ПУТИН ПРОВЕЛ РАЗГОВОР С СИ ЦЗИНЬПИНОМ", ("cp1251", "koi8_r")),
    ("Сегодня переговоры продолжились в Москве.", ("cp1251", "koi8_r")),
    ("Президент провів переговори у середу.", ("cp1251", "koi8_u")),
]


@pytest.mark.parametrize(
    ("sentence", "encoding"), [(text, enc) for text, encs in SHORT for enc in encs]
)
def test_short_texts_do_not_swap_cp1251_and_koi8(sentence: str, encoding: str) -> None:
    text, used = decode_bytes(sentence.encode(encoding))
    assert text == sentence
    assert used == codecs.lookup(encoding).name


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    article = read_article(write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + UK.encode()))
    assert article.encoding == "utf-8-sig"
    assert not article.raw_text.startswith("\ufeff")
    assert article.text.startswith("Міністр")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_and_without_bom(tmp_path: Path, encoding: str) -> None:
    article = read_article(write(tmp_path, "wide.txt", RU.encode(encoding)))
    assert article.raw_text == RU
    assert article.language == "ru"


def test_sha256_is_of_the_raw_bytes(tmp_path: Path) -> None:
    import hashlib

    data = RU.encode("cp1251")
    article = read_article(write(tmp_path, "x.txt", data))
    assert article.sha256 == hashlib.sha256(data).hexdigest()
    assert article.id == "x.txt"


# ----------------------------------------------------------------------- HTML


def test_html_page_keeps_the_article_only() -> None:
    article = read_article(DATA / "page.html")
    assert article.title == "Міністри аграрної політики зустрілися у Варшаві"
    assert article.outlet == "Приклад Новин"
    assert article.published == dt.date(2025, 3, 14)
    assert article.language == "uk"
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0] == article.title
    assert paragraphs[1].startswith("Міністри аграрної політики України та Польщі")
    assert "транзит зерна та спільні перевірки" in paragraphs[1]  # inline tags joined
    assert any(p.startswith('"Ми домовилися') for p in paragraphs)
    for chrome in ("dataLayer", "font-family", "Facebook", "Підписатися", "Фото: прес-служба",
                   "правила експорту", "Усі права", "/news"):
        assert chrome not in article.text
    assert article.text.count(article.title) == 1


def test_html_is_sniffed_without_extension(tmp_path: Path) -> None:
    html = "<html><body><article><h1>Заголовок новини</h1><p>" + UK + "</p></article></body></html>"
    article = read_article(write(tmp_path, "page.txt", html.encode("utf-8")))
    assert "<p>" not in article.text
    assert article.title == "Заголовок новини"


def test_html_with_declared_cp1251(tmp_path: Path) -> None:
    html = '<html><head><meta charset="windows-1251"></head><body><p>' + RU + "</p></body></html>"
    article = read_article(write(tmp_path, "old.htm", html.encode("cp1251")))
    assert article.encoding == "cp1251"
    assert "Министр иностранных дел" in article.text


def test_html_without_text_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.html", b"<html><body><nav>Menu</nav><script>x()</script></body></html>")
    with pytest.raises(InputError, match="HTML") as err:
        read_article(path)
    assert_one_line_naming(err, "empty.html")


# ---------------------------------------------------------------- collecting


def test_folder_with_mixed_files(tmp_path: Path) -> None:
    for name in ("b.txt", "a.html", "c.md", "noext", "data.json", ".hidden.txt", "pic.png",
                 "sub/d.htm", ".git/e.txt"):
        write(tmp_path / "in", name, b"x")
    extra = write(tmp_path, "notes.pdf", b"x")
    found = collect_paths([tmp_path / "in", extra, "-"])
    names = [p.relative_to(tmp_path / "in").as_posix() for p in found[:6]]
    assert names == ["a.html", "b.txt", "c.md", "data.json", "noext", "sub/d.htm"]  # .json may be a feed
    assert found[6] == extra  # an explicit file is always taken
    assert found[7] == Path("-")


def test_folder_without_articles_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "in", "data.json", b"{}")  # a JSON file that is no feed of articles
    write(tmp_path / "in", "pic.png", b"\x89PNG")
    (item,) = collect_items([tmp_path / "in"])
    with pytest.raises(InputError) as err:
        read_item(item)
    assert_one_line_naming(err, "in")
    assert "holds no article files" in str(err.value)
    write(tmp_path / "none", "pic.png", b"\x89PNG")
    with pytest.raises(InputError) as err:
        collect_paths([tmp_path / "none"])
    assert_one_line_naming(err, "none")


def test_stdin_article() -> None:
    article = read_stdin_article(io.BytesIO((" date 2025-05-06 " + UK).encode("cp1251")))
    assert article.id == "stdin"
    assert article.published == dt.date(2025, 5, 6)
    assert article.language == "uk"


# ---------------------------------------------------------------------- dates


def test_date_line_on_the_seeds() -> None:
    first = read_article(seed("000"))
    assert first.published == dt.date(2026, 2, 4)
    assert not first.text.lstrip().startswith("date")
    assert first.raw_text.lstrip().startswith("date 2026-02-04")
    # 002 has dated headline lists in its footer: those are not its publication date
    assert read_article(seed("002")).published is None


def test_date_line_only_at_the_start() -> None:
    assert parse_date_line(" date 2024-12-31 Text goes on.") == (dt.date(2024, 12, 31), "Text goes on.")
    assert parse_date_line("Text.\n date 2024-12-31 more")[0] is None
    assert parse_date_line("date 2024-13-45 Text.") == (None, "Text.")


# ---------------------------------------------------------------- boilerplate


def test_headline_list_and_repeated_title_removed_from_seed_002() -> None:
    raw = seed("002").read_text(encoding="utf-8")
    article = read_article(seed("002"))
    title = raw.splitlines()[0].strip()
    assert article.title == title
    assert article.text.count(title) == 1
    assert "Світ" not in article.text.split("\n\n")[:3]
    assert "30 грудня провели переговори" in article.text
    assert "При цьому він не засудив військове вторгнення Росії." in article.text
    for footer in ("Новини", "Квітня 2024", "Patriot", "Всі новини"):
        assert footer not in article.text
    assert any("Patriot" in block for block in article.removed)


def test_related_list_and_caption_removed_from_seed_004() -> None:
    article = read_article(seed("004"))
    assert "Вас також можуть зацікавити" not in article.text
    assert "Гренландія" not in article.text
    assert "Колаж" not in article.text
    assert article.text.startswith(article.title or "missing title")
    assert article.outlet is not None and article.outlet in article.raw_text
    # a subheading followed by body text is kept
    assert "Трамп говорив із Сі й анонсував переговори з Путіним" in article.text
    assert "17 січня Дональд Трамп" in article.text


@pytest.mark.parametrize(("caption", "lang"), [
    ("Xi Jinping et Vladimir Poutine à Moscou, en Russie, le 9 mai 2025. ( AFP / ANGELOS TZORTZINIS )", "fr"),
    ("Си Цзиньпин и Владимир Путин. Обложка © ТАСС / Александр Щербак", "ru"),
    ("Scholz und Putin bei einem Treffen in Moskau (Archivbild, Reuters/Jane Doe)", "de"),
    # eval/unseen7's 004 (no longer blind): 32 words, a credit with no slash; its 2019 date dated the call
    ("U.S. President Donald Trump meets with China's President Xi Jinping at the start of their bilateral "
     "meeting at the G20 leaders summit in Osaka, Japan, June 29, 2019. (REUTERS File Photo)", "en"),
])
def test_a_short_paragraph_that_ends_with_a_photo_credit_is_a_caption(caption: str, lang: str) -> None:
    # eval/unseen6's 002: the caption's "le 9 mai 2025" dated the call of 8 August.
    body = "Le président chinois Xi Jinping s'est félicité lors d'un entretien téléphonique avec Poutine (EU/OTAN)."
    text, removed = strip_boilerplate(f"{caption}\n\n{body}", lang)
    assert caption not in text and body in text and caption in removed


def test_a_bare_caption_word_in_brackets_or_a_long_paragraph_is_kept() -> None:
    for para in ("Путін і Сі провели переговори (ВІДЕО)", "They spoke by phone (the video call lasted an hour).",
                 " ".join(["word"] * 70) + " (Reuters File Photo)"):
        text, _ = strip_boilerplate(f"{para}\n\nBody text of the article follows here.", "en")
        assert para in text


def test_read_also_paragraph_removed_from_seed_000() -> None:
    article = read_article(seed("000"))
    assert "Читайте також" not in article.text
    assert "кадрові чистки" not in article.text
    assert "Фото:" not in article.text
    assert "Розмова ще триває" in article.text  # Peskov's quote
    assert "Також видання" in article.text  # the next paragraph is reporting, not boilerplate
    assert article.outlet is not None and f'"{article.outlet}"' in article.raw_text


def test_clean_seeds_lose_nothing() -> None:
    for prefix in ("001", "003"):
        article = read_article(seed(prefix))
        assert article.removed == []
        assert article.text == parse_date_line(article.raw_text.strip())[1].strip()


def test_body_paragraphs_mentioning_markers_stay() -> None:
    body = (
        "Президент показав фото зі зустрічі журналістам.\n\n"
        "Новини про переговори з'явилися ввечері. Їх підтвердили обидві сторони.\n\n"
        "Photo opportunities were limited, the spokesman said."
    )
    clean, removed = strip_boilerplate(body)
    assert clean == body
    assert removed == []


def test_lone_heading_before_body_is_kept() -> None:
    text = "Related\n\nThe talks lasted two hours. Both sides called them useful."
    assert strip_boilerplate(text, "en")[0] == text


def test_english_boilerplate() -> None:
    text = (
        "Leaders meet in Geneva\n\n"
        "The two leaders met on Tuesday and discussed trade.\n\n"
        "Photo: Reuters\n\n"
        "Read also: Markets rally after the summit\n\n"
        "They agreed to meet again in May.\n\n"
        "Related news\n\n28 April 2024\n\nOil prices fall again\n\nNew tariffs announced\n\n"
        "Elections set for autumn"
    )
    clean, removed = strip_boilerplate(text, "en")
    assert clean.split("\n\n") == [
        "Leaders meet in Geneva",
        "The two leaders met on Tuesday and discussed trade.",
        "They agreed to meet again in May.",
    ]
    assert len(removed) == 3


def test_line_breaks_inside_paragraphs_are_kept() -> None:
    text = "First line of a wrapped\nparagraph goes on here.\n\nSecond paragraph."
    assert strip_boilerplate(text)[0] == text


def test_guess_title() -> None:
    assert guess_title("Short headline here\n\nBody text.") == "Short headline here"
    assert guess_title("A full sentence opens the article.\n\nBody.") is None
    assert guess_title("Only one line") is None


# ------------------------------------------------------------------- language


def test_language_of_each_seed() -> None:
    languages = {p.name[:3]: read_article(p).language for p in sorted(SEEDS.iterdir())}
    assert languages == {"000": "uk", "001": "uk", "002": "uk", "003": "ru", "004": "uk"}


def test_detect_language_other_cases() -> None:
    assert detect_language("Да.") == "und"
    assert detect_language(RU) == "ru"
    assert detect_language(UK) == "uk"
    assert detect_language("The ministers met in Geneva on Tuesday to discuss grain exports.") == "en"
    german = "Die Minister trafen sich am Dienstag in Genf, um über Getreide zu sprechen."
    assert detect_language(german) == "de"


# The head of an unseen article (eval/unseen3, 004, RBC-Ukraine): a language switcher, the headline,
# the page's dateline with the publication time, a photo caption and a byline. The dateline gave
# the event a wrong date (18 October, the publication day) until it was treated as boilerplate.
RBC_HEAD = (
    "ua en ru\n\n"
    "\"Томагавки\", Путин и путь к миру. О чем говорили Зеленский и Трамп в Белом доме\n\n"
    "США, Суббота 18 октября 2025 00:20\n"
    "Фото: Дональд Трамп и Владимир Зеленский встретились в Белом доме (Getty Images)\n"
    "Автор: Ирина Гамерская\n\n"
    "Встреча лидеров Украины и США Владимира Зеленского и Дональда Трампа состоялась сегодня, 17 октября, "
    "в Белом доме."
)


def test_language_switcher_dateline_and_byline_are_removed() -> None:
    clean, removed = strip_boilerplate(RBC_HEAD, "ru")
    assert clean.splitlines()[0].startswith("\"Томагавки\"")
    assert "сегодня, 17 октября" in clean
    for line in ("ua en ru", "США, Суббота 18 октября 2025 00:20", "Автор: Ирина Гамерская"):
        assert line not in clean and line in removed


@pytest.mark.parametrize(
    "line",
    ["Friday, 17 October 2025, 14:05", "17 жовтня 2025 року, 09:30", "Київ, п'ятниця, 17 жовтня 2025", "UA | RU | EN",
     "Автор - Олена Петренко", "By Jane Smith"],
)
def test_other_datelines_switchers_and_bylines(line: str) -> None:
    body = "Зеленський і Трамп зустрілися у Білому домі. Вони говорили про ППО."
    assert strip_boilerplate(f"{line}\n\n{body}")[0] == body


@pytest.mark.parametrize(
    "line",
    [
        "17 жовтня 2025 року Зеленський зустрівся з Трампом у Білому домі.",  # a sentence with a date
        "Автор законопроєкту, депутат Петренко, пояснив, що зміни набудуть чинності з 2026 року.",
        "By the end of the meeting the leaders had agreed on a statement.",
        "Ukraine and Russia",
    ],
)
def test_sentences_that_start_like_boilerplate_stay(line: str) -> None:
    body = "Зеленський і Трамп зустрілися у Білому домі."
    assert strip_boilerplate(f"{line}\n\n{body}")[0] == f"{line}\n\n{body}"
