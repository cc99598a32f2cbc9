"""URL normalisation and registrable domains.

Normalising is what keeps a crawl from fetching one page twice: ``normalize_url`` is
idempotent (``normalize_url(normalize_url(u)) == normalize_url(u)``, a property test
holds it to that) and is applied to every URL before it is queued or stored. It never
makes two pages one: a percent-escape is decoded only where the decoded character
means the same to the server (RFC 3986 section 6.2.2.2), so ``/a%2Fb`` and ``/a/b``
stay two URLs.

:func:`normalize_loose_url` is the one reading of a URL that may lack its scheme
(``example.com/page``), as export files and hand-written fields give them.

The escapes are handled here on :mod:`urllib.parse` rather than with
``w3lib.url.canonicalize_url``, whose canonical form is another one: it merges ``?q=a%20b``
into ``?q=a+b`` (two queries a server may read differently), leaves a stray ``%`` bare,
re-encodes the ``:`` and ``/`` inside query values (every stored oEmbed URL would change),
keeps user names and passwords, and rewrites or refuses hosts that browsers keep. What it
would save is the two small rule tables below.
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from urllib.parse import quote, unquote_plus, urljoin, urlsplit, urlunsplit

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

# Percent-encoding, per component. Each component has the characters it writes as they
# are (everything else is percent-encoded, as UTF-8) and, among them, those whose
# escape is decoded. The rest of RFC 3986's reserved characters keep their escape,
# upper-cased (section 6.2.2.1), because decoding them would change the URL's meaning:
# - in a path, "/" splits segments, "?" and "#" would end the path, ";" starts a
#   segment's parameters on some servers and "%" would start a new escape;
# - in a query, read as application/x-www-form-urlencoded (WHATWG URL, section 5.1),
#   "&" splits pairs, "=" splits a name from its value, "+" stands for a space, "#"
#   would end the query and "%" would start a new escape. "+" is written as it is:
#   it stays "+" and "%2B" stays "%2B".
# Escapes of bytes outside ASCII stay as they are (upper-cased): decoded, one that is no
# UTF-8 (a Latin-1 "%E9") would become U+FFFD, and two pages one.
_UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
_PATH_DECODED = _UNRESERVED + ":@!$&'()*+,="
_PATH_LITERAL = _PATH_DECODED + "/;"
_QUERY_DECODED = _UNRESERVED + ":@!$'()*,;/?"
_QUERY_LITERAL = _QUERY_DECODED + "+"
# One escape, a "%" that starts none (it stands for itself: "%25"), or a character
# that is not written as it is.
_PATH_TOKEN = re.compile(r"%[0-9A-Fa-f]{2}|%|[^" + re.escape(_PATH_LITERAL + "%") + "]+")
_QUERY_TOKEN = re.compile(r"%[0-9A-Fa-f]{2}|%|[^" + re.escape(_QUERY_LITERAL + "%") + "]+")


def _escapes(part: str, token: re.Pattern[str], decoded: str) -> str:
    # One pass, no decode-then-encode: what an escape stands for is never read again,
    # so the result is the same when normalised again (idempotence).
    def one(match: re.Match[str]) -> str:
        found = match.group(0)
        if found == "%":
            return "%25"
        if found[0] == "%":
            char = chr(int(found[1:], 16))
            return char if char in decoded else found.upper()
        return quote(found, safe="")  # raises UnicodeEncodeError for a lone surrogate

    return token.sub(one, part)


@lru_cache(maxsize=65536)
def normalize_url(url: str, base: str | None = None) -> str | None:
    """Return the canonical form of an http(s) URL, or ``None`` when it is not one.

    Lower-cases scheme and host (IDNA for a non-ASCII one, a trailing dot dropped),
    drops default ports, fragments, user info and tracking parameters, sorts the query,
    resolves ``.``/``..`` segments and gives an empty path as ``/``. Percent-escapes of
    characters that mean the same written out (``%7E``, ``%41``) are decoded, the others
    upper-cased (``%2f`` gives ``%2F``); a ``%`` that starts no escape is written
    ``%25``; ``+`` in a query stays ``+``. Results are cached: the same hrefs come back
    on every page of a site, the same targets on every row of an export.

    Example:
        >>> normalize_url("HTTP://Blog.Example:80/a/../post/?utm_source=x&b=2&a=1#comment-3")
        'http://blog.example/post/?a=1&b=2'
        >>> normalize_url("https://blog.example/%7euser/a%2fb/100%?q=a+b%2bc&r=%41")
        'https://blog.example/~user/a%2Fb/100%25?q=a+b%2Bc&r=A'

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
        if ":" in host:  # IPv6 literal
            host = f"[{host}]"
        netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
        path = _resolve_dots(_escapes(parts.path or "/", _PATH_TOKEN, _PATH_DECODED))
        query = _query(parts.query)
    except ValueError:  # also UnicodeEncodeError: a lone surrogate is no URL character
        return None
    return urlunsplit((scheme, netloc, path, query, ""))


def _query(query: str) -> str:
    pairs = []
    for piece in query.split("&"):
        if not piece:
            continue
        name, _, value = piece.partition("=")
        name = _escapes(name, _QUERY_TOKEN, _QUERY_DECODED)
        if name.lower() in TRACKING_PARAMS:
            continue
        pairs.append((name, _escapes(value, _QUERY_TOKEN, _QUERY_DECODED)))  # its "=" written "%3D"
    # Sorted by what the pairs say (as they were sorted before escapes were kept), then
    # by how they are written, so that the order never depends on the input's.
    pairs.sort(key=lambda pair: (unquote_plus(pair[0]), unquote_plus(pair[1]), pair))
    return "&".join(f"{name}={value}" for name, value in pairs)


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


# A value that starts with a host: a dotted name whose last label starts with a letter
# (so "n/a", "rel/path" and "1.5" are not hosts; "bücher.example" is), an IPv4 address
# or an IPv6 literal, then maybe a port, then the path, query or fragment or nothing.
_HOST_FIRST = re.compile(
    r"(?:(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_][\w-]*[^\W_]\.?"
    r"|\d{1,3}(?:\.\d{1,3}){3}|\[[0-9A-Fa-f:.]+\])"
    r"(?::\d*)?(?:[/?#]|$)"
)


def normalize_loose_url(value: str) -> str | None:
    """Return :func:`normalize_url` of a URL that may lack its scheme, or ``None``.

    Export files and hand-written fields give ``example.com/page``: a value that starts
    with a host is read as ``http://`` that value, one that starts with ``//`` (a
    network-path reference, RFC 3986 section 4.2) as ``http:`` that value. Anything else
    without ``://`` (a relative path, ``n/a``, an e-mail address, ``mailto:``) is no URL.

    Example:
        >>> normalize_loose_url("Example.com/page"), normalize_loose_url("//example.com")
        ('http://example.com/page', 'http://example.com/')
        >>> normalize_loose_url("HTTPS://example.com"), normalize_loose_url("n/a"), normalize_loose_url("a@b.example")
        ('https://example.com/', None, None)

    Args:
        value: a URL, or a host with maybe a port, path and query.

    Returns:
        The normalised URL, or ``None`` when ``value`` is neither.
    """
    value = (value or "").strip()
    if "://" in value:
        return normalize_url(value)
    if value.startswith("//"):
        return normalize_url("http:" + value)
    if _HOST_FIRST.match(value):
        return normalize_url("http://" + value)
    return None


# URLs that normalize_url() would return unchanged (lower-case scheme and host, no port,
# plain path without dot segments or escapes, at most one plain key=value). Most hrefs
# on a page look like this, and recognising them costs a tenth of normalising them; a
# property test holds fast_normalize() to normalize_url()'s answers.
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_PLAIN_URL = re.compile(
    rf"(https?://{_LABEL}(?:\.{_LABEL})*)"      # origin
    r"(/[A-Za-z0-9\-._~/]*)?"                     # path
    r"(?:\?([A-Za-z0-9\-._~]+)=([A-Za-z0-9\-._~]*))?"  # one query pair
)
_DOT_SEGMENT = re.compile(r"/\.\.?(?:/|$)")


def fast_normalize(url: str) -> str | None:
    """Return ``normalize_url(url)`` for URLs already in normal form, else ``None``.

    ``None`` means "not decided here": the caller falls back to :func:`normalize_url`
    (as :func:`normalize_absolute` does).

    Example:
        >>> fast_normalize("https://blog.example/a/b/"), fast_normalize("https://blog.example/?replytocom=5")
        ('https://blog.example/a/b/', 'https://blog.example/')
        >>> fast_normalize("HTTPS://Blog.Example/") is None
        True
    """
    match = _PLAIN_URL.fullmatch(url)
    if match is None:
        return None
    origin, path, key, value = match.groups()
    if path is None:
        path = "/"
    elif "/." in path and _DOT_SEGMENT.search(path):
        return None
    if key is None or key.lower() in TRACKING_PARAMS:
        return origin + path
    return f"{origin}{path}?{key}={value}"


def normal_origin(url: str) -> str:
    """Return the scheme and host of a URL already in normal form, else ``""``.

    Example:
        >>> normal_origin("https://blog.example/a/"), normal_origin("HTTPS://Blog.Example/")
        ('https://blog.example', '')
    """
    match = _PLAIN_URL.fullmatch(url)
    return match.group(1) if match and fast_normalize(url) == url else ""


def normalize_absolute(url: str) -> str | None:
    """Return :func:`normalize_url` of an absolute ``url``, quickly when it is already normal.

    Example:
        >>> normalize_absolute("https://blog.example"), normalize_absolute("HTTPS://Blog.Example/a/?utm_source=x")
        ('https://blog.example/', 'https://blog.example/a/')
    """
    return fast_normalize(url) or normalize_url(url)


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
