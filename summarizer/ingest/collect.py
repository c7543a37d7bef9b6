"""Which files a run reads: files named, and article files inside folders."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..core.errors import InputError

ARTICLE_SUFFIXES = frozenset({".txt", ".html", ".htm", ".md", ""})
HTML_SUFFIXES = frozenset({".html", ".htm"})
STDIN = "-"


def collect_paths(paths: Sequence[str | Path]) -> list[Path]:
    """Expand files and folders into article paths; folders yield .txt/.html/.htm/.md files by name."""
    out: list[Path] = []
    for item in paths:
        if str(item) == STDIN:
            out.append(Path(STDIN))
            continue
        path = Path(item)
        if path.is_dir():
            found = sorted(
                (f for f in path.rglob("*") if f.is_file() and _is_candidate(f.relative_to(path))),
                key=lambda f: f.relative_to(path).as_posix(),
            )
            if not found:
                raise InputError(
                    str(path), "folder holds no article files", "add .txt, .html, .htm or .md files"
                )
            out.extend(found)
        elif path.is_file():
            out.append(path)  # an explicit file is always taken, whatever its name
        else:
            raise InputError(str(path), "no such file or folder", "check the path")
    return list(dict.fromkeys(out))  # a file named twice is read once


def _is_candidate(rel: Path) -> bool:
    if any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
        return False
    return rel.suffix.lower() in ARTICLE_SUFFIXES

