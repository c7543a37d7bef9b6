"""The JSON schema of an answer: for the request's response_format and for the prompt."""

from __future__ import annotations

import functools
import json
from typing import Any

from pydantic import BaseModel, ValidationError


def response_format(schema: type[BaseModel]) -> dict[str, Any]:
    """OpenAI-style strict JSON-schema response format generated from the pydantic type."""
    return {
        "type": "json_schema",
        "json_schema": {"name": schema.__name__, "strict": True, "schema": _json_schema(schema)},
    }


@functools.lru_cache(maxsize=32)
def compact_schema(schema: type[BaseModel]) -> str:
    """The schema as compact JSON for the prompt (a grammar constrains, it does not inform).

    Titles and descriptions are dropped: the prompt's rules say the same in fewer tokens.
    """

    def strip(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if k not in ("title", "description")}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    return json.dumps(strip(_json_schema(schema)), ensure_ascii=False, separators=(",", ":"))


@functools.lru_cache(maxsize=32)
def _json_schema(schema: type[BaseModel]) -> dict[str, Any]:
    """Generated once per type: pydantic takes ~4 ms per call, twice per request (read-only result)."""
    return schema.model_json_schema()


def validation_summary(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        parts = [f"{'.'.join(str(p) for p in e['loc']) or 'root'}: {e['msg']}" for e in exc.errors()[:5]]
        return "; ".join(parts)
    return " ".join(str(exc).split())[:200]
