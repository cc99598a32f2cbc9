"""`backlint import` end to end (parse + store): a 1,000,000-row Ahrefs export and a large WordPress export.

Generates each file in a temp dir with the parsers' own benchmark generators
(``bench_import_backlinks.write_ahrefs_export``, ``bench_import_wxr.write_wxr``), then imports it with
``crawler.importers.run.import_file`` in a child process and prints rows/s and that process's peak memory
(max RSS). Figures are printed, never asserted.

Usage::

    python bench/bench_import.py                          # 1,000,000 Ahrefs rows and a 1 GB WXR
    python bench/bench_import.py --ahrefs-rows 100000 --wxr-mb 100
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def child(db: str, path: str, site: str) -> None:
    """Import one file in this process; print records, seconds and peak RSS (KiB)."""
    from crawler.importers.run import import_file

    started = time.monotonic()
    report = import_file(db, path, site or None)
    print(report.imported, report.rows_read, time.monotonic() - started,
          resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def run(kind: str, path: Path, db: Path, site: str) -> None:
    out = subprocess.run([sys.executable, __file__, "--child", str(db), str(path), site],
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        print(out.stderr[-2000:], file=sys.stderr)
        raise SystemExit(out.returncode)
    imported, read, seconds, peak = (float(v) for v in out.stdout.split()[-4:])
    size = path.stat().st_size / 2**20
    print(f"{kind:<8} {size:>8,.0f} MiB {read:>11,.0f} {imported:>11,.0f} {seconds:>8.1f} "
          f"{imported / seconds:>9,.0f} {peak / 1024:>8,.0f}", flush=True)


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], sys.argv[4])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ahrefs-rows", type=int, default=1_000_000)
    parser.add_argument("--wxr-mb", type=float, default=1024)
    args = parser.parse_args()
    from bench_import_backlinks import write_ahrefs_export
    from bench_import_wxr import write_wxr

    work = Path(tempfile.mkdtemp(prefix="backlint-import-bench-"))
    print(f"{'file':<8} {'size':>12} {'rows read':>11} {'imported':>11} {'seconds':>8} {'rows/s':>9} {'peak MB':>8}")
    if args.ahrefs_rows:
        path = work / "ahrefs.tsv"
        write_ahrefs_export(path, args.ahrefs_rows)
        run("ahrefs", path, work / "ahrefs.db", "https://blog.example/")
        path.unlink()
    if args.wxr_mb:
        path = work / "export.xml"
        write_wxr(path, args.wxr_mb)
        run("wxr", path, work / "wxr.db", "")
        path.unlink()


if __name__ == "__main__":
    main()
