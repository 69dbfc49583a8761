"""The rules more than one reader of the database needs, each written once, as a SQL view: the
canned queries of data/metadata.yaml, the digest (Store.digest_rows) and `probono sources`
(Store.source_health_rows) select from these rather than repeating the conditions.

SQLite folds a simple view into the query that uses it, so a view costs what its conditions
written inline would (benchmarks/publishing_benchmark.py). Datasette shows them to editors only
(data/metadata.yaml): `stories` and `published_stories` carry the articles' whole bodies, which
readers get through the canned queries only. A read of articles.status_by through a view is
hidden as through the table (pipeline/publishing/public.py: the authorizer sees the table).

The views are made by a migration (0019_views), with the published statuses of that moment: a
change of one of these rules is a new migration calling create_views again, and so is a migration
that rebuilds a table they read (sqlite-utils' transform), after dropping them.
"""

from __future__ import annotations

from sqlite_utils import Database

# A story's "also at", as two columns of the views below: its copies' URLs (a JSON array), and
# the same as links with their sources' names (a JSON array of {"source", "url"}); empty arrays
# for an article without copies. Columns rather than a view to join: a query that reads them
# pays for them, one that does not pays nothing, and no query pays a join.
ALSO_AT_COLUMNS = (
    "(select json_group_array(c.url) from copies c where c.story_id = a.id) as also_at,"
    " (select json_group_array(json_object('source', coalesce(s.name, c.source_id), 'url', c.url))"
    "  from copies c left join sources s on s.id = c.source_id where c.story_id = a.id)"
    " as also_at_links")

# What makes an article a story (the `stories` view): not folded into another as a copy, not kept
# aside. Named so that a query reading an index instead of the view (reader_queries.py) keeps it.
STORY = "a.duplicate_of is null and a.kept_aside = 0"

# The published stories in the feeds' order (newest decision first), and nothing else: a
# partial index of the few published rows, which published_stories is read through.
PUBLISHED_ORDER = "idx_articles_published_order"


def view_sql(published_statuses: tuple[str, ...]) -> dict[str, str]:
    """Each view's name and its select, in an order where a view comes after those it reads."""
    published = ", ".join(f"'{status}'" for status in published_statuses)
    return {
        # Every article folded into another, with the story it is a copy of.
        "copies": (
            "select duplicate_of as story_id, id, url, source_id, status from articles"
            " where duplicate_of is not null and duplicate_of != id"),
        # A story: an article not folded into another as a copy, and not kept aside (a general
        # medium's article that is not about pro bono). What readers search, browse and count.
        # Its rowid is the articles' one, which the full-text index is joined on.
        "stories": (
            f"select a.rowid as rowid, a.*, {ALSO_AT_COLUMNS} from articles a where {STORY}"),
        # Published: approved or featured by an editor. A copy whose original is published too
        # is not published again: it appears as the original's "also at".
        # Read through its own index, newest decision first: a feed's 100 entries are the
        # index's first 100 rows at any archive size (without it SQLite reads the status index
        # and sorts every published story: 70-90 ms at 1M articles, against 0.1 ms).
        "published_stories": (
            f"select a.*, {ALSO_AT_COLUMNS} from articles a indexed by {PUBLISHED_ORDER}"
            f" where a.status in ({published})"
            " and not exists (select 1 from articles o where o.id = a.duplicate_of"
            f" and o.status in ({published}))"),
        # A source's state: archive or disabled (on purpose), never-crawled, failing (errors in its
        # last run) or ok. A run that skipped the source (not due, backed off: no response, no
        # error) says nothing of it, so "last run" is the last that answered or failed. The last
        # run's errors are summed over the spiders (feeds, pages) that read the source in it.
        "source_state": (
            "select id as source_id,"
            " case when kind = 'archive' then 'archive' when not enabled then 'disabled'"
            "  when last_run is null then 'never-crawled' when last_run_errors > 0 then 'failing'"
            "  else 'ok' end as state,"
            " last_run, last_run_errors, last_run_error"
            " from (select s.id, s.kind, s.enabled, r.run_id as last_run,"
            "  sum(r.errors) as last_run_errors, max(r.last_error) as last_run_error"
            "  from sources s left join crawl_run_sources r on r.source_id = s.id"
            "   and r.run_id = (select max(x.run_id) from crawl_run_sources x"
            "    where x.source_id = s.id and (x.errors > 0 or x.responses > 0))"
            "  group by s.id)"),
    }


def create_views(db: Database, published_statuses: tuple[str, ...]) -> None:
    """(Re)create every view: dropped first, in reverse order, so that this can run again; and
    the published stories' index, which holds the published statuses of this moment too."""
    views = view_sql(published_statuses)
    for name in reversed(views):
        db.execute(f"drop view if exists {name}")
    published = ", ".join(f"'{status}'" for status in published_statuses)
    # Dropped and made again: a table rebuilt by a migration may have brought it back whole.
    db.execute(f"drop index if exists {PUBLISHED_ORDER}")
    db.execute(f"create index {PUBLISHED_ORDER} on articles (status_at desc, id)"
               f" where status in ({published})")
    for name, select in views.items():
        db.execute(f"create view {name} as {select}")
