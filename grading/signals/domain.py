"""Domain identity signals: what a referring domain's name alone says.

Each signal reads a :class:`~grading.core.DomainFacts` (the registrable domain and
the hosts seen under it) and runs once per referring domain — 50,000 in a large
audit — so all of them together take a few tens of microseconds a domain. To get
there the work every signal would repeat is done once: the rules' tables and
thresholds are read once per rules object (:class:`Rulebook`), a domain's name is
split once (:func:`view_of`, kept while the engine runs the signals on it), and words
are found with one precompiled regular expression.

Name-only features are weak on their own (an AUC near 0.65 on human-labelled web
spam, DOMAIN.md §6), so their weights in ``grading/rules.toml`` are modest: a clean
name on a cheap TLD stays Low, while three strong features together reach High. Two
are near-proofs rather than name features and weigh more: a bare IP address
(``domain.ip_literal``) and a brand spelled with look-alike letters
(``domain.punycode_lookalike``).

Every hit names what fired: the TLD and the year of the Spamhaus table, the words
found, the count of digits or hyphens, the letter pairs that are unlike English.

Example:
    >>> from grading.core import Context
    >>> from grading.rules import load_rules
    >>> ctx = Context(rules=load_rules())
    >>> spam_words(DomainFacts("cheap-viagra-online24.top"), ctx).evidence
    "'cheap', 'viagra' and 'online' are spam words in 'cheap-viagra-online24'"
    >>> abused_tld(DomainFacts("cheap-viagra-online24.top"), ctx).evidence
    ".top: one of the most abused TLDs in Spamhaus' 2024 figures"
    >>> abused_tld(DomainFacts("free-prizes.tk"), ctx).evidence
    ".tk: 1st most abused TLD in Spamhaus' 2020 figures (badness index 4.99)"
    >>> digits(DomainFacts("casino4u2024.xyz"), ctx).evidence
    "5 digits in 'casino4u2024'"
    >>> random_looking(DomainFacts("stackoverflow.com"), ctx) is None
    True
"""

from __future__ import annotations

import ipaddress
import math
import re
import socket
import unicodedata
from dataclasses import dataclass
from typing import Any, NamedTuple

from backlint.errors import ConfigError
from backlint.urls import registrable_domain
from grading.core import DomainFacts, Hit, signal

# -- reading a name -------------------------------------------------------------------------

#: Letters that look like Latin letters, after Unicode's confusables table (UTS #39,
#: confusables.txt), limited to the lower-case letters IDNA lets into a domain name.
#: Cyrillic, Greek and Armenian are the scripts homograph attacks borrow from.
CONFUSABLES = str.maketrans({
    # Cyrillic
    "а": "a", "в": "b", "ь": "b", "с": "c", "ҫ": "c", "ԁ": "d", "е": "e", "ё": "e", "ѐ": "e",
    "г": "r", "һ": "h", "і": "i", "ї": "i", "ј": "j", "к": "k", "ӏ": "l", "м": "m", "о": "o",
    "ӧ": "o", "р": "p", "ԛ": "q", "ѕ": "s", "т": "t", "у": "y", "ү": "y", "ӱ": "y", "ԝ": "w",
    "х": "x", "ӓ": "a",
    # Greek
    "α": "a", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u",
    "χ": "x", "γ": "y", "ω": "w", "ϲ": "c", "ϳ": "j",
    # Armenian
    "օ": "o", "ս": "u", "հ": "h", "ո": "n", "ց": "g", "զ": "q", "ա": "w",
    # Latin letters outside a-z that read as one of them
    "ı": "i", "ɩ": "i", "ɑ": "a", "ɡ": "g", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ß": "b",
})
#: Scripts whose letters pass for Latin ones: mixing one of them with Latin in one label
#: is the homograph pattern browsers refuse to display as Unicode.
LOOKALIKE_SCRIPTS = frozenset({"CYRILLIC", "GREEK", "ARMENIAN"})
#: Scripts written together in one language, so mixing them is ordinary (Japanese, Korean).
_SCRIPT_FAMILIES = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK"}

_LETTER_RUNS = re.compile(r"[a-z]+")
_IPV4_LIKE = re.compile(r"(?:0x[0-9a-f]+|[0-9]+)(?:\.(?:0x[0-9a-f]+|[0-9]+)){0,3}")
_NOT_DIGITS = str.maketrans("", "", "0123456789")


class DomainName(NamedTuple):
    """A referring domain's name, split the way the signals read it.

    Example:
        >>> name = read_name("xn--pypal-4ve.com")
        >>> (name.label, name.text, name.skeleton, name.tld)
        ('xn--pypal-4ve', 'pаypal', 'paypal', 'com')

    Attributes:
        domain: the name, lower-cased, without a trailing dot.
        label: its first label, the one its owner chose (``cheap-pills`` of
            ``cheap-pills.co.uk``), as written (punycode stays ``xn--…``).
        text: that label as people read it (punycode decoded).
        skeleton: ``text`` with look-alike letters read as the Latin letters they
            imitate and accents dropped, for matching words.
        tld: the last label (``uk``).
        ip: what kind of IP address the name is (``"an IPv4 address"``), or ``""``.
    """

    domain: str
    label: str
    text: str
    skeleton: str
    tld: str
    ip: str


def read_name(domain: str) -> DomainName:
    """Split a registrable domain into the parts the signals read.

    Args:
        domain: a registrable domain (``example.co.uk``), an IP address, or any text.

    Returns:
        The :class:`DomainName`; never raises.
    """
    name = clean_host(domain)
    ip = ip_kind(name)
    if ip:
        return DomainName(name, "", "", "", "", ip)
    label, _, rest = name.partition(".")
    text = readable(label)
    return DomainName(name, label, text, skeleton(text), rest.rpartition(".")[2], "")


def clean_host(host: str) -> str:
    """Lower-case a host and drop surrounding blanks and a trailing dot."""
    return host.strip().lower().rstrip(".")


def ip_kind(host: str) -> str:
    """Say what kind of IP address ``host`` is, or return ``""`` for a name.

    Browsers also open IPv4 addresses written as one number, in hex or with fewer than
    four parts (``3232235777``, ``0x7f.1``): spammers use those to look less like one.

    Example:
        >>> [ip_kind(h) for h in ("192.0.2.7", "[2001:db8::1]", "0x7f.0.0.1", "163.com")]
        ['an IPv4 address', 'an IPv6 address', 'an IPv4 address in a disguised form', '']
    """
    host = host.strip("[]")
    if not host:
        return ""
    if ":" in host:
        try:
            ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError:
            return ""
        return "an IPv6 address"
    # Every name ends in a TLD of letters; an address ends in a digit or a hex digit.
    if not (host[-1].isdigit() or "0x" in host) or not _IPV4_LIKE.fullmatch(host):
        return ""
    try:
        ipaddress.IPv4Address(host)
    except ValueError:
        pass
    else:
        return "an IPv4 address"
    try:  # the forms browsers accept too: inet_aton's (one number, hex, octal, 2-3 parts)
        packed = socket.inet_aton(host)
    except OSError:
        return ""
    # 0.x.x.x is no host: a small bare number ("2001") is a name part, not an address.
    return "an IPv4 address in a disguised form" if packed[0] else ""


def readable(label: str) -> str:
    """Return a label as people read it: punycode (``xn--…``) decoded, else unchanged.

    Example:
        >>> readable("xn--mnchen-3ya")
        'münchen'
    """
    if not label.startswith("xn--"):
        return label
    try:
        text = label[4:].encode("ascii").decode("punycode")
    except (UnicodeError, ValueError):
        return label
    # Python's decoder is lenient; IDNA (RFC 5890) wants some non-ASCII, and only letters,
    # marks, digits and hyphens: anything else stays as written and is reported invalid.
    if text.isascii() or not all(ch.isalnum() or ch == "-" or unicodedata.category(ch)[0] == "M"
                                 for ch in text):
        return label
    return text


def skeleton(text: str) -> str:
    """Read look-alike letters as the Latin letters they imitate and drop accents.

    Example:
        >>> skeleton("pаypаl"), skeleton("münchen")
        ('paypal', 'munchen')
    """
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(CONFUSABLES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def script_of(ch: str) -> str:
    """The Unicode script of a letter, from its character name (``CYRILLIC``, ``LATIN``…)."""
    first = unicodedata.name(ch, "UNKNOWN").split(" ", 1)[0]
    return _SCRIPT_FAMILIES.get(first, first)


class DomainView(NamedTuple):
    """What every domain signal reads from one :class:`~grading.core.DomainFacts`.

    Example:
        >>> view = view_of(DomainFacts("example.com", ("www.example.com", "shop.example.com")))
        >>> view.names, view.sub_labels
        (('example.com', 'shop.example.com'), ('shop',))
        >>> view.parents[:2]
        (('example.com', 'example.com'), ('example.com', 'com'))

    Attributes:
        name: the registrable domain, split (:class:`DomainName`).
        names: the domain and its hosts, cleaned, without ``www.``, each once.
        sub_labels: the labels of hosts below the registrable domain (``shop`` of
            ``shop.example.com``), ``www`` left out.
        parents: ``(name, parent)`` for each name and each of its parent domains, the
            name itself first (``(a.b.c, a.b.c)``, ``(a.b.c, b.c)``, ``(a.b.c, c)``).
    """

    name: DomainName
    names: tuple[str, ...]
    sub_labels: tuple[str, ...]
    parents: tuple[tuple[str, str], ...]


# The view of the domain being graded: the engine runs every domain signal on one
# DomainFacts in a row, so one slot is enough (it holds the facts, whose id cannot be reused).
_LAST_VIEW: tuple[Any, DomainView | None] = (None, None)


def view_of(facts: DomainFacts) -> DomainView:
    """Return the :class:`DomainView` of ``facts``, computed once for a run of signals."""
    global _LAST_VIEW
    last = _LAST_VIEW
    if last[0] is facts and last[1] is not None:
        return last[1]
    name = read_name(facts.domain)
    domain = name.domain
    names = [domain] if domain else []
    sub_labels: list[str] = []
    suffix = "." + domain
    for raw in facts.hosts:
        if raw == domain or raw == "www" + suffix:
            continue  # the usual hosts, already clean: nothing new in them
        host = clean_host(raw)
        if domain and host.endswith(suffix):
            sub_labels.extend(lab for lab in host[: -len(suffix)].split(".") if lab and lab != "www")
        if host.startswith("www."):
            host = host[4:]
        if host and host not in names:
            names.append(host)
    parents = []
    for full in names:
        parent = full
        while parent:
            parents.append((full, parent))
            parent = parent.partition(".")[2]
    view = DomainView(name, tuple(names), tuple(dict.fromkeys(sub_labels)), tuple(parents))
    _LAST_VIEW = (facts, view)
    return view


# -- the rules' tables, read once per rules object -----------------------------------------------

@dataclass(frozen=True, slots=True)
class AbusedTld:
    """One row of the abused-TLD table (``grading/data/abused_tlds.txt``).

    Example:
        >>> AbusedTld("work", 0.7, "spamhaus-2020", 5, "3.62").evidence()
        ".work: 5th most abused TLD in Spamhaus' 2020 figures (badness index 3.62)"
    """

    tld: str
    strength: float
    source: str
    rank: int | None = None
    badness: str = ""

    def evidence(self) -> str:
        """Say what the table says about the TLD, with its source and year."""
        source, _, year = self.source.partition("-")
        if source == "spamhaus" and self.rank:
            badness = f" (badness index {self.badness})" if self.badness else ""
            return (f".{self.tld}: {ordinal(self.rank)} most abused TLD in Spamhaus' {year} "
                    f"figures{badness}")
        if source == "spamhaus":
            return f".{self.tld}: one of the most abused TLDs in Spamhaus' {year} figures"
        if source == "hand":
            return f".{self.tld}: a cheap TLD common in spam (not from Spamhaus' figures)"
        return f".{self.tld}: on the abused-TLD list ({self.source})"


@dataclass(frozen=True, slots=True)
class WordFinder:
    """Finds the words of a list inside a label: every start, the longest word there.

    Example:
        >>> _finder({"bet": 0.6, "betting": 0.9, "online": 0.15}).find("bettingonline")
        [(0, 7, 'betting'), (7, 13, 'online')]
    """

    pattern: re.Pattern[str] | None
    strengths: dict[str, float]
    edge_only: frozenset[str]

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Return ``(start, end, word)`` for each word found; a word lying inside a longer
        one found before it is left out (``wetten`` of ``sportwetten``)."""
        if self.pattern is None:
            return []
        found: list[tuple[int, int, str]] = []
        reach = 0
        for match in self.pattern.finditer(text):
            word = match.group(1)
            start = match.start()
            end = start + len(word)
            if end > reach:
                found.append((start, end, word))
                reach = end
        return found


@dataclass(frozen=True, slots=True)
class Rulebook:
    """The domain signals' tables and thresholds, read once from a :class:`~grading.rules.Rules`.

    Example:
        >>> from grading.rules import load_rules
        >>> book = rulebook(load_rules())
        >>> book.tlds["tk"].evidence()
        ".tk: 1st most abused TLD in Spamhaus' 2020 figures (badness index 4.99)"
    """

    tlds: dict[str, AbusedTld]
    spam: WordFinder
    exceptions: WordFinder
    excepted: frozenset[str]
    bigrams: dict[str, float]
    brands_whole: frozenset[str]
    brands_anywhere: tuple[str, ...]
    free_hosts: dict[str, tuple[float, bool]]
    shorteners: dict[str, float]
    long_min: int
    long_full: int
    digit_strengths: tuple[float, ...]
    hyphen_strengths: tuple[float, ...]
    random_min_letters: int
    random_from: float
    random_full: float
    idn_brand: float
    idn_mixed: float
    idn_other: float
    idn_single: float


_LAST_RULEBOOK: tuple[Any, Rulebook | None] = (None, None)


def rulebook(rules: Any) -> Rulebook:
    """Return the :class:`Rulebook` of a rules object (read once, then kept while in use).

    Raises:
        ConfigError: a domain threshold in the rules is not a number.
    """
    global _LAST_RULEBOOK
    last = _LAST_RULEBOOK
    if last[0] is rules and last[1] is not None:
        return last[1]
    book = _read_rulebook(rules)
    _LAST_RULEBOOK = (rules, book)
    return book


# What the signal running now needs, both at once: the engine runs every domain signal on
# one domain in a row, with one rules object, so one slot holds them.
_LAST_PREPARED: tuple[Any, Any, Any, Any] = (None, None, None, None)


def _prepared(facts: DomainFacts, ctx: Any) -> tuple[DomainView, Rulebook]:
    """The view of ``facts`` and the rulebook of ``ctx.rules``, each computed once."""
    global _LAST_PREPARED
    last = _LAST_PREPARED
    rules = ctx.rules
    if last[0] is facts and last[1] is rules:
        return last[2], last[3]
    view = view_of(facts)
    book = rulebook(rules)
    _LAST_PREPARED = (facts, rules, view, book)
    return view, book


def _read_rulebook(rules: Any) -> Rulebook:
    def number(name: str, default: float) -> float:
        value = rules.param(name, default)
        try:
            return float(value)
        except (TypeError, ValueError):
            raise ConfigError(f"param {name!r} must be a number, not {value!r}") from None

    def numbers(name: str, default: list[float]) -> tuple[float, ...]:
        value = rules.param(name, default)
        try:
            out = tuple(min(1.0, max(0.0, float(v))) for v in value)
        except (TypeError, ValueError):
            raise ConfigError(f"param {name!r} must be a list of numbers, not {value!r}") from None
        if not out:
            raise ConfigError(f"param {name!r} must not be empty")
        return out

    whole, anywhere = _parse_brands(rules.words("domain_lookalike_brands"))
    spam = _parse_spam_words(rules.words("domain_spam_words"))
    exceptions = {e.split()[0] for e in rules.words("domain_spam_word_exceptions")}
    return Rulebook(
        tlds=_parse_tlds(rules.words("domain_abused_tlds")),
        spam=spam,
        exceptions=_finder(dict.fromkeys(exceptions, 1.0)),
        # Only these words can lie inside an exception: the others skip that search.
        excepted=frozenset(w for w in spam.strengths if any(w in e for e in exceptions)),
        bigrams=_parse_bigrams(rules.words("domain_english_bigrams")),
        brands_whole=whole,
        brands_anywhere=anywhere,
        free_hosts={host: (strength, registrable_domain(host) == host)
                    for host, strength in _parse_weighted(rules.words("domain_free_hosts")).items()},
        shorteners=_parse_weighted(rules.words("domain_url_shorteners")),
        long_min=int(number("domain.long_name.min_length", 16)),
        long_full=int(number("domain.long_name.full_length", 30)),
        digit_strengths=numbers("domain.digits.strengths", [0.2, 0.5, 0.75, 1.0]),
        hyphen_strengths=numbers("domain.hyphens.strengths", [0.25, 0.6, 1.0]),
        random_min_letters=int(number("domain.random_looking.min_letters", 7)),
        random_from=number("domain.random_looking.from_bits", 4.8),
        random_full=number("domain.random_looking.full_bits", 6.0),
        idn_brand=number("domain.punycode_lookalike.brand", 1.0),
        idn_mixed=number("domain.punycode_lookalike.mixed_script", 0.8),
        idn_other=number("domain.punycode_lookalike.other_mix", 0.4),
        idn_single=number("domain.punycode_lookalike.single_script", 0.1),
    )


def _strength(text: str) -> float:
    """A strength column: a number clipped to 0-1; anything else counts as 1."""
    try:
        value = float(text)
    except ValueError:
        return 1.0
    return min(1.0, max(0.0, value)) if math.isfinite(value) else 1.0


def _parse_tlds(entries: frozenset[str]) -> dict[str, AbusedTld]:
    """``tld strength source [rank badness]`` lines → {tld: row}."""
    table = {}
    for entry in entries:
        parts = entry.split()
        tld = parts[0].strip(".")
        table[tld] = AbusedTld(
            tld=tld,
            strength=_strength(parts[1]) if len(parts) > 1 else 1.0,
            source=parts[2] if len(parts) > 2 else "your rules",
            rank=int(parts[3]) if len(parts) > 3 and parts[3].isdigit() else None,
            badness=parts[4] if len(parts) > 4 else "")
    return table


def _parse_weighted(entries: frozenset[str]) -> dict[str, float]:
    """``host strength`` lines (free hosts, shorteners) → {host: strength}."""
    table = {}
    for entry in entries:
        parts = entry.split()
        table[parts[0].strip(".")] = _strength(parts[1]) if len(parts) > 1 else 1.0
    return table


def _parse_spam_words(entries: frozenset[str]) -> WordFinder:
    """``word strength [edge]`` lines → a :class:`WordFinder`."""
    words: dict[str, float] = {}
    edge: set[str] = set()
    for entry in entries:
        parts = entry.split()
        words[parts[0]] = _strength(parts[1]) if len(parts) > 1 else 1.0
        if "edge" in parts[2:]:
            edge.add(parts[0])
    return _finder(words, frozenset(edge))


def _finder(words: dict[str, float], edge_only: frozenset[str] = frozenset()) -> WordFinder:
    if not words:
        return WordFinder(None, {}, frozenset())
    # A lookahead matches at every position without consuming, so words may overlap.
    pattern = re.compile("(?=(" + _trie_pattern(sorted(words)) + "))")
    return WordFinder(pattern, words, edge_only)


def _trie_pattern(words: list[str]) -> str:
    """One regular expression for many words, shaped as a trie: at each position it tries
    only the words that start with the letter found there, and prefers the longest."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + render(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        if len(branches) == 1:
            body = branches[0]
            return f"(?:{body})?" if "" in node else body
        body = "(?:" + "|".join(branches) + ")"
        return body + "?" if "" in node else body  # a word ends here: longer ones first

    return render(trie)


def _parse_bigrams(entries: frozenset[str]) -> dict[str, float]:
    """Letter-pair counts → the surprise, in bits, of each pair's second letter after its first.

    Add-½ smoothing: a pair never seen in English words costs 13-15 bits, a common one
    2-4; random letters average 6-7 bits a pair, English-like names 3-4.
    """
    counts: dict[str, int] = {}
    for entry in entries:
        parts = entry.split()
        if len(parts) == 2 and len(parts[0]) == 2 and parts[0].isalpha() and parts[1].isdigit():
            counts[parts[0]] = int(parts[1])
    letters = "abcdefghijklmnopqrstuvwxyz"
    bits = {}
    for a in letters:
        row = sum(counts.get(a + b, 0) for b in letters)
        for b in letters:
            bits[a + b] = -math.log2((counts.get(a + b, 0) + 0.5) / (row + 13.0))
    return bits


def _parse_brands(entries: frozenset[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    """(short brands, matched as the whole name; long brands, matched anywhere)."""
    brands = {e.split()[0] for e in entries}
    return (frozenset(b for b in brands if len(b) <= 5),
            tuple(sorted((b for b in brands if len(b) > 5), key=lambda b: (-len(b), b))))


# -- words for evidence --------------------------------------------------------------------------

def ordinal(n: int) -> str:
    """``1`` → ``1st``, ``2`` → ``2nd``, ``11`` → ``11th``."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def quoted_list(words: list[str]) -> str:
    """``['a', 'b', 'c']`` → ``'a', 'b' and 'c'``."""
    quoted = [f"'{w}'" for w in words]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _graded(count: int, strengths: tuple[float, ...]) -> float:
    """The strength for a count from ``(for 1, for 2, …, for n or more)``."""
    return strengths[min(count, len(strengths)) - 1]


# -- the signals ---------------------------------------------------------------------------------

@signal("domain.blocklisted", "domain", "The domain is on your blocklist.")
def blocklisted(facts: DomainFacts, ctx) -> Hit | None:
    """Fire at full strength when the domain, a host, or a parent of either is blocklisted
    (a blocklisted domain covers its subdomains, as a disavow ``domain:`` line does)."""
    blocklist = ctx.rules.blocklist
    if not blocklist:
        return None
    for name, parent in _prepared(facts, ctx)[0].parents:
        if parent in blocklist:
            where = f"'{name}' is" if parent == name else f"'{name}' is under '{parent}', which is"
            return Hit(1.0, f"{where} on your blocklist")
    return None


@signal("domain.abused_tld", "domain", "The domain is on a TLD that spammers use most (Spamhaus).")
def abused_tld(facts: DomainFacts, ctx) -> Hit | None:
    """Fire with the TLD's strength from the abused-TLD table; the evidence cites the table."""
    view, book = _prepared(facts, ctx)
    name = view.name
    if not name.tld:
        return None
    tlds = book.tlds
    two = name.domain.rsplit(".", 2)
    row = (tlds.get(two[-2] + "." + two[-1]) if len(two) == 3 else None) or tlds.get(name.tld)
    if row is None or row.strength <= 0:
        return None
    return Hit(row.strength, row.evidence())


@signal("domain.long_name", "domain", "The domain's own label is unusually long.")
def long_name(facts: DomainFacts, ctx) -> Hit | None:
    """Strength rises from just above 0 at ``min_length`` characters to 1 at ``full_length``."""
    view, book = _prepared(facts, ctx)
    text = view.name.text
    if len(text) < book.long_min:
        return None
    strength = min(1.0, (len(text) - book.long_min + 1) / max(1, book.long_full - book.long_min + 1))
    return Hit(strength, f"'{text}' is {len(text)} characters long")


@signal("domain.digits", "domain", "Digits in the domain's own label, graded by count.")
def digits(facts: DomainFacts, ctx) -> Hit | None:
    """Strength from ``domain.digits.strengths`` by the number of digits."""
    view, book = _prepared(facts, ctx)
    text = view.name.text
    count = len(text) - len(text.translate(_NOT_DIGITS))
    if not count:
        return None
    return Hit(_graded(count, book.digit_strengths),
               f"{_plural(count, 'digit')} in '{text}'")


@signal("domain.hyphens", "domain", "Hyphens in the domain's own label, graded by count.")
def hyphens(facts: DomainFacts, ctx) -> Hit | None:
    """Strength from ``domain.hyphens.strengths`` by the number of hyphens."""
    view, book = _prepared(facts, ctx)
    text = view.name.text
    count = text.count("-")
    if not count:
        return None
    return Hit(_graded(count, book.hyphen_strengths),
               f"{_plural(count, 'hyphen')} in '{text}'")


@signal("domain.random_looking", "domain",
        "The domain's own label reads like random letters, not words (letter pairs unlike English).")
def random_looking(facts: DomainFacts, ctx) -> Hit | None:
    """Compare the label's letter pairs with English words.

    The score is the mean surprise, in bits, of each letter after the one before it
    (table ``domain_english_bigrams``), leaving out the most surprising pair: a name
    made of two words (``dropbox``) has one odd pair where they meet, random letters
    have many. Labels of fewer than ``min_letters`` letters (``bbc``, ``cnn``: acronyms)
    and internationalised labels are not judged. Strength rises from 0 at
    ``from_bits`` to 1 at ``full_bits``.
    """
    view, book = _prepared(facts, ctx)
    text = view.name.text
    if len(text) < book.random_min_letters or not text.isascii() or text.startswith("xn--"):
        return None
    runs = [text] if text.isalpha() else _LETTER_RUNS.findall(text)
    if sum(map(len, runs)) < book.random_min_letters:
        return None
    bits = book.bigrams
    surprise = [bits[run[i:i + 2]] for run in runs for i in range(len(run) - 1)]
    if len(surprise) < 4:
        return None
    score = (sum(surprise) - max(surprise)) / (len(surprise) - 1)
    if score <= book.random_from:
        return None
    strength = min(1.0, (score - book.random_from) / max(0.01, book.random_full - book.random_from))
    pairs = {run[i:i + 2] for run in runs for i in range(len(run) - 1)}
    rarest = sorted(pairs, key=lambda p: (-bits[p], p))[:3]
    return Hit(strength, f"'{text}' looks random: letter pairs unlike English words "
                         f"({', '.join(rarest)}; {score:.1f} bits a pair, ordinary names 3-4)")


@signal("domain.spam_words", "domain",
        "Spam vocabulary (pharma, casino, loans, adult, essays, …, in several languages) in the name.")
def spam_words(facts: DomainFacts, ctx) -> Hit | None:
    """Find spam words in the domain's own label and in its hosts' subdomain labels.

    Words match inside a label (``cheapviagraonline``); ``edge`` words only at the
    start or end of a part or next to another spam word; a word lying inside an
    innocent word of ``domain_spam_word_exceptions`` (``essex``, ``specialist``) does
    not count. Strengths combine as ``1 - Π(1 - s)``.
    """
    view, book = _prepared(facts, ctx)
    labels = [(view.name.text, view.name.skeleton)] if view.name.skeleton else []
    for label in view.sub_labels:  # shown with the domain: 'casino.example.com'
        text = readable(label)
        labels.append((f"{text}.{view.name.domain}", skeleton(text)))
    words: list[str] = []
    where: list[str] = []
    missing = 1.0
    for text, plain in labels:
        found = _spam_words_in(plain, book)
        if found:
            where.append(text)
        for word in found:
            if word not in words:
                words.append(word)
                missing *= 1.0 - book.spam.strengths[word]
    if not words:
        return None
    verb = "is a spam word" if len(words) == 1 else "are spam words"
    return Hit(round(1.0 - missing, 4), f"{quoted_list(words)} {verb} in {quoted_list(where)}")


def _spam_words_in(text: str, book: Rulebook) -> list[str]:
    found = book.spam.find(text)
    if not found:
        return []
    exceptions = (book.exceptions.find(text) if any(w in book.excepted for _, _, w in found)
                  else [])
    starts = {start for start, _, _ in found}
    ends = {end for _, end, _ in found}
    kept = []
    for start, end, word in found:
        if any(e_start <= start and end <= e_end for e_start, e_end, _ in exceptions):
            continue  # part of an innocent word: the "sex" of essex
        if word in book.spam.edge_only and not _at_edge(text, start, end, starts, ends):
            continue  # a short word inside a longer one: the "bet" of alphabetical
        kept.append(word)
    return kept


def _at_edge(text: str, start: int, end: int, starts: set[int], ends: set[int]) -> bool:
    """A word at the start or end of a part of the name, or next to another spam word."""
    return (start == 0 or not text[start - 1].isalpha() or start in ends
            or end == len(text) or not text[end].isalpha() or end in starts)


@signal("domain.punycode_lookalike", "domain",
        "An internationalised (xn--) name; strong when it mixes scripts or imitates a brand.")
def punycode_lookalike(facts: DomainFacts, ctx) -> Hit | None:
    """Judge each internationalised label of the domain and its hosts; keep the worst.

    Strengths (params ``domain.punycode_lookalike.*``): one script (``münchen``) is
    ``single_script``; Latin mixed with Cyrillic, Greek or Armenian, or a label wholly
    in one of those whose letters all pass for Latin (``аррӏе``), is ``mixed_script``;
    other mixes are ``other_mix``; a brand of ``domain_lookalike_brands`` spelled with
    look-alike letters (``pаypal``) is ``brand``.
    """
    view, book = _prepared(facts, ctx)
    best: Hit | None = None
    for label in (view.name.label, *view.sub_labels):
        if label.startswith("xn--") or not label.isascii():
            hit = _judge_idn(label, book)
            if best is None or hit.strength > best.strength:
                best = hit
    return best


def _judge_idn(label: str, book: Rulebook) -> Hit:
    text = readable(label)
    shown = f"'{text}' ({label})" if text != label else f"'{label}'"
    if text == label and label.startswith("xn--"):
        return Hit(book.idn_mixed, f"'{label}' is not valid punycode")
    scripts = {script_of(ch) for ch in text if ch.isalpha()}
    plain = skeleton(text)
    brand = _brand_in(plain, text, book)
    if brand:
        return Hit(book.idn_brand, f"{shown} spells '{brand}' with look-alike letters "
                                   f"({_script_names(scripts)})")
    if "LATIN" in scripts and scripts & LOOKALIKE_SCRIPTS:
        return Hit(book.idn_mixed, f"{shown} mixes {_script_names(scripts)} letters")
    if len(scripts) == 1 and scripts <= LOOKALIKE_SCRIPTS and plain.isascii():
        return Hit(book.idn_mixed, f"{shown} is written in {_script_names(scripts)} letters that "
                                   f"all pass for Latin ('{plain}')")
    if len(scripts) > 1:
        return Hit(book.idn_other, f"{shown} mixes {_script_names(scripts)} letters")
    return Hit(book.idn_single, f"{shown} is an internationalised name in one script "
                                f"({_script_names(scripts)})")


def _brand_in(plain: str, text: str, book: Rulebook) -> str:
    """The brand the skeleton spells and the label does not: spelled with look-alikes."""
    if plain in book.brands_whole and plain != text:
        return plain
    for brand in book.brands_anywhere:
        if brand in plain and brand not in text:
            return brand
    return ""


def _script_names(scripts: set[str]) -> str:
    names = sorted("CJK" if s == "CJK" else s.title() for s in scripts) or ["no"]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@signal("domain.free_host", "domain", "A site on a free host (blogspot, wordpress.com, netlify.app, …).")
def free_host(facts: DomainFacts, ctx) -> Hit | None:
    """Fire when the domain or a host is a site under a free host of ``domain_free_hosts``.

    ``someone.blogspot.com`` is itself the registrable domain (the Public Suffix List's
    private section lists blogspot.com), so the free host is looked for in the domain's
    own name as well as in its hosts. The platform's own site (``wordpress.com``) never
    fires; a host that is not a registrable domain (``sites.google.com``) fires on its
    own name, since its sites live in its paths.
    """
    view, book = _prepared(facts, ctx)
    table = book.free_hosts
    best: tuple[float, str, str] | None = None
    for name, parent in view.parents:
        entry = table.get(parent)
        if entry is not None and not (parent == name and entry[1]):
            if best is None or entry[0] > best[0]:
                best = (entry[0], name, parent)
    if best is None:
        return None
    return Hit(best[0], f"'{best[1]}' is a site on {best[2]}, a free host")


@signal("domain.url_shortener", "domain", "A URL shortener (bit.ly, tinyurl, …): the real target is hidden.")
def url_shortener(facts: DomainFacts, ctx) -> Hit | None:
    """Fire when the domain or a host is a shortener of ``domain_url_shorteners``."""
    view, book = _prepared(facts, ctx)
    table = book.shorteners
    for _, parent in view.parents:
        strength = table.get(parent)
        if strength:
            return Hit(strength, f"'{parent}' is a URL shortener: the link's real target is hidden")
    return None


@signal("domain.ip_literal", "domain", "A bare IP address instead of a domain name.")
def ip_literal(facts: DomainFacts, ctx) -> Hit | None:
    """Fire when the domain or a host is an IP address (IPv4 in any form, or IPv6)."""
    view, _ = _prepared(facts, ctx)
    if view.name.ip:
        return Hit(1.0, f"'{view.name.domain}' is {view.name.ip}, not a domain name")
    for host in view.names:
        kind = ip_kind(host) if host != view.name.domain else ""
        if kind:
            return Hit(1.0, f"'{host}' is {kind}, not a domain name")
    return None


__all__ = ["DomainName", "DomainView", "Rulebook", "abused_tld", "blocklisted", "digits", "free_host",
           "hyphens", "ip_kind", "ip_literal", "long_name", "punycode_lookalike", "random_looking",
           "read_name", "readable", "rulebook", "skeleton", "spam_words", "url_shortener", "view_of"]
