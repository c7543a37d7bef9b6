"""Brief: render a Briefing as Markdown, JSON (`summarizer schema`) or one self-contained HTML page."""

from .output import FORMATS, briefing_schema, render, render_html, render_json, render_markdown
from .view import build_view

__all__ = ["FORMATS", "briefing_schema", "build_view", "render", "render_html", "render_json", "render_markdown"]
