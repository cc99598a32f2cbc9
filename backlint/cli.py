"""The ``backlint`` command: a thin shell over the library.

Each command parses its options, calls one library function and prints the result.
Errors from the library (:class:`backlint.errors.BacklintError`) become one line,
``Error: …``, and exit status 1; Ctrl-C stops a crawl cleanly with status 130.

The options that set a :class:`backlint.settings.Settings` field are made from the
field by :func:`settings_options`: its name, type, default and doc. Each command names
the fields it reads (``STORE_SETTINGS``, ``FETCH_SETTINGS``, ...); their values come,
lowest first, from the defaults, the config file, the environment and the command line.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import click

from backlint import __version__
from backlint.errors import BacklintError
from backlint.settings import CONFIG_ENV, DEFAULT_CONFIG_FILE, SETTING_INFO, SettingInfo, Settings, load_settings

#: Settings each kind of command reads, by field name, in the order of its help.
STORE_SETTINGS = ("db",)
#: What fetching a ping source reads (``verify``, and ``grade`` unless ``--offline``).
FETCH_SETTINGS = STORE_SETTINGS + (
    "delay", "read_timeout", "connect_timeout", "concurrency", "per_host_concurrency", "user_agent",
    "respect_robots", "max_redirects", "max_retries", "retry_backoff", "retry_after_max", "body_max_bytes",
    "resolve")
#: What a crawl reads: every setting.
CRAWL_SETTINGS = STORE_SETTINGS + (
    "max_pages", "max_depth", "concurrency", "per_host_concurrency", "delay", "read_timeout", "include",
    "exclude", "user_agent", "use_rest", "use_sitemaps", "use_feeds", "wp_user", "wp_app_password",
    "keep_personal", "connect_timeout", "respect_robots", "max_redirects", "max_retries", "retry_backoff",
    "retry_after_max", "body_max_bytes", "resolve", "parse_processes")
IMPORT_SETTINGS = STORE_SETTINGS + ("keep_personal",)
#: Spellings older than the generated ones, kept beside them.
_ALIASES = {"read_timeout": ("--timeout",)}
#: The demo's own store, so that it never writes into a client's.
DEMO_DB = "backlint-demo.db"


class _Group(click.Group):
    """Turns every :class:`BacklintError` into ``Error: …`` instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BacklintError as exc:
            raise click.ClickException(str(exc)) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="backlint")
def cli() -> None:
    """Audit the comments, trackbacks and pingbacks a site has received.

    Example:

        backlint crawl https://blog.example/ --db client.db
    """


def _setting_option(info: SettingInfo, *, own: bool = False) -> Callable[[Callable], Callable]:
    """The option that sets one field: ``--max-pages`` for ``max_pages``, its type, its doc.

    A bool becomes a pair of flags (``--respect-robots/--no-respect-robots``; ``use_rest``
    reads ``--use-rest/--no-rest``), so the command line can turn either way what a config
    file or the environment set. The option's own default is ``None``, "not given", so that
    it does not hide the config file and the environment; the help shows the real one.

    Args:
        info: the field.
        own: ``info.default`` is the command's own, which neither the config file nor the
            environment changes (so the help names no environment variable).
    """
    flag = "--" + info.name.replace("_", "-")
    notes = [f"default: {info.default_text}"] if info.default_text else []
    attrs: dict[str, Any] = {"default": None}
    if info.kind is bool:
        decls: tuple[str, ...] = (f"{flag}/--no-{info.name.removeprefix('use_').replace('_', '-')}",)
    else:
        decls = (*_ALIASES.get(info.name, ()), flag)
        attrs.update(type=str if info.kind is tuple else info.kind, multiple=info.kind is tuple)
        if info.kind is tuple:
            notes.append("repeatable")
    if not own:
        notes.append(f"env: {info.env}")
    return click.option(*decls, info.name, help=f"{info.doc} [{'; '.join(notes)}]", **attrs)


_config_option = click.option(
    "--config", "config_file", type=click.Path(dir_okay=False),
    help=f"TOML settings file [default: the file ${CONFIG_ENV} names, else ./{DEFAULT_CONFIG_FILE} if present].")
_quiet_option = click.option("--quiet", "-q", is_flag=True, help="No progress bar.")


def settings_options(*names: str, defaults: Mapping[str, Any] | None = None) -> Callable[[Callable], Callable]:
    """Give a command ``--config`` and an option for each named setting; it gets ``settings``.

    The command's function takes a ``settings`` argument, a :class:`Settings` built by
    :func:`backlint.settings.load_settings` from the config file and the options given.

    Args:
        names: the fields of :class:`Settings` the command reads; ``db`` first if any.
        defaults: the command's own default of a setting, shown in its help and used when
            the option is not given, over the config file and the environment (the demo
            writes its own store, with no politeness delay).

    Example:

        @cli.command()
        @settings_options(*STORE_SETTINGS)
        def audits(settings: Settings) -> None: ...
    """
    own = dict(defaults or {})

    def decorate(fn: Callable) -> Callable:
        @functools.wraps(fn)
        def command(*args: Any, config_file: str | None, **kwargs: Any) -> Any:
            given = {name: kwargs.pop(name) for name in names}
            overrides = {**own, **{k: v for k, v in given.items() if v not in (None, ())}}
            return fn(*args, settings=load_settings(config_file, overrides=overrides), **kwargs)

        options = [_setting_option(dataclasses.replace(SETTING_INFO[name], default=own[name]), own=True)
                   if name in own else _setting_option(SETTING_INFO[name]) for name in names]
        options.insert(1 if names[:1] == ("db",) else 0, _config_option)
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


@cli.command()
@click.argument("url")
@click.option("--resume", is_flag=True, help="Go on with the site's last audit: nothing stored is fetched again.")
@settings_options(*CRAWL_SETTINGS)
@_quiet_option
def crawl(url: str, resume: bool, quiet: bool, settings: Settings) -> None:
    """Crawl a site and store every comment, trackback and pingback with its links.

    With a WordPress Application Password the crawl also lists, through the REST
    API, the pings and the pending, spam and trashed comments the public pages do
    not show. Give it through the environment rather than the command line, where
    shell history and the process list would keep it.

    Example:

        backlint crawl https://blog.example/ --db client.db --max-pages 2000

        BACKLINT_WP_APP_PASSWORD='abcd efgh ijkl mnop qrst uvwx' \\
            backlint crawl https://blog.example/ --wp-user editor
    """
    _run_crawl(url, settings, resume=resume, quiet=quiet)


@cli.command()
@settings_options(*CRAWL_SETTINGS, defaults={"db": DEMO_DB, "delay": 0.0})  # our own local demo: no delay
@_quiet_option
def demo(quiet: bool, settings: Settings) -> None:
    """Crawl the bundled demo blog on 127.0.0.1, verify its pings, grade it, print the summaries.

    Example:

        backlint demo --db demo.db
    """
    from backlint.demo.command import run_demo

    bar = _ProgressBar(enabled=not quiet)
    try:
        result = run_demo(settings.db, settings, progress=bar.update,
                          on_server=lambda url: click.echo(f"Demo blog served at {url}", err=True))
    finally:
        bar.close()
    click.echo(format_summary(result.crawl, settings))
    click.echo(_format_pings(result.pings))
    click.echo(format_grading(result.grading))


@cli.command("demo-site")
@click.option("--port", type=int, default=8765, show_default=True, help="Port to listen on.")
def demo_site(port: int) -> None:
    """Serve the bundled demo blog on 127.0.0.1 until Ctrl-C.

    Example:

        backlint demo-site --port 8765 & backlint crawl http://127.0.0.1:8765/ --delay 0
    """
    from backlint.demo.server import DemoServer

    server = DemoServer(port=port)
    try:
        server.start()
    except OSError as exc:
        raise click.ClickException(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from None
    click.echo(f"Demo blog at {server.url} (Ctrl-C stops it)")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


@cli.command()
@settings_options(*STORE_SETTINGS)
def audits(settings: Settings) -> None:
    """List the audits in a store, newest first.

    Example:

        backlint audits --db client.db
    """
    from backlint.store import Store

    store = Store(_existing_store(settings))
    try:
        rows = store.audits()
    finally:
        store.close()
    if not rows:
        click.echo("No audits yet.")
    for row in rows:
        click.echo(f"{row['id']:>4}  {row['kind']:<6} {row['status']:<11} {row['started_at']}  {row['site_url']}")


def _existing_store(settings: Settings) -> str:
    path = settings.db
    if not os.path.exists(path):
        raise click.ClickException(f"no store at {path}: run `backlint crawl URL --db {path}` first")
    return path


@cli.command()
@click.option("--audit", "audit_id", type=int, help="Audit to grade [default: the newest].")
@click.option("--offline", is_flag=True, help="Do not fetch ping sources; grade with what is stored.")
@click.option("--rules", "rules_file", type=click.Path(dir_okay=False),
              help="Your rules file, laid over the defaults (see grading/rules.toml).")
@click.option("--no-model", is_flag=True, help="Ignore the site's learned comment model.")
@settings_options(*FETCH_SETTINGS)
@_quiet_option
def grade(audit_id: int | None, offline: bool, rules_file: str | None, no_model: bool, quiet: bool,
          settings: Settings) -> None:
    """Grade every link, comment/ping and referring domain of an audit, 0–100 with reasons.

    Unless --offline, each trackback and pingback source is fetched first to check
    that it really links to you (as `backlint verify` does, with the same settings).

    Example:

        backlint grade --db client.db --rules my-rules.toml
    """
    from grading.engine import grade_audit
    from grading.rules import load_rules

    path = _existing_store(settings)
    rules = load_rules(rules_file)
    if not offline:
        _run_verify(settings, audit_id, quiet)
    summary = grade_audit(path, audit_id, rules, use_model=not no_model)
    click.echo(format_grading(summary))


@cli.command()
@click.argument("domain")
@settings_options(*STORE_SETTINGS)
@click.option("--audit", "audit_id", type=int, help="Audit [default: the newest graded one].")
def explain(domain: str, audit_id: int | None, settings: Settings) -> None:
    """Show a referring domain's grade with every reason, and the items behind it.

    Example:

        backlint explain cheap-pills.example --db client.db
    """
    from backlint.explain import explain_domain

    click.echo(format_explanation(explain_domain(_existing_store(settings), domain, audit_id)))


@cli.command()
@settings_options(*STORE_SETTINGS)
@click.option("--audit", "audit_id", type=int, help="Audit [default: the newest graded one].")
@click.option("--format", "fmt", type=click.Choice(["csv", "disavow", "wp-cli", "html"]), default="csv",
              show_default=True, help="CSV table, Google disavow file, WP-CLI script or HTML report.")
@click.option("--what", type=click.Choice(["domains", "items", "links", "plan"]), default="domains",
              show_default=True, help="For --format csv: which table.")
@click.option("--base", type=click.Path(exists=True, dir_okay=False),
              help="For --format disavow: the disavow file you already uploaded, to merge with "
                   "[default: the newest one imported for the site].")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="File to write.")
def export(audit_id: int | None, fmt: str, what: str, base: str | None, out: str, settings: Settings) -> None:
    """Export a graded audit: CSV tables, a disavow file, WP-CLI commands or a report.

    CSV is UTF-8 with a BOM, formulas neutralised. The disavow file keeps every entry
    of the file you uploaded before (Google replaces it on each upload) unless you
    chose keep or allowlist for its domain.

    Example:

        backlint export --format csv --what plan --out plan.csv

        backlint export --format disavow --base uploaded-disavow.txt --out disavow.txt
    """
    from backlint import exports

    path = _existing_store(settings)
    if base and fmt != "disavow":
        raise click.UsageError("--base goes with --format disavow")
    if fmt == "csv":
        count = exports.export_csv(path, what, out, audit_id)
        click.echo(f"Wrote {count:,} rows of {what} to {out}")
        return
    if fmt == "disavow":
        result = exports.disavow_file(path, audit_id, _read_bytes(base) if base else None)
        _write(out, result.data)
        click.echo(f"Wrote {out}: {result.summary()}")
        for problem in result.errors[:10]:
            click.echo(f"  previous file, line {problem.line}: {problem.reason}")
        return
    text = exports.wp_cli_commands(path, audit_id) if fmt == "wp-cli" else exports.html_report(path, audit_id)
    _write(out, text.encode("utf-8"))
    click.echo(f"Wrote {out}")


def _read_bytes(path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise click.ClickException(f"cannot read {path}: {exc.strerror or exc}") from None


def _write(path: str, data: bytes) -> None:
    try:
        with open(path, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror or exc}") from None


@cli.command()
@click.option("--audit", "audit_id", type=int, help="Audit [default: the newest].")
@settings_options(*FETCH_SETTINGS)
@_quiet_option
def verify(audit_id: int | None, quiet: bool, settings: Settings) -> None:
    """Fetch each trackback and pingback source and check that it really links to you.

    A trackback whose source has no link is a fake claim: delete it; there is
    nothing to disavow.

    Example:

        backlint verify --db client.db
    """
    _existing_store(settings)
    _run_verify(settings, audit_id, quiet)


def _run_verify(settings: Settings, audit_id: int | None, quiet: bool) -> None:
    from crawler.verify import verify_audit

    bar = _ProgressBar(enabled=not quiet)
    try:
        counts = verify_audit(settings.db, audit_id, settings,
                              progress=lambda done, total: bar.update(_Counts(done, total - done)))
    finally:
        bar.close()
    if counts["checked"]:
        click.echo(_format_pings(counts))


def _format_pings(counts: dict[str, int]) -> str:
    parts = " · ".join(f"{k} {counts.get(k, 0):,}" for k in ("alive", "dead", "blocked", "unreachable"))
    return (f"Verified {counts['checked']:,} ping source(s): {parts}; "
            f"{counts.get('no_link', 0):,} live source(s) do not link to you")


@dataclass
class _Counts:
    """Progress figures in the shape the progress bar reads."""

    done: int
    queued: int
    items: int = 0
    errors: int = 0


@cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--site", "site_url", help="The site the file is about (a WordPress export names its own).")
@settings_options(*IMPORT_SETTINGS)
def import_(file: str, site_url: str | None, settings: Settings) -> None:
    """Import a WordPress export, a labelled comment CSV, a backlink export or a disavow file.

    The format is recognised from the content: WXR; a CSV with `author, author_url,
    content, date, label`; Search Console, Ahrefs, Semrush, Moz, Majestic or a CSV with
    a `source_url` column; a disavow file. Each becomes an audit graded like a crawl.

    Example:

        backlint import ahrefs-backlinks.csv --site https://blog.example/ --db client.db
    """
    from crawler.importers.run import import_file

    report = import_file(settings.db, file, site_url, keep_personal=settings.keep_personal)
    click.echo(report.summary())


@cli.command()
@click.option("--site", "site_url", help="The site whose labels to learn from [default: the newest audit's].")
@settings_options(*STORE_SETTINGS)
def learn(site_url: str | None, settings: Settings) -> None:
    """Train the site's comment model from the spam/ham labels it already has.

    Labels come from `backlint import` (a labelled CSV, a WordPress export's statuses)
    and the dashboard. `backlint grade` then uses the model as one weighted signal.

    Example:

        backlint import labelled.csv --site https://blog.example/ && backlint learn
    """
    from grading.learning import learn_site

    record = learn_site(_existing_store(settings), site_url)
    metrics = record["metrics"]
    auc = metrics.get("cv_auc")
    click.echo(f"Learned model {record['model_id']} for {record['site']} from {record['labels']:,} labels "
               f"({record['spam']:,} spam)" + (f"; cross-validated AUC {auc:.3f}" if auc is not None else ""))


@cli.command()
@settings_options(*STORE_SETTINGS)
@click.option("--port", type=int, default=8501, show_default=True, help="Port on 127.0.0.1.")
def dashboard(port: int, settings: Settings) -> None:
    """Open the dashboard (Streamlit) on 127.0.0.1: health, evidence, cleanup plan, exports.

    An empty store opens on the demo audit. Crawls started from the dashboard read the
    same config file and environment as `backlint crawl`.

    Example:

        backlint dashboard --db client.db --port 8502
    """
    config_file = click.get_current_context().params["config_file"]
    command, env = dashboard_command(settings.db, port, config_file)
    click.echo(f"Dashboard at http://127.0.0.1:{port}/ (Ctrl-C stops it)", err=True)
    # Become the Streamlit server, so Ctrl-C and kill reach it directly.
    os.execve(command[0], command, env)


def dashboard_command(db: str, port: int, config_file: str | None = None,
                      environ: Mapping[str, str] | None = None) -> tuple[list[str], dict[str, str]]:
    """The command line and the environment that run the dashboard's Streamlit server.

    The server loads its settings itself (``dashboard/jobs.py``), so the store and the
    config file reach it the one way it reads them: ``BACKLINT_DB`` and ``BACKLINT_CONFIG``.

    Args:
        db: the store it opens.
        port: the port on 127.0.0.1.
        config_file: the ``--config`` file, if one was given (made absolute).
        environ: the environment passed on (``os.environ`` when ``None``).

    Returns:
        The command (``sys.executable`` first) and its whole environment.

    Example:
        >>> command, env = dashboard_command("client.db", 8502, "/srv/site.toml", environ={})
        >>> command[1:4], env
        (['-m', 'streamlit', 'run'], {'BACKLINT_DB': 'client.db', 'BACKLINT_CONFIG': '/srv/site.toml'})
    """
    from pathlib import Path

    import dashboard as package

    app = Path(package.__file__).with_name("app.py")
    env = {**(os.environ if environ is None else environ), "BACKLINT_DB": db}
    if config_file:
        env[CONFIG_ENV] = os.path.abspath(config_file)
    command = [sys.executable, "-m", "streamlit", "run", str(app), "--server.headless", "true",
               "--server.address", "127.0.0.1", "--server.port", str(port),
               "--browser.gatherUsageStats", "false", "--client.toolbarMode", "minimal"]
    return command, env


def format_grading(summary: Any) -> str:
    """Render a :class:`grading.engine.GradingSummary` as the text ``backlint grade`` prints."""
    def bands(counts: dict[str, int]) -> str:
        return " · ".join(f"{b.title()} {counts.get(b, 0):,}" for b in ("high", "medium", "low"))

    lines = [f"Graded audit {summary.audit_id} in {summary.elapsed:.1f} s"
             + (f" with the learned {summary.model_used}" if summary.model_used else " (rules only)"),
             f"  Items              {bands(summary.items_by_band)}",
             f"  Links              {bands(summary.links_by_band)}"]
    for direction, label in (("inbound", "Inbound domains"), ("outbound_ugc", "Outbound domains")):
        if direction in summary.domains_by_band:
            lines.append(f"  {label:<18} {bands(summary.domains_by_band[direction])}")
    lines.append(f"  Pings verified     {summary.pings_checked:,}")
    lines.append("  Recommendations")
    for rec, n in sorted(summary.recommendations.items(), key=lambda kv: (kv[0].startswith("items"), -kv[1])):
        lines.append(f"    {n:>6,}  {rec}")
    for rec in summary.site_recommendations:
        lines.append(f"  Site: {rec['action']} — {rec['why']}")
    return "\n".join(lines)


def format_explanation(data: dict[str, Any]) -> str:
    """Render :func:`backlint.explain.explain_domain` as text."""
    lines = []
    for grade in data["grades"]:
        lines.append(f"{data['domain']} ({grade['direction']}): {grade['score']} {grade['band'].title()}"
                     f" — {grade['recommendation']}: {grade['why']}")
        for reason in grade["reasons"]:
            lines.append(f"  +{reason['points']:<5g} {reason['signal']:<28} {reason['evidence']}")
    lines.append(f"Items ({len(data['items'])}):")
    for item in data["items"]:
        text = " ".join(item["text"].split())
        lines.append(f"  {item['score']:>3} {item['band']:<6} {item['type']:<9} #{item['id']:<8} "
                     f"{item['author_name'][:30]!r} {text[:70]!r}")
        for reason in item["reasons"][:4]:
            lines.append(f"        +{reason['points']:<5g} {reason['signal']}: {reason['evidence']}")
    for check in data["ping_checks"]:
        lines.append(f"  ping source {check['source_url']}: {check['status']}"
                     f"{', links to you' if check['links_to_target'] else ', no link to you'}")
    return "\n".join(lines)


def _run_crawl(url: str, settings: Settings, *, resume: bool, quiet: bool) -> None:
    from crawler.crawl import crawl_site

    bar = _ProgressBar(enabled=not quiet)
    try:
        summary = crawl_site(url, settings, resume=resume, progress=bar.update)
    finally:
        bar.close()
    click.echo(format_summary(summary, settings))
    if summary.status == "interrupted":
        sys.exit(130)


class _ProgressBar:
    """One live line on stderr: pages done and queued, items found, errors."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.log_lines = enabled and not sys.stderr.isatty()
        # Without a terminal (a log file, CI), one line every 10 s from the start.
        self.last = 0.0 if self.enabled else time.monotonic()
        self.shown = False

    def update(self, p: Any) -> None:
        now = time.monotonic()
        interval = 0.1 if self.enabled else 10.0
        if not (self.enabled or self.log_lines) or now - self.last < interval:
            return
        self.last = now
        total = p.done + p.queued
        width = 24
        filled = int(width * p.done / total) if total else 0
        text = (f"[{'#' * filled}{'.' * (width - filled)}] pages {p.done:,} done / {p.queued:,} queued"
                f" · items {p.items:,} · errors {p.errors:,}")
        if self.enabled:
            click.echo("\r" + text + "\x1b[K", nl=False, err=True)
            self.shown = True
        else:
            click.echo(text, err=True)

    def close(self) -> None:
        if self.shown:
            click.echo("\r\x1b[K", nl=False, err=True)


# How the summary groups what was fetched (the crawl's own queue kinds are finer).
_FETCH_GROUPS = {"post": "html", "comment-page": "html", "html": "html", "sitemap-probe": "sitemap",
                 "rest-posts": "rest", "rest-comments": "rest", "rest-moderation": "rest"}


def format_summary(summary: Any, settings: Settings) -> str:
    """Render a :class:`crawler.crawl.CrawlSummary` as the text the command prints."""
    c = summary.counts
    items = c["items_by_type"]
    links = c["links_by_direction"]
    domains = c["referring_domains_by_direction"]
    by_group: dict[str, int] = {}
    for kind, n in c["fetches_by_kind"].items():
        group = _FETCH_GROUPS.get(kind, kind)
        by_group[group] = by_group.get(group, 0) + n
    kinds = " · ".join(f"{k} {v:,}" for k, v in sorted(by_group.items()))
    status = {"finished": "finished", "interrupted": "interrupted (resume with --resume)",
              "limited": "stopped at --max-pages (resume with --resume)"}[summary.status]
    lines = [
        f"Audit {summary.audit_id} of {summary.site_url}: {status} in {summary.elapsed:.1f} s",
        f"  Fetches            {c['fetches']:>7,}   {kinds}",
        f"  Pages with HTML    {c['html_pages']:>7,}",
        f"  Items              {sum(items.values()):>7,}   comments {items['comment']:,} · "
        f"trackbacks {items['trackback']:,} · pingbacks {items['pingback']:,}",
        f"  Links              {sum(links.values()):>7,}   inbound claims {links['inbound']:,} · "
        f"outbound UGC {links['outbound_ugc']:,}",
        f"  Referring domains  {c['referring_domains']:>7,}   inbound {domains['inbound']:,} · "
        f"outbound {domains['outbound_ugc']:,}",
    ]
    if c["outbound_links_without_ugc_or_nofollow"]:
        lines.append(f"  Outbound comment links without ugc/nofollow: "
                     f"{c['outbound_links_without_ugc_or_nofollow']:,}")
    failed = [f for f in summary.failures if f["outcome"] != "skipped"]
    skipped = [f for f in summary.failures if f["outcome"] == "skipped"]
    lines.append(f"  Failures           {sum(f['count'] for f in failed):>7,}")
    for f in failed:
        lines.append(f"    {f['outcome']:<8} {f['kind']:<20} {f['count']:>5,}  e.g. {f['examples'][0]}")
    if skipped:
        lines.append(f"  Skipped            {sum(f['count'] for f in skipped):>7,}")
    for f in skipped:
        lines.append(f"    {'':<8} {f['kind']:<20} {f['count']:>5,}  e.g. {f['examples'][0]}")
    for notice in summary.notices:
        lines.append(f"  Note: {notice}")
    lines.append(f"  Store: {settings.db}")
    return "\n".join(lines)


def main() -> None:
    """Console entry point."""
    cli(prog_name="backlint")
