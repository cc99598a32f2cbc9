"""How grading reads an audit and shares it with its worker processes.

The audit is read a chunk of items at a time; the rows are kept marshalled for the
workers, a child process makes the items for the audit statistics, and what a domain's
grade names of its items is packed in one string. These tests check each piece against
the plain reading (:func:`grading.engine.load_items`) and the child's failures.
"""

from __future__ import annotations

import dataclasses
import os
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from generated import bench_grade

import grading.engine as engine
from backlint.errors import BacklintError
from backlint.records import Item, Link
from backlint.store import Store
from grading.core import SIGNALS
from grading.engine import AuditItems, grade_audit, load_items


@pytest.fixture(scope="module")
def bench_store(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("chunks") / "audit.db")
    bench_grade().generate(db, 3_000)
    return db


def test_chunks_hold_the_audit_as_load_items_reads_it(bench_store, monkeypatch):
    monkeypatch.setattr(engine, "CHUNK_ITEMS", 97)
    store = Store(bench_store)
    whole = load_items(store, 1)
    ids = engine._item_ids(store.conn, 1)
    audit, chunks = AuditItems(), engine._Chunks()
    stats, probabilities = engine._statistics(chunks.read(store.conn, 1, ids, audit), frozenset(), 600)
    store.close()
    assert probabilities is None and stats.items_per_domain
    assert audit.items == [] and dataclasses.replace(audit, items=whole.items) == whole
    assert chunks.starts == list(range(0, len(ids), 97))
    read = [entry for chunk in range(len(chunks.rows)) for entry in chunks.items(chunk)]
    assert [item for _, item, _ in read] == whole.items
    assert [item_id for item_id, _, _ in read] == list(whole.item_ids)
    assert [link_id for _, _, link_ids in read for link_id in link_ids] == list(whole.link_ids)
    labels = chunks.labels
    for index, item in enumerate(whole.items):
        assert (labels.key(index), labels.shown(index), labels.type(index), labels.author_name(index)) == (
            item.key, item.site_id or item.key, item.type, item.author_name)


def test_labels_keep_any_text_across_chunks():
    rows = [(n, f"id:{n}", "comment", name, None, "", None, "", site_id)
            for n, (name, site_id) in enumerate([("", None), ("Zoë", "7"), ("日本語の名前", ""), ("😀 x", "12")])]
    labels = engine._Labels()
    labels.add(rows[:1])
    labels.add(rows[1:])
    labels.seal()
    assert [labels.author_name(n) for n in range(4)] == ["", "Zoë", "日本語の名前", "😀 x"]
    assert [labels.shown(n) for n in range(4)] == ["id:0", "7", "id:2", "12"]


def test_a_link_whose_item_is_another_audits_is_left_out(tmp_path):
    db = str(tmp_path / "mixed.db")
    store = Store(db)
    first = store.start_audit(store.ensure_site("https://blog.example/"), "https://blog.example/", {})
    other = store.start_audit(store.ensure_site("https://other.example/"), "https://other.example/", {})
    for n in range(3):  # the two audits' rows interleave
        for audit, site in ((first, "blog"), (other, "other")):
            store.save_items(audit, None, [Item(type="comment", post_url=f"https://{site}.example/p/",
                                                site_item_id=str(n), author_name="Ann", text=f"Hello {n}",
                                                links=[Link(f"https://{site}{n}.example/", "x", ("ugc",))])])
    stray = store.conn.execute("SELECT id FROM links WHERE audit_id = ? ORDER BY id LIMIT 1", (other,)).fetchone()[0]
    with store.transaction() as conn:
        conn.execute("UPDATE links SET audit_id = ? WHERE id = ?", (first, stray))
    audit = load_items(store, first)
    store.close()
    assert [link.url for item in audit.items for link in item.links] == [
        f"https://blog{n}.example/" for n in range(3)]
    assert stray not in audit.link_ids and len(audit.link_ids) == len(audit.link_items) == 3
    grade_audit(db, first)
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT count(*) FROM link_grades WHERE audit_id = ?", (first,)).fetchone()[0] == 3


def _lengths(values):
    return sum(len(v) for v in values)


def _fails(values):
    for _ in values:
        raise ValueError("no good")


def _dies(values):
    os._exit(3)


def test_the_child_answers_or_raises_what_it_raised():
    sent = []

    def values():
        for value in (b"ab", b"c", b"def"):
            sent.append(value)
            yield value

    # What this process does meanwhile runs once every value is sent, and comes second.
    assert engine._in_child(_lengths, values(), meanwhile=lambda: len(sent)) == (6, 3)
    with pytest.raises(ValueError, match="no good") as raised:
        engine._in_child(_fails, iter([b"x"]), meanwhile=lambda: None)
    assert any("process reading the audit" in note for note in raised.value.__notes__)
    with pytest.raises(BacklintError, match="exit code 3"):
        engine._in_child(_dies, iter([b"x"] * 10_000), meanwhile=lambda: None)


@pytest.mark.parametrize("workers", [0, 2])
def test_signals_are_prepared_only_before_workers_fork(bench_store, tmp_path, monkeypatch, workers):
    prepared = []
    language = SIGNALS["content.foreign_language"]
    monkeypatch.setitem(SIGNALS, language.name, dataclasses.replace(
        language, prepare=lambda ctx: prepared.append((os.getpid(), ctx.stats.site_language))))
    monkeypatch.setattr(engine, "_workers_for", lambda items: workers)
    db = tmp_path / "prepared.db"
    db.write_bytes(Path(bench_store).read_bytes())
    grade_audit(str(db))
    assert prepared == ([(os.getpid(), "en")] if workers else [])


def test_unique_texts_change_the_texts_only(tmp_path):
    bench = bench_grade()
    plain, unique = str(tmp_path / "plain.db"), str(tmp_path / "unique.db")
    assert bench.generate(plain, 2_000) == bench.generate(unique, 2_000, unique_texts=True)
    items = "SELECT id, item_key, type, site_item_id, post_url, author_name, author_url, date FROM items"
    with closing(sqlite3.connect(plain)) as a, closing(sqlite3.connect(unique)) as b:
        assert a.execute(items).fetchall() == b.execute(items).fetchall()
        assert a.execute("SELECT * FROM links").fetchall() == b.execute("SELECT * FROM links").fetchall()
        texts = [row[0] for row in b.execute("SELECT text FROM items")]
    assert len(set(texts)) == len(texts)
    assert len({" ".join(text.split()[:6]) for text in texts}) > len(texts) // 4  # varied, not one text numbered
