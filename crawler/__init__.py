"""Discover, fetch, parse and store what a site has received: comments, trackbacks, pingbacks.

The pipeline runs one way: :mod:`crawler.discover` finds URLs, :mod:`crawler.fetch`
fetches them politely, :mod:`crawler.parse` turns a page into plain records (a pure
function of ``(html, page_url)``), :mod:`crawler.store` writes them to SQLite, and
:mod:`crawler.crawl` drives the loop.
"""
