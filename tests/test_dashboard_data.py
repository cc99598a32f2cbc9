"""The dashboard's data module against the demo audit and a generated large audit.

Every figure is checked against the store with independent SQL (or plain Python over
the rows), filters and paging against what they must select, and overrides against the
grades written by re-grading. The store builders here are shared with
``test_dashboard_pages.py``.
"""

from __future__ import annotations

import json
import math
import sqlite3
from pathlib import Path

import pytest
from generated import bench_grade

import dashboard.data as data
import dashboard.jobs as jobs
import grading.health as health
from backlint.errors import BacklintError
from backlint.records import Item, Link
from backlint.store import Store
from grading.plan import DISAVOW, KEEP, SPAM
from grading.summary import anchor_class

HYPERLINK = '=HYPERLINK("http://evil.example/","click me")'
SCRIPT = '<script>alert("x")</script> buy now'
LONG_NAME = "L" * 10_000
LARGE_LINKS = 100_000

# -- stores (built once a session, copied by tests that write) -----------------------------

_BUILT: dict[str, str] = {}



def copy_store(src: str, dst: Path) -> str:
    """A private copy of a store (SQLite's backup API: WAL contents included)."""
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    a.close()
    b.close()
    return str(dst)


def demo_store(factory) -> str:
    """The bundled demo audit: crawled, pings checked, graded (audit 1)."""
    if "demo" not in _BUILT:
        path = factory.mktemp("demo") / "demo.db"
        assert jobs.load_demo(str(path)) == 1
        _BUILT["demo"] = str(path)
    return _BUILT["demo"]


def large_store(factory) -> str:
    """A generated audit of 100,000 links (``bench/bench_grade.py``), closed and graded."""
    if "large" not in _BUILT:
        path = str(factory.mktemp("large") / "large.db")
        bench_grade().generate(path, LARGE_LINKS)
        store = Store(path)
        store.finish_audit(1, "finished", store.counts(1), [])
        store.close()
        data.grade(path, 1)
        _BUILT["large"] = path
    return _BUILT["large"]


def hostile_items(site_url: str) -> list[Item]:
    """Comments written to hurt: a spreadsheet formula, a script, a 10,000-character name."""
    post = site_url + "hostile-post/"
    return [
        Item(type="comment", post_url=post, site_item_id="900001", author_name=HYPERLINK,
             author_url="https://formula-spam.example/", text="=1+2 cheap pills", engine="wordpress",
             links=[Link("https://formula-spam.example/", HYPERLINK, ("nofollow", "ugc"), True)]),
        Item(type="comment", post_url=post, site_item_id="900002", author_name="Mallory",
             author_url="javascript:alert(1)", text=SCRIPT, engine="wordpress",
             links=[Link("https://script-spam.example/x", "<img src=x onerror=alert(1)>", (), False)]),
        Item(type="comment", post_url=post, site_item_id="900003", author_name=LONG_NAME,
             text="A very long name.", engine="wordpress"),
    ]


def hostile_store(factory) -> str:
    """The demo audit plus hostile comments, graded again."""
    if "hostile" not in _BUILT:
        path = copy_store(demo_store(factory), factory.mktemp("hostile") / "hostile.db")
        store = Store(path)
        site_url = store.audit(1)["site_url"]
        store.save_items(1, None, hostile_items(site_url))
        store.refresh_referring_domains(1)
        store.close()
        data.grade(path, 1)
        _BUILT["hostile"] = path
    return _BUILT["hostile"]


def second_audit(path: str) -> tuple[int, set[str], set[str]]:
    """A later audit of the demo's site: one referring domain gone, one new.

    Returns:
        ``(audit id, lost domains, new domains)``.
    """
    store = Store(path)
    try:
        site_id = store.audit(1)["site_id"]
        site_url = store.audit(1)["site_url"]
        items = store.list_items(1)
        lost = "hopnotes.net"
        keep = [i for i in items if not any(link["domain"] == lost for link in i["links"])]
        audit = store.start_audit(site_id, site_url, {})
        store.save_items(audit, None, [_item(i) for i in keep] + [
            Item(type="pingback", post_url=site_url + "new-post/", site_item_id="990001",
                 author_name="A new friend", author_url="https://brand-new-friend.example/post/",
                 links=[Link("https://brand-new-friend.example/post/", "A new friend", (), True)])])
        store.refresh_referring_domains(audit)
        store.finish_audit(audit, "finished", store.counts(audit), [])
    finally:
        store.close()
    data.grade(path, audit)
    return audit, {lost}, {"brand-new-friend.example"}


def _item(row: dict) -> Item:
    return Item(type=row["type"], post_url=row["post_url"], site_item_id=row["site_item_id"],
                author_name=row["author_name"], author_url=row["author_url"], date=row["date"], text=row["text"],
                parent_id=row["parent_id"], engine=row["engine"],
                links=[Link(l["url"], l["anchor"], tuple(l["rel"] or ()), l["is_author_link"]) for l in row["links"]])


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> str:
    return demo_store(tmp_path_factory)


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> str:
    return large_store(tmp_path_factory)


@pytest.fixture
def demo_copy(demo, tmp_path) -> str:
    return copy_store(demo, tmp_path / "demo-copy.db")


def sql(db: str, query: str, *params):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(query, params).fetchall()
    finally:
        conn.close()


def one(db: str, query: str, *params):
    return sql(db, query, *params)[0][0]



# -- overview figures -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["demo", "large"])
def test_overview_figures_match_the_store(name, request):
    db = request.getfixturevalue(name)
    o = data.audit_overview(db, 1)
    assert o["graded"]
    assert o["referring_domains"] == one(db, "SELECT count(DISTINCT domain) FROM links WHERE audit_id = 1"
                                             " AND domain != ''")
    for direction in ("inbound", "outbound_ugc"):
        assert o["referring_domains_by_direction"][direction] == one(
            db, "SELECT count(DISTINCT domain) FROM links WHERE audit_id = 1 AND domain != '' AND direction = ?",
            direction)
        assert o["links_by_direction"][direction] == one(
            db, "SELECT count(*) FROM links WHERE audit_id = 1 AND direction = ?", direction)
    for kind in ("comment", "trackback", "pingback", "backlink"):
        assert o["items_by_type"][kind] == one(db, "SELECT count(*) FROM items WHERE audit_id = 1 AND type = ?",
                                               kind)
    assert o["items"] == one(db, "SELECT count(*) FROM items WHERE audit_id = 1")
    assert o["links"] == one(db, "SELECT count(*) FROM links WHERE audit_id = 1")
    rels = [r for (r,) in sql(db, "SELECT rel FROM links WHERE audit_id = 1 AND direction = 'outbound_ugc'")]
    known = [set(r.split()) for r in rels if r is not None]
    assert o["outbound_known_rel"] == len(known)
    assert o["missing_ugc"] == sum(1 for r in known if not r & {"ugc", "nofollow"})
    pings = sql(db, "SELECT p.status, p.links_to_target, p.error FROM items i LEFT JOIN ping_checks p"
                    " ON p.item_id = i.id WHERE i.audit_id = 1 AND i.type IN ('trackback', 'pingback')")
    assert o["pings"] == len(pings)
    assert o["pings_unverified"] == sum(1 for p in pings if p[0] is None)
    assert o["pings_fake"] == sum(1 for p in pings if p[0] == "alive" and not p[1] and p[2] is None)
    for band in ("high", "medium", "low"):
        assert o["bands"]["items"][band] == one(db, "SELECT count(*) FROM item_grades WHERE audit_id = 1"
                                                    " AND band = ?", band)
        assert o["bands"]["links"][band] == one(db, "SELECT count(*) FROM link_grades WHERE audit_id = 1"
                                                    " AND band = ?", band)
        assert o["bands"]["domains_all"][band] == one(db, "SELECT count(*) FROM domain_grades WHERE audit_id = 1"
                                                          " AND band = ?", band)
    assert math.isclose(sum(o["bands"]["domain_shares"].values()), 1.0)


def test_demo_overview_has_every_population(demo):
    o = data.audit_overview(demo, 1)
    assert o["items_by_type"]["comment"] > 100 and o["items_by_type"]["pingback"] > 0
    assert o["links_by_direction"]["inbound"] > 0 and o["links_by_direction"]["outbound_ugc"] > 0
    assert o["pings_unverified"] == 0 and o["pings_fake"] >= 1  # the demo's fake trackback, caught
    assert o["missing_ugc"] > 0  # the demo's theme drops rel on some links


def independent_health(db: str) -> int:
    inbound = sql(db, "SELECT band, recommendation FROM domain_grades WHERE audit_id = 1 AND direction = 'inbound'")
    comments = sql(db, "SELECT g.recommendation FROM items i JOIN item_grades g ON g.item_id = i.id"
                       " WHERE i.audit_id = 1 AND i.type = 'comment' AND (i.status IS NULL OR i.status = 'approved')")
    pings = sql(db, "SELECT p.status, p.links_to_target, p.error FROM items i LEFT JOIN ping_checks p"
                    " ON p.item_id = i.id WHERE i.audit_id = 1 AND i.type IN ('trackback', 'pingback')")
    rels = [set(r.split()) for (r,) in sql(db, "SELECT rel FROM links WHERE audit_id = 1"
                                               " AND direction = 'outbound_ugc' AND rel IS NOT NULL")]
    shares = [
        (35, sum(1 for b, r in inbound if b == "high" and r != KEEP), len(inbound)),
        (30, sum(1 for (r,) in comments if r == SPAM), len(comments)),
        (20, sum(1 for s, linked, e in pings if s == "dead" or (s == "alive" and not linked and e is None)),
         len(pings)),
        (15, sum(1 for r in rels if not r & {"ugc", "nofollow"}), len(rels)),
    ]
    return max(0, min(100, round(100 - sum(w * math.sqrt(n / of) for w, n, of in shares if of))))


@pytest.mark.parametrize("name", ["demo", "large"])
def test_health_score_is_the_documented_formula(name, request):
    db = request.getfixturevalue(name)
    score, drivers = data.health_score(db, 1)
    assert score == independent_health(db)
    assert 0 <= score <= 100
    assert len(drivers) == 3 and all(isinstance(d, str) and d.endswith(".") for d in drivers)


def test_health_drivers_name_the_biggest_problems_first():
    parts = [health.HealthPart("high_inbound", 0, 10, 35.0), health.HealthPart("spam_published", 9, 10, 30.0),
             health.HealthPart("fake_pings", 1, 100, 20.0), health.HealthPart("missing_ugc", 5, 10, 15.0)]
    ranked = sorted(parts, key=lambda p: -p.penalty)
    assert [p.name for p in ranked[:3]] == ["spam_published", "missing_ugc", "fake_pings"]
    assert health.explain_part(parts[1]).startswith("9 of 10 published comments look like spam")
    assert health.explain_part(parts[0]) == "None of the 10 sites that claim to link to you is High risk."
    assert health.score_from_parts(parts) == round(100 - sum(p.penalty for p in parts))


def test_health_of_an_ungraded_audit_says_so(tmp_path):
    db = str(tmp_path / "s.db")
    store = Store(db)
    site = store.ensure_site("https://blog.example/")
    store.start_audit(site, "https://blog.example/", {})
    store.close()
    with pytest.raises(BacklintError, match="not graded yet"):
        data.health_score(db, 1)
    with pytest.raises(BacklintError, match="no audit 7"):
        data.audit_overview(db, 7)


# -- chart data -------------------------------------------------------------------------------------

def test_link_summary_is_one_pass_kept_and_refreshed(demo_copy):
    db = demo_copy
    summary = data.link_summary(db, 1)
    assert summary["links"].sum() == one(db, "SELECT count(*) FROM links WHERE audit_id = 1")
    stamp = one(db, "SELECT stamp FROM audit_summaries WHERE audit_id = 1 AND name = 'links'")
    # Stored: a changed row in the store would not show until the stamp changes.
    sql_conn = sqlite3.connect(db)
    sql_conn.execute("UPDATE audit_summaries SET data = '[]' WHERE audit_id = 1")
    sql_conn.commit()
    sql_conn.close()
    assert data.link_summary(db, 1).empty
    data.grade(db, 1)  # a new grading: a new stamp, the summary computed again
    assert one(db, "SELECT stamp FROM audit_summaries WHERE audit_id = 1") != stamp
    assert data.link_summary(db, 1)["links"].sum() == summary["links"].sum()


def test_a_grading_run_anywhere_keeps_the_summary_the_overview_reads(demo_copy):
    """``backlint grade`` (the engine alone) leaves the summary stored, equal to a fresh SQL count."""
    from grading.engine import grade_audit
    from grading.summary import stored_summary, summarise_links, summary_stamp

    grade_audit(demo_copy, 1)
    store = Store(demo_copy)
    try:
        audit = store.audit(1)
        kept = stored_summary(store.conn, 1, summary_stamp(store.conn, audit))
        counted = summarise_links(store.conn, 1, data.site_name_of(audit["site_url"]))
    finally:
        store.close()
    assert kept is not None and [tuple(row) for row in kept] == counted
    assert {row[4] for row in counted} >= {"branded", "keyword", "URL"}
    assert data.link_summary(demo_copy, 1).values.tolist() == [list(row) for row in counted]


def test_anchor_classes_match_the_classifier_link_by_link(demo):
    site = data.site_name_of(one(demo, "SELECT url FROM sites WHERE id = 1"))
    expected: dict[tuple[str, str], int] = {}
    for anchor, domain, direction in sql(demo, "SELECT anchor, domain, direction FROM links WHERE audit_id = 1"):
        key = (anchor_class(anchor, domain, direction, site), direction)
        expected[key] = expected.get(key, 0) + 1
    frame = data.anchor_classes(demo, 1)
    assert {(r.anchor_class, r.direction): r.links for r in frame.itertuples()} == expected
    assert set(frame["anchor_class"]) <= set(data.ANCHOR_CLASSES)
    assert {"branded", "keyword"} <= set(frame["anchor_class"])


@pytest.mark.parametrize(("anchor", "domain", "direction", "site", "expected"), [
    ("http://spam.example/x", "spam.example", "outbound_ugc", "", "URL"),
    ("www.spam.example", "spam.example", "outbound_ugc", "", "URL"),
    ("spam.example", "spam.example", "outbound_ugc", "", "URL"),
    ("read more", "spam.example", "outbound_ugc", "", "generic"),
    ("  Click here! ", "spam.example", "outbound_ugc", "", "generic"),
    ("", "spam.example", "inbound", "", "generic"),
    ("Hop Notes", "hop-notes.net", "inbound", "", "branded"),
    ("Notes from the Brew Day blog", "other.example", "inbound", "brewday", "branded"),
    ("Notes from the Brew Day blog", "other.example", "outbound_ugc", "brewday", "keyword"),
    ("best payday loans", "cash-now.example", "outbound_ugc", "", "keyword"),
    ("J. Smith", "smith-family.example", "outbound_ugc", "", "keyword"),
])
def test_anchor_class_rules(anchor, domain, direction, site, expected):
    assert anchor_class(anchor, domain, direction, site) == expected


def test_charts_add_up(demo):
    facets = data.link_facets(demo, 1)
    total = one(demo, "SELECT count(*) FROM links WHERE audit_id = 1")
    assert facets["links"].sum() == total
    over_time = data.links_over_time(facets)
    dated = one(demo, "SELECT count(*) FROM links l JOIN items i ON i.id = l.item_id WHERE l.audit_id = 1"
                      " AND i.date GLOB '[12][0-9][0-9][0-9]-[01][0-9]*'")
    assert over_time["links"].sum() == dated and list(over_time["month"]) == sorted(over_time["month"])
    per_month = sql(demo, "SELECT substr(i.date, 1, 7), count(*) FROM links l JOIN items i ON i.id = l.item_id"
                          " WHERE l.audit_id = 1 AND i.date IS NOT NULL GROUP BY 1")
    assert dict(over_time.groupby("month")["links"].sum()) == dict(per_month)
    types = data.types_and_directions(facets)
    assert dict(((r.type, r.direction), r.links) for r in types.itertuples()) == dict(
        ((t, d), n) for t, d, n in sql(demo, "SELECT i.type, l.direction, count(*) FROM links l JOIN items i"
                                             " ON i.id = l.item_id WHERE l.audit_id = 1 GROUP BY 1, 2"))
    tlds = data.tld_counts(demo, 1, limit=100)
    pairs = sql(demo, "SELECT DISTINCT domain, direction FROM links WHERE audit_id = 1 AND domain != ''")
    assert tlds["domains"].sum() == len(pairs)
    xyz = sum(1 for d, _ in pairs if d.endswith(".xyz"))
    assert tlds.loc[tlds["tld"] == "xyz", "domains"].sum() == xyz > 0
    bands = data.risk_bands(demo, 1)
    assert bands.loc[bands["subject"] == "links", "count"].sum() == total
    top = data.top_risky_domains(demo, 1, limit=5)
    assert len(top) == 5 and list(top["score"]) == sorted(top["score"], reverse=True)
    assert top["score"].iloc[0] == one(demo, "SELECT max(score) FROM domain_grades WHERE audit_id = 1")


def test_tld_counts_fold_the_tail_into_other(large):
    tlds = data.tld_counts(large, 1, limit=3)
    assert len(set(tlds["tld"]) - {"(other)"}) == 3 and "(other)" in set(tlds["tld"])
    assert tlds["domains"].sum() == one(large, "SELECT count(*) FROM domain_grades WHERE audit_id = 1")


# -- referring domains ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["demo", "large"])
def test_domain_filters_select_in_sql(name, request):
    db = request.getfixturevalue(name)
    everything, total = data.domains(db, 1, limit=10_000_000)
    assert total == len(everything) == one(db, "SELECT count(*) FROM domain_grades WHERE audit_id = 1")
    high, n_high = data.domains(db, 1, data.DomainFilter(band="high"), limit=10_000_000)
    assert n_high == one(db, "SELECT count(*) FROM domain_grades WHERE audit_id = 1 AND band = 'high'") > 0
    assert set(high["band"]) == {"high"} and n_high < total
    inbound, n_in = data.domains(db, 1, data.DomainFilter(direction="inbound"), limit=10_000_000)
    assert set(inbound["direction"]) == {"inbound"} and 0 < n_in < total
    with_trackbacks, n_tb = data.domains(db, 1, data.DomainFilter(type="trackback"), limit=10_000_000)
    expected = set(sql(db, "SELECT DISTINCT l.domain, l.direction FROM links l JOIN items i ON i.id = l.item_id"
                           " WHERE l.audit_id = 1 AND i.type = 'trackback' AND l.domain != ''"))
    assert set(zip(with_trackbacks["domain"], with_trackbacks["direction"])) == expected and n_tb == len(expected)
    xyz, n_xyz = data.domains(db, 1, data.DomainFilter(tld=".xyz"), limit=10_000_000)
    assert n_xyz > 0 and all(d.endswith(".xyz") for d in xyz["domain"])
    word = "casino" if name == "large" else "loans"
    found, n_found = data.domains(db, 1, data.DomainFilter(search=word.upper()), limit=10_000_000)
    assert n_found == one(db, "SELECT count(*) FROM domain_grades WHERE audit_id = 1 AND domain LIKE ?",
                          f"%{word}%") > 0


def test_domain_search_takes_wildcards_literally(demo):
    assert data.domains(demo, 1, data.DomainFilter(search="%"))[1] == 0
    assert data.domains(demo, 1, data.DomainFilter(search="_"))[1] == 0


@pytest.mark.parametrize("name", ["demo", "large"])
def test_domain_paging_and_sorting(name, request):
    db = request.getfixturevalue(name)
    first, total = data.domains(db, 1, sort="domain", descending=False, limit=10, offset=0)
    second, _ = data.domains(db, 1, sort="domain", descending=False, limit=10, offset=10)
    both, _ = data.domains(db, 1, sort="domain", descending=False, limit=20, offset=0)
    assert list(first["domain"]) + list(second["domain"]) == list(both["domain"])
    assert list(both["domain"]) == sorted(both["domain"])
    by_score, _ = data.domains(db, 1, limit=total)
    assert list(by_score["score"]) == sorted(by_score["score"], reverse=True)
    with pytest.raises(BacklintError, match="cannot sort"):
        data.domains(db, 1, sort="domain; DROP TABLE links")


def test_domain_detail_holds_the_evidence(demo):
    domain = one(demo, "SELECT domain FROM domain_grades WHERE audit_id = 1 AND direction = 'inbound'"
                       " AND domain GLOB '*[a-z]*' ORDER BY score DESC LIMIT 1")
    d = data.domain_detail(demo, 1, "https://www." + domain + "/some/page")
    assert d["domain"] == domain and d["inbound"]
    grade = next(g for g in d["grades"] if g["direction"] == "inbound")
    stored = sql(demo, "SELECT score, reasons, recommendation FROM domain_grades WHERE audit_id = 1 AND domain = ?"
                       " AND direction = 'inbound'", domain)[0]
    assert (grade["score"], grade["reasons"], grade["recommendation"]) == (stored[0], json.loads(stored[1]),
                                                                           stored[2])
    assert d["links_total"] == one(demo, "SELECT count(*) FROM links WHERE audit_id = 1 AND domain = ?", domain)
    assert d["items_total"] == one(demo, "SELECT count(DISTINCT item_id) FROM links WHERE audit_id = 1"
                                         " AND domain = ?", domain) == len(d["items"])
    assert len(d["ping_checks"]) == one(demo, "SELECT count(*) FROM ping_checks p JOIN links l ON l.item_id ="
                                              " p.item_id AND l.is_author_link = 1 WHERE l.audit_id = 1"
                                              " AND l.domain = ?", domain) > 0
    with pytest.raises(BacklintError, match="not a referring domain"):
        data.domain_detail(demo, 1, "never-seen.example")


# -- items --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["demo", "large"])
def test_item_filters_and_paging(name, request):
    db = request.getfixturevalue(name)
    _, total = data.items(db, 1, limit=1)
    assert total == one(db, "SELECT count(*) FROM items WHERE audit_id = 1")
    pings, n_pings = data.items(db, 1, data.ItemFilter(type="pingback"), limit=10_000_000)
    assert set(pings["type"]) == {"pingback"} and n_pings == one(
        db, "SELECT count(*) FROM items WHERE audit_id = 1 AND type = 'pingback'")
    high, n_high = data.items(db, 1, data.ItemFilter(band="high"), limit=50)
    assert set(high["band"]) == {"high"} and n_high == one(
        db, "SELECT count(*) FROM item_grades WHERE audit_id = 1 AND band = 'high'")
    inbound, n_inbound = data.items(db, 1, data.ItemFilter(direction="inbound"), limit=10_000_000)
    assert n_inbound == one(db, "SELECT count(DISTINCT item_id) FROM links WHERE audit_id = 1"
                                " AND direction = 'inbound'") == len(inbound)
    word = "payday"
    found, n_found = data.items(db, 1, data.ItemFilter(search=word), limit=10_000_000)
    assert n_found == one(db, "SELECT count(*) FROM items WHERE audit_id = 1 AND (author_name LIKE ?"
                              " OR author_url LIKE ? OR text LIKE ? OR post_url LIKE ?)", *[f"%{word}%"] * 4) > 0
    first, _ = data.items(db, 1, limit=5)
    second, _ = data.items(db, 1, limit=5, offset=5)
    ten, _ = data.items(db, 1, limit=10)
    assert list(first["item"]) + list(second["item"]) == list(ten["item"])
    assert list(ten["score"]) == sorted(ten["score"], reverse=True)


def test_items_link_to_the_site_and_to_wordpress(demo):
    rows, _ = data.items(demo, 1, data.ItemFilter(type="comment"), limit=3)
    site = one(demo, "SELECT url FROM sites WHERE id = 1").rstrip("/")
    for row in rows.itertuples():
        assert row.item_url == f"{row.post_url}#comment-{row.site_item_id}"
        assert row.edit_url == f"{site}/wp-admin/comment.php?action=editcomment&c={row.site_item_id}"
    detail = data.item_detail(demo, 1, int(rows["item"].iloc[0]))
    assert detail["text"] == one(demo, "SELECT text FROM items WHERE id = ?", int(rows["item"].iloc[0]))
    assert "author_email" not in detail and "author_ip" not in detail
    assert len(detail["links"]) == one(demo, "SELECT count(*) FROM links WHERE item_id = ?", int(rows["item"].iloc[0]))


def test_hostile_items_come_back_as_they_were_written(tmp_path_factory):
    db = hostile_store(tmp_path_factory)
    rows, _ = data.items(db, 1, data.ItemFilter(search="hostile-post"), limit=100)
    assert sorted(rows["site_item_id"]) == ["900001", "900002", "900003"]
    assert data.items(db, 1, data.ItemFilter(search="#900002"))[0]["author_name"].tolist() == ["Mallory"]
    found, _ = data.items(db, 1, data.ItemFilter(search="HYPERLINK"), limit=10)
    assert list(found["author_name"]) == [HYPERLINK]
    item = int(sql(db, "SELECT id FROM items WHERE site_item_id = '900003'")[0][0])
    assert data.item_detail(db, 1, item)["author_name"] == LONG_NAME
    mallory = int(sql(db, "SELECT id FROM items WHERE site_item_id = '900002'")[0][0])
    detail = data.item_detail(db, 1, mallory)
    assert detail["text"] == SCRIPT and detail["author_url"] == "javascript:alert(1)"
    assert data.item_url("javascript:alert(1)", "1") == ""


# -- cleanup plan and overrides --------------------------------------------------------------------------

def test_plan_summary_counts_every_recommendation(demo):
    plan = data.plan_summary(demo, 1)
    for subject, direction in (("inbound", "inbound"), ("outbound_ugc", "outbound_ugc")):
        expected = dict(sql(demo, "SELECT recommendation, count(*) FROM domain_grades WHERE audit_id = 1"
                                  " AND direction = ? GROUP BY 1", direction))
        assert dict(plan.loc[plan["subject"] == subject, ["action", "count"]].values.tolist()) == expected
    items = dict(sql(demo, "SELECT recommendation, count(*) FROM item_grades WHERE audit_id = 1 GROUP BY 1"))
    assert dict(plan.loc[plan["subject"] == "items", ["action", "count"]].values.tolist()) == items
    entries, total = data.plan_entries(demo, 1, "items", SPAM, limit=3)
    assert total == items[SPAM] and set(entries["action"]) == {SPAM} and len(entries) == 3
    with pytest.raises(BacklintError, match="unknown plan subject"):
        data.plan_entries(demo, 1, "sites")
    assert not data.site_recommendations(demo, 1).empty


def recommendation(db: str, domain: str, direction: str) -> str:
    return one(db, "SELECT recommendation FROM domain_grades WHERE audit_id = 1 AND domain = ? AND direction = ?",
               domain, direction)


def test_domain_overrides_persist_across_regrading(demo_copy):
    db = demo_copy
    inbound = one(db, "SELECT domain FROM domain_grades WHERE audit_id = 1 AND direction = 'inbound'"
                      " AND recommendation = 'keep' AND guarded = 0 ORDER BY domain LIMIT 1")
    assert data.set_override(db, 1, "domain", inbound, "disavow", "a link scheme") == inbound
    assert recommendation(db, inbound, "inbound") == DISAVOW
    data.grade(db, 1)  # grading again keeps the user's decision
    assert recommendation(db, inbound, "inbound") == DISAVOW
    assert data.overrides(db, 1)[["subject", "key", "action", "note"]].values.tolist() == [
        ["domain", inbound, "disavow", "a link scheme"]]
    assert data.domains(db, 1, data.DomainFilter(search=inbound))[0]["your_decision"].tolist() == ["disavow"]
    data.clear_override(db, 1, "domain", inbound)
    assert recommendation(db, inbound, "inbound") == KEEP
    assert data.overrides(db, 1).empty


def plan_rows(db: str) -> tuple[list[tuple], list[tuple]]:
    return (sql(db, "SELECT * FROM domain_grades WHERE audit_id = 1 ORDER BY domain, direction"),
            sql(db, "SELECT * FROM item_grades WHERE audit_id = 1 ORDER BY item_id"))


def test_a_decision_rewrites_the_plan_as_a_full_grading_would(demo_copy):
    """Keep, spam and disavow change one subject's recommendation at once, without grading
    again; the rows equal what grading the audit again writes, when set and when cleared."""
    db = demo_copy
    gradings = one(db, "SELECT count(*) FROM gradings WHERE audit_id = 1")
    decisions = []
    for band in ("high", "medium", "low"):
        for direction, action in (("inbound", "disavow"), ("inbound", "keep"), ("outbound_ugc", "spam"),
                                  ("outbound_ugc", "keep")):
            found = sql(db, "SELECT domain FROM domain_grades WHERE audit_id = 1 AND band = ? AND direction = ?"
                            " AND domain NOT IN (SELECT domain FROM links WHERE audit_id = 1 AND direction != ?)"
                            " AND why != 'your own site' ORDER BY score DESC, domain LIMIT 1", band, direction,
                            direction)
            if found and found[0][0] not in [d for _, d, _ in decisions]:
                decisions.append(("domain", found[0][0], action))
    pings = [r[0] for r in sql(db, "SELECT item_key FROM items i JOIN item_grades g ON g.item_id = i.id"
                                   " WHERE i.audit_id = 1 AND i.type != 'comment' ORDER BY g.score DESC LIMIT 2")]
    comments = [r[0] for r in sql(db, "SELECT item_key FROM items i JOIN item_grades g ON g.item_id = i.id"
                                      " WHERE i.audit_id = 1 AND i.type = 'comment' ORDER BY g.score, i.id LIMIT 2")]
    decisions += [("item", pings[0], "keep"), ("item", pings[1], "spam"), ("item", comments[0], "spam"),
                  ("item", comments[1], "keep")]
    assert len(decisions) >= 8
    before = plan_rows(db)
    for subject, key, action in decisions:
        data.set_override(db, 1, subject, key, action, "checked by hand")
    assert one(db, "SELECT count(*) FROM gradings WHERE audit_id = 1") == gradings, "no grading was run"
    replanned = plan_rows(db)
    assert replanned != before
    data.grade(db, 1)
    assert plan_rows(db) == replanned
    for subject, key, _ in decisions:
        data.clear_override(db, 1, subject, key)
    assert plan_rows(db) == before
    data.grade(db, 1)
    assert plan_rows(db) == before


def test_disavow_is_refused_for_outbound_comment_domains(demo_copy):
    db = demo_copy
    outbound = one(db, "SELECT domain FROM domain_grades WHERE audit_id = 1 AND domain NOT IN"
                       " (SELECT domain FROM links WHERE audit_id = 1 AND direction = 'inbound') LIMIT 1")
    with pytest.raises(BacklintError, match="disavow only acts on links to your site"):
        data.set_override(db, 1, "domain", outbound, "disavow")
    own = one(db, "SELECT domain FROM domain_grades WHERE audit_id = 1 AND direction = 'inbound'"
                  " AND why = 'your own site'")
    with pytest.raises(BacklintError, match="your own site"):
        data.set_override(db, 1, "domain", own, "disavow")
    with pytest.raises(BacklintError, match="can be set to"):
        data.set_override(db, 1, "item", 1, "disavow")
    with pytest.raises(BacklintError, match="not a referring domain"):
        data.set_override(db, 1, "domain", "never-seen.example", "keep")
    assert data.overrides(db, 1).empty


def test_allowlist_and_item_overrides(demo_copy):
    db = demo_copy
    spammy = one(db, "SELECT domain FROM domain_grades WHERE audit_id = 1 AND band = 'high'"
                     " AND direction = 'outbound_ugc' ORDER BY domain LIMIT 1")
    data.set_override(db, 1, "domain", spammy, "allowlist")
    assert sql(db, "SELECT band, recommendation FROM domain_grades WHERE audit_id = 1 AND domain = ?",
               spammy) == [("low", KEEP)]
    item, key = sql(db, "SELECT g.item_id, i.item_key FROM item_grades g JOIN items i ON i.id = g.item_id"
                        " WHERE g.audit_id = 1 AND g.recommendation = 'keep' ORDER BY g.item_id LIMIT 1")[0]
    assert data.set_override(db, 1, "item", item, "spam", "I know this one") == key
    assert one(db, "SELECT recommendation FROM item_grades WHERE item_id = ?", item) == SPAM
    assert data.items(db, 1, data.ItemFilter(recommendation=SPAM), limit=1000)[0].set_index("item").loc[
        item, "your_decision"] == "spam"


# -- compare audits -------------------------------------------------------------------------------------

def test_compare_two_audits_of_a_site(demo_copy):
    db = demo_copy
    audit, lost, new = second_audit(db)
    result = data.compare_audits(db, 1, audit)
    assert set(result["lost_domains"]["domain"]) == lost and result["lost_domains_total"] == len(result["lost_domains"])
    assert set(result["new_domains"]["domain"]) == new
    lost_links = one(db, "SELECT count(*) FROM (SELECT url, direction FROM links WHERE audit_id = 1"
                         " EXCEPT SELECT url, direction FROM links WHERE audit_id = ?)", audit)
    assert result["lost_links_total"] == lost_links > 0 and result["new_links_total"] == 1
    assert result["health_old"] == data.health_score(db, 1)[0]
    assert result["health_new"] == data.health_score(db, audit)[0]
    assert result["health_delta"] == result["health_new"] - result["health_old"]
    assert data.comparable_audits(db, 1)["audit_id"].tolist() == [audit]


def test_compare_refuses_audits_of_two_sites(demo_copy):
    db = demo_copy
    store = Store(db)
    other = store.start_audit(store.ensure_site("https://other.example/"), "https://other.example/", {})
    store.close()
    with pytest.raises(BacklintError, match="different sites"):
        data.compare_audits(db, 1, other)


# -- an audit with nothing in it, and the store's list -------------------------------------------------------

def test_an_empty_audit_has_zero_figures(tmp_path):
    db = str(tmp_path / "empty-audit.db")
    store = Store(db)
    audit = store.start_audit(store.ensure_site("https://quiet.example/"), "https://quiet.example/", {})
    store.finish_audit(audit, "finished", store.counts(audit), [])
    store.close()
    o = data.audit_overview(db, audit)
    assert (o["items"], o["links"], o["referring_domains"], o["graded"]) == (0, 0, 0, False)
    assert data.link_summary(db, audit).empty and data.links_over_time(data.link_facets(db, audit)).empty
    assert data.items(db, audit)[1] == 0
    data.grade(db, audit)
    assert data.health_score(db, audit)[0] == 100
    assert data.domains(db, audit)[1] == 0


def test_audits_and_sites_lists(demo_copy):
    db = demo_copy
    audits = data.audits(db)
    assert audits["audit_id"].tolist() == [1] and bool(audits["graded"].iloc[0])
    assert audits["items"].iloc[0] == one(db, "SELECT count(*) FROM items WHERE audit_id = 1")
    assert data.sites(db)["site_url"].tolist() == [one(db, "SELECT url FROM sites")]
    token = data.store_token(db)
    data.set_override(db, 1, "domain", one(db, "SELECT domain FROM domain_grades LIMIT 1"), "keep", regrade=False)
    assert data.store_token(db) != token
    assert not data.is_empty(db)
