"""Shared helpers for the benchmarks and the fault tests: synthetic articles and the fault server."""

from __future__ import annotations

import random
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the fault server lives with the tests

_PEOPLE = {
    "uk": ["Володимир Зеленський", "Еммануель Макрон", "Олаф Шольц", "Андрій Сибіга", "Кір Стармер"],
    "ru": ["Владимир Путин", "Си Цзиньпин", "Сергей Лавров", "Дмитрий Песков", "Реджеп Эрдоган"],
    "en": ["Joe Carter", "Maria Lopez", "Kenji Sato", "Anna Berg", "Omar Haddad"],
}
_TEMPLATES = {
    "uk": [
        "Матеріал {tag}: {a} провів телефонну розмову з {b}, повідомила пресслужба у вівторок.",
        "Сторони обговорили двосторонні відносини, енергетику та безпеку в регіоні.",
        "«Ми домовилися продовжити роботу на рівні міністрів», – заявив {a} після розмови.",
        "За словами {b}, товарообіг між країнами торік зріс на {n} відсотків.",
        "Наступна зустріч запланована на кінець місяця у столиці.",
        "Експерти вважають, що переговори можуть змінити ситуацію на ринку газу.",
    ],
    "ru": [
        "Материал {tag}: {a} провел переговоры с {b} по видеосвязи, сообщили в пресс-службе.",
        "Стороны обсудили торговлю, инвестиции и международную повестку.",
        "«Отношения развиваются планомерно и продуктивно», – заявил {a} журналистам.",
        "По словам {b}, объем торговли превысил {n} миллиардов долларов.",
        "Встреча лидеров запланирована на весну, уточнили в министерстве.",
        "Аналитики отмечают, что разговор длился более двух часов.",
    ],
    "en": [
        "Story {tag}: {a} held a phone call with {b} on Tuesday, the press office said.",
        "The two sides discussed trade, energy and regional security.",
        "\"We agreed to keep working at the level of ministers,\" {a} said after the call.",
        "According to {b}, trade between the countries grew by {n} percent last year.",
        "The next meeting is planned for the end of the month in the capital.",
        "Analysts say the talks could change the situation on the gas market.",
    ],
}
_BOILERPLATE = {
    "uk": ["Читайте також: новини дня", "Фото: з відкритих джерел"],
    "ru": ["Читайте также: главное за день", "Фото: из открытых источников"],
    "en": ["Read more: today's top stories", "Photo: open sources"],
}
TAG = re.compile(r"A\d{4}")


def tag(i: int) -> str:
    """The unique marker of synthetic article `i`; it is among the article's first words."""
    return f"A{i:04d}"


def synthetic_article(i: int, paragraphs: int = 20) -> str:
    """A news-like article (Ukrainian, Russian or English by turn) of about a seed's size."""
    rng = random.Random(i)
    lang = ("uk", "ru", "en")[i % 3]
    a, b = rng.sample(_PEOPLE[lang], 2)
    lines = _TEMPLATES[lang]
    body = [lines[0].format(tag=tag(i), a=a, b=b, n=rng.randint(3, 90))]
    for _ in range(paragraphs - 1):
        body.append(" ".join(rng.choice(lines[1:]).format(a=a, b=b, n=rng.randint(3, 90)) for _ in range(2)))
    body.insert(2, _BOILERPLATE[lang][1])
    body.append(_BOILERPLATE[lang][0])
    return f" date 2026-02-{1 + i % 27:02d}\n" + "\n\n".join(body) + "\n"


def write_articles(folder: Path, n: int, start: int = 0) -> list[Path]:
    """Write synthetic articles 0..n-1 as UTF-8 .txt files; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        path = folder / f"{i:04d}.txt"
        path.write_text(synthetic_article(i), encoding="utf-8")
        paths.append(path)
    return paths


@contextmanager
def server_process(*args: str) -> Iterator[str]:
    """The fault server in its own process (so it takes no CPU from the measured one); yields its URL."""
    proc = subprocess.Popen([sys.executable, str(ROOT / "tests" / "faultserver.py"), *args],
                            stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        if not line.startswith("READY "):
            raise RuntimeError(f"fault server did not start: {line!r}")
        yield line.split()[1]
    finally:
        proc.terminate()
        proc.wait(timeout=10)
