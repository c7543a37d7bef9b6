"""The local backend: GGUF assembly from chunk packages, and the server's lifecycle."""

from __future__ import annotations

import asyncio
import hashlib
import json
import socket
import sys
import threading
import types
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from summarizer.core.errors import ConfigError
from summarizer.extraction import local

CHUNKS = [b"GGUF-head-", b"middle-" * 50, b"", b"tail!"]


@pytest.fixture
def fake_parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Small part files standing in for the 22 chunk packages, with matching size and hash."""
    parts = []
    for i, chunk in enumerate(CHUNKS, 1):
        part = tmp_path / "parts" / f"part{i:02d}.bin"
        part.parent.mkdir(exist_ok=True)
        part.write_bytes(chunk)
        parts.append(part)
    whole = b"".join(CHUNKS)
    monkeypatch.setattr(local, "find_parts", lambda: (list(parts), []))
    monkeypatch.setattr(local, "EXPECTED_SIZE", len(whole))
    monkeypatch.setattr(local, "EXPECTED_SHA256", hashlib.sha256(whole).hexdigest())
    return parts


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".part", ".tmp")))


def test_ensure_model_assembles_parts_in_order(tmp_path: Path, fake_parts: list[Path]) -> None:
    seen: list[tuple[int, int]] = []
    gguf = local.ensure_model(tmp_path / "cache", progress=lambda done, total: seen.append((done, total)))
    assert gguf == local.model_path(tmp_path / "cache")
    assert gguf.read_bytes() == b"".join(CHUNKS)
    assert seen[-1] == (local.EXPECTED_SIZE, local.EXPECTED_SIZE)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    stamp = json.loads(gguf.with_name(gguf.name + ".verified.json").read_text())
    assert stamp["sha256"] == local.EXPECTED_SHA256 and stamp["size"] == local.EXPECTED_SIZE
    assert leftovers(gguf.parent) == []


def test_ensure_model_trusts_a_valid_stamp_without_rehashing(
    tmp_path: Path, fake_parts: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    gguf = local.ensure_model(tmp_path)

    def forbidden(*_: object) -> None:
        raise AssertionError("should not hash or look for parts again")

    monkeypatch.setattr(local, "_sha256_file", forbidden)
    monkeypatch.setattr(local, "find_parts", forbidden)
    assert local.ensure_model(tmp_path) == gguf


def test_ensure_model_rebuilds_a_tampered_file(tmp_path: Path, fake_parts: list[Path]) -> None:
    gguf = local.ensure_model(tmp_path)
    data = gguf.read_bytes()
    gguf.write_bytes(b"X" * len(data))  # same size, new mtime: the stamp no longer vouches for it
    assert local.ensure_model(tmp_path).read_bytes() == data


def test_ensure_model_adopts_a_correct_file_without_stamp(
    tmp_path: Path, fake_parts: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    gguf = local.model_path(tmp_path)
    gguf.parent.mkdir(parents=True)
    gguf.write_bytes(b"".join(CHUNKS))
    monkeypatch.setattr(local, "find_parts", lambda: pytest.fail("parts not needed"))
    assert local.ensure_model(tmp_path) == gguf
    assert local._stamp_ok(gguf)


def test_ensure_model_refuses_sha256_mismatch_and_leaves_nothing(
    tmp_path: Path, fake_parts: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(local, "EXPECTED_SHA256", hashlib.sha256(b"something else").hexdigest())
    with pytest.raises(ConfigError, match="does not match.*refusing"):
        local.ensure_model(tmp_path)
    folder = local.model_path(tmp_path).parent
    assert list(folder.iterdir()) == []


def test_ensure_model_refuses_wrong_total_size_before_writing(
    tmp_path: Path, fake_parts: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(local, "EXPECTED_SIZE", local.EXPECTED_SIZE + 1)
    with pytest.raises(ConfigError, match="reinstall"):
        local.ensure_model(tmp_path)
    assert not local.model_path(tmp_path).parent.exists()


def test_missing_extra_message_says_how_to_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local, "PART_PACKAGE", "no_such_package_summarizer_test_{n}")
    with pytest.raises(ConfigError) as info:
        local.ensure_model(tmp_path)
    msg = str(info.value)
    for needed in (
        "pip install 'summarizer[local]'",
        "make brief",
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "SUMMARIZER_MODEL",
        "SUMMARIZER_LOCAL_MODEL=/path/to/model.gguf",
        "no-such-package-summarizer-test-1",
    ):
        assert needed in msg
    assert not local.model_path(tmp_path).exists()


def test_find_parts_locates_packages_on_sys_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in (1, 2, 3):
        pkg = tmp_path / f"fakechunk_part{n}"
        (pkg / "data").mkdir(parents=True)
        (pkg / "__init__.py").write_text("")
        if n != 2:
            (pkg / "data" / f"part{n:02d}.bin").write_bytes(b"x")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(local, "PART_PACKAGE", "fakechunk_part{n}")
    monkeypatch.setattr(local, "PART_COUNT", 3)
    found, missing = local.find_parts()
    assert [p.name for p in found] == ["part01.bin", "part03.bin"]
    assert all(p.is_file() for p in found)
    assert missing == ["fakechunk-part2"]


def test_model_status_reports_assembly(tmp_path: Path, fake_parts: list[Path]) -> None:
    before = local.model_status(tmp_path)
    assert before["assembled"] is False and before["verified"] is False
    assert before["missing_parts"] == [] and before["size"] is None
    local.ensure_model(tmp_path)
    after = local.model_status(tmp_path)
    assert after["assembled"] and after["verified"]
    assert after["size"] == local.EXPECTED_SIZE
    assert after["path"] == str(local.model_path(tmp_path))


def test_free_port_can_be_bound() -> None:
    port = local.free_port()
    assert 0 < port < 65536
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))


def test_port_from_address() -> None:
    assert local._port_from_address("http://127.0.0.1:40123") == 40123
    with pytest.raises(ConfigError):
        local._port_from_address("")


def test_default_parallel_is_bounded() -> None:
    assert local.default_parallel(1) == 1
    assert 1 <= local.default_parallel(2) <= 2
    assert local.default_parallel(64) <= 4


def test_server_without_xllamacpp_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "xllamacpp", None)  # makes `import xllamacpp` fail
    gguf = tmp_path / "m.gguf"
    gguf.write_bytes(b"GGUF")
    with pytest.raises(ConfigError, match=r"pip install 'summarizer\[local\]'"):
        local.LocalServer(gguf).start()


class _Health(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        self.send_response(200 if self.path == "/health" else 404)
        self.end_headers()
        self.wfile.write(b'{"status":"ok"}')

    def log_message(self, *_: object) -> None:
        pass


def fake_xllamacpp(created: list[types.SimpleNamespace]) -> types.ModuleType:
    """An xllamacpp stand-in: records the params, serves /health, stops when collected."""

    def common_params() -> types.SimpleNamespace:
        ns = types.SimpleNamespace
        return ns(model=ns(path=""), cpuparams=ns(n_threads=-1), cpuparams_batch=ns(n_threads=-1))

    class Server:
        def __init__(self, p: types.SimpleNamespace) -> None:
            created.append(p)
            self._http = ThreadingHTTPServer((p.hostnames[0], p.port), _Health)
            threading.Thread(target=self._http.serve_forever, daemon=True).start()
            self.listening_address = f"http://{p.hostnames[0]}:{self._http.server_port}"

        def __del__(self) -> None:
            self._http.shutdown()
            self._http.server_close()

    mod = types.ModuleType("xllamacpp")
    mod.CommonParams = common_params  # type: ignore[attr-defined]
    mod.Server = Server  # type: ignore[attr-defined]
    return mod


def test_server_lifecycle_with_fake_runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    created: list[types.SimpleNamespace] = []
    monkeypatch.setitem(sys.modules, "xllamacpp", fake_xllamacpp(created))
    gguf = tmp_path / "m.gguf"
    gguf.write_bytes(b"GGUF")
    with local.LocalServer(gguf, n_parallel=3, n_ctx_per_slot=1000, threads=2) as srv:
        port = srv.port
        assert port and srv.base_url == f"http://127.0.0.1:{port}/v1"
        assert local._port_open("127.0.0.1", port)
        p = created[0]
        assert p.n_ctx == 3000 and p.n_parallel == 3
        assert p.hostnames == ["127.0.0.1"] and p.api_keys == [srv.api_key]
        assert len(srv.api_key) >= 20 and p.model.path == str(gguf)
        assert p.cpuparams.n_threads == 2 and p.verbosity < 3
    assert not local._port_open("127.0.0.1", port)
    other = local.LocalServer(gguf)
    assert other.api_key != srv.api_key


async def test_server_async_context(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "xllamacpp", fake_xllamacpp([]))
    gguf = tmp_path / "m.gguf"
    gguf.write_bytes(b"GGUF")
    fixed = local.free_port()
    async with local.LocalServer(gguf, port=fixed) as srv:
        assert srv.port == fixed
        assert await asyncio.to_thread(local._port_open, "127.0.0.1", fixed)
    assert not local._port_open("127.0.0.1", fixed)


@pytest.mark.live
def test_live_server_answers_json_schema(tmp_path: Path) -> None:
    import openai

    from summarizer.core.settings import default_cache_dir

    if local.find_parts()[1] and not local.model_status(default_cache_dir())["verified"]:
        pytest.skip("local model not installed")
    gguf = local.ensure_model(default_cache_dir())
    schema = {
        "type": "object",
        "properties": {"city": {"type": "string"}},
        "required": ["city"],
        "additionalProperties": False,
    }
    with local.LocalServer(gguf, n_parallel=1, n_ctx_per_slot=2048) as srv:
        client = openai.OpenAI(base_url=srv.base_url, api_key=srv.api_key)
        resp = client.chat.completions.create(
            model=srv.model_name,
            messages=[{"role": "user", "content": "Which city? Зустріч відбулася в Києві."}],
            response_format={"type": "json_schema", "json_schema": {"name": "c", "schema": schema}},
            temperature=0,
            max_tokens=40,
        )
        data = json.loads(resp.choices[0].message.content or "")
        assert set(data) == {"city"}
        assert resp.usage and resp.usage.completion_tokens > 0
        with pytest.raises(openai.AuthenticationError):
            openai.OpenAI(base_url=srv.base_url, api_key="wrong").models.list()
        port = srv.port
    assert port and not local._port_open("127.0.0.1", port)
