"""Learn a site's comment model from the labels it already has, and store it with the site.

Labels come from a labelled CSV (``backlint import FILE --site URL``), a WordPress
export's statuses, and the dashboard; they live in the store's ``labels`` table with
the text, author and URL they were given for, so training needs nothing else.

Example:
    >>> learn_site("client.db", "https://blog.example/")["labels"]     # doctest: +SKIP
    412
"""

from __future__ import annotations

from typing import Any

from backlint.errors import BacklintError
from backlint.store import Store
from backlint.store.grades import save_model
from backlint.urls import normalize_url
from grading.core import ItemFacts, LinkFacts


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


_ITEM_SQL = ("SELECT id, item_key, type, author_name, author_url, text, date, post_url, site_item_id FROM items"
             " WHERE audit_id = ? AND item_key = ?")
_LINKS_SQL = ("SELECT url, host, domain, anchor, rel, is_author_link, direction FROM links WHERE item_id = ?"
              " ORDER BY is_author_link DESC, id")


def labelled_items(store: Store, site_id: int, rows: list[Any]) -> list[ItemFacts]:
    """The labelled comments as grading sees them.

    A label's comment is read from the newest audit of the site that holds it (its
    type, post, date and every link with its ``rel``), so the rules the model learns
    from see what they see when grading; a label with no comment in the store (a row
    of a labelled file whose audit was deleted) is rebuilt from the label's own text,
    author and author URL.
    """
    from grading.model import items_from_inputs

    conn = store.conn
    audits = [r[0] for r in conn.execute("SELECT id FROM audits WHERE site_id = ? ORDER BY id DESC", (site_id,))]
    items = []
    for row in rows:
        found = None
        for audit_id in audits:
            found = conn.execute(_ITEM_SQL, (audit_id, row["item_key"])).fetchone()
            if found is not None:
                break
        if found is None:
            items.append(items_from_inputs([row["text"]], [row["author"]],
                                           [[row["author_url"]] if row["author_url"] else []])[0])
            continue
        links = tuple(LinkFacts(url=link["url"], host=link["host"] or "", domain=link["domain"] or "",
                                anchor=link["anchor"] or "",
                                rel=None if link["rel"] is None else tuple(link["rel"].split()),
                                is_author_link=bool(link["is_author_link"]), direction=link["direction"])
                      for link in conn.execute(_LINKS_SQL, (found["id"],)))
        items.append(ItemFacts(key=found["item_key"], type=found["type"], author_name=found["author_name"] or "",
                               author_url=found["author_url"], text=found["text"] or "", date=found["date"],
                               post_url=found["post_url"] or "", links=links, site_id=found["site_item_id"]))
    return items


def learn_site(db: str, site_url: str | None = None) -> dict[str, Any]:
    """Train the site's comment model from its labels and store it; return its record.

    The model learns from the labelled comments as they are stored (:func:`labelled_items`):
    their texts, and the verdicts of the rules on them (:func:`grading.model.train_on_items`).

    Raises:
        BacklintError: no such site; ModelError: too few labels or only one class.
    """
    from grading.model import train_on_items

    store = Store(db)
    try:
        site_id, url = site_id_for(store, site_url)
        rows = store.conn.execute(
            "SELECT item_key, author, author_url, text, label FROM labels WHERE site_id = ?"
            " ORDER BY item_key, source", (site_id,)).fetchall()
        model = train_on_items(labelled_items(store, site_id, rows),
                               [1 if r["label"] == "spam" else 0 for r in rows])
        metrics = dict(model.metrics)
        model_id = save_model(store.conn, site_id, len(rows), metrics, model.to_bytes())
        return {"model_id": model_id, "site": url, "labels": len(rows),
                "spam": sum(1 for r in rows if r["label"] == "spam"), "metrics": metrics}
    finally:
        store.close()
