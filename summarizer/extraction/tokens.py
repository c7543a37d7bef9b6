"""Token counting with tiktoken, offline, and cost estimates from a pricing table kept as data."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.errors import ConfigError
from ..core.types import Usage

if TYPE_CHECKING:
    import tiktoken

# o200k_base ships inside the package under tiktoken's own cache-key file name, so tiktoken
# verifies its sha256 and never reaches for the network.
_TIKTOKEN_DIR = resources.files("summarizer") / "data" / "tiktoken"


@functools.lru_cache(maxsize=1)
def encoding() -> tiktoken.Encoding:
    """The o200k_base encoding, loaded from package data (works with no network)."""
    import tiktoken  # loading its ranks takes ~0.3 s: only when a count is not memoised

    old = os.environ.get("TIKTOKEN_CACHE_DIR")
    os.environ["TIKTOKEN_CACHE_DIR"] = str(_TIKTOKEN_DIR)
    try:
        return tiktoken.get_encoding("o200k_base")
    finally:
        if old is None:
            del os.environ["TIKTOKEN_CACHE_DIR"]
        else:
            os.environ["TIKTOKEN_CACHE_DIR"] = old


@functools.lru_cache(maxsize=1024)
def count(text: str) -> int:
    """Tokens in a piece of text (memoised: the prompt's static part recurs in every request)."""
    return len(encoding().encode(text, disallowed_special=()))


def count_messages(messages: Iterable[dict[str, Any]], counter: Callable[[str], int] = count) -> int:
    """Tokens a chat request's messages cost, with OpenAI's per-message overhead."""
    total = 3
    for message in messages:
        total += 4 + counter(str(message.get("content") or ""))
    return total


def load_pricing(path: Path | None = None) -> dict[str, dict[str, float]]:
    """The pricing table: package data, overridden entry by entry by a user file (ConfigError if bad)."""
    table = json.loads((resources.files("summarizer") / "data" / "pricing.json").read_text())
    if path is not None:
        table.update(_user_pricing(Path(path)))
    return {k: v for k, v in table.items() if not k.startswith("_")}


_PRICING_SHAPE = 'the shape is {"model-name": {"input": 0.15, "output": 0.6}}, USD per million tokens'


def _user_pricing(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"pricing file {path} not found (fix SUMMARIZER_PRICING)") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ConfigError(f"pricing file {path} is not readable JSON ({type(exc).__name__}: "
                          f"{str(exc).splitlines()[0][:120]}); {_PRICING_SHAPE}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"pricing file {path} is not a JSON object; {_PRICING_SHAPE}")
    for model, price in data.items():
        if model.startswith("_"):
            continue
        ok = isinstance(price, dict) and all(
            isinstance(price.get(k), (int, float)) and not isinstance(price.get(k), bool) and price[k] >= 0
            for k in ("input", "output")
        )
        if not ok:
            raise ConfigError(f"pricing file {path}: entry {model!r} needs numbers \"input\" and \"output\" "
                              f"(got {json.dumps(price)[:80]}); {_PRICING_SHAPE}")
    return data


def estimate_cost(model: str, usage: Usage, pricing: dict[str, dict[str, float]]) -> float | None:
    """USD for the tokens used, or None when the model is not in the table."""
    price = pricing.get(model)
    if price is None:
        # Dated snapshots ("gpt-4o-2024-08-06") are priced as their family.
        matches = [k for k in pricing if model.startswith(k + "-")]
        if not matches:
            return None
        price = pricing[max(matches, key=len)]
    return (
        usage.prompt_tokens * price["input"] + usage.completion_tokens * price["output"]
    ) / 1_000_000
