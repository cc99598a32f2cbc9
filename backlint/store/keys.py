"""What identifies a stored row, and how times and hashed personal data are written.

Writes are upserts on natural keys, so re-running or resuming a crawl never
duplicates a row:

- an item is identified by ``item_key``: ``id:<site id>`` when the site shows its
  own id (WordPress ``comment-N``), else a hash of post, type, author and text. The
  same comment in two audits has the same ``item_key``.
- a link by (item, URL, author-or-text, anchor).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone

from backlint.records import Item


def now_iso() -> str:
    """The current UTC time as ISO 8601 with seconds."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def item_key(item: Item) -> str:
    """Return the identity of an item, stable across audits and sources.

    Example:
        >>> item_key(Item(type="comment", post_url="https://b.example/p/", site_item_id="12"))
        'id:12'
    """
    if item.site_item_id:
        return f"id:{item.site_item_id}"
    raw = "\x1f".join((item.post_url, item.type, item.author_name, item.author_url or "",
                       " ".join(item.text.split())))
    return "h:" + hashlib.sha1(raw.encode("utf-8", "replace")).hexdigest()


def hashed_tag(hex_digest: str | None) -> str | None:
    """How a hashed e-mail or IP is stored: ``sha256:<hex>`` (``None`` stays ``None``)."""
    return f"sha256:{hex_digest}" if hex_digest else None


__all__ = ["hashed_tag", "item_key", "now_iso"]
