"""Exit codes of `probono crawl` (documented in the README), and of a bare `scrapy crawl` that
finds the crawl lock taken. Here, not in the command, because the crawl bookkeeping extension
(pipeline/crawl_bookkeeping.py) exits with them too, and library modules never import a command."""

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_CONFIG = 2
EXIT_LOCKED = 3
EXIT_NOTHING_FETCHED = 4
EXIT_DATABASE = 5  # the database is unusable: corrupt, read-only, disk full
