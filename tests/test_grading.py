"""The grading engine end to end: verify pings on real servers, grade, recommend, explain, export."""

from __future__ import annotations

import csv
import io
import json
import threading
from contextlib import closing
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from backlint.cli import cli
from backlint.explain import explain_domain
from backlint.exports import export_csv, neutralise
from backlint.records import Item, Link
from backlint.settings import load_settings
from backlint.store import Store
from crawler.verify import verify_audit
from grading.engine import grade_audit
from grading.rules import load_rules

POST = "http://blog.example/hello/"
UGC = ("nofollow", "ugc")

# What each "other site" serves, by Host header (requests reach them through `resolve`).
SOURCES = {
    "linking-blog.example": "<html><head><title>Sourdough notes</title></head><body><article>"
                            f"<p>As <a href=\"{POST}\">this post</a> explains, feed it daily.</p>"
                            "</article></body></html>",
    "fake-trackback.xyz": "<html><head><title>Fake</title></head><body><p>Nothing about you here.</p>"
                          "<a href=\"http://fake-trackback.xyz/other/\">more</a></body></html>",
    "cheap-viagra-pills24.top": "<html><head><title>Links</title></head><body><main>"
                                + "".join(f'<a href="http://site{n}.example/">site {n}</a>' for n in range(300))
                                + f'</main><footer><a href="{POST}">cheap pills</a></footer></body></html>',
}

#: Hosts that answer every request with 403 Forbidden (they block crawlers).
REFUSING = {"casino-bonus-slots24.top"}


class _Sources(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802
        host = self.headers.get("Host", "").split(":")[0]
        if host in REFUSING:
            self.send_response(403)
            self.end_headers()
            return
        if self.path == "/robots.txt" or host not in SOURCES:
            self.send_response(404)
            self.end_headers()
            return
        body = SOURCES[host].encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def sources():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Sources)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def ping(kind, n, url, name):
    return Item(type=kind, post_url=POST, site_item_id=str(n), author_name=name, author_url=url,
                links=[Link(url, name, ("external", "nofollow", "ugc"), True)])


def comment(n, name, url, text, body_links=(), rel=UGC):
    links = [Link(url, name, ("external",) + UGC, True)] if url else []
    links += [Link(u, a, rel) for u, a in body_links]
    return Item(type="comment", post_url=POST, site_item_id=str(n), author_name=name, author_url=url,
                text=text, links=links)


ITEMS = [
    ping("pingback", 1, "http://linking-blog.example/2024/feeding/", "Sourdough notes"),
    ping("trackback", 2, "http://fake-trackback.xyz/page/", "Fake"),
    ping("trackback", 3, "http://gone-blog.example/x/", "Gone"),
    ping("trackback", 4, "http://cheap-viagra-pills24.top/links/", "cheap pills"),
    comment(5, "Best Payday Loans", "http://best-payday-loans-now.xyz/",
            "Great post, thanks for sharing! Payday loans approved fast, no credit check, cheap loans today.",
            [("http://best-payday-loans-now.xyz/apply", "payday loans"),
             ("http://best-payday-loans-now.xyz/cheap", "cheap loans online")]),
    comment(6, "Anna", "https://anna-bakes.example/",
            "Thanks, this fixed my starter. I wrote about mine here.",
            [("https://anna-bakes.example/starter/", "here")]),
    comment(7, "Tom", None, "Which flour do you use?", [("https://flour.example/", "this flour")], rel=()),
]


@pytest.fixture(scope="module")
def graded(tmp_path_factory, sources):
    db = str(tmp_path_factory.mktemp("grading") / "g.db")
    store = Store(db)
    audit = store.start_audit(store.ensure_site("http://blog.example/"), "http://blog.example/", {})
    store.save_items(audit, POST, ITEMS)
    store.refresh_referring_domains(audit)
    store.close()
    hosts = ["linking-blog.example", "fake-trackback.xyz", "gone-blog.example", "cheap-viagra-pills24.top"]
    settings = load_settings(env={}, overrides={
        "delay": 0, "max_retries": 0, "read_timeout": 2, "resolve": tuple(f"{h}={sources}" for h in hosts)})
    counts = verify_audit(db, audit, settings)
    summary = grade_audit(db, audit)
    return db, audit, counts, summary


def rows(db, sql, *args):
    store = Store(db)
    try:
        return [dict(r) for r in store.conn.execute(sql, args)]
    finally:
        store.close()


def test_every_ping_is_verified(graded):
    _, _, counts, _ = graded
    assert counts == {"alive": 3, "dead": 1, "no_link": 1, "checked": 4}


def test_items_are_graded_with_reasons(graded):
    db, audit, _, _ = graded
    grades = {r["site_item_id"]: r for r in rows(
        db, "SELECT i.site_item_id, g.* FROM item_grades g JOIN items i ON i.id = g.item_id WHERE g.audit_id = ?",
        audit)}
    assert set(grades) == {str(n) for n in range(1, 8)}
    assert all(0 <= g["score"] <= 100 for g in grades.values())
    assert grades["5"]["band"] == "high" and grades["6"]["band"] == "low"
    reasons = json.loads(grades["5"]["reasons"])
    assert reasons and all({"signal", "points", "evidence"} <= set(r) for r in reasons)
    assert sum(r["points"] for r in reasons) >= grades["5"]["score"]


def test_fake_and_dead_pings_are_cleanup_items_never_disavowed(graded):
    db, audit, _, _ = graded
    items = {r["site_item_id"]: r for r in rows(
        db, "SELECT i.site_item_id, g.recommendation, g.why FROM item_grades g JOIN items i ON i.id = g.item_id"
            " WHERE g.audit_id = ?", audit)}
    assert items["2"]["recommendation"] == "delete or mark spam" and "fake trackback" in items["2"]["why"]
    assert items["3"]["recommendation"] == "delete or mark spam" and "gone" in items["3"]["why"]
    domains = {r["domain"]: r for r in rows(db, "SELECT * FROM domain_grades WHERE audit_id = ?", audit)}
    assert domains["fake-trackback.xyz"]["recommendation"] == "delete the pings (no link to you)"


def test_a_high_risk_claim_that_cannot_be_confirmed_says_why(tmp_path, sources):
    """Never disavowed unconfirmed; the plan says what stopped the check, and a gone source is
    nothing to disavow."""
    db = str(tmp_path / "unconfirmed.db")
    store = Store(db)
    audit = store.start_audit(store.ensure_site("http://blog.example/"), "http://blog.example/", {})
    store.save_items(audit, POST, [
        ping("trackback", 1, "http://casino-bonus-slots24.top/best/", "casino bonus free spins"),
        ping("trackback", 2, "http://cheap-casino-slots99.xyz/x/", "cheap casino slots")])
    store.refresh_referring_domains(audit)
    store.close()
    hosts = ["casino-bonus-slots24.top", "cheap-casino-slots99.xyz"]
    settings = load_settings(env={}, overrides={
        "delay": 0, "max_retries": 0, "read_timeout": 2, "resolve": tuple(f"{h}={sources}" for h in hosts)})
    verify_audit(db, audit, settings)
    grade_audit(db, audit)
    domains = {r["domain"]: r for r in rows(db, "SELECT * FROM domain_grades WHERE audit_id = ?", audit)}
    blocked = domains["casino-bonus-slots24.top"]
    assert blocked["band"] == "high" and blocked["recommendation"] == "verify the link"
    assert "refuses to be checked (HTTP 403)" in blocked["why"] and "open it in a browser" in blocked["why"]
    gone = domains["cheap-casino-slots99.xyz"]
    assert gone["recommendation"] == "delete the pings (no link to you)" and "its source is gone" in gone["why"]
    assert "HTTP 404" in gone["why"]
    assert {r["recommendation"] for r in domains.values()}.isdisjoint({"disavow domain"})


def test_disavow_only_for_existing_high_risk_inbound_links(graded):
    db, audit, _, _ = graded
    domains = {(r["domain"], r["direction"]): r for r in rows(
        db, "SELECT * FROM domain_grades WHERE audit_id = ?", audit)}
    assert domains[("cheap-viagra-pills24.top", "inbound")]["band"] == "high"
    assert domains[("cheap-viagra-pills24.top", "inbound")]["recommendation"] == "disavow domain"
    disavowed = {d for (d, direction), r in domains.items() if r["recommendation"] == "disavow domain"}
    assert disavowed == {"cheap-viagra-pills24.top"}
    # DOMAIN.md §1: outbound comment links are never disavowed, however spammy.
    assert domains[("best-payday-loans-now.xyz", "outbound_ugc")]["band"] == "high"
    assert domains[("best-payday-loans-now.xyz", "outbound_ugc")]["recommendation"] == "delete or mark spam"


def test_outbound_hygiene(graded):
    db, audit, _, summary = graded
    flagged = rows(db, "SELECT l.url, g.recommendation FROM link_grades g JOIN links l ON l.id = g.link_id"
                       " WHERE g.audit_id = ? AND g.recommendation LIKE 'add rel%'", audit)
    assert flagged == [{"url": "https://flour.example/", "recommendation": 'add rel="ugc nofollow"'}]
    assert any("ugc nofollow" in r["action"] for r in summary.site_recommendations)


def test_explain_names_reasons_items_and_ping_checks(graded):
    db, audit, _, _ = graded
    data = explain_domain(db, "http://www.cheap-viagra-pills24.top/x", audit)
    (grade,) = data["grades"]
    signals = {r["signal"] for r in grade["reasons"]}
    assert {"domain.abused_tld", "domain.item_grades"} <= signals
    assert [i["id"] for i in data["items"]] == ["4"]
    assert data["ping_checks"][0]["links_to_target"] == 1 and data["ping_checks"][0]["placement"] == "footer"


def test_user_rules_change_the_grade_and_guard_holds(graded, tmp_path):
    db, audit, _, _ = graded
    rules_file = tmp_path / "mine.toml"
    rules_file.write_text('[allowlist]\ndomains = ["cheap-viagra-pills24.top"]\n'
                          '[weights]\n"domain.abused_tld" = 0\n')
    grade_audit(db, audit, load_rules(rules_file))
    domain = rows(db, "SELECT * FROM domain_grades WHERE audit_id = ? AND domain = 'cheap-viagra-pills24.top'",
                  audit)[0]
    assert (domain["score"], domain["recommendation"]) == (0, "keep") and "allowlist" in domain["why"]
    grade_audit(db, audit)  # back to the defaults for the other tests
    assert load_rules().is_guarded("city.gov.uk", frozenset()) and load_rules().is_guarded("blogspot.com", frozenset())


def test_negative_weight_is_refused(tmp_path):
    from backlint.errors import ConfigError

    rules_file = tmp_path / "bad.toml"
    rules_file.write_text('[weights]\n"domain.abused_tld" = -5\n')
    with pytest.raises(ConfigError, match="negative"):
        load_rules(rules_file)


def test_grading_is_deterministic(graded):
    db, audit, _, _ = graded
    before = rows(db, "SELECT * FROM item_grades WHERE audit_id = ? ORDER BY item_id", audit)
    grade_audit(db, audit)
    assert rows(db, "SELECT * FROM item_grades WHERE audit_id = ? ORDER BY item_id", audit) == before


def test_csv_export_columns_bom_and_neutralised_cells(graded, tmp_path):
    db, audit, _, _ = graded
    out = tmp_path / "items.csv"
    assert export_csv(db, "items", str(out), audit) == 7
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0] == ["item_id", "type", "author_name", "author_url", "post_url", "date", "text", "score",
                        "band", "reasons", "recommendation", "why"]
    assert out.with_name("d.csv") and export_csv(db, "domains", str(tmp_path / "d.csv"), audit) > 0
    header = (tmp_path / "d.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("domain,direction,score,band,reasons,recommendation")


def test_hostile_content_is_exported_safely(tmp_path):
    db = str(tmp_path / "h.db")
    store = Store(db)
    audit = store.start_audit(store.ensure_site("http://blog.example/"), "http://blog.example/", {})
    store.save_items(audit, POST, [comment(1, '=HYPERLINK("http://evil.example","click")', None,
                                           "<script>alert(1)</script>" + "x" * 10_000),
                                   comment(2, "@SUM(1+1)", None, "-2+3")])
    store.close()
    grade_audit(db, audit)
    out = tmp_path / "items.csv"
    export_csv(db, "items", str(out), audit)
    table = {r[0]: r for r in csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")))}
    assert table["1"][2] == '\'=HYPERLINK("http://evil.example","click")'
    assert table["1"][6].startswith("<script>")  # text is data in a CSV, never markup
    assert table["2"][2] == "'@SUM(1+1)" and table["2"][6] == "'-2+3"
    assert [neutralise(v) for v in ("\tx", "\rx", "+1", "ok", 5)] == ["'\tx", "'\rx", "'+1", "ok", 5]


def test_cli_grade_explain_export(graded, tmp_path):
    db, audit, _, _ = graded
    runner = CliRunner()
    result = runner.invoke(cli, ["grade", "--db", db, "--offline", "--audit", str(audit)])
    assert result.exit_code == 0, result.output
    assert "Items" in result.output and "disavow domain" in result.output
    result = runner.invoke(cli, ["explain", "cheap-viagra-pills24.top", "--db", db])
    assert result.exit_code == 0 and "domain.abused_tld" in result.output and "disavow domain" in result.output
    out = tmp_path / "links.csv"
    result = runner.invoke(cli, ["export", "--db", db, "--what", "links", "--format", "csv", "--out", str(out)])
    assert result.exit_code == 0 and out.exists() and "Wrote" in result.output
    result = runner.invoke(cli, ["explain", "never-seen.example", "--db", db])
    assert result.exit_code == 1 and "Error: never-seen.example is not a referring domain" in result.output


def test_cli_import_learn_and_grade_with_the_model(tmp_path):
    from pathlib import Path

    data = Path(__file__).resolve().parents[2] / "shared" / "data" / "youtube-spam-dev"
    db = str(tmp_path / "y.db")
    runner = CliRunner()
    result = runner.invoke(cli, ["import", str(data / "Youtube01-Psy.csv"), "--site", "https://psy.example/",
                                 "--db", db])
    assert result.exit_code == 0 and "Imported 350 of 350" in result.output and "Labels" in result.output
    again = runner.invoke(cli, ["import", str(data / "Youtube01-Psy.csv"), "--site", "https://psy.example/",
                                "--db", db])
    assert "already imported" in again.output
    result = runner.invoke(cli, ["learn", "--db", db])
    assert result.exit_code == 0 and "from 350 labels (175 spam)" in result.output
    result = runner.invoke(cli, ["grade", "--db", db, "--offline"])
    assert result.exit_code == 0 and "with the learned model" in result.output
    graded = rows(db, "SELECT g.reasons FROM item_grades g")
    assert any("model.comment_spam" in r["reasons"] for r in graded)
    # The model learned from the comments as stored: links read from the store, not rebuilt.
    from grading.learning import labelled_items

    store = Store(db)
    try:
        labels = store.conn.execute("SELECT item_key, author, author_url, text, label FROM labels"
                                    " ORDER BY item_key").fetchall()
        stored = dict(store.conn.execute("SELECT i.item_key, count(l.id) FROM items i LEFT JOIN links l"
                                         " ON l.item_id = i.id GROUP BY i.id"))
        items = labelled_items(store, 1, labels)
    finally:
        store.close()
    assert [item.key for item in items] == [row["item_key"] for row in labels]
    assert [len(item.links) for item in items] == [stored[row["item_key"]] for row in labels]
    assert sum(len(item.links) for item in items) > 50 and all(item.post_url for item in items)
    orphan = dict(labels[0]) | {"item_key": "never-stored", "text": "check out my channel",
                                "author_url": "https://spam.example/"}
    with closing(Store(db)) as store:
        rebuilt = labelled_items(store, 1, [orphan])[0]
    assert rebuilt.text == "check out my channel" and rebuilt.links[0].domain == "spam.example"


def test_overrides_survive_regrading_and_disavow_stays_inbound_only(graded):
    db, audit, _, _ = graded
    store = Store(db)
    site = store.audit(audit)["site_id"]
    store.set_override(site, "item", "id:5", "keep", "a customer, really")
    store.set_override(site, "domain", "best-payday-loans-now.xyz", "disavow")
    store.set_override(site, "domain", "linking-blog.example", "disavow")
    store.close()
    try:
        grade_audit(db, audit)
        item = rows(db, "SELECT g.recommendation, g.why FROM item_grades g JOIN items i ON i.id = g.item_id"
                        " WHERE i.item_key = 'id:5' AND g.audit_id = ?", audit)[0]
        assert item["recommendation"] == "keep" and "your decision" in item["why"] and "a customer" in item["why"]
        domains = {r["domain"]: r for r in rows(db, "SELECT * FROM domain_grades WHERE audit_id = ?", audit)}
        assert domains["best-payday-loans-now.xyz"]["recommendation"] == "delete or mark spam"
        assert "only acts on links to your site" in domains["best-payday-loans-now.xyz"]["why"]
        assert domains["linking-blog.example"]["recommendation"] == "disavow domain"
    finally:
        store = Store(db)
        for subject, key in (("item", "id:5"), ("domain", "best-payday-loans-now.xyz"),
                             ("domain", "linking-blog.example")):
            store.clear_override(site, subject, key)
        store.close()
        grade_audit(db, audit)


def test_the_plan_names_what_kept_a_claim_unconfirmed():
    from backlint.records import PingCheck
    from grading.core import Grade
    from grading.plan import Plan as _Plan

    def check(status, **fields):
        base = dict(source_url="http://spam.example/p", target_url=POST, status=status, http_status=None,
                    links_to_target=False, error=None)
        return PingCheck(**{**base, **fields})

    high = Grade(80, "high")
    cases = {
        "unreachable": ([check("unreachable", error="timed out")], "could not be reached when checked (timed out)"),
        "robots": ([check("blocked", error="robots.txt disallows http://spam.example/p for our User-Agent")],
                   "refuses to be checked (robots.txt disallows"),
        "cut": ([check("alive", http_status=200, error="the page was cut at 5 MB")], "no source could be read whole"),
        "none": ([], "run `backlint verify`"),
    }
    for name, (checks, expected) in cases.items():
        plan = _Plan(load_rules(), frozenset({"blog.example"}), {f"k{n}": c for n, c in enumerate(checks)})
        rec, why, _ = plan.for_domain("spam.example", "inbound", high, ["k0"])
        assert rec == "verify the link" and expected in why, name
