"""Every setting backlint has, with its default and why, in one place.

Precedence, lowest first: the defaults below < a TOML config file (``--config FILE``,
else the file named by the environment variable ``BACKLINT_CONFIG``, else ``backlint.toml``
in the working directory when present; keys as below under a ``[backlint]`` table or at
top level) < environment variables ``BACKLINT_<NAME>`` (upper case) < command-line options.

Each field's ``doc`` metadata is the one description of the setting: the Attributes of
:class:`Settings` and the command line's help are made from it (:data:`SETTING_INFO`).

Example:
    >>> s = load_settings(env={"BACKLINT_DELAY": "0.5"}, overrides={"max_pages": 10})
    >>> (s.delay, s.max_pages, s.concurrency)
    (0.5, 10, 8)
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import Field, asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Mapping, cast

from backlint import __version__
from backlint.errors import ConfigError

ENV_PREFIX = "BACKLINT_"
DEFAULT_CONFIG_FILE = "backlint.toml"
#: Names the config file when no ``config_file`` is given: how ``backlint dashboard --config``
#: reaches the Streamlit process, which loads its own settings.
CONFIG_ENV = ENV_PREFIX + "CONFIG"
#: Settings that are credentials: masked by :meth:`Settings.to_dict` and left out of ``repr``.
SECRET_SETTINGS = ("wp_app_password",)
MASK = "********"


def _doc(text: str) -> dict[str, str]:
    return {"doc": text}


@dataclass(frozen=True)
class Settings:
    """Crawl and store settings (alphabetical).

    Each field's ``doc`` metadata is its one description: the Attributes below (added
    after the class, from the docs) and the command line's help are made from it.
    """

    body_max_bytes: int = field(default=5_000_000, metadata=_doc(
        "Largest response body read, in bytes; a larger page is cut there and logged as too-large."))
    concurrency: int = field(default=8, metadata=_doc(
        "Requests in flight across all hosts."))
    connect_timeout: float = field(default=10.0, metadata=_doc(
        "Seconds to wait for a TCP/TLS connection."))
    db: str = field(default="backlint.db", metadata=_doc(
        "Path of the SQLite store."))
    delay: float = field(default=1.0, metadata=_doc(
        "Seconds between two requests to one host; robots.txt Crawl-delay wins when larger. "
        "0 turns politeness delays off (only for your own sites)."))
    exclude: tuple[str, ...] = field(default=(), metadata=_doc(
        "Regular expressions; a URL matching any is not crawled."))
    include: tuple[str, ...] = field(default=(), metadata=_doc(
        "Regular expressions; when given, only URLs matching one are crawled (the start URL always is)."))
    keep_personal: bool = field(default=False, metadata=_doc(
        "Keep commenters' e-mails and IPs as read (WordPress REST with a password, a WordPress "
        "export) instead of storing salted SHA-256 hashes of them."))
    max_depth: int = field(default=10, metadata=_doc(
        "Link hops from the start URL followed when discovering pages by their links."))
    max_pages: int = field(default=10_000, metadata=_doc(
        "Pages (HTML, feeds, sitemaps, API answers) fetched at most in one audit."))
    max_redirects: int = field(default=5, metadata=_doc(
        "Redirects followed for one URL before it is logged as too-many-redirects."))
    max_retries: int = field(default=3, metadata=_doc(
        "Retries after a connection error, a timeout, a 5xx or a 429, with exponential backoff."))
    parse_processes: int = field(default=1, metadata=_doc(
        "Processes that parse pages beside the one that fetches, so parsing runs on its own core; "
        "0 parses in a thread of the crawling process."))
    per_host_concurrency: int = field(default=2, metadata=_doc(
        "Requests in flight to one host (the delay still spaces their starts)."))
    read_timeout: float = field(default=30.0, metadata=_doc(
        "Seconds to wait for the response; a slower page is logged as a timeout."))
    resolve: tuple[str, ...] = field(default=(), metadata=_doc(
        "Like curl's --resolve: HOST=ADDR:PORT sends requests for HOST to ADDR:PORT with HOST "
        "kept in the Host header (a staging copy of a site, or a local demo of other sites)."))
    respect_robots: bool = field(default=True, metadata=_doc(
        "Obey robots.txt (RFC 9309) Disallow and Crawl-delay for our User-Agent."))
    retry_backoff: float = field(default=1.0, metadata=_doc(
        "First retry waits this many seconds, doubling each time; Retry-After wins when given."))
    retry_after_max: float = field(default=120.0, metadata=_doc(
        "Longest Retry-After honoured, in seconds; a longer one gives up and logs the URL as blocked."))
    use_feeds: bool = field(default=True, metadata=_doc(
        "Read RSS/Atom feeds for post URLs and newest comments."))
    use_rest: bool = field(default=True, metadata=_doc(
        "Use the WordPress REST API when the site advertises it."))
    use_sitemaps: bool = field(default=True, metadata=_doc(
        "Read sitemaps named in robots.txt and at the usual places."))
    user_agent: str = field(
        default=f"backlint/{__version__} (+https://github.com/backlint/backlint#crawler)",
        metadata=_doc("User-Agent sent with every request; keep a contact URL in it."))
    wp_app_password: str = field(default="", repr=False, metadata=_doc(
        "A WordPress Application Password (WordPress 5.6+) of wp_user: the crawl then also lists "
        "pings and pending, spam and trashed comments through the REST API. Sent only to the "
        "site's own REST root; never stored with the audit or printed."))
    wp_user: str = field(default="", metadata=_doc(
        "The WordPress user the Application Password belongs to (one who can moderate comments)."))

    def to_dict(self) -> dict[str, Any]:
        """Return the settings as plain JSON-ready data (stored with each audit).

        Secrets are masked: the stored audit says a password was used, never which.
        """
        data = {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}
        for name in SECRET_SETTINGS:
            if data[name]:
                data[name] = MASK
        return data


#: What a field's annotation (a string: ``from __future__ import annotations``) says it holds.
_KINDS: dict[str, type] = {"bool": bool, "int": int, "float": float, "str": str, "tuple[str, ...]": tuple}


@dataclass(frozen=True)
class SettingInfo:
    """One setting as documented: its name, what it holds, its default and its doc.

    The command line makes an option of it, :class:`Settings` an attribute entry.

    Example:
        >>> info = SETTING_INFO["delay"]
        >>> (info.kind, info.default_text, info.env)
        (<class 'float'>, '1', 'BACKLINT_DELAY')
        >>> SETTING_INFO["use_rest"].default_text, SETTING_INFO["exclude"].default_text
        ('true', '')
    """

    name: str
    #: bool, int, float, str, or tuple (of strings).
    kind: type
    annotation: str
    default: Any
    doc: str

    @property
    def env(self) -> str:
        """The environment variable that sets it."""
        return ENV_PREFIX + self.name.upper()

    @property
    def default_text(self) -> str:
        """The default as it would be written in the environment; ``""`` when empty."""
        value = self.default
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float):
            return f"{value:g}"
        if isinstance(value, tuple):
            return ",".join(value)
        return str(value)


def _annotation(f: Field[Any]) -> str:
    # Under ``from __future__ import annotations`` (PEP 563) a field's type is the text of
    # its annotation.
    return cast(str, f.type)


#: Every setting by name, in the order of :class:`Settings`.
SETTING_INFO: dict[str, SettingInfo] = {
    f.name: SettingInfo(f.name, _KINDS[_annotation(f)], _annotation(f), f.default, f.metadata["doc"])
    for f in fields(Settings)
}


def _attributes(summary: str) -> str:
    """``summary`` with a Google-style Attributes section made from the fields' docs."""
    import textwrap

    lines = [summary.strip(), "", "Attributes:"]
    for info in SETTING_INFO.values():
        default = f" Default: {info.default_text}." if info.default_text else ""
        lines.append(textwrap.fill(f"{info.name} ({info.annotation}): {info.doc}{default}", width=96,
                                   initial_indent="    ", subsequent_indent="        ",
                                   break_long_words=False, break_on_hyphens=False))
    return "\n".join(lines) + "\n"


Settings.__doc__ = _attributes(Settings.__doc__ or "")


def _coerce(name: str, raw: Any, where: str) -> Any:
    kind = SETTING_INFO[name].kind
    try:
        if kind is bool:
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off"):
                return False
            raise ValueError(f"expected true or false, got {raw!r}")
        if kind is int:
            return int(raw)
        if kind is float:
            return float(raw)
        if kind is tuple:
            if isinstance(raw, str):
                return tuple(p for p in (s.strip() for s in raw.split(",")) if p)
            return tuple(str(p) for p in raw)
        return str(raw)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{where}: {name}: {exc}") from None


def load_settings(config_file: str | os.PathLike | None = None,
                  env: Mapping[str, str] | None = None,
                  overrides: Mapping[str, Any] | None = None) -> Settings:
    """Build :class:`Settings` from defaults, a config file, the environment and overrides.

    Args:
        config_file: a TOML file; ``None`` reads the file ``BACKLINT_CONFIG`` names in ``env``,
            else ``backlint.toml`` when it exists.
        env: the environment (``os.environ`` when ``None``).
        overrides: values from the command line; ``None`` values are ignored.

    Raises:
        ConfigError: an unknown key, a value of the wrong type, an unreadable file.
    """
    names = set(SETTING_INFO)
    values: dict[str, Any] = {}
    env = os.environ if env is None else env
    config_file = config_file or env.get(CONFIG_ENV) or None

    path = Path(config_file) if config_file else Path(DEFAULT_CONFIG_FILE)
    if config_file or path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read config file {path}: {exc}") from None
        data = data.get("backlint", data)
        for key, raw in data.items():
            name = key.replace("-", "_")
            if name not in names:
                raise ConfigError(f"{path}: unknown setting {key!r}")
            values[name] = _coerce(name, raw, str(path))

    for name, info in SETTING_INFO.items():
        raw = env.get(info.env)
        if raw is not None and raw != "":
            values[name] = _coerce(name, raw, f"environment {info.env}")

    for name, raw in (overrides or {}).items():
        if raw is None:
            continue
        if name not in names:
            raise ConfigError(f"unknown setting {name!r}")
        values[name] = _coerce(name, raw, "command line")

    settings = Settings(**values)
    _validate(settings)
    return settings


def _validate(s: Settings) -> None:
    for name in ("concurrency", "per_host_concurrency", "max_pages", "body_max_bytes"):
        if getattr(s, name) < 1:
            raise ConfigError(f"{name} must be at least 1, got {getattr(s, name)}")
    for name in ("delay", "parse_processes", "max_depth", "max_redirects", "max_retries", "retry_backoff"):
        if getattr(s, name) < 0:
            raise ConfigError(f"{name} must not be negative, got {getattr(s, name)}")
    for name in ("connect_timeout", "read_timeout"):
        if getattr(s, name) <= 0:
            raise ConfigError(f"{name} must be positive, got {getattr(s, name)}")
    if bool(s.wp_user) != bool(s.wp_app_password):
        missing = "wp_app_password" if s.wp_user else "wp_user"
        raise ConfigError(f"a WordPress Application Password needs both wp_user and wp_app_password; "
                          f"{missing} is missing")
    for entry in s.resolve:
        host, _, target = entry.partition("=")
        addr, _, port = target.rpartition(":")
        if not host or not addr or not port.isdigit():
            raise ConfigError(f"resolve entry {entry!r} is not HOST=ADDR:PORT")
    import re
    for pattern in s.include + s.exclude:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(f"invalid pattern {pattern!r}: {exc}") from None
