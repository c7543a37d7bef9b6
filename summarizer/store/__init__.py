"""Where answers and memos are kept between runs: the response cache."""

from .cache import ResponseCache, request_key

__all__ = ["ResponseCache", "request_key"]
