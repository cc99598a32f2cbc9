"""The errors backlint raises on purpose, as one small tree.

::

    BacklintError                 anything backlint reports to a user
     ├── ConfigError              a bad setting, config file or command-line value
     ├── FetchError               a URL could not be fetched (kept as a fetch-log row)
     │    ├── BlockedError        401/403/429 after retries: the site refuses us, the page may exist
     │    └── DeadError           404/410 and other final client errors: the page is gone
     ├── ParseError               a page, feed or sitemap could not be read
     ├── ImportFormatError        a file handed to ``backlint import`` is not in a known format
     └── StoreError               the SQLite store cannot be opened, migrated or written

Each is translated once at its boundary: the command line prints ``Error: <message>``
and exits 1, the crawl loop stores a fetch-log row and goes on, the dashboard shows
``st.error``. Nothing else may reach a user as a traceback.
"""

from __future__ import annotations


class BacklintError(Exception):
    """Base class of every error backlint reports to a user."""


class ConfigError(BacklintError):
    """A setting, config file or command-line value is invalid."""


class FetchError(BacklintError):
    """A URL could not be fetched.

    Attributes:
        url: the URL asked for.
        status: the final HTTP status, or ``None`` when no response arrived.
        kind: a short, stable cause used to group failures in summaries
            (``timeout``, ``connect``, ``http-500``, ``too-many-redirects``, ...).
        attempts: how many requests were made.
    """

    def __init__(self, message: str, *, url: str, kind: str, status: int | None = None,
                 attempts: int = 1) -> None:
        super().__init__(message)
        self.url = url
        self.kind = kind
        self.status = status
        self.attempts = attempts


class BlockedError(FetchError):
    """The site answered 401, 403 or 429 after retries: blocked, not dead."""


class DeadError(FetchError):
    """The site answered 404, 410 or another final client error."""


class ParseError(BacklintError):
    """A page, feed or sitemap could not be read."""


class ImportFormatError(BacklintError):
    """A file handed to ``backlint import`` is not in a known format."""


class StoreError(BacklintError):
    """The SQLite store cannot be opened, migrated or written."""
