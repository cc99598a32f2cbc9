"""The outside world into records: what a site has received, and the files users bring.

The pipeline runs one way: :mod:`crawler.discover` finds the URLs (robots.txt, sitemaps,
feeds, the REST API), :mod:`crawler.fetch` fetches them politely (robots rules per
origin in :mod:`crawler.robots`), :mod:`crawler.parse` turns a page into plain records
(a pure function of ``(html, page_url)``), :mod:`crawler.crawl` drives the loop and
hands the records to :mod:`backlint.store`. :mod:`crawler.verify` re-checks each ping's
source page; :mod:`crawler.importers` reads WordPress exports, backlink exports,
labelled comments and disavow files into the same records.
"""
