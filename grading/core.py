"""The grading vocabulary: facts in, signals, reasons, grades out.

Grading is pure: every function here and in the signal modules takes plain data
(:class:`DomainFacts`, :class:`ItemFacts`, :class:`LinkFacts`, an
:class:`AuditStats`) and returns plain data. Nothing reads the store or the network;
:mod:`grading.engine` does that and hands the facts in.

A **signal** is a small named function registered with :func:`signal`. It looks at
one subject and returns a :class:`Hit` — how strongly it fired (0–1) and the evidence
a person can check — or ``None``. The rules file gives each signal its weight in
points; a grade is the sum of ``weight × strength`` over the signals that fired,
clipped to 0–100, and it keeps every (signal, points, evidence) as a :class:`Reason`.
Weights are never negative, so adding a spam signal never lowers a score.

Example:
    >>> @signal("example.shouty_name", "item", "The author name is written in capitals.")
    ... def shouty(item, ctx):
    ...     return Hit(1.0, f"author name {item.author_name!r}") if item.author_name.isupper() else None
    >>> grade = combine([Reason("example.shouty_name", 20.0, "author name 'BUY NOW'")])
    >>> (grade.score, grade.band)
    (20, 'low')
    >>> del SIGNALS["example.shouty_name"]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from backlint.records import PingCheck
from grading.rules import Rules

#: Bands users know from Moz and Semrush: Low 0–30, Medium 31–60, High 61–100.
BANDS = (("low", 30), ("medium", 60), ("high", 100))

SUBJECTS = ("domain", "item", "link")

# The facts, hits, reasons and grades a grading run makes by the million are declared
# ``slots=True, unsafe_hash=True``: plain data, equal and hashable by value, read-only by
# convention. They are not ``frozen``: a frozen dataclass's constructor sets each field
# through ``object.__setattr__`` and costs about three times as much, some 10 CPU-seconds
# over an audit of a million links.


@dataclass(slots=True, unsafe_hash=True)
class LinkFacts:
    """One link, as grading sees it.

    Attributes:
        url: the absolute URL.
        host: its host, lower-cased.
        domain: its registrable domain (Public Suffix List).
        anchor: the visible text.
        rel: the ``rel`` values, or ``None`` when unknown (read from the REST API).
        is_author_link: the item's author link rather than a link in its text.
        direction: ``inbound`` (a ping's source) or ``outbound_ugc``.
    """

    url: str
    host: str
    domain: str
    anchor: str = ""
    rel: tuple[str, ...] | None = ()
    is_author_link: bool = False
    direction: str = "outbound_ugc"


@dataclass(slots=True, unsafe_hash=True)
class ItemFacts:
    """One comment, trackback or pingback, as grading sees it.

    Attributes:
        key: the item's stable key in the store (``item_key``).
        type: ``comment``, ``trackback`` or ``pingback``.
        author_name: the displayed name.
        author_url: the author link's target, or ``None``.
        text: the plain text.
        date: ISO 8601, or ``None``.
        post_url: the post it was left on.
        links: its links, author link first.
        site_id: the site's own id for it, when known.
    """

    key: str
    type: str
    author_name: str = ""
    author_url: str | None = None
    text: str = ""
    date: str | None = None
    post_url: str = ""
    links: tuple[LinkFacts, ...] = ()
    site_id: str | None = None

    @property
    def author_domain(self) -> str:
        """The registrable domain of the author link, or ``""``."""
        for link in self.links:
            if link.is_author_link:
                return link.domain
        return ""


@dataclass(frozen=True, slots=True)
class DomainFacts:
    """A referring domain's identity: what can be judged from its name alone.

    Attributes:
        domain: the registrable domain (``example.co.uk``).
        hosts: the hosts seen under it (``www.example.co.uk``, ``blog.example.co.uk``).
    """

    domain: str
    hosts: tuple[str, ...] = ()


@dataclass(slots=True, unsafe_hash=True)
class Hit:
    """A signal fired.

    Attributes:
        strength: 0–1, multiplied by the signal's weight to give its points.
        evidence: what a person can check: the URL, the words, the count.
    """

    strength: float
    evidence: str


@dataclass(slots=True, unsafe_hash=True)
class Reason:
    """One line of a grade's explanation: a signal, its points and its evidence."""

    signal: str
    points: float
    evidence: str

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON and CSV."""
        return {"signal": self.signal, "points": round(self.points, 1), "evidence": self.evidence}


@dataclass(slots=True, unsafe_hash=True)
class Grade:
    """A score 0–100, its band, and every reason behind it (largest first).

    Example:
        >>> combine([Reason("a", 25, "x"), Reason("b", 40, "y")]).band
        'high'
    """

    score: int
    band: str
    reasons: tuple[Reason, ...] = ()

    def explain(self) -> str:
        """The reasons in one line: ``domain.abused_tld (+25): .xyz …; …``."""
        return "; ".join(f"{r.signal} (+{r.points:g}): {r.evidence}" for r in self.reasons)


def band_of(score: float) -> str:
    """Return the band of a score.

    Example:
        >>> [band_of(s) for s in (0, 30, 31, 60, 61, 100)]
        ['low', 'low', 'medium', 'medium', 'high', 'high']
    """
    for name, upper in BANDS:
        if score <= upper:
            return name
    return BANDS[-1][0]


def combine(reasons: list[Reason]) -> Grade:
    """Add reasons into a grade: the sum of their points, clipped to 0–100, rounded."""
    # Largest points first, then by signal name: two stable sorts, with no key tuples to make
    # (a million grades an audit).
    ordered = sorted([r for r in reasons if r.points > 0], key=_SIGNAL_OF)
    ordered.sort(key=_POINTS_OF, reverse=True)
    score = int(round(min(100.0, max(0.0, sum([r.points for r in ordered])))))
    return Grade(score, BAND_OF_SCORE[score], tuple(ordered))


#: The band of each score 0–100, looked up a million times a run.
BAND_OF_SCORE = tuple(band_of(score) for score in range(101))
_SIGNAL_OF = attrgetter("signal")
_POINTS_OF = attrgetter("points")


@dataclass(frozen=True, slots=True)
class Signal:
    """A registered signal: its name, what it looks at, the function and its doc.

    ``prepare``, when given, is called as ``prepare(ctx)`` before grading forks its
    workers: what it loads (a model, a table) is then shared by all of them instead of
    loaded by each.
    """

    name: str
    subject: str
    fn: Callable[..., Hit | None]
    doc: str
    prepare: Callable[[Any], None] | None = None


#: Every signal, by name. Modules in :mod:`grading.signals` fill it on import.
SIGNALS: dict[str, Signal] = {}


def signal(name: str, subject: str, doc: str, prepare: Callable[[Any], None] | None = None
           ) -> Callable[[Callable[..., Hit | None]], Callable[..., Hit | None]]:
    """Register a signal function under ``name`` for a subject (``domain``, ``item``, ``link``).

    The function is called as ``fn(subject_facts, ctx)`` and returns a :class:`Hit` or
    ``None``. ``doc`` is the one-line explanation shown with the rules; ``prepare`` is
    described with :class:`Signal`.
    """
    if subject not in SUBJECTS:
        raise ValueError(f"unknown subject {subject!r}")

    def register(fn: Callable[..., Hit | None]) -> Callable[..., Hit | None]:
        if name in SIGNALS and SIGNALS[name].fn is not fn:
            raise ValueError(f"signal {name!r} registered twice")
        SIGNALS[name] = Signal(name, subject, fn, doc, prepare)
        return fn

    return register


@dataclass
class AuditStats:
    """Facts about the whole audit that behaviour signals compare an item or domain with.

    Built once per audit by :func:`grading.signals.behaviour.audit_stats`; read-only after.

    Attributes:
        site_domains: the audited site's own registrable domains.
        site_name: the blog's name (a ping whose title equals it is a spam pattern).
        site_language: the main language of the site's comments (ISO 639-1), when known.
        items_per_domain: items whose author link is on the domain.
        authors_per_domain: distinct author names per domain.
        posts_per_domain: distinct posts per domain.
        domains_per_text: for each normalised text fingerprint, the distinct domains using it.
        near_duplicates: item key → number of other items with a near-identical text.
        burst_per_domain: the most items one domain left within the burst window.
        extra: room for signals that need more.
    """

    site_domains: frozenset[str] = frozenset()
    site_name: str = ""
    site_language: str | None = None
    items_per_domain: dict[str, int] = field(default_factory=dict)
    authors_per_domain: dict[str, int] = field(default_factory=dict)
    posts_per_domain: dict[str, int] = field(default_factory=dict)
    domains_per_text: dict[str, int] = field(default_factory=dict)
    near_duplicates: dict[str, int] = field(default_factory=dict)
    burst_per_domain: dict[str, int] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Context:
    """What a signal may consult besides its subject.

    Attributes:
        rules: weights, thresholds, word lists.
        stats: facts about the whole audit (behaviour signals).
        ping_checks: item key → what verifying the ping found.
        model: the site's learned comment model, or ``None``.
        weighted: the signals in force with their weights, by subject (filled on first use).
    """

    rules: Rules
    stats: AuditStats = field(default_factory=AuditStats)
    ping_checks: dict[str, PingCheck] = field(default_factory=dict)
    model: Any = None
    weighted: dict[str, list[tuple[Any, float]]] = field(default_factory=dict, repr=False)
