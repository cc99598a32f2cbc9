"""Exports of a graded audit, one module a format, shared by the command line and the dashboard.

- :mod:`~backlint.exports.tables`: :func:`csv_bytes` — domains, items, links or the cleanup plan
  as CSV; :func:`export_csv` writes the same bytes to a file; :func:`plan_csv_bytes`;
- :mod:`~backlint.exports.plan`: :func:`cleanup_plan`, one entry per thing to do;
- :mod:`~backlint.exports.disavow`: :func:`disavow_file` — a Google disavow file merged with the
  one already uploaded;
- :mod:`~backlint.exports.wpcli`: :func:`wp_cli_commands` — a shell script of ``wp comment
  spam|trash`` commands;
- :mod:`~backlint.exports.report`: :func:`html_report` — a self-contained HTML report for a client
  that opens offline;
- :mod:`~backlint.exports.common`: what they share (:func:`neutralise`, :func:`one_line`).

Every name is importable from this package as well.

Everything here reads what the grading engine stored (recommendations, with the
user's overrides already applied) and decides nothing anew. Crawled text is written
by whoever posted a comment or a ping, so every export treats it as hostile:

- CSV files are UTF-8 with a byte-order mark (so Excel opens them as UTF-8) and every
  text cell that a spreadsheet would read as a formula — starting with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return — is neutralised with a leading apostrophe
  (OWASP "CSV injection").
- Disavow comments and shell comments are flattened to one line without control
  characters (:func:`one_line`): a line break in an author name must not become a
  ``domain:`` entry or a shell command.
- Only numeric WordPress ids reach a WP-CLI command line.
- The HTML report escapes every string (:func:`html.escape`), links to nothing and
  loads nothing: its charts are inline SVG.

Example:
    >>> neutralise("=HYPERLINK(\\"http://x.example\\")")
    '\\'=HYPERLINK("http://x.example")'
    >>> one_line("Cheap\\ndomain:google.com\\x00 pills")
    'Cheap domain:google.com pills'
"""


from __future__ import annotations

from backlint.exports.common import graded_audit, neutralise, one_line, open_store, reasons_text
from backlint.exports.disavow import DisavowExport, disavow_file
from backlint.exports.plan import ACTION_HELP, ACTION_ORDER, PlanEntry, cleanup_plan, plan_counts, plan_of
from backlint.exports.report import BAND_COLOURS, REPORT_ROWS_PER_ACTION, html_report, report_figures
from backlint.exports.tables import COLUMNS, csv_bytes, export_csv, plan_csv_bytes, write_csv
from backlint.exports.wpcli import WP_CLI_BATCH, wp_cli_commands

__all__ = [
    "ACTION_HELP",
    "ACTION_ORDER",
    "BAND_COLOURS",
    "COLUMNS",
    "DisavowExport",
    "PlanEntry",
    "REPORT_ROWS_PER_ACTION",
    "WP_CLI_BATCH",
    "cleanup_plan",
    "csv_bytes",
    "disavow_file",
    "export_csv",
    "graded_audit",
    "html_report",
    "neutralise",
    "one_line",
    "open_store",
    "plan_counts",
    "plan_csv_bytes",
    "plan_of",
    "reasons_text",
    "report_figures",
    "wp_cli_commands",
    "write_csv",
]
