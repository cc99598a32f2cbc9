"""Ping verification signals: what fetching a trackback's or pingback's source page found.

WordPress stores any trackback it is sent and checks a pingback only once, on arrival
(DOMAIN.md §2), so the claim "this page links to you" is worth only what fetching the
page again shows. ``backlint verify`` (:mod:`crawler.verify`) records a
:class:`~grading.core.PingCheck` per ping; these signals read it from
``ctx.ping_checks`` by item key and fire on trackbacks and pingbacks only.

A source that is alive but holds no link is a fake claim: a cleanup item (delete or
mark the ping spam), never a disavow item — there is no link to disavow.

Example:
    >>> from backlint.records import PingCheck
    >>> from grading.core import ItemFacts
    >>> from grading.core import Context
    >>> from grading.rules import load_rules
    >>> item = ItemFacts(key="tb-1", type="trackback", author_url="https://x.example/p")
    >>> ctx = Context(rules=load_rules(), ping_checks={"tb-1": PingCheck(
    ...     "https://x.example/p", "https://blog.example/post/", "alive", http_status=200,
    ...     outbound_links=214)})
    >>> no_link(item, ctx).evidence
    'https://x.example/p fetched 200: no link to https://blog.example/post/ among its 214 links to other sites'
"""

from __future__ import annotations

from backlint.records import PingCheck
from grading.core import Context, Hit, ItemFacts, signal

#: Item types that claim a link to us and can be verified.
PING_TYPES = frozenset({"trackback", "pingback"})
#: Placements where a link is repeated on every page of a site, not chosen for one post.
SITEWIDE_PLACEMENTS = {"footer": "footer", "sidebar": "sidebar", "nav": "navigation menu",
                       "header": "header"}


def _check_of(item: ItemFacts, ctx: Context) -> PingCheck | None:
    """The verification of a ping, or ``None`` for a comment or a ping not checked."""
    if item.type not in PING_TYPES:
        return None
    return ctx.ping_checks.get(item.key)


def _links_phrase(count: int) -> str:
    if count == 0:
        return "on a page with no links to other sites"
    return f"among its {count} link{'s' if count != 1 else ''} to other sites"


@signal("ping.no_link", "item",
        "The source page is up but holds no link to our post: a fake claim (delete the ping, "
        "nothing to disavow).")
def no_link(item: ItemFacts, ctx: Context) -> Hit | None:
    """Fire when the source answered 2xx as HTML and no link on it reaches our post.

    A trackback fires at full strength: WordPress never checked it. A pingback fires
    at ``ping.no_link.pingback_strength``: WordPress saw the link when the ping arrived,
    so it may since have been edited away rather than never have existed.
    """
    check = _check_of(item, ctx)
    # An error on an alive page means it could not be read whole (not HTML, cut short):
    # the absence of a link is then not proven.
    if check is None or check.status != "alive" or check.links_to_target or check.error:
        return None
    strength = 1.0 if item.type == "trackback" else float(
        ctx.rules.param("ping.no_link.pingback_strength", 0.5))
    return Hit(strength, f"{check.source_url} fetched {check.http_status}: no link to "
                         f"{check.target_url} {_links_phrase(check.outbound_links)}")


@signal("ping.source_dead", "item",
        "The source page is gone (404, 410, other 4xx, or its host does not exist).")
def source_dead(item: ItemFacts, ctx: Context) -> Hit | None:
    """Fire when the page that claims to link to us does not exist."""
    check = _check_of(item, ctx)
    if check is None or check.status != "dead":
        return None
    why = check.error or f"HTTP {check.http_status}"
    return Hit(1.0, f"{check.source_url} is gone ({why}); it claimed to link to {check.target_url}")


@signal("ping.source_unreachable", "item",
        "The source page could not be fetched (timeout, refused connection, 5xx): weak, it may "
        "come back.")
def source_unreachable(item: ItemFacts, ctx: Context) -> Hit | None:
    """Fire when no answer, or only server errors, came back from the source."""
    check = _check_of(item, ctx)
    if check is None or check.status != "unreachable":
        return None
    return Hit(1.0, f"{check.source_url} could not be fetched: {check.error or 'no answer'}")


@signal("ping.title_is_blog_name", "item",
        "The source page's title is nothing but the sending blog's name (a trackback-spam "
        "pattern).")
def title_is_blog_name(item: ItemFacts, ctx: Context) -> Hit | None:
    """Fire when an alive source's ``<title>`` equals the ping's blog name."""
    check = _check_of(item, ctx)
    if check is None or check.status != "alive" or not check.title_equals_blog_name:
        return None
    return Hit(1.0, f"the title of {check.source_url} is only the blog name {check.title!r}")


@signal("ping.many_outbound_links", "item",
        "The source page links to very many other sites (a link-farm page); graded by count.")
def many_outbound_links(item: ItemFacts, ctx: Context) -> Hit | None:
    """Fire from ``ping.many_outbound_links.start`` links to other sites; full at ``.full``.

    Strength is ``count / full``, capped at 1: 150 links with the defaults (100, 300)
    give half the weight, 300 and more all of it.
    """
    check = _check_of(item, ctx)
    if check is None or check.status != "alive":
        return None
    count = check.outbound_links
    start = ctx.rules.param("ping.many_outbound_links.start", 100)
    if count < start:
        return None
    full = max(float(ctx.rules.param("ping.many_outbound_links.full", 300)), 1.0)
    return Hit(min(1.0, count / full), f"{count} links to other sites on {check.source_url}")


@signal("ping.noindex", "item",
        "The source page asks search engines not to index it: a link there passes nothing.")
def noindex(item: ItemFacts, ctx: Context) -> Hit | None:
    """Fire when an alive source carries ``noindex`` (meta robots/googlebot or X-Robots-Tag)."""
    check = _check_of(item, ctx)
    if check is None or check.status != "alive" or not check.noindex:
        return None
    return Hit(1.0, f"{check.source_url} asks search engines not to index it (noindex)")


@signal("ping.sitewide_placement", "item",
        "The link to our post sits in the source's footer, sidebar, header or navigation: a "
        "sitewide link, not an editorial one.")
def sitewide_placement(item: ItemFacts, ctx: Context) -> Hit | None:
    """Fire when the source's link to us is in a region repeated on every page."""
    check = _check_of(item, ctx)
    if check is None or check.status != "alive" or not check.links_to_target:
        return None
    where = SITEWIDE_PLACEMENTS.get(check.placement)
    if where is None:
        return None
    return Hit(1.0, f"the link to {check.target_url} on {check.source_url} sits in the page's "
                    f"{where} (anchor {check.anchor!r})")


@signal("ping.unverified_trackback", "item",
        "A trackback whose source was never fetched: WordPress does not verify trackbacks.")
def unverified_trackback(item: ItemFacts, ctx: Context) -> Hit | None:
    """Fire on a trackback with no check at all (weak: a prompt to run ``backlint verify``)."""
    if item.type != "trackback" or item.key in ctx.ping_checks:
        return None
    source = item.author_url or "an unknown page"
    return Hit(1.0, f"trackback from {source} never checked: WordPress does not verify "
                    f"trackbacks; run `backlint verify` to fetch its source")
