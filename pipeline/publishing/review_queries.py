"""The review page's SQL: the queue narrowed by the filters of its URL, its counts, its panels.

The queue's rule (status new, not archived, not decided under another of its copies) is
QUEUE_CONDITIONS of pipeline/store/decisions.py (the backlog's too), and "changed since
approved" its CHANGED_SINCE_DECIDED; here they are narrowed by
language, source, topic and age, counted with GROUP BY among the newest COUNTED stories (a queue
longer than that says "5,000+": its counts cost what 5,000 cost, whatever the backlog) and read
a page at a time.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from pipeline.store.decisions import CHANGED_SINCE_DECIDED, QUEUE_CONDITIONS

AGES = ("today", "week", "older")  # disjoint: today, the 6 days before, before that
AGE_LABELS = {"today": "today", "week": "earlier this week", "older": "older than a week"}
VIEWS = ("queue", "changed")
PAGE_SIZE = 50  # cards per page: a morning's worth, and a page that stays light
MAX_PAGE = 1000
RECENT_DECISIONS = 5  # per source, on its cards
RECENT_WINDOW = 2000  # the latest decisions they are found among: a bounded read
# The stories counted, newest first: at 1,000,000 waiting, counting them all took over Datasette's
# 2 s limit; past this many, the page counts the newest and says "5,000+".
COUNTED = 5_000

# A story's moment: when it was published, else when it was fetched (as the backlog's "before").
MOMENT = "coalesce(a.published, a.fetched)"
# Unary + on a column keeps SQLite from reading the table through that column's index: the
# queue's own index (status new, not archived) is the selective one, whatever the filters; read
# by language or source instead, a facet scanned every article (200 ms at 100k).
FILTERS: dict[str, str | dict[str, str]] = {
    "language": "+a.language = :language",
    "source": "+a.source_id = :source",
    "topic": "exists (select 1 from article_tags t where t.article_id = a.id and t.tag = :topic)",
    "age": {"today": f"{MOMENT} >= :today",
            "week": f"{MOMENT} >= :week and {MOMENT} < :today",
            "older": f"{MOMENT} < :week"},
}
CARD_COLUMNS = """a.id, a.title, a.url, a.source_id, coalesce(s.name, a.source_id) as source,
  a.language, round(a.language_probability, 2) as language_probability,
  substr(a.published, 1, 10) as published, a.fetched, a.tags, a.summary, a.text,
  a.also_at_links as also_at, a.status, a.status_at, a.changed,
  a.fetched >= coalesce((select max(started) from crawl_runs
                         where finished is not null and new > 0), '') as from_latest_crawl"""


@dataclass(frozen=True)
class Selection:
    """What the URL asks for: the view, its filters (empty: any) and the page."""
    view: str = "queue"
    language: str = ""
    source: str = ""
    topic: str = ""
    age: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args) -> Selection:
        def text(name: str) -> str:
            return (args.get(name) or "").strip()[:100]
        page = text("page")
        return cls(view=text("view") if text("view") in VIEWS else "queue",
                   language=text("language"), source=text("source"), topic=text("topic"),
                   age=text("age") if text("age") in AGES else "",
                   page=min(int(page), MAX_PAGE) if page.isdigit() and int(page) > 0 else 1)

    def filters(self) -> dict[str, str]:
        """The filters set, by name, in the URL's order."""
        return {name: value for name in ("language", "source", "topic", "age")
                if (value := getattr(self, name))}

    def query_string(self, **changes: Any) -> str:
        """This selection's URL query with some parts changed (None or "" removes one)."""
        parts: dict[str, Any] = {"view": self.view if self.view != "queue" else "",
                                 **self.filters(), "page": self.page if self.page > 1 else ""}
        parts.update(changes)
        kept = {name: value for name, value in parts.items() if value not in (None, "")}
        return ("?" + urlencode(kept)) if kept else ""


# The filters counted in one pass (breakdown_sql): each facet and the total are sums of its rows.
BREAKDOWN = ("language", "source", "age")


def stories(selection: Selection) -> str:
    """The view a selection reads: the stories (the queue), or the published ones (read through
    their own index; through `stories` the "changed" view scanned every article: 86 ms at 100k)."""
    return "stories" if selection.view == "queue" else "published_stories"


def where(selection: Selection, without: tuple[str, ...] = ()) -> str:
    """The selection's condition on `a` (a story), leaving out the filters named in `without`
    (how a filter's own counts are made: each value's count with the other filters applied)."""
    parts = [QUEUE_CONDITIONS if selection.view == "queue" else CHANGED_SINCE_DECIDED]
    for name, value in selection.filters().items():
        if name not in without:
            rule = FILTERS[name]
            parts.append(rule[value] if isinstance(rule, dict) else rule)
    return " and ".join(f"({part.strip()})" for part in parts)


def parameters(selection: Selection, now: datetime | None = None) -> dict[str, Any]:
    """The named parameters of the selection's SQL; ages count from the start of the UTC day."""
    day = (now or datetime.now(UTC)).astimezone(UTC).date()
    return {"language": selection.language, "source": selection.source,
            "topic": selection.topic, "today": day.isoformat(),
            "week": (day - timedelta(days=6)).isoformat()}


def breakdown_sql(selection: Selection) -> str:
    """The view's newest COUNTED stories (the topic filter applied) counted by language, source and
    age in one pass: the other filters are applied when summing (counts())."""
    return (f"select +a.language as language, +a.source_id as source,"
            f" coalesce(s.name, a.source_id) as source_name,"
            f" case when {MOMENT} >= :today then 'today' when {MOMENT} >= :week then 'week'"
            f" else 'older' end as age, count(*) as n"
            f" from ({_counted(selection, without=BREAKDOWN)}) a"
            f" left join sources s on s.id = a.source_id group by 1, 2, 4")


def _counted(selection: Selection, without: tuple[str, ...]) -> str:
    """The newest COUNTED stories of the selection (less the filters named in `without`), in the
    order of the cards, with what the counts read: an ordered read of the queue's index that
    stops there."""
    return (f"select a.id, a.language, a.source_id, a.published, a.fetched"
            f" from {stories(selection)} a where {where(selection, without=without)}"
            f" order by {_order(selection)} limit {COUNTED}")


def _order(selection: Selection) -> str:
    """Newest fetched first, then newest published; ties in the order of the queue's index
    (idx_articles_queue), which then needs no sort: by id alone, the stories of one crawl (one
    fetched moment, as in the benchmarks' archive) were sorted whole, 93 ms at 1M."""
    return ("a.fetched desc, a.published desc, a.language desc, a.source_id desc, a.id desc"
            if selection.view == "queue" else "a.changed desc, a.id")


def is_capped(rows: list[dict[str, Any]]) -> bool:
    """Whether breakdown_sql's rows reached COUNTED: the counts are then those of the newest
    COUNTED stories, and the queue holds more."""
    return sum(row["n"] for row in rows) >= COUNTED


def counts(selection: Selection, rows: list[dict[str, Any]]
           ) -> tuple[int, dict[str, list[dict[str, Any]]]]:
    """The selection's total, and each of language, source and age with its values' counts under
    the other filters, from breakdown_sql's rows; most stories first, ages in their order."""
    def kept(row: dict[str, Any], without: str) -> bool:
        return all(not getattr(selection, name) or row[name] == getattr(selection, name)
                   for name in BREAKDOWN if name != without)

    total = sum(row["n"] for row in rows if kept(row, ""))
    facets: dict[str, list[dict[str, Any]]] = {}
    for name in BREAKDOWN:
        sums: dict[str, int] = defaultdict(int)
        labels: dict[str, str] = {}
        for row in rows:
            if row[name] is not None and kept(row, name):
                sums[row[name]] += row["n"]
                labels[row[name]] = row["source_name"] if name == "source" else row[name]
        facets[name] = sorted(({"value": value, "label": labels[value], "n": n}
                               for value, n in sums.items()),
                              key=lambda f: (-f["n"], str(f["label"])))
    facets["age"] = [{**f, "label": AGE_LABELS[f["value"]]}
                     for age in AGES for f in facets["age"] if f["value"] == age]
    return total, facets


def cards_sql(selection: Selection) -> str:
    """The page's cards, and one more when a next page holds any (the page shows PAGE_SIZE)."""
    offset = (selection.page - 1) * PAGE_SIZE
    return (f"select {CARD_COLUMNS} from {stories(selection)} a"
            f" left join sources s on s.id = a.source_id where {where(selection)}"
            f" order by {_order(selection)} limit {PAGE_SIZE + 1} offset {offset}")


def topics_sql(selection: Selection) -> str:
    """Each topic with its number of stories (the other filters applied), among the newest
    COUNTED."""
    # CROSS JOIN: the queue first, each story's tags by its key (not every tag's rows).
    return (f"select +t.tag as value, t.tag as label, count(*) as n"
            f" from ({_counted(selection, without=('topic',))}) a"
            f" cross join article_tags t on t.article_id = a.id and t.kind = 'topic'"
            f" group by 1 order by n desc, value")


def evidence_sql(count: int) -> str:
    """Why the page's stories carry their tags: kind, score and the words that gave each."""
    marks = ", ".join("?" * count)
    return ("select article_id, tag, kind, round(score, 2) as score, evidence from article_tags"
            f" where article_id in ({marks}) order by article_id, score desc, tag")


def copies_sql(count: int) -> str:
    """The page's stories' copies, to read side by side with their original."""
    marks = ", ".join("?" * count)
    return ("select c.duplicate_of as story_id, c.id, c.url, c.title, c.summary,"
            " substr(c.text, 1, 1200) as text, substr(c.published, 1, 10) as published,"
            " coalesce(s.name, c.source_id) as source from articles c"
            " left join sources s on s.id = c.source_id"
            f" where c.duplicate_of in ({marks}) and c.id != c.duplicate_of"
            " order by c.duplicate_of, c.published")


def source_decisions_sql(count: int) -> str:
    """The page's sources' latest decisions (RECENT_DECISIONS each, among the RECENT_WINDOW
    latest of all), newest first. Read from the audit's end: through the sources' articles it
    took 235 ms at 100k articles."""
    marks = ", ".join("?" * count)
    return ("select source_id, decided, editor, status, title from ("
            " select a.source_id, d.decided, d.editor, d.status, a.title, row_number() over"
            "  (partition by a.source_id order by d.id desc) as n"
            f" from (select * from editorial_decisions order by id desc limit {RECENT_WINDOW}) d"
            " cross join articles a on a.id = d.article_id"
            f" where +a.source_id in ({marks}))"
            f" where n <= {RECENT_DECISIONS} order by source_id, decided desc")


def last_decisions_sql(count: int) -> str:
    """Each of the page's stories' latest decision (who, when), from the audit: articles'
    status_by is never read (pipeline/publishing/public.py)."""
    marks = ", ".join("?" * count)
    return ("select article_id, editor, decided, status from editorial_decisions"
            " where id in (select max(id) from editorial_decisions"
            f" where article_id in ({marks}) group by article_id)")
