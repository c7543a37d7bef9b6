"""A rendering that names a country its sentence does not states something the article does not."""

from __future__ import annotations

import pytest

from summarizer.core.types import Name
from summarizer.verification.names import NameResolver
from summarizer.verification.places import countries_added


@pytest.fixture(scope="module")
def names() -> NameResolver:
    return NameResolver()


SPEAKER = Name(as_written="Путін", canonical="Vladimir Putin", kind="person")


@pytest.mark.parametrize(("english", "source", "added"), [
    # seeds/004 (the recorded run): the model added "the United States" to Putin's words on gas.
    ("Russia maintains the first position in natural gas supply to the United States.",
     "Він також додав, що Росія вийшла на перше місце з постачання до Китаю природного газу, утримує "
     "перше місце з постачання нафти.", "United States"),
    ("Trade between the two countries grew, Washington said.", "Товарообіг між країнами зріс.", "United States"),
    # Named by a capital, an adjective, a person or an organisation of the country, or the speaker's own.
    ("Trade between Moscow and Beijing grew by 7 percent.", "Товарообіг між Москвою і Пекіном зріс на 7%.", ""),
    ("Russian-Chinese relations are at their best.", "Російсько-китайські відносини на найвищому рівні.", ""),
    ("Russian President Putin said relations are good.", "Путін заявив, що відносини добрі.", ""),
    ("The Kremlin said Russia is ready.", "У Кремлі заявили про готовність.", ""),
    ("Xi said China and Russia will cooperate.", "习近平表示，中方愿同俄方合作。", ""),
    # Read leniently: an inflection, an elided article, a Chinese abbreviation or capital.
    ("Our partnership is a pillar of stability, wrote the Indian Prime Minister.",
     "Unsere Partnerschaft bleibt eine Säule der Stabilität, schrieb der indische Premierminister.", ""),
    ("'I thanked him for sharing the latest information on Ukraine,' Modi said.",
     "Je l'ai remercié d'avoir partagé les dernières informations sur l'Ukraine», a expliqué Narendra Modi.", ""),
    ("Putin said Russia-India relations are developing.", "普京表示，“多层面的俄印关系积极发展。”", ""),
    ("At 3:30 PM Beijing time, Modi posted a message.", "北京时间下午三点三十,莫迪在个人社交平台上发文称。", ""),
])
def test_a_country_the_sentence_does_not_name_is_added(names: NameResolver, english: str, source: str,
                                                        added: str) -> None:
    why = countries_added(english, source, SPEAKER, names)
    assert (added in why if added else why == ""), why
