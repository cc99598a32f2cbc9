"""WordPress → its own export → `backlint import` → the same items the crawler found on the blog."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_wordpress import WP_SCRIPTS, _run, crawl, wordpress  # noqa: F401 - its fixture

from backlint.store import Store
from crawler.importers.run import import_file

pytestmark = pytest.mark.wordpress


def test_export_import_matches_the_crawl(wordpress: str, tmp_path: Path) -> None:  # noqa: F811
    _run(["bash", str(WP_SCRIPTS / "theme.sh"), "twentytwentythree"], timeout=60)
    summary, crawled = crawl(wordpress, tmp_path)
    export = tmp_path / "export.xml"
    export.write_text(_run(["php", str(WP_SCRIPTS / "export.php")], timeout=60))

    db = str(tmp_path / "import.db")
    report = import_file(db, str(export))
    assert report.format == "wxr" and report.skipped == {} and report.imported == report.rows_read
    store = Store(db)
    imported = store.list_items(report.audit_id)
    status = dict(store.conn.execute("SELECT site_item_id, status FROM items WHERE audit_id = ?",
                                     (report.audit_id,)).fetchall())
    assert all(v.startswith("sha256:") for (v,) in store.conn.execute(
        "SELECT author_email FROM items WHERE author_email IS NOT NULL"))
    store.close()

    def view(item):
        return (item["type"], item["author_url"], item["parent_id"], item["post_url"])

    shown = {i["site_item_id"]: view(i) for i in imported
             if status[i["site_item_id"]] == "approved" and i["site_item_id"] in {c["site_item_id"] for c in crawled}}
    assert shown == {c["site_item_id"]: view(c) for c in crawled}
    # The export holds what the public crawl cannot see: pending and trashed items, with their status.
    assert {"pending", "trash"} <= set(status.values())
    # Importing the same export again changes nothing.
    again = import_file(db, str(export))
    assert again.imported == 0 and "already imported" in again.notes[0]
