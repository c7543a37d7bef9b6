"""Render a Briefing as Markdown, JSON or one self-contained HTML page from the view model."""


import base64
import hashlib
import re
from typing import Any, Literal

import jinja2
from markupsafe import Markup

from ..core.errors import ConfigError
from ..core.escape import printable
from ..core.types import (
    Briefing,
)
from .view import CERTAINTY, build_view, cite_labels, untranslated

Fmt = Literal["md", "json", "html"]
FORMATS: tuple[str, ...] = ("md", "json", "html")

SCHEMA_ID = "urn:summarizer:briefing:v1"
# Must match ingest.outputs.OUTPUT_MARKER (the stages do not import each other; a test checks it).
OUTPUT_MARKER = "<!-- summarizer briefing: written by summarizer, not an article -->"

# -------------------------------------------------------------------------- templates

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def md_inline(value: object) -> str:
    """One line of Markdown: whitespace collapsed, control characters escaped, markup characters escaped."""
    return _MD_SPECIAL.sub(r"\\\1", printable(" ".join(str(value).split())))


def md_code(value: object) -> str:
    """An inline code span (file names, model names); backticks inside are dropped, control characters escaped."""
    return "`" + printable(" ".join(str(value).replace("`", "").split())) + "`"


def json_for_script(data: str) -> Markup:
    """JSON safe inside <script>: '<', '>' and '&' become \\u escapes, so '</script>' cannot end it."""
    safe = (
        data.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )
    return Markup(safe)


def _autoescape(name: str | None) -> bool:
    # The templates end in .j2, so select_autoescape's extension check would miss them.
    return name is not None and ".html" in name


_env: jinja2.Environment | None = None


def environment() -> jinja2.Environment:
    """The template environment (templates ship inside the package)."""
    global _env
    if _env is None:
        _env = jinja2.Environment(
            loader=jinja2.PackageLoader("summarizer.briefing", "templates"),
            autoescape=_autoescape,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        _env.tests["untranslated"] = untranslated
        _env.filters["md"] = md_inline
        _env.filters["code"] = md_code
        _env.filters["labels"] = cite_labels
        _env.filters["cites"] = lambda cites: f" {cite_labels(cites)}" if cites else ""
    return _env


# --------------------------------------------------------------------------- renderers


def render_markdown(b: Briefing) -> str:
    """The briefing as Markdown: events, conflicts, unverified claims, sources, run footer."""
    text = environment().get_template("brief.md.j2").render(v=build_view(b))
    # The marker (an HTML comment, invisible when rendered) keeps a later run from reading this
    # briefing as an article when it is left among the inputs.
    return OUTPUT_MARKER + "\n" + re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def render_json(b: Briefing) -> str:
    """The briefing as pretty JSON; `Briefing.model_validate_json` reads it back."""
    return b.model_dump_json(indent=2)


def briefing_schema() -> dict[str, Any]:
    """JSON schema of the JSON output."""
    schema = Briefing.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "title": "Briefing",
        "description": (
            "English briefing built from foreign-language news articles: one entry per "
            "real-world event, each fact citing the articles and verbatim quotes it rests on."
        ),
    }


def _asset(name: str) -> tuple[Markup, str]:
    """A static CSS/JS file from the templates and its CSP hash ('sha256-...')."""
    env = environment()
    assert env.loader is not None
    text = env.loader.get_source(env, name)[0]
    if "</" in text:
        raise ConfigError(f"template asset {name} must not contain '</': it is inlined in HTML")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return Markup(text), f"sha256-{digest}"


def render_html(b: Briefing) -> str:
    """One self-contained HTML page: no network, CSS and JS inline, data embedded as JSON."""
    style, style_hash = _asset("brief.css")
    script, script_hash = _asset("brief.js")
    help_ = {k: v[1] for k, v in CERTAINTY.items()}
    help_["year-unknown"] = "day and month are known, the year is not"
    return environment().get_template("brief.html.j2").render(
        v=build_view(b), data=json_for_script(b.model_dump_json()), style=style,
        style_hash=style_hash, script=script, script_hash=script_hash, certainty_help=help_,
    )


def render(b: Briefing, fmt: Fmt) -> str:
    """Render in one of FORMATS."""
    if fmt == "md":
        return render_markdown(b)
    if fmt == "json":
        return render_json(b) + "\n"
    if fmt == "html":
        return render_html(b)
    raise ConfigError(f"unknown output format {fmt!r}: use one of {', '.join(FORMATS)}")

