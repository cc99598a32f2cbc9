"""Behaviour across the audit: the statistics :func:`audit_stats` builds and the signals
that read them (exact strengths and evidence), the guard, and properties."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import grading.signals  # noqa: F401  (registers every signal)
from backlint.urls import host_of, registrable_domain
from grading.core import Context, DomainFacts, Hit, ItemFacts, LinkFacts
from grading.rules import load_rules
from grading.signals import behaviour
from grading.signals.behaviour import audit_stats, densest_window, epoch_seconds, text_fingerprint

RULES = load_rules()
SITE = frozenset({"blog.example"})
TEXT = "Such a wonderful post, I bookmarked your site and will come back for more"


def link(url: str, author: bool = True, anchor: str = "") -> LinkFacts:
    return LinkFacts(url=url, host=host_of(url), domain=registrable_domain(url), anchor=anchor,
                     is_author_link=author, direction="outbound_ugc")


def item(n: int, domain: str | None = "spam.example", name: str = "Anna", post: int = 1,
         date: str | None = None, text: str = "", type: str = "comment",
         links: tuple[LinkFacts, ...] | None = None) -> ItemFacts:
    if links is None:
        links = (link(f"https://{domain}/"),) if domain else ()
    return ItemFacts(key=f"id:{n}", type=type, author_name=name, text=text, date=date,
                     post_url=f"https://blog.example/post-{post}/", links=links)


def ctx(stats) -> Context:
    return Context(rules=RULES, stats=stats)


# -- the statistics -----------------------------------------------------------------------------------

def test_items_names_and_posts_per_promoted_domain():
    items = [
        item(1, name="Best Loans", post=1), item(2, name="Cheap Loans", post=2), item(3, name="best  LOANS", post=3),
        item(4, name="Loans Now", post=3),
        # The site's owner answering: never counted.
        item(5, domain="blog.example", name="Admin"), item(6, domain="blog.example", name="Admin", post=2),
        # Pings are named after their source page: titles are not aliases.
        item(7, domain="other.example", name="Bread, part 1", type="pingback"),
        item(8, domain="other.example", name="Bread, part 2", type="pingback", post=2),
        # No author link: the first link in the text promotes its domain.
        item(9, domain=None, links=(link("https://blog.example/about/", author=False),
                                   link("https://promo.example/x", author=False))),
    ]
    stats = audit_stats(items, site_domains=SITE, site_name="The Bread Blog")
    assert stats.items_per_domain == {"spam.example": 4, "other.example": 2, "promo.example": 1}
    assert stats.authors_per_domain == {"spam.example": 3, "promo.example": 1}
    assert stats.posts_per_domain == {"spam.example": 3, "other.example": 2, "promo.example": 1}
    assert stats.extra["names_sample"] == {"spam.example": ("Best Loans", "Cheap Loans", "Loans Now")}
    assert (stats.site_domains, stats.site_name) == (SITE, "The Bread Blog")


def test_bursts_are_counted_within_the_window():
    moments = ["2024-05-01T10:00:00Z", "2024-05-01T10:02:00Z", "2024-05-01T12:05:00+02:00",
               "2024-05-01T10:09:59", "2024-05-01T10:10:30Z", "2024-05-02T08:00:00Z", "2024-05-01"]
    items = [item(n, date=d) for n, d in enumerate(moments)]
    stats = audit_stats(items, site_domains=SITE)
    # 10:00, 10:02, 10:05 (12:05 at +02:00), 10:09:59 (no offset: UTC); 10:10:30 starts a later window.
    assert stats.burst_per_domain == {"spam.example": 4}
    assert stats.extra["burst_start"] == {"spam.example": "2024-05-01 10:00 UTC"}
    assert audit_stats(items, SITE, burst_window_seconds=3600).burst_per_domain == {"spam.example": 5}


def test_near_identical_texts_are_grouped_and_their_domains_counted():
    items = [
        item(1, domain="a.example", text=TEXT),
        item(2, domain="b.example", text=TEXT.upper() + " http://b.example/offer"),
        item(3, domain="c.example", text=f"{TEXT}!!! 100% [url=http://c.example/]here[/url]"),
        item(4, domain="a.example", text=TEXT.replace(",", " ,")),
        item(5, domain="d.example", text="A different comment about rye flour and water"),
        item(6, domain="e.example", text="Thanks!"), item(7, domain="f.example", text="Thanks!"),
    ]
    stats = audit_stats(items, site_domains=SITE)
    assert stats.near_duplicates == {"id:1": 3, "id:2": 3, "id:3": 3, "id:4": 3}
    assert stats.domains_per_text == {text_fingerprint(TEXT): 3}
    assert stats.extra["fingerprints"]["id:2"] == text_fingerprint(TEXT)


def test_fingerprint_ignores_case_digits_links_and_punctuation_but_not_words():
    assert text_fingerprint("Great post! Visit http://a.example/1 now, 100% free") == \
        text_fingerprint("great POST visit www.b.example/2 now - 50% FREE!!")
    assert text_fingerprint(TEXT) != text_fingerprint(TEXT.replace("wonderful", "terrible"))
    assert text_fingerprint("Thanks for this!") is None  # too short to call a copy


def test_site_language_is_the_majority_of_comments_without_links():
    english = [f"I tried recipe number {n} with rye flour and it took four days before it bubbled, thanks"
               f" {'again ' * (n % 7)}for the {['tips', 'help', 'notes'][n % 3]} {'and ideas ' * (n % 5)}"
               for n in range(25)]
    items = [item(n, text=t, links=()) for n, t in enumerate(english)]
    # More German texts than English ones, but every one carries a link: spam, most likely.
    german = "Das ist ein sehr schöner Artikel, vielen Dank für die Mühe und die Erklärung Nummer"
    items += [item(100 + n, text=f"{german} {'ja ' * n}",
                   links=(link("https://x.example/", author=False),)) for n in range(40)]
    assert audit_stats(items, SITE).site_language == "en"
    assert audit_stats(items[25:], SITE).site_language == "de"
    assert audit_stats([item(1, text="Thanks!")], SITE).site_language is None


def test_epoch_seconds_and_densest_window():
    assert epoch_seconds("2024-05-01T10:00:00Z") == epoch_seconds("2024-05-01T12:00:00+02:00") == 1714557600
    assert [epoch_seconds(d) for d in (None, "", "2024-05-01", "yesterday")] == [None, None, None, None]
    assert densest_window([0, 30, 700, 710, 720, 5000], 600) == (3, 700)
    assert densest_window([], 600) == (0, 0)


# -- the signals ------------------------------------------------------------------------------------------

def spam_domain_stats():
    names = ["Best Loans", "Cheap Loans", "Loans Now", "Quick Cash", "Payday Pal", "Cash Today"]
    items = [item(n, name=names[n % 6], post=n, date=f"2024-05-01T10:{n:02d}:00Z") for n in range(30)]
    items += [item(100, domain="reader.example", name="Mark", post=p) for p in range(3)]
    return audit_stats(items, site_domains=SITE)


def test_domain_behaviour_signals_with_evidence():
    context = ctx(spam_domain_stats())
    facts = DomainFacts("spam.example")
    # Strength = 0.25 + 0.75 × ln(count / min) / ln(saturate / min).
    assert behaviour.many_items_one_domain(facts, context) == Hit(0.8336, "30 items promote spam.example")
    assert behaviour.many_names_one_domain(facts, context) == Hit(
        0.524, "6 author names link to spam.example, e.g. 'Best Loans', 'Cash Today', 'Cheap Loans'")
    assert behaviour.many_posts_targeted(facts, context) == Hit(0.6986, "items promoting spam.example are on 30 posts")
    # One item a minute: 10:00 to 10:10 inclusive is the densest ten-minute window.
    assert behaviour.burst(facts, context) == Hit(
        0.58, "11 items promoting spam.example within 10 minutes from 2024-05-01 10:00 UTC")


def test_a_reader_with_a_few_comments_sets_off_nothing():
    context = ctx(spam_domain_stats())
    facts = DomainFacts("reader.example")
    for fn in (behaviour.many_items_one_domain, behaviour.many_names_one_domain, behaviour.many_posts_targeted,
               behaviour.burst):
        assert fn(facts, context) is None


def test_counts_start_at_a_quarter_and_saturate():
    def strength(count):
        items = [item(n, name=f"Name {n}", post=n) for n in range(count)]
        hit = behaviour.many_names_one_domain(DomainFacts("spam.example"), ctx(audit_stats(items, SITE)))
        return hit.strength if hit else 0.0
    assert [strength(n) for n in (2, 3, 20, 40)] == [0.0, 0.25, 1.0, 1.0]


def test_campaign_one_text_from_several_domains():
    items = [item(n, domain=f"d{n}.example", text=f"{TEXT} {n}") for n in range(4)]
    items.append(item(9, domain="solo.example", text="Two copies of one reader's comment, posted twice"))
    items.append(item(10, domain="solo.example", text="Two copies of one reader's comment, posted twice"))
    context = ctx(audit_stats(items, SITE))
    assert behaviour.campaign(items[0], context) == Hit(0.3637, "the same text from 4 domains")
    assert behaviour.campaign(items[4], context) is None  # one domain posting twice is not a campaign


def test_item_sees_its_domains_names_and_bursts():
    context = ctx(spam_domain_stats())
    assert behaviour.author_domain_pattern(item(1), context) == Hit(
        0.58, "6 author names link to spam.example, e.g. 'Best Loans', 'Cash Today', 'Cheap Loans'; "
              "11 items promoting spam.example within 10 minutes from 2024-05-01 10:00 UTC")
    assert behaviour.author_domain_pattern(item(2, domain="reader.example"), context) is None
    assert behaviour.author_domain_pattern(item(3, domain=None), context) is None


@pytest.mark.parametrize("domain", ["blog.example", "city.gov", "www.cs.stanford.edu", "reddit.com"])
def test_guarded_domains_have_no_behaviour(domain):
    items = [item(n, domain=domain, name=f"Name {n}", post=n, date=f"2024-05-01T10:00:{n:02d}Z")
             for n in range(30)]
    context = ctx(audit_stats(items, SITE if domain != "blog.example" else frozenset({domain})))
    facts = DomainFacts(registrable_domain(domain))
    for fn in (behaviour.many_items_one_domain, behaviour.many_names_one_domain, behaviour.many_posts_targeted,
               behaviour.burst):
        assert fn(facts, context) is None
    assert behaviour.author_domain_pattern(items[0], context) is None


# -- properties --------------------------------------------------------------------------------------------

DOMAINS = st.sampled_from(["a.example", "b.example", "blog.example", "reddit.com", "x.co.uk"])
ITEMS = st.builds(
    item, n=st.integers(0, 50), domain=st.one_of(st.none(), DOMAINS), name=st.text(max_size=20),
    post=st.integers(0, 3), date=st.one_of(st.none(), st.text(max_size=25), st.sampled_from(
        ["2024-05-01T10:00:00Z", "2024-05-01T10:05:00+01:00", "2024-05-01T10:09:00"])),
    text=st.one_of(st.text(max_size=200), st.sampled_from([TEXT, TEXT.upper(), "Thanks!"])),
    type=st.sampled_from(["comment", "pingback", "trackback"]))


@settings(max_examples=200, deadline=None)
@given(st.lists(ITEMS, max_size=25), st.randoms(use_true_random=False))
def test_audit_stats_never_raises_is_consistent_and_ignores_order(items, rng: random.Random):
    stats = audit_stats(items, site_domains=SITE)
    assert sum(stats.items_per_domain.values()) <= len(items)
    assert "blog.example" not in stats.items_per_domain
    assert all(stats.authors_per_domain[d] <= stats.items_per_domain[d] for d in stats.authors_per_domain)
    assert all(1 <= stats.burst_per_domain[d] <= stats.items_per_domain[d] for d in stats.burst_per_domain)
    assert all(copies >= 1 for copies in stats.near_duplicates.values())
    shuffled = list(items)
    rng.shuffle(shuffled)
    again = audit_stats(shuffled, site_domains=SITE)
    for name in ("items_per_domain", "authors_per_domain", "posts_per_domain", "domains_per_text",
                 "burst_per_domain", "site_language"):
        assert getattr(again, name) == getattr(stats, name), name
    # Keys may repeat in generated items; copies per key are then the last group's.
    if len({i.key for i in items}) == len(items):
        assert again.near_duplicates == stats.near_duplicates
    context = ctx(stats)
    for one in items:
        for fn in (behaviour.campaign, behaviour.author_domain_pattern):
            hit = fn(one, context)
            assert hit is None or 0.0 < hit.strength <= 1.0
    for domain in stats.items_per_domain:
        for fn in (behaviour.many_items_one_domain, behaviour.many_names_one_domain,
                   behaviour.many_posts_targeted, behaviour.burst):
            hit = fn(DomainFacts(domain), context)
            assert hit is None or 0.0 < hit.strength <= 1.0
