"""The SQLite store: schema, upserts on natural keys, the single writer."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from backlint.errors import StoreError
from backlint.records import Item, Link
from backlint.store import SCHEMA_VERSION, Store, Writer, item_key

POST = "https://blog.example/post/"


def comment(source="html", rel=("nofollow", "ugc"), **kw) -> Item:
    base = dict(type="comment", post_url=POST, site_item_id="7", author_name="Ann",
                author_url="https://ann.example/", text="Nice, see https://x.example/", source=source,
                links=[Link("https://ann.example/", "Ann", ("external",) + rel, True),
                       Link("https://x.example/", "x", rel)])
    base.update(kw)
    return Item(**base)


@pytest.fixture
def store(tmp_path):
    s = Store(str(tmp_path / "t.db"))
    yield s
    s.close()


def new_audit(store):
    return store.start_audit(store.ensure_site("https://blog.example/"), "https://blog.example/", {})


def test_schema_version_and_wal(store):
    assert store.schema_version() == SCHEMA_VERSION
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_same_item_twice_is_one_row(store):
    audit = new_audit(store)
    store.save_items(audit, POST, [comment()])
    store.save_items(audit, POST + "comment-page-2/", [comment()])
    items = store.list_items(audit)
    assert len(items) == 1 and len(items[0]["links"]) == 2


def test_rest_and_html_merge(store):
    audit = new_audit(store)
    store.save_items(audit, POST, [comment(source="rest", rel=(), author_url=None, text="")])
    store.save_items(audit, POST, [comment(source="html")])
    (item,) = store.list_items(audit)
    assert item["sources"] == ["rest", "html"] and item["author_url"] == "https://ann.example/"
    assert item["text"].startswith("Nice")
    author = [link for link in item["links"] if link["is_author_link"]][0]
    assert author["rel"] == ["external", "nofollow", "ugc"]  # HTML supplies what REST cannot


def test_directions_and_domains(store):
    audit = new_audit(store)
    ping = Item(type="pingback", post_url=POST, site_item_id="9", author_name="Other",
                author_url="https://www.other.co.uk/p/",
                links=[Link("https://www.other.co.uk/p/", "Other", ("external",), True)])
    store.save_items(audit, POST, [comment(), ping])
    store.refresh_referring_domains(audit)
    rows = store.conn.execute("SELECT domain, direction FROM referring_domains ORDER BY domain").fetchall()
    assert [tuple(r) for r in rows] == [("ann.example", "outbound_ugc"),
                                        ("other.co.uk", "inbound"),
                                        ("x.example", "outbound_ugc")]
    counts = store.counts(audit)
    assert counts["links_by_direction"] == {"inbound": 1, "outbound_ugc": 2}
    assert counts["outbound_links_without_ugc_or_nofollow"] == 0


def test_missing_ugc_is_counted(store):
    audit = new_audit(store)
    store.save_items(audit, POST, [comment(rel=())])
    assert store.counts(audit)["outbound_links_without_ugc_or_nofollow"] == 2


def test_item_identity_across_audits(store):
    a1, a2 = new_audit(store), new_audit(store)
    store.save_items(a1, POST, [comment()])
    store.save_items(a2, POST, [comment()])
    keys = [r[0] for r in store.conn.execute("SELECT item_key FROM items ORDER BY audit_id")]
    assert keys == ["id:7", "id:7"]
    no_id = comment(site_item_id=None)
    assert item_key(no_id) == item_key(comment(site_item_id=None)) != item_key(comment(site_item_id=None, text="other"))


def test_writer_batches_and_isolates_a_failing_job(tmp_path):
    path = str(tmp_path / "w.db")
    with Writer(path) as writer:
        audit = writer.call(new_audit)
        ok = writer.submit(lambda s: s.save_items(audit, POST, [comment()]))
        bad = writer.submit(lambda s: s.conn.execute("INSERT INTO nowhere VALUES (1)"))
        later = writer.submit(lambda s: s.save_items(audit, POST, [comment(site_item_id="8")]))
        writer.flush()
        assert ok.result() == 1 and later.result() == 1
        with pytest.raises(sqlite3.OperationalError):
            bad.result()
    with closing(Store(path)) as store:
        assert len(store.list_items(audit)) == 2


def test_not_a_store_is_a_clear_error(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="file is not a database"):
        Store(str(path))


def test_newer_schema_is_refused(tmp_path):
    path = str(tmp_path / "new.db")
    with closing(Store(path)) as store:
        store.conn.execute("INSERT INTO schema_version VALUES (99)")
    with pytest.raises(StoreError, match="newer backlint"):
        Store(path)
