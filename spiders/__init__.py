"""Scrapy spiders: one generic spider per kind of source, configured from feeds.yaml."""
