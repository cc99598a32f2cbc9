"""The store's tables and indexes, and the steps that bring an older file up to date.

The schema carries a version (table ``schema_version``); :data:`MIGRATIONS` lists
the steps from one version to the next and :func:`migrate` (run by
:meth:`backlint.store.Store.__init__`) applies the missing ones, each in a
transaction of its own.

Example:
    >>> import sqlite3
    >>> conn = sqlite3.connect(":memory:", isolation_level=None)
    >>> migrate(conn, ":memory:")
    >>> schema_version(conn) == SCHEMA_VERSION
    True
    >>> conn.close()
"""

from __future__ import annotations

import sqlite3

from backlint.errors import StoreError

SCHEMA_VERSION = 3

MIGRATIONS: dict[int, str] = {
    1: """
CREATE TABLE sites (
    id          INTEGER PRIMARY KEY,
    url         TEXT NOT NULL UNIQUE,     -- normalised start URL of the site
    host        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE TABLE audits (
    id           INTEGER PRIMARY KEY,
    site_id      INTEGER NOT NULL REFERENCES sites(id),
    kind         TEXT NOT NULL DEFAULT 'crawl',   -- crawl | import
    start_url    TEXT NOT NULL,
    started_at   TEXT NOT NULL,
    finished_at  TEXT,
    status       TEXT NOT NULL DEFAULT 'running', -- running | finished | interrupted | failed
    settings     TEXT NOT NULL DEFAULT '{}',      -- JSON: the settings the audit ran with
    counts       TEXT NOT NULL DEFAULT '{}',      -- JSON: the final summary's figures
    notices      TEXT NOT NULL DEFAULT '[]'       -- JSON: things the user must know (JS comments, ...)
);
CREATE TABLE pages (
    id            INTEGER PRIMARY KEY,
    audit_id      INTEGER NOT NULL REFERENCES audits(id),
    url           TEXT NOT NULL,
    kind          TEXT NOT NULL,                  -- html | sitemap | feed | rest | robots
    status        INTEGER,
    content_type  TEXT,
    engine        TEXT,                           -- comment engine recognised on the page
    items_found   INTEGER NOT NULL DEFAULT 0,
    js_comments   TEXT,                           -- e.g. 'Disqus' when comments load by script
    fetched_at    TEXT NOT NULL,
    UNIQUE (audit_id, url)
);
CREATE TABLE items (
    id            INTEGER PRIMARY KEY,
    audit_id      INTEGER NOT NULL REFERENCES audits(id),
    item_key      TEXT NOT NULL,                  -- stable across audits, see module docstring
    type          TEXT NOT NULL CHECK (type IN ('comment', 'trackback', 'pingback', 'backlink')),
    site_item_id  TEXT,
    post_url      TEXT NOT NULL,
    author_name   TEXT NOT NULL DEFAULT '',
    author_url    TEXT,
    date          TEXT,
    text          TEXT NOT NULL DEFAULT '',       -- plain text, never HTML
    parent_id     TEXT,
    sources       TEXT NOT NULL,                  -- comma-separated: html, rest, feed, wxr, csv, or a backlink tool
    engine        TEXT NOT NULL DEFAULT '',
    page_url      TEXT,                           -- where it was first seen
    status        TEXT,                           -- approved | pending | spam | trash | post-trashed (exports); NULL = shown publicly
    author_email  TEXT,                           -- personal data: 'sha256:<hex>' unless the user keeps it
    author_ip     TEXT,                           -- personal data: 'sha256:<hex>' unless the user keeps it
    extra         TEXT,                           -- JSON: what an import carried besides (tool metrics, plugin verdicts)
    UNIQUE (audit_id, item_key)
);
CREATE INDEX items_post ON items (audit_id, post_url);
CREATE TABLE links (
    id              INTEGER PRIMARY KEY,
    audit_id        INTEGER NOT NULL REFERENCES audits(id),
    item_id         INTEGER NOT NULL REFERENCES items(id),
    url             TEXT NOT NULL,
    anchor          TEXT NOT NULL DEFAULT '',
    rel             TEXT,                         -- space-separated; NULL = unknown (REST)
    is_author_link  INTEGER NOT NULL,
    direction       TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound_ugc')),
    domain          TEXT NOT NULL,                -- registrable domain (Public Suffix List)
    host            TEXT NOT NULL,
    UNIQUE (item_id, url, is_author_link, anchor)
);
CREATE INDEX links_audit_domain ON links (audit_id, domain);
CREATE TABLE referring_domains (
    audit_id   INTEGER NOT NULL REFERENCES audits(id),
    domain     TEXT NOT NULL,
    direction  TEXT NOT NULL,
    items      INTEGER NOT NULL,
    links      INTEGER NOT NULL,
    PRIMARY KEY (audit_id, domain, direction)
);
CREATE TABLE fetch_log (
    id             INTEGER PRIMARY KEY,
    audit_id       INTEGER NOT NULL REFERENCES audits(id),
    url            TEXT NOT NULL,
    kind           TEXT NOT NULL,                 -- what the URL was fetched as
    status         INTEGER,
    outcome        TEXT NOT NULL,                 -- ok | blocked | dead | skipped | error
    error_class    TEXT,
    error_kind     TEXT,                          -- timeout, connect, http-500, redirect-loop, ...
    error_message  TEXT,
    attempts       INTEGER NOT NULL,
    elapsed_ms     REAL NOT NULL,
    fetched_at     TEXT NOT NULL
);
CREATE INDEX fetch_log_audit ON fetch_log (audit_id, outcome);
CREATE TABLE frontier (                          -- the crawl queue, kept so --resume can go on
    audit_id  INTEGER NOT NULL REFERENCES audits(id),
    url       TEXT NOT NULL,
    kind      TEXT NOT NULL,
    depth     INTEGER NOT NULL,
    done      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (audit_id, url)
) WITHOUT ROWID;
""",
    2: """
CREATE TABLE ping_checks (                      -- backlint verify: each ping's source page fetched
    audit_id                INTEGER NOT NULL REFERENCES audits(id),
    item_id                 INTEGER NOT NULL REFERENCES items(id),
    source_url              TEXT NOT NULL,
    target_url              TEXT NOT NULL,
    status                  TEXT NOT NULL,        -- alive | dead | blocked | unreachable
    http_status             INTEGER,
    links_to_target         INTEGER NOT NULL,
    link_url                TEXT,
    rel                     TEXT,
    anchor                  TEXT,
    placement               TEXT,
    outbound_links          INTEGER,
    noindex                 INTEGER,
    title                   TEXT,
    title_equals_blog_name  INTEGER,
    error                   TEXT,
    checked_at              TEXT NOT NULL,
    PRIMARY KEY (audit_id, item_id)
);
CREATE TABLE gradings (                         -- one row per `backlint grade` run of an audit
    id          INTEGER PRIMARY KEY,
    audit_id    INTEGER NOT NULL REFERENCES audits(id),
    created_at  TEXT NOT NULL,
    rules       TEXT NOT NULL,                    -- JSON: the rules in force
    model_id    INTEGER,                          -- the learned model used, if any
    counts      TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE domain_identity (                  -- what a domain's name alone says (per audit)
    audit_id  INTEGER NOT NULL REFERENCES audits(id),
    domain    TEXT NOT NULL,
    points    REAL NOT NULL,
    reasons   TEXT NOT NULL,                      -- JSON list of {signal, points, evidence}
    PRIMARY KEY (audit_id, domain)
);
CREATE TABLE item_grades (
    audit_id        INTEGER NOT NULL REFERENCES audits(id),
    item_id         INTEGER NOT NULL REFERENCES items(id),
    score           INTEGER NOT NULL,
    band            TEXT NOT NULL,
    reasons         TEXT NOT NULL,                -- JSON list of {signal, points, evidence}
    recommendation  TEXT NOT NULL,
    why             TEXT NOT NULL,
    PRIMARY KEY (audit_id, item_id)
);
CREATE TABLE link_grades (                      -- reasons: the item's, the link domain's, and these
    audit_id        INTEGER NOT NULL REFERENCES audits(id),
    link_id         INTEGER NOT NULL REFERENCES links(id),
    score           INTEGER NOT NULL,
    band            TEXT NOT NULL,
    link_reasons    TEXT,                         -- JSON: reasons about this link only (hygiene)
    recommendation  TEXT NOT NULL,
    PRIMARY KEY (audit_id, link_id)
);
CREATE TABLE domain_grades (
    audit_id        INTEGER NOT NULL REFERENCES audits(id),
    domain          TEXT NOT NULL,
    direction       TEXT NOT NULL,
    score           INTEGER NOT NULL,
    band            TEXT NOT NULL,
    reasons         TEXT NOT NULL,
    drivers         TEXT NOT NULL,                -- JSON: the item ids that drove the grade
    items           INTEGER NOT NULL,
    links           INTEGER NOT NULL,
    recommendation  TEXT NOT NULL,
    why             TEXT NOT NULL,
    guarded         INTEGER NOT NULL DEFAULT 0,   -- never proposed for disavow
    PRIMARY KEY (audit_id, domain, direction)
);
CREATE INDEX domain_grades_band ON domain_grades (audit_id, band, score);
CREATE TABLE site_recommendations (
    audit_id  INTEGER NOT NULL REFERENCES audits(id),
    action    TEXT NOT NULL,
    why       TEXT NOT NULL,
    evidence  TEXT NOT NULL DEFAULT ''
);
CREATE TABLE labels (                           -- spam/ham labels a site already has
    site_id     INTEGER NOT NULL REFERENCES sites(id),
    item_key    TEXT NOT NULL,
    label       TEXT NOT NULL CHECK (label IN ('spam', 'ham')),
    source      TEXT NOT NULL,                    -- csv | wxr | dashboard
    author      TEXT NOT NULL DEFAULT '',
    author_url  TEXT,
    text        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    PRIMARY KEY (site_id, item_key, source)
);
CREATE TABLE disavow_files (                   -- disavow files a user already uploaded to Google
    id           INTEGER PRIMARY KEY,
    site_id      INTEGER NOT NULL REFERENCES sites(id),
    name         TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    imported_at  TEXT NOT NULL,
    content      TEXT NOT NULL,
    entries      INTEGER NOT NULL,
    errors       INTEGER NOT NULL,
    UNIQUE (site_id, sha256)
);
CREATE TABLE overrides (                       -- the user's decisions; they survive re-grading
    site_id     INTEGER NOT NULL REFERENCES sites(id),
    subject     TEXT NOT NULL CHECK (subject IN ('domain', 'item')),
    key         TEXT NOT NULL,                    -- a registrable domain, or an item_key
    action      TEXT NOT NULL CHECK (action IN ('keep', 'spam', 'disavow', 'allowlist')),
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    PRIMARY KEY (site_id, subject, key)
);
CREATE TABLE store_secrets (                    -- the salt that hashes e-mails and IPs in this store
    name   TEXT PRIMARY KEY,
    value  BLOB NOT NULL
);
CREATE TABLE models (                           -- learned comment models, newest used
    id          INTEGER PRIMARY KEY,
    site_id     INTEGER NOT NULL REFERENCES sites(id),
    created_at  TEXT NOT NULL,
    labels      INTEGER NOT NULL,
    metrics     TEXT NOT NULL,
    blob        BLOB NOT NULL                     -- JSON header + numpy arrays; never pickle
);
""",
    3: """
CREATE TABLE audit_summaries (                  -- the dashboard's aggregates of an audit's links
    audit_id  INTEGER NOT NULL REFERENCES audits(id),
    name      TEXT NOT NULL,
    stamp     TEXT NOT NULL,                    -- the grading and crawl state they were computed from
    data      TEXT NOT NULL,                    -- JSON records
    PRIMARY KEY (audit_id, name)
);
-- Worst-first pages, band and recommendation counts of items without sorting or reading every row.
CREATE INDEX item_grades_score ON item_grades (audit_id, score, item_id);
CREATE INDEX item_grades_band ON item_grades (audit_id, band, score);
CREATE INDEX item_grades_recommendation ON item_grades (audit_id, recommendation);
""",
}


def schema_version(conn: sqlite3.Connection) -> int:
    """The schema version of the file behind ``conn`` (0 before the first migration)."""
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection, path: str) -> None:
    """Bring the file at ``path`` (open on ``conn``) up to :data:`SCHEMA_VERSION`.

    Args:
        conn: a connection in autocommit mode (``isolation_level=None``).
        path: the file, for the messages.

    Raises:
        StoreError: the file is not a backlint store, or a newer backlint wrote it.
    """
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        current = schema_version(conn)
        if current > SCHEMA_VERSION:
            raise StoreError(f"{path} was written by a newer backlint "
                             f"(schema {current}, this one knows {SCHEMA_VERSION})")
        for version in range(current + 1, SCHEMA_VERSION + 1):
            conn.executescript("BEGIN;" + MIGRATIONS[version]
                               + f"INSERT INTO schema_version VALUES ({version}); COMMIT;")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not a backlint store: {exc}") from None


__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "migrate", "schema_version"]
