"""A network of member sites with the traps real networks have, generated into a folder and served
by the demo network's server (pipeline/demo_network) on 127.0.0.1, with the expected answer as data.

The traps: two sources on one origin (robots.txt must be fetched once for both), robots.txt that
disallows pages a feed and a sitemap still name, the same page under a plain path and a mirror
path, a sitemap that lists the homepage and a tag page, a feed item pointing at the site root, and
a medium whose teaser feed names a member's story with tracking parameters. Every story is written
from a seed, so the text differs from one story to the next, and `expected()` says what must be
stored.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

MEMBER, MEDIA = "trap-member", "trap-media"
SUBJECTS = ["accountants", "designers", "lawyers", "engineers", "translators", "data analysts",
            "marketing teams", "retired managers", "HR specialists", "photographers"]
GROUPS = ["a food bank", "a shelter for young people", "a rural library", "a tenants' association",
          "a literacy charity", "a community theatre", "an environmental group", "a hospice"]
WORK = ["rebuilt its accounts", "rewrote its website", "drafted its bylaws",
        "mapped its volunteers", "trained its board", "planned its first fundraising campaign",
        "moved its files online"]
CLOSINGS = ["The organisation plans to keep the new tools.", "A second round is planned in spring.",
            "Other members of the network asked for the same help.",
            "The volunteers met the team again six months later."]


@dataclass(frozen=True)
class Story:
    slug: str
    title: str
    author: str
    published: str  # ISO 8601
    paragraphs: tuple[str, ...]


def make_stories(seed: int, count: int = 3) -> list[Story]:
    """Stories of the member site, each with its own text, drawn from the seed."""
    rng = random.Random(seed)
    stories = []
    for n in range(count):
        subject, group, work = rng.choice(SUBJECTS), rng.choice(GROUPS), rng.choice(WORK)
        paragraphs = tuple(
            f"In week {week + 1}, {rng.randint(2, 12)} volunteer {subject} worked with {group} "
            f"that {work}. They met {rng.randint(2, 9)} times, wrote down what they learned and "
            f"shared it with the staff, who kept {rng.randint(3, 40)} pages of notes. "
            + rng.choice(CLOSINGS) for week in range(6))
        stories.append(Story(slug=f"story-{n + 1}-{seed}",
                             title=f"Volunteer {subject} help {group} ({n + 1})",
                             author=rng.choice(["Ana Lima", "Tom Berg", "Mei Chen"]),
                             published=f"2026-0{n + 1}-1{n}T09:00:00+00:00",
                             paragraphs=paragraphs))
    return stories


def article_page(story: Story, base: str, canonical: bool) -> str:
    """An article page as a CMS writes it (the mirrored story has no rel=canonical)."""
    link = f'<link rel="canonical" href="{base}/news/{story.slug}/">' if canonical else ""
    body = "".join(f"<p>{p}</p>" for p in story.paragraphs)
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<title>{story.title}</title>'
            f'{link}<meta property="og:type" content="article">'
            f'<meta property="article:published_time" content="{story.published}"></head><body>'
            f'<nav><a href="{base}/">Home</a> <a href="{base}/news/">News</a></nav><article>'
            f'<h1>{story.title}</h1>'
            f'<p class="byline">By <span class="author">{story.author}</span> '
            f'<time datetime="{story.published}">{story.published[:10]}</time></p>{body}</article>'
            f'<footer>© 2026 Trap Member</footer></body></html>')


def rss(items: list[tuple[str, str, str]]) -> str:
    """An RSS 2.0 feed of (title, link, teaser) items: teasers only, so pages are fetched."""
    entries = "".join(f"<item><title>{t}</title><link>{link}</link><description>{d}</description>"
                      f"<pubDate>Mon, 02 Mar 2026 09:00:00 +0000</pubDate></item>"
                      for t, link, d in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed</title>'
            f"<link>{{{{base}}}}/</link>{entries}</channel></rss>")


def write_network(folder: Path, seed: int = 7) -> list[Story]:
    """The sites' files under folder/<site>/, with {{base}} placeholders; returns the stories."""
    stories = make_stories(seed)
    member, media = folder / MEMBER, folder / MEDIA
    files: dict[Path, str] = {
        member / "robots.txt": ("User-agent: *\nDisallow: /private/\n"
                                "Sitemap: {{base}}/sitemap.xml\n"),
        member / "index.html": ("<html><body><h1>Trap Member</h1>"
                                "<a href='/news/'>News</a></body></html>"),
        member / "tag" / "volunteering" / "index.html": "<html><body><h1>Tag</h1></body></html>",
        media / "robots.txt": "User-agent: *\nDisallow:\n",
        media / "index.html": "<html><body><h1>Trap Media</h1></body></html>",
    }
    for n, story in enumerate(stories):
        files[member / "news" / story.slug / "index.html"] = article_page(story, "{{base}}", n != 0)
    # The first story under a mirror path too, byte for byte (neither page names a canonical).
    first = stories[0]
    files[member / "mirror" / "2024" / "news" / first.slug / "index.html"] = article_page(
        first, "{{base}}", canonical=False)
    files[member / "private" / "members-only" / "index.html"] = article_page(
        Story("members-only", "Members only", "X", "2026-01-01T00:00:00+00:00", ("secret",)),
        "{{base}}", True)
    files[member / "news" / "index.html"] = "<html><body>" + "".join(
        f'<article><h2><a href="{{{{base}}}}/news/{s.slug}/">{s.title}</a></h2></article>'
        for s in stories) + "</body></html>"
    teaser = "A short teaser."
    files[member / "feed.xml"] = rss(
        [(s.title, f"{{{{base}}}}/news/{s.slug}/", teaser) for s in stories]
        + [("Members only", "{{base}}/private/members-only/", teaser),
           ("Our homepage", "{{base}}/", teaser)])
    files[member / "sitemap.xml"] = (
        '<?xml version="1.0" encoding="utf-8"?><urlset xmlns="http://www.sitemaps.org/schemas/'
        'sitemap/0.9">' + "".join(f"<url><loc>{{{{base}}}}{path}</loc></url>" for path in (
            ["/", "/tag/volunteering/", "/private/members-only/",
             f"/mirror/2024/news/{first.slug}/"]
            + [f"/news/{s.slug}/" for s in stories])) + "</urlset>")
    files[media / "feed.xml"] = rss([(first.title, f"{{{{site:{MEMBER}}}}}/news/{first.slug}/"
                                      "?utm_source=trap-media&utm_medium=rss", teaser)])
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return stories


def feeds_yaml(bases: dict[str, str]) -> str:
    """The network's sources: the member through its feed and robots.txt, the same origin again as
    a second source through a listing page, and the medium."""
    member, media = bases[MEMBER], bases[MEDIA]
    common = "    country: FR\n    languages: [en]\n"
    return (
        "sources:\n"
        f"  - id: {MEMBER}\n    name: Trap Member\n    organisation: Trap Member\n{common}"
        f"    homepage: {member}/\n    feeds: [{member}/feed.xml]\n    sitemap_from_robots: true\n"
        f"  - id: {MEMBER}-news\n    name: Trap Member news\n"
        f"    organisation: Trap Member\n{common}"
        f"    homepage: {member}/\n    listings:\n      - url: {member}/news/\n"
        "        links: \"article h2 a\"\n"
        f"  - id: {MEDIA}\n    name: Trap Media\n    organisation: Trap Media\n{common}"
        f"    homepage: {media}/\n    kind: media\n    feeds: [{media}/feed.xml]\n")


def expected(stories: list[Story], bases: dict[str, str]) -> dict[str, dict[str, str]]:
    """What must be stored: the member's stories under their plain URLs, keyed by URL."""
    return {f"{bases[MEMBER]}/news/{s.slug}/": {"title": s.title, "author": s.author,
                                                "source_id": MEMBER} for s in stories}
