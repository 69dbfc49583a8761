"""The day's newsletter from the editors' decisions: featured first, then approved, grouped by
topic. Pure: rows (from Store.digest_rows: the published_stories view, as the published feed)
in, Markdown or HTML out.

Every value comes from a publisher's page, so the HTML is written by Jinja with autoescape on, the
Markdown escapes what Markdown would read as markup, and only http(s) links are written as links.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment

from pipeline.urls import is_web_url

SUMMARY_CHARS = 280
OTHER_TOPIC = "other"
# Characters that make markup anywhere in a line; a link needs "[", so "(" alone is harmless.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]<>|~])")
# What makes a heading, a list or a quote only at the start of a line.
_LINE_START = re.compile(r"^[#+-]")
_NUMBERED = re.compile(r"^(\d+)([.)])")


@dataclass
class DigestItem:
    title: str
    url: str | None
    source: str
    published: str | None
    summary: str
    featured: bool
    also_at: list[dict[str, str]]


@dataclass
class DigestSection:
    topic: str
    label: str
    items: list[DigestItem] = field(default_factory=list)


@dataclass
class Digest:
    day: str
    language: str | None
    featured: list[DigestItem]
    sections: list[DigestSection]

    @property
    def count(self) -> int:
        return len(self.featured) + sum(len(section.items) for section in self.sections)


def build_digest(rows: Iterable[dict[str, Any]], day: str, language: str | None,
                 topic_labels: dict[str, dict[str, str]]) -> Digest:
    """Featured articles first (whatever their topic), then the approved ones by topic, topics in
    the taxonomy's order, articles newest first within a topic."""
    featured: list[DigestItem] = []
    by_topic: dict[str, list[DigestItem]] = {}
    for row in rows:
        item = DigestItem(
            title=(row["title"] or "").strip() or "(untitled)",
            url=row["url"] if is_web_url(row["url"]) else None,
            source=row["source"] or "",
            published=(row["published"] or "")[:10] or None,
            summary=_summary(row.get("summary") or row.get("text") or ""),
            featured=row["status"] == "featured",
            also_at=[copy for copy in row.get("copies") or [] if is_web_url(copy.get("url"))],
        )
        if item.featured:
            featured.append(item)
        else:
            by_topic.setdefault(row.get("topic") or OTHER_TOPIC, []).append(item)
    order = [*topic_labels, OTHER_TOPIC]
    sections = [DigestSection(topic, _label(topic, topic_labels, language), by_topic[topic])
                for topic in sorted(by_topic, key=lambda t: order.index(t) if t in order
                                    else len(order))]
    return Digest(day, language, featured, sections)


def render_markdown(digest: Digest) -> str:
    heading = f"# probono-feed digest, {digest.day}"
    lines = [heading + (f" ({digest.language})" if digest.language else ""), ""]
    if not digest.count:
        lines += ["No article was approved or featured on this day.", ""]
    if digest.featured:
        lines += ["## Featured", ""] + [line for item in digest.featured
                                        for line in _markdown_item(item)]
    for section in digest.sections:
        lines += [f"## {_md(section.label)}", ""] + [line for item in section.items
                                                    for line in _markdown_item(item)]
    return "\n".join(lines).rstrip() + "\n"


def render_html(digest: Digest) -> str:
    return _TEMPLATE.render(digest=digest)


def _markdown_item(item: DigestItem) -> list[str]:
    title = f"[{_md(item.title)}](<{item.url}>)" if item.url else _md(item.title)
    source = f"*{_md(item.source)}*" + (f", {item.published}" if item.published else "")
    lines = [f"### {title}", "", source, ""]
    if item.summary:
        lines += [_md(item.summary), ""]
    if item.also_at:
        lines += ["Also at: " + ", ".join(f"[{_md(copy['source'])}](<{copy['url']}>)"
                                          for copy in item.also_at), ""]
    return lines


def _md(text: str) -> str:
    """Plain text safe in Markdown: markup characters escaped, line breaks flattened."""
    escaped = _MARKDOWN_SPECIALS.sub(r"\\\1", " ".join(text.split()))
    escaped = _LINE_START.sub(lambda match: "\\" + match.group(0), escaped)
    return _NUMBERED.sub(r"\1\\\2", escaped)


def _summary(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= SUMMARY_CHARS:
        return text
    return text[:SUMMARY_CHARS].rsplit(" ", 1)[0] + "…"


def _label(topic: str, labels: dict[str, dict[str, str]], language: str | None) -> str:
    if topic == OTHER_TOPIC:
        return "Other news"
    names = labels.get(topic, {})
    return names.get(language or "en") or names.get("en") or topic



_TEMPLATE = Environment(autoescape=True).from_string("""<!DOCTYPE html>
<html lang="{{ digest.language or 'en' }}">
<head><meta charset="utf-8"><title>probono-feed digest, {{ digest.day }}</title>
<style>body{font-family:sans-serif;max-width:42em;margin:2em auto;line-height:1.45}
.source{color:#555}.also{font-size:90%}
.featured{border-left:4px solid #c60;padding-left:.8em}</style>
</head>
<body>
<h1>probono-feed digest, {{ digest.day }}
{%- if digest.language %} ({{ digest.language }}){% endif %}</h1>
{% if not digest.count %}<p>No article was approved or featured on this day.</p>{% endif %}
{% macro item(article) %}
<article{% if article.featured %} class="featured"{% endif %}>
  <h3>{% if article.url %}<a href="{{ article.url }}">{{ article.title }}</a>
  {%- else %}{{ article.title }}{% endif %}</h3>
  <p class="source">{{ article.source }}
  {%- if article.published %}, {{ article.published }}{% endif %}</p>
  {% if article.summary %}<p>{{ article.summary }}</p>{% endif %}
  {% if article.also_at %}<p class="also">Also at: {% for copy in article.also_at %}
  {%- if not loop.first %}, {% endif %}<a href="{{ copy.url }}">{{ copy.source }}</a>
  {%- endfor %}</p>{% endif %}
</article>
{% endmacro %}
{% if digest.featured %}<h2>Featured</h2>
{%- for article in digest.featured %}{{ item(article) }}{% endfor %}{% endif %}
{% for section in digest.sections %}<h2>{{ section.label }}</h2>
{%- for article in section.items %}{{ item(article) }}{% endfor %}{% endfor %}
</body>
</html>
""")
