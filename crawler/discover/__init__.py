"""Finding what to fetch: sitemaps, feeds and the WordPress REST API (pure readers of their bytes)."""
