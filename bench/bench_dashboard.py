"""How fast the dashboard's data comes out of a 1,000,000-link audit.

The audit is generated straight into SQLite by ``bench/bench_grade.py``'s ``generate()``
(items with 0–3 links over 50,000 referring domains), closed, and graded by
``grading.engine.grade_audit``, which also counts and keeps the link summary the
Overview reads. Then, each in a fresh child process (nothing cached in memory; the
operating system's file cache is left as it is):

1. the Overview page's data, cold — every ``dashboard.data`` call the page makes — as
   grading left the store (target: under 3 s, issue 4);
2. the other pages' first screens;
3. your decisions on the Cleanup plan: keep, then disavow, a High-risk domain, mark an
   item spam, and clear them (each brings the plan up to date at once);
4. for reference, the Overview with no stored summary (an audit changed since its
   grading: the summary is counted again in SQL, then kept).

Usage::

    python bench/bench_dashboard.py                   # 1,000,000 links
    python bench/bench_dashboard.py --links 100000
    python bench/bench_dashboard.py --db kept.db      # reuse a store made by an earlier run (--keep)
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

#: The calls the Overview page makes, in its order (dashboard/views/overview.py).
OVERVIEW = ["audit_info", "audit_overview", "health_score", "link_facets", "risk_bands", "anchor_classes",
            "tld_counts", "top_risky_domains"]


def _bench_grade():
    spec = importlib.util.spec_from_file_location("bench_grade", ROOT / "bench" / "bench_grade.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_store(db: str, links: int) -> dict:
    """Generate, close and grade one audit; return its size and the seconds each step took."""
    from backlint.store import Store
    from grading.engine import grade_audit

    started = time.monotonic()
    items, n_links, domains = _bench_grade().generate(db, links)
    generated = time.monotonic() - started
    store = Store(db)
    store.finish_audit(1, "finished", store.counts(1), [])
    store.close()
    started = time.monotonic()
    grade_audit(db, 1)
    return {"items": items, "links": n_links, "domains": domains, "generate": generated,
            "grade": time.monotonic() - started}


def measure(db: str, what: str) -> dict[str, float]:
    """Time the data calls of one scenario in this process; return seconds by call."""
    from dashboard import data

    calls = {
        "decisions": _decisions(db),
        "overview": [(name, (lambda n=name: getattr(data, n)(db, 1))) for name in OVERVIEW],
        "pages": [
            ("store_token", lambda: data.store_token(db)),
            ("audits", lambda: data.audits(db)),
            ("domains, page 1", lambda: data.domains(db, 1, limit=50)),
            ("domains, High, .xyz", lambda: data.domains(db, 1, data.DomainFilter(band="high", tld="xyz"))),
            ("domains, with trackbacks", lambda: data.domains(db, 1, data.DomainFilter(type="trackback"))),
            ("domain_tlds", lambda: data.domain_tlds(db, 1)),
            ("domain_detail", lambda: data.domain_detail(db, 1, data.domains(db, 1, limit=1)[0]["domain"][0])),
            ("items, page 1", lambda: data.items(db, 1, limit=50)),
            ("items, pingbacks", lambda: data.items(db, 1, data.ItemFilter(type="pingback"))),
            ("items, text search", lambda: data.items(db, 1, data.ItemFilter(search="viagra"))),
            ("items, inbound links", lambda: data.items(db, 1, data.ItemFilter(direction="inbound"))),
            ("item_detail", lambda: data.item_detail(db, 1, 1)),
            ("plan_summary", lambda: data.plan_summary(db, 1)),
            ("plan_entries, items to delete", lambda: data.plan_entries(db, 1, "items", "delete or mark spam")),
            ("site_recommendations", lambda: data.site_recommendations(db, 1)),
        ],
    }[what]
    seconds = {}
    for name, call in calls:
        started = time.monotonic()
        call()
        seconds[name] = time.monotonic() - started
    return seconds


def _decisions(db: str) -> list[tuple[str, Any]]:
    """Set and clear decisions on the worst inbound domain and the worst item."""
    from dashboard import data

    conn = sqlite3.connect(db)
    domain = conn.execute("SELECT domain FROM domain_grades WHERE audit_id = 1 AND direction = 'inbound'"
                          " ORDER BY score DESC, domain LIMIT 1").fetchone()[0]
    item = conn.execute("SELECT item_id FROM item_grades WHERE audit_id = 1 ORDER BY score DESC, item_id"
                        " LIMIT 1").fetchone()[0]
    conn.close()
    return [
        (f"keep {domain}", lambda: data.set_override(db, 1, "domain", domain, "keep")),
        (f"disavow {domain}", lambda: data.set_override(db, 1, "domain", domain, "disavow")),
        (f"clear {domain}", lambda: data.clear_override(db, 1, "domain", domain)),
        (f"mark item {item} spam", lambda: data.set_override(db, 1, "item", item, "spam")),
        (f"clear item {item}", lambda: data.clear_override(db, 1, "item", item)),
    ]


def child(db: str, what: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--measure", what, db], capture_output=True, text=True,
                         check=False)
    if out.returncode != 0:
        print(out.stderr[-3000:], file=sys.stderr)
        raise SystemExit(out.returncode)
    return json.loads(out.stdout.strip().splitlines()[-1])


def forget_summary(db: str) -> None:
    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM audit_summaries")
    conn.commit()
    conn.close()


def show(title: str, seconds: dict[str, float], target: float | None = None) -> None:
    total = sum(seconds.values())
    verdict = "" if target is None else (f"   target < {target:g} s: " + ("met" if total < target else "MISSED"))
    print(f"{title:<58} {total:>7.2f} s{verdict}")
    for name, value in seconds.items():
        print(f"    {name:<54} {value:>7.3f}")


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--measure":
        print(json.dumps(measure(sys.argv[3], sys.argv[2])))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--links", type=int, default=1_000_000)
    parser.add_argument("--db", help="a store made by an earlier run (kept with --keep): skip generating")
    parser.add_argument("--keep", action="store_true", help="keep the generated store and print its path")
    args = parser.parse_args()
    if args.db:
        db = args.db
        conn = sqlite3.connect(db)
        links, items = (conn.execute(f"SELECT count(*) FROM {t} WHERE audit_id = 1").fetchone()[0]
                        for t in ("links", "items"))
        conn.close()
        print(f"Store {db}: {links:,} links, {items:,} items")
    else:
        db = str(Path(tempfile.mkdtemp(prefix="backlint-dashboard-bench-")) / "dashboard.db")
        made = make_store(db, args.links)
        print(f"Audit of {made['links']:,} links, {made['items']:,} items, {made['domains']:,} domains: "
              f"generated in {made['generate']:.0f} s, graded in {made['grade']:.0f} s"
              + (f"; kept at {db}" if args.keep else ""))
    if args.db:
        from grading.engine import grade_audit

        started = time.monotonic()
        grade_audit(db, 1)
        print(f"Graded again in {time.monotonic() - started:.0f} s (grading keeps the link summary)")
    show("Overview page data, cold, as grading left the store", child(db, "overview"), target=3.0)
    show("Other pages' first screens, cold", child(db, "pages"))
    show("Decisions on the Cleanup plan, each applied at once", child(db, "decisions"))
    forget_summary(db)
    show("Overview page data, cold, no stored summary (reference)", child(db, "overview"))
    if not args.db and not args.keep:
        for suffix in ("", "-wal", "-shm"):
            Path(db + suffix).unlink(missing_ok=True)
        Path(db).parent.rmdir()


if __name__ == "__main__":
    main()
