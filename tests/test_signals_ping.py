"""Ping verification signals: each fires on what ``backlint verify`` found, with exact evidence."""

from __future__ import annotations

import pytest

from backlint.records import PingCheck
from grading.core import SIGNALS, Context, Hit, ItemFacts, LinkFacts, Reason, combine
from grading.rules import load_rules
from grading.signals import ping

SOURCE = "https://x.example/p"
POST = "https://blog.example/post/"
RULES = load_rules()
PING_SIGNALS = ("ping.no_link", "ping.source_dead", "ping.source_unreachable", "ping.title_is_blog_name",
                "ping.many_outbound_links", "ping.noindex", "ping.sitewide_placement",
                "ping.unverified_trackback")


def item(type_: str = "trackback", key: str = "tb-1") -> ItemFacts:
    return ItemFacts(key=key, type=type_, author_name="X Blog", author_url=SOURCE, post_url=POST,
                     links=(LinkFacts(url=SOURCE, host="x.example", domain="x.example", is_author_link=True,
                                      direction="inbound"),))


def check(**fields) -> PingCheck:
    base = dict(source_url=SOURCE, target_url=POST, status="alive", http_status=200,
                checked_at="2024-05-01T10:00:00+00:00")
    return PingCheck(**{**base, **fields})


def fired(subject: ItemFacts, found: PingCheck | None, rules=RULES) -> dict[str, Hit]:
    ctx = Context(rules=rules, ping_checks={} if found is None else {subject.key: found})
    hits = {name: SIGNALS[name].fn(subject, ctx) for name in PING_SIGNALS}
    return {name: hit for name, hit in hits.items() if hit is not None}


def test_signals_are_registered_as_item_signals_with_weights():
    for name in PING_SIGNALS:
        assert SIGNALS[name].subject == "item" and SIGNALS[name].doc
        assert RULES.weight(name) > 0, name
    assert RULES.weight("ping.no_link") > RULES.weight("ping.source_dead") > RULES.weight("ping.source_unreachable")
    assert RULES.weight("ping.unverified_trackback") <= 10


def test_alive_source_without_our_link_is_a_fake_claim():
    assert fired(item(), check(outbound_links=214)) == {
        "ping.no_link": Hit(1.0, "https://x.example/p fetched 200: no link to https://blog.example/post/ "
                                 "among its 214 links to other sites"),
        "ping.many_outbound_links": Hit(214 / 300, "214 links to other sites on https://x.example/p"),
    }


def test_a_fake_trackback_alone_is_high_band():
    hit = fired(item(), check(outbound_links=3))["ping.no_link"]
    grade = combine([Reason("ping.no_link", RULES.weight("ping.no_link") * hit.strength, hit.evidence)])
    assert grade.band == "high"


def test_pingback_without_link_fires_weaker():
    hits = fired(item("pingback", "pb-1"), check(outbound_links=1))
    assert hits == {"ping.no_link": Hit(0.5, "https://x.example/p fetched 200: no link to "
                                             "https://blog.example/post/ among its 1 link to other sites")}


def test_no_link_evidence_for_a_page_without_links():
    assert fired(item(), check())["ping.no_link"].evidence == (
        "https://x.example/p fetched 200: no link to https://blog.example/post/ on a page with no links to other sites")


def test_no_link_does_not_fire_when_the_page_could_not_be_read_whole():
    pdf = check(error="not an HTML page (application/pdf): its links cannot be read")
    assert fired(item(), pdf) == {}


def test_source_with_our_link_in_its_content_fires_nothing():
    assert fired(item(), check(links_to_target=True, link_url=POST, placement="content", anchor="a post",
                               outbound_links=12)) == {}


def test_dead_source():
    assert fired(item(), check(status="dead", http_status=404, error="HTTP 404")) == {"ping.source_dead": Hit(
        1.0, "https://x.example/p is gone (HTTP 404); it claimed to link to https://blog.example/post/")}
    no_host = check(status="dead", http_status=None,
                    error="the host does not exist: connection failed: [Errno -2] Name or service not known")
    assert fired(item(), no_host)["ping.source_dead"].evidence == (
        "https://x.example/p is gone (the host does not exist: connection failed: [Errno -2] Name or service "
        "not known); it claimed to link to https://blog.example/post/")


def test_unreachable_source_is_weak():
    found = check(status="unreachable", http_status=None, error="timed out (ReadTimeout) (after 4 attempts)")
    assert fired(item(), found) == {"ping.source_unreachable": Hit(
        1.0, "https://x.example/p could not be fetched: timed out (ReadTimeout) (after 4 attempts)")}
    assert RULES.weight("ping.source_unreachable") < RULES.weight("ping.source_dead")


def test_blocked_source_fires_nothing():
    # 401/403/429: the page may exist; nothing is known against the ping.
    assert fired(item(), check(status="blocked", http_status=403, error="HTTP 403: the site refuses the crawler")) == {}


def test_title_is_blog_name():
    hits = fired(item(), check(links_to_target=True, placement="content", title="Cheap SEO Links",
                               title_equals_blog_name=True))
    assert hits == {"ping.title_is_blog_name": Hit(
        1.0, "the title of https://x.example/p is only the blog name 'Cheap SEO Links'")}


@pytest.mark.parametrize(("count", "strength"), [(99, None), (100, 1 / 3), (150, 0.5), (300, 1.0), (5000, 1.0)])
def test_many_outbound_links_graded_by_count(count, strength):
    hit = fired(item(), check(links_to_target=True, placement="content", outbound_links=count)).get(
        "ping.many_outbound_links")
    if strength is None:
        assert hit is None
    else:
        assert hit == Hit(pytest.approx(strength), f"{count} links to other sites on https://x.example/p")


def test_many_outbound_links_thresholds_come_from_the_rules():
    rules = load_rules()
    rules.params["ping.many_outbound_links.start"] = 10
    rules.params["ping.many_outbound_links.full"] = 20
    hit = fired(item(), check(links_to_target=True, placement="content", outbound_links=15), rules)
    assert hit["ping.many_outbound_links"].strength == 0.75


def test_noindex_source():
    assert fired(item(), check(links_to_target=True, placement="content", noindex=True)) == {
        "ping.noindex": Hit(1.0, "https://x.example/p asks search engines not to index it (noindex)")}


@pytest.mark.parametrize(("placement", "where"), [("footer", "footer"), ("sidebar", "sidebar"),
                                                  ("nav", "navigation menu"), ("header", "header")])
def test_sitewide_placement(placement, where):
    found = check(links_to_target=True, link_url=POST, placement=placement, anchor="best seo", outbound_links=20)
    assert fired(item(), found) == {"ping.sitewide_placement": Hit(
        1.0, f"the link to https://blog.example/post/ on https://x.example/p sits in the page's {where} "
             f"(anchor 'best seo')")}


def test_link_farm_page_fires_together():
    found = check(links_to_target=True, link_url=POST, placement="footer", anchor="blog", outbound_links=301,
                  title="Web Directory", title_equals_blog_name=True, noindex=True)
    assert sorted(fired(item(), found)) == ["ping.many_outbound_links", "ping.noindex", "ping.sitewide_placement",
                                            "ping.title_is_blog_name"]


def test_unverified_trackback_only_when_no_check_exists():
    assert fired(item(), None) == {"ping.unverified_trackback": Hit(
        1.0, "trackback from https://x.example/p never checked: WordPress does not verify trackbacks; "
             "run `backlint verify` to fetch its source")}
    assert fired(item("pingback", "pb-1"), None) == {}     # WordPress verified it on arrival
    assert "ping.unverified_trackback" not in fired(item(), check(outbound_links=0))
    assert fired(ItemFacts(key="tb-2", type="trackback"), None)["ping.unverified_trackback"].evidence.startswith(
        "trackback from an unknown page never checked")


def test_comments_never_fire_even_with_a_check_under_their_key():
    assert fired(item("comment", "c-1"), check(outbound_links=500, noindex=True)) == {}


def test_weight_zero_turns_a_signal_off_in_points_only():
    # The registry still fires; the engine multiplies by the weight, and 0 means no points.
    rules = load_rules()
    rules.weights["ping.no_link"] = 0.0
    hit = fired(item(), check(), rules)["ping.no_link"]
    assert rules.weight("ping.no_link") * hit.strength == 0.0


def test_module_lists_only_ping_signals():
    names = {name for name, s in SIGNALS.items() if s.fn.__module__ == ping.__name__}
    assert names == set(PING_SIGNALS)
