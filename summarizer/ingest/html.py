"""Article text and metadata from an HTML page, page chrome dropped."""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from .meta import page_meta


class Page(NamedTuple):
    """Text and metadata pulled from an HTML page."""

    text: str
    title: str | None
    outlet: str | None
    published: dt.date | None
    url: str | None = None
    language: str | None = None
    notes: tuple[str, ...] = ()


_DROP_TAGS = ["script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside",
              "form", "figcaption", "iframe", "button", "select", "head"]
_BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol blockquote section article main table tr pre dd dt dl "
    "figure address hr".split()
)
_BOILER_CLASS = re.compile(
    r"(?:^|[-_\s])(?:related|share|sharing|social|comments?|breadcrumbs?|advert|ads|promo|"
    r"newsletter|subscribe|sidebar|cookie|menu|tags)(?:$|[-_\s])", re.I
)


def extract_html(html: str) -> Page:
    """Article text from an HTML page: paragraphs as blank-line separated blocks, chrome dropped."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    meta = page_meta(html, tree)
    outlet = meta.outlet
    h1 = tree.css_first("h1")
    title_node = tree.css_first("title")
    title = _squash(h1.text()) if h1 else None
    title = title or meta.title or (_squash(title_node.text()) if title_node else None)
    if title and outlet and not h1:
        title = re.sub(rf"\s*[-|–—:]\s*{re.escape(outlet)}\s*$", "", title)  # "Headline | Site"
    tree.strip_tags(_DROP_TAGS)
    hidden = _drop_hidden(tree)
    for node in tree.css("[class], [id]"):
        label = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if _BOILER_CLASS.search(label) and node.tag not in {"body", "html", "article", "main"}:
            node.decompose()
    roots = tree.css("article") or tree.css("main") or ([tree.body] if tree.body else [])
    parts: list[str] = []
    if roots:
        _walk(max(roots, key=lambda n: len(n.text() or "")), parts)
    blocks = []
    for block in re.split(r"\n\s*\n", "".join(parts)):
        lines = [re.sub(r"\s+", " ", line).strip() for line in block.split("\n")]
        if any(lines):
            blocks.append("\n".join(line for line in lines if line))
    if title and blocks and _squash(blocks[0]) != title:
        blocks.insert(0, title)  # the headline carries facts; keep it once at the top
    notes = [*meta.notes]
    if hidden:
        shown = "; ".join(f"'{h[:100]}'" for h in hidden[:3])
        notes.append(f"text the page hides from its readers was left out ({len(hidden)} element(s)): {shown}")
    return Page("\n\n".join(blocks), title or None, outlet, meta.published, meta.url, meta.language, tuple(notes))


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?![.\d])", re.I)


def _drop_hidden(tree: object) -> list[str]:
    """Remove what the page hides from its readers (the `hidden` attribute, display:none,
    visibility:hidden, zero-size text): not the article a reader sees, and a place to plant
    instructions for a model. Returns the text removed, so the briefing can say so."""
    removed = []
    for node in tree.css("[hidden], [style]"):  # type: ignore[attr-defined]
        style = node.attributes.get("style") or ""
        if "hidden" in node.attributes or _HIDDEN_STYLE.search(style):
            text = _squash(node.text())
            if text:
                removed.append(text)
            node.decompose()
    return removed


def _walk(root: object, out: list[str]) -> None:
    """The text of a node, blocks set apart by blank lines; a loop, so any depth of nesting reads."""
    _CLOSE = object()
    stack: list[object] = [iter(list(root.iter(include_text=True)))]  # type: ignore[attr-defined]
    while stack:
        top = stack[-1]
        child = next(top, None)  # type: ignore[call-overload]
        if child is None:
            stack.pop()
            continue
        if child is _CLOSE:
            out.append("\n\n")
            continue
        tag = child.tag
        if tag == "-text":
            out.append(re.sub(r"\s+", " ", child.text(deep=False) or ""))
        elif tag == "br":
            out.append("\n")
        elif tag.startswith("-"):
            continue
        elif tag in _BLOCK_TAGS:
            out.append("\n\n")
            stack.append(iter([*child.iter(include_text=True), _CLOSE]))
        else:
            stack.append(iter(list(child.iter(include_text=True))))


def _squash(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def iso_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
