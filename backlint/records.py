"""Plain records that flow from the parsers to the store.

Parsers build these and nothing else; they carry no behaviour beyond small derived
properties, so tests compare them with ``==``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ITEM_TYPES = ("comment", "trackback", "pingback", "backlink")
# A "backlink" is a row of a backlink tool's export: an inbound claim with no text.

#: A trackback or pingback claims that another site links to us (DOMAIN.md §1).
INBOUND = "inbound"
#: A comment's author URL or a link in any item's text is shown on *our* page and
#: points away from us: it is the commenter's backlink, user-generated content.
OUTBOUND_UGC = "outbound_ugc"


@dataclass(frozen=True)
class Link:
    """One link inside an item.

    Example:
        >>> Link(url="https://spam.example/", anchor="cheap pills", rel=("nofollow", "ugc"))
        Link(url='https://spam.example/', anchor='cheap pills', rel=('nofollow', 'ugc'), is_author_link=False)

    Attributes:
        url: absolute URL, resolved against the page it was found on.
        anchor: the link's visible text, whitespace collapsed.
        rel: the ``rel`` values, lower-cased, in document order; ``None`` when the source
            does not say (text without markup, an import without the attribute).
        is_author_link: ``True`` for the comment author's link (the name), ``False``
            for a link in the text.
    """

    url: str
    anchor: str = ""
    rel: tuple[str, ...] | None = ()
    is_author_link: bool = False


@dataclass
class Item:
    """One comment, trackback or pingback as a site shows it.

    Example:
        >>> Item(type="pingback", post_url="https://blog.example/hello/", site_item_id="42",
        ...      author_name="Other blog", author_url="https://other.example/post/").type
        'pingback'

    Attributes:
        type: ``comment``, ``trackback`` or ``pingback``.
        post_url: the URL of the post the item belongs to (no comment-page suffix).
        site_item_id: the site's own id (WordPress ``comment-N`` gives ``"N"``), when known.
        author_name: the displayed author name (for pings, usually the source title).
        author_url: the author's link target; for pings, the page claiming to link to us.
        date: ISO 8601 date or datetime when the page states one, else ``None``.
        text: the body as plain text (never HTML).
        parent_id: the ``site_item_id`` of the item this one replies to.
        source: where it was read: ``html``, ``rest`` or ``feed``.
        engine: which parser recognised it (``wordpress``, ``blogger``, ...).
        links: the author link first, then every link in the text.
        status: the site's moderation state when it says so (``approved``, ``pending``,
            ``spam``, ``trash``, ``post-trashed``); ``None`` for what a visitor is shown.
        author_email: the commenter's e-mail, or its ``sha256:`` hash (personal data).
        author_ip: the commenter's IP address, or its ``sha256:`` hash (personal data).
        extra: what an import carried besides (tool metrics, plugin verdicts), stored as JSON.
    """

    type: str
    post_url: str
    site_item_id: str | None = None
    author_name: str = ""
    author_url: str | None = None
    date: str | None = None
    text: str = ""
    parent_id: str | None = None
    source: str = "html"
    engine: str = ""
    links: list[Link] = field(default_factory=list)
    status: str | None = None
    author_email: str | None = field(default=None, repr=False)
    author_ip: str | None = field(default=None, repr=False)
    extra: dict | None = field(default=None, repr=False)

    def link_direction(self, link: Link) -> str:
        """Return :data:`INBOUND` or :data:`OUTBOUND_UGC` for one of this item's links.

        A ping's author link is the claim "this page links to you"; everything else
        an item holds is displayed on our page and points outward.
        """
        if link.is_author_link and self.type in ("trackback", "pingback", "backlink"):
            return INBOUND
        return OUTBOUND_UGC


@dataclass
class ParsedPage:
    """What one HTML page yields.

    Attributes:
        items: comments, trackbacks and pingbacks found in the post's own comment list.
        engine: the engine recognised (``wordpress``, ``blogger``, ``movabletype``,
            ``microdata``, ``generic``) or ``""`` when the page has no comment list.
        comment_pages: URLs of other pages of this post's comments (pagination links).
        links: every ``<a href>`` on the page, absolute, for in-site link following.
        canonical: the ``<link rel="canonical">`` target, when present.
        js_comments: the name of a JavaScript comment system the page embeds
            (``Disqus``, ...): its comments are not in the HTML.
        feeds: feed URLs the page advertises (``<link rel="alternate">``).
        rest_root: the WordPress REST API root when advertised (``rel="https://api.w.org/"``).
        pingback_endpoint: the ``<link rel="pingback">`` target, when present.
        noindex: the page carries a robots ``noindex`` meta tag.
        title: the ``<title>`` text.
    """

    items: list[Item] = field(default_factory=list)
    engine: str = ""
    comment_pages: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    canonical: str | None = None
    js_comments: str | None = None
    feeds: list[str] = field(default_factory=list)
    rest_root: str | None = None
    pingback_endpoint: str | None = None
    noindex: bool = False
    title: str = ""


@dataclass(frozen=True)
class PingCheck:
    """What fetching a trackback's or pingback's source page found (``backlint verify``).

    Attributes:
        source_url: the page that claims to link to us.
        target_url: our post the ping was left on.
        status: ``alive`` (2xx), ``dead`` (404/410, DNS failure, other 4xx), ``blocked``
            (401/403/429 after retries: it may exist), ``unreachable`` (timeouts,
            connection errors, 5xx after retries).
        http_status: the final HTTP status, when a response arrived.
        links_to_target: the page holds a link to our post (any URL variant of it).
        link_url: that link's ``href`` as found.
        rel: that link's ``rel`` values.
        anchor: that link's visible text.
        placement: where that link sits: ``content``, ``comment``, ``sidebar``,
            ``footer``, ``header``, ``nav`` or ``unknown``.
        outbound_links: links on the page to other sites.
        noindex: the page asks not to be indexed (meta robots or X-Robots-Tag).
        title: the page's ``<title>``.
        title_equals_blog_name: the title is the sending blog's name only (a
            trackback-spam pattern).
        error: why the check could not be made, when it could not.
        checked_at: when (ISO 8601, UTC).
    """

    source_url: str
    target_url: str
    status: str
    http_status: int | None = None
    links_to_target: bool = False
    link_url: str | None = None
    rel: tuple[str, ...] = ()
    anchor: str = ""
    placement: str = "unknown"
    outbound_links: int = 0
    noindex: bool = False
    title: str = ""
    title_equals_blog_name: bool = False
    error: str | None = None
    checked_at: str = ""
