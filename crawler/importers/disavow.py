"""Google disavow files: read one, check every line, write it back.

A user who has disavowed links before must merge with the file already uploaded,
because each upload *replaces* the previous one (DOMAIN.md §3). :func:`parse_disavow`
reads that file into :class:`DisavowFile`: its entries in order (with the comment
lines written directly above each), the invalid lines with their line numbers and
reasons, and :meth:`DisavowFile.render`, which writes the file back; a valid file
comes back byte for byte.

Google's rules (Search Console Help, "Disavow links to your site"; DOMAIN.md §3):
a plain text file in UTF-8 or 7-bit ASCII, one entry a line, either
``domain:example.com`` (a domain: no scheme, no path; it covers every subdomain) or
a full URL; a line starting with ``#`` is a comment; no directory-level entries;
at most 2 MB and 100,000 lines.

Errors (Google would reject the line or the file, or read it otherwise than meant):

- ``domain:`` followed by a URL, a path, a port, a wildcard, text after the domain,
  or something that is not a domain name (``domain:com``); a suggestion is given
  when the intended entry is clear (``domain:http://spam.example/x`` →
  ``domain:spam.example``).
- a URL without ``http://`` or ``https://`` (``spam.example/page``), another scheme,
  spaces inside a URL, or text after it (comments go on their own line).
- directory-level entries: a wildcard (``http://spam.example/dir/*``) or a prefix
  such as ``directory:``, ``site:`` or ``url:``. A URL ending in ``/`` is *not* taken
  as a directory: to Google it is a page, and most WordPress permalinks end so.
- control and invisible characters (zero-width space, no-break space, byte-order
  marks inside the text), lines that are not UTF-8, a UTF-16 file.
- a file over 2,000,000 bytes or over 100,000 lines (the whole file; line 0).

Warnings (the line is kept as written):

- ``domain:www.example.com``: Google accepts it, but it covers ``www.example.com``
  and its subdomains only, not ``example.com``; most users mean the whole site.
- ``Domain:`` not in lower case; a UTF-8 byte-order mark at the start; an entry that
  repeats an earlier one; a URL already covered by a ``domain:`` entry.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field

from backlint.urls import normalize_loose_url, normalize_url

#: Google's limits. "2 MB" is read as 2,000,000 bytes: a file Google might refuse
#: is flagged rather than one it accepts.
MAX_BYTES = 2_000_000
MAX_LINES = 100_000

_PREFIX = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
# Prefixes people write for directories, sites or pages; Google knows only "domain:".
_OTHER_PREFIXES = frozenset({"site", "url", "page", "directory", "dir", "subdomain", "host", "path"})
_BOM = "\ufeff"


@dataclass(frozen=True)
class DisavowEntry:
    """One entry of a disavow file.

    Example:
        >>> entry = DisavowEntry("domain", "Spam.Example", 3, comment="link network")
        >>> entry.key
        'spam.example'

    Attributes:
        kind: ``domain`` or ``url``.
        value: the domain (after ``domain:``) or the URL, as written (spaces around
            it removed).
        line: the 1-based line it is on.
        comment: the ``#`` lines directly above it (no blank line between), without
            the ``#``, joined by newlines; ``""`` when there are none.
    """

    kind: str
    value: str
    line: int
    comment: str = ""

    @property
    def key(self) -> str:
        """Return the form entries are compared in: an IDNA domain, or a normalised URL."""
        if self.kind == "domain":
            return _idna_domain(self.value) or self.value.lower()
        return normalize_url(self.value) or self.value


@dataclass(frozen=True)
class DisavowProblem:
    """An invalid line (an error) or a questionable one (a warning).

    Example:
        >>> DisavowProblem(4, "a URL must start with http:// or https://", "spam.example/page",
        ...                suggestion="http://spam.example/page").suggestion
        'http://spam.example/page'

    Attributes:
        line: the 1-based line; ``0`` for the whole file (size, line count, encoding).
        reason: what is wrong, in a sentence.
        text: the line as written.
        suggestion: the line that was probably meant, when that is clear.
    """

    line: int
    reason: str
    text: str = ""
    suggestion: str | None = None


@dataclass(frozen=True)
class _SourceLine:
    """One line as written (without its ``\\n``; a ``\\r`` stays), and what it is."""

    kind: str  # blank, comment, entry, invalid
    text: str


@dataclass
class DisavowFile:
    """A parsed disavow file.

    Example:
        >>> text = "# spam network\\ndomain:spam.example\\nhttp://other.example/page\\nspam2.example\\n"
        >>> disavow = parse_disavow(text)
        >>> [(e.kind, e.value, e.line, e.comment) for e in disavow.entries]
        [('domain', 'spam.example', 2, 'spam network'), ('url', 'http://other.example/page', 3, '')]
        >>> [(p.line, p.suggestion) for p in disavow.errors]
        [(4, 'domain:spam2.example')]
        >>> sorted(disavow.domains), sorted(disavow.urls)
        (['spam.example'], ['http://other.example/page'])
        >>> parse_disavow("domain:a.example\\n").render() == "domain:a.example\\n"
        True

    Attributes:
        entries: the valid entries, in file order.
        errors: invalid lines (and file-level problems on line 0), in order.
        warnings: lines that are valid but probably not what was meant.
        line_count: lines in the file, as Google counts them (comments and blanks too).
        size_bytes: the file's size in UTF-8.
    """

    entries: list[DisavowEntry] = field(default_factory=list)
    errors: list[DisavowProblem] = field(default_factory=list)
    warnings: list[DisavowProblem] = field(default_factory=list)
    line_count: int = 0
    size_bytes: int = 0
    _lines: list[_SourceLine] = field(default_factory=list, repr=False)
    _bom: bool = field(default=False, repr=False)

    @property
    def is_valid(self) -> bool:
        """Return ``True`` when Google would accept the file as it is."""
        return not self.errors

    @property
    def domains(self) -> set[str]:
        """Return the disavowed domains, lower-case, in IDNA (``xn--``) form."""
        return {e.key for e in self.entries if e.kind == "domain"}

    @property
    def urls(self) -> set[str]:
        """Return the disavowed URLs, normalised (:func:`backlint.urls.normalize_url`) for matching."""
        return {e.key for e in self.entries if e.kind == "url"}

    def render(self) -> str:
        """Return the file's text, valid for upload.

        A valid file comes back exactly as read (``render().encode("utf-8")`` is the
        bytes given to :func:`parse_disavow`). An invalid line is written as a
        comment that says why, so nothing the user wrote is lost and the result is
        valid; a UTF-16 file comes back as UTF-8 text.

        Returns:
            The text of the file.
        """
        errors_by_line: dict[int, str] = {}
        for problem in self.errors:
            errors_by_line.setdefault(problem.line, problem.reason)
        out = []
        for number, line in enumerate(self._lines, start=1):
            if line.kind != "invalid":
                out.append(line.text)
                continue
            ending = "\r" if line.text.endswith("\r") else ""
            shown = _printable(line.text.rstrip("\r").strip())
            out.append(f"# [invalid line {number}: {errors_by_line.get(number, 'invalid')}] {shown}{ending}")
        return (_BOM if self._bom else "") + "\n".join(out)


def parse_disavow(text_or_bytes: str | bytes) -> DisavowFile:
    """Read a disavow file and check every line against Google's rules.

    Never raises on bad content: every problem is a :class:`DisavowProblem` in
    :attr:`DisavowFile.errors` or :attr:`DisavowFile.warnings`.

    Example:
        >>> disavow = parse_disavow(b"domain:www.spam.example\\nhttp://x.example/dir/*\\n")
        >>> [(p.line, p.reason) for p in disavow.warnings]  # doctest: +ELLIPSIS
        [(1, 'domain:www.spam.example covers www.spam.example and its subdomains, not spam.example...')]
        >>> [(p.line, p.reason) for p in disavow.errors]
        [(2, 'wildcards and directory-level entries are not supported: list each URL or disavow the domain')]

    Args:
        text_or_bytes: the file's content; bytes are read as UTF-8 (a UTF-16 file
            is recognised by its byte-order mark, read, and reported).

    Returns:
        A :class:`DisavowFile`.
    """
    result = DisavowFile()
    lines, bom = _split_lines(text_or_bytes, result)
    result._bom = bom
    if bom:
        result.warnings.append(DisavowProblem(1, "the file starts with a UTF-8 byte-order mark; "
                                                 "plain UTF-8 without it is safest"))
    _check_size(result, lines)

    comments: list[str] = []
    for number, (raw, decoded) in enumerate(lines, start=1):
        if decoded is None:
            result.errors.append(DisavowProblem(number, "not UTF-8 text", raw))
            result._lines.append(_SourceLine("invalid", raw))
            comments = []
            continue
        # Only ASCII blanks are trimmed: a no-break space around an entry is an error to report.
        stripped = decoded.strip(" \t\r")
        if not stripped:
            result._lines.append(_SourceLine("blank", decoded))
            comments = []
            continue
        if stripped.startswith("#"):
            result._lines.append(_SourceLine("comment", decoded))
            comments.append(stripped[1:].strip())
            continue
        entry, error, warning = _read_entry(stripped, number, "\n".join(comments))
        comments = []
        if warning is not None:
            result.warnings.append(warning)
        if entry is None:
            assert error is not None
            result.errors.append(error)
            result._lines.append(_SourceLine("invalid", decoded))
            continue
        result.entries.append(entry)
        result._lines.append(_SourceLine("entry", decoded))
    result.warnings.extend(_repeated_entries(result.entries))
    result.warnings.sort(key=lambda p: p.line)
    return result


def _split_lines(text_or_bytes: str | bytes, result: DisavowFile) -> tuple[list[tuple[str, str | None]], bool]:
    """Split the file into lines: ``(text for display, text or None when not UTF-8)``.

    Lines break at ``\\n`` only, and keep a ``\\r`` before it, so that joining them
    with ``\\n`` gives the file back exactly.
    """
    if isinstance(text_or_bytes, str):
        text = text_or_bytes
        bom = text.startswith(_BOM)
        body = text[1:] if bom else text
        result.size_bytes = len(text.encode("utf-8", "surrogatepass"))
        return [(line, line) for line in body.split("\n")], bom
    data = bytes(text_or_bytes)
    result.size_bytes = len(data)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        result.errors.append(DisavowProblem(0, "the file is UTF-16; Google reads UTF-8 or ASCII: save it as UTF-8"))
        text = data.decode("utf-16", "replace")
        return [(line, line) for line in text.split("\n")], False
    bom = data.startswith(codecs.BOM_UTF8)
    raw_body = data[3:] if bom else data
    lines: list[tuple[str, str | None]] = []
    for chunk in raw_body.split(b"\n"):
        try:
            decoded: str | None = chunk.decode("utf-8")
        except UnicodeDecodeError:
            decoded = None
        lines.append((chunk.decode("utf-8", "replace"), decoded))
    return lines, bom


def _check_size(result: DisavowFile, lines: list[tuple[str, str | None]]) -> None:
    # A final line break ends the last line; it does not start another one.
    count = len(lines) - (1 if lines and lines[-1][0] == "" else 0)
    result.line_count = count
    if result.size_bytes > MAX_BYTES:
        result.errors.append(DisavowProblem(
            0, f"the file is {result.size_bytes:,} bytes; Google accepts at most 2 MB ({MAX_BYTES:,} bytes)"))
    if count > MAX_LINES:
        result.errors.append(DisavowProblem(
            0, f"the file has {count:,} lines; Google accepts at most {MAX_LINES:,}"))


def _read_entry(text: str, number: int, comment: str) -> tuple[DisavowEntry | None, DisavowProblem | None,
                                                                   DisavowProblem | None]:
    """Read one non-blank, non-comment line: ``(entry, error, warning)``."""
    hidden = _hidden_character(text)
    if hidden:
        return None, DisavowProblem(number, f"invisible or control character {hidden} in the line", text,
                                    suggestion=_without_hidden(text) or None), None
    prefix = _PREFIX.match(text)
    name = prefix.group(1).lower() if prefix else ""
    # A name comes from a prefix: the checks on ``prefix`` only tell the type checker so.
    if prefix is not None and name == "domain":
        return _read_domain(text, prefix.group(1), text[prefix.end():].strip(), number, comment)
    if prefix is not None and name in _OTHER_PREFIXES:
        return None, _other_prefix(text, name, text[prefix.end():].strip(), number), None
    if name in ("http", "https"):
        problem = _url_problem(text, number)
        if problem is not None:
            return None, problem, None
        return DisavowEntry("url", text, number, comment), None, None
    if prefix and text[prefix.end():].startswith("//"):
        return None, DisavowProblem(number, f"only http and https URLs can be disavowed, not {name}:", text), None
    return None, _without_scheme(text, number), None


def _read_domain(text: str, written_prefix: str, value: str, number: int,
                 comment: str) -> tuple[DisavowEntry | None, DisavowProblem | None, DisavowProblem | None]:
    def error(reason: str, suggestion: str | None = None) -> tuple[None, DisavowProblem, None]:
        return None, DisavowProblem(number, reason, text, suggestion), None

    if not value:
        return error("domain: is followed by no domain")
    if " " in value or "\t" in value:
        first = value.split()[0]
        return error("text after the domain: comments must be on their own line starting with #",
                     _domain_suggestion(first))
    if "://" in value or value.startswith("//"):
        return error("domain: takes a domain, not a URL", _domain_suggestion(value))
    if "/" in value or "?" in value or "#" in value:
        return error("domain: takes a domain without a path", _domain_suggestion(value))
    if "*" in value:
        return error("domain: takes no wildcard; it already covers every subdomain",
                     _domain_suggestion(value.lstrip("*.")))
    if ":" in value:
        return error("domain: takes a domain without a port", _domain_suggestion(value))
    if _idna_domain(value) is None:
        return error(f"{value!r} is not a domain name")
    entry = DisavowEntry("domain", value, number, comment)
    host = value.lower().rstrip(".")
    if host.startswith("www."):
        return entry, None, DisavowProblem(
            number, f"domain:{host} covers {host} and its subdomains, not {host[4:]}; "
                    f"write domain:{host[4:]} to disavow the whole site", text, f"domain:{host[4:]}")
    if written_prefix != "domain":
        return entry, None, DisavowProblem(number, "write the prefix in lower case: domain:", text,
                                           f"domain:{value}")
    return entry, None, None


def _url_problem(text: str, number: int) -> DisavowProblem | None:
    """Return why ``text`` (starting with ``http:`` or ``https:``) is not a URL entry, or ``None``."""
    if " " in text or "\t" in text:
        return DisavowProblem(number, "a URL cannot contain spaces; comments must be on their own line "
                                      "starting with #", text, text.split()[0])
    if "*" in text:
        return DisavowProblem(number, "wildcards and directory-level entries are not supported: "
                                      "list each URL or disavow the domain", text)
    if normalize_url(text) is None or not text.lower().split(":", 1)[1].startswith("//"):
        return DisavowProblem(number, "not a valid URL", text)
    return None


def _other_prefix(text: str, name: str, value: str, number: int) -> DisavowProblem:
    if name in ("directory", "dir", "path"):
        return DisavowProblem(number, "directory-level entries are not supported: list each URL or "
                                      "disavow the domain", text)
    if name in ("url", "page"):
        suggestion = value if value.lower().startswith(("http://", "https://")) else None
        return DisavowProblem(number, f"{name}: is not a prefix Google reads: write the URL alone", text, suggestion)
    return DisavowProblem(number, f"{name}: is not a prefix Google reads: use domain:", text,
                          _domain_suggestion(value))


def _without_scheme(text: str, number: int) -> DisavowProblem:
    host_part = text.lstrip("/")
    bare = re.fullmatch(r"[^/?#\s]+", host_part) is not None
    if bare and _idna_domain(host_part) is not None:
        return DisavowProblem(number, "a domain needs the domain: prefix; a URL needs http:// or https://",
                              text, f"domain:{host_part.lower()}")
    suggestion = f"http://{host_part}" if normalize_loose_url(host_part) else None
    return DisavowProblem(number, "a URL must start with http:// or https://", text, suggestion)


def _domain_suggestion(value: str) -> str | None:
    candidate = value.strip()
    if "//" in candidate:
        candidate = candidate.split("//", 1)[1]
    candidate = re.split(r"[/?#:]", candidate, maxsplit=1)[0].lower().rstrip(".")
    if candidate.startswith("*."):
        candidate = candidate[2:]
    return f"domain:{candidate}" if _idna_domain(candidate) else None


def _idna_domain(value: str) -> str | None:
    """Return ``value`` as a lower-case IDNA domain name of two labels or more, or ``None``.

    Example:
        >>> _idna_domain("Bücher.example"), _idna_domain("com"), _idna_domain("bad_name.example")
        ('xn--bcher-kva.example', None, None)
    """
    host = value.strip().lower().rstrip(".")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    labels = host.split(".")
    if len(labels) < 2 or len(host) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        return None
    return host


def _hidden_character(text: str) -> str:
    """Return ``U+XXXX`` for the first control or invisible character in ``text``, or ``""``."""
    for char in text:
        if char in (" ", "\t"):
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Zs", "Zl", "Zp", "Co", "Cs", "Cn"):
            return f"U+{ord(char):04X}"
    return ""


def _without_hidden(text: str) -> str:
    kept = "".join(c for c in text if c in (" ", "\t") or not _hidden_character(c))
    return kept.strip()


def _printable(text: str) -> str:
    return "".join(c if c in (" ", "\t") or not _hidden_character(c) else "\ufffd" for c in text)


def _repeated_entries(entries: list[DisavowEntry]) -> list[DisavowProblem]:
    """Warn about entries that repeat an earlier one or that a ``domain:`` entry covers."""
    warnings = []
    first_line: dict[tuple[str, str], int] = {}
    domains: dict[str, int] = {}
    for entry in entries:
        key = (entry.kind, entry.key)
        if key in first_line:
            warnings.append(DisavowProblem(entry.line, f"repeats line {first_line[key]}",
                                           f"{'domain:' if entry.kind == 'domain' else ''}{entry.value}"))
            continue
        first_line[key] = entry.line
        if entry.kind == "domain":
            domains.setdefault(entry.key, entry.line)
    for entry in entries:
        if entry.kind != "url":
            continue
        host = _host_of(entry.key)
        for domain, line in domains.items():
            if host == domain or host.endswith("." + domain):
                warnings.append(DisavowProblem(entry.line, f"already covered by domain:{domain} (line {line})",
                                               entry.value))
                break
    return warnings


def _host_of(url: str) -> str:
    rest = url.split("://", 1)[-1]
    return re.split(r"[/?#]", rest, maxsplit=1)[0].split("@")[-1].split(":")[0].lower()
