"""The SQLite database, the only part of the project that knows SQL; one module per concern:

- migrations.py: the schema, migrated on opening; views.py: the rules readers share, as views
- connection.py: opening (WAL mode, busy timeout), transactions, `with`, online backup
- columns.py: which Article field goes to which column; articles.py: upserts; clusters.py: copies
- lsh_bands.py: the near-copy LSH index, written with each article row, read per new article
- cjk_index.py: Chinese, Japanese and Korean words as bigrams, written with each article row
- seen.py: the URLs a crawl skips; editorial.py: decisions and the digest's rows
- decisions.py: the review page's decisions (conflicts, bulk); corrections.py: editors' fixes
- crawl_records.py: sources, runs, feed state, ways in, back-off, source health
- robots_files.py: the robots.txt files a crawl fetched, read again by the next while young

WAL mode lets Datasette read while a crawl writes. An article row is keyed on its stable id; a
re-crawl that finds the same values changes nothing, and the columns that belong to editors
(status) and the fields they corrected are never written by a crawl.

    with Store(path) as store:
        store.save_article(article)
"""

from __future__ import annotations

from pipeline.store.articles import ArticleRows
from pipeline.store.columns import CRAWLED_COLUMNS
from pipeline.store.connection import BUSY_TIMEOUT_MS, backup_database, open_database
from pipeline.store.crawl_records import CrawlRecords
from pipeline.store.editorial import Editorial
from pipeline.store.migrations import MIGRATIONS, PUBLISHED_STATUSES, STATUSES
from pipeline.store.robots_files import RobotsFiles
from pipeline.store.seen import NOT_ARTICLE_DAYS, SeenPages

__all__ = ["BUSY_TIMEOUT_MS", "CRAWLED_COLUMNS", "MIGRATIONS", "NOT_ARTICLE_DAYS",
           "PUBLISHED_STATUSES", "STATUSES", "Store", "backup_database", "open_database"]


class Store(ArticleRows, SeenPages, Editorial, CrawlRecords, RobotsFiles):
    """The operations the crawl and the CLI need, over one database connection."""
