"""The store's writes that the import runner, the dashboard and grading call: what each leaves in the file."""

from __future__ import annotations

import json

import pytest

from backlint.records import Item, PingCheck
from backlint.store import Store
from backlint.store.grades import (
    keep_audit_summary,
    save_model,
    save_ping_check,
    set_domain_recommendation,
    set_item_recommendation,
)


@pytest.fixture
def store(tmp_path):
    store = Store(str(tmp_path / "s.db"))
    yield store
    store.close()


def _audit(store: Store) -> tuple[int, int]:
    site_id = store.ensure_site("https://blog.example/")
    return site_id, store.start_audit(site_id, "https://blog.example/", {})


def test_labels_replace_the_same_sources_label_only(store):
    site_id, _ = _audit(store)
    store.save_labels(site_id, [("id:1", "spam", "csv", "Bob", "https://spam.example/", "Buy"),
                                ("id:1", "ham", "wxr", "Bob", None, "Buy")])
    store.save_labels(site_id, [("id:1", "ham", "csv", "Bob", "https://spam.example/", "Buy")])
    rows = store.conn.execute("SELECT item_key, label, source, author, author_url, text, created_at FROM labels"
                              " ORDER BY source").fetchall()
    assert [tuple(r)[:6] for r in rows] == [("id:1", "ham", "csv", "Bob", "https://spam.example/", "Buy"),
                                           ("id:1", "ham", "wxr", "Bob", None, "Buy")]
    assert all(r["created_at"] for r in rows)


def test_a_disavow_file_is_kept_once_per_content(store):
    site_id, _ = _audit(store)
    store.keep_disavow_file(site_id, "disavow.txt", "ab" * 32, "domain:spam.example\n", 1, 0)
    store.keep_disavow_file(site_id, "again.txt", "ab" * 32, "domain:spam.example\n", 1, 0)
    store.keep_disavow_file(site_id, "other.txt", "cd" * 32, "domain:other.example\nbad\n", 1, 1)
    rows = store.conn.execute("SELECT name, content, entries, errors FROM disavow_files ORDER BY id").fetchall()
    assert [tuple(r) for r in rows] == [("disavow.txt", "domain:spam.example\n", 1, 0),
                                        ("other.txt", "domain:other.example\nbad\n", 1, 1)]


def test_notices_are_replaced_as_json(store):
    _, audit_id = _audit(store)
    store.finish_audit(audit_id, "finished", {}, ["first"])
    store.set_notices(audit_id, ["demo", "first"])
    assert json.loads(store.audit(audit_id)["notices"]) == ["demo", "first"]


def test_models_summaries_and_ping_checks(store):
    site_id, audit_id = _audit(store)
    assert save_model(store.conn, site_id, 12, {"f1": 0.5}, b"\x00blob") == 1
    assert save_model(store.conn, site_id, 13, {}, b"") == 2
    row = store.conn.execute("SELECT labels, metrics, blob FROM models WHERE id = 1").fetchone()
    assert (row["labels"], row["metrics"], bytes(row["blob"])) == (12, '{"f1": 0.5}', b"\x00blob")

    keep_audit_summary(store.conn, audit_id, "links", "grading 1", [[1, "a"]])
    keep_audit_summary(store.conn, audit_id, "links", "grading 2", [[2, "b"]])
    assert [tuple(r) for r in store.conn.execute("SELECT stamp, data FROM audit_summaries")] == [
        ("grading 2", '[[2, "b"]]')]

    store.save_items(audit_id, None, [Item(type="pingback", post_url="https://blog.example/p/",
                                           author_url="https://a.example/", site_item_id="9")])
    save_ping_check(store.conn, audit_id, 1, PingCheck("https://a.example/", "https://blog.example/p/", "dead"))
    save_ping_check(store.conn, audit_id, 1, PingCheck(
        "https://a.example/", "https://blog.example/p/", "alive", http_status=200, links_to_target=True,
        rel=("ugc", "nofollow"), noindex=True, checked_at="2025-01-01T00:00:00+00:00"))
    row = store.conn.execute("SELECT status, http_status, links_to_target, rel, noindex, checked_at"
                             " FROM ping_checks").fetchall()
    assert [tuple(r) for r in row] == [("alive", 200, 1, "ugc nofollow", 1, "2025-01-01T00:00:00+00:00")]


def test_recommendations_are_rewritten_in_place(store):
    _, audit_id = _audit(store)
    store.save_items(audit_id, None, [Item(type="comment", post_url="https://blog.example/p/", site_item_id="1")])
    store.conn.execute("INSERT INTO item_grades VALUES (?, 1, 90, 'high', '[]', 'delete or mark spam', 'x')",
                       (audit_id,))
    store.conn.execute("INSERT INTO domain_grades VALUES (?, 'spam.example', 'inbound', 90, 'high', '[]', '[]',"
                       " 1, 1, 'disavow domain', 'x', 0)", (audit_id,))
    set_item_recommendation(store.conn, audit_id, 1, "keep", "Kept by you")
    set_domain_recommendation(store.conn, audit_id, "spam.example", "inbound", "keep", "Kept by you", True)
    assert tuple(store.conn.execute("SELECT recommendation, why FROM item_grades").fetchone()) == (
        "keep", "Kept by you")
    assert tuple(store.conn.execute("SELECT recommendation, why, guarded FROM domain_grades").fetchone()) == (
        "keep", "Kept by you", 1)
