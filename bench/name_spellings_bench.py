"""The alias table's Cyrillic and Chinese spellings of people, romanised three ways: how often the
romanisation key (`lang.romanise.name_key`) equals that of an English spelling the table lists.

Ours is the Ukrainian or Russian rules of `name_spelling`, Palladius read backwards for Chinese names
in Cyrillic, pypinyin for characters; beside it ICU's Any-Latin (PyICU, when it is installed: it is
not a dependency, docs/languages.md says why) and anyascii.

    python bench/name_spellings_bench.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from anyascii import anyascii

from summarizer.lang.romanise import chinese_name_from_cyrillic, han_name, name_key
from summarizer.verification.name_spelling import translit_word

try:
    import icu  # type: ignore[import-not-found]
except ImportError:  # PyICU builds from source only
    icu = None

ROOT = Path(__file__).resolve().parent.parent


def ours(alias: str, lang: str) -> str:
    if lang == "zh":
        return han_name(alias)
    return chinese_name_from_cyrillic(alias, lang) or " ".join(translit_word(w, lang) for w in alias.split())


def main() -> int:
    icu_latin = icu.Transliterator.createInstance("Any-Latin; Latin-ASCII") if icu else None
    entries = json.loads((ROOT / "summarizer/data/aliases.json").read_text(encoding="utf-8"))["entries"]
    rows: dict[tuple[str, str], list[int]] = {}
    for entry in (e for e in entries if e["kind"] == "person"):
        english = {name_key(a, "en") for a in [*entry["aliases"].get("en", []), entry["canonical"]]}
        chinese = entry.get("affiliation") == "China"
        for lang in ("uk", "ru", "zh"):
            if lang == "zh" and not chinese:
                continue  # 普京 is no pinyin of Putin: foreign names in characters stay in the table
            row = rows.setdefault((lang, "Chinese" if chinese else "other"), [0, 0, 0, 0])
            for alias in entry["aliases"].get(lang, []):
                if lang != "zh" and len(alias.split()) < 2:
                    continue
                row[0] += 1
                row[1] += name_key(ours(alias, lang), "en") in english
                row[2] += icu_latin is not None and name_key(icu_latin.transliterate(alias), "en") in english
                row[3] += name_key(anyascii(alias), "en") in english
    print("| script of the alias | full names | ours | ICU Any-Latin | anyascii |")
    print("|---|---|---|---|---|")
    for (lang, who), (n, a, b, c) in sorted(rows.items()):
        print(f"| {lang}, {who} people | {n} | {a} | {b if icu_latin else 'not installed'} | {c} |")
    palladius_round_trip()
    return 0


def palladius_round_trip() -> None:
    """Every Chinese name of the property test's surnames and given-name characters (one or two), in
    Russian and Ukrainian Palladius: how many read back to their own pinyin."""
    sys.path.insert(0, str(ROOT / "tests" / "verification"))
    from test_names_across_scripts import GIVEN, SURNAMES, _ukrainian, _usable

    from summarizer.lang.romanise import palladius

    given = _usable(GIVEN)
    names = [[g] for g in given] + [[a, b] for a in given for b in given]
    total = {"ru": [0, 0], "uk": [0, 0]}
    for _, surname in _usable(SURNAMES):
        for chars in names:
            pinyin = f"{surname.capitalize()} {''.join(py for _, py in chars).capitalize()}"
            words = (palladius(surname) or "", "".join(palladius(py) or "" for _, py in chars))
            for lang, spelt in (("ru", words), ("uk", tuple(_ukrainian(w) for w in words))):
                total[lang][0] += 1
                total[lang][1] += chinese_name_from_cyrillic(" ".join(w.capitalize() for w in spelt), lang) == pinyin
    for lang, (n, same) in total.items():
        print(f"Palladius {lang}: {same} of {n} generated names read back to their pinyin ({n - same} the other way)")


if __name__ == "__main__":
    sys.exit(main())
