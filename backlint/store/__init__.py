"""The SQLite store: sites, audits, pages, items, links, referring domains, the fetch log, grades.

One file (``--db``, default ``backlint.db``) in WAL mode, so the dashboard can read
while a crawl writes. This package owns the schema, the migrations, the writer and
every statement that writes to the store's tables; other modules read, and write only
through it (``tests/test_store_owns_writes.py`` holds them to it):

- :mod:`backlint.store.schema`: the tables and indexes, :data:`SCHEMA_VERSION` and the
  :data:`MIGRATIONS` that bring an older file up to date;
- :mod:`backlint.store.keys`: what identifies a row (writes are upserts on natural
  keys, so re-running or resuming a crawl never duplicates one): :func:`item_key`,
  and how times and hashed personal data are written;
- :mod:`backlint.store.store`: :class:`Store`, a connection with the queries of sites,
  audits, crawls, imports and the user's decisions;
- :mod:`backlint.store.writer`: :class:`Writer`, the crawl's one writer thread, which
  batches every write of a crawl into transactions;
- :mod:`backlint.store.grades`: writing grades, and the ping checks, models and link
  summaries kept beside them.

Example:
    >>> from backlint.records import Item
    >>> store = Store(":memory:")
    >>> site_id = store.ensure_site("https://blog.example/")
    >>> audit_id = store.start_audit(site_id, "https://blog.example/", {})
    >>> store.save_items(audit_id, "https://blog.example/post/",
    ...                  [Item(type="comment", post_url="https://blog.example/post/",
    ...                        site_item_id="7", author_name="Ann")])
    1
    >>> [i["site_item_id"] for i in store.list_items(audit_id)]
    ['7']
    >>> store.close()
"""

from __future__ import annotations

from backlint.store.keys import hashed_tag, item_key, now_iso
from backlint.store.schema import MIGRATIONS, SCHEMA_VERSION
from backlint.store.store import Store
from backlint.store.writer import Writer

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "Store", "Writer", "hashed_tag", "item_key", "now_iso"]
