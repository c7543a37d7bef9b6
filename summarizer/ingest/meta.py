"""A saved page's own metadata: JSON-LD, microdata and OpenGraph (read by extruct), meta tags, canonical link.

Only what the page states is taken, never a date guessed from its text or its address. Each field
comes from the first source that has a usable value:

- title: JSON-LD `headline`, microdata `headline`, `og:title` (the page's `<h1>` and `<title>`
  are html.py's, which keeps the headline in the text);
- published: JSON-LD `datePublished`, microdata `datePublished`, `article:published_time`, then
  the meta names in PUBLISHED_META;
- outlet: `og:site_name`, JSON-LD or microdata `publisher.name`;
- url: `<link rel="canonical">`, `og:url`, JSON-LD `url` or `mainEntityOfPage`;
- language: JSON-LD `inLanguage` (not `<html lang>`: a site's template sets it for every page).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from .fields import Meta, clean_url, language_code, parse_published

ARTICLE_TYPES = frozenset({"newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle",
                           "opinionnewsarticle", "backgroundnewsarticle", "blogposting", "liveblogposting",
                           "report", "webpage", "scholarlyarticle"})
PUBLISHED_META = ("article:published_time", "og:published_time", "pubdate", "publishdate", "publish-date",
                  "date", "dc.date", "dc.date.issued", "dcterms.created", "dcterms.issued",
                  "parsely-pub-date", "sailthru.date", "citation_publication_date")


def page_meta(html: str, tree: Any) -> Meta:
    """The page's metadata; `tree` is its selectolax parse (for meta and link tags)."""
    data = _structured(html)
    objects = [o for o in _objects(data.get("json-ld", [])) if _is_article(o)]
    objects += [o for o in _microdata(data.get("microdata", [])) if _is_article(o)]
    og = _opengraph(data.get("opengraph", []))
    meta = Meta()
    meta.title = _first(*(_text(o.get("headline")) for o in objects), og.get("og:title"))
    meta.outlet = _first(og.get("og:site_name"), *(_name(o.get("publisher")) for o in objects))
    canonical = tree.css_first('link[rel="canonical"]')
    meta.url = _first(
        clean_url(canonical.attributes.get("href")) if canonical is not None else None,
        clean_url(og.get("og:url")),
        *(clean_url(o.get("url")) or clean_url(o.get("mainEntityOfPage")) for o in objects),
    )
    stamps = [o.get("datePublished") for o in objects] + [og.get("article:published_time")]
    stamps += [_meta_content(tree, name) for name in PUBLISHED_META]
    for stamp in stamps:
        stamp = _text(stamp)
        if not stamp:
            continue
        try:
            meta.published = parse_published(stamp)
            break
        except ValueError:
            meta.notes.append(f"the page's publication date {stamp[:40]!r} could not be read")
    languages = [language_code(x) for o in objects if (x := _text(o.get("inLanguage")))]
    meta.language = next((x for x in languages if x), None)
    return meta


def _structured(html: str) -> dict[str, Any]:
    import extruct

    logging.getLogger("extruct").setLevel(logging.CRITICAL)  # a broken JSON-LD block is no article's fault
    try:
        return extruct.extract(html, syntaxes=["json-ld", "microdata", "opengraph"], uniform=True, errors="log")
    except Exception:  # noqa: BLE001 - lxml refusing a page leaves the meta tags, read below
        return {}


def _objects(items: Any) -> Iterator[dict[str, Any]]:
    """JSON-LD objects, @graph and nested lists flattened."""
    if isinstance(items, list):
        for item in items:
            yield from _objects(item)
    elif isinstance(items, dict):
        yield items
        yield from _objects(items.get("@graph", []))


def _microdata(items: Any) -> Iterator[dict[str, Any]]:
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            yield item


def _is_article(obj: dict[str, Any]) -> bool:
    kinds = obj.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(k, str) and k.rsplit("/", 1)[-1].lower() in ARTICLE_TYPES for k in kinds)


def _opengraph(items: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items if isinstance(items, list) else []:
        for key, value in (item.items() if isinstance(item, dict) else ()):
            text = _text(value)
            if isinstance(key, str) and not key.startswith("@") and text:
                out.setdefault(key, text)
    return out


def _meta_content(tree: Any, name: str) -> str | None:
    for attr in ("property", "name", "itemprop"):
        node = tree.css_first(f'meta[{attr}="{name}"]')
        if node is not None and (node.attributes.get("content") or "").strip():
            return str(node.attributes["content"])
    return None


def _text(value: Any) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, str):
        return " ".join(value.split()) or None
    return None


def _name(value: Any) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _text(value)


def _first(*values: str | None) -> str | None:
    return next((v for v in values if v), None)
