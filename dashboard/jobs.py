"""Long work the dashboard starts: a crawl in a background thread, and the demo audit.

A crawl started from the Start page runs in its own thread inside the dashboard's
process, so it keeps going when the browser tab is closed; the page only reads its
progress, which the thread publishes under a lock (:meth:`CrawlJob.status`). The
crawl keeps its queue in the store, so if the process itself stops, "resume" goes
on where it was. One crawl per store at a time: all crawl writes go through one
writer, and two crawls of one store would only wait on each other.

No Streamlit here: the pages call these functions and show what they return.

Example:
    >>> job_for("/nonexistent/store.db") is None
    True
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, replace
from typing import Any

from backlint.errors import BacklintError
from backlint.settings import Settings, load_settings

#: Jobs by store path; kept for the life of the process so a reopened page finds its crawl.
_JOBS: dict[str, CrawlJob] = {}
_JOBS_LOCK = threading.Lock()
#: One demo load at a time, so two sessions opening an empty store load it once.
_DEMO_LOCK = threading.Lock()


@dataclass(frozen=True)
class JobStatus:
    """A snapshot of a crawl job, safe to read from any thread.

    Example:
        >>> JobStatus(url="https://blog.example/", db="b.db").fraction
        0.0

    Attributes:
        url: the site crawled.
        db: the store written.
        state: ``running``, ``finished``, ``stopped`` or ``failed``.
        stage: ``crawling``, ``verifying pings``, ``grading`` or ``done``.
        done: pages (or ping sources) fetched in the current stage.
        queued: pages (or ping sources) still to fetch in the current stage.
        items: comments and pings found so far.
        errors: fetches that failed so far.
        audit_id: the audit written, once known.
        message: what happened, in words (the error when ``failed``).
        elapsed: seconds since the job started.
    """

    url: str
    db: str
    state: str = "running"
    stage: str = "crawling"
    done: int = 0
    queued: int = 0
    items: int = 0
    errors: int = 0
    audit_id: int | None = None
    message: str = ""
    elapsed: float = 0.0

    @property
    def fraction(self) -> float:
        """How far the current stage is, 0–1 (a crawl's queue grows as it goes)."""
        total = self.done + self.queued
        return min(1.0, self.done / total) if total else (1.0 if self.state != "running" else 0.0)

    @property
    def running(self) -> bool:
        """Whether the job is still working."""
        return self.state == "running"


class CrawlJob:
    """Crawl a site into a store in a background thread, then verify pings and grade.

    Example:
        >>> from backlint.settings import load_settings
        >>> job = CrawlJob("https://blog.example/", load_settings(overrides={"db": ":memory:"}))
        >>> job.status().state
        'running'

    Args:
        url: the site's home page.
        settings: crawl settings; ``settings.db`` is the store.
        resume: go on with the site's last audit.
        verify: fetch each trackback/pingback source before grading.
        grade: grade the audit when the crawl ends.
    """

    def __init__(self, url: str, settings: Settings, *, resume: bool = False, verify: bool = False,
                 grade: bool = True) -> None:
        self.url = url
        self.settings = settings
        self.resume = resume
        self.verify = verify
        self.grade = grade
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._status = JobStatus(url=url, db=settings.db)
        self._started = time.monotonic()
        self._thread = threading.Thread(target=self._run, name=f"backlint-crawl {url}", daemon=True)

    def start(self) -> CrawlJob:
        """Start the thread and return at once."""
        self._thread.start()
        return self

    def status(self) -> JobStatus:
        """The job's state now."""
        with self._lock:
            return replace(self._status, elapsed=time.monotonic() - self._started)

    def stop(self) -> None:
        """Ask the crawl to stop cleanly after the fetches in flight (it stays resumable)."""
        self._stop.set()

    def join(self, timeout: float | None = None) -> None:
        """Wait for the thread to end."""
        self._thread.join(timeout)

    def _update(self, **changes: Any) -> None:
        with self._lock:
            self._status = replace(self._status, **changes)

    def _run(self) -> None:
        from crawler.crawl import crawl_site

        try:
            summary = crawl_site(self.url, self.settings, resume=self.resume, should_stop=self._stop.is_set,
                                 progress=lambda p: self._update(done=p.done, queued=p.queued, items=p.items,
                                                                 errors=p.errors))
            self._update(audit_id=summary.audit_id)
            if summary.status == "interrupted":
                self._update(state="stopped", stage="done",
                             message=f"Stopped; audit {summary.audit_id} keeps what was found and can be resumed.")
                return
            if self.verify and not self._stop.is_set():
                from crawler.verify import verify_audit

                self._update(stage="verifying pings", done=0, queued=0)
                verify_audit(self.settings.db, summary.audit_id, self.settings, should_stop=self._stop.is_set,
                             progress=lambda done, total: self._update(done=done, queued=total - done))
            if self.grade:
                from dashboard.data import grade

                self._update(stage="grading")
                grade(self.settings.db, summary.audit_id)
            note = " (stopped at the page limit: resume to go on)" if summary.status == "limited" else ""
            self._update(state="finished", stage="done",
                         message=f"Audit {summary.audit_id} of {summary.site_url}: "
                                 f"{sum(summary.counts['items_by_type'].values()):,} items found{note}.")
        except BacklintError as exc:
            self._update(state="failed", stage="done", message=str(exc))
        except Exception as exc:  # noqa: BLE001 — a thread has no one else to tell
            self._update(state="failed", stage="done", message=f"unexpected {type(exc).__name__}: {exc}")


def crawl_settings(db: str, *, max_pages: int | None = None, delay: float | None = None) -> Settings:
    """Settings for a crawl started from the dashboard.

    Pages are parsed in a thread of the dashboard's process rather than in child
    processes, which a web server's worker threads should not spawn.
    """
    return load_settings(overrides={"db": db, "max_pages": max_pages, "delay": delay, "parse_processes": 0})


def start_crawl(db: str, url: str, *, max_pages: int | None = None, delay: float | None = None,
                resume: bool = False, verify: bool = False) -> CrawlJob:
    """Start crawling ``url`` into the store ``db`` in the background.

    Raises:
        BacklintError: a crawl of this store is already running, or the settings are invalid.
    """
    from backlint.urls import normalize_url

    if normalize_url(url.strip()) is None:
        raise BacklintError(f"not an http(s) URL: {url.strip()!r}")
    settings = crawl_settings(db, max_pages=max_pages, delay=delay)
    with _JOBS_LOCK:
        current = _JOBS.get(db)
        if current is not None and current.status().running:
            raise BacklintError(f"a crawl of {current.url} is already running into {db}: wait for it or stop it")
        job = CrawlJob(url.strip(), settings, resume=resume, verify=verify)
        _JOBS[db] = job
    return job.start()


def job_for(db: str) -> CrawlJob | None:
    """The newest crawl job started for a store in this process, running or not."""
    with _JOBS_LOCK:
        return _JOBS.get(db)


def load_demo(db: str) -> int | None:
    """Put the bundled demo audit into an empty store: the demo blog crawled on 127.0.0.1,
    its pings checked against the demo's own ping sources, everything graded (nothing
    leaves this machine).

    Returns:
        The demo audit's id, or ``None`` when the store is no longer empty (another
        session loaded something first).

    Raises:
        BacklintError: the store cannot be written, or the demo could not be served.
    """
    from backlint.demo.command import run_demo
    from backlint.store import Store
    from dashboard.data import link_summary

    with _DEMO_LOCK:
        store = Store(db)
        try:
            if store.conn.execute("SELECT 1 FROM audits LIMIT 1").fetchone() is not None:
                return None
        finally:
            store.close()
        # Our own local demo: no politeness delay; pages parsed in a thread of this process.
        settings = load_settings(env={}, overrides={"db": db, "delay": 0.0, "parse_processes": 0})
        try:
            result = run_demo(db, settings)
        except OSError as exc:
            raise BacklintError(f"cannot serve the demo blog on 127.0.0.1: {exc.strerror or exc}") from None
        _mark_demo(db, result.crawl.audit_id)
        link_summary(db, result.crawl.audit_id)  # ready for the Overview
        return result.crawl.audit_id


DEMO_NOTICE = ("This is the bundled demo audit: a small brewing blog served on this machine, crawled, its "
               "pings checked and everything graded. Crawl your own site or import a file on Start.")


def _mark_demo(db: str, audit_id: int) -> None:
    """Say in the audit's own notices that it is the demo, so every session shows it."""
    from backlint.store import Store

    store = Store(db)
    try:
        audit = store.audit(audit_id)
        # run_demo has just written this audit, and nothing deletes audits.
        assert audit is not None
        notices = json.loads(audit["notices"] or "[]")
        store.set_notices(audit_id, [DEMO_NOTICE, *notices])
    finally:
        store.close()
