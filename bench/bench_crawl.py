"""Crawl speed and memory on a generated WordPress-style site served on 127.0.0.1.

For each size it generates the site (``bench/site.py generate``), serves it with the
fast static server (``bench/site.py serve``) in its own process, and crawls it with
``backlint crawl`` in another process — politeness delays off, concurrency 16 — then
prints pages/s, items/s and the crawl process's peak memory (max RSS).

Usage::

    python bench/bench_crawl.py                 # 500 and 2,000 posts (20 comments a post)
    python bench/bench_crawl.py --posts 200     # one size

Targets (DEVELOPERS.md, issue 2): ≥ 150 pages/s end to end, peak memory < 300 MB and
flat as the site grows. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"the bench site did not start on port {port}")


def run_size(posts: int, comments_per_post: int, workdir: Path, concurrency: int) -> dict:
    site_dir = workdir / f"site-{posts}"
    if not (site_dir / "robots.txt").exists():
        t0 = time.monotonic()
        subprocess.run([sys.executable, str(HERE / "site.py"), "generate", "--posts", str(posts),
                        "--comments", str(posts * comments_per_post), "--out", str(site_dir)],
                       check=True, stdout=subprocess.DEVNULL)
        print(f"  generated {posts:,} posts in {time.monotonic() - t0:.1f} s", file=sys.stderr)
    port = free_port()
    server = subprocess.Popen([sys.executable, str(HERE / "site.py"), "serve", str(site_dir),
                               "--port", str(port)], stdout=subprocess.DEVNULL)
    try:
        wait_for(port)
        db = workdir / f"crawl-{posts}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        t0 = time.monotonic()
        child = subprocess.run([sys.executable, __file__, "--crawl-child", f"http://127.0.0.1:{port}/",
                                str(db), str(concurrency)], check=True, capture_output=True,
                               text=True, cwd=ROOT)
        elapsed = time.monotonic() - t0
        peak_kib, cpu_s, parse_peak_kib, parse_cpu_s = (float(v) for v in child.stdout.split())
    finally:
        server.terminate()
        server.wait()
    with sqlite3.connect(db) as conn:
        pages = conn.execute("SELECT count(*) FROM fetch_log").fetchone()[0]
        html = conn.execute("SELECT count(*) FROM pages WHERE kind = 'html'").fetchone()[0]
        items = conn.execute("SELECT count(*) FROM items").fetchone()[0]
        links = conn.execute("SELECT count(*) FROM links").fetchone()[0]
        failures = conn.execute("SELECT count(*) FROM fetch_log WHERE outcome != 'ok'").fetchone()[0]
    size_mb = sum(f.stat().st_size for f in site_dir.rglob("index.html")) / 1e6
    return {"posts": posts, "fetches": pages, "html_pages": html, "items": items, "links": links,
            "failures": failures, "seconds": elapsed, "site_mb": size_mb,
            "pages_per_s": pages / elapsed, "items_per_s": items / elapsed,
            "peak_rss_mb": peak_kib / 1024, "cpu_s": cpu_s,
            "parse_peak_rss_mb": parse_peak_kib / 1024, "parse_cpu_s": parse_cpu_s}


def crawl_child(url: str, db: str, concurrency: int) -> None:
    """Run one crawl in this process and print its peak RSS (KiB) and CPU seconds."""
    sys.path.insert(0, str(ROOT))
    from backlint.settings import load_settings
    from crawler.crawl import crawl_site

    settings = load_settings(env={}, overrides={
        "db": db, "delay": 0, "concurrency": concurrency, "per_host_concurrency": concurrency,
        "max_pages": 1_000_000})
    crawl_site(url, settings)
    # ru_maxrss is in KiB on Linux. The parse process has ended by now, so it is
    # among this process's children.
    own = resource.getrusage(resource.RUSAGE_SELF)
    parser = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(own.ru_maxrss, own.ru_utime + own.ru_stime, parser.ru_maxrss,
          parser.ru_utime + parser.ru_stime)


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--crawl-child":
        crawl_child(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, nargs="*", default=[500, 2000])
    parser.add_argument("--comments-per-post", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workdir", default=None, help="Keep generated sites here between runs.")
    args = parser.parse_args()
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="backlint-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"crawl benchmark: concurrency {args.concurrency}, delay 0, {os.cpu_count()} cores")
    print(f"{'posts':>6} {'fetches':>8} {'items':>8} {'links':>8} {'fail':>5} {'site MB':>8} "
          f"{'seconds':>8} {'pages/s':>8} {'items/s':>8} {'peak MB':>8} {'parser MB':>9} {'CPU s':>8} "
          f"{'parser s':>9}")
    print("(peak MB: the crawling process; parser MB: the page-parsing process beside it)")
    for posts in args.posts:
        r = run_size(posts, args.comments_per_post, workdir, args.concurrency)
        print(f"{r['posts']:>6,} {r['fetches']:>8,} {r['items']:>8,} {r['links']:>8,} "
              f"{r['failures']:>5,} {r['site_mb']:>8.0f} {r['seconds']:>8.1f} {r['pages_per_s']:>8.0f} "
              f"{r['items_per_s']:>8.0f} {r['peak_rss_mb']:>8.0f} {r['parse_peak_rss_mb']:>9.0f} "
              f"{r['cpu_s']:>8.1f} {r['parse_cpu_s']:>9.1f}", flush=True)


if __name__ == "__main__":
    main()
