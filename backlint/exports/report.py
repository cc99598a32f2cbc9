"""A self-contained HTML report for a client: every string escaped, charts as inline SVG, nothing loaded."""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from typing import Any

from backlint import __version__
from backlint.exports.common import graded_audit, open_store, reasons_text
from backlint.exports.plan import ACTION_HELP, PlanEntry, plan_counts, plan_of
from backlint.store import Store
from grading.plan import ADD_UGC, DISAVOW

BAND_COLOURS = {"high": "#c0392b", "medium": "#e08e0b", "low": "#2e8b57"}
_BANDS = ("high", "medium", "low")
#: Rows of each action the HTML report shows; the plan CSV has them all.
REPORT_ROWS_PER_ACTION = 200


def html_report(db: str, audit_id: int | None = None) -> str:
    """Return a self-contained HTML report of an audit, for a client.

    Summary figures, charts (inline SVG: the file loads nothing and opens offline),
    the top issues and the cleanup plan (the first 200 rows of each action; the plan
    CSV has them all). Every string from the store is escaped; no crawled URL becomes
    a link. A print stylesheet keeps it readable on paper.

    Args:
        db: the store path.
        audit_id: the audit; ``None`` for the newest graded one.

    Raises:
        BacklintError: nothing graded.
    """
    with open_store(db) as store:
        audit_id = audit_id or graded_audit(store)
        figures = report_figures(store, audit_id)
        plan = plan_of(store, audit_id, per_action=REPORT_ROWS_PER_ACTION)
        counts = plan_counts(store, audit_id)
    return _render_report(figures, plan, counts)


def report_figures(store: Store, audit_id: int) -> dict[str, Any]:
    """The figures of the HTML report, aggregated in SQL (bounded whatever the audit's size).

    Args:
        store: an open store.
        audit_id: a graded audit.

    Returns:
        Plain data: the audit's dates, items by type, links by direction, items and
        domains by band, new items by month and band, ping checks by outcome, counts
        of comment links without ``ugc``/``nofollow`` and of domains to disavow, the
        twelve riskiest domains and the site-level recommendations.
    """
    q = store.conn.execute
    one = lambda sql, *args: q(sql, (audit_id, *args)).fetchone()[0]  # noqa: E731
    audit = store.require_audit(audit_id)
    graded_at = q("SELECT max(created_at) FROM gradings WHERE audit_id = ?", (audit_id,)).fetchone()[0]
    item_bands = dict(q("SELECT band, count(*) FROM item_grades WHERE audit_id = ? GROUP BY band", (audit_id,)))
    domain_bands: dict[str, dict[str, int]] = defaultdict(dict)
    for direction, band, n in q("SELECT direction, band, count(*) FROM domain_grades WHERE audit_id = ?"
                                " GROUP BY 1, 2", (audit_id,)):
        domain_bands[direction][band] = n
    months: dict[str, Counter] = defaultdict(Counter)
    for month, band, n in q("SELECT substr(i.date, 1, 7), g.band, count(*) FROM item_grades g"
                            " JOIN items i ON i.id = g.item_id WHERE g.audit_id = ?"
                            " AND i.date GLOB '[12][0-9][0-9][0-9]-[01][0-9]*' GROUP BY 1, 2", (audit_id,)):
        months[month][band] = n
    checks = dict(q("SELECT CASE WHEN status = 'alive' AND links_to_target THEN 'linked'"
                    " WHEN status = 'alive' AND error IS NULL THEN 'fake' ELSE status END, count(*)"
                    " FROM ping_checks WHERE audit_id = ? GROUP BY 1", (audit_id,)))
    return {
        "audit_id": audit_id,
        "site_url": audit["site_url"], "kind": audit["kind"], "status": audit["status"],
        "started_at": audit["started_at"], "finished_at": audit["finished_at"] or "", "graded_at": graded_at or "",
        "items_by_type": dict(q("SELECT type, count(*) FROM items WHERE audit_id = ? GROUP BY type"
                                " ORDER BY 2 DESC, 1", (audit_id,))),
        "links_by_direction": dict(q("SELECT direction, count(*) FROM links WHERE audit_id = ? GROUP BY 1",
                                     (audit_id,))),
        "item_bands": item_bands,
        "domain_bands": dict(domain_bands),
        "months": dict(sorted(months.items())),
        "undated": one("SELECT count(*) FROM items WHERE audit_id = ? AND (date IS NULL OR date"
                       " NOT GLOB '[12][0-9][0-9][0-9]-[01][0-9]*')"),
        "pings": one("SELECT count(*) FROM items WHERE audit_id = ? AND type IN ('trackback', 'pingback')"),
        "ping_checks": checks,
        "missing_ugc": one("SELECT count(*) FROM link_grades WHERE audit_id = ? AND recommendation = ?", ADD_UGC),
        "to_disavow": one("SELECT count(*) FROM domain_grades WHERE audit_id = ? AND recommendation = ?"
                          " AND direction = 'inbound' AND guarded = 0", DISAVOW),
        "top_domains": [dict(r) for r in q(
            "SELECT domain, direction, score, band, recommendation, why, reasons FROM domain_grades"
            " WHERE audit_id = ? AND band != 'low' ORDER BY score DESC, domain LIMIT 12", (audit_id,))],
        "site_recommendations": [dict(r) for r in q(
            "SELECT action, why, evidence FROM site_recommendations WHERE audit_id = ? ORDER BY rowid",
            (audit_id,))],
    }


def _e(value: Any, limit: int | None = 200) -> str:
    """Escape for HTML text and attributes; long text is cut (a 10,000-character name helps no one)."""
    text = "" if value is None else str(value)
    if limit is not None and len(text) > limit:
        text = text[:limit - 1] + "…"
    return html.escape(text, quote=True)


def _when(iso: str) -> str:
    """``2024-05-01T09:30:12+00:00`` as ``2024-05-01 09:30 UTC``."""
    return _e(iso[:16].replace("T", " ") + (" UTC" if iso.endswith("+00:00") else "")) if iso else "–"


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "–"


def _render_report(f: dict[str, Any], plan: list[PlanEntry], counts: dict[str, int]) -> str:
    items_total = sum(f["items_by_type"].values())
    bands = f["item_bands"]
    inbound = f["domain_bands"].get("inbound", {})
    outbound = f["domain_bands"].get("outbound_ugc", {})
    checks = f["ping_checks"]
    unverified = max(0, f["pings"] - sum(checks.values()))
    cards = [
        ("Comments and pings", f"{items_total:,}",
         " · ".join(f"{n:,} {t}s" for t, n in f["items_by_type"].items()) or "none found"),
        ("High risk", f"{bands.get('high', 0):,}", f"{_share(bands.get('high', 0), items_total)} of all items"),
        ("Medium risk", f"{bands.get('medium', 0):,}", f"{_share(bands.get('medium', 0), items_total)} of all items"),
        ("Low risk", f"{bands.get('low', 0):,}", f"{_share(bands.get('low', 0), items_total)} of all items"),
        ("Sites linking to you", f"{sum(inbound.values()):,}",
         f"{inbound.get('high', 0):,} High risk · {f['links_by_direction'].get('inbound', 0):,} claimed links"),
        ("Sites your comments link to", f"{sum(outbound.values()):,}",
         f"{outbound.get('high', 0):,} High risk · {f['links_by_direction'].get('outbound_ugc', 0):,} links"),
        ("Fake or dead pings", f"{checks.get('fake', 0) + checks.get('dead', 0):,}",
         f"of {f['pings']:,} trackbacks and pingbacks; {unverified:,} not checked"),
        ("Comment links without ugc/nofollow", f"{f['missing_ugc']:,}", "they pass ranking credit to commenters"),
        ("Domains to disavow", f"{f['to_disavow']:,}", "only links to you that exist"),
    ]
    charts = [
        _figure("Comments and pings by risk",
                _hbars([(b.title(), bands.get(b, 0), BAND_COLOURS[b]) for b in _BANDS])),
        _figure("Referring domains by risk",
                _stacked_hbars([("Linking to you", inbound), ("Linked from comments", outbound)])),
        _figure("New comments and pings by month",
                _columns(f["months"]) + (f"<p class=note>{f['undated']:,} undated items not shown.</p>"
                                         if f["undated"] else "")),
        _figure("Riskiest domains",
                _hbars([(f"{d['domain']} ({'in' if d['direction'] == 'inbound' else 'out'})", d["score"],
                         BAND_COLOURS[d["band"]]) for d in f["top_domains"]], maximum=100)),
        _figure("Items by type", _hbars([(t, n, "#4a6fa5") for t, n in f["items_by_type"].items()])),
    ]
    body = [
        f"<header><h1>Link profile report</h1><p class=site>{_e(f['site_url'], None)}</p>",
        f"<p class=meta>Audit {f['audit_id']} ({_e(f['kind'])}, {_e(f['status'])}) · started "
        f"{_when(f['started_at'])} · finished {_when(f['finished_at'])} · graded {_when(f['graded_at'])}</p>"
        "</header>",
        "<section><h2>At a glance</h2><div class=cards>"
        + "".join(f"<div class=card><div class=label>{_e(a)}</div><div class=value>{_e(b)}</div>"
                  f"<div class=sub>{_e(c)}</div></div>" for a, b, c in cards) + "</div>"
        "<p class=note>Scores run from 0 to 100: Low 0–30, Medium 31–60, High 61–100. Every score is the "
        "sum of named reasons, listed below with their evidence. Links in comments on your pages are "
        "removed, never disavowed: disavow only acts on links from other sites to yours.</p></section>",
        "<section><h2>Charts</h2><div class=charts>" + "".join(charts) + "</div></section>",
        _top_issues(f),
        _plan_section(plan, counts),
        f"<footer>Generated by backlint {_e(__version__)} from audit {f['audit_id']}. This file loads "
        "nothing from the network.</footer>",
    ]
    return ("<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
            "<meta name=viewport content=\"width=device-width, initial-scale=1\">"
            f"<title>Link profile report: {_e(f['site_url'], 120)}</title><style>{_CSS}</style></head>"
            "<body>" + "\n".join(body) + "</body></html>\n")


def _top_issues(f: dict[str, Any]) -> str:
    parts = ["<section><h2>Top issues</h2>"]
    if f["site_recommendations"]:
        parts.append("<h3>For the whole site</h3><ul class=issues>")
        parts += [f"<li><strong>{_e(r['action'])}</strong>: {_e(r['why'], 400)}"
                  f"<br><span class=note>{_e(r['evidence'], 400)}</span></li>" for r in f["site_recommendations"]]
        parts.append("</ul>")
    if f["top_domains"]:
        parts.append("<h3>Riskiest domains</h3><table><thead><tr><th>Domain</th><th>Direction</th><th>Score</th>"
                     "<th>Recommendation</th><th>Why</th><th>Largest reasons</th></tr></thead><tbody>")
        for d in f["top_domains"]:
            parts.append(f"<tr><td>{_e(d['domain'])}</td><td>{_direction(d['direction'])}</td>"
                         f"<td>{_badge(d['band'], d['score'])}</td><td>{_e(d['recommendation'])}</td>"
                         f"<td class=long>{_e(d['why'], 300)}</td><td class=long>{_e(reasons_text(d['reasons'], 3), 400)}</td></tr>")
        parts.append("</tbody></table>")
    if len(parts) == 1:
        parts.append("<p>No High or Medium risk found.</p>")
    return "".join(parts) + "</section>"


def _plan_section(plan: list[PlanEntry], counts: dict[str, int]) -> str:
    groups: dict[str, list[PlanEntry]] = {}
    for entry in plan:  # the site's recommendations make one group
        groups.setdefault("site" if entry.subject == "site" else entry.action, []).append(entry)
    parts = ["<section class=plan><h2>Cleanup plan</h2>"]
    if not groups:
        parts.append("<p>Nothing to do.</p>")
    for key, entries in groups.items():
        title = "change the site's settings" if key == "site" else key
        total = counts.get(key, len(entries))
        parts.append(f"<h3>{_e(title)} <span class=count>({total:,})</span></h3>")
        if key in ACTION_HELP:
            parts.append(f"<p class=help>{_e(ACTION_HELP[key], None)}</p>")
        parts.append("<table><thead><tr><th>What</th><th>Which</th><th>Score</th><th>Why</th>"
                     "<th>Author</th><th>Where</th></tr></thead><tbody>")
        for e in entries[:REPORT_ROWS_PER_ACTION]:
            score = _badge(e.band, e.score) if e.score is not None else ""
            which = e.action if e.subject == "site" else e.target
            parts.append(f"<tr><td>{_e(e.subject)} {_direction(e.direction)}</td><td>{_e(which, 120)}</td>"
                         f"<td>{score}</td><td class=long>{_e(e.why, 300)}<div class=note>{_e(e.evidence, 300)}</div></td>"
                         f"<td>{_e(e.author, 80)}</td><td>{_e(e.where, 120)}</td></tr>")
        parts.append("</tbody></table>")
        if total > REPORT_ROWS_PER_ACTION:
            parts.append(f"<p class=note>… and {total - REPORT_ROWS_PER_ACTION:,} more in the plan CSV "
                         "(backlint export --format csv --what plan).</p>")
    return "".join(parts) + "</section>"


def _direction(direction: str) -> str:
    label = {"inbound": "links to you", "outbound_ugc": "on your pages"}.get(direction, "")
    return f"<span class=dir>{label}</span>" if label else ""


def _badge(band: str, score: Any) -> str:
    colour = BAND_COLOURS.get(band, "#777")
    return f"<span class=badge style=\"background:{colour}\">{_e(score)} {_e(band.title())}</span>"


def _figure(title: str, chart: str) -> str:
    return f"<figure class=chart-box><figcaption>{_e(title, None)}</figcaption>{chart}</figure>"


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    # Inline SVG in HTML needs no namespace declaration and fetches nothing.
    return (f"<svg class=chart role=img aria-label=\"{_e(title)}\" viewBox=\"0 0 {width} {height}\" "
            f"width=\"{width}\" height=\"{height}\"><title>{_e(title)}</title>{''.join(body)}</svg>")


def _hbars(bars: list[tuple[str, int | float, str]], maximum: float | None = None) -> str:
    """Horizontal bars: ``(label, value, colour)`` each."""
    if not bars:
        return "<p class=note>Nothing to show.</p>"
    width, label_w, row = 520, 210, 24
    top = maximum or max(v for _, v, _ in bars) or 1
    body = []
    for i, (label, value, colour) in enumerate(bars):
        y = 6 + i * row
        length = round((width - label_w - 60) * value / top, 1)
        body.append(f"<text x=\"{label_w - 8}\" y=\"{y + 15}\" text-anchor=end>{_e(label, 30)}</text>"
                    f"<rect x=\"{label_w}\" y=\"{y + 3}\" width=\"{length}\" height=\"16\" fill=\"{colour}\"/>"
                    f"<text x=\"{label_w + length + 6}\" y=\"{y + 15}\">{value:,}</text>")
    return _svg(width, 12 + row * len(bars), "bar chart", body)


def _stacked_hbars(rows: list[tuple[str, dict[str, int]]]) -> str:
    """One bar a row, split by band, with a legend."""
    width, label_w, row = 520, 170, 30
    top = max((sum(c.values()) for _, c in rows), default=0) or 1
    body = []
    for i, (label, counts) in enumerate(rows):
        y, x = 6 + i * row, float(label_w)
        body.append(f"<text x=\"{label_w - 8}\" y=\"{y + 16}\" text-anchor=end>{_e(label)}</text>")
        for band in _BANDS:
            n = counts.get(band, 0)
            length = round((width - label_w - 60) * n / top, 1)
            if n:
                body.append(f"<rect x=\"{x}\" y=\"{y + 3}\" width=\"{length}\" height=\"20\" "
                            f"fill=\"{BAND_COLOURS[band]}\"><title>{band.title()}: {n:,}</title></rect>")
            x += length
        body.append(f"<text x=\"{x + 6}\" y=\"{y + 16}\">{sum(counts.values()):,}</text>")
    body.append(_legend(6 + row * len(rows) + 8, label_w))
    return _svg(width, row * len(rows) + 40, "stacked bar chart", body)


def _legend(y: int, x: int) -> str:
    return "".join(f"<rect x=\"{x + i * 90}\" y=\"{y}\" width=\"12\" height=\"12\" fill=\"{BAND_COLOURS[b]}\"/>"
                   f"<text x=\"{x + i * 90 + 16}\" y=\"{y + 11}\">{b.title()}</text>" for i, b in enumerate(_BANDS))


def _columns(months: dict[str, Counter]) -> str:
    """Stacked columns by month (by year when there are more than 36 months), split by band."""
    if not months:
        return "<p class=note>No dated items.</p>"
    periods: dict[str, Counter] = months
    if len(months) > 36:
        periods = defaultdict(Counter)
        for month, counts in months.items():
            periods[month[:4]].update(counts)
    width, height, left, bottom = 520, 230, 40, 50
    step = min(48.0, (width - left - 10) / len(periods))  # two months are not two walls
    top = max(sum(c.values()) for c in periods.values()) or 1
    body = [f"<text x=\"{left - 6}\" y=\"16\" text-anchor=end>{top:,}</text>",
            f"<line x1=\"{left}\" y1=\"{height - bottom}\" x2=\"{width - 10}\" y2=\"{height - bottom}\" stroke=\"#999\"/>"]
    every = max(1, len(periods) // 12)  # at most a dozen axis labels
    for i, (period, counts) in enumerate(periods.items()):
        x, y = left + i * step, float(height - bottom)
        for band in reversed(_BANDS):  # Low at the bottom, High on top where a wave shows
            n = counts.get(band, 0)
            h = round((height - bottom - 20) * n / top, 1)
            if n:
                body.append(f"<rect x=\"{x + 1:.1f}\" y=\"{y - h:.1f}\" width=\"{max(step - 2, 1):.1f}\" "
                            f"height=\"{h}\" fill=\"{BAND_COLOURS[band]}\"><title>{_e(period)} {band.title()}: "
                            f"{n:,}</title></rect>")
            y -= h
        if i % every == 0:
            body.append(f"<text x=\"{x + step / 2:.1f}\" y=\"{height - bottom + 14}\" text-anchor=middle "
                        f"class=axis>{_e(period)}</text>")
    body.append(_legend(height - 18, left))
    return _svg(width, height, "new items by month", body)


_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;margin:0 auto;
max-width:1100px;padding:24px}
h1{margin:0;font-size:28px}h2{border-bottom:2px solid #ddd;padding-bottom:4px;margin-top:36px}
h3{margin:22px 0 6px}.site{font-size:18px;margin:4px 0;word-break:break-all}.meta,.note,.help{color:#555}
.note{font-size:13px}.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:12px}
.card{border:1px solid #ddd;border-radius:8px;padding:10px 12px}.card .label{font-size:13px;color:#555}
.card .value{font-size:26px;font-weight:600}.card .sub{font-size:12px;color:#666}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(520px,1fr));gap:16px}
figure{margin:0;border:1px solid #eee;border-radius:8px;padding:8px}figcaption{font-weight:600;margin-bottom:4px}
svg.chart{max-width:100%;height:auto;font-size:12px}svg .axis{font-size:10px}
table{border-collapse:collapse;width:100%;font-size:13px;margin-bottom:8px}
th,td{border-bottom:1px solid #e5e5e5;padding:5px 6px;text-align:left;vertical-align:top;
overflow-wrap:anywhere;min-width:5.5em}th{background:#f6f6f6}td.long{min-width:16em}
.badge{color:#fff;border-radius:4px;padding:1px 6px;white-space:nowrap;font-size:12px}
.dir{display:block;color:#777;font-size:11px}.count{color:#777;font-weight:400}
.issues li{margin-bottom:8px}footer{margin-top:40px;color:#777;font-size:12px}
@media print{body{max-width:none;padding:0;font-size:11pt}.charts{display:block}
figure,tr,.card{break-inside:avoid;page-break-inside:avoid}h2,h3{break-after:avoid}
section.plan{break-before:page}.badge,rect{print-color-adjust:exact;-webkit-print-color-adjust:exact}
.cards{grid-template-columns:repeat(3,1fr)}}
"""
