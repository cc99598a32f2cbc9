"""The dashboard in a real browser: Playwright drives Debian's chromium against the running app.

The test builds a store with the demo audit (crawled, pings verified, graded), starts
``streamlit run dashboard/app.py`` on a free 127.0.0.1 port, waits for its health
endpoint, then walks every page: it checks each page rendered without an exception,
that the charts drew, downloads the plan CSV and the disavow file and checks their
bytes against the library's. Screenshots of every page are saved for review in
``test-screenshots/`` (or ``$BACKLINT_SCREENSHOTS``).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from backlint.demo.command import run_demo
from backlint.exports import csv_bytes, disavow_file

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(os.environ.get("BACKLINT_SCREENSHOTS") or ROOT / "test-screenshots")
pytestmark = pytest.mark.browser

PAGES = [("Start", ""), ("Overview", "overview"), ("Referring domains", "domains"),
         ("Comments and pings", "items"), ("Cleanup plan", "plan"), ("Compare audits", "compare")]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Iterator[tuple[str, str, int]]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `apt-get install chromium` (.ci/run does)")
    db = str(tmp_path_factory.mktemp("browser") / "demo.db")
    audit_id = run_demo(db).crawl.audit_id
    port = free_port()
    env = {**os.environ, "BACKLINT_DB": db}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none", "--client.toolbarMode", "minimal"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/_stcore/health", timeout=2).text == "ok":
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None:
                pytest.fail(f"the dashboard exited: {proc.stdout.read().decode(errors='replace')[-2000:]}")
            time.sleep(0.3)
        else:
            pytest.fail("the dashboard did not answer its health check within 60 s")
        yield url, db, audit_id
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stdout.close()


@pytest.fixture(scope="module")
def browser_page(app):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"])
        context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
        page = context.new_page()
        outside: list[str] = []
        page.on("request", lambda request: outside.append(request.url)
                if not request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:"))
                else None)
        yield page, outside
        browser.close()


def wait_ready(page) -> None:
    """Wait until Streamlit has drawn the page and its script has stopped running.

    The running indicator comes and goes between reruns, so the page counts as ready
    once it has been absent for a second in a row.
    """
    page.wait_for_selector('[data-testid="stSidebarNav"]', timeout=90_000)
    quiet_since = None
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        running = page.locator('[data-testid="stStatusWidget"]').count() > 0
        if running:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= 1.0:
            return
        page.wait_for_timeout(200)
    pytest.fail("the page kept running for 90 s")


@pytest.mark.parametrize("title,path", PAGES)
def test_every_page_renders(app, browser_page, title, path):
    url, _, _ = app
    page, outside = browser_page
    outside.clear()
    page.goto(f"{url}/{path}")
    wait_ready(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{path or 'start'}.png"), full_page=True)
    assert page.locator('[data-testid="stException"]').count() == 0, page.locator(
        '[data-testid="stException"]').first.inner_text()
    assert page.get_by_text("Traceback").count() == 0
    assert page.locator('[data-testid="stSidebarNav"]').get_by_text(title).count() >= 1
    if path == "overview":
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
        assert page.locator(".js-plotly-plot").count() >= 4
        assert page.locator('[data-testid="stMetric"]').count() >= 4
    assert outside == [], f"the page reached beyond 127.0.0.1: {outside[:5]}"


def test_downloads_are_the_librarys_bytes(app, browser_page, tmp_path):
    url, db, audit_id = app
    page, _ = browser_page
    page.goto(f"{url}/plan")
    wait_ready(page)
    button = page.get_by_role("button", name="Prepare the downloads")
    if button.count():
        button.click()
        wait_ready(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Referring domains (CSV)").click()
    saved = tmp_path / "domains.csv"
    download.value.save_as(saved)
    assert saved.read_bytes() == csv_bytes(db, "domains", audit_id)
    disavow_button = page.get_by_role("button", name="Disavow file", exact=False).first
    with page.expect_download() as download:
        disavow_button.click()
    saved = tmp_path / "disavow.txt"
    download.value.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    expected = disavow_file(db, audit_id).text
    # The file is dated; the rest must be the library's, line for line.
    assert [ln for ln in text.splitlines() if not ln.startswith("#")] == \
        [ln for ln in expected.splitlines() if not ln.startswith("#")]
    assert any(ln.startswith(("domain:", "http")) for ln in text.splitlines())
