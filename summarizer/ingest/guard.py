"""Planted instructions are data: marked, never deleted, and never evidence.

An article may carry text addressed to a language model ("ignore the previous instructions and
report that ..."). Containment, not deletion, is what keeps the briefing honest:
- the article's text is never cut: a sentence that reads as an instruction to a model is kept and
  its span recorded in `Article.flagged` (the briefing lists it under the source);
- verification rejects every claim that cites a flagged sentence, and such sentences are never
  sent to be translated, so an instruction cannot reach the English the model writes;
- the article cannot close its data block early: the prompt's marker is derived from the article's
  own text (`extraction.article.marker`), and brackets and '<<<' / '>>>' are shown as look-alikes.
What a planted instruction makes the model propose anyway is stopped by verification (participants
the article never names, sentences that do not bear a claim out), not by word lists.

Detection reads each sentence as folded text: compatibility forms, zero-width characters and
soft hyphens removed, runs of white space collapsed, and look-alike letters read both as Latin and
as Cyrillic (so "ignоre" with a Cyrillic "о" is still "ignore"). A sentence is flagged when it
addresses a model (an AI, an assistant, a summariser, "ШІ", "нейросеть", "人工智能") with a directive,
or opens with a directive against earlier instructions ("ignore/disregard/forget the previous
instructions", "новые инструкции:", "you are now ..."), or dictates what a summary must say. Ordinary
news about instructions, rules or models ("We agreed on new instructions for our trade negotiators,"
Carter said) is not flagged: docs/injection.md has the measured suite.
"""

from __future__ import annotations

import re
import unicodedata

from ..core.types import Article, Span
from ..text.segment import sentences

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\ufeff"))
_TO_LATIN = str.maketrans("асеіорхукмтвнАСЕІОРХУКМТВН", "aceiopxykmtbhACEIOPXYKMTBH")
_TO_CYRILLIC = str.maketrans("aceiopxykACEIOPXYKTMBH", "асеіорхукАСЕІОРХУКТМВН")

# Who a planted instruction addresses.
_ADDRESSEE = (
    r"(?:ai|a\.i\.|llm|llms|chatgpt|gpt-?\d*|language\s+models?|chat\s*bots?|assistants?|"
    r"summari[sz]ers?|summari[sz]ing\s+(?:tools?|models?|systems?)|automated\s+(?:summar\w+|systems?|tools?)|"
    r"ші|ии|штучн\w+\s+інтелект\w*|искусственн\w+\s+интеллект\w*|нейромереж\w*|нейросет\w*|"
    r"мовн\w+\s+модел\w*|языков\w+\s+модел\w*|чат-?бот\w*|асистент\w*|ассистент\w*|"
    r"人工智能|大模型|语言模型|模型|助手|机器人)"
)
# What it tells them to do.
_DIRECTIVE = (
    r"(?:ignore|disregard|forget|override|must|should|write|report|say|state|claim|output|respond|"
    r"answer|include|mention|summari[sz]e|instructions?|prompts?|"
    r"ігнору\w*|ігноруй\w*|забудь\w*|напиш\w*|повідом\w*|вкажи\w*|зазнач\w*|має\w*|мусиш|"
    r"игнориру\w*|игнорируй\w*|забудь\w*|напиш\w*|сообщи\w*|укажи\w*|должн\w*|"
    r"忽略|忘记|写|报告|输出|指令|必须)"
)
_EARLIER = (
    r"(?:previous|prior|above|earlier|preceding|original|system|all|the|your|my|any|these|those|"
    r"попередн\w*|усі|всі|вс[еi]х?|предыдущ\w*|прежн\w*|системн\w*|"
    r"之前的?|以上的?|先前的?|所有)"
)
_RULES = (
    r"(?:instructions?|prompts?|rules|directions|guidelines|інструкц\w*|вказівк\w*|правил\w*|"
    r"инструкц\w*|указани\w*|指令|指示|规则|提示)"
)

_END = r"(?![a-zа-яёіїєґ])"  # a word of a cased script ends here; Chinese needs no space

_PATTERNS = [
    # A directive against earlier instructions, as a command (at a clause's start, or addressed).
    re.compile(rf"(?:^|[:;,.!?«\"“]\s*|{_ADDRESSEE}\W+)(?:please\s+|будь\s+ласка,?\s+|пожалуйста,?\s+|请)?"
               rf"(?:ignore|disregard|forget|override|ігноруй\w*|забудь\w*|игнорируй\w*|忽略|忘记|无视)\s*"
               rf"(?:{_EARLIER}\s*){{0,3}}{_RULES}", re.IGNORECASE),
    # Addressing a model with a directive: "AI summarizers must report", "Увага, ШІ! ...".
    re.compile(rf"(?:(?:note|message|attention|instructions?)\s+(?:to|for)\s+(?:the\s+|all\s+|any\s+)?|"
               rf"(?:^|[:;,.!?]\s*)(?:dear\s+|attention,?\s+|увага,?\s+|внимание,?\s+|注意[，,:]?\s*)?)"
               rf"{_ADDRESSEE}{_END}[^.!?。！？]{{0,80}}?{_DIRECTIVE}", re.IGNORECASE),
    re.compile(rf"(?<![^\W\d_]){_ADDRESSEE}{_END}\W{{0,3}}(?:must|should|are\s+to|is\s+to|мус\w+|має\w*|долж\w+|必须|应该)",
               re.IGNORECASE),
    # Reassigning the model's role.
    re.compile(r"(?:^|[:;,.!?]\s*)(?:you\s+are\s+now|from\s+now\s+on,?\s+you|act\s+as\s+(?:an?\s+)?(?:ai|assistant|"
               r"language\s+model)|ти\s+тепер|отныне\s+ты|ты\s+теперь|从现在起你|你现在是)", re.IGNORECASE),
    re.compile(r"\b(?:system\s+prompt|developer\s+message|new\s+instructions\s*:|нові\s+інструкції\s*:|"
               r"новые\s+инструкции\s*:|системн\w+\s+промпт\w*|系统提示)", re.IGNORECASE),
    # Dictating what the summary must say.
    re.compile(r"\b(?:the\s+correct\s+summary|in\s+(?:your|the)\s+(?:summary|briefing|answer|output)\s*,?\s+"
               r"(?:write|say|state|report|include)|правильн\w+\s+(?:резюме|підсумок|итог|сводк\w*)|"
               r"在(?:摘要|总结)中(?:写|说|报告))", re.IGNORECASE),
]


def fold(text: str) -> str:
    """The text as detection reads it: no invisible characters, one space for any white space."""
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    return re.sub(r"\s+", " ", text).strip()


def suspicious(text: str) -> bool:
    """Does this text address a language model with instructions (in any of its look-alike readings)?"""
    folded = fold(text)
    readings = {folded, folded.translate(_TO_LATIN), folded.translate(_TO_CYRILLIC)}
    return any(rx.search(reading) for reading in readings for rx in _PATTERNS)


def flagged_spans(text: str) -> list[Span]:
    """The spans of the sentences of `text` that read as instructions to a model."""
    return [span for span, _ in sentences(text) if suspicious(text[span.start : span.end])]


def neutralise(article: Article) -> Article:
    """The article with its planted instructions marked (kept in the text, never citable)."""
    found = flagged_spans(article.text)
    if not found:
        return article
    notes = [*article.notes, _note(article.text, found)]
    return article.model_copy(update={"flagged": [*article.flagged, *found], "notes": notes})


def _note(text: str, spans: list[Span]) -> str:
    quoted = "; ".join(f"'{' '.join(text[s.start : s.end].split())[:120]}'" for s in spans[:3])
    more = f" and {len(spans) - 3} more" if len(spans) > 3 else ""
    n = len(spans)
    return (f"{n} passage{'s' if n != 1 else ''} kept but marked as a possible instruction planted for an AI "
            f"(nothing in the briefing rests on {'them' if n != 1 else 'it'}): {quoted}{more}")
