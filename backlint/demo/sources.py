"""The other sites: the pages the demo blog's trackbacks and pingbacks came from.

Every ping names a source page on another site. The demo server plays those sites
too: a request whose ``Host`` is one of :func:`source_hosts` gets that site's page
(:func:`render_source`), and a crawler reaches them through the ``resolve`` entries of
:func:`resolve_entries`, so no request ever leaves 127.0.0.1. Which site does what is
listed in :mod:`backlint.demo.site`'s docstring; in short: genuine blogs whose article
links to our post, a scraper that copies our posts with a credit link, trackback spam
whose page never links to us, a link farm with our link in its footer, one page that
is gone (404), one host that refuses crawlers (403) and one that disallows everything
in its ``robots.txt``.

Everything is deterministic, and :func:`expected_ping_checks` says what verifying each
ping must find.

Example:
    >>> "hopnotes.net" in source_hosts()
    True
    >>> resolve_entries("http://127.0.0.1:8000/")[0]
    '203.0.113.88=127.0.0.1:8000'
    >>> status, headers, body = render_source("hopnotes.net", "/robots.txt", "http://127.0.0.1:8000/")
    >>> status, body.splitlines()[0]
    (200, b'User-agent: *')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from backlint.demo import data, markup
from backlint.demo.data import DemoItem, Post

#: What a source site does, and so what verifying its pings finds.
ROLES = ("blog", "scraper", "spam", "link-farm", "dead", "blocked")
#: The roles whose pages link to the post they pinged.
LINKING_ROLES = frozenset({"blog", "scraper", "link-farm"})

Headers = tuple[tuple[str, str], ...]
#: ``(status, headers, body)``: what :func:`render_source` answers.
Answer = tuple[int, Headers, bytes]

HTML_TYPE = "text/html; charset=UTF-8"
TEXT_TYPE = "text/plain; charset=utf-8"

# robots.txt bodies, by the kind of site that serves them; "{home}" is the site's root.
_ROBOTS = {
    # do_robots() of a public WordPress site, with the core sitemap line.
    "wordpress": "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\n"
                 "Sitemap: {home}/wp-sitemap.xml\n",
    # What every *.blogspot.com blog serves.
    "blogger": "User-agent: Mediapartners-Google\nDisallow: \n\nUser-agent: *\nDisallow: /search\n"
               "Allow: /\n\nSitemap: {home}/sitemap.xml\n",
    "open": "User-agent: *\nAllow: /\n",
    # A spam site hiding from every crawler but the one it wants.
    "disallow-all": "User-agent: *\nDisallow: /\n",
}


@dataclass(frozen=True)
class SourceSite:
    """One of the other sites, as the demo plays it.

    Example:
        >>> site = site_for_host("www.thecidershed.co.uk")
        >>> site.role, site.home
        ('blog', 'http://www.thecidershed.co.uk')

    Attributes:
        host: the host name the pings use.
        name: the site's name as HTML (entities allowed).
        role: one of :data:`ROLES`.
        theme: the markup its pages use: ``wordpress``, ``blogger``, ``scraper``,
            ``spam``, ``farm`` or ``plain`` (bare server error pages only).
        robots: a key of the robots.txt bodies (``wordpress``, ``blogger``, ``open``,
            ``disallow-all``), or ``missing`` for a 404.
        tagline: the site's description line.
        blogroll: ``(text, url)`` links in the sidebar; ``{demo}`` is the demo's home.
        home_note: an HTML paragraph shown on the home page.
    """

    host: str
    name: str
    role: str
    theme: str
    robots: str
    tagline: str = ""
    blogroll: tuple[tuple[str, str], ...] = ()
    home_note: str = ""

    @property
    def home(self) -> str:
        """The site's root URL, without the trailing slash."""
        return f"http://{self.host}"


@dataclass(frozen=True)
class SourcePage:
    """A written article or spam page at one ping's source URL.

    Example:
        >>> page = PAGES["http://gwenscellar.cymru/2024/05/bottles-or-kegs/"]
        >>> page.anchor, page.rel
        ('Martin at The Brew Shed', '')

    Attributes:
        url: the source URL, exactly as the ping stores it.
        title: the article's title (HTML).
        paragraphs: the body as HTML paragraphs; ``{link}`` marks where the link to
            our post sits (only on sites whose role links).
        anchor: that link's anchor text.
        rel: that link's ``rel`` attribute, or ``""``.
    """

    url: str
    title: str
    paragraphs: tuple[str, ...]
    anchor: str = ""
    rel: str = ""


SITES: tuple[SourceSite, ...] = (
    SourceSite("hopnotes.net", "Hop Notes", "blog", "wordpress", "wordpress",
               "The best homebrewing writing of the week, rounded up every Friday",
               (("The Brew Shed", "{demo}"), ("Gwen&#8217;s Cellar", "http://gwenscellar.cymru/"),
                ("Okafor Brews", "http://www.okaforbrews.co.uk/"))),
    SourceSite("barleyandbrine.blogspot.com", "Barley &amp; Brine", "blog", "blogger", "blogger",
               "Brewing with hard Lincolnshire water"),
    SourceSite("www.okaforbrews.co.uk", "Okafor Brews", "blog", "wordpress", "wordpress",
               "Kegs, keezers and a lot of pale ale",
               (("Yorkshire Homebrew Club", "http://yorkshirehomebrew.org.uk/"), ("The Brew Shed", "{demo}"))),
    SourceSite("yorkshirehomebrew.org.uk", "Yorkshire Homebrew Club", "blog", "wordpress", "wordpress",
               "Meeting on the third Thursday of the month since 2009",
               (("The Brew Shed", "{demo}"), ("Okafor Brews", "http://www.okaforbrews.co.uk/"),
                ("Hop Notes", "http://hopnotes.net/"))),
    SourceSite("fermentingwithpriya.wordpress.com", "Fermenting with Priya", "blog", "wordpress", "wordpress",
               "Small batches from a small kitchen"),
    SourceSite("gwenscellar.cymru", "Gwen&#8217;s Cellar", "blog", "wordpress", "wordpress",
               "Bottles, kegs and the occasional cider, from Cardiff"),
    SourceSite("www.thecidershed.co.uk", "The Cider Shed", "blog", "wordpress", "wordpress",
               "Cider from whatever apples we can find"),
    SourceSite("brewing-news-today.xyz", "Brewing News Today", "scraper", "scraper", "open",
               "Latest brewing news and guides"),
    SourceSite("203.0.113.88", "Fast Loans Online", "link-farm", "farm", "missing"),
    SourceSite("aoifebrews.ie", "Aoife Brews", "dead", "wordpress", "wordpress",
               "Wild yeast, sours and foraged fruit",
               home_note="<p>New host, new theme! Some older posts did not survive the move; "
                         "I am putting the best of them back up slowly.</p>"),
    SourceSite("www.hausbrauer-juergen.de", "Hausbrauer J&uuml;rgen", "blocked", "plain", "missing"),
    SourceSite("casino-review-hub.xyz", "Online Casino Guide 2024", "spam", "spam", "open"),
    SourceSite("xn--sino-bonus-yqi7r.xyz", "Free Spins No Deposit", "spam", "spam", "disallow-all"),
    SourceSite("best-pharmacy-rx.top", "Pharmacy Without Prescription", "spam", "spam", "open"),
    SourceSite("essay-writing-help.online", "Essay Writing Help", "spam", "spam", "open"),
    SourceSite("best-payday-loans-now.xyz", "Best Payday Loans", "spam", "spam", "open"),
)

_PAGE_LIST: tuple[SourcePage, ...] = (
    # --- genuine blogs: the article links to the post it pinged -------------------------
    SourcePage(
        "http://hopnotes.net/2024/01/five-first-brew-days/", "Five first brew days worth reading", (
            "<p>Everyone remembers their first brew day, usually because something boiled over. These write-ups "
            "from the past year are honest about what went wrong, which is what makes them useful.</p>",
            "<p><strong>1. The extract kit that was not.</strong> Sophie at <a href=\"http://kettleandcrown.co.uk/"
            "first-brew/\">Kettle &amp; Crown</a> followed the tin to the letter and still made something closer "
            "to cider. Her notes on fermentation temperature are the best short explanation I know.</p>",
            "<p><strong>2. Brew in a bag.</strong> Martin at The Brew Shed {link}: the cheapest upgrade in "
            "homebrewing, and the post that finally pushed me to try all-grain.</p>",
            "<p><strong>3. A stovetop stout.</strong> <a href=\"http://northernmashtun.uk/stovetop-stout/\">Northern "
            "Mash Tun</a> brews five litres on a gas hob in a flat with no garden.</p>",
            "<p>Numbers four and five are in the <a href=\"http://hopnotes.net/newsletter/\">newsletter</a>.</p>",
        ), anchor="goes all-grain with a stockpot and a curtain"),
    SourcePage(
        "http://hopnotes.net/2024/08/links-of-the-week/", "Links of the week: cleaning, kegs and a very big hop stand", (
            "<p>Three things I read this week and one I cannot stop thinking about.</p>",
            "<p>The Brew Shed on {link}. Clean first, sanitise second, and stop buying the expensive stuff.</p>",
            "<p>Gwen at <a href=\"http://gwenscellar.cymru/\" rel=\"nofollow noopener\">Gwen&#8217;s Cellar</a> "
            "has been kegging for a year and has opinions about ball-lock posts.</p>",
            "<p>And the big one: a 90-minute hop stand at 70&nbsp;&deg;C, measured by a lab. The numbers are in "
            "<a href=\"http://hopchemistry-lab.org/hop-stand-90/\" rel=\"nofollow noopener\">this write-up</a>; "
            "the short version is that nobody needs 90 minutes.</p>",
        ), anchor="why you cannot sanitise dirt", rel="nofollow noopener"),
    SourcePage(
        "http://hopnotes.net/2024/10/bonfire-night-beers/", "Bonfire Night beer ideas", (
            "<p>Fireworks, a fire pit and something dark in the glass: here is what the blogs we follow are "
            "brewing for the fifth of November.</p>",
            "<p>The Brew Shed&#8217;s {link} tops our list this year: nutty, low in alcohol and ready in four "
            "weeks if you start now.</p>",
            "<p>For something stronger, <a href=\"http://www.okaforbrews.co.uk/\">Okafor Brews</a> is ageing a "
            "smoked porter, and the club&#8217;s winter warmer is on the <a href=\"http://yorkshirehomebrew.org.uk/"
            "recipes/\">Yorkshire Homebrew Club</a> site.</p>",
        ), anchor="autumn brown ale"),
    SourcePage(
        "http://barleyandbrine.blogspot.com/2024/02/reading-water-reports.html", "Reading a water report without crying", (
            "<p>{link} is the clearest introduction I have found, so I will not repeat it; here is how to read "
            "the report itself.</p>",
            "<p>Your water company publishes one for every postcode. Ignore most of it. You want calcium, "
            "magnesium, sodium, chloride, sulphate and total alkalinity, usually in mg/l.</p>",
            "<p>Ours reads 115&nbsp;mg/l calcium and 240&nbsp;mg/l alkalinity as CaCO<sub>3</sub>. That "
            "alkalinity is why my pale ales tasted dull for a year: the mash pH sat far too high.</p>",
            "<p>Next time: what I add for a stout, and why campden tablets are only for chlorine.</p>",
        ), anchor="Martin's post on water chemistry"),
    SourcePage(
        "http://www.okaforbrews.co.uk/2024/03/keezer-on-a-budget/", "Building a keezer on a budget", (
            "<p>A chest freezer, a wooden collar and three taps: my keezer cost less than &pound;150, most of it "
            "the freezer from a house clearance.</p>",
            "<p>The freezer runs far too cold on its own, so it is wired through an Inkbird, the same controller "
            "Martin uses in his {link}. Set to 4&nbsp;&deg;C with a one-degree differential, it cycles about "
            "twice an hour.</p>",
            "<p>The collar is 2x6 timber glued to the lid with silicone. Drill the tap holes before you fit it; "
            "I learned that one the hard way.</p>",
        ), anchor="dead-fridge fermentation chamber"),
    SourcePage(
        "http://yorkshirehomebrew.org.uk/2024/04/april-club-night/", "April club night round-up", (
            "<p>Twenty-two members and four guests at the Fleece on Thursday, and a table groaning with "
            "bottles.</p>",
            "<p>Martin brought his house pale ale again and this time he has {link}. It scored highest of the "
            "evening on the tasting sheets, which will surprise nobody.</p>",
            "<p>Other highlights: a gooseberry saison from Janet, and a brave Baltic porter that needs another "
            "six months. Next meeting is on the 16th of May; the theme is lager.</p>",
        ), anchor="finally published the recipe"),
    SourcePage(
        "http://yorkshirehomebrew.org.uk/2024/06/summer-competition-results/", "Summer competition results", (
            "<p>Forty-one entries across six categories, judged by three BJCP judges from the Leeds and "
            "Sheffield clubs. Thank you to everyone who entered and stewarded.</p>",
            "<p>Best in show went to Rob Hartley&#8217;s Czech pale lager. Second place in the pale ale "
            "category went to a version of {link}, brewed by Dave Okafor with a different dry hop.</p>",
            "<p>Score sheets will be handed out at the July meeting; photographs are in the "
            "<a href=\"http://yorkshirehomebrew.org.uk/gallery/\">gallery</a>.</p>",
        ), anchor="Martin's house pale"),
    SourcePage(
        "http://fermentingwithpriya.wordpress.com/2024/05/05/pale-ales-this-spring/",
        "Pale ale recipes we brewed this spring", (
            "<p>Three pale ales in eight weeks, one fermenter, and a flatmate who is now a Citra convert.</p>",
            "<p>The first was a straight SMaSH of Maris Otter and Amarillo: pleasant, a little thin. For the "
            "second I borrowed the wheat-for-head-retention trick from {link}, and the difference was obvious "
            "from the first pour.</p>",
            "<p>The third is still conditioning. All three recipes are below, scaled to ten litres.</p>",
            "<ul><li>SMaSH: 2&nbsp;kg Maris Otter, 60&nbsp;g Amarillo</li><li>Wheat pale: 1.8&nbsp;kg Maris "
            "Otter, 180&nbsp;g wheat, 70&nbsp;g Citra</li><li>Rye pale: 1.6&nbsp;kg Maris Otter, 300&nbsp;g rye, "
            "60&nbsp;g Mosaic</li></ul>",
        ), anchor="The Brew Shed's house pale"),
    SourcePage(
        "http://gwenscellar.cymru/2024/05/bottles-or-kegs/", "Bottles or kegs? The fridge question", (
            "<p>I have bottled for six years. This spring I finally bought two corny kegs, and the first thing I "
            "learned was about space, not beer.</p>",
            "<p>Because, as {link} says, a keg needs a fridge. Bottles can sit in a cupboard under the stairs; "
            "a keg wants to be cold all the time.</p>",
            "<p>So this post is mostly about fridges: what fits a corny, what a second-hand one costs in "
            "Cardiff, and why I ended up with a wine cooler.</p>",
        ), anchor="Martin at The Brew Shed"),
    SourcePage(
        # This site's theme marks every outbound link nofollow.
        "http://www.thecidershed.co.uk/2024/06/cheap-cider-experiments/", "Cheap cider experiments, round two", (
            "<p>Round one was a disaster involving a pressure cooker. Round two was much simpler.</p>",
            "<p>The Brew Shed&#8217;s {link}: we tried it with four different juices, all from the same "
            "supermarket, all under &pound;1.50 a litre.</p>",
            "<p>Cloudy apple won, clear apple was thin, apple and pear was lovely, and the apple and mango never "
            "fermented out. More in <a href=\"http://ciderforum.example/t/4411\" rel=\"nofollow\">this thread"
            "</a>.</p>",
        ), anchor="ten-minute supermarket cider", rel="nofollow"),
    # --- trackback spam: the page never links to the post it claims to cite --------------
    SourcePage(
        "http://casino-review-hub.xyz/2024/04/online-casino-guide/", "Online Casino Guide 2024", (
            "<p>Looking for the best online casino in 2024? Our online casino guide 2024 ranks the top online "
            "casinos, casino bonuses and free spins so you can play online casino games for real money today.</p>",
            "<p>Top picks: <a href=\"http://casino-review-hub.xyz/go/royal-spin/\">Royal Spin casino bonus</a>, "
            "<a href=\"http://casino-review-hub.xyz/go/lucky-ace/\">Lucky Ace free spins</a> and "
            "<a href=\"http://lucky-spin-casino-bonus.club/\">best casino bonus UK</a>.</p>",
            "<p>More: <a href=\"http://casino-review-hub.xyz/slots/\">online slots</a> &middot; "
            "<a href=\"http://casino-review-hub.xyz/roulette/\">live roulette</a> &middot; "
            "<a href=\"http://casino-review-hub.xyz/no-deposit/\">no deposit bonus codes</a></p>",
        )),
    SourcePage(
        "http://xn--sino-bonus-yqi7r.xyz/free-spins/", "Free Spins No Deposit", (
            "<p>Claim free spins no deposit today! 100 free spins no deposit required, keep what you win. "
            "Free spins no deposit UK 2024, updated daily.</p>",
            "<p><a href=\"http://xn--sino-bonus-yqi7r.xyz/claim/\">Claim 100 free spins</a> &middot; "
            "<a href=\"http://casino-review-hub.xyz/\">online casino guide</a></p>",
        )),
    SourcePage(
        "http://best-pharmacy-rx.top/2024/02/water/", "Pharmacy Without Prescription", (
            "<p>Buy medicines online without prescription. Cheap generic pills, discreet packaging, worldwide "
            "shipping in 5-7 days.</p>",
            "<p><a href=\"http://best-pharmacy-rx.top/viagra/\">buy viagra without prescription</a> &middot; "
            "<a href=\"http://best-pharmacy-rx.top/cialis/\">cheap cialis online</a> &middot; "
            "<a href=\"http://cheap-generic-rx.xyz/viagra/\">generic viagra</a></p>",
        )),
    SourcePage(
        "http://essay-writing-help.online/blog/cider/", "Essay Writing Help", (
            "<p>Need essay writing help? Our professional essay writers deliver plagiarism-free essays in three "
            "hours. Cheap essay writing service for students in the UK, USA and Australia.</p>",
            "<p><a href=\"http://essay-writing-help.online/order/\">order an essay</a> &middot; "
            "<a href=\"http://essay-writing-help.online/prices/\">cheap essay prices</a></p>",
        )),
    SourcePage(
        "http://best-payday-loans-now.xyz/blog/autumn/", "Best Payday Loans", (
            "<p>Best payday loans online with instant approval. No credit check payday loans up to &pound;1000, "
            "paid the same day.</p>",
            "<p><a href=\"http://best-payday-loans-now.xyz/apply\">apply for payday loans</a> &middot; "
            "<a href=\"http://best-payday-loans-now.xyz/cheap\">cheap loans online</a></p>",
        )),
)

#: Written pages by source URL (the scraper's, the link farm's and the gone or refused
#: pages are generated: see :func:`render_source`).
PAGES: dict[str, SourcePage] = {page.url: page for page in _PAGE_LIST}
_BY_HOST: dict[str, SourceSite] = {site.host: site for site in SITES}

# The link farm's filler: enough words for a few hundred distinct keyword domains.
_FARM_LINKS = 320
_FARM_WORDS = ("payday", "cash", "loan", "credit", "fast", "instant", "quick", "money", "easy", "same-day",
               "bad-credit", "online")
_FARM_TLDS = ("xyz", "top", "online", "site", "club", "info", "biz")
_FARM_ANCHOR = "homebrew kegging guide"


# --- Which pings, which hosts ----------------------------------------------------------------


def _is_external(item: DemoItem) -> bool:
    return item.type != "comment" and not item.author_url.startswith("/")


def external_pings() -> list[DemoItem]:
    """Return every trackback and pingback whose source is another site, in ID order."""
    return [item for item in data.ITEMS if _is_external(item)]


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def source_hosts() -> list[str]:
    """Return every host the demo's pings name, sorted (whatever the ping's status).

    The blog's own pingbacks name the blog itself, which needs no entry.

    Example:
        >>> len(source_hosts()), "203.0.113.88" in source_hosts()
        (16, True)
    """
    return sorted({_host(item.author_url) for item in external_pings()})


def resolve_entries(server_url: str) -> tuple[str, ...]:
    """Return the ``resolve`` setting that routes every source host to the demo server.

    Example:
        >>> resolve_entries("http://127.0.0.1:8765/")[-1]
        'yorkshirehomebrew.org.uk=127.0.0.1:8765'

    Args:
        server_url: the demo server's URL (``DemoServer.url``).

    Returns:
        ``HOST=ADDR:PORT`` entries, one per host of :func:`source_hosts`.
    """
    parts = urlsplit(server_url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return tuple(f"{host}={parts.hostname}:{port}" for host in source_hosts())


def site_for_host(host: str | None) -> SourceSite | None:
    """Return the source site a ``Host`` header names (port and case ignored), or ``None``.

    Example:
        >>> site_for_host("HOPNOTES.net:80").name, site_for_host("127.0.0.1:8000")
        ('Hop Notes', None)
    """
    if not host:
        return None
    name = host.strip().lower()
    if not name.startswith("[") and name.count(":") == 1:
        name = name.partition(":")[0]
    return _BY_HOST.get(name.rstrip("."))


def _pings_by_source() -> dict[str, DemoItem]:
    # Each source URL is named by one ping in the data (checked below).
    return {item.author_url: item for item in external_pings()}


def _robots_blocks(site: SourceSite) -> bool:
    return site.robots == "disallow-all"


def expected_check(item: DemoItem) -> tuple[str, bool]:
    """Return ``(status, links_to_target)`` that verifying one ping must store.

    Example:
        >>> expected_check(next(i for i in data.ITEMS if i.author_url.startswith("http://aoifebrews.ie/")))
        ('dead', False)
    """
    if item.author_url.startswith("/"):
        return "alive", True  # the blog's own post: WordPress verified it links
    site = _BY_HOST[_host(item.author_url)]
    if site.role == "dead":
        return "dead", False
    if site.role == "blocked" or _robots_blocks(site):
        return "blocked", False
    return "alive", site.role in LINKING_ROLES


def expected_ping_checks(*, include_hidden: bool = False) -> dict[str, tuple[str, bool]]:
    """Return what ``backlint verify`` must store for each of the demo's pings.

    Example:
        >>> checks = expected_ping_checks()
        >>> sorted(set(checks.values()))  # doctest: +NORMALIZE_WHITESPACE
        [('alive', False), ('alive', True), ('blocked', False), ('dead', False)]

    Args:
        include_hidden: also the pending and spam pings, which a crawl never sees
            (a WordPress export holds them).

    Returns:
        ``{site_item_id: (status, links_to_target)}``; by default the approved pings
        only, which is what a crawl followed by a verify stores.
    """
    return {str(item.id): expected_check(item) for item in data.ITEMS
            if item.type != "comment" and (include_hidden or item.is_public)}


def expected_link(item: DemoItem, base_url: str) -> tuple[str, tuple[str, ...], str] | None:
    """Return ``(anchor, rel, placement)`` of the link to our post on a ping's source page.

    ``None`` when the page does not link (spam, gone, refused). For the blog's own
    pingbacks, the link in the source post's content.

    Example:
        >>> item = next(i for i in data.ITEMS if "thecidershed" in i.author_url)
        >>> expected_link(item, "http://127.0.0.1:8000/")
        ('ten-minute supermarket cider', ('nofollow',), 'content')
    """
    if expected_check(item) != ("alive", True):
        return None
    target = _target_url(item, base_url)
    if item.author_url.startswith("/"):
        source = data.post_by_slug(item.author_url.strip("/"))
        # A pingback from the blog itself has a bundled post's path as its author URL.
        assert source is not None
        fragment = source.content.replace("{site}", base_url.rstrip("/"))
        found = re.search(rf'<a href="{re.escape(target)}">(.*?)</a>', fragment)
        return (markup.plain_text(found.group(1)), (), "content") if found else None
    site = _BY_HOST[_host(item.author_url)]
    if site.role == "scraper":
        return data.SITE_TITLE, (), "content"
    if site.role == "link-farm":
        return _FARM_ANCHOR, (), "footer"
    page = PAGES[item.author_url]
    return markup.plain_text(page.anchor), tuple(page.rel.split()), "content"


def _target_post(item: DemoItem) -> Post:
    return data.post_of(item)


def _target_url(item: DemoItem, base_url: str) -> str:
    return f"{base_url.rstrip('/')}{_target_post(item).path}"


def _check() -> None:
    """Refuse source data that does not cover the pings one to one."""
    pings = external_pings()
    urls = [item.author_url for item in pings]
    if len(urls) != len(set(urls)):
        raise ValueError("two pings name the same source URL")
    for item in pings:
        site = _BY_HOST.get(_host(item.author_url))
        if site is None or site.role not in ROLES:
            raise ValueError(f"ping {item.id}: no source site for {item.author_url}")
        if site.role in ("blog", "spam") and item.author_url not in PAGES:
            raise ValueError(f"ping {item.id}: no page written for {item.author_url}")
    for page in PAGES.values():
        links = sum(paragraph.count("{link}") for paragraph in page.paragraphs)
        if links != (1 if _BY_HOST[_host(page.url)].role == "blog" else 0):
            raise ValueError(f"{page.url}: a blog page links once to its post, a spam page never")
        if page.url not in urls:
            raise ValueError(f"{page.url}: no ping names this page")


_check()


# --- Rendering -------------------------------------------------------------------------------


def _html(status: int, body: str, extra: Headers = ()) -> Answer:
    return status, (("Content-Type", HTML_TYPE),) + extra, body.encode("utf-8")


def _anchor(href: str, text: str, rel: str = "") -> str:
    rel_attr = f' rel="{rel}"' if rel else ""
    return f'<a href="{href}"{rel_attr}>{text}</a>'


def _document(title: str, body_class: str, body: str, *, lang: str = "en-GB", head: str = "") -> str:
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="UTF-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{title}</title>\n'
            f"{head}</head>\n<body class=\"{body_class}\">\n{body}\n</body>\n</html>\n")


def _wp_frame(site: SourceSite, title: str, main: str, body_class: str, base_url: str, head: str = "") -> str:
    """A classic WordPress theme: masthead, main column, blogroll sidebar, colophon."""
    blogroll = "".join(f"<li>{_anchor(url.replace('{demo}', base_url), text)}</li>" for text, url in site.blogroll)
    sidebar = (f'<aside id="secondary" class="widget-area"><section id="linkcat-2" class="widget widget_links">'
               f'<h2 class="widget-title">Blogroll</h2><ul class="xoxo blogroll">{blogroll}</ul></section></aside>'
               if blogroll else "")
    body = (
        f'<div id="page" class="site">\n<header id="masthead" class="site-header"><p class="site-title">'
        f'<a href="{site.home}/" rel="home">{site.name}</a></p><p class="site-description">{site.tagline}</p>\n'
        f'<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">'
        f'<li><a href="{site.home}/">Home</a></li><li><a href="{site.home}/about/">About</a></li></ul></nav></header>\n'
        f'<div id="content" class="site-content"><main id="main" class="site-main">\n{main}\n</main>\n{sidebar}</div>\n'
        f'<footer id="colophon" class="site-footer"><div class="site-info"><a href="https://wordpress.org/">'
        f"Proudly powered by WordPress</a></div></footer>\n</div>"
    )
    head += '<meta name="generator" content="WordPress 6.4.3">\n'
    return _document(title, body_class, body, head=head)


def _wp_headers(site: SourceSite) -> Headers:
    return (("Link", f'<{site.home}/wp-json/>; rel="https://api.w.org/"'),)


def _wp_article(site: SourceSite, page: SourcePage, item: DemoItem, base_url: str) -> Answer:
    link = _anchor(_target_url(item, base_url), page.anchor, page.rel)
    content = "\n".join(paragraph.replace("{link}", link) for paragraph in page.paragraphs)
    main = (
        f'<article id="post-{item.id + 1000}" class="post type-post status-publish format-standard hentry">\n'
        f'<header class="entry-header"><h1 class="entry-title">{page.title}</h1><div class="entry-meta">'
        f'<span class="posted-on"><time class="entry-date published" datetime="{markup.iso(item.date)}">'
        f"{markup.wp_date(item.date)}</time></span></div></header>\n"
        f'<div class="entry-content">\n{content}\n</div>\n'
        f'<footer class="entry-footer"><span class="cat-links">Posted in <a href="{site.home}/category/brewing/" '
        f'rel="category tag">Brewing</a></span></footer>\n</article>'
    )
    head = f'<link rel="canonical" href="{page.url}">\n<link rel="pingback" href="{site.home}/xmlrpc.php">\n'
    html = _wp_frame(site, f"{page.title} &#8211; {site.name}", main, "post-template-default single single-post",
                     base_url, head)
    return _html(200, html, _wp_headers(site) + (("X-Pingback", f"{site.home}/xmlrpc.php"),))


def _blogger_article(site: SourceSite, page: SourcePage, item: DemoItem, base_url: str) -> Answer:
    link = _anchor(_target_url(item, base_url), page.anchor, page.rel)
    content = "\n".join(paragraph.replace("{link}", link) for paragraph in page.paragraphs)
    day = f"{item.date.day} {markup.MONTHS[item.date.month - 1]} {item.date.year}"
    body = (
        f'<div class="content"><header class="header-outer"><div class="Header" id="Header1"><h1 class="title">'
        f'<a href="{site.home}/">{site.name}</a></h1><p class="description">{site.tagline}</p></div></header>\n'
        f'<div class="main-outer"><div class="column-center-inner"><div class="blog-posts hfeed">'
        f'<div class="date-outer"><h2 class="date-header"><span>{day}</span></h2><div class="post-outer">'
        f'<div class="post hentry" itemscope itemtype="http://schema.org/BlogPosting">'
        f'<h3 class="post-title entry-title" itemprop="name">{page.title}</h3>\n'
        f'<div class="post-body entry-content" id="post-body-{item.id}" itemprop="description articleBody">\n'
        f"{content}\n</div>\n"
        f'<div class="post-footer"><span class="post-author vcard">Posted by <span class="fn">Ruth</span></span> '
        f'<span class="post-comment-link"><a class="comment-link" href="{page.url}#comment-form">No comments:</a></span>'
        f'</div></div></div></div></div></div>\n'
        f'<div class="column-right-inner"><aside><div class="widget BlogArchive" id="BlogArchive1"><h2>Blog Archive'
        f'</h2><ul><li><a href="{site.home}/2024/">2024</a></li><li><a href="{site.home}/2023/">2023</a></li></ul>'
        f'</div></aside></div></div>\n'
        f'<footer class="footer-outer"><div class="widget Attribution" id="Attribution1">Powered by '
        f'<a href="https://www.blogger.com" target="_blank">Blogger</a>.</div></footer></div>'
    )
    head = f'<meta content="blogger" name="generator"/>\n<link href="{page.url}" rel="canonical"/>\n'
    return _html(200, _document(f"{site.name}: {page.title}", "version-1-3-3 variant-indie_light", body, head=head))


def _scraper_article(site: SourceSite, item: DemoItem, base_url: str) -> Answer:
    """A scraper's copy of our post, with the credit link its plugin adds."""
    post = _target_post(item)
    copied = post.content.replace("{site}", base_url.rstrip("/"))
    credit = f"<p>Source: {_anchor(_target_url(item, base_url), data.SITE_TITLE)}.</p>"
    trending = "".join(f"<li>{_anchor(f'{site.home}/{other.slug}/', other.title)}</li>"
                       for other in data.POSTS[:6] if other.id != post.id)
    ads = "".join(f'<div class="ad-slot">{_anchor(f"http://homebrew-deals-{n}.shop/?ref=bnt", "Sponsored: " + text)}'
                  "</div>" for n, text in enumerate(("Brewing kits from £19", "Hops 50% off", "Kegs in stock")))
    body = (
        f'<header class="site-header"><a class="logo" href="{site.home}/">{site.name}</a>'
        f'<nav class="menu"><a href="{site.home}/">Home</a> <a href="{site.home}/guides/">Guides</a></nav></header>\n'
        f'<div class="container"><article class="post"><h1 class="entry-title">{post.title}</h1>'
        f'<div class="entry-content">\n{credit}\n{copied}\n{ads}\n</div></article>\n'
        f'<aside class="sidebar"><h3>Trending</h3><ul>{trending}</ul></aside></div>\n'
        f'<footer class="site-footer">&copy; 2024 {site.name}</footer>'
    )
    title = f"{markup.plain_text(post.title)} | {site.name}"
    return _html(200, _document(title, "single", body, lang="en"))


def _spam_page(site: SourceSite, page: SourcePage) -> Answer:
    menu = " ".join(_anchor(f"{site.home}{path}", label)
                    for path, label in (("/", "Home"), ("/top-10/", "Top 10"), ("/contact/", "Contact")))
    body = (
        f'<div class="wrap"><header class="top"><a class="brand" href="{site.home}/">{site.name}</a>'
        f'<nav class="menu">{menu}</nav></header>\n<main class="content"><h1>{page.title}</h1>\n'
        + "\n".join(page.paragraphs)
        + f'\n</main>\n<footer class="footer">&copy; 2024 {site.host}. All rights reserved. '
        f'{_anchor(f"{site.home}/privacy/", "Privacy")}</footer></div>'
    )
    return _html(200, _document(page.title, "home", body, lang="en"))


def _farm_links() -> list[tuple[str, str]]:
    links = []
    for n in range(_FARM_LINKS):
        first = _FARM_WORDS[n % len(_FARM_WORDS)]
        second = _FARM_WORDS[(n * 5 + 3) % len(_FARM_WORDS)]
        tld = _FARM_TLDS[n % len(_FARM_TLDS)]
        links.append((f"http://{first}-{second}-{n}.{tld}/", f"{first} {second} loans".replace("-", " ")))
    return links


def _farm_page(site: SourceSite, item: DemoItem, base_url: str) -> Answer:
    """A link farm: hundreds of keyword links, and ours among the "partners" in the footer."""
    listing = "\n".join(f"<li>{_anchor(url, text)}</li>" for url, text in _farm_links())
    partners = " | ".join((_anchor("http://quick-cash-247.xyz/", "quick cash"),
                           _anchor(_target_url(item, base_url), _FARM_ANCHOR),
                           _anchor("http://loan-rates-today.top/", "loan rates today")))
    body = (
        f'<div id="content"><h1>{site.name}</h1><p>Compare fast loans online from trusted lenders. Bad credit '
        f'OK, instant decision, money in minutes.</p>\n<ul class="links">\n{listing}\n</ul></div>\n'
        f'<footer class="site-footer"><p>Partners: {partners}</p><p>&copy; 2024 {site.name}</p></footer>'
    )
    return _html(200, _document(site.name, "farm", body, lang="en"))


def _wp_not_found(site: SourceSite, base_url: str) -> Answer:
    main = ('<section class="error-404 not-found"><header class="page-header"><h1 class="page-title">Oops! That page '
            "can&rsquo;t be found.</h1></header><div class=\"page-content\"><p>It looks like nothing was found at "
            "this location. Maybe try a search?</p></div></section>")
    html = _wp_frame(site, f"Page not found &#8211; {site.name}", main, "error404", base_url)
    return _html(404, html, _wp_headers(site))


def _plain_status(status: int, reason: str) -> Answer:
    # Apache's own error page (the demo server says "Server: Apache"), as a host behind
    # a bot filter, or a path with nothing behind it, answers.
    message = {403: "You don't have permission to access this resource.",
               404: "The requested URL was not found on this server."}[status]
    body = (f'<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>{status} {reason}</title>\n'
            f"</head><body>\n<h1>{reason}</h1>\n<p>{message}</p>\n</body></html>\n")
    return status, (("Content-Type", "text/html; charset=iso-8859-1"),), body.encode("ascii")


def _not_found(site: SourceSite, base_url: str) -> Answer:
    return _wp_not_found(site, base_url) if site.theme == "wordpress" else _plain_status(404, "Not Found")


def _home(site: SourceSite, base_url: str) -> Answer:
    """The site's front page: a list of its articles (what a visitor would find)."""
    entries = "".join(f"<li>{_anchor(url, _article_title(item))}</li>"
                      for url, item in _pings_by_source().items() if _host(url) == site.host and site.role != "dead")
    inner = f"{site.home_note}<ul class=\"recent-posts\">{entries}</ul>"
    if site.theme == "wordpress":
        return _html(200, _wp_frame(site, f"{site.name} &#8211; {site.tagline}", inner, "home blog", base_url),
                     _wp_headers(site))
    return _html(200, _document(site.name, "home", f"<h1>{site.name}</h1>\n{inner}", lang="en"))


def _article_title(item: DemoItem) -> str:
    page = PAGES.get(item.author_url)
    return page.title if page else _target_post(item).title


def _robots(site: SourceSite, base_url: str) -> Answer:
    if site.robots not in _ROBOTS:
        return _not_found(site, base_url)
    return 200, (("Content-Type", TEXT_TYPE),), _ROBOTS[site.robots].replace("{home}", site.home).encode("utf-8")


def _page(site: SourceSite, path: str, base_url: str) -> Answer:
    item = _pings_by_source().get(f"{site.home}{path}")
    if item is None or site.role == "dead":
        return _not_found(site, base_url)
    if site.role == "scraper":
        return _scraper_article(site, item, base_url)
    if site.role == "link-farm":
        return _farm_page(site, item, base_url)
    page = PAGES[item.author_url]
    if site.role == "spam":
        return _spam_page(site, page)
    if site.theme == "blogger":
        return _blogger_article(site, page, item, base_url)
    return _wp_article(site, page, item, base_url)


@lru_cache(maxsize=256)
def render_source(host: str, path_and_query: str, base_url: str) -> Answer | None:
    """Return a source site's answer to a GET, or ``None`` when ``host`` is no source.

    Pure, like :func:`backlint.demo.site.render`: the same arguments give the same answer.

    Example:
        >>> render_source("aoifebrews.ie", "/wild-yeast-apples/", "http://127.0.0.1:8000/")[0]
        404
        >>> render_source("127.0.0.1:8000", "/", "http://127.0.0.1:8000/") is None
        True

    Args:
        host: the request's ``Host`` header.
        path_and_query: the request target (origin-form).
        base_url: the demo blog's URL: links to our posts start with it.

    Returns:
        ``(status, headers, body)``, or ``None``.
    """
    site = site_for_host(host)
    if site is None:
        return None
    if site.role == "blocked":
        return _plain_status(403, "Forbidden")  # a bot filter in front of every path
    path = path_and_query.split("#", 1)[0].partition("?")[0] or "/"
    if path == "/robots.txt":
        return _robots(site, base_url)
    if path == "/":
        return _home(site, base_url)
    return _page(site, path, base_url)


__all__ = ["LINKING_ROLES", "PAGES", "ROLES", "SITES", "SourcePage", "SourceSite", "expected_check",
           "expected_link", "expected_ping_checks", "external_pings", "render_source", "resolve_entries",
           "site_for_host", "source_hosts"]
