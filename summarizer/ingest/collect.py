"""Which articles a run reads: files named, article files inside folders, and the rows of feed files.

Every article gets an id that is stable and unique in the run: the path relative to the folder
given (a file given by itself: its name), ':ROW' added for a row of a feed file. Two inputs with
the same id (`a/article.txt` and `b/article.txt`, or two folders each with an `index.html`) get
the shortest longer paths that tell them apart. Problems found while collecting (no such path,
an unreadable folder, a file over the size limit) become items that fail alone; the tool's own
outputs and the `-o` target are never read.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..core.errors import InputError
from ..core.settings import DEFAULT_MAX_FILE_MB
from . import outputs
from .decode import decode
from .feeds import FEED_SUFFIXES, Row, looks_like_feed, read_rows

ARTICLE_SUFFIXES = frozenset({".txt", ".html", ".htm", ".md", ""})
HTML_SUFFIXES = frozenset({".html", ".htm"})
STDIN = "-"
MB = 1 << 20
DEFAULT_MAX_BYTES = int(DEFAULT_MAX_FILE_MB * MB)
FEED_SIZE_FACTOR = 100  # a feed of many articles may be this many times the size of one
_EMPTY_FIX = "add .txt, .html, .htm or .md files, or feeds (.jsonl, .csv, .json)"


@dataclass(frozen=True)
class Item:
    """One article to read: a file, a row of a feed file, or a problem found while collecting."""

    id: str
    path: str
    row: int | None = None
    record: dict[str, Any] | None = None  # a feed row's fields, as parsed
    problem: str = ""
    fix: str = ""

    @property
    def where(self) -> str:
        """The file (and row) as error messages name it."""
        return f"{self.path} row {self.row}" if self.row is not None else self.path

    def error(self, problem: str | None = None, fix: str | None = None) -> InputError:
        return InputError(self.where, problem or self.problem, self.fix if fix is None else fix)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, data: str) -> Item:
        return cls(**json.loads(data))


@dataclass
class _Found:
    path: Path
    base: str  # the id before any clash is resolved
    explicit: bool
    problem: str = ""
    fix: str = ""


def collect_items(
    paths: Sequence[str | Path], *, skip: Iterable[str | Path] = (), max_bytes: int = DEFAULT_MAX_BYTES
) -> list[Item]:
    """Every article the paths name, in order; a feed file gives one item per row."""
    skipped = {_key(Path(p)) for p in skip}
    found: list[tuple[int, _Found]] = []  # (index of the input given, what it holds)
    seen: set[str] = set()
    for n, given in enumerate(paths):
        if str(given) == STDIN:
            found.append((n, _Found(Path(STDIN), "stdin", True)))
            continue
        for f in _expand(Path(given)):
            key = _key(f.path) if not f.problem else f"?{f.path}"
            if key in seen or key in skipped:
                continue  # a file named twice is read once; the output target never
            seen.add(key)
            found.append((n, f))
    _resolve_clashes([f for _, f in found])
    items: list[Item] = []
    per_input: dict[int, int] = {}
    for n, f in found:
        got = _items_of(f, max_bytes)
        per_input[n] = per_input.get(n, 0) + len(got)
        items.extend(got)
    for n, given in enumerate(paths):  # a folder of briefings, configs and tables holds no article
        if per_input.get(n) == 0 and Path(given).is_dir() and _key(Path(given)) not in skipped:
            items.append(Item(str(given), str(given), problem="folder holds no article files", fix=_EMPTY_FIX))
    return _unique(items)


def collect_paths(paths: Sequence[str | Path]) -> list[Path]:
    """The article and feed files the paths name (folders expanded); the first problem raises InputError."""
    out: list[Path] = []
    for item in paths:
        if str(item) == STDIN:
            out.append(Path(STDIN))
            continue
        for f in _expand(Path(item)):
            if f.problem:
                raise InputError(str(f.path), f.problem, f.fix)
            out.append(f.path)
    return list(dict.fromkeys(out))


def _key(path: Path) -> str:
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):
        return str(path.absolute())


def _expand(path: Path) -> list[_Found]:
    if path.is_dir():
        return _walk(path)
    if path.exists():
        return [_Found(path, path.name or str(path), True)]  # an explicit file is always taken
    if path.is_symlink():
        return [_Found(path, str(path), True, "is a link to nothing", "point it at the article or leave it out")]
    return [_Found(path, str(path), True, "no such file or folder", "check the path")]


def _walk(top: Path) -> list[_Found]:
    """Candidate files under a folder, by relative path; folders that cannot be listed are reported."""
    errors: list[OSError] = []
    files: list[Path] = []
    visited: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(top, onerror=errors.append, followlinks=True):
        try:
            st = os.stat(dirpath)
        except OSError as exc:
            errors.append(exc)
            dirnames[:] = []
            continue
        if (st.st_dev, st.st_ino) in visited:  # a link back up the tree
            dirnames[:] = []
            continue
        visited.add((st.st_dev, st.st_ino))
        dirnames[:] = [d for d in dirnames if not _hidden(d)]
        files.extend(Path(dirpath) / n for n in filenames if not _hidden(n) and _is_candidate(Path(n)))
    if any(Path(e.filename or top) == top for e in errors):
        reason = next(e.strerror for e in errors if Path(e.filename or top) == top) or "no access"
        return [_Found(top, str(top), True, f"folder cannot be read ({reason})",
                       "give read permission with chmod u+rx, or pass a readable folder")]
    out = [_Found(f, f.relative_to(top).as_posix(), False) for f in files if f.is_file()]
    for error in errors:  # a subfolder that cannot be listed is reported, never skipped silently
        where = Path(error.filename)
        rel = where.relative_to(top).as_posix() if where.is_relative_to(top) else str(where)
        out.append(_Found(where, rel + "/", False, f"folder cannot be read ({error.strerror or 'no access'})",
                          "give read permission with chmod u+rx, or move the folder out"))
    if not out:
        return [_Found(top, str(top), True, "folder holds no article files", _EMPTY_FIX)]
    return sorted(out, key=lambda f: f.base)


def _hidden(name: str) -> bool:
    return name.startswith(".") or name == "__pycache__"


def _is_candidate(rel: Path) -> bool:
    suffix = rel.suffix.lower()
    return suffix in ARTICLE_SUFFIXES or suffix in FEED_SUFFIXES


def _resolve_clashes(found: list[_Found]) -> None:
    """Two inputs with one id get the shortest longer paths that differ: a/index.html, b/index.html."""
    by_base: dict[str, list[_Found]] = {}
    for f in found:
        by_base.setdefault(f.base, []).append(f)
    for group in by_base.values():
        if len(group) < 2:
            continue
        parts = [f.path.absolute().parts for f in group]
        depth = len(Path(group[0].base).parts) + 1
        while depth < max(map(len, parts)) and len({p[-depth:] for p in parts}) < len(parts):
            depth += 1
        for f, p in zip(group, parts, strict=True):
            f.base = "/".join(p[-depth:]).replace("//", "/")


def _unique(items: list[Item]) -> list[Item]:
    seen: dict[str, int] = {}
    out = []
    for item in items:
        n = seen.get(item.id, 0)
        seen[item.id] = n + 1
        out.append(item if n == 0 else Item(**{**item.__dict__, "id": f"{item.id} ({n + 1})"}))
    return out


def _items_of(f: _Found, max_bytes: int) -> list[Item]:
    path = str(f.path)
    if f.problem:
        return [Item(f.base, path, problem=f.problem, fix=f.fix)]
    if path == STDIN:
        return [Item("stdin", STDIN)]
    feed = f.path.suffix.lower() in FEED_SUFFIXES
    limit = max_bytes * FEED_SIZE_FACTOR if feed else max_bytes
    try:
        size = f.path.stat().st_size
        if size > limit:
            return [Item(f.base, path, problem=too_big(size, limit, feed), fix=size_fix(size, feed))]
        if feed:
            return _feed_items(f, max_bytes)
        with f.path.open("rb") as fh:
            head = fh.read(outputs.HEAD_BYTES)
    except OSError as exc:
        return [Item(f.base, path, problem=f"cannot be read ({exc.strerror})", fix="pass a readable file")]
    if outputs.is_own_output_head(head):
        return _own_output(f)
    return [Item(f.base, path)]


def too_big(size: int, limit: int, feed: bool = False) -> str:
    what = "a feed" if feed else "one article"
    return f"file is {size / MB:.1f} MB, over the {limit / MB:g} MB limit for {what}"


def size_fix(size: int, feed: bool = False) -> str:
    need = size / MB / (FEED_SIZE_FACTOR if feed else 1)
    if feed:
        return f"split the feed, or raise the limit with --max-file-mb {need + 1:.0f} or SUMMARIZER_MAX_FILE_MB"
    return (f"if it is one article, raise the limit with --max-file-mb {need + 1:.0f} or SUMMARIZER_MAX_FILE_MB; "
            "if it holds many, give them as a JSON Lines or CSV feed")


def _own_output(f: _Found) -> list[Item]:
    if not f.explicit:
        return []  # a briefing left in the folder is no article
    return [Item(f.base, str(f.path), problem="is a file written by summarizer, not an article",
                 fix="leave it out of the inputs")]


def _feed_items(f: _Found, max_bytes: int) -> list[Item]:
    path = str(f.path)
    data = f.path.read_bytes()
    try:
        text = decode(data, path).text
    except InputError as exc:
        return [Item(f.base, path, problem=exc.problem, fix=exc.fix)]
    suffix = f.path.suffix.lower()
    if suffix in (".jsonl", ".ndjson") and outputs.is_own_output_json(outputs.first_json_row(text)):
        return _own_output(f)
    if suffix == ".json" and _own_json(text):
        return _own_output(f)
    try:
        rows = read_rows(text, suffix, path, csv_field_limit=max_bytes)
    except InputError as exc:
        return [Item(f.base, path, problem=exc.problem, fix=exc.fix)]
    if not looks_like_feed(rows):
        if not f.explicit:
            return []  # a CSV or JSON file that holds no articles (a config, a table) is no input
        fields = sorted({k for r in rows if r.record for k in r.record})[:12]
        return [Item(f.base, path, problem="holds no article text field"
                     + (f" (fields: {', '.join(fields)})" if fields else ""),
                     fix="name the text field 'text' or 'content' (docs/inputs.md lists the names)")]
    return [_row_item(f, r) for r in rows]


def _own_json(text: str) -> bool:
    try:
        return outputs.is_own_output_json(json.loads(text))
    except ValueError:
        return False


def _row_item(f: _Found, row: Row) -> Item:
    item = Item(f"{f.base}:{row.number}", str(f.path), row.number, row.record)
    if row.problem:
        return Item(item.id, item.path, row.number, None, row.problem, "fix the row or leave it out")
    return item
