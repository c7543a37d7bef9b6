"""Sentences that report speech, agreement or an announcement: a reporting verb of the language's
pack ("заявив", "said", "表示") or a quotation."""

from __future__ import annotations

import functools
import re

from ..lang import pack, word_pattern

_QUOTE = re.compile(r"[\"«»“”„「」『』]")


@functools.lru_cache(maxsize=32)
def _verbs(language: str) -> re.Pattern[str] | None:
    return word_pattern(pack(language).reporting_verbs)


def reports_speech(sentence: str, language: str) -> bool:
    """Does the sentence report what someone said, agreed or announced (or quote them)?"""
    if _QUOTE.search(sentence):
        return True
    rx = _verbs(language)
    return bool(rx and rx.search(sentence))
