"""Prompt templates: files in prompts/ that a reviewer reads without Python, validated on load."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jinja2
import jinja2.meta

from ..core.errors import ConfigError

_SECTION = re.compile(r"^=== (system|user) ===\s*$", re.MULTILINE)
_ENV = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=False, autoescape=False)


def prompts_dir() -> Path:
    """prompts/ inside the installed package, or at the top of a source checkout."""
    packaged = Path(str(resources.files("summarizer"))) / "prompts"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "prompts"


@dataclass(frozen=True)
class Template:
    """A chat prompt: a static system part first (same for every article), then the user part."""

    name: str
    version: str
    variables: frozenset[str]
    system: str
    user: str

    def render(self, **values: object) -> list[dict[str, str]]:
        """Chat messages; a missing variable is named in the error."""
        missing = sorted(self.variables - values.keys())
        if missing:
            raise ConfigError(f"prompt {self.name!r} needs variable(s): {', '.join(missing)}")
        system, user = _compiled(self.system), _compiled(self.user)
        return [
            {"role": "system", "content": system.render(**values).strip()},
            {"role": "user", "content": user.render(**values).strip()},
        ]


@functools.lru_cache(maxsize=64)
def _compiled(source: str) -> jinja2.Template:
    return _ENV.from_string(source)


def parse(text: str, source: str = "<string>") -> Template:
    """Parse a template file: 'key: value' header lines, then === system === and === user ===."""
    parts = _SECTION.split(text)
    if len(parts) != 5 or parts[1] != "system" or parts[3] != "user":
        raise ConfigError(f"{source}: a prompt needs '=== system ===' then '=== user ===' sections")
    header = dict(
        line.split(":", 1) for line in parts[0].strip().splitlines() if ":" in line
    )
    header = {k.strip(): v.strip() for k, v in header.items()}
    declared = frozenset(v.strip() for v in header.get("variables", "").split(",") if v.strip())
    used: set[str] = set()
    for body in (parts[2], parts[4]):
        try:
            used |= jinja2.meta.find_undeclared_variables(_ENV.parse(body))
        except jinja2.TemplateSyntaxError as exc:
            raise ConfigError(f"{source}: template syntax error: {exc}") from exc
    if used != declared:
        raise ConfigError(
            f"{source}: 'variables:' lists {sorted(declared)} but the template uses {sorted(used)}"
        )
    return Template(
        name=header.get("name", Path(source).stem),
        version=header.get("version", "0"),
        variables=declared,
        system=parts[2],
        user=parts[4],
    )


@functools.cache
def load(name: str) -> Template:
    """Load and validate prompts/NAME.md."""
    path = prompts_dir() / f"{name}.md"
    if not path.is_file():
        raise ConfigError(f"prompt template {path} is missing: reinstall the package")
    return parse(path.read_text(encoding="utf-8"), str(path))
