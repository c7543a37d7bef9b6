"""The Latin spelling of a name the alias table does not know: transliterated, never guessed.

Cyrillic by Ukrainian or Russian rules (a Chinese name in Palladius as pinyin: "Ван И" is Wang Yi),
Chinese characters as pinyin ("丁薛祥" is Ding Xuexiang), Latin as written; titles before the name
are left out (lower-case Cyrillic words; the language packs' `title_words`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..lang import phrase_bodies, unspaced, words
from ..lang.romanise import chinese_name_from_cyrillic, han_name, is_han
from ..text.detect import cyrillic_language
from ..text.fold import flat_apostrophes

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
# Lower-case words inside a Latin name: "Ursula von der Leyen", "Lula da Silva".
_PARTICLES = frozenset("von van der den de del della di da das dos du la le bin ibn al el y".split())

_UK = dict(
    zip(
        "абвгґдезиіклмнопрстуфхцчшщьй",
        "a b v h g d e z y i k l m n o p r s t u f kh ts ch sh shch _ i".split(),
        strict=True,
    )
)
_UK.update({"є": "ie", "ї": "i", "ю": "iu", "я": "ia", "ж": "zh"})
_UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_RU = dict(
    zip(
        "абвгдезийклмнопрстуфхцчшщыэьъ",
        "a b v g d e z i y k l m n o p r s t u f kh ts ch sh shch y e _ _".split(),
        strict=True,
    )
)
_RU.update({"ё": "yo", "ж": "zh", "ю": "yu", "я": "ya"})
_RU_ENDINGS = (("ий", "y"), ("ый", "y"))


def translit_word(word: str, lang: str) -> str:
    """One Cyrillic word in Latin letters, by Ukrainian ('uk') or Russian rules."""
    low = word.lower().replace("'", "")
    out: list[str] = []
    if lang == "uk":
        low = low.replace("зг", "zgh")
        for i, ch in enumerate(low):
            table = _UK_INITIAL if i == 0 and ch in _UK_INITIAL else _UK
            out.append(table.get(ch, ch))
    else:
        suffix = ""
        for end, rep in _RU_ENDINGS:
            if low.endswith(end) and len(low) > 3:
                low, suffix = low[: -len(end)], rep
        for i, ch in enumerate(low):
            if ch == "е" and (i == 0 or low[i - 1] in "аеёиоуыэюяьъ"):
                out.append("ye")
            else:
                out.append(_RU.get(ch, ch))
        out.append(suffix)
    text = "".join(out).replace("_", "")
    return text[:1].upper() + text[1:]


def name_part(as_written: str, lang: str | None = None, *, whole: bool = False) -> str:
    """The words of a title and name that are the name ("вице-премьер Госсовета КНР Дин Сюэсян" ->
    "Дин Сюэсян", "中国国务院副总理丁薛祥" -> "丁薛祥"), as written; '' when it is not two words or more
    (two characters in Chinese). With `whole`, a string that is all name counts too."""
    text = flat_apostrophes(unicodedata.normalize("NFKC", as_written))
    if is_han(text):
        part = "".join(ch for ch in _han_name_part(text) if is_han(ch) or ch in "·•・")
        return part if len(part) >= 2 and (whole or part != text) else ""
    found = _WORD.findall(text)
    if _CYRILLIC.search(text):
        run = _capitalised_run(found)
    else:
        run = _latin_name_part(found, lang)
    return " ".join(run) if 2 <= len(run) and (whole or len(run) < len(found)) else ""


def _capitalised_run(found: list[str]) -> list[str]:
    run: list[str] = []
    for w in reversed(found):
        if w[:1].isupper() and not (len(w) > 1 and w.isupper()):
            run.insert(0, w)
        else:
            break
    return run


def transliterate_name(as_written: str, *, lang: str | None = None, keep_titles: bool = False) -> str:
    """Latin spelling of an unknown name; titles before the name are left out."""
    text = flat_apostrophes(unicodedata.normalize("NFKC", as_written))
    found = _WORD.findall(text)
    if not found:
        return as_written.strip()
    if is_han(as_written):
        return han_name(as_written if keep_titles else _han_name_part(as_written))
    if not _CYRILLIC.search(as_written):
        return " ".join(found if keep_titles else _latin_name_part(found, lang))
    # Titles are lower case in Ukrainian and Russian: keep the trailing run of capitalised
    # words (abbreviations such as "РФ" end the run: they belong to a title).
    run = _capitalised_run(found)
    chosen = found if keep_titles or not run else run
    language = cyrillic_language(as_written, lang) or "ru"
    chinese = chinese_name_from_cyrillic(" ".join(chosen), language)
    if chinese is not None:
        return chinese
    return " ".join(translit_word(w, language) if _CYRILLIC.search(w) else w for w in chosen)


@lru_cache(maxsize=32)
def _titles(lang: str | None) -> re.Pattern[str] | None:
    bodies = [b for p, b in phrase_bodies(words(lang, "title_words")) if not unspaced(p)]
    return re.compile("|".join(bodies), re.IGNORECASE) if bodies else None


def _latin_name_part(found: list[str], lang: str | None) -> list[str]:
    """The trailing run of capitalised words that are no title ("Vice Premier Ding Xuexiang" ->
    "Ding Xuexiang"), particles inside it kept; all words when there is no such run."""
    titles = _titles(lang)
    run: list[str] = []
    for w in reversed(found):
        title = titles is not None and titles.fullmatch(w) is not None
        if w[:1].isupper() and not title:
            run.insert(0, w)
        elif run and w.lower() in _PARTICLES:
            run.insert(0, w)
        else:
            break
    while run and run[0].lower() in _PARTICLES:
        run.pop(0)
    return run or found


def _han_name_part(text: str) -> str:
    """The name in a Chinese title and name: after the last title word ("俄罗斯总统普京" -> "普京"),
    or before the first when the title follows the name ("习近平主席")."""
    spans = [
        m.span()
        for phrase in words("zh", "title_words")
        for m in re.finditer(re.escape(phrase), text)
    ]
    if not spans:
        return text
    after = text[max(end for _, end in spans) :]
    if any(is_han(ch) for ch in after):
        return after
    return text[: min(start for start, _ in spans)] or text
