"""The grading engine's machinery: worker processes, scratch files, reading the audit, JSON.

Grading a large audit runs in forked workers that spool their rows to scratch files;
a small one runs in one process. Both must write exactly the same rows, in the same
order, whatever the chunk sizes; these tests force the workers on a small audit and
compare every table row by row.
"""

from __future__ import annotations

import gc
import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from generated import bench_grade
from hypothesis import given, settings
from hypothesis import strategies as st

import grading.engine as engine
from backlint.records import Item, Link
from backlint.store import Store, now_iso
from grading.core import Reason
from grading.engine import grade_audit, load_items
from grading.summary import site_name_of, stored_summary, summarise_links, summary_stamp

TABLES = ("item_grades", "link_grades", "domain_grades", "domain_identity", "site_recommendations")



@pytest.fixture(scope="module")
def audit_store(tmp_path_factory):
    """A generated audit (3,000 links) with ping checks, overrides and allowlisted domains."""
    db = str(tmp_path_factory.mktemp("engine") / "audit.db")
    bench_grade().generate(db, 3_000)
    store = Store(db)
    conn = store.conn
    pings = conn.execute("SELECT id, author_url, post_url FROM items WHERE type != 'comment' ORDER BY id").fetchall()
    statuses = ("alive", "alive", "dead", "unreachable")
    with store.transaction():
        for n, ping in enumerate(pings):
            status = statuses[n % 4]
            conn.execute("INSERT INTO ping_checks (audit_id, item_id, source_url, target_url, status, http_status,"
                         " links_to_target, outbound_links, noindex, title, title_equals_blog_name, error,"
                         " checked_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, 'T', ?, ?, ?)",
                         (ping["id"], ping["author_url"], ping["post_url"], status, 200 if status == "alive" else None,
                          int(n % 8 == 1), n * 7 % 500, int(n % 5 == 0), int(n % 3 == 0),
                          "timeout" if status == "unreachable" else None, now_iso()))
    site = store.audit(1)["site_id"]
    keys = [r[0] for r in conn.execute("SELECT item_key FROM items ORDER BY id LIMIT 60")]
    for n, key in enumerate(keys[::6]):
        store.set_override(site, "item", key, ("keep", "spam")[n % 2], "checked")
    domains = [r[0] for r in conn.execute("SELECT DISTINCT domain FROM links ORDER BY id LIMIT 80")]
    for n, domain in enumerate(domains[::5]):
        store.set_override(site, "domain", domain, ("keep", "spam", "disavow", "allowlist")[n % 4])
    store.close()
    return db


def table_rows(db: str) -> dict[str, list[tuple]]:
    with closing(sqlite3.connect(db)) as conn:
        return {table: conn.execute(f"SELECT rowid, * FROM {table} ORDER BY rowid").fetchall() for table in TABLES}


def graded_copy(src: str, dst: Path, monkeypatch, workers: int, chunk_items: int = 4_000):
    shutil.copy(src, dst)
    with monkeypatch.context() as patch:
        patch.setattr(engine, "_workers_for", lambda items: workers)
        patch.setattr(engine, "CHUNK_ITEMS", chunk_items)
        summary = grade_audit(str(dst))
    return summary, table_rows(str(dst))


def test_workers_write_exactly_what_one_process_writes(audit_store, tmp_path, monkeypatch):
    alone, alone_rows = graded_copy(audit_store, tmp_path / "alone.db", monkeypatch, workers=0)
    shared, shared_rows = graded_copy(audit_store, tmp_path / "shared.db", monkeypatch, workers=2,
                                      chunk_items=97)
    assert alone_rows == shared_rows
    assert len(alone_rows["link_grades"]) == 3_000 and alone_rows["site_recommendations"]
    assert {r[6] for r in alone_rows["item_grades"]} >= {"keep", "delete or mark spam"}  # recommendations vary
    alone.elapsed = shared.elapsed = 0.0
    assert alone == shared
    assert not list(tmp_path.glob(".backlint-grading-*")), "scratch files are removed"


def test_small_chunks_in_one_process_change_nothing(audit_store, tmp_path, monkeypatch):
    _, whole = graded_copy(audit_store, tmp_path / "whole.db", monkeypatch, workers=0)
    _, chunked = graded_copy(audit_store, tmp_path / "chunked.db", monkeypatch, workers=0, chunk_items=1)
    assert whole == chunked


def test_summary_counts_what_the_store_holds(audit_store, tmp_path, monkeypatch):
    summary, _ = graded_copy(audit_store, tmp_path / "summary.db", monkeypatch, workers=2, chunk_items=500)
    with closing(sqlite3.connect(tmp_path / "summary.db")) as conn:
        q = conn.execute
        assert summary.items_by_band == dict(q("SELECT band, count(*) FROM item_grades GROUP BY band ORDER BY 1"))
        assert summary.links_by_band == dict(q("SELECT band, count(*) FROM link_grades GROUP BY band ORDER BY 1"))
        domains: dict[str, dict[str, int]] = {}
        for direction, band, n in q("SELECT direction, band, count(*) FROM domain_grades GROUP BY 1, 2 ORDER BY 1, 2"):
            domains.setdefault(direction, {})[band] = n
        assert summary.domains_by_band == domains
        recs = dict(q("SELECT recommendation, count(*) FROM domain_grades GROUP BY 1 ORDER BY 1"))
        recs.update((f"items: {rec}", n) for rec, n in
                    q("SELECT recommendation, count(*) FROM item_grades GROUP BY 1 ORDER BY 1"))
        assert list(summary.recommendations.items()) == list(recs.items())
        counts = json.loads(q("SELECT counts FROM gradings ORDER BY id DESC LIMIT 1").fetchone()[0])
        assert (counts["items"], counts["links"]) == (len(q("SELECT 1 FROM items").fetchall()), 3_000)


def test_links_come_author_first_and_in_store_order_whatever_the_writing_order(tmp_path):
    db = str(tmp_path / "order.db")
    store = Store(db)
    first = store.start_audit(store.ensure_site("https://blog.example/"), "https://blog.example/", {})
    comment = Item(type="comment", post_url="https://blog.example/p/", site_item_id="1", author_name="Ann",
                   text="Hello there", links=[Link("https://b.example/x", "b", ("ugc",))])
    store.save_items(first, None, [comment])
    other = store.start_audit(store.ensure_site("https://other.example/"), "https://other.example/", {})
    store.save_items(other, None, [Item(type="comment", post_url="https://other.example/p/", site_item_id="9",
                                        links=[Link("https://z.example/", "z", ())])])
    # The same comment seen again later (its REST copy): the author link and one more text
    # link come after the other audit's rows.
    again = Item(type="comment", post_url="https://blog.example/p/", site_item_id="1", author_name="Ann",
                 author_url="https://ann.example/", text="Hello there",
                 links=[Link("https://ann.example/", "Ann", ("ugc",), True), Link("https://a.example/y", "a", ())])
    store.save_items(first, None, [again])
    audit = load_items(store, first)
    expected = store.conn.execute("SELECT id, url FROM links WHERE audit_id = ? ORDER BY item_id,"
                                  " is_author_link DESC, id", (first,)).fetchall()
    store.close()
    assert [link.url for link in audit.items[0].links] == [row["url"] for row in expected]
    assert audit.items[0].links[0].is_author_link
    assert list(audit.link_ids) == [row["id"] for row in expected]
    assert list(audit.hosts) == ["ann.example", "b.example", "a.example"]
    assert [item.key for item in audit.items] == ["id:1"]


def test_an_audit_without_items_grades_to_nothing(tmp_path):
    db = str(tmp_path / "empty.db")
    store = Store(db)
    store.start_audit(store.ensure_site("https://blog.example/"), "https://blog.example/", {})
    store.close()
    summary = grade_audit(db)
    assert summary.items_by_band == {} and summary.links_by_band == {} and summary.site_recommendations == []
    assert all(not rows for rows in table_rows(db).values())


@pytest.mark.parametrize("enabled", [True, False])
def test_the_garbage_collector_is_left_as_it_was(audit_store, tmp_path, enabled):
    shutil.copy(audit_store, tmp_path / "gc.db")
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        grade_audit(str(tmp_path / "gc.db"))
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


POINTS = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-5, 200), st.booleans(),
                   st.sampled_from([0.0, -0.0, 12.25, 0.05, 99.95, 1e-12, 1e300]))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=12), POINTS, st.text(max_size=40)), max_size=6))
def test_reasons_json_is_what_json_dumps_writes(triples):
    reasons = [Reason(*t) for t in triples]
    expected = json.dumps([r.to_dict() for r in reasons], ensure_ascii=False)
    assert engine._reasons_json(reasons) == expected
    assert engine._reasons_json(reasons) == expected  # and again, from what it remembered


def test_a_domains_drivers_are_its_worst_items_first_come_first(tmp_path):
    db = str(tmp_path / "drivers.db")
    store = Store(db)
    audit = store.start_audit(store.ensure_site("https://blog.example/"), "https://blog.example/", {})

    def comment(n: int, text: str) -> Item:
        return Item(type="comment", post_url=f"https://blog.example/p{n}/", site_item_id=str(n), author_name="Jo",
                    author_url="https://jo.example/", text=text,
                    links=[Link("https://jo.example/", "Jo", ("ugc",), True)])

    plain = "I tried the second method and it worked, thank you."
    spam = "Great post! Buy cheap viagra pills online, casino bonus, payday loans."
    store.save_items(audit, None, [comment(n, spam if n in (4, 6) else plain) for n in range(1, 9)])
    store.close()
    grade_audit(db)
    with closing(sqlite3.connect(db)) as conn:
        drivers, items, reasons = conn.execute("SELECT drivers, items, reasons FROM domain_grades"
                                               " WHERE domain = 'jo.example'").fetchone()
        scores = dict(conn.execute("SELECT i.site_item_id, g.score FROM item_grades g JOIN items i"
                                   " ON i.id = g.item_id"))
    assert scores["4"] == scores["6"] > scores["1"] == scores["2"] == scores["8"]
    assert json.loads(drivers) == ["4", "6", "1", "2", "3"] and items == 8
    assert f"worst {scores['4']}: comment #4 by 'Jo'" in reasons


def test_grading_keeps_the_link_summary_sql_would_count(audit_store, tmp_path, monkeypatch):
    """The summary counted link by link in the workers equals one pass of SQL over the store."""
    db = tmp_path / "closed.db"
    shutil.copy(audit_store, db)
    store = Store(str(db))
    store.finish_audit(1, "finished", store.counts(1), [])
    store.close()
    _, rows = graded_copy(str(db), tmp_path / "counted.db", monkeypatch, workers=2, chunk_items=97)
    store = Store(str(tmp_path / "counted.db"))
    try:
        audit = store.audit(1)
        stamp = summary_stamp(store.conn, audit)
        kept = stored_summary(store.conn, 1, stamp)
        assert kept is not None, "grading a closed audit keeps its link summary"
        counted = summarise_links(store.conn, 1, site_name_of(audit["site_url"]))
    finally:
        store.close()
    assert [tuple(row) for row in kept] == counted
    assert sum(row[5] for row in counted) == len(rows["link_grades"]) == 3_000
    assert {row[1] for row in counted} == {"high", "medium", "low"}  # every link graded, no "ungraded"
    assert sum(row[6] for row in counted) > 0  # outbound links missing ugc/nofollow are counted


def test_grading_a_running_audit_keeps_no_summary(audit_store, tmp_path, monkeypatch):
    graded_copy(audit_store, tmp_path / "running.db", monkeypatch, workers=0)
    with closing(sqlite3.connect(tmp_path / "running.db")) as conn:
        assert conn.execute("SELECT count(*) FROM audit_summaries").fetchone()[0] == 0


DOMAIN_BEHAVIOUR = ("behaviour.many_items_one_domain", "behaviour.many_names_one_domain",
                    "behaviour.many_posts_targeted", "behaviour.burst")


@pytest.mark.parametrize("workers", [0, 2])
def test_a_domains_behaviour_counts_once_in_its_own_grade(audit_store, tmp_path, monkeypatch, workers):
    _, rows = graded_copy(audit_store, tmp_path / "once.db", monkeypatch, workers=workers, chunk_items=500)
    with closing(sqlite3.connect(str(tmp_path / "once.db"))) as conn:
        domain_reasons = [json.loads(r) for (r,) in conn.execute("SELECT reasons FROM domain_grades")]
        identity = [json.loads(r) for (r,) in conn.execute("SELECT reasons FROM domain_identity")]
        item_reasons = [json.loads(r) for (r,) in conn.execute("SELECT reasons FROM item_grades")]
    fired = {reason["signal"] for reasons in domain_reasons for reason in reasons}
    assert set(DOMAIN_BEHAVIOUR) - fired == {"behaviour.burst"}  # the generated dates make no burst
    for reasons in domain_reasons:
        signals = [reason["signal"] for reason in reasons]
        assert len(signals) == len(set(signals)), signals
    # What a domain's name alone says, stored as such; an item linking to it gets that and
    # its own signals, never the domain's behaviour.
    assert all(reason["signal"].startswith("domain.") for reasons in identity for reason in reasons)
    assert any(identity)
    assert not {reason["signal"] for reasons in item_reasons for reason in reasons} & set(DOMAIN_BEHAVIOUR)
