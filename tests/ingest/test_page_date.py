"""A page's own date line at the top of a text dates the article when nothing else does."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from summarizer.ingest import read_article
from summarizer.ingest.page_date import page_date


@pytest.mark.parametrize(("text", "expected"), [
    # Real page heads (eval/unseen5/SOURCES.md: life.ru, hkej.com, aimeiyan.net).
    ("24 февраля 2025, 13:06\n\nПутин поговорил по телефону с Си Цзиньпином\n", dt.date(2025, 2, 24)),
    ("熱門:\n\n2025年2月24日 時事脈搏 兩岸 國際\n\n習近平與普京通電話\n", dt.date(2025, 2, 24)),
    ("习近平同俄罗斯总统普京通电话\n\n2025年02月25日 来源: 点击:\n\n中新社北京2月24日电\n", dt.date(2025, 2, 25)),
    ("Telefonat mit Putin\n15.11.2024\nScholz forderte Putin auf.\n", dt.date(2024, 11, 15)),
    ("February 24, 2025\nXi and Putin spoke by phone.\n", dt.date(2025, 2, 24)),
    # An agency's name before the date (eval/unseen6's 007, yinsfinance: Xinhua's dateline).
    ("习近平同普京通电话 重点就中东局势交换意见\n\n新华社 2025-06-19 18:55:16\n\n中方认为\n", dt.date(2025, 6, 19)),
    ("РИА Новости, 19.06.2025\nПутин и Си провели переговоры.\n", dt.date(2025, 6, 19)),
    # A timestamp (a full date, then a time of day) anywhere on one of the first lines, and a date
    # line under a kicker (eval/unseen8's heads, no longer blind).
    ("特朗普普京再次通话\n\nPublished at Mar 20, 2025 09:02 am\n\n普京18日与特朗普通电话。\n", dt.date(2025, 3, 20)),
    ("Trump-Putin call\n\nby The Kyiv Independent news desk March 18, 2025 8:01 PM 2 min read\n", dt.date(2025, 3, 18)),
    ("特朗普与普京通话\n\n博主:fm5i0dxdb2j0考研资深辅导 2025年05月20日 11:48:23\n\n中新社华盛顿电\n",
     dt.date(2025, 5, 20)),
    ("Trump PutinAPA/AFP\n\nNach Telefonat\n\nPutin will ein Memorandum\n\n20. Mai 2025 · Lesedauer 4 min\n",
     dt.date(2025, 5, 20)),
])
def test_a_date_line_at_the_top_is_the_pages_date(text: str, expected: dt.date) -> None:
    found = page_date(text)
    assert found is not None and found[0] == expected


@pytest.mark.parametrize("text", [
    "24 февраля 2022 года Россия начала полномасштабное вторжение в Украину.\n",  # a sentence
    "Заголовок\nПодзаголовок\nЕщё строка\nЧетвёртая\nПятая\nШестая\n24 февраля 2025, 13:06\n",  # not at the top
    "24 февраля, 13:06\nПутин поговорил с Си.\n",  # no year
    "Krieg seit 24. Februar 2022 in der Ukraine\nText.\n",  # words before the date, not a name
    "32.13.2025\nText.\n",  # no such day
])
def test_no_date_line_no_date(text: str) -> None:
    assert page_date(text) is None


def test_a_timestamp_after_a_headline_goes_and_the_headline_stays() -> None:
    head = "Telefonat mit Trump Putin zu Pause bei Angriffen auf Energieanlagen bereit Stand: 18.03.2025 20:03 Uhr"
    found = page_date(head + "\n\nUS-Präsident Trump und Putin haben telefoniert.\n")
    assert found == (dt.date(2025, 3, 18), 0, head.split(" Stand:")[0])
    # A date in a report's sentence, with no time of day, is no timestamp.
    assert page_date("Putin und Trump telefonierten am 18.03.2025 zwei Stunden lang miteinander.\n") is None


def test_a_dispatch_head_dates_the_page_and_the_report_after_it_stays() -> None:
    # eval/unseen9's 009 (NTD; no longer blind for this rule): an outlet, a full date and a
    # dispatch word open a long line whose report goes on.
    text = "【快讯】川泽通话\n\n【新唐人北京时间2025年03月20日讯】观众朋友好。今天是美东时间3月19日,星期三。\n"
    assert page_date(text) == (dt.date(2025, 3, 20), 2, "观众朋友好。今天是美东时间3月19日,星期三。")
    assert page_date("（中央社華盛頓2025年2月28日電）美國總統川普今天表示。\n") == (
        dt.date(2025, 2, 28), 0, "美國總統川普今天表示。")
    # No year, or a sentence before the date: no dispatch head.
    assert page_date("新华社北京3月19日电 国家主席习近平19日同俄罗斯总统普京通电话。\n") is None
    assert page_date("他说这是一次很好的通话。2025年3月20日电\n") is None


def test_the_page_date_dates_an_article_without_one_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("24 февраля 2025, 13:06\n\nПутин поговорил по телефону с Си Цзиньпином.\n\n"
                    "Президент России Владимир Путин провел телефонный разговор с председателем КНР.\n",
                    encoding="utf-8")
    article = read_article(path)
    assert article.published == dt.date(2025, 2, 24)
    assert any("read from the page's date line" in n for n in article.notes)
    assert "13:06" not in article.text  # the line dates the page; it is no sentence to cite
    dated = tmp_path / "b.txt"
    dated.write_text(" date 2025-02-25\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert read_article(dated).published == dt.date(2025, 2, 25)  # a ` date` line wins
