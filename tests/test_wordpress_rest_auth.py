"""Crawling with a WordPress Application Password: every comment, of every type and status.

Without credentials WordPress's REST API lists only approved comments of type
``comment``; with an Application Password of a user who can moderate, the crawl also
reads ``/wp/v2/comments?context=edit&status=any&type=all``: pings, pending, spam and
trashed items, with the commenter's e-mail and IP, which the store keeps as salted
``sha256:`` hashes unless ``keep_personal``.

Three layers are tested here:

- the fetcher sends the credentials only to URLs under the site's REST root, hop by
  hop (``httpx.MockTransport``);
- a crawl of a small fake WordPress on 127.0.0.1 that checks Basic auth itself: only
  the moderation listing carries the credentials, a refusal becomes a notice and the
  public crawl goes on, the password is never stored or printed;
- a crawl of the real WordPress of ``tests/wordpress/`` (marker ``wordpress``) with an
  Application Password created through WordPress for the session
  (``tests/wordpress/app_password.php``), compared with WordPress's own ground truth.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from click.testing import CliRunner
from test_wordpress import WP_SCRIPTS, _run, ground_truth, wordpress  # noqa: F401 (a fixture)

from backlint.cli import cli
from backlint.errors import ConfigError
from backlint.settings import MASK, load_settings
from crawler.crawl import crawl_site
from crawler.fetch import Credentials, Fetcher, url_in_scope

# ---------------------------------------------------------------------------------
# Helpers shared by the fake and the real WordPress tests.

#: What WordPress's ``comment_approved`` becomes in the store's ``items.status``.
STORE_STATUS = {"1": "approved", "0": "pending", "spam": "spam", "trash": "trash",
                "post-trashed": "post-trashed"}


def settings_for(db: Path, **overrides: Any):
    """Settings for a fast crawl of a loopback site into ``db`` (no environment read)."""
    values = {"db": str(db), "delay": 0, "max_pages": 500, "read_timeout": 10.0, "max_retries": 1,
              "retry_backoff": 0.05}
    values.update(overrides)
    return load_settings(env={}, overrides=values)


def db_bytes(db: str | Path) -> bytes:
    """Every byte SQLite keeps for a store: the file and its WAL/shared-memory files."""
    data = b""
    for suffix in ("", "-wal", "-shm", "-journal"):
        path = Path(f"{db}{suffix}")
        if path.exists():
            data += path.read_bytes()
    return data


def stored_rows(db: str | Path, audit_id: int) -> dict[str, dict[str, Any]]:
    """The items of an audit by site id, with status, e-mail and IP as stored."""
    with closing(sqlite3.connect(db)) as conn:
        conn.row_factory = sqlite3.Row
        rows = conn.execute("SELECT site_item_id, type, status, author_email, author_ip, sources"
                            " FROM items WHERE audit_id = ?", (audit_id,)).fetchall()
    return {r["site_item_id"]: dict(r) for r in rows}


def store_salt(db: str | Path) -> bytes:
    """The store's salt for e-mail and IP hashes."""
    with closing(sqlite3.connect(db)) as conn:
        return bytes(conn.execute("SELECT value FROM store_secrets WHERE name = 'salt'").fetchone()[0])


def hashed(value: str, salt: bytes) -> str:
    """What the store keeps for a personal value (e-mails lower-cased first)."""
    return "sha256:" + hashlib.sha256(salt + value.encode("utf-8")).hexdigest()


def stored_settings(db: str | Path, audit_id: int) -> dict[str, Any]:
    with closing(sqlite3.connect(db)) as conn:
        return json.loads(conn.execute("SELECT settings FROM audits WHERE id = ?", (audit_id,)).fetchone()[0])


# ---------------------------------------------------------------------------------
# The fetcher: credentials only under the scope, on every hop.


@pytest.mark.parametrize("url,expected", [
    ("https://b.example/wp-json/", True),
    ("https://b.example/wp-json", True),
    ("https://b.example/wp-json/wp/v2/comments?context=edit&page=2", True),
    ("https://B.EXAMPLE:443/wp-json/wp/v2/comments", True),
    ("https://b.example/wp-json-evil/", False),
    ("https://b.example/hello-world/", False),
    ("https://b.example/wp-login.php", False),
    ("http://b.example/wp-json/", False),  # never over a downgrade to plain HTTP
    ("https://b.example:8443/wp-json/", False),
    ("https://www.b.example/wp-json/", False),
    ("https://b.example.evil.example/wp-json/", False),
    ("https://b.example@evil.example/wp-json/", False),
    ("https://b.example:notaport/wp-json/", False),
    ("not a url", False),
])
def test_url_in_scope_of_a_rest_root(url: str, expected: bool) -> None:
    assert url_in_scope(url, "https://b.example/wp-json/") is expected


@pytest.mark.parametrize("url,expected", [
    ("https://b.example/?rest_route=/wp/v2/comments&page=2", True),
    ("https://b.example/?rest_route=/", True),
    ("https://b.example/?p=4", False),
    ("https://b.example/other/?rest_route=/wp/v2/comments", False),
])
def test_url_in_scope_of_a_plain_permalink_rest_root(url: str, expected: bool) -> None:
    assert url_in_scope(url, "https://b.example/?rest_route=/") is expected


class Seen(NamedTuple):
    url: str
    authorization: str | None


def _recording_transport(seen: list[Seen]) -> httpx.MockTransport:
    """A site whose REST root is https://b.example/wp-json/ and which redirects a lot."""
    redirects = {
        "/wp-json/to-other-host": "https://evil.example/collect",
        "/wp-json/to-same-host": "https://b.example/login/",
        "/wp-json/to-plain-http": "http://b.example/wp-json/wp/v2/comments",
        "/wp-json/within-root": "https://b.example/wp-json/wp/v2/comments?page=2",
    }

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(Seen(str(request.url), request.headers.get("authorization")))
        target = redirects.get(request.url.path)
        if target:
            return httpx.Response(302, headers={"location": target})
        return httpx.Response(200, json=[], headers={"content-type": "application/json"})

    return httpx.MockTransport(handler)


def test_fetcher_sends_credentials_only_under_the_rest_root() -> None:
    seen: list[Seen] = []
    credentials = Credentials("editor", "abcd efgh ijkl mnop", scope="https://b.example/wp-json/")
    expected_header = "Basic " + base64.b64encode(b"editor:abcd efgh ijkl mnop").decode()

    async def run() -> None:
        async with Fetcher(settings_for(Path("unused.db"), max_retries=0),
                           transport=_recording_transport(seen)) as fetcher:
            for path in ("wp-json/wp/v2/comments", "hello-world/", "wp-json/to-other-host",
                         "wp-json/to-same-host", "wp-json/to-plain-http", "wp-json/within-root"):
                await fetcher.fetch(f"https://b.example/{path}", credentials=credentials)
            await fetcher.fetch("https://b.example/wp-json/wp/v2/posts")  # none given: none sent

    asyncio.run(run())
    sent = {s.url: s.authorization for s in seen}
    assert sent == {
        "https://b.example/wp-json/wp/v2/comments": expected_header,
        "https://b.example/hello-world/": None,
        "https://b.example/wp-json/to-other-host": expected_header,
        "https://evil.example/collect": None,
        "https://b.example/wp-json/to-same-host": expected_header,
        "https://b.example/login/": None,
        "https://b.example/wp-json/to-plain-http": expected_header,
        "http://b.example/wp-json/wp/v2/comments": None,
        "https://b.example/wp-json/within-root": expected_header,
        "https://b.example/wp-json/wp/v2/comments?page=2": expected_header,
        "https://b.example/wp-json/wp/v2/posts": None,
    }
    assert "abcd" not in repr(credentials)


def test_fetcher_reads_the_error_body_only_when_asked() -> None:
    refusal = {"code": "incorrect_password", "message": "The provided password is an invalid "
               "application password.", "data": {"status": 401}}
    transport = httpx.MockTransport(lambda request: httpx.Response(401, json=refusal))

    async def run() -> tuple[Any, Any]:
        async with Fetcher(settings_for(Path("unused.db")), transport=transport) as fetcher:
            return (await fetcher.fetch("https://b.example/wp-json/", error_body=True),
                    await fetcher.fetch("https://b.example/wp-json/"))

    with_body, without = asyncio.run(run())
    assert (with_body.outcome, without.outcome) == ("blocked", "blocked")
    assert json.loads(with_body.text) == refusal and with_body.attempts == 1
    assert without.body == b"" and without.text is None


# ---------------------------------------------------------------------------------
# Settings: the password is never stored or shown.


def test_settings_take_the_password_from_the_environment_and_mask_it() -> None:
    settings = load_settings(env={"BACKLINT_WP_USER": "editor", "BACKLINT_WP_APP_PASSWORD": "s3cret pw",
                                  "BACKLINT_KEEP_PERSONAL": "true"})
    assert (settings.wp_user, settings.wp_app_password, settings.keep_personal) == ("editor", "s3cret pw", True)
    assert settings.to_dict()["wp_app_password"] == MASK and "s3cret" not in json.dumps(settings.to_dict())
    assert "s3cret" not in repr(settings)
    assert load_settings(env={}).to_dict()["wp_app_password"] == ""


@pytest.mark.parametrize("env,missing", [({"BACKLINT_WP_USER": "editor"}, "wp_app_password"),
                                         ({"BACKLINT_WP_APP_PASSWORD": "pw"}, "wp_user")])
def test_half_a_credential_is_a_config_error(env: dict[str, str], missing: str) -> None:
    with pytest.raises(ConfigError, match=f"{missing} is missing"):
        load_settings(env=env)


# ---------------------------------------------------------------------------------
# A fake WordPress on 127.0.0.1 that checks the credentials itself.

FAKE_USER = "editor"
FAKE_PASSWORD = "abcd EFGH ijkl MNOP qrst UVWX"
REFUSAL = {"code": "incorrect_password",
           "message": "The provided password is an invalid application password.", "data": {"status": 401}}


def _fake_comment(base: str, comment_id: int, status: str, kind: str, email: str, ip: str,
                  edit: bool) -> dict[str, Any]:
    entry = {"id": comment_id, "post": 5, "parent": 0, "author_name": f"Author {comment_id}",
             "author_url": f"https://author{comment_id}.example/", "date_gmt": "2024-03-01T10:00:00",
             "content": {"rendered": f"<p>Text {comment_id}</p>"}, "status": status, "type": kind,
             "link": f"{base}/hello/#comment-{comment_id}"}
    if edit:
        entry.update(author_email=email, author_ip=ip)
    return entry


#: (id, REST status, type, e-mail, IP): what the fake's moderation listing holds.
FAKE_ROWS = [(1, "approved", "comment", "Ann@Mail.example", "192.0.2.11"),
             (7, "hold", "comment", "mallory@mail.example", "192.0.2.77"),
             (8, "spam", "pingback", "", "198.51.100.8"),
             (9, "trash", "trackback", "", "198.51.100.9")]

_HELLO_HTML = """<!doctype html><html><head><title>Hello</title>
<link rel="https://api.w.org/" href="{base}/wp-json/"></head><body>
<div id="comments" class="comments-area"><ol class="comment-list">
<li id="comment-1" class="comment even thread-even depth-1"><article id="div-comment-1" class="comment-body">
<footer class="comment-meta"><div class="comment-author vcard"><b class="fn"><a href="https://author1.example/"
 class="url" rel="ugc external nofollow">Author 1</a></b></div></footer>
<div class="comment-content"><p>Text 1</p></div></article></li></ol></div></body></html>"""


class FakeWordPress:
    """A tiny WordPress look-alike: a home page, one post, the REST routes the crawl reads.

    The moderation listing (``context=edit``) answers only a request with the right
    Basic credentials; its second page redirects off the REST root, to ``/elsewhere/``.
    Every request is recorded with its ``Authorization`` header.
    """

    def __init__(self) -> None:
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FakeWordPress:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

            def do_GET(self) -> None:  # noqa: N802
                with site._lock:
                    site.seen.append(Seen(self.path, self.headers.get("Authorization")))
                status, body, headers = site.answer(self.path, self.headers.get("Authorization"))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler

    def answer(self, path: str, authorization: str | None) -> tuple[int, bytes, dict[str, str]]:
        base = self.url
        parts = urlsplit(path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        html = {"Content-Type": "text/html; charset=UTF-8"}
        if parts.path == "/":
            return 200, f'<html><head><link rel="https://api.w.org/" href="{base}/wp-json/"></head><body>' \
                        f'<a href="{base}/hello/">Hello</a></body></html>'.encode(), html
        if parts.path == "/hello/":
            return 200, _HELLO_HTML.format(base=base).encode(), html
        if parts.path == "/elsewhere/":
            return self._json([])
        if parts.path == "/wp-json/wp/v2/posts":
            return self._json([{"id": 5, "link": f"{base}/hello/"}])
        if parts.path == "/wp-json/wp/v2/pages":
            return self._json([])
        if parts.path == "/wp-json/wp/v2/comments":
            edit = query.get("context") == "edit"
            if not edit:
                return self._json([_fake_comment(base, 1, "approved", "comment", "", "", False)])
            expected = "Basic " + base64.b64encode(f"{FAKE_USER}:{FAKE_PASSWORD}".encode()).decode()
            if authorization != expected:
                return self._json(REFUSAL, status=401)
            if query.get("page") == "2":
                return 302, b"", {"Location": f"{base}/elsewhere/"}
            rows = [_fake_comment(base, i, s, t, e, ip, True) for i, s, t, e, ip in FAKE_ROWS]
            return self._json(rows, headers={"X-WP-Total": str(len(rows) + 1), "X-WP-TotalPages": "2"})
        return 404, b"not found", html

    @staticmethod
    def _json(data: Any, status: int = 200,
              headers: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str]]:
        return status, json.dumps(data).encode(), {"Content-Type": "application/json; charset=UTF-8",
                                                   **(headers or {})}

    def authorized_paths(self) -> list[str]:
        """The requests that carried an Authorization header."""
        return [s.url for s in self.seen if s.authorization]


@pytest.fixture
def fake_wordpress() -> Iterator[FakeWordPress]:
    with FakeWordPress() as site:
        yield site


def test_fake_crawl_with_password_stores_hidden_items_with_hashed_personal_data(
        fake_wordpress: FakeWordPress, tmp_path: Path) -> None:
    settings = settings_for(tmp_path / "auth.db", wp_user=FAKE_USER, wp_app_password=FAKE_PASSWORD)
    summary = crawl_site(fake_wordpress.url + "/", settings)

    assert summary.status == "finished" and summary.notices == []
    rows = stored_rows(settings.db, summary.audit_id)
    assert {i: (r["type"], r["status"]) for i, r in rows.items()} == {
        "1": ("comment", "approved"), "7": ("comment", "pending"), "8": ("pingback", "spam"),
        "9": ("trackback", "trash")}
    salt = store_salt(settings.db)
    for item_id, _, _, email, ip in FAKE_ROWS:
        assert rows[str(item_id)]["author_email"] == (hashed(email.lower(), salt) if email else None)
        assert rows[str(item_id)]["author_ip"] == hashed(ip, salt)
    stored = db_bytes(settings.db)
    for _, _, _, email, ip in FAKE_ROWS:
        assert (not email or email.encode() not in stored) and ip.encode() not in stored
    assert FAKE_PASSWORD.encode() not in stored
    assert stored_settings(settings.db, summary.audit_id)["wp_app_password"] == MASK

    # Only the moderation listing carried the credentials; its redirect off the REST
    # root was followed without them.
    authorized = fake_wordpress.authorized_paths()
    assert authorized and all(urlsplit(p).path == "/wp-json/wp/v2/comments"
                              and "context=edit" in p for p in authorized)
    assert len(authorized) == 2  # page 1 and page 2
    assert [s.authorization for s in fake_wordpress.seen if s.url == "/elsewhere/"] == [None]


def test_fake_crawl_keeps_personal_data_when_asked(fake_wordpress: FakeWordPress, tmp_path: Path) -> None:
    settings = settings_for(tmp_path / "keep.db", wp_user=FAKE_USER, wp_app_password=FAKE_PASSWORD,
                            keep_personal=True)
    summary = crawl_site(fake_wordpress.url + "/", settings)
    rows = stored_rows(settings.db, summary.audit_id)
    assert {i: (r["author_email"], r["author_ip"]) for i, r in rows.items()} == {
        str(i): (email or None, ip) for i, _, _, email, ip in FAKE_ROWS}


def test_fake_crawl_with_a_wrong_password_says_so_and_crawls_the_public_site(
        fake_wordpress: FakeWordPress, tmp_path: Path) -> None:
    settings = settings_for(tmp_path / "wrong.db", wp_user=FAKE_USER, wp_app_password="wrong password")
    summary = crawl_site(fake_wordpress.url + "/", settings)

    assert summary.status == "finished"
    assert summary.notices == [
        "The WordPress user could not list comments: incorrect_password (HTTP 401): The provided "
        "password is an invalid application password; check the application password and that the "
        "user can edit posts and moderate comments (an Editor or an Administrator). Only what the "
        "public sees was crawled."]
    rows = stored_rows(settings.db, summary.audit_id)
    assert {i: r["status"] for i, r in rows.items()} == {"1": None}
    assert [(f["outcome"], f["kind"]) for f in summary.failures if f["kind"] == "http-401"] == \
        [("blocked", "http-401")]


def test_fake_crawl_without_password_never_asks_for_hidden_items(
        fake_wordpress: FakeWordPress, tmp_path: Path) -> None:
    settings = settings_for(tmp_path / "public.db")
    summary = crawl_site(fake_wordpress.url + "/", settings)
    assert summary.status == "finished"
    assert [f for f in summary.failures if f["outcome"] != "skipped"] == []
    assert not any("context=edit" in s.url for s in fake_wordpress.seen)
    assert fake_wordpress.authorized_paths() == []


def test_cli_takes_the_password_from_the_environment_and_never_prints_it(
        fake_wordpress: FakeWordPress, tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    result = CliRunner().invoke(
        cli, ["crawl", fake_wordpress.url + "/", "--db", str(db), "--delay", "0", "-q",
              "--wp-user", FAKE_USER],
        env={"BACKLINT_WP_APP_PASSWORD": FAKE_PASSWORD})
    assert result.exit_code == 0, result.output
    assert "comments 2 · trackbacks 1 · pingbacks 1" in result.output
    for secret in (FAKE_PASSWORD, FAKE_PASSWORD.replace(" ", "")):
        assert secret not in result.output and secret.encode() not in db_bytes(db)
    assert len(fake_wordpress.authorized_paths()) == 2


# ---------------------------------------------------------------------------------
# The real WordPress of tests/wordpress/.


@pytest.fixture(scope="module")
def app_password(wordpress: str) -> Iterator[dict[str, str]]:  # noqa: F811 (the imported fixture)
    """An Application Password of the blog's admin, made by WordPress for this module."""
    created = json.loads(_run(["php", str(WP_SCRIPTS / "app_password.php"), "create"], timeout=60))
    yield created
    _run(["php", str(WP_SCRIPTS / "app_password.php"), "revoke", created["uuid"]], timeout=60)


def personal_truth() -> dict[str, tuple[str, str]]:
    """Each comment's e-mail and IP as WordPress stores them, by id."""
    script = ("require $argv[1] . '/lib.php'; backlint_prepare_request(); require_once BACKLINT_WP_LOAD;"
              " global $wpdb; echo wp_json_encode($wpdb->get_results("
              "\"SELECT comment_ID AS id, comment_author_email AS email, comment_author_IP AS ip"
              " FROM {$wpdb->comments}\", ARRAY_A));")
    rows = json.loads(_run(["php", "-r", script, str(WP_SCRIPTS)], timeout=60))
    return {r["id"]: (r["email"], r["ip"]) for r in rows}


@pytest.fixture(scope="module")
def password_crawl(wordpress: str, app_password: dict[str, str],  # noqa: F811
                   tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One crawl of the real blog through the command line, with the password in the environment."""
    db = tmp_path_factory.mktemp("wp-auth") / "wp.db"
    result = CliRunner().invoke(
        cli, ["crawl", wordpress, "--db", str(db), "--delay", "0", "--max-pages", "500", "-q",
              "--wp-user", app_password["user"]],
        env={"BACKLINT_WP_APP_PASSWORD": app_password["password"]})
    assert result.exit_code == 0, result.output
    with closing(sqlite3.connect(db)) as conn:
        audit_id = conn.execute("SELECT max(id) FROM audits").fetchone()[0]
    return {"db": db, "output": result.output, "audit_id": audit_id}


@pytest.mark.wordpress
def test_password_crawl_stores_every_row_wordpress_has(password_crawl: dict[str, Any]) -> None:
    truth = ground_truth()
    rows = stored_rows(password_crawl["db"], password_crawl["audit_id"])

    expected = {i["id"]: (i["type"], STORE_STATUS[i["approved"]]) for i in truth}
    found = {i: (r["type"], r["status"]) for i, r in rows.items()}
    assert sorted(found, key=int) == sorted(expected, key=int), (
        f"missing: {sorted(set(expected) - set(found), key=int)}, "
        f"unexpected: {sorted(set(found) - set(expected), key=int)}")
    assert found == expected
    # The hidden ones are what the public crawl cannot see: they must all be here.
    assert {"pending", "spam", "trash", "post-trashed"} <= {s for _, s in found.values()}
    assert any(t in ("trackback", "pingback") and s != "approved" for t, s in found.values())
    assert "Note:" not in password_crawl["output"], password_crawl["output"]


@pytest.mark.wordpress
def test_password_crawl_hashes_emails_and_ips(password_crawl: dict[str, Any]) -> None:
    db = password_crawl["db"]
    rows = stored_rows(db, password_crawl["audit_id"])
    salt = store_salt(db)
    personal = personal_truth()
    assert set(personal) == set(rows)
    for item_id, (email, ip) in personal.items():
        assert rows[item_id]["author_email"] == (hashed(email.lower(), salt) if email else None), item_id
        assert rows[item_id]["author_ip"] == (hashed(ip, salt) if ip else None), item_id
    stored = db_bytes(db)
    emails = {email for email, _ in personal.values() if email}
    ips = {ip for _, ip in personal.values() if ip and ip != "127.0.0.1"}  # 127.0.0.1 is in every URL
    assert emails and ips
    assert [e for e in emails if e.encode() in stored] == []
    assert [ip for ip in ips if ip.encode() in stored] == []


@pytest.mark.wordpress
def test_password_never_in_the_store_or_the_summary(password_crawl: dict[str, Any],
                                                    app_password: dict[str, str]) -> None:
    stored = db_bytes(password_crawl["db"])
    for secret in (app_password["password"], app_password["password"].replace(" ", "")):
        assert secret not in password_crawl["output"]
        assert secret.encode() not in stored
    settings = stored_settings(password_crawl["db"], password_crawl["audit_id"])
    assert settings["wp_app_password"] == MASK and settings["wp_user"] == app_password["user"]


@pytest.mark.wordpress
def test_keep_personal_stores_emails_and_ips_as_wordpress_has_them(
        wordpress: str, app_password: dict[str, str], tmp_path: Path) -> None:  # noqa: F811
    settings = settings_for(tmp_path / "keep.db", wp_user=app_password["user"],
                            wp_app_password=app_password["password"], keep_personal=True)
    summary = crawl_site(wordpress, settings)
    rows = stored_rows(settings.db, summary.audit_id)
    personal = personal_truth()
    assert {i: (r["author_email"], r["author_ip"]) for i, r in rows.items()} == {
        i: (email or None, ip or None) for i, (email, ip) in personal.items()}


@pytest.mark.wordpress
def test_wrong_password_gives_the_notice_and_the_public_crawl_completes(
        wordpress: str, tmp_path: Path) -> None:  # noqa: F811
    settings = settings_for(tmp_path / "wrong.db", wp_user="admin",
                            wp_app_password="abcd efgh ijkl mnop qrst uvwx")
    summary = crawl_site(wordpress, settings)

    assert summary.status == "finished", (summary.status, summary.failures)
    notices = [n for n in summary.notices if n.startswith("The WordPress user could not list comments: ")]
    assert len(notices) == 1, summary.notices
    # WordPress's own reason is quoted (its code and message vary with the version).
    assert "(HTTP 401): " in notices[0] and notices[0].endswith(
        "; check the application password and that the user can edit posts and moderate comments "
        "(an Editor or an Administrator). Only what the public sees was crawled.")
    rows = stored_rows(settings.db, summary.audit_id)
    visible = {i["id"] for i in ground_truth() if i["visible"]}
    assert set(rows) == visible
    assert {r["status"] for r in rows.values()} == {None}
    assert "abcd efgh".encode() not in db_bytes(settings.db)
