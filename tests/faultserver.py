"""A fault-injecting OpenAI-compatible chat server on 127.0.0.1, for tests and benchmarks.

POST /v1/chat/completions answers with a valid `EventsAnswer` built from the article in the
request (so answers are deterministic and cite real sentences of the article; a TRANSLATE ask gets
a valid `TranslationAnswer` for the sentences it gives), unless
a scripted rule or the seeded random fault rate says to misbehave. A request with `"stream": true`
gets its answer as server-sent events, one chunk per ~4 characters, and the usage chunk when it
asks for `stream_options.include_usage`, as OpenAI and llama.cpp send them. GET /_stats gives the
counts, POST /_reset clears them. Run it alone with `python tests/faultserver.py --latency 0.3`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import random
import re
import socket
import struct
import threading
import time
from collections import Counter, deque
from dataclasses import asdict, dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# Every kind of answer the server can give.
OK = "ok"
RATE_LIMIT = "429"
ERROR_500 = "500"
ERROR_503 = "503"
UNAUTHORIZED = "401"  # echoes the bearer token back, as careless servers do
DROP = "drop"  # close the socket without any response
SLOW = "slow"  # answer only after `slow_seconds`, past the client's timeout
CUTOFF = "cutoff"  # JSON cut in half, finish_reason "length"
SCHEMA = "schema"  # valid JSON that breaks the schema
EMPTY = "empty"  # empty content
# Replies that are no chat completion, or odd ones (issue 18): each must fail one article at most.
NOT_JSON = "notjson"  # HTTP 200, text/plain, a body that is not JSON
BROKEN_JSON = "brokenjson"  # HTTP 200, application/json, a body cut short
HTML = "html"  # HTTP 200, an HTML page (a base URL that points at a web site)
RETRY_SOON = "retrysoon"  # 429 with `Retry-After: soon`
NO_MESSAGE = "nomessage"  # a choice with no message (streamed: chunks with no delta)
NULL_USAGE = "nullusage"  # a good answer whose usage counts are null
OBJECT_CONTENT = "objcontent"  # a good answer whose content is a JSON object, not a string
ERROR_200 = "error200"  # HTTP 200 carrying {"error": ...}, as some gateways send
REPEAT = "repeat"  # a runaway answer: one sentence again and again until max_tokens
TRICKLE = "trickle"  # a good answer streamed slowly (`trickle_seconds` between chunks)
RAW = "raw"  # the next reply queued with `raw()`: status, headers and body as given
KINDS = (OK, RATE_LIMIT, ERROR_500, ERROR_503, UNAUTHORIZED, DROP, SLOW, CUTOFF, SCHEMA, EMPTY, NOT_JSON,
         BROKEN_JSON, HTML, RETRY_SOON, NO_MESSAGE, NULL_USAGE, OBJECT_CONTENT, ERROR_200, REPEAT, TRICKLE, RAW)
TRANSIENT = (RATE_LIMIT, ERROR_500, ERROR_503, DROP, SLOW)
BAD_REPLIES = (NOT_JSON, BROKEN_JSON, HTML, RETRY_SOON, NO_MESSAGE, ERROR_200)
LOOP_SENTENCE = "President Xi stated that he will work with President Trump to improve trade relations. "

_BLOCK = re.compile(r"<<<ARTICLE-(?!EXAMPLE)(\w+)\n(.*?)\nARTICLE-\1>>>", re.S)
_LINE = re.compile(r"^\[(\d+)\] (.*)$", re.M)


def article_text(body: dict[str, Any]) -> str:
    """The numbered article between the prompt's markers in a user message ('' when there is none).

    The system message has a worked example between ARTICLE-EXAMPLE markers: skip it.
    """
    for message in body.get("messages", []):
        if message.get("role") != "user":
            continue
        found = _BLOCK.search(message.get("content") or "")
        if found:
            return found.group(2)
    return ""


def numbered(text: str) -> list[tuple[int, str]]:
    """(number, sentence) of each '[n] sentence' line of an article block."""
    return [(int(m.group(1)), m.group(2)) for m in _LINE.finditer(text)]


def plain(text: str) -> str:
    """The article's sentences without their numbers, one paragraph per blank-line block."""
    return _LINE.sub(lambda m: m.group(2), text)


def head(text: str, words: int = 8) -> str:
    return " ".join(plain(text).split()[:words])


def _capitalised(sentence: str) -> list[str]:
    words = [w.strip(".,;:!?\"'«»()") for w in sentence.split()[1:]]
    return [w for w in words if w[:1].isupper() and w.isalpha()]


def extraction_for(text: str) -> dict[str, Any]:
    """A valid answer to the EVENTS ask derived from the article alone: same article, same answer.

    The first sentence of five words or more is the event's, its capitalised words (after the first
    word) its participants, and it is cited as a statement of the first of them.
    """
    rows = numbered(text)
    n, sentence = next(((n, s) for n, s in rows if len(s.split()) >= 5), rows[0] if rows else (0, ""))
    participants = _capitalised(sentence)[:2]
    said = [{"sent": [n], "by": participants[0]}] if participants else []
    return {"events": [{"kind": "call", "main": True, "who": participants, "date": 0, "formats": [],
                        "said": said}]}


def renderings_for(body: dict[str, Any]) -> dict[str, Any]:
    """A valid answer to a TRANSLATE ask: each sentence it gives, credited to its first capitalised
    word after the first (or its first word), its "translation" English that names a synthetic
    article's tag when the sentence carries one."""
    said = []
    user = next((m.get("content") or "" for m in body.get("messages", []) if m.get("role") == "user"), "")
    named = re.search(r"^Names in English: (.+)$", user, re.MULTILINE)
    names = " and ".join(named.group(1).split("; ")) if named else ""
    for n, sentence in numbered(article_text(body)):
        who = (_capitalised(sentence) or sentence.split()[:1] or [""])[0]
        tags = " ".join(re.findall(r"[A-Za-z]\d+", head(sentence, 3)))  # a synthetic article's tag, if any
        # Each sentence its own English (the same English for two is a repeated rendering), naming
        # the people the ask names in English (no translation here: a fake).
        mark = "".join(chr(ord("a") + int(d)) for d in str(n))
        en = f"This is the statement that the article reports here, {mark} {tags}".rstrip() + "."
        said.append({"sent": n, "by": who, "en": f"{names}: {en}" if names else en})
    return {"said": said}


def schema_name(body: dict[str, Any]) -> str:
    fmt = body.get("response_format") or {}
    return str((fmt.get("json_schema") or {}).get("name") or "")


def is_translation(body: dict[str, Any]) -> bool:
    """A TRANSLATE ask (the second one for an article), not an EVENTS ask."""
    return schema_name(body) == "TranslationAnswer"


def completion(content: str, finish_reason: str = "stop", model: str = "fake") -> dict[str, Any]:
    prompt, done = 100, max(1, len(content) // 4)
    return {
        "id": "chatcmpl-fault", "object": "chat.completion", "created": int(time.time()), "model": model,
        "choices": [{"index": 0, "finish_reason": finish_reason, "logprobs": None,
                     "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": prompt, "completion_tokens": done, "total_tokens": prompt + done},
    }


@dataclass
class Seen:
    """One request as the server saw it."""

    kind: str
    head: str
    max_tokens: int | None
    reask: bool
    at: float
    body: dict[str, Any] = field(repr=False, compare=False)
    chunks: int = 0  # stream chunks written before the answer ended or the client went away
    gone: bool = False  # the client closed the stream before its end

    @property
    def translation(self) -> bool:
        """A TRANSLATE ask (the second for an article), not an EVENTS ask."""
        return is_translation(self.body)


@dataclass
class _Rule:
    kinds: deque[str]
    match: str | None
    forever: bool


@dataclass
class FaultServer:
    """The server and its fault plan; use as a context manager (a thread serves it)."""

    latency: float = 0.0
    slow_seconds: float = 3.0
    trickle_seconds: float = 0.05
    fault_rate: float = 0.0
    fault_mix: dict[str, float] = field(default_factory=lambda: {k: 1.0 for k in TRANSIENT})
    retry_after: tuple[float, float] = (0.0, 0.0)
    seed: int = 0
    port: int = 0
    counts: Counter[str] = field(default_factory=Counter, init=False)
    seen: list[Seen] = field(default_factory=list, init=False)
    answered: int = field(default=0, init=False)
    inflight: int = field(default=0, init=False)
    max_inflight: int = field(default=0, init=False)
    authorization: str | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._rng = random.Random(self.seed)
        self._rules: list[_Rule] = []
        self._raw: deque[tuple[int, dict[str, str], bytes]] = deque()
        self._stop = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ the plan

    def script(self, *kinds: str, match: str | None = None) -> None:
        """The next requests (for an article containing `match`, or any) answer these kinds in turn."""
        assert all(k in KINDS for k in kinds), kinds
        with self._lock:
            self._rules.append(_Rule(deque(kinds), match, forever=False))

    def always(self, kind: str, match: str) -> None:
        """Every request for an article containing `match` answers `kind`."""
        assert kind in KINDS, kind
        with self._lock:
            self._rules.append(_Rule(deque([kind]), match, forever=True))

    def raw(self, status: int, headers: dict[str, str], body: bytes, match: str | None = None, times: int = 1) -> None:
        """The next `times` requests (for an article containing `match`, or any) get exactly this reply."""
        with self._lock:
            self._raw.extend([(status, headers, body)] * times)
            self._rules.append(_Rule(deque([RAW] * times), match, forever=False))

    def reset(self) -> None:
        """Forget counts, requests and scripted rules (latency and fault rate stay)."""
        with self._lock:
            self.counts.clear()
            self.seen.clear()
            self.answered = 0
            self.max_inflight = self.inflight
            self._rules.clear()
            self._raw.clear()

    def stats(self) -> dict[str, Any]:
        with self._lock:
            distinct = len({json.dumps(s.body, sort_keys=True) for s in self.seen})
            return {"counts": dict(self.counts), "answered": self.answered, "max_inflight": self.max_inflight,
                    "extractions": sum(not s.translation for s in self.seen), "repeated": len(self.seen) - distinct,
                    "seen": [{k: v for k, v in asdict(s).items() if k != "body"} for s in self.seen]}

    def _choose(self, text: str) -> str:
        with self._lock:
            for rule in self._rules:
                if rule.kinds and (rule.match is None or rule.match in text):
                    return rule.kinds[0] if rule.forever else rule.kinds.popleft()
            if self.fault_rate and self._rng.random() < self.fault_rate:
                kinds = list(self.fault_mix)
                return self._rng.choices(kinds, [self.fault_mix[k] for k in kinds])[0]
            return OK

    def _retry_after(self) -> float:
        lo, hi = self.retry_after
        with self._lock:
            return self._rng.uniform(lo, hi)

    def _record(self, kind: str, body: dict[str, Any], text: str) -> Seen:
        reask = len(body.get("messages", [])) > 2 and not is_translation(body)
        seen = Seen(kind, head(text), body.get("max_tokens"), reask, time.monotonic(), body)
        with self._lock:
            self.counts[kind] += 1
            self.seen.append(seen)
        return seen

    @property
    def extractions(self) -> list[Seen]:
        """The EVENTS asks seen (TRANSLATE asks left out)."""
        with self._lock:
            return [s for s in self.seen if not s.translation]

    def requests_for(self, match: str) -> list[Seen]:
        """Requests whose article starts with words containing `match`."""
        with self._lock:
            return [s for s in self.seen if match in s.head]

    # ------------------------------------------------------------------ life

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> FaultServer:
        self._httpd = _HTTPServer(("127.0.0.1", self.port), _Handler)
        self._httpd.fault = self
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="faultserver", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()  # wakes slow answers
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 512  # a burst of 32+ connects must not overflow the listen backlog
    fault: FaultServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that closed its connection (a stopped stream, a timeout) is no server error."""
        import sys

        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the OpenAI client expects
    timeout = 30  # idle keep-alive connections end on their own
    disable_nagle_algorithm = True  # headers and body go out as separate writes
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        return None

    def do_GET(self) -> None:  # noqa: N802
        if self.path.rstrip("/") == "/_stats":
            self._json(200, self.server.fault.stats())
        else:
            self._json(404, {"error": {"message": "not found"}})

    def do_POST(self) -> None:  # noqa: N802
        fault = self.server.fault
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path.rstrip("/") == "/_reset":
            fault.reset()
            return self._json(200, {"ok": True})
        if not self.path.rstrip("/").endswith("/chat/completions"):
            return self._json(404, {"error": {"message": f"no route {self.path}"}})
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            return self._json(400, {"error": {"message": "body is not JSON"}})
        auth = self.headers.get("Authorization")
        with fault._lock:
            fault.authorization = auth
        text = article_text(body)
        kind = fault._choose(text)
        seen = fault._record(kind, body, text)
        with fault._lock:
            fault.inflight += 1
            fault.max_inflight = max(fault.max_inflight, fault.inflight)
        try:
            if fault.latency and kind != DROP:
                fault._stop.wait(fault.latency)
            self._answer(kind, body, text, auth or "", seen)
        finally:
            with fault._lock:
                fault.inflight -= 1

    def _answer(self, kind: str, body: dict[str, Any], text: str, auth: str, seen: Seen) -> None:
        fault = self.server.fault
        model = str(body.get("model") or "fake")
        answer = renderings_for(body) if is_translation(body) else extraction_for(text)
        whole = json.dumps(answer, ensure_ascii=False)
        if kind == DROP:
            self.close_connection = True
            with contextlib.suppress(OSError):
                # RST rather than FIN: the client sees the connection die mid-request.
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return
        if kind == RAW:
            with fault._lock:
                status, headers, data = fault._raw.popleft() if fault._raw else (200, {}, b"")
            return self._send(status, data, headers)
        if kind == RATE_LIMIT:
            wait = fault._retry_after()
            headers = {"Retry-After": str(math.ceil(wait)), "retry-after-ms": str(int(wait * 1000))}
            error = {"error": {"message": "Rate limit reached", "type": "rate_limit"}}
            return self._json(429, error, headers)
        if kind == RETRY_SOON:
            return self._json(429, {"error": {"message": "Slow down", "type": "rate_limit"}}, {"Retry-After": "soon"})
        if kind in (ERROR_500, ERROR_503):
            return self._json(int(kind), {"error": {"message": f"server error {kind}", "type": "server"}})
        if kind == UNAUTHORIZED:
            token = auth.removeprefix("Bearer ")
            return self._json(401, {"error": {"message": f"Incorrect API key provided: {token}",
                                              "type": "invalid_request_error"}})
        if kind == NOT_JSON:
            return self._send(200, b"upstream hiccup, try later", {"Content-Type": "text/plain"})
        if kind == BROKEN_JSON:
            return self._send(200, b'{"id": "chatcmpl-fault", "choices": [{"index": 0, "mess', {})
        if kind == HTML:
            page = b"<!doctype html><html><head><title>Welcome</title></head><body><h1>It works!</h1></body></html>"
            return self._send(200, page, {"Content-Type": "text/html; charset=utf-8"})
        if kind == SLOW:
            if fault._stop.wait(fault.slow_seconds):
                return
            kind = OK
        streamed = bool(body.get("stream"))
        usage_chunk = bool((body.get("stream_options") or {}).get("include_usage"))
        if kind == ERROR_200:
            error = {"error": {"message": "upstream overloaded", "type": "server_error", "code": 503}}
            return self._events([json.dumps(error)], seen) if streamed else self._json(200, error)
        content: Any = whole
        finish = "stop"
        if kind == CUTOFF:
            content, finish = whole[: len(whole) // 2], "length"
        elif kind == SCHEMA:
            content = json.dumps({"summary": head(text), "events": "none"})
        elif kind == EMPTY:
            content = ""
        elif kind == OBJECT_CONTENT:
            content = extraction_for(text)
        elif kind == REPEAT:
            limit = int(body.get("max_tokens") or 4096)
            content, finish = ('{"summary_en":"' + LOOP_SENTENCE * (limit // 4))[: 4 * limit], "length"
        if streamed:
            return self._stream(kind, content, finish, model, usage_chunk, seen)
        reply = completion(content if isinstance(content, str) else json.dumps(content), finish, model)
        if kind == OBJECT_CONTENT:
            reply["choices"][0]["message"]["content"] = content
        elif kind == NO_MESSAGE:
            del reply["choices"][0]["message"]
        elif kind == NULL_USAGE:
            reply["usage"] = {"prompt_tokens": None, "completion_tokens": None, "total_tokens": None}
        self._json(200, reply)
        if kind == OK:
            with fault._lock:
                fault.answered += 1

    def _stream(self, kind: str, content: Any, finish: str, model: str, usage_chunk: bool, seen: Seen) -> None:
        fault = self.server.fault
        base = {"id": "chatcmpl-fault", "object": "chat.completion.chunk", "created": int(time.time()),
                "model": model}
        events = [{**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""},
                                        "finish_reason": None}]}]
        if kind == OBJECT_CONTENT:
            pieces: list[Any] = [content]
        else:
            pieces = [content[i : i + 4] for i in range(0, len(content), 4)]
        for piece in pieces:
            choice: dict[str, Any] = {"index": 0, "delta": {"content": piece}, "finish_reason": None}
            if kind == NO_MESSAGE:
                del choice["delta"]
            events.append({**base, "choices": [choice]})
        events.append({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": finish}]})
        if usage_chunk:
            done = len(pieces)
            counts: dict[str, Any] = {"prompt_tokens": 100, "completion_tokens": done, "total_tokens": 100 + done}
            if kind == NULL_USAGE:
                counts = dict.fromkeys(counts)
            events.append({**base, "choices": [], "usage": counts})
        delay = fault.trickle_seconds if kind in (TRICKLE, REPEAT) else 0.0
        if self._events([json.dumps(e, ensure_ascii=False) for e in events], seen, delay) and kind == OK:
            with fault._lock:
                fault.answered += 1

    def _events(self, payloads: list[str], seen: Seen, delay: float = 0.0) -> bool:
        """Server-sent events in chunked encoding, then [DONE]; False when the client went away."""
        fault = self.server.fault
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for payload in [*payloads, "[DONE]"]:
                data = f"data: {payload}\n\n".encode()
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                self.wfile.flush()
                seen.chunks += 1
                if delay and fault._stop.wait(delay):
                    return False
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
            return True
        except OSError:  # the client stopped reading: it closed the stream
            seen.gone = True
            self.close_connection = True
            return False

    def _send(self, status: int, data: bytes, headers: dict[str, str]) -> None:
        try:
            self.send_response(status)
            if not any(k.lower() == "content-type" for k in headers):
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for k, v in headers.items():
                if k.lower() not in ("content-length", "transfer-encoding", "connection"):
                    self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
        except OSError:
            self.close_connection = True

    def _json(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
        except OSError:  # the client gave up (timeout) and closed the socket
            self.close_connection = True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.0, help="Seconds before every answer.")
    parser.add_argument("--fault-rate", type=float, default=0.0)
    parser.add_argument("--slow-seconds", type=float, default=3.0)
    parser.add_argument("--retry-after", type=float, nargs=2, default=(0.0, 1.0), metavar=("LO", "HI"))
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    server = FaultServer(latency=args.latency, fault_rate=args.fault_rate, slow_seconds=args.slow_seconds,
                         retry_after=tuple(args.retry_after), seed=args.seed, port=args.port)
    with server:
        print(f"READY {server.base_url}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
