"""Domain identity signals: what a referring domain's name alone says.

Each signal reads a :class:`~grading.core.DomainFacts` (the registrable domain and
the hosts seen under it) and runs once per referring domain, so each is a few
microseconds: the name is split once (:func:`read_name`, cached), word lists and
tables are parsed once per rules object, and words are found with one precompiled
regular expression.

Name-only features are weak on their own (an AUC near 0.65 on human-labelled web
spam, DOMAIN.md §6), so their weights in ``grading/rules.toml`` are modest: a clean
name on a cheap TLD stays Low, while three strong features together reach High. Two
are not name *features* but near-proofs and weigh more: a bare IP address
(``domain.ip_literal``) and a homograph of a brand (``domain.punycode_lookalike``).

Every hit names what fired: the TLD and the year of the Spamhaus table, the words
found, the count of digits or hyphens, the letter pairs that are unlike English.

Example:
    >>> from grading.engine import Context
    >>> from grading.rules import load_rules
    >>> ctx = Context(rules=load_rules())
    >>> spam_words(DomainFacts("cheap-viagra-online24.top"), ctx).evidence
    "'cheap', 'viagra' and 'online' are spam words in 'cheap-viagra-online24'"
    >>> abused_tld(DomainFacts("cheap-viagra-online24.top"), ctx).evidence
    ".top: one of the most abused TLDs in Spamhaus' 2024 figures"
    >>> digits(DomainFacts("casino4u2024.xyz"), ctx).evidence
    "5 digits in 'casino4u2024'"
    >>> random_looking(DomainFacts("stackoverflow.com"), ctx) is None
    True
"""

from __future__ import annotations

import ipaddress
import math
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from crawler.urls import registrable_domain
from grading.core import DomainFacts, Hit, signal

T = TypeVar("T")

# -- reading a name -------------------------------------------------------------------------

#: Letters that look like Latin letters, from Unicode's confusables table (UTS #39,
#: confusables.txt), limited to lower-case letters that IDNA lets into a domain name.
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
#: Scripts that are written together in one language, so mixing them is ordinary.
_SCRIPT_FAMILIES = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK"}

_DIGITS = re.compile(r"[0-9]")
_LETTER_RUNS = re.compile(r"[a-z]+")
_DOTTED_IPV4_LIKE = re.compile(r"(?:0x[0-9a-f]+|[0-9]+)(?:\.(?:0x[0-9a-f]+|[0-9]+)){0,3}")


@dataclass(frozen=True, slots=True)
class DomainName:
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


@lru_cache(maxsize=65536)
def read_name(domain: str) -> DomainName:
    """Split a registrable domain into the parts the signals read (cached: each signal asks).

    Args:
        domain: a registrable domain (``example.co.uk``), an IP address, or any text.

    Returns:
        The :class:`DomainName`; never raises.
    """
    name = domain.strip().lower().rstrip(".")
    ip = ip_kind(name)
    if ip:
        return DomainName(name, "", "", "", "", ip)
    label, _, rest = name.partition(".")
    tld = rest.rpartition(".")[2] if rest else ""
    text = readable(label)
    return DomainName(name, label, text, skeleton(text), tld, "")


def ip_kind(host: str) -> str:
    """Say what kind of IP address ``host`` is, or return ``""`` for a name.

    Browsers also open IPv4 addresses written as one number, in hex or with fewer than
    four parts (``3232235777``, ``0x7f.1``): spammers use those to look less like one.

    Example:
        >>> [ip_kind(h) for h in ("192.0.2.7", "[2001:db8::1]", "0x7f.0.0.1", "163.com")]
        ['an IPv4 address', 'an IPv6 address', 'an IPv4 address in a disguised form', '']
    """
    host = host.strip("[]")
    if ":" in host:
        try:
            ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError:
            return ""
        return "an IPv6 address"
    if not host or not _DOTTED_IPV4_LIKE.fullmatch(host):
        return ""
    try:
        ipaddress.IPv4Address(host)
    except ValueError:
        return "an IPv4 address in a disguised form"
    return "an IPv4 address"


def readable(label: str) -> str:
    """Return a label as people read it: punycode (``xn--…``) decoded, else unchanged.

    Example:
        >>> readable("xn--mnchen-3ya")
        'münchen'
    """
    if not label.startswith("xn--"):
        return label
    try:
        return label[4:].encode("ascii").decode("punycode") or label
    except (UnicodeError, ValueError):
        return label


def skeleton(text: str) -> str:
    """Read look-alike letters as the Latin letters they imitate and drop accents.

    Example:
        >>> skeleton("pаypаl"), skeleton("münchen")
        ('paypal', 'munchen')
    """
    if text.isascii():
        return text
    mapped = text.translate(CONFUSABLES)
    decomposed = unicodedata.normalize("NFKD", mapped)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def script_of(ch: str) -> str:
    """The Unicode script of a letter, from its character name (``CYRILLIC``, ``LATIN``…)."""
    first = unicodedata.name(ch, "UNKNOWN").split(" ", 1)[0]
    return _SCRIPT_FAMILIES.get(first, first)


def _names(facts: DomainFacts) -> Iterator[str]:
    """The domain and each host, cleaned, without a leading ``www.``."""
    for raw in (facts.domain, *facts.hosts):
        name = raw.strip().lower().rstrip(".")
        if name.startswith("www."):
            name = name[4:]
        if name:
            yield name


def _suffixes(name: str) -> Iterator[str]:
    """``a.b.c`` → ``a.b.c``, ``b.c``, ``c``."""
    while name:
        yield name
        name = name.partition(".")[2]


def _subdomain_labels(facts: DomainFacts) -> list[str]:
    """The labels of hosts below the registrable domain (``shop`` of ``shop.example.com``)."""
    domain = facts.domain.strip().lower().rstrip(".")
    labels: list[str] = []
    for host in facts.hosts:
        host = host.strip().lower().rstrip(".")
        if domain and host.endswith("." + domain):
            labels.extend(lab for lab in host[: -len(domain) - 1].split(".") if lab and lab != "www")
    return labels


# -- tables from the rules, parsed once per rules object ---------------------------------------

_PARSED: dict[tuple[str, int], tuple[frozenset[str], Any]] = {}


def _parsed(entries: frozenset[str], parse: Callable[[frozenset[str]], T]) -> T:
    """Parse a word list once: keyed by the list object itself, which a Rules keeps alive."""
    key = (parse.__name__, id(entries))
    cached = _PARSED.get(key)
    if cached is not None and cached[0] is entries:
        return cached[1]
    if len(_PARSED) > 256:  # many rules objects (tests): forget the old ones
        _PARSED.clear()
    value = parse(entries)
    _PARSED[key] = (entries, value)
    return value


def _number(text: str, default: float) -> float:
    try:
        value = float(text)
    except ValueError:
        return default
    return min(1.0, max(0.0, value)) if math.isfinite(value) else default


@dataclass(frozen=True, slots=True)
class AbusedTld:
    """One row of the abused-TLD table (``grading/data/abused_tlds.txt``)."""

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


def _parse_tlds(entries: frozenset[str]) -> dict[str, AbusedTld]:
    table = {}
    for entry in entries:
        parts = entry.split()
        tld = parts[0].strip(".")
        strength = _number(parts[1], 1.0) if len(parts) > 1 else 1.0
        source = parts[2] if len(parts) > 2 else "your rules"
        rank = int(parts[3]) if len(parts) > 3 and parts[3].isdigit() else None
        badness = parts[4] if len(parts) > 4 else ""
        table[tld] = AbusedTld(tld, strength, source, rank, badness)
    return table


def _parse_weighted(entries: frozenset[str]) -> dict[str, float]:
    """``host strength`` lines (free hosts, shorteners) → {host: strength}."""
    table = {}
    for entry in entries:
        parts = entry.split()
        table[parts[0].strip(".")] = _number(parts[1], 1.0) if len(parts) > 1 else 1.0
    return table


def _parse_free_hosts(entries: frozenset[str]) -> dict[str, tuple[float, bool]]:
    """{host: (strength, is a registrable domain)}: a registrable host's own name is the
    platform's site, not a site on it, and does not fire."""
    return {host: (strength, registrable_domain(host) == host)
            for host, strength in _parse_weighted(entries).items()}


def _trie_pattern(words: list[str]) -> str:
    """One regular expression for many words, as a trie: at each position it tries only
    the words that start with the letter found there, and prefers the longest."""
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
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word ends here: the longer words are optional, tried first
            return f"(?:{body})?" if len(branches) == 1 else f"{body}?"
        return body

    return render(trie)


@dataclass(frozen=True, slots=True)
class WordFinder:
    """Finds words of a list inside a label, overlapping, longest at each position."""

    pattern: re.Pattern[str] | None
    strengths: dict[str, float]
    edge_only: frozenset[str]

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Return ``(start, end, word)`` for each word found, longest first at a position,
        words lying inside a longer found word dropped."""
        if self.pattern is None:
            return []
        found: list[tuple[int, int, str]] = []
        reach = 0
        for match in self.pattern.finditer(text):
            word = match.group(1)
            start = match.start()
            end = start + len(word)
            if end <= reach:
                continue  # inside a longer word found before ("wetten" in "sportwetten")
            found.append((start, end, word))
            reach = end
        return found


def _finder(words: dict[str, float], edge_only: frozenset[str] = frozenset()) -> WordFinder:
    if not words:
        return WordFinder(None, {}, frozenset())
    pattern = re.compile("(?=(" + _trie_pattern(sorted(words)) + "))")
    return WordFinder(pattern, words, edge_only)


def _parse_spam_words(entries: frozenset[str]) -> WordFinder:
    words: dict[str, float] = {}
    edge: set[str] = set()
    for entry in entries:
        parts = entry.split()
        words[parts[0]] = _number(parts[1], 1.0) if len(parts) > 1 else 1.0
        if "edge" in parts[2:]:
            edge.add(parts[0])
    return _finder(words, frozenset(edge))


def _parse_exceptions(entries: frozenset[str]) -> WordFinder:
    return _finder({e.split()[0]: 1.0 for e in entries})


def _parse_bigrams(entries: frozenset[str]) -> dict[str, float]:
    """Letter-pair counts → surprise in bits of each pair given its first letter.

    Add-½ smoothing: a pair never seen in English words costs about 13–15 bits, a common
    one 2–4; random letters average about 6–7 bits a pair, English-like names 3–4.
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
    """(short brands matched as the whole name, long brands matched anywhere)."""
    brands = {e.split()[0] for e in entries}
    return (frozenset(b for b in brands if len(b) <= 5),
            tuple(sorted((b for b in brands if len(b) > 5), key=lambda b: (-len(b), b))))


# -- helpers for evidence ------------------------------------------------------------------------

def ordinal(n: int) -> str:
    """``1`` → ``1st``, ``2`` → ``2nd``, ``11`` → ``11th``."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def quoted_list(words: list[str]) -> str:
    """``['a', 'b', 'c']`` → ``'a', 'b' and 'c'``."""
    quoted = [f"'{w}'" for w in words]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _graded(count: int, strengths: Any) -> float:
    """The strength for a count from a list ``[for 1, for 2, …, for n or more]``."""
    try:
        return float(strengths[min(count, len(strengths)) - 1])
    except (TypeError, IndexError, ValueError):
        return 1.0


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


# -- the signals ---------------------------------------------------------------------------------

@signal("domain.blocklisted", "domain", "The domain is on the rules' blocklist.")
def blocklisted(facts: DomainFacts, ctx) -> Hit | None:
    """Fire at full strength when the domain, a host, or a parent of either is blocklisted."""
    blocklist = ctx.rules.blocklist
    if not blocklist:
        return None
    for name in _names(facts):
        for parent in _suffixes(name):
            if parent in blocklist:
                where = f"'{name}' is" if parent == name else f"'{name}' is under '{parent}', which is"
                return Hit(1.0, f"{where} on your blocklist")
    return None


@signal("domain.abused_tld", "domain", "The domain is on a TLD that spammers use most (Spamhaus).")
def abused_tld(facts: DomainFacts, ctx) -> Hit | None:
    """Fire with the TLD's strength from the abused-TLD table; the evidence cites the table."""
    name = read_name(facts.domain)
    if not name.tld:
        return None
    table = _parsed(ctx.rules.words("domain_abused_tlds"), _parse_tlds)
    two = name.domain.rsplit(".", 2)
    row = table.get(".".join(two[-2:])) if len(two) > 2 else None
    row = row or table.get(name.tld)
    if row is None or row.strength <= 0:
        return None
    return Hit(row.strength, row.evidence())


@signal("domain.long_name", "domain", "The domain's own label is unusually long.")
def long_name(facts: DomainFacts, ctx) -> Hit | None:
    """Strength rises from 0 just below ``min_length`` characters to 1 at ``full_length``."""
    text = read_name(facts.domain).text
    low = int(ctx.rules.param("domain.long_name.min_length", 16))
    full = int(ctx.rules.param("domain.long_name.full_length", 30))
    if len(text) < low:
        return None
    strength = min(1.0, (len(text) - low + 1) / max(1, full - low + 1))
    return Hit(strength, f"'{text}' is {len(text)} characters long")


@signal("domain.digits", "domain", "Digits in the domain's own label, graded by count.")
def digits(facts: DomainFacts, ctx) -> Hit | None:
    """Strength from ``domain.digits.strengths`` by the number of digits."""
    text = read_name(facts.domain).text
    count = len(_DIGITS.findall(text))
    if not count:
        return None
    strength = _graded(count, ctx.rules.param("domain.digits.strengths", [0.2, 0.5, 0.75, 1.0]))
    return Hit(strength, f"{_plural(count, 'digit')} in '{text}'")


@signal("domain.hyphens", "domain", "Hyphens in the domain's own label, graded by count.")
def hyphens(facts: DomainFacts, ctx) -> Hit | None:
    """Strength from ``domain.hyphens.strengths`` by the number of hyphens."""
    text = read_name(facts.domain).text
    count = text.count("-")
    if not count:
        return None
    strength = _graded(count, ctx.rules.param("domain.hyphens.strengths", [0.25, 0.6, 1.0]))
    return Hit(strength, f"{_plural(count, 'hyphen')} in '{text}'")


@signal("domain.random_looking", "domain",
        "The domain's own label reads like random letters, not words (letter pairs unlike English).")
def random_looking(facts: DomainFacts, ctx) -> Hit | None:
    """Compare the label's letter pairs with English words.

    The score is the mean surprise, in bits, of each letter given the one before it,
    against the letter-pair table (``domain_english_bigrams``), after dropping the most
    surprising pair: a name made of two words (``dropbox``) has one odd pair where they
    meet, random letters have many. Labels with fewer than ``min_letters`` letters
    (``bbc``, ``cnn``: acronyms) are not judged. Strength rises from 0 at ``from_bits``
    to 1 at ``full_bits``.
    """
    text = read_name(facts.domain).text
    if not text.isascii() or text.startswith("xn--"):
        return None
    runs = _LETTER_RUNS.findall(text)
    if sum(map(len, runs)) < int(ctx.rules.param("domain.random_looking.min_letters", 7)):
        return None
    bits = _parsed(ctx.rules.words("domain_english_bigrams"), _parse_bigrams)
    pairs = [run[i:i + 2] for run in runs for i in range(len(run) - 1)]
    if len(pairs) < 4:
        return None
    surprise = [bits[p] for p in pairs]
    score = (sum(surprise) - max(surprise)) / (len(surprise) - 1)
    start = float(ctx.rules.param("domain.random_looking.from_bits", 4.8))
    full = float(ctx.rules.param("domain.random_looking.full_bits", 6.0))
    if score <= start:
        return None
    strength = min(1.0, (score - start) / max(0.01, full - start))
    rarest = sorted(set(pairs), key=lambda p: (-bits[p], p))[:3]
    return Hit(strength, f"'{text}' looks random: letter pairs unlike English words "
                         f"({', '.join(rarest)}; {score:.1f} bits a pair, ordinary names 3-4)")


@signal("domain.spam_words", "domain",
        "Spam vocabulary (pharma, casino, loans, adult, essays, …, in several languages) in the name.")
def spam_words(facts: DomainFacts, ctx) -> Hit | None:
    """Find spam words in the domain's own label and its hosts' subdomain labels.

    Words match inside a label (``cheapviagraonline``); ``edge`` words only at the start
    or end of a part or next to another spam word; a word overlapping an exception
    (``essex``, ``specialist``) does not count. Strengths combine as
    ``1 - Π(1 - s)``.
    """
    finder = _parsed(ctx.rules.words("domain_spam_words"), _parse_spam_words)
    name = read_name(facts.domain)
    labels = [(name.text, name.skeleton)] if name.skeleton else []
    if facts.hosts:
        for label in _subdomain_labels(facts):
            text = readable(label)
            labels.append((text, skeleton(text)))
    words: list[str] = []
    where: list[str] = []
    missing = 1.0
    for text, plain in labels:
        found = _spam_words_in(plain, finder, ctx)
        if found:
            where.append(text)
        for word in found:
            if word not in words:
                words.append(word)
                missing *= 1.0 - finder.strengths[word]
    if not words:
        return None
    verb = "is a spam word" if len(words) == 1 else "are spam words"
    return Hit(1.0 - missing, f"{quoted_list(words)} {verb} in {quoted_list(where)}")


def _spam_words_in(text: str, finder: WordFinder, ctx) -> list[str]:
    found = finder.find(text)
    if not found:
        return []
    exceptions = _parsed(ctx.rules.words("domain_spam_word_exceptions"), _parse_exceptions).find(text)
    starts = {start for start, _, _ in found}
    ends = {end for _, end, _ in found}
    kept = []
    for start, end, word in found:
        if any(e_start < end and start < e_end and not (start <= e_start and e_end <= end)
               for e_start, e_end, _ in exceptions):
            continue  # part of an innocent word: the "sex" of essex
        if word in finder.edge_only and not _at_edge(text, start, end, starts, ends):
            continue  # a short word inside a longer one: the "bet" of "sportbetonline" only
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
    ``single_script``; Latin mixed with Cyrillic, Greek or Armenian, or a label wholly in
    one of those whose letters all pass for Latin (``аррӏе``), is ``mixed_script``;
    other mixes are ``other_mix``; spelling a brand of ``domain_lookalike_brands`` with
    look-alike letters is ``brand``.
    """
    name = read_name(facts.domain)
    labels = [name.label] if name.label else []
    if facts.hosts:
        labels.extend(_subdomain_labels(facts))
    best: Hit | None = None
    for label in labels:
        if label.startswith("xn--") or not label.isascii():
            hit = _judge_idn(label, ctx)
            if best is None or hit.strength > best.strength:
                best = hit
    return best


def _judge_idn(label: str, ctx) -> Hit:
    param = ctx.rules.param
    text = readable(label)
    shown = f"'{text}' ({label})" if text != label else f"'{label}'"
    if text == label and label.startswith("xn--"):
        return Hit(float(param("domain.punycode_lookalike.mixed_script", 0.8)),
                   f"'{label}' is not valid punycode")
    scripts = {script_of(ch) for ch in text if ch.isalpha()}
    plain = skeleton(text)
    brand = _brand_in(plain, text, ctx)
    latin_like = plain.replace("-", "").isalnum() and plain.isascii()
    if brand:
        return Hit(float(param("domain.punycode_lookalike.brand", 1.0)),
                   f"{shown} spells '{brand}' with look-alike letters ({_script_names(scripts)})")
    if "LATIN" in scripts and scripts & LOOKALIKE_SCRIPTS:
        return Hit(float(param("domain.punycode_lookalike.mixed_script", 0.8)),
                   f"{shown} mixes {_script_names(scripts)} letters")
    if len(scripts) == 1 and scripts <= LOOKALIKE_SCRIPTS and latin_like:
        return Hit(float(param("domain.punycode_lookalike.mixed_script", 0.8)),
                   f"{shown} is written in {_script_names(scripts)} letters that all pass for "
                   f"Latin ('{plain}')")
    if len(scripts) > 1:
        return Hit(float(param("domain.punycode_lookalike.other_mix", 0.4)),
                   f"{shown} mixes {_script_names(scripts)} letters")
    return Hit(float(param("domain.punycode_lookalike.single_script", 0.1)),
               f"{shown} is an internationalised name in one script ({_script_names(scripts)})")


def _brand_in(plain: str, text: str, ctx) -> str:
    """The brand that the skeleton spells but the label does not (so look-alikes spell it)."""
    whole, anywhere = _parsed(ctx.rules.words("domain_lookalike_brands"), _parse_brands)
    if plain in whole and plain != text:
        return plain
    for brand in anywhere:
        if brand in plain and brand not in text:
            return brand
    return ""


def _script_names(scripts: set[str]) -> str:
    names = sorted(s.title() for s in scripts) or ["no"]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@signal("domain.free_host", "domain", "A site on a free host (blogspot, wordpress.com, netlify.app, …).")
def free_host(facts: DomainFacts, ctx) -> Hit | None:
    """Fire when the domain or a host is a site under a free host of ``domain_free_hosts``.

    ``someone.blogspot.com`` is itself the registrable domain (the Public Suffix List's
    private section lists blogspot.com), so the suffix is looked for in the domain's own
    name as well as in the hosts'. The platform's own site (``wordpress.com``) never fires.
    """
    table = _parsed(ctx.rules.words("domain_free_hosts"), _parse_free_hosts)
    best: Hit | None = None
    for name in _names(facts):
        for parent in _suffixes(name):
            entry = table.get(parent)
            if entry is None or (parent == name and entry[1]):
                continue
            if best is None or entry[0] > best.strength:
                best = Hit(entry[0], f"'{name}' is a site on {parent}, a free host")
            break
    return best


@signal("domain.url_shortener", "domain", "A URL shortener (bit.ly, tinyurl, …): the real target is hidden.")
def url_shortener(facts: DomainFacts, ctx) -> Hit | None:
    """Fire when the domain or a host is a shortener of ``domain_url_shorteners``."""
    table = _parsed(ctx.rules.words("domain_url_shorteners"), _parse_weighted)
    for name in _names(facts):
        for parent in _suffixes(name):
            strength = table.get(parent)
            if strength:
                return Hit(strength, f"'{parent}' is a URL shortener: the link's real target is hidden")
    return None


@signal("domain.ip_literal", "domain", "A bare IP address instead of a domain name.")
def ip_literal(facts: DomainFacts, ctx) -> Hit | None:
    """Fire when the domain or a host is an IP address (IPv4 in any form, or IPv6)."""
    name = read_name(facts.domain)
    if name.ip:
        return Hit(1.0, f"'{name.domain}' is {name.ip}, not a domain name")
    for host in facts.hosts:
        host = host.strip().lower().rstrip(".")
        kind = ip_kind(host)
        if kind:
            return Hit(1.0, f"'{host}' is {kind}, not a domain name")
    return None


__all__ = ["DomainName", "abused_tld", "blocklisted", "digits", "free_host", "hyphens", "ip_kind",
           "long_name", "punycode_lookalike", "random_looking", "read_name", "readable",
           "skeleton", "spam_words", "url_shortener"]
