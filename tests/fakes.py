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


def article_of(body: dict[str, Any]) -> str:
    """The article text inside a request built from prompts/extract.md."""
    user = body["messages"][1]["content"]
    return user.split("<<<ARTICLE\n", 1)[1].rsplit("\nARTICLE>>>", 1)[0]


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
    base: dict[str, Any] = {"summary_en": "A summary.", "events": []}
    base.update(overrides)
    return json.dumps(base, ensure_ascii=False)
