"""The commands: the `probono` command line and the crawl runner, above the spiders and the
pipeline."""
