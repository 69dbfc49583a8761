"""probono-feed: collect, clean, deduplicate and publish the pro bono world's news."""
