"""Grading speed and memory on generated audits of 10k, 100k and 1M links (offline).

Each audit is written straight into a fresh SQLite store — items with an author link
and 0–3 links in their text, spread over referring domains at 20 links a domain (50,000
domains for 1,000,000 links), names and texts a mix of genuine and spam — then graded
by ``grading.engine.grade_audit`` in a child process whose time and peak memory (max
RSS) are printed. Targets (issue 3): 1M links in under 60 s, peak memory under 2 GB,
cost linear in links.

Usage::

    python bench/bench_grade.py                       # 10k, 100k, 1M links
    python bench/bench_grade.py --links 50000
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GENUINE = [
    "Thanks, this fixed my sourdough starter. I wrote about mine on my blog.",
    "I tried the second method and it worked, although it took longer than you say.",
    "Could you explain the part about the temperature? Mine never gets above 18 degrees.",
    "We had the same problem with slugs last summer; copper tape helped a little.",
]
SPAM = [
    "Great post, thanks for sharing!",
    "Nice blog! Buy cheap viagra online without prescription, best prices.",
    "Very informative article. Check out my casino bonus page for free spins.",
    "I like this article very much. Payday loans approved in minutes, no credit check.",
    "[url=http://essay-writer.example/]best essay writing service[/url] cheap essays",
]
CLEAN_WORDS = ["garden", "kitchen", "travel", "notes", "studio", "press", "daily", "green", "maker", "home"]
SPAM_WORDS = ["casino", "pills", "loans", "essay", "replica", "crypto", "bet", "viagra", "payday", "seo"]
TLDS_CLEAN = ["com", "org", "net", "co.uk", "de", "fr", "blog"]
TLDS_SPAM = ["xyz", "top", "click", "icu", "buzz", "online", "site"]


def domain_name(rng: random.Random, n: int) -> str:
    if rng.random() < 0.35:
        return f"{rng.choice(SPAM_WORDS)}-{rng.choice(SPAM_WORDS)}{n}.{rng.choice(TLDS_SPAM)}"
    return f"{rng.choice(CLEAN_WORDS)}{rng.choice(CLEAN_WORDS)}{n}.{rng.choice(TLDS_CLEAN)}"


def generate(db: str, links_wanted: int, seed: int = 7) -> tuple[int, int, int]:
    """Write one audit of about ``links_wanted`` links; return (items, links, domains)."""
    from crawler.store import Store

    rng = random.Random(seed)
    store = Store(db)
    site = store.ensure_site("https://blog.example/")
    audit = store.start_audit(site, "https://blog.example/", {})
    n_domains = max(10, links_wanted // 20)
    domains = [domain_name(rng, n) for n in range(n_domains)]
    item_rows, link_rows = [], []
    item_id = link_id = 0
    while link_id < links_wanted:
        item_id += 1
        spam = rng.random() < 0.4
        kind = "comment" if rng.random() < 0.9 else rng.choice(["trackback", "pingback"])
        domain = rng.choice(domains)
        author_url = f"https://www.{domain}/"
        text = rng.choice(SPAM if spam else GENUINE)
        author = rng.choice(["Best Payday Loans", "cheap pills", "Casino Bonus"]) if spam else \
            rng.choice(["Anna", "Tom Baker", "J. Smith", "gardener42"])
        date = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:00:00+00:00"
        item_rows.append((item_id, audit, f"id:{item_id}", kind, str(item_id),
                          f"https://blog.example/post-{rng.randint(1, 2000)}/", author, author_url, date, text,
                          None, "html", "wordpress", None))
        direction = "inbound" if kind != "comment" else "outbound_ugc"
        link_id += 1
        link_rows.append((link_id, audit, item_id, author_url, author, "external nofollow ugc", 1, direction,
                          domain, f"www.{domain}"))
        for _ in range(rng.choice([0, 0, 1, 2, 3]) if link_id < links_wanted else 0):
            other = rng.choice(domains)
            link_id += 1
            rel = "nofollow ugc" if rng.random() < 0.95 else ""
            link_rows.append((link_id, audit, item_id, f"http://{other}/page-{link_id}", "cheap offer",
                              rel, 0, "outbound_ugc", other, other))
    with store.transaction() as conn:
        conn.executemany("INSERT INTO items (id, audit_id, item_key, type, site_item_id, post_url, author_name,"
                         " author_url, date, text, parent_id, sources, engine, page_url)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", item_rows)
        conn.executemany("INSERT INTO links (id, audit_id, item_id, url, anchor, rel, is_author_link, direction,"
                         " domain, host) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", link_rows)
        store.refresh_referring_domains(audit)
    store.close()
    return len(item_rows), len(link_rows), n_domains


def grade_child(db: str) -> None:
    """Grade the audit in this process; print seconds and peak RSS in KiB."""
    from grading.engine import grade_audit

    started = time.monotonic()
    grade_audit(db)
    print(time.monotonic() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--grade-child":
        grade_child(sys.argv[2])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--links", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="backlint-grade-bench-"))
    print(f"{'links':>10} {'items':>9} {'domains':>8} {'seconds':>8} {'links/s':>9} {'peak MB':>8}")
    for n in args.links:
        db = str(workdir / f"grade-{n}.db")
        items, links, domains = generate(db, n)
        child = subprocess.run([sys.executable, __file__, "--grade-child", db], capture_output=True,
                               text=True, check=False)
        if child.returncode != 0:
            print(child.stderr[-2000:], file=sys.stderr)
            raise SystemExit(child.returncode)
        seconds, peak_kib = (float(v) for v in child.stdout.split()[-2:])
        print(f"{links:>10,} {items:>9,} {domains:>8,} {seconds:>8.1f} {links / seconds:>9,.0f} "
              f"{peak_kib / 1024:>8,.0f}", flush=True)


if __name__ == "__main__":
    main()
