"""Exports end to end: a hand-built audit, pings verified on a real server, graded with fixed
weights, then the plan CSV, the disavow file and the WP-CLI script pinned byte for byte and
the HTML report checked for escaping and self-containment."""

from __future__ import annotations

import csv
import io
import re
import sqlite3
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import lxml.html
import pytest
from click.testing import CliRunner

from backlint import __version__, exports
from backlint.cli import cli
from backlint.errors import BacklintError
from backlint.exports import csv_bytes, disavow_file, export_csv, html_report, one_line, plan_csv_bytes, wp_cli_commands
from backlint.records import Item, Link
from backlint.settings import load_settings
from backlint.store import Store
from crawler.importers.disavow import parse_disavow
from crawler.importers.run import import_file
from crawler.verify import verify_audit
from grading.engine import grade_audit
from grading.rules import load_rules

SITE = "http://blog.example/"
POST = "http://blog.example/hello/"
TODAY = date(2025, 1, 15)
HYPERLINK = '=HYPERLINK("http://evil.example","click")'
SCRIPT = "<script>alert(1)</script>"
LONG_NAME = "<b>" + "N" * 9993 + "</b>"

# Each "other site" by Host header; requests reach this server through the `resolve` setting.
LINKS_TO_US = f'<html><head><title>Notes</title></head><body><p><a href="{POST}">a post</a></p></body></html>'
SOURCES = {
    "linking-blog.example": LINKS_TO_US,
    "spam-links.top": LINKS_TO_US,
    "spam-network.example": LINKS_TO_US,
    "university.edu": LINKS_TO_US,
    "fake-trackback.xyz": "<html><head><title>Fake</title></head><body><p>Nothing about you.</p></body></html>",
}
PING_HOSTS = [*SOURCES, "gone-blog.example"]

# Only these signals count, so every score below is a sum one can do by hand.
WEIGHTS = {"domain.blocklisted": 100, "ping.no_link": 70, "ping.source_dead": 25, "domain.item_grades": 70,
           "hygiene.missing_ugc_nofollow": 10}
BLOCKLIST = ["spam-links.top", "spam-network.example", "payday-spam.xyz", "203.0.113.9"]
# A ping from a bare IP address: checked by hand (tests reach 127.0.0.1 only), listed by URL.
IP_PING = "http://203.0.113.9/spam/page.html"


class _Sources(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802
        host = self.headers.get("Host", "").split(":")[0]
        body = SOURCES.get(host, "").encode()
        self.send_response(200 if body and self.path != "/robots.txt" else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def ping(kind, n, host, name):
    url = f"http://{host}/post/"
    return Item(type=kind, post_url=POST, site_item_id=str(n), author_name=name, author_url=url,
                date=f"2024-03-{n:02d}T10:00:00", engine="wordpress",
                links=[Link(url, name, ("external", "nofollow", "ugc"), True)])


def comment(n, name, url, text="", body_links=(), rel=("nofollow", "ugc"), status=None):
    links = [Link(url, name, ("external", "nofollow", "ugc"), True)] if url else []
    links += [Link(u, a, rel) for u, a in body_links]
    return Item(type="comment", post_url=POST, site_item_id=n, author_name=name, author_url=url, text=text,
                date=f"2024-05-{n}T10:00:00" if n and n.isdigit() else None, engine="wordpress", links=links,
                status=status)


ITEMS = [
    ping("pingback", 1, "linking-blog.example", "Sourdough notes"),
    ping("trackback", 2, "fake-trackback.xyz", "Fake"),
    ping("trackback", 3, "gone-blog.example", "Gone"),
    ping("trackback", 4, "spam-links.top", "Links"),
    ping("pingback", 5, "spam-network.example", "Network"),
    ping("pingback", 6, "university.edu", "Faculty blog"),
    comment("7", "Best Payday Loans", "http://payday-spam.xyz/"),
    comment("8", HYPERLINK, "http://payday-spam.xyz/b", SCRIPT),
    comment(None, LONG_NAME, "http://payday-spam.xyz/c", "no id here"),
    comment("12; rm -rf /", "Shell", "http://payday-spam.xyz/d"),
    comment("11", "Tom", None, "Which flour?", [("https://flour.example/", "this flour")], rel=()),
    comment("13", "Loyal Reader", "http://payday-spam.xyz/e"),
    comment("14", SCRIPT, "http://payday-spam.xyz/f", status="spam"),
]


@pytest.fixture(scope="module")
def sources():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Sources)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def rules_file(path):
    """Every known weight off except WEIGHTS: the scores stay put when signals are added."""
    lines = ["[weights]"] + [f'"{name}" = {WEIGHTS.get(name, 0)}' for name in sorted(load_rules().weights)]
    lines += ["[blocklist]", f"domains = {BLOCKLIST!r}".replace("'", '"')]
    path.write_text("\n".join(lines) + "\n")
    return load_rules(path)


@pytest.fixture(scope="module")
def audit(tmp_path_factory, sources):
    tmp = tmp_path_factory.mktemp("exports")
    db = str(tmp / "e.db")
    store = Store(db)
    site = store.ensure_site(SITE)
    audit_id = store.start_audit(site, SITE, {})
    store.save_items(audit_id, POST, ITEMS)
    store.refresh_referring_domains(audit_id)
    store.set_override(site, "item", "id:13", "keep", "a customer, really")
    store.set_override(site, "domain", "university.edu", "disavow")  # guarded: never written
    store.set_override(site, "domain", "partner.example", "allowlist")
    # Fixed dates, so the exports are fixed bytes.
    store.conn.execute("UPDATE audits SET started_at = '2025-01-10T08:00:00+00:00'")
    store.conn.execute("UPDATE overrides SET created_at = '2025-01-12T09:00:00+00:00'")
    store.close()
    settings = load_settings(env={}, overrides={
        "delay": 0, "max_retries": 0, "read_timeout": 2, "resolve": tuple(f"{h}={sources}" for h in PING_HOSTS)})
    assert verify_audit(db, audit_id, settings)["checked"] == 6
    store = Store(db)
    store.save_items(audit_id, POST, [Item(type="pingback", post_url=POST, site_item_id="15", author_name="IP",
                                           author_url=IP_PING, date="2024-03-15T10:00:00", engine="wordpress",
                                           links=[Link(IP_PING, "IP", ("external",), True)])])
    store.conn.execute(
        "INSERT INTO ping_checks (audit_id, item_id, source_url, target_url, status, http_status, links_to_target,"
        " link_url, checked_at) SELECT ?, id, ?, ?, 'alive', 200, 1, ?, '2025-01-10T09:00:00+00:00' FROM items"
        " WHERE item_key = 'id:15'", (audit_id, IP_PING, POST, POST))
    store.close()
    grade_audit(db, audit_id, rules_file(tmp / "rules.toml"))
    return db, audit_id


def test_plan_csv_exact_bytes(audit, tmp_path):
    db, audit_id = audit
    data = plan_csv_bytes(db, audit_id)
    assert data == PLAN_CSV.replace("{LONG_NAME}", LONG_NAME).encode("utf-8-sig")
    # One function, three doors: the same bytes from csv_bytes and from the file export.
    assert csv_bytes(db, "plan", audit_id) == data
    assert export_csv(db, "plan", str(tmp_path / "plan.csv"), audit_id) == data.count(b"\r\n") - 1
    assert (tmp_path / "plan.csv").read_bytes() == data


def test_csv_exports_are_the_file_bytes_and_hostile_cells_are_neutralised(audit, tmp_path):
    db, audit_id = audit
    for what in ("domains", "items", "links"):
        export_csv(db, what, str(tmp_path / f"{what}.csv"), audit_id)
        assert csv_bytes(db, what, audit_id) == (tmp_path / f"{what}.csv").read_bytes()
    items = {r[0]: r for r in csv.reader(io.StringIO(csv_bytes(db, "items").decode("utf-8-sig")))}
    assert items["8"][2] == "'" + HYPERLINK and items["8"][6] == SCRIPT
    assert items["14"][2] == SCRIPT
    with pytest.raises(BacklintError, match="unknown export"):
        csv_bytes(db, "everything", audit_id)


def test_disavow_file_without_a_previous_file(audit):
    db, audit_id = audit
    result = disavow_file(db, audit_id, base="", today=TODAY)
    assert result.text == DISAVOW_NEW.format(version=__version__)
    assert (result.added, result.removed, result.kept, result.errors) == (
        [IP_PING, "domain:spam-links.top", "domain:spam-network.example"], [], [], [])
    checked = parse_disavow(result.data)
    assert checked.errors == [] and checked.domains == {"spam-links.top", "spam-network.example"}
    assert checked.urls == {IP_PING}  # an IP address is no domain: its page is listed
    # Outbound comment domains (however spammy), guarded ones (even when chosen) and fake pings: never.
    for never in ("payday-spam.xyz", "university.edu", "fake-trackback.xyz", "flour.example"):
        assert never not in result.text


BASE = """# uploaded 2024-06-01
# link network
domain:old-spam.example
http://old-spam2.example/page.html
domain:partner.example
spam2.example/page
domain:http://bad.example/x
domain:spam-links.top
http://sub.partner.example/p
domain:old-spam.example
"""


def test_disavow_file_merged_with_the_previous_file(audit):
    db, audit_id = audit
    result = disavow_file(db, audit_id, base=BASE.encode(), today=TODAY)
    assert result.text == DISAVOW_MERGED.format(version=__version__)
    assert result.added == [IP_PING, "domain:spam-network.example"]
    assert result.removed == ["domain:partner.example", "http://sub.partner.example/p"]  # allowlisted
    assert result.kept == ["domain:old-spam.example", "http://old-spam2.example/page.html", "domain:spam-links.top"]
    assert [(e.line, e.suggestion) for e in result.errors] == [(6, "http://spam2.example/page"),
                                                               (7, "domain:bad.example")]
    assert result.summary() == "2 added, 2 removed, 3 kept, 2 invalid line(s) of the previous file dropped"
    checked = parse_disavow(result.text)
    assert checked.errors == []
    assert checked.domains == {"old-spam.example", "spam-links.top", "spam-network.example"}
    assert checked.urls == {"http://old-spam2.example/page.html", IP_PING}
    assert next(e for e in checked.entries if e.value == "old-spam.example").comment == \
        "uploaded 2024-06-01\nlink network"


def test_disavow_base_defaults_to_the_file_imported_for_the_site(audit, tmp_path):
    db, audit_id = audit
    copy = str(tmp_path / "copy.db")
    with sqlite3.connect(db) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    dst.close()
    src.close()
    (tmp_path / "uploaded.txt").write_bytes(BASE.encode())
    import_file(copy, str(tmp_path / "uploaded.txt"), SITE)
    result = disavow_file(copy, audit_id, today=TODAY)
    assert result.base_name.startswith("uploaded.txt (imported ")
    explicit = disavow_file(copy, audit_id, base=BASE, today=TODAY)
    assert (result.added, result.removed, result.kept) == (explicit.added, explicit.removed, explicit.kept)


def test_disavow_comments_stay_one_line_whatever_the_evidence(audit, tmp_path):
    db, audit_id = audit
    copy = str(tmp_path / "hostile.db")
    with sqlite3.connect(db) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
        dst.execute("UPDATE domain_grades SET why = ? WHERE domain = 'spam-links.top'",
                    ("x\ndomain:google.com\r\nhttp://evil.example/\u2028domain:bing.com\x00\u202e",))
        # Even were an outbound domain marked "disavow", the file would not take it (DOMAIN.md §1).
        dst.execute("UPDATE domain_grades SET recommendation = 'disavow domain' WHERE domain = 'payday-spam.xyz'")
    dst.close()
    src.close()
    result = disavow_file(copy, audit_id, base="", today=TODAY)
    checked = parse_disavow(result.text)
    assert checked.errors == [] and checked.urls == {IP_PING}
    assert checked.domains == {"spam-links.top", "spam-network.example"}
    assert "# 2025-01-15 High 100/100: x domain:google.com http://evil.example/ domain:bing.com ; top" in result.text


@pytest.mark.parametrize("base", ["#c\n" * 99_990 + "domain:a.example\n",  # lines, with what we add
                                  "# " + "x" * 1_999_600 + "\ndomain:a.example\n"])  # bytes
def test_disavow_refuses_a_file_over_googles_limits(audit, base):
    db, audit_id = audit
    assert parse_disavow(base).errors == []  # the previous file alone is within the limits
    with pytest.raises(BacklintError, match="Google accepts at most 2,000,000 bytes and 100,000 lines"):
        disavow_file(db, audit_id, base=base, today=TODAY)


def test_wp_cli_script_exact_and_only_numeric_ids_reach_a_command(audit):
    db, audit_id = audit
    script = wp_cli_commands(db, audit_id)
    assert script == WP_CLI.replace("{LONG}", LONG_NAME[:79] + "…")
    for line in script.splitlines():
        if line and not line.startswith("#"):
            assert re.fullmatch(r"set -e|wp comment (spam|trash)( [1-9][0-9]*)+", line), line
    assert "rm -rf" in script and all(line.startswith("#") for line in script.splitlines() if "rm -rf" in line)


def test_wp_cli_batches_ids(audit, monkeypatch):
    db, audit_id = audit
    monkeypatch.setattr(exports.wpcli, "WP_CLI_BATCH", 2)
    lines = wp_cli_commands(db, audit_id).splitlines()
    assert [line for line in lines if line.startswith("wp ")] == [
        "wp comment spam 2 4", "wp comment spam 5 7", "wp comment spam 8 15", "wp comment trash 3"]


def test_html_report_is_self_contained_and_escapes_crawled_text(audit):
    db, audit_id = audit
    report = html_report(db, audit_id)
    doc = lxml.html.document_fromstring(report)
    assert doc.xpath("//script") == [] and doc.xpath("//link") == [] and doc.xpath("//iframe|//img|//object") == []
    assert not re.search(r"<script|\bsrc\s*=|\bhref\s*=|@import|url\(", report, re.I)
    # Hostile author names are text, escaped; none became markup.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in report and SCRIPT in doc.text_content()
    assert "=HYPERLINK(&quot;http://evil.example&quot;,&quot;click&quot;)" in report
    assert "&lt;b&gt;NNNN" in report and doc.xpath("//b") == [] and "N" * 1000 not in report
    # Charts are inline SVG, one per figure; the print stylesheet is there.
    assert len(doc.xpath("//figure//svg")) == 5 and "@media print" in report
    months = [t.text for t in doc.xpath("//figure[3]//svg/text[@class='axis']")]
    assert months == ["2024-03", "2024-05"] and "2 undated items not shown." in report
    assert [c.text_content() for c in doc.xpath("//figcaption")] == [
        "Comments and pings by risk", "Referring domains by risk", "New comments and pings by month",
        "Riskiest domains", "Items by type"]
    # The figures match the store.
    cards = {c.xpath("./div[@class='label']")[0].text: c.xpath("./div[@class='value']")[0].text
             for c in doc.xpath("//div[@class='card']")}
    assert cards["Comments and pings"] == "14" and cards["High risk"] == "10" and cards["Domains to disavow"] == "3"
    assert cards["Fake or dead pings"] == "2" and cards["Comment links without ugc/nofollow"] == "1"
    headings = [h.text_content() for h in doc.xpath("//section[@class='plan']/h3")]
    assert headings[:3] == ["disavow domain (4)", "delete the pings (no link to you) (2)", "delete or mark spam (11)"]


def test_html_report_shows_the_first_rows_of_each_action_and_counts_them_all(audit, monkeypatch):
    db, audit_id = audit
    monkeypatch.setattr(exports.report, "REPORT_ROWS_PER_ACTION", 2)
    doc = lxml.html.document_fromstring(html_report(db, audit_id))
    (spam,) = [h for h in doc.xpath("//section[@class='plan']/h3") if h.text.startswith("delete or mark spam")]
    table = spam.getnext().getnext()
    assert spam.text_content() == "delete or mark spam (11)"
    # The domain first, then the highest-scored item: the same order as the plan CSV.
    assert [r.xpath("./td[2]")[0].text for r in table.xpath("./tbody/tr")] == ["payday-spam.xyz", "4"]
    assert table.getnext().text_content().startswith("… and 9 more in the plan CSV")


def test_cli_export_formats(audit, tmp_path):
    db, audit_id = audit
    runner = CliRunner()

    def run(*args):
        result = runner.invoke(cli, ["export", "--db", db, "--audit", str(audit_id), *args])
        return result.exit_code, result.output

    out = tmp_path / "plan.csv"
    assert run("--format", "csv", "--what", "plan", "--out", str(out)) == (0, f"Wrote 22 rows of plan to {out}\n")
    assert out.read_bytes() == plan_csv_bytes(db, audit_id)
    (tmp_path / "base.txt").write_text(BASE)
    code, output = run("--format", "disavow", "--base", str(tmp_path / "base.txt"), "--out", str(tmp_path / "d.txt"))
    assert code == 0 and "2 added, 2 removed, 3 kept, 2 invalid line(s)" in output and "line 6:" in output
    assert parse_disavow((tmp_path / "d.txt").read_bytes()).domains == {
        "old-spam.example", "spam-links.top", "spam-network.example"}
    assert run("--format", "wp-cli", "--out", str(tmp_path / "c.sh"))[0] == 0
    assert (tmp_path / "c.sh").read_text() == wp_cli_commands(db, audit_id)
    assert run("--format", "html", "--out", str(tmp_path / "r.html"))[0] == 0
    assert (tmp_path / "r.html").read_text(encoding="utf-8") == html_report(db, audit_id)
    code, output = run("--format", "csv", "--base", str(tmp_path / "base.txt"), "--out", str(tmp_path / "x"))
    assert code == 2 and "--base goes with --format disavow" in output


def test_exports_of_an_ungraded_store_say_so(tmp_path):
    db = str(tmp_path / "empty.db")
    Store(db).close()
    for export in (lambda: plan_csv_bytes(db), lambda: disavow_file(db), lambda: wp_cli_commands(db),
                   lambda: html_report(db)):
        with pytest.raises(BacklintError, match="nothing graded"):
            export()


def test_exports_of_an_audit_not_in_the_store_say_so(audit):
    # An --audit given by hand that is not in the store: a message, not a TypeError.
    db, _ = audit
    for export in (lambda: disavow_file(db, 999), lambda: wp_cli_commands(db, 999), lambda: html_report(db, 999)):
        with pytest.raises(BacklintError, match="no audit 999 in"):
            export()


@pytest.mark.parametrize("text", ["a\nb", "a\r\nb", "a\u2028b", "a\x00b", "a\x1bb", "a\u0085b", "a\tb",
                                  "a\u00a0b"])
def test_one_line_leaves_no_line_break_nor_control_character(text):
    assert one_line(text) == "a b"
    assert one_line("a\u200bb\u202e") == "ab"
    assert one_line("x" * 50, limit=10) == "x" * 9 + "…"



# -- what the exports must be, byte for byte (checked by hand against the grades above) --

PLAN_CSV = "".join(row + "\r\n" for row in [
    'action,subject,target,direction,score,band,why,evidence,author,where',
    "disavow domain,domain,203.0.113.9,inbound,100,high,High risk (100) and the link exists on http://203.0.113.9/spam/page.html,domain.blocklisted (+100): '203.0.113.9' is on your blocklist; domain.item_grades (+70): its 1 item(s): 1 High; worst 100: pingback #15 by 'IP',,",
    "disavow domain,domain,spam-links.top,inbound,100,high,High risk (100) and the link exists on http://spam-links.top/post/,domain.blocklisted (+100): 'spam-links.top' is on your blocklist; domain.item_grades (+70): its 1 item(s): 1 High; worst 100: trackback #4 by 'Links',,",
    "disavow domain,domain,spam-network.example,inbound,100,high,High risk (100) and the link exists on http://spam-network.example/post/,domain.blocklisted (+100): 'spam-network.example' is on your blocklist; domain.item_grades (+70): its 1 item(s): 1 High; worst 100: pingback #5 by 'Network',,",
    'disavow domain,domain,university.edu,inbound,0,low,"your decision (2025-01-12); guarded (gov/edu, a major platform or your own site): left out of the disavow file",,,',
    'delete the pings (no link to you),domain,fake-trackback.xyz,inbound,49,medium,"no source links to you: a fake claim, nothing to disavow",domain.item_grades (+49): its 1 item(s): 1 High; worst 70: trackback #2 by \'Fake\',,',
    "delete the pings (no link to you),domain,gone-blog.example,inbound,18,low,its source is gone (http://gone-blog.example/post/: HTTP 404): no link left to disavow; delete the ping,domain.item_grades (+17.5): its 1 item(s): 1 Low; worst 25: trackback #3 by 'Gone',,",
    "delete or mark spam,domain,payday-spam.xyz,outbound_ugc,100,high,High risk outbound comment links: delete or mark spam its comments (never disavow),domain.blocklisted (+100): 'payday-spam.xyz' is on your blocklist; domain.item_grades (+70): its 6 item(s): 6 High; worst 100: comment #7 by 'Best Payday Loans',,",
    "delete or mark spam,trackback,4,inbound,100,high,High risk (100): 'spam-links.top' is on your blocklist,domain.blocklisted (+100): 'spam-links.top' is on your blocklist,Links,http://blog.example/hello/",
    "delete or mark spam,pingback,5,inbound,100,high,High risk (100): 'spam-network.example' is on your blocklist,domain.blocklisted (+100): 'spam-network.example' is on your blocklist,Network,http://blog.example/hello/",
    "delete or mark spam,comment,7,outbound_ugc,100,high,High risk (100): 'payday-spam.xyz' is on your blocklist,domain.blocklisted (+100): 'payday-spam.xyz' is on your blocklist,Best Payday Loans,http://blog.example/hello/",
    'delete or mark spam,comment,8,outbound_ugc,100,high,High risk (100): \'payday-spam.xyz\' is on your blocklist,domain.blocklisted (+100): \'payday-spam.xyz\' is on your blocklist,"\'=HYPERLINK(""http://evil.example"",""click"")",http://blog.example/hello/',
    "delete or mark spam,comment,14,outbound_ugc,100,high,High risk (100): 'payday-spam.xyz' is on your blocklist,domain.blocklisted (+100): 'payday-spam.xyz' is on your blocklist,<script>alert(1)</script>,http://blog.example/hello/",
    "delete or mark spam,pingback,15,inbound,100,high,High risk (100): '203.0.113.9' is on your blocklist,domain.blocklisted (+100): '203.0.113.9' is on your blocklist,IP,http://blog.example/hello/",
    "delete or mark spam,comment,12; rm -rf /,outbound_ugc,100,high,High risk (100): 'payday-spam.xyz' is on your blocklist,domain.blocklisted (+100): 'payday-spam.xyz' is on your blocklist,Shell,http://blog.example/hello/",
    "delete or mark spam,comment,h:e6cc6c9053bbe5232bc7bf9dbaab214ad969165b,outbound_ugc,100,high,High risk (100): 'payday-spam.xyz' is on your blocklist,domain.blocklisted (+100): 'payday-spam.xyz' is on your blocklist,{LONG_NAME},http://blog.example/hello/",
    'delete or mark spam,trackback,2,inbound,70,high,fake trackback: http://fake-trackback.xyz/post/ does not link to this post,ping.no_link (+70): http://fake-trackback.xyz/post/ fetched 200: no link to http://blog.example/hello/ on a page with no links to other sites,Fake,http://blog.example/hello/',
    "delete or mark spam,trackback,3,inbound,25,low,the trackback's source is gone (404),ping.source_dead (+25): http://gone-blog.example/post/ is gone (HTTP 404); it claimed to link to http://blog.example/hello/,Gone,http://blog.example/hello/",
    '"add rel=""ugc nofollow""",link,https://flour.example/,outbound_ugc,10,low,https://flour.example/ has no rel attribute: neither ugc nor nofollow,in comment 11,Tom,http://blog.example/hello/',
    '"add rel=""ugc nofollow"" to comment links",site,http://blog.example/,,,,"1 outbound comment link(s) carry neither ugc nor nofollow: they pass ranking credit to commenters, spam included",a theme or plugin removed WordPress\'s default rel,,',
    "close trackbacks and pingbacks on old posts,site,http://blog.example/,,,,4 of 7 pings are spam or fake claims,Settings → Discussion → 'Allow link notifications from other blogs'; or close comments on posts older than N days,,",
    "use an anti-spam plugin or approve first comments by hand,site,http://blog.example/,,,,10 of 14 published items are High risk,Settings → Discussion → 'Comment author must have a previously approved comment',,",
    'keep,comment,13,outbound_ugc,100,high,"your decision (2025-01-12): a customer, really",domain.blocklisted (+100): \'payday-spam.xyz\' is on your blocklist,Loyal Reader,http://blog.example/hello/',
])

DISAVOW_NEW = """\
# Disavow file for http://blog.example/
# From backlint audit 1 (crawl of 2025-01-10), generated by backlint {version} on 2025-01-15.
# Google replaces your previous disavow file on each upload: upload this whole file.
# 3 new entries. Disavow only links you cannot have removed; links in comments on your own pages are never listed here.

# -- new from audit 1 --

# 2025-01-15 High 100/100: High risk (100) and the link exists on http://203.0.113.9/spam/page.html; top reason domain.blocklisted (+100): '203.0.113.9' is on your blocklist
http://203.0.113.9/spam/page.html
# 2025-01-15 High 100/100: High risk (100) and the link exists on http://spam-links.top/post/; top reason domain.blocklisted (+100): 'spam-links.top' is on your blocklist
domain:spam-links.top
# 2025-01-15 High 100/100: High risk (100) and the link exists on http://spam-network.example/post/; top reason domain.blocklisted (+100): 'spam-network.example' is on your blocklist
domain:spam-network.example
"""

DISAVOW_MERGED = """\
# Disavow file for http://blog.example/
# From backlint audit 1 (crawl of 2025-01-10), generated by backlint {version} on 2025-01-15.
# Google replaces your previous disavow file on each upload: upload this whole file.
# Merged with your previous file, the file given: 3 entries kept, 2 removed by your decisions, 2 invalid lines dropped.
# 2 new entries. Disavow only links you cannot have removed; links in comments on your own pages are never listed here.

# -- kept from your previous file --

# uploaded 2024-06-01
# link network
domain:old-spam.example
http://old-spam2.example/page.html
domain:spam-links.top

# -- new from audit 1 --

# 2025-01-15 High 100/100: High risk (100) and the link exists on http://203.0.113.9/spam/page.html; top reason domain.blocklisted (+100): '203.0.113.9' is on your blocklist
http://203.0.113.9/spam/page.html
# 2025-01-15 High 100/100: High risk (100) and the link exists on http://spam-network.example/post/; top reason domain.blocklisted (+100): 'spam-network.example' is on your blocklist
domain:spam-network.example

# -- removed from your previous file: you chose to keep these --
# domain:partner.example: your decision (allowlist, 2025-01-12)
# http://sub.partner.example/p: your decision (allowlist, 2025-01-12)

# -- problems in your previous file --
# dropped, line 6: a URL must start with http:// or https://: spam2.example/page (did you mean http://spam2.example/page?)
# dropped, line 7: domain: takes a domain, not a URL: domain:http://bad.example/x (did you mean domain:bad.example?)
"""

WP_CLI = """\
#!/bin/sh
# WP-CLI cleanup for http://blog.example/, from backlint audit 1.
# Marks 6 comment(s) and ping(s) as spam (High risk, fake claims, your decisions) and
# moves 1 ping(s) whose source page is gone to the trash. Both can be undone in
# wp-admin > Comments (Spam, Trash). Run it where WordPress is installed (or add --path=...).
# review before running
set -e

# delete or mark spam: 6
wp comment spam 2 4 5 7 8 15

# trash, the source page is gone (link rot, not spam): 1
wp comment trash 3

# No WordPress comment id: remove these 2 by hand:
#   comment h:e6cc6c9053bbe5232bc7bf9dbaab214ad969165b by '{LONG}' on http://blog.example/hello/
#   comment 12; rm -rf / by 'Shell' on http://blog.example/hello/

# Already marked spam or trash, left out: 1
"""
