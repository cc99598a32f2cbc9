"""How fast a 1,000,000-row Ahrefs export imports, and how much memory it takes.

Writes an Ahrefs backlinks export the way Ahrefs does by default (UTF-16 LE with a
byte-order mark, tab-separated, every field quoted; the 27 documented columns) into
a temporary directory, then reads every row with
:func:`crawler.importers.backlinks.read_backlinks` in a fresh process, so that the
peak memory printed is the importer's alone (``resource.getrusage`` ``ru_maxrss``)
and not the generator's.

Run:
    .venv/bin/python bench/bench_import_backlinks.py [--rows N] [--keep]

Prints figures; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import codecs
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = ["Referring page title", "Referring page URL", "Language", "Platform", "Referring page HTTP code",
          "Domain rating", "Domain traffic", "Referring domains", "Linked domains", "External links",
          "Page traffic", "Keywords", "Target URL", "Left context", "Anchor", "Right context", "Type",
          "Content", "Nofollow", "UGC", "Sponsored", "First seen", "Last seen", "Lost", "Links in group",
          "UR", "Is spam"]


def _row(i: int) -> list[str]:
    # A mix like real exports: some query strings and upper-case hosts (full
    # normalisation), most already-normal URLs, nofollow on a third, a few lost links.
    if i % 10 == 0:
        source = f"https://Blog{i % 20000}.Example/?p={i}&utm_source=feed"
    else:
        source = f"https://blog{i % 20000}.example/{2015 + i % 10}/{1 + i % 12:02d}/post-{i}/"
    return [f"Post {i}: notes on gardens", source, "en", "wordpress", "200", str(i % 91), str(i * 7 % 100_000),
            str(i % 400), str(i % 60), str(i % 200), str(i % 50), str(i % 9),
            f"https://mysite.example/{'guide/' if i % 4 else ''}", "as described in", f"anchor text {i % 300}",
            "for more", "text", "", "true" if i % 3 == 0 else "false", "true" if i % 7 == 0 else "false", "false",
            f"{2019 + i % 5}-{1 + i % 12:02d}-{1 + i % 28:02d} 10:00:00", "2024-05-01 08:00:00",
            "2024-04-02 00:00:00" if i % 50 == 0 else "", "1", f"{i % 70}.{i % 10}", "false"]


def write_ahrefs_export(path: Path, rows: int) -> None:
    """Write an ``rows``-row Ahrefs export to ``path`` (UTF-16 LE, BOM, tabs)."""
    def line(cells: list[str]) -> str:
        return "\t".join(f'"{cell}"' for cell in cells) + "\r\n"

    with path.open("wb") as out:
        out.write(codecs.BOM_UTF16_LE + line(HEADER).encode("utf-16-le"))
        batch: list[str] = []
        for i in range(rows):
            batch.append(line(_row(i)))
            if len(batch) == 10_000:
                out.write("".join(batch).encode("utf-16-le"))
                batch.clear()
        out.write("".join(batch).encode("utf-16-le"))


def parse(path: Path) -> dict[str, float]:
    """Read every row of ``path``; return the counts, the time and this process's peak memory."""
    from crawler.importers.backlinks import read_backlinks

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    backlinks = read_backlinks(path)
    for _ in backlinks.rows():
        pass
    elapsed = time.perf_counter() - started
    return {
        "format": backlinks.format,
        "rows": backlinks.summary.rows_read,
        "imported": backlinks.summary.imported,
        "skipped": backlinks.summary.skipped_total,
        "seconds": elapsed,
        "peak_kib_before": before,
        "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="leave the generated file in place")
    parser.add_argument("--parse", type=Path, help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.parse:
        print(json.dumps(parse(args.parse)))
        return

    directory = tempfile.mkdtemp(prefix="backlint-bench-")
    path = Path(directory) / "ahrefs-backlinks.tsv"
    started = time.perf_counter()
    write_ahrefs_export(path, args.rows)
    print(f"wrote {args.rows:,} rows, {path.stat().st_size / 2**20:,.0f} MiB (UTF-16 LE) "
          f"in {time.perf_counter() - started:.1f} s: {path}")
    try:
        child = subprocess.run([sys.executable, __file__, "--parse", str(path)], check=True,
                               capture_output=True, text=True)
        result = json.loads(child.stdout)
    finally:
        if not args.keep:
            path.unlink()
            Path(directory).rmdir()
    print(f"format {result['format']}: {result['rows']:,} rows read, {result['imported']:,} imported, "
          f"{result['skipped']:,} skipped")
    print(f"{result['seconds']:.1f} s, {result['rows'] / result['seconds']:,.0f} rows/s")
    print(f"peak memory {result['peak_kib'] / 1024:,.0f} MiB "
          f"(the interpreter and imports: {result['peak_kib_before'] / 1024:,.0f} MiB)")


if __name__ == "__main__":
    main()
