"""An in-memory OpenAI-compatible client for logic tests: no HTTP, scripted answers."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import openai
from openai.types.chat import ChatCompletion

Responder = Callable[[dict[str, Any]], "ChatCompletion | Exception"]


def completion(content: str, finish_reason: str = "stop", prompt_tokens: int = 100,
               completion_tokens: int = 20, model: str = "fake") -> ChatCompletion:
    return ChatCompletion.model_validate({
        "id": "fake", "object": "chat.completion", "created": 0, "model": model,
        "choices": [{"index": 0, "finish_reason": finish_reason,
                     "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    })


def answer_of(body: dict[str, Any]) -> ChatCompletion:
    """The fault server's deterministic answer to either ask (EVENTS or TRANSLATE), as a completion."""
    from faultserver import extraction_for, is_translation, renderings_for

    answer = renderings_for(body) if is_translation(body) else extraction_for(article_of(body))
    return completion(json.dumps(answer, ensure_ascii=False))


def article_of(body: dict[str, Any]) -> str:
    """The numbered article inside a request built from prompts/extract.md ('[1] ...' lines)."""
    from faultserver import article_text

    return article_text(body)


class _Completions:
    def __init__(self, client: FakeClient) -> None:
        self._client = client

    async def create(self, **body: Any) -> ChatCompletion:
        self._client.calls.append(body)
        answer = self._client.responder(body)
        if isinstance(answer, Exception):
            raise answer
        return answer


class _Chat:
    def __init__(self, client: FakeClient) -> None:
        self.completions = _Completions(client)


class FakeClient:
    """Quacks like openai.AsyncOpenAI for chat.completions.create."""

    def __init__(self, responder: Responder) -> None:
        self.responder = responder
        self.calls: list[dict[str, Any]] = []
        self.chat = _Chat(self)


def scripted(*answers: ChatCompletion | Exception) -> FakeClient:
    """A client that gives these answers in order, then repeats the last."""
    seq = list(answers)

    def responder(body: dict[str, Any]) -> ChatCompletion | Exception:
        return seq.pop(0) if len(seq) > 1 else seq[0]

    return FakeClient(responder)


def status_error(status: int, headers: dict[str, str] | None = None) -> openai.APIStatusError:
    import httpx2 as httpx

    request = httpx.Request("POST", "http://fake/v1/chat/completions")
    response = httpx.Response(status, headers=headers or {}, request=request, json={"error": {"message": "x"}})
    cls = {429: openai.RateLimitError, 500: openai.InternalServerError, 503: openai.InternalServerError,
           400: openai.BadRequestError}.get(status, openai.APIStatusError)
    return cls(f"HTTP {status}", response=response, body=None)


def extraction_json(**overrides: Any) -> str:
    base: dict[str, Any] = {"events": []}
    base.update(overrides)
    return json.dumps(base, ensure_ascii=False)


# ------------------------------------------------------------------ model answers that cite sentences

NOT_IN_ARTICLE = 999  # a sentence number no test article has: a made-up citation


def sentence_of(text: str, quote: str) -> int:
    """The number (from 1) of the first sentence of `text` holding `quote`, located as code locates
    words (folded, fuzzy); NOT_IN_ARTICLE when the article does not hold it."""
    from summarizer.text.segment import sentences
    from summarizer.verification.quotes import locate

    span = locate(quote, text).span if quote.strip() else None
    if span is None:
        return NOT_IN_ARTICLE
    for n, (s, _) in enumerate(sentences(text), start=1):
        if s.start <= span.start < s.end:
            return n
    return NOT_IN_ARTICLE


def cited(text: str, event: dict[str, Any]) -> dict[str, Any]:
    """A model event written with quotes (easy to read in a test) as the model answers it now: with
    the numbers of the sentences of `text` that hold each quote."""
    date = event.get("date_text", "")
    return {
        "kind": event.get("kind", "call"),
        "main": event.get("main", True),
        "who": list(event.get("participants", [])),
        "date": sentence_of(text, date) if date.strip() else 0,
        "formats": [{"format": f["format"], "sent": sentence_of(text, f["quote"])} for f in event.get("formats", [])],
        "said": [
            {"sent": [sentence_of(text, s["quote"])], "by": s["speaker"], "en": s["text_en"]}
            for s in event.get("statements", [])
        ],
        "figures": [
            {"sent": sentence_of(text, f["quote"]), "what": f["quantity"], "value": f["value"]}
            for f in event.get("figures", [])
        ],
    }
