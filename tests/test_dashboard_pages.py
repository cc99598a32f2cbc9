"""Every dashboard page run headless with Streamlit's AppTest on an empty store, the demo
audit, an audit with nothing in it and a generated large audit: no exception and no error,
figures equal to the store, filters that change the tables, overrides that persist,
download buttons that carry the export functions' exact bytes, charts drawn, and hostile
comments shown as text."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest
from test_dashboard_data import (
    HYPERLINK,
    SCRIPT,
    copy_store,
    demo_store,
    hostile_store,
    independent_health,
    large_store,
    one,
    second_audit,
    sql,
)

import dashboard.data as data
import dashboard.jobs as jobs
from backlint import exports
from backlint.cli import cli
from backlint.demo.server import DemoServer
from backlint.store import Store
from grading.plan import DISAVOW, SPAM

APP = "../dashboard/app.py"  # AppTest resolves it against this file
PAGES = ["views/start.py", "views/overview.py", "views/domains.py", "views/items.py", "views/plan.py",
         "views/compare.py"]
#: Elements that render Markdown: crawled text must never reach them.
MARKDOWN_ELEMENTS = ("markdown", "caption", "title", "header", "subheader", "info", "success", "warning", "error")


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> str:
    return demo_store(tmp_path_factory)


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> str:
    return large_store(tmp_path_factory)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> str:
    return hostile_store(tmp_path_factory)


@pytest.fixture
def demo_copy(demo, tmp_path) -> str:
    return copy_store(demo, tmp_path / "demo-copy.db")


@pytest.fixture
def empty_audit(tmp_path) -> str:
    """A store whose one audit found nothing (and is not graded)."""
    db = str(tmp_path / "empty-audit.db")
    store = Store(db)
    audit = store.start_audit(store.ensure_site("https://quiet.example/"), "https://quiet.example/", {})
    store.finish_audit(audit, "finished", store.counts(audit), [])
    store.close()
    return db


@pytest.fixture
def downloads(monkeypatch) -> dict[str, tuple[bytes, str]]:
    """The bytes behind every download button of the runs, by media file id."""
    files: dict[str, tuple[bytes, str]] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def recording(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        files[file_id] = (path_or_data, filename)
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", recording)
    return files


def open_app(db: str, monkeypatch, page: str | None = None) -> AppTest:
    monkeypatch.setenv("BACKLINT_DB", db)
    at = AppTest.from_file(APP, default_timeout=240)
    at.run()
    if page is not None:
        at.switch_page(page).run()
    return at


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def download(at: AppTest, key: str, files: dict) -> tuple[bytes, str]:
    button = next(b for b in at.download_button if b.key == key)
    file_id = Path(button.proto.url).stem
    return files[file_id]


def figures(at: AppTest) -> dict[str, dict]:
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return {c["layout"]["title"]["text"]: c for c in charts}


def values(array) -> list:
    """A Plotly array as numbers: plain, or typed and base64-encoded (``{"dtype", "bdata"}``)."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def texts_shown_as_markdown(at: AppTest) -> str:
    return "\n".join(str(e.value) for kind in MARKDOWN_ELEMENTS for e in at.get(kind))


# -- every page, every kind of store ------------------------------------------------------------------

def test_an_empty_store_opens_on_the_demo_and_says_so(tmp_path, monkeypatch):
    db = str(tmp_path / "new.db")
    at = open_app(db, monkeypatch)
    assert_clean(at)
    assert any("bundled demo audit" in i.value for i in at.info)
    assert one(db, "SELECT count(*) FROM gradings") == 1
    for page in PAGES[1:]:
        at.switch_page(page).run()
        assert_clean(at)
        assert any("the bundled demo" in c.value for c in at.caption)


@pytest.mark.parametrize("name", ["demo", "large", "empty_audit"])
def test_every_page_runs_without_error(name, request, monkeypatch):
    db = request.getfixturevalue(name)
    at = open_app(db, monkeypatch)
    assert_clean(at)
    for page in PAGES[1:]:
        at.switch_page(page).run()
        assert_clean(at)
    if name == "empty_audit":
        assert not at.get("plotly_chart")
        at.switch_page("views/domains.py").run()
        assert any("not graded yet" in w.value for w in at.warning)


def test_a_file_that_is_no_store_is_named_in_an_error(tmp_path, monkeypatch):
    db = tmp_path / "notes.txt"
    db.write_text("these are my notes, not a database\n" * 100)
    at = open_app(str(db), monkeypatch)
    assert not at.exception
    assert any(str(db) in e.value and "not a database" in e.value for e in at.error)
    for page in PAGES[1:]:
        at.switch_page(page).run()
        assert not at.exception
    assert db.read_text().startswith("these are my notes")


# -- overview ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["demo", "large"])
def test_overview_figures_and_charts_match_the_store(name, request, monkeypatch):
    db = request.getfixturevalue(name)
    at = open_app(db, monkeypatch, "views/overview.py")
    assert_clean(at)
    shown = metrics(at)
    assert shown["Link-profile health"] == f"{independent_health(db)} / 100"
    assert shown["Referring domains"] == f"{one(db, 'SELECT count(DISTINCT domain) FROM links'):,}"
    assert shown["Comments"] == f"{one(db, 'SELECT count(*) FROM items WHERE type = ?', 'comment'):,}"
    assert shown["Pingbacks"] == f"{one(db, 'SELECT count(*) FROM items WHERE type = ?', 'pingback'):,}"
    links = "SELECT count(*) FROM links WHERE direction = ?"
    assert shown["Inbound links (claims)"] == f"{one(db, links, 'inbound'):,}"
    assert shown["Outbound links in comments"] == f"{one(db, links, 'outbound_ugc'):,}"
    high = one(db, "SELECT count(*) FROM domain_grades WHERE band = 'high'") / one(
        db, "SELECT count(*) FROM domain_grades")
    assert shown["High-risk domains"] == f"{high:.0%}"
    assert len(at.markdown) and any("What drives it" in m.value for m in at.markdown)
    drivers = [t.value for t in at.text if t.value.startswith("• ")]
    assert len(drivers) == 3
    charts = figures(at)
    assert set(charts) == {"Risk bands", "New links per month, by risk band",
                           "Anchor text: branded, URL, generic, keyword", "Referring domains by TLD",
                           "Top risky domains", "Links by item type and direction"}
    bands = charts["Risk bands"]["data"]
    links_in_chart = sum(y for trace in bands for x, y in zip(trace["x"], values(trace["y"])) if x == "links")
    assert links_in_chart == one(db, "SELECT count(*) FROM links")
    monthly = sum(sum(values(trace["y"])) for trace in charts["New links per month, by risk band"]["data"])
    assert monthly == one(db, "SELECT count(*) FROM links l JOIN items i ON i.id = l.item_id"
                              " WHERE i.date GLOB '[12][0-9][0-9][0-9]-*'")
    anchors = sum(sum(values(trace["y"])) for trace in charts["Anchor text: branded, URL, generic, keyword"]["data"])
    assert anchors == one(db, "SELECT count(*) FROM links")


# -- referring domains -----------------------------------------------------------------------------------

def table(at: AppTest, index: int = 0):
    return at.dataframe[index].value


@pytest.mark.parametrize("name", ["demo", "large"])
def test_domain_filters_change_the_table(name, request, monkeypatch):
    db = request.getfixturevalue(name)
    at = open_app(db, monkeypatch, "views/domains.py")
    assert_clean(at)
    everything = table(at)
    total = one(db, "SELECT count(*) FROM domain_grades")
    assert any(c.value.endswith(f"of {total:,}") for c in at.caption)
    band, n_band = sql(db, "SELECT band, count(*) FROM domain_grades GROUP BY band ORDER BY 2 LIMIT 1")[0]
    at.selectbox(key="dom_band").set_value(band).run()
    assert_clean(at)
    rows = table(at)
    assert set(rows["band"]) == {band} and not rows.equals(everything) and n_band < total
    assert any(c.value.endswith(f"of {n_band:,}") for c in at.caption)
    at.selectbox(key="dom_band").set_value("").run()
    at.selectbox(key="dom_tld").set_value("xyz").run()
    assert all(d.endswith(".xyz") for d in table(at)["domain"])
    at.selectbox(key="dom_tld").set_value("").run()
    at.text_input(key="dom_search").set_value("casino").run()
    assert all("casino" in d for d in table(at)["domain"]) and len(table(at))
    at.text_input(key="dom_search").set_value("").run()
    at.selectbox(key="dom_type").set_value("trackback").run()
    with_trackbacks = one(db, "SELECT count(*) FROM (SELECT DISTINCT l.domain, l.direction FROM links l"
                              " JOIN items i ON i.id = l.item_id WHERE i.type = 'trackback')")
    assert any(c.value.endswith(f"of {with_trackbacks:,}") for c in at.caption)
    assert_clean(at)


def test_domain_table_pages(large, monkeypatch):
    at = open_app(large, monkeypatch, "views/domains.py")
    first = table(at)
    at.number_input(key="dom_page").set_value(2).run()
    assert_clean(at)
    second = table(at)
    assert len(first) == len(second) == 50 and not set(first["domain"]) & set(second["domain"])
    assert second["score"].max() <= first["score"].min()


def test_domain_detail_and_override_persist(demo_copy, monkeypatch):
    db = demo_copy
    at = open_app(db, monkeypatch, "views/domains.py")
    at.selectbox(key="dom_direction").set_value("inbound").run()
    domain = one(db, "SELECT domain FROM domain_grades WHERE direction = 'inbound' AND guarded = 0"
                     " ORDER BY score DESC, domain LIMIT 1")
    at.selectbox(key="dom_pick").set_value(domain).run()
    assert_clean(at)
    assert at.subheader[0].value == domain
    reasons = json.loads(one(db, "SELECT reasons FROM domain_grades WHERE domain = ? AND direction = 'inbound'",
                             domain))
    evidence = [t for t in at.dataframe if "evidence" in t.value.columns][0].value
    assert evidence["evidence"].tolist() == [r["evidence"] for r in reasons]
    radio = at.radio(key=f"dom_action_{domain}")
    assert "disavow" in radio.options
    radio.set_value("disavow")
    at.text_input(key=f"dom_note_{domain}").set_value("paid link network")
    at.button(key="dom_save").click().run()
    assert_clean(at)
    assert any("the plan is updated" in s.value for s in at.success)
    assert sql(db, "SELECT action, note FROM overrides WHERE key = ?", domain) == [("disavow", "paid link network")]
    assert one(db, "SELECT recommendation FROM domain_grades WHERE domain = ? AND direction = 'inbound'",
               domain) == DISAVOW
    data.grade(db, 1)
    assert one(db, "SELECT recommendation FROM domain_grades WHERE domain = ? AND direction = 'inbound'",
               domain) == DISAVOW
    at.run()
    assert table(at).set_index("domain").loc[domain, "your_decision"] == "disavow"
    at.button(key="dom_clear").click().run()
    assert_clean(at)
    assert one(db, "SELECT count(*) FROM overrides") == 0


def test_outbound_domains_are_never_offered_for_disavow(demo, monkeypatch):
    at = open_app(demo, monkeypatch, "views/domains.py")
    at.selectbox(key="dom_direction").set_value("outbound_ugc").run()
    domain = at.selectbox(key="dom_pick").value
    assert "disavow" not in at.radio(key=f"dom_action_{domain}").options
    assert any("Disavow is not offered" in c.value for c in at.caption)


# -- comments and pings -------------------------------------------------------------------------------------

def test_item_filters_change_the_table_and_link_to_the_site(demo, monkeypatch):
    at = open_app(demo, monkeypatch, "views/items.py")
    assert_clean(at)
    at.selectbox(key="items_type").set_value("trackback").run()
    rows = table(at)
    assert set(rows["type"]) == {"trackback"}
    assert len(rows) == one(demo, "SELECT count(*) FROM items WHERE type = 'trackback'")
    at.selectbox(key="items_type").set_value("").run()
    at.selectbox(key="items_band").set_value("high").run()
    assert set(table(at)["band"]) == {"high"}
    at.text_input(key="items_search").set_value("casino").run()
    assert all("casino" in " ".join(map(str, (r.author_name, r.author_url, r.text))).lower()
               for r in table(at).itertuples())
    site = one(demo, "SELECT url FROM sites").rstrip("/")
    for button in at.get("link_button"):
        assert button.proto.url.startswith(site + "/")


def test_hostile_content_is_shown_as_text(hostile, monkeypatch):
    at = open_app(hostile, monkeypatch, "views/items.py")
    at.text_input(key="items_search").set_value("hostile-post").run()
    assert_clean(at)
    ids = {int(r.item): str(r.site_item_id) for r in table(at).itertuples()}
    assert sorted(ids.values()) == ["900001", "900002", "900003"]
    seen_texts = []
    for item, site_id in ids.items():
        at.selectbox(key="items_pick").set_value(item).run()
        assert_clean(at)
        seen_texts += [t.value for t in at.text]
        shown = texts_shown_as_markdown(at)
        assert "<script" not in shown and "HYPERLINK" not in shown and "L" * 200 not in shown
        assert all(b.proto.url.startswith("http") for b in at.get("link_button"))
    assert HYPERLINK in seen_texts and SCRIPT in seen_texts and "javascript:alert(1)" in seen_texts
    assert "L" * 500 + "…" in seen_texts  # the 10,000-character name, cut for the screen


def test_hostile_content_is_exported_safely(hostile, monkeypatch, downloads):
    at = open_app(hostile, monkeypatch, "views/plan.py")
    assert_clean(at)
    items_csv, name = download(at, "dl_items", downloads)
    assert items_csv == exports.csv_bytes(hostile, "items", 1) and name == "backlint-audit1-items.csv"
    text = items_csv.decode("utf-8-sig")
    assert "'" + HYPERLINK.replace('"', '""') in text
    assert not any(line.startswith("=") or ",=" in line for line in text.splitlines())
    report, _ = download(at, "dl_report", downloads)
    assert b"<script>alert" not in report


# -- cleanup plan ---------------------------------------------------------------------------------------------

def test_plan_counts_and_downloads_carry_the_right_bytes(demo, monkeypatch, downloads):
    at = open_app(demo, monkeypatch, "views/plan.py")
    assert_clean(at)
    spam_items = one(demo, "SELECT count(*) FROM item_grades WHERE recommendation = ?", SPAM)
    item_summary = at.dataframe[2].value
    assert dict(item_summary[["action", "count"]].values.tolist())[SPAM] == spam_items
    expected = {
        "dl_plan": (exports.plan_csv_bytes(demo, 1), "backlint-audit1-plan.csv"),
        "dl_domains": (exports.csv_bytes(demo, "domains", 1), "backlint-audit1-domains.csv"),
        "dl_items": (exports.csv_bytes(demo, "items", 1), "backlint-audit1-items.csv"),
        "dl_disavow": (exports.disavow_file(demo, 1).data, "backlint-audit1-disavow.txt"),
        "dl_wpcli": (exports.wp_cli_commands(demo, 1).encode("utf-8"), "backlint-audit1-wp-cli.sh"),
        "dl_report": (exports.html_report(demo, 1).encode("utf-8"), "backlint-audit1-report.html"),
    }
    for key, wanted in expected.items():
        assert download(at, key, downloads) == wanted, key
    assert expected["dl_plan"][0].startswith(b"\xef\xbb\xbf")


def test_disavow_merges_the_uploaded_file_and_shows_the_diff(demo, monkeypatch, downloads):
    at = open_app(demo, monkeypatch, "views/plan.py")
    base = b"# uploaded last year\ndomain:old-link-network.example\nhttp://spam.example/page.html\n"
    at.get("file_uploader")[0].upload("disavow.txt", base, "text/plain")
    at.run()
    assert_clean(at)
    merged = exports.disavow_file(demo, 1, base)
    assert metrics(at)["Kept"] == f"{len(merged.kept):,}" == "2"
    assert metrics(at)["Added"] == f"{len(merged.added):,}"
    got, _ = download(at, "dl_disavow", downloads)
    assert got == merged.data and b"domain:old-link-network.example" in got


def test_plan_overrides_and_forgetting_them(demo_copy, monkeypatch):
    db = demo_copy
    at = open_app(db, monkeypatch, "views/plan.py")
    at.selectbox(key="plan_subject").set_value("items").run()
    at.selectbox(key="plan_action").set_value("keep").run()
    item = at.selectbox(key="plan_key_items").value
    at.selectbox(key="plan_decision_items").set_value("spam").run()
    at.button(key="plan_save").click().run()
    assert_clean(at)
    key = one(db, "SELECT item_key FROM items WHERE id = ?", item)
    assert sql(db, "SELECT subject, key, action FROM overrides") == [("item", key, "spam")]
    assert one(db, "SELECT recommendation FROM item_grades WHERE item_id = ?", item) == SPAM
    assert at.dataframe[-1].value["key"].tolist() == [key]
    at.selectbox(key="plan_subject").set_value("outbound_ugc").run()
    assert "disavow" not in at.selectbox(key="plan_decision_outbound_ugc").options
    at.selectbox(key="plan_subject").set_value("inbound").run()
    assert "disavow" in at.selectbox(key="plan_decision_inbound").options
    at.button(key="plan_clear").click().run()
    assert_clean(at)
    assert one(db, "SELECT count(*) FROM overrides") == 0


def test_large_plan_makes_its_files_on_request(large, monkeypatch, downloads):
    at = open_app(large, monkeypatch, "views/plan.py")
    assert_clean(at)
    assert not at.download_button
    at.button(key="plan_prepare").click().run()
    assert_clean(at)
    assert download(at, "dl_domains", downloads)[0] == exports.csv_bytes(large, "domains", 1)


# -- compare audits -------------------------------------------------------------------------------------------

def test_compare_audits_page(demo_copy, monkeypatch):
    db = demo_copy
    at = open_app(db, monkeypatch, "views/compare.py")
    assert_clean(at)
    assert any("one audit so far" in i.value for i in at.info)
    audit, lost, new = second_audit(db)
    at.run()
    assert_clean(at)
    result = data.compare_audits(db, 1, audit)
    shown = metrics(at)
    assert shown["Lost referring domains"] == "1" and shown["New referring domains"] == "1"
    assert shown["New links"] == f"{result['new_links_total']:,}"
    assert shown["Health score"] == f"{result['health_new']} / 100"
    new_table, lost_table = at.dataframe[0].value, at.dataframe[1].value  # new, lost, then the links
    assert set(lost_table["domain"]) == lost and set(new_table["domain"]) == new


# -- start: crawl, import ---------------------------------------------------------------------------------------

def test_start_page_crawls_in_the_background_and_opens_the_audit(demo_copy, monkeypatch):
    db = demo_copy
    at = open_app(db, monkeypatch)
    with DemoServer() as server:
        at.text_input(key="crawl_url").set_value(server.url)
        at.number_input(key="crawl_delay").set_value(0.0)
        at.checkbox(key="crawl_verify").uncheck()
        next(b for b in at.form_submit_button if b.label == "Start the crawl").click().run()
        assert_clean(at)
        job = jobs.job_for(db)
        job.join(timeout=240)
        status = job.status()
    assert status.state == "finished", status.message
    at.run()
    assert_clean(at)
    assert any(status.message in s.value for s in at.success)
    assert at.session_state["audit_id"] == status.audit_id == 2
    assert one(db, "SELECT count(*) FROM gradings WHERE audit_id = 2") == 1
    assert one(db, "SELECT count(*) FROM items WHERE audit_id = 2") == one(db, "SELECT count(*) FROM items"
                                                                              " WHERE audit_id = 1")


def test_a_crawl_stopped_at_its_limit_resumes_in_the_same_audit(tmp_path):
    db = str(tmp_path / "resume.db")
    with DemoServer() as server:
        first = jobs.start_crawl(db, server.url, max_pages=3, delay=0.0)
        first.join(timeout=240)
        assert first.status().state == "finished" and "resume" in first.status().message
        again = jobs.start_crawl(db, server.url, delay=0.0, resume=True)
        again.join(timeout=240)
    assert again.status().audit_id == first.status().audit_id
    assert one(db, "SELECT count(*) FROM audits") == 1
    assert one(db, "SELECT count(*) FROM pages") > 3


def test_start_page_imports_and_grades_a_file(demo_copy, monkeypatch):
    db = demo_copy
    at = open_app(db, monkeypatch)
    upload = (Path(__file__).parent / "fixtures" / "imports" / "ahrefs-utf8.csv").read_bytes()
    at.get("file_uploader")[0].upload("ahrefs-utf8.csv", upload, "text/csv")
    at.text_input(key="import_site").set_value("https://blog.example/")
    at.run()
    at.button(key="import_go").click().run()
    assert_clean(at)
    assert any(s.value.startswith("Imported") for s in at.success)
    audit = at.session_state["audit_id"]
    assert sql(db, "SELECT kind FROM audits WHERE id = ?", audit) == [("import",)]
    assert one(db, "SELECT count(*) FROM gradings WHERE audit_id = ?", audit) == 1


def test_the_dashboard_command_runs_streamlit_on_loopback(monkeypatch, tmp_path):
    seen = {}

    def execve(path, argv, env):
        seen.update(path=path, argv=argv, env=env)
        raise SystemExit(0)

    monkeypatch.setattr(os, "execve", execve)
    result = CliRunner().invoke(cli, ["dashboard", "--db", str(tmp_path / "x.db"), "--port", "8555"])
    assert result.exit_code == 0, result.output
    argv = seen["argv"]
    assert argv[1:4] == ["-m", "streamlit", "run"] and Path(argv[4]).name == "app.py" and Path(argv[4]).exists()
    pairs = dict(zip(argv[5::2], argv[6::2]))
    assert pairs == {"--server.headless": "true", "--server.address": "127.0.0.1", "--server.port": "8555",
                     "--browser.gatherUsageStats": "false", "--client.toolbarMode": "minimal"}
    assert seen["env"]["BACKLINT_DB"] == str(tmp_path / "x.db")
