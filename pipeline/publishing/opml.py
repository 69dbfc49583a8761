"""OPML 2.0 subscription lists (http://opml.org/spec2.opml): the feeds a reader may import into a
feed reader at once. Pure: outlines in, bytes out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from pipeline.publishing.atom import NOT_XML
from pipeline.urls import is_web_url


@dataclass(frozen=True)
class Outline:
    """A feed (with xml_url), a page (html_url only) or a group of outlines (children)."""

    text: str
    xml_url: str | None = None
    html_url: str | None = None
    children: tuple[Outline, ...] = ()


def build_opml(title: str, outlines: Iterable[Outline]) -> bytes:
    """An OPML 2.0 document: a feed is an outline of type "rss" (the spec's word for any feed a
    reader subscribes to, Atom too) with xmlUrl; every outline has its text, as the spec wants.
    A URL that is not http(s) is left out, and so is a feed outline left without one."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = _clean(title)
    body = etree.SubElement(root, "body")
    for outline in outlines:
        _add(body, outline)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _add(parent: etree._Element, outline: Outline) -> None:
    if outline.xml_url is not None and not is_web_url(outline.xml_url):
        return
    element = etree.SubElement(parent, "outline", text=_clean(outline.text) or "?")
    if outline.xml_url:
        element.set("type", "rss")
        element.set("title", element.get("text", ""))
        element.set("xmlUrl", _clean(outline.xml_url))
    if is_web_url(outline.html_url):
        element.set("htmlUrl", _clean(outline.html_url or ""))
    for child in outline.children:
        _add(element, child)


def _clean(value: str) -> str:
    return NOT_XML.sub("", value).strip()
