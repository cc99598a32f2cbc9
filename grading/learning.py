"""Learn a site's comment model from the labels it already has, and store it with the site.

Labels come from a labelled CSV (``backlint import FILE --site URL``), a WordPress
export's statuses, and the dashboard; they live in the store's ``labels`` table with
the text, author and URL they were given for, so training needs nothing else.

Example:
    >>> learn_site("client.db", "https://blog.example/")["labels"]     # doctest: +SKIP
    412
"""

from __future__ import annotations

import json
from typing import Any

from backlint.errors import BacklintError
from crawler.store import Store, now_iso
from crawler.urls import normalize_url


def site_id_for(store: Store, site_url: str | None) -> tuple[int, str]:
    """The id and URL of the site named by ``site_url``, or of the newest audit's site."""
    if site_url:
        url = normalize_url(site_url)
        row = store.site_by_url(url) if url else None
        if row is None:
            known = ", ".join(r["url"] for r in store.conn.execute("SELECT url FROM sites")) or "none"
            raise BacklintError(f"no site {site_url} in {store.path} (sites: {known})")
        return int(row["id"]), row["url"]
    row = store.conn.execute("SELECT sites.id, sites.url FROM audits JOIN sites ON sites.id = site_id"
                             " ORDER BY audits.id DESC LIMIT 1").fetchone()
    if row is None:
        raise BacklintError(f"no sites in {store.path}: crawl or import one first")
    return int(row[0]), row[1]


def learn_site(db: str, site_url: str | None = None) -> dict[str, Any]:
    """Train the site's comment model from its labels and store it; return its record.

    Raises:
        BacklintError: no such site; ModelError: too few labels or only one class.
    """
    from grading.model import train_comment_model

    store = Store(db)
    try:
        site_id, url = site_id_for(store, site_url)
        rows = store.conn.execute(
            "SELECT author, author_url, text, label FROM labels WHERE site_id = ? ORDER BY item_key, source",
            (site_id,)).fetchall()
        model = train_comment_model([r["text"] for r in rows], [1 if r["label"] == "spam" else 0 for r in rows],
                                    authors=[r["author"] for r in rows],
                                    urls=[[r["author_url"]] if r["author_url"] else [] for r in rows])
        metrics = dict(model.metrics)
        cur = store.conn.execute("INSERT INTO models (site_id, created_at, labels, metrics, blob) VALUES (?, ?, ?, ?, ?)",
                                 (site_id, now_iso(), len(rows), json.dumps(metrics), model.to_bytes()))
        return {"model_id": cur.lastrowid, "site": url, "labels": len(rows),
                "spam": sum(1 for r in rows if r["label"] == "spam"), "metrics": metrics}
    finally:
        store.close()
