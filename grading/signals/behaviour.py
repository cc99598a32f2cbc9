"""Behaviour across the audit: how many items, names and posts one domain accounts for,
bursts in time, and one text posted from many domains (DOMAIN.md §6 "Behaviour").

:func:`audit_stats` reads every item once and builds the :class:`~grading.core.AuditStats`
the behaviour signals (and ``content.duplicate_text``/``content.foreign_language``)
compare with. It is linear in items: texts are grouped by a fingerprint — the
lower-cased words with digits, links and punctuation removed, hashed — so
near-identical texts that differ only in case, numbers, URLs or punctuation fall
together without comparing texts pairwise.

An item belongs to the domain it promotes: its author link's registrable domain, or,
without one, the first link in its text; the site's own domains are never counted (the
site's owner answering comments is not a spammer).

Domain-subject signals read the per-domain figures of a referring domain;
``behaviour.campaign`` and ``behaviour.author_domain_pattern`` judge one item by its
text's spread and by its domain's behaviour.

Example:
    >>> from grading.core import ItemFacts, LinkFacts
    >>> def by(n, domain):
    ...     link = LinkFacts(url=f"https://{domain}/", host=domain, domain=domain, is_author_link=True)
    ...     return ItemFacts(key=f"k{n}", type="comment", author_name=f"Name {n}",
    ...                      text="Such a wonderful post, I bookmarked your site today",
    ...                      post_url=f"https://blog.example/p{n}/", links=(link,))
    >>> stats = audit_stats([by(1, "a.example"), by(2, "b.example"), by(3, "c.example"), by(4, "a.example")],
    ...                     site_domains={"blog.example"})
    >>> stats.items_per_domain["a.example"], stats.authors_per_domain["a.example"], stats.near_duplicates["k1"]
    (2, 2, 3)
    >>> list(stats.domains_per_text.values())
    [3]
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timezone
from functools import lru_cache

from grading.core import AuditStats, Context, DomainFacts, Hit, ItemFacts, signal
from grading.signals.content import MIN_LANGUAGE_LETTERS, guess_language, ramp, strip_links, words_of

#: Default burst window: many items from one domain within ten minutes is a script, not a reader.
BURST_WINDOW_SECONDS = 600
#: Fewest words and letters for a text to be fingerprinted: "Thanks!" from two people is no copy.
MIN_FINGERPRINT_WORDS = 4
MIN_FINGERPRINT_LETTERS = 20
#: Most distinct texts whose language is judged to find the site's language.
LANGUAGE_SAMPLE = 400
#: Texts read for the fingerprint: the start decides, a 100 kB comment is not read to its end.
MAX_TEXT = 5_000
#: Distinct texts and author names :func:`audit_stats` remembers as it reads: spam repeats
#: the same text and names item after item; past this many, the least recent are forgotten.
READ_MEMO = 8192


def text_fingerprint(text: str) -> str | None:
    """Return a fingerprint shared by near-identical texts, or ``None`` for a short text.

    The words of the text, lower-cased, with digits, URLs, BBCode and punctuation
    removed, hashed (BLAKE2b, 64 bits: stable across processes, unlike ``hash()``).

    Example:
        >>> text_fingerprint("Great post! Visit http://a.example/1 now, 100% free") == \\
        ...     text_fingerprint("great POST visit https://b.example/2 now - 50% FREE!!")
        True
        >>> text_fingerprint("Thanks!") is None
        True
    """
    words = fingerprint_words(text)
    if words is None:
        return None
    return hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).hexdigest()


def fingerprint_words(text: str) -> list[str] | None:
    """The words a fingerprint is made of, or ``None`` when too few to fingerprint."""
    text = text[:MAX_TEXT]
    text = strip_links(text)
    words = words_of(text)
    if len(words) < MIN_FINGERPRINT_WORDS or sum(map(len, words)) < MIN_FINGERPRINT_LETTERS:
        return None
    return words


def promoted_domain(item: ItemFacts, site_domains: frozenset[str]) -> str:
    """The domain an item promotes: its author link's, else the first link's in its text.

    The site's own domains are skipped; ``""`` when the item links nowhere else.
    """
    fallback = ""
    for link in item.links:
        if not link.domain or link.domain in site_domains:
            continue
        if link.is_author_link:
            return link.domain
        if not fallback:
            fallback = link.domain
    return fallback


def epoch_seconds(date: str | None) -> int | None:
    """Seconds since 1970 of an ISO 8601 date-time; ``None`` for a date alone or nonsense.

    A date without a time cannot place an item in a ten-minute window. A time without
    an offset is read as UTC (the crawler stores UTC).

    Example:
        >>> epoch_seconds("2024-05-01T10:00:00Z"), epoch_seconds("2024-05-01"), epoch_seconds("soon")
        (1714557600, None, None)
    """
    if not date or len(date) <= 10:
        return None
    try:
        moment = datetime.fromisoformat(date)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return int(moment.timestamp())


def densest_window(times: list[int], window: int) -> tuple[int, int]:
    """The most items within ``window`` seconds, and when that window starts.

    Example:
        >>> densest_window([0, 30, 700, 710, 720, 5000], 600)
        (3, 700)
    """
    times = sorted(times)
    best, best_start, first = 0, times[0] if times else 0, 0
    for last, moment in enumerate(times):
        while moment - times[first] > window:
            first += 1
        if last - first + 1 > best:
            best, best_start = last - first + 1, times[first]
    return best, best_start


def _name_key(name: str) -> str:
    return " ".join(name.casefold().split())


def _fingerprint_facts(text: str) -> tuple[str | None, list[str], int]:
    """A text's fingerprint (``None`` when too short), its words and their letters."""
    words = fingerprint_words(text)
    if words is None:
        return None, [], 0
    return (hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).hexdigest(), words,
            sum(map(len, words)))


def audit_stats(items: Iterable[ItemFacts], site_domains: Iterable[str] = frozenset(), site_name: str = "",
                *, burst_window_seconds: int = BURST_WINDOW_SECONDS) -> AuditStats:
    """Read every item once and return the audit's behaviour figures.

    Args:
        items: the audit's items.
        site_domains: the audited site's own registrable domains (never counted).
        site_name: the blog's name.
        burst_window_seconds: the window of ``behaviour.burst`` (rules param
            ``behaviour.burst.window_seconds``).

    Returns:
        The :class:`~grading.core.AuditStats`. Besides the documented fields,
        ``extra`` holds ``burst_window_seconds``, ``burst_start`` (domain → ISO time
        the densest window starts, for domains with two items or more in it),
        ``names_sample`` (domain → up to three of its author names, for domains with
        two names or more) and ``fingerprints`` (item key → its text's fingerprint,
        for texts found more than once). ``near_duplicates`` and ``domains_per_text``
        only hold texts found more than once.
    """
    site = frozenset(d.lower() for d in site_domains)
    fingerprint_of = lru_cache(maxsize=READ_MEMO)(_fingerprint_facts)
    name_key_of = lru_cache(maxsize=READ_MEMO)(_name_key)
    # domain → [items, {name key: name as shown}, {posts}, [dates]]: one lookup an item.
    domains: dict[str, list] = {}
    first_with: dict[str, tuple[str, str]] = {}  # fingerprint → (key, domain) of its first item
    groups: dict[str, tuple[list[str], set[str]]] = {}  # fingerprint → keys and domains, when repeated
    candidates: dict[str, list[str]] = {}  # fingerprint → words of a comment, for the language
    plain: set[str] = set()  # fingerprints of comments without links in their text

    for item in items:
        domain = promoted_domain(item, site)
        if domain:
            record = domains.get(domain)
            if record is None:
                record = domains[domain] = [0, {}, set(), []]
            record[0] += 1
            if item.type == "comment" and item.author_name:
                # A ping's "name" is its source page's title: many titles are no alias game.
                name = item.author_name.strip()
                if name:
                    record[1].setdefault(name_key_of(name), name)
            if item.post_url:
                record[2].add(item.post_url)
            if item.date:
                record[3].append(item.date)
        if not item.text:
            continue
        fingerprint, words, letters = fingerprint_of(item.text)
        if fingerprint is None:
            continue
        if item.type == "comment" and fingerprint not in plain and letters >= MIN_LANGUAGE_LETTERS:
            # A ping's excerpt is another site's text: only comments say what the site's readers write.
            candidates.setdefault(fingerprint, words)
            if all(link.is_author_link for link in item.links):
                plain.add(fingerprint)
        group = groups.get(fingerprint)
        if group is None:
            first = first_with.get(fingerprint)
            if first is None:
                first_with[fingerprint] = (item.key, domain)
                continue
            group = groups[fingerprint] = ([first[0]], {first[1]} if first[1] else set())
        group[0].append(item.key)
        if domain:
            group[1].add(domain)

    near_duplicates: dict[str, int] = {}
    fingerprints: dict[str, str] = {}
    for fingerprint, (keys, _) in groups.items():
        for key in keys:
            near_duplicates[key] = len(keys) - 1
            fingerprints[key] = fingerprint
    bursts: dict[str, int] = {}
    burst_start: dict[str, str] = {}
    for domain, record in domains.items():
        # A domain with one dated item has no burst to speak of: its date is not even read.
        if len(record[3]) < 2:
            continue
        moments = [m for m in map(epoch_seconds, record[3]) if m is not None]
        if not moments:
            continue
        count, start = densest_window(moments, burst_window_seconds)
        bursts[domain] = count
        if count >= 2:
            burst_start[domain] = datetime.fromtimestamp(start, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    names = {d: record[1] for d, record in domains.items() if record[1]}
    names_sample = {d: tuple(sorted(n.values())[:3]) for d, n in names.items() if len(n) >= 2}
    return AuditStats(
        site_domains=site, site_name=site_name,
        site_language=_majority_language(candidates, plain),
        items_per_domain={d: record[0] for d, record in domains.items()},
        authors_per_domain={d: len(n) for d, n in names.items()},
        posts_per_domain={d: len(record[2]) for d, record in domains.items() if record[2]},
        domains_per_text={fp: len(domains) for fp, (_, domains) in groups.items() if len(domains) >= 2},
        near_duplicates=near_duplicates,
        burst_per_domain=bursts,
        extra={"burst_window_seconds": burst_window_seconds, "burst_start": burst_start,
               "names_sample": names_sample, "fingerprints": fingerprints},
    )


def _majority_language(candidates: dict[str, list[str]], plain: set[str]) -> str | None:
    # Comments without links in their text are mostly the site's readers; spam, often in another
    # language, carries links. Prefer them when there are enough to judge. Each distinct text
    # votes once, so a campaign of one text cannot outvote the readers.
    pool = [fp for fp in candidates if fp in plain]
    if len(pool) < 20:
        pool = list(candidates)
    if not pool:
        return None
    step = max(1, len(pool) // LANGUAGE_SAMPLE)
    votes: Counter[str] = Counter()
    for fingerprint in pool[::step][:LANGUAGE_SAMPLE]:
        words = candidates[fingerprint]
        language = guess_language(words, " ".join(words))
        if language is not None:
            votes[language] += 1
    if not votes:
        return None
    return min(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0]


# -- signals ---------------------------------------------------------------------------------------

_GUARDED: tuple[object, frozenset[str], dict[str, bool]] | None = None


def _judged(domain: str, ctx: Context) -> bool:
    # The site's own domains, allowlisted ones, gov/edu and major platforms have many
    # authors and posts by nature; their behaviour says nothing about spam. Remembered per
    # domain for the rules and site in force: items ask about the same domains again and again.
    global _GUARDED
    if not domain:
        return False
    memo = _GUARDED
    if memo is None or memo[0] is not ctx.rules or memo[1] is not ctx.stats.site_domains:
        memo = _GUARDED = (ctx.rules, ctx.stats.site_domains, {})
    guarded = memo[2].get(domain)
    if guarded is None:
        guarded = memo[2][domain] = ctx.rules.is_guarded(domain, ctx.stats.site_domains)
    return not guarded


def _window_words(ctx: Context) -> str:
    seconds = int(ctx.stats.extra.get("burst_window_seconds", BURST_WINDOW_SECONDS))
    return f"{seconds // 60} minutes" if seconds % 60 == 0 else f"{seconds} seconds"


def _items_hit(domain: str, ctx: Context) -> Hit | None:
    count = ctx.stats.items_per_domain.get(domain, 0)
    strength = ramp(count, float(ctx.rules.param("behaviour.many_items_one_domain.min_items", 5)),
                    float(ctx.rules.param("behaviour.many_items_one_domain.saturate", 50)))
    return Hit(strength, f"{count} items promote {domain}") if strength > 0 else None


def _names_hit(domain: str, ctx: Context) -> Hit | None:
    count = ctx.stats.authors_per_domain.get(domain, 0)
    strength = ramp(count, float(ctx.rules.param("behaviour.many_names_one_domain.min_names", 3)),
                    float(ctx.rules.param("behaviour.many_names_one_domain.saturate", 20)))
    if strength == 0:
        return None
    sample = ", ".join(repr(n) for n in ctx.stats.extra.get("names_sample", {}).get(domain, ()))
    return Hit(strength, f"{count} author names link to {domain}" + (f", e.g. {sample}" if sample else ""))


def _posts_hit(domain: str, ctx: Context) -> Hit | None:
    count = ctx.stats.posts_per_domain.get(domain, 0)
    strength = ramp(count, float(ctx.rules.param("behaviour.many_posts_targeted.min_posts", 5)),
                    float(ctx.rules.param("behaviour.many_posts_targeted.saturate", 100)))
    return Hit(strength, f"items promoting {domain} are on {count} posts") if strength > 0 else None


def _burst_hit(domain: str, ctx: Context) -> Hit | None:
    count = ctx.stats.burst_per_domain.get(domain, 0)
    strength = ramp(count, float(ctx.rules.param("behaviour.burst.min_items", 5)),
                    float(ctx.rules.param("behaviour.burst.saturate", 30)))
    if strength == 0:
        return None
    start = ctx.stats.extra.get("burst_start", {}).get(domain)
    when = f" from {start}" if start else ""
    return Hit(strength, f"{count} items promoting {domain} within {_window_words(ctx)}{when}")


@signal("behaviour.many_items_one_domain", "domain", "Many items of the audit promote this domain.")
def many_items_one_domain(facts: DomainFacts, ctx: Context) -> Hit | None:
    """0.25 at ``behaviour.many_items_one_domain.min_items`` (5), 1.0 at ``.saturate`` (50), log-scaled."""
    return _items_hit(facts.domain, ctx) if _judged(facts.domain, ctx) else None


@signal("behaviour.many_names_one_domain", "domain", "Comments under many different author names link to this domain.")
def many_names_one_domain(facts: DomainFacts, ctx: Context) -> Hit | None:
    """0.25 at ``behaviour.many_names_one_domain.min_names`` (3), 1.0 at ``.saturate`` (20)."""
    return _names_hit(facts.domain, ctx) if _judged(facts.domain, ctx) else None


@signal("behaviour.many_posts_targeted", "domain", "Items promoting this domain are spread over many posts.")
def many_posts_targeted(facts: DomainFacts, ctx: Context) -> Hit | None:
    """0.25 at ``behaviour.many_posts_targeted.min_posts`` (5), 1.0 at ``.saturate`` (100)."""
    return _posts_hit(facts.domain, ctx) if _judged(facts.domain, ctx) else None


@signal("behaviour.burst", "domain", "Many items promoting this domain arrived within a few minutes.")
def burst(facts: DomainFacts, ctx: Context) -> Hit | None:
    """0.25 at ``behaviour.burst.min_items`` (5) in the window, 1.0 at ``.saturate`` (30)."""
    return _burst_hit(facts.domain, ctx) if _judged(facts.domain, ctx) else None


@signal("behaviour.campaign", "item", "The same text (near-identical) was posted promoting several domains.")
def campaign(item: ItemFacts, ctx: Context) -> Hit | None:
    """0.25 at ``behaviour.campaign.min_domains`` (3), 1.0 at ``.saturate`` (20)."""
    # Only a text found more than once can be a campaign: one dictionary miss for most items.
    if item.key not in ctx.stats.near_duplicates:
        return None
    fingerprint = ctx.stats.extra.get("fingerprints", {}).get(item.key) or text_fingerprint(item.text)
    domains = ctx.stats.domains_per_text.get(fingerprint, 0) if fingerprint else 0
    return _campaign_hit(domains, float(ctx.rules.param("behaviour.campaign.min_domains", 3)),
                         float(ctx.rules.param("behaviour.campaign.saturate", 20)))


@lru_cache(maxsize=1024)
def _campaign_hit(domains: int, low: float, high: float) -> Hit | None:
    strength = ramp(domains, low, high)
    return Hit(strength, f"the same text from {domains} domains") if strength > 0 else None


@signal("behaviour.author_domain_pattern", "item",
        "The domain this item promotes posts under many names or in bursts.")
def author_domain_pattern(item: ItemFacts, ctx: Context) -> Hit | None:
    """The stronger of its domain's ``many_names_one_domain`` and ``burst`` strengths.

    Item counts and posts alone also describe a loyal reader, so they stay with the
    domain's grade; many names and bursts do not.
    """
    domain = promoted_domain(item, ctx.stats.site_domains)
    if not domain:
        return None
    memo = _pattern_memo(ctx)
    if domain not in memo:
        hits = [hit for hit in (_names_hit(domain, ctx), _burst_hit(domain, ctx)) if hit is not None]
        memo[domain] = (Hit(max(hit.strength for hit in hits), "; ".join(hit.evidence for hit in hits))
                        if hits and _judged(domain, ctx) else None)
    return memo[domain]


_PATTERNS: tuple[object, object, dict[str, Hit | None]] | None = None


def _pattern_memo(ctx: Context) -> dict[str, Hit | None]:
    # Every item of a domain gets the same answer: work it out once per domain, for the rules
    # and statistics in force.
    global _PATTERNS
    memo = _PATTERNS
    if memo is None or memo[0] is not ctx.rules or memo[1] is not ctx.stats:
        memo = _PATTERNS = (ctx.rules, ctx.stats, {})
    return memo[2]
