"""URL normalisation and registrable domains.

Normalising is what keeps a crawl from fetching one page twice: ``normalize_url`` is
idempotent (``normalize_url(normalize_url(u)) == normalize_url(u)``, a property test
holds it to that) and is applied to every URL before it is queued or stored.
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

import tldextract

# The Public Suffix List snapshot bundled with tldextract; an empty URL list means it
# never fetches a newer one at run time (DEVELOPERS.md: no network but the site).
_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

#: Query parameters that only track a visit; dropped so that one page has one URL.
TRACKING_PARAMS = frozenset({
    "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "utm_id",
    "gclid", "dclid", "fbclid", "msclkid", "mc_cid", "mc_eid", "yclid", "_ga", "_gl",
    "igshid", "ref_src", "replytocom",
})
# ``replytocom`` is WordPress's "reply to this comment" link: the same page again.

_DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters left as they are in a path and in a query; everything else is percent-encoded.
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"
_QUERY_SAFE = "/:@!$'()*+,;=-._~%?"


def _requote(part: str, safe: str) -> str:
    # Decode then encode once, so "%7E", "~" and "%7e" all end up as "~", and a stray
    # "%" that does not start an escape is encoded as "%25".
    part = re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", part)
    return quote(unquote(part), safe=safe)


def normalize_url(url: str, base: str | None = None) -> str | None:
    """Return the canonical form of an http(s) URL, or ``None`` when it is not one.

    Lower-cases scheme and host, drops default ports, fragments and tracking
    parameters, sorts the query, resolves ``.``/``..`` segments, percent-encodes
    consistently and gives an empty path as ``/``.

    Example:
        >>> normalize_url("HTTP://Blog.Example:80/a/../post/?utm_source=x&b=2&a=1#comment-3")
        'http://blog.example/post/?a=1&b=2'

    Args:
        url: the URL as found (may be relative when ``base`` is given).
        base: the URL of the page it was found on.

    Returns:
        The normalised URL, or ``None`` for other schemes (``mailto:``, ``javascript:``)
        and for URLs that cannot be parsed.
    """
    url = (url or "").strip()
    if not url:
        return None
    try:
        if base:
            url = urljoin(base, url)
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in _DEFAULT_PORTS:
            return None
        host = (parts.hostname or "").rstrip(".")
        if not host:
            return None
        try:
            host = host.encode("idna").decode("ascii").lower() if not _is_ip(host) else host
        except UnicodeError:
            host = host.lower()
        port = parts.port
    except ValueError:
        return None
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _resolve_dots(_requote(parts.path or "/", _PATH_SAFE))
    query_pairs = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in TRACKING_PARAMS
    ]
    query = urlencode(sorted(query_pairs), quote_via=quote, safe=_QUERY_SAFE.replace("&", "").replace("=", ""))
    return urlunsplit((scheme, netloc, path, query, ""))


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _resolve_dots(path: str) -> str:
    segments: list[str] = []
    parts = path.split("/")
    for i, seg in enumerate(parts):
        if seg == ".":
            if i == len(parts) - 1:
                segments.append("")
            continue
        if seg == "..":
            if len(segments) > 1:
                segments.pop()
            if i == len(parts) - 1:
                segments.append("")
            continue
        segments.append(seg)
    out = "/".join(segments)
    return out if out.startswith("/") else "/" + out


def host_of(url: str) -> str:
    """Return the lower-cased host of ``url`` (no port), or ``""``."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def site_hosts(url: str) -> frozenset[str]:
    """Return the host of ``url`` and its ``www``/non-``www`` twin.

    Example:
        >>> sorted(site_hosts("https://blog.example/"))
        ['blog.example', 'www.blog.example']
    """
    host = host_of(url)
    twin = host[4:] if host.startswith("www.") else f"www.{host}"
    return frozenset({host, twin})


@lru_cache(maxsize=65536)
def registrable_domain(host_or_url: str) -> str:
    """Return the registrable domain (eTLD+1) per the Public Suffix List.

    IP literals and hosts with no public suffix (``localhost``) are returned as
    they are, so they still group as one referring domain.

    Example:
        >>> registrable_domain("https://a.b.example.co.uk/path")
        'example.co.uk'
        >>> registrable_domain("someone.blogspot.com")
        'someone.blogspot.com'
    """
    value = host_or_url.strip().lower()
    if "//" in value:
        host = host_of(value)
    elif value.startswith("["):  # an IPv6 literal, maybe with a port
        host = value[1:].split("]")[0]
    else:
        host = value.split("/")[0]
        host = host if _is_ip(host) else host.split(":")[0]
    host = host.strip("[]").rstrip(".")
    if not host:
        return ""
    if _is_ip(host):
        return host
    ext = _EXTRACT(host, include_psl_private_domains=True)
    if ext.domain and ext.suffix:
        return f"{ext.domain}.{ext.suffix}"
    return host
