"""The demo blog's pages, rendered as WordPress 6.5 with Twenty Twenty-One would serve them.

:func:`render` is a pure function of a request path and the URL the site is served
at; :mod:`backlint.demo.server` only moves its :class:`Response` onto the wire.

What is served (``/`` is the home URL; every permalink ends in ``/``):

========================================  ==================================================
``/``, ``/page/N/``                       the blog index, 10 posts a page
``/<post>/``                              a post with its last comment page (newest first)
``/<post>/comment-page-N/``               comment page N (10 top-level items each); past the
                                          end: 200 with no comment list
``/<post>/?cpage=N``                      301 to ``/<post>/comment-page-N/``
``/<post>/feed/``                         RSS 2.0 of that post's approved items
``/<post>/trackback/``                    302 to the post (a GET is not a trackback)
``/about/``                               a page (comments closed)
``/category/<slug>/``, ``/YYYY/MM/``,     archives
``/author/martin/``
``/feed/``, ``/comments/feed/``           RSS 2.0 of posts / of the newest approved items
``/robots.txt``                           ``Disallow: /wp-admin/`` and a ``Sitemap:`` line
``/wp-sitemap.xml`` and sub-sitemaps      posts, pages, categories, users
``/wp-json/...``, ``/?rest_route=...``    REST API: ``wp/v2/posts``, ``wp/v2/comments``
``/xmlrpc.php``                           405 to GET, as WordPress answers
``/?p=N``                                 301 to the permalink
``/wp-admin/``                            302 to ``/wp-login.php``
anything else                             404 page
========================================  ==================================================

Like WordPress, post pages send ``X-Pingback`` and ``<link rel="pingback">``, every
HTML page sends ``Link: <.../wp-json/>; rel="https://api.w.org/"``, and pending, spam
and trashed items appear nowhere: not in pages, feeds, widgets nor the REST API.

The other sites. :func:`respond` also plays the sites the pings came from: a request
whose ``Host`` is one of :func:`backlint.demo.sources.source_hosts` gets that site's
page (port and case ignored); any other ``Host`` (``127.0.0.1:PORT``, ``localhost``,
none) gets the blog, exactly as :func:`render` answers. A crawler reaches them with
:func:`backlint.demo.sources.resolve_entries` as its ``resolve`` setting. Every source
URL is plain ``http://``; links to our posts use the blog's own URL.

=================================  ============  =====================================================
source host                        role          what its ping's page answers
=================================  ============  =====================================================
``hopnotes.net``                   blog          3 roundup posts (WordPress), each links to our post
                                                 in the article body; one link ``rel="nofollow
                                                 noopener"``; the blogroll links our home page
``barleyandbrine.blogspot.com``    blog          a Blogger post linking in ``.post-body``
``www.okaforbrews.co.uk``,         blog          WordPress articles linking in ``.entry-content``
``yorkshirehomebrew.org.uk`` (2),
``fermentingwithpriya.wordpress
.com``, ``gwenscellar.cymru``
``www.thecidershed.co.uk``         blog          as above, the link ``rel="nofollow"``
``brewing-news-today.xyz``         scraper       a copy of our post (3 pages) headed "Source: The
                                                 Brew Shed", linking to it
``203.0.113.88``                   link farm     320 outbound keyword links; ours in the footer's
                                                 "Partners"; no ``robots.txt`` (404)
``casino-review-hub.xyz``,         spam          keyword page, title = blog name, **no link** to
``best-pharmacy-rx.top``,                        us (a fake trackback claim); the last three
``essay-writing-help.online``,                   pings are pending or spam, so only an export
``best-payday-loans-now.xyz``                    brings them to verify
``xn--sino-bonus-yqi7r.xyz``       spam          ``robots.txt`` disallows ``/``: never fetched
``aoifebrews.ie``                  dead          the post answers 404 (the home page is there)
``www.hausbrauer-juergen.de``      blocked       403 for every path, ``robots.txt`` too
=================================  ============  =====================================================

Every other path of a source host answers 404 except ``/`` (a list of its articles)
and ``/robots.txt`` (WordPress's, Blogger's or an allow-all file, as the site would).
:func:`backlint.demo.sources.expected_ping_checks` says what verifying each ping finds;
the blog's own three pingbacks come from posts that link in their content.

Example:
    >>> response = render("/my-house-pale-ale-recipe/comment-page-1/", "http://127.0.0.1:8000/")
    >>> response.status, response.header("X-Pingback")
    (200, 'http://127.0.0.1:8000/xmlrpc.php')
    >>> render("/no-such-post/", "http://127.0.0.1:8000/").status
    404
    >>> respond("aoifebrews.ie", "/wild-yeast-apples/", "http://127.0.0.1:8000/").status
    404
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from functools import lru_cache
from urllib.parse import parse_qs, urlencode

from backlint.demo import data, markup, sources
from backlint.demo.data import DemoItem, Post

HTML_TYPE = "text/html; charset=UTF-8"
JSON_TYPE = "application/json; charset=UTF-8"
RSS_TYPE = "application/rss+xml; charset=UTF-8"
XML_TYPE = "application/xml; charset=UTF-8"
TEXT_TYPE = "text/plain; charset=utf-8"
WP_VERSION = "6.5.5"


@dataclass(frozen=True)
class Response:
    """An HTTP response: status, headers (repeatable, in order) and body.

    Example:
        >>> Response(200, (("Link", "<a>"), ("Link", "<b>")), b"").header_values("link")
        ['<a>', '<b>']
    """

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def header(self, name: str) -> str | None:
        """Return the first value of header ``name`` (case-insensitive), or ``None``."""
        values = self.header_values(name)
        return values[0] if values else None

    def header_values(self, name: str) -> list[str]:
        """Return every value of header ``name`` (case-insensitive), in order."""
        return [value for key, value in self.headers if key.lower() == name.lower()]


# --- Comment structure ---------------------------------------------------------------------


_BY_ID = {item.id: item for item in data.ITEMS}


@lru_cache(maxsize=None)
def _children(post_id: int) -> dict[int, list[DemoItem]]:
    # Cached: the data never changes; callers only read the lists.
    tree: dict[int, list[DemoItem]] = {}
    for item in data.public_items(post_id):
        tree.setdefault(item.parent_id, []).append(item)
    return tree


def top_level_items(post_id: int) -> list[DemoItem]:
    """Return a post's approved top-level items (pings included), oldest first."""
    return _children(post_id).get(0, [])


def comment_page_count(post_id: int) -> int:
    """Return how many comment pages the post has (at least 1)."""
    return max(1, math.ceil(len(top_level_items(post_id)) / data.COMMENTS_PER_PAGE))


def _top_ancestor(item: DemoItem) -> DemoItem:
    while item.parent_id:
        item = _BY_ID[item.parent_id]
    return item


def comment_page_of(item: DemoItem) -> int:
    """Return the comment page an approved item is shown on (``get_page_of_comment``)."""
    top = _top_ancestor(item)
    return 1 + [other.id for other in top_level_items(item.post_id)].index(top.id) // data.COMMENTS_PER_PAGE


def comment_link(item: DemoItem, site_url: str) -> str:
    """Return ``get_comment_link()``: the comment page URL with ``#comment-N``."""
    post = data.post_of(item)
    return f"{site_url}{post.path}comment-page-{comment_page_of(item)}/#comment-{item.id}"


def _node(item: DemoItem, tree: dict[int, list[DemoItem]], base_url: str) -> markup.CommentNode:
    return markup.CommentNode(
        id=item.id, type=item.type, author=item.author, author_url=item.resolved_author_url(base_url),
        date=item.date, text=item.resolved_content(base_url),
        user_nicename=data.OWNER_LOGIN if item.user_id else "", by_post_author=item.user_id == data.OWNER_ID,
        dofollow=item.dofollow, children=[_node(child, tree, base_url) for child in tree.get(item.id, [])],
    )


# --- Shared page parts ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Ctx:
    base_url: str  # with trailing slash
    site_url: str  # without

    @property
    def info(self) -> markup.SiteInfo:
        menu = (("Home", f"{self.site_url}/"), ("Recipes", f"{self.site_url}/category/recipes/"),
                ("Techniques", f"{self.site_url}/category/techniques/"), ("About", f"{self.site_url}/about/"))
        return markup.SiteInfo(url=self.site_url, title=data.SITE_TITLE, tagline=data.SITE_TAGLINE, menu=menu)


def _widgets(ctx: _Ctx) -> str:
    recent = sorted(data.public_items(), key=lambda item: item.date, reverse=True)[:5]
    entries = [(item.author, item.resolved_author_url(ctx.base_url), data.post_of(item).title,
                comment_link(item, ctx.site_url)) for item in recent]
    posts = sorted(data.POSTS, key=lambda post: post.date, reverse=True)
    months = sorted({(post.date.year, post.date.month) for post in posts}, reverse=True)
    return "\n\t\t".join([
        markup.search_widget(ctx.site_url),
        markup.link_list_widget("recent-posts-2", "widget_recent_entries", "Recent Posts",
                                [(markup.plain_text(p.title), f"{ctx.site_url}{p.path}") for p in posts[:5]]),
        markup.recent_comments_widget(entries, ctx.site_url),
        markup.link_list_widget("archives-2", "widget_archive", "Archives",
                                [(f"{markup.MONTHS[m - 1]} {y}", f"{ctx.site_url}/{y}/{m:02d}/") for y, m in months]),
        markup.link_list_widget("categories-2", "widget_categories", "Categories",
                                [(markup.plain_text(c.name), f"{ctx.site_url}{c.path}") for c in data.CATEGORIES]),
    ])


def _html_response(ctx: _Ctx, status: int, html: str, extra_headers: tuple[tuple[str, str], ...] = ()) -> Response:
    headers = (("Content-Type", HTML_TYPE),) + extra_headers + (
        ("Link", f'<{ctx.site_url}/wp-json/>; rel="https://api.w.org/"'),)
    return Response(status, headers, html.encode("utf-8"))


def _redirect(status: int, location: str) -> Response:
    return Response(status, (("Content-Type", HTML_TYPE), ("Location", location),
                             ("X-Redirect-By", "WordPress")), b"")


def _category_names(post: Post) -> list[data.Category]:
    return [c for c in data.CATEGORIES if c.slug in post.categories]


def _entry_footer(ctx: _Ctx, post: Post) -> str:
    cats = ", ".join(f'<a href="{ctx.site_url}{c.path}" rel="category tag">{c.name}</a>' for c in _category_names(post))
    cat_html = f'<div class="post-taxonomies"><span class="cat-links">Categorised as {cats} </span></div>' if cats else ""
    return (
        f'<footer class="entry-footer default-max-width"><div class="posted-by"><span class="posted-on">Published '
        f'<time class="entry-date published updated" datetime="{markup.iso(post.date)}">{markup.wp_date(post.date)}</time>'
        f'</span><span class="byline">By <a href="{ctx.site_url}/author/{data.OWNER_LOGIN}/" rel="author">'
        f"{data.OWNER_NAME}</a></span></div>{cat_html}</footer><!-- .entry-footer -->"
    )


# --- Post and page views -------------------------------------------------------------------


def _post_navigation(ctx: _Ctx, post: Post) -> str:
    posts = sorted(data.POSTS, key=lambda p: p.date)
    index = posts.index(post)
    links = []
    if index > 0:
        prev = posts[index - 1]
        links.append(f'<div class="nav-previous"><a href="{ctx.site_url}{prev.path}" rel="prev"><p class="meta-nav">'
                     f'Previous post</p><p class="post-title">{prev.title}</p></a></div>')
    if index < len(posts) - 1:
        nxt = posts[index + 1]
        links.append(f'<div class="nav-next"><a href="{ctx.site_url}{nxt.path}" rel="next"><p class="meta-nav">'
                     f'Next post</p><p class="post-title">{nxt.title}</p></a></div>')
    return (f'<nav class="navigation post-navigation" aria-label="Posts"><h2 class="screen-reader-text">Post navigation'
            f'</h2><div class="nav-links">{"".join(links)}</div></nav>')


def _comments_section(ctx: _Ctx, post: Post, cpage: int) -> str:
    tree = _children(post.id)
    top = tree.get(0, [])
    total_pages = comment_page_count(post.id)
    shown = top[(cpage - 1) * data.COMMENTS_PER_PAGE: cpage * data.COMMENTS_PER_PAGE]
    permalink = f"{ctx.site_url}{post.path}"
    list_html = markup.comment_list_html(
        [_node(item, tree, ctx.base_url) for item in shown], site_url=ctx.site_url, post_id=post.id,
        post_permalink=permalink, page_url=f"{permalink}comment-page-{cpage}/",
    )
    pagination = markup.comments_pagination_html(permalink, cpage, total_pages) if shown else ""
    return markup.comments_area_html(count=len(data.public_items(post.id)), list_html=list_html,
                                     pagination_html=pagination, form_html=markup.comment_form_html(ctx.site_url, post.id))


def _singular(ctx: _Ctx, post: Post, cpage: int | None) -> Response:
    permalink = f"{ctx.site_url}{post.path}"
    is_post = post.type == "post"
    if cpage is None:
        canonical = permalink
        cpage = comment_page_count(post.id)  # "last page displayed by default"
    else:
        # wp_get_canonical_url() uses get_comments_pagenum_link(), fragment included.
        canonical = markup.comment_page_url(permalink, cpage, comment_page_count(post.id)) + "#comments"
    head = []
    if is_post:
        head.append(f'<link rel="alternate" type="application/rss+xml" title="{data.SITE_TITLE} &raquo; '
                    f'{post.title} Comments Feed" href="{permalink}feed/" />')
        head.append(f'<link rel="pingback" href="{ctx.site_url}/xmlrpc.php">')
    rest_kind = "posts" if is_post else "pages"
    head.append(f'<link rel="alternate" title="JSON" type="application/json" href="{ctx.site_url}/wp-json/wp/v2/{rest_kind}/{post.id}" />')
    head.append(f'<link rel="canonical" href="{canonical}" />')
    head.append(f"<link rel='shortlink' href='{ctx.site_url}/?p={post.id}' />")
    content = post.content.replace("{site}", ctx.site_url)
    classes = f"post-{post.id} {post.type} type-{post.type} status-publish format-standard hentry " + " ".join(
        f"category-{slug}" for slug in post.categories) + " entry"
    main = (
        f'\n<article id="post-{post.id}" class="{classes}">\n\n'
        f'\t<header class="entry-header alignwide">\n\t\t<h1 class="entry-title">{post.title}</h1>\t\t\t</header><!-- .entry-header -->\n\n'
        f'\t<div class="entry-content">\n\t\t{content}\n\t</div><!-- .entry-content -->\n\n'
        f"\t{_entry_footer(ctx, post) if is_post else ''}\n"
        f"</article><!-- #post-{post.id} -->\n"
    )
    if is_post:
        main += _comments_section(ctx, post, cpage) + _post_navigation(ctx, post)
    body_class = (f"post-template-default single single-post postid-{post.id} single-format-standard" if is_post
                  else f"page-template-default page page-id-{post.id}")
    html = markup.page_html(ctx.info, title=f"{markup.plain_text(post.title)} \u2013 {data.SITE_TITLE}",
                            body_class=f"{body_class} wp-embed-responsive is-light-theme no-js singular has-main-navigation",
                            head_links="\n".join(head) + "\n", main=main, widgets=_widgets(ctx), current_url=permalink)
    extra: tuple[tuple[str, str], ...] = ()
    if is_post:
        extra = (("X-Pingback", f"{ctx.site_url}/xmlrpc.php"),)
    extra += (("Link", f'<{ctx.site_url}/wp-json/wp/v2/{rest_kind}/{post.id}>; rel="alternate"; title="JSON"; type="application/json"'),
              ("Link", f"<{ctx.site_url}/?p={post.id}>; rel=shortlink"))
    return _html_response(ctx, 200, html, extra)


# --- Archives --------------------------------------------------------------------------------


def _summary(ctx: _Ctx, post: Post) -> str:
    count = len(data.public_items(post.id))
    label = "Leave a comment" if not count else ("1 Comment" if count == 1 else f"{count} Comments")
    anchor = "#respond" if not count else "#comments"
    classes = f"post-{post.id} post type-post status-publish format-standard hentry " + " ".join(
        f"category-{slug}" for slug in post.categories) + " entry"
    return (
        f'<article id="post-{post.id}" class="{classes}">\n'
        f'\t<header class="entry-header"><h2 class="entry-title default-max-width"><a href="{ctx.site_url}{post.path}">'
        f"{post.title}</a></h2></header><!-- .entry-header -->\n"
        f'\t<div class="entry-content"><p>{post.excerpt}</p>\n<p><a href="{ctx.site_url}{post.path}" class="more-link">'
        f'Continue reading<span class="screen-reader-text">{post.title}</span></a></p></div><!-- .entry-content -->\n'
        f'\t<footer class="entry-footer default-max-width"><span class="posted-on">Published <time class="entry-date '
        f'published updated" datetime="{markup.iso(post.date)}">{markup.wp_date(post.date)}</time></span>'
        f'<span class="comments-link"><a href="{ctx.site_url}{post.path}{anchor}">{label}</a></span></footer>\n'
        f"</article><!-- #post-{post.id} -->\n"
    )


def _archive(ctx: _Ctx, posts: list[Post], page: int, base_path: str, heading: str, title: str,
             body_class: str) -> Response | None:
    posts = sorted(posts, key=lambda p: p.date, reverse=True)
    pages = max(1, math.ceil(len(posts) / data.POSTS_PER_PAGE))
    if not posts or page > pages:
        return None
    shown = posts[(page - 1) * data.POSTS_PER_PAGE: page * data.POSTS_PER_PAGE]
    nav = []
    if page < pages:
        nav.append(f'<div class="nav-previous"><a href="{ctx.site_url}{base_path}page/{page + 1}/">Older posts</a></div>')
    if page > 1:
        newer = f"{ctx.site_url}{base_path}" + (f"page/{page - 1}/" if page > 2 else "")
        nav.append(f'<div class="nav-next"><a href="{newer}">Newer posts</a></div>')
    header = f'<header class="page-header alignwide"><h1 class="page-title">{heading}</h1></header><!-- .page-header -->\n' if heading else ""
    main = header + "".join(_summary(ctx, post) for post in shown) + (
        f'<nav class="navigation pagination" aria-label="Posts"><h2 class="screen-reader-text">Posts navigation</h2>'
        f'<div class="nav-links">{"".join(nav)}</div></nav>' if nav else "")
    url = f"{ctx.site_url}{base_path}" + (f"page/{page}/" if page > 1 else "")
    head = f'<link rel="canonical" href="{url}" />\n' if page > 1 or base_path != "/" else ""
    html = markup.page_html(ctx.info, title=title, body_class=f"{body_class} wp-embed-responsive is-light-theme no-js hfeed has-main-navigation",
                            head_links=head, main=main, widgets=_widgets(ctx), current_url=url)
    return _html_response(ctx, 200, html)


def _not_found(ctx: _Ctx) -> Response:
    main = ('<header class="page-header alignwide"><h1 class="page-title">Nothing here</h1></header><!-- .page-header -->\n'
            '<div class="error-404 not-found default-max-width"><div class="page-content"><p>It looks like nothing was '
            f"found at this location. Maybe try a search?</p>{markup.search_widget(ctx.site_url)}</div></div>")
    html = markup.page_html(ctx.info, title=f"Page not found \u2013 {data.SITE_TITLE}",
                            body_class="error404 wp-embed-responsive is-light-theme no-js hfeed has-main-navigation",
                            head_links="", main=main, widgets=_widgets(ctx))
    return _html_response(ctx, 404, html, (("Cache-Control", "no-cache, must-revalidate, max-age=0"),))


# --- Feeds, robots, sitemaps -----------------------------------------------------------------


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _rfc822(moment: datetime) -> str:
    return format_datetime(moment).replace("-0000", "+0000")


def _xml_text(text: str) -> str:
    # Feed titles are plain text: entities decoded, then escaped for XML.
    return markup.plain_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_RSS_OPEN = ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"\n'
             '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
             '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
             '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
             '\txmlns:atom="http://www.w3.org/2005/Atom"\n'
             '\txmlns:sy="http://purl.org/rss/1.0/modules/syndication/"\n'
             '\txmlns:slash="http://purl.org/rss/1.0/modules/slash/"\n\t>\n\n<channel>\n')


def _channel_head(title: str, self_url: str, link: str, description: str, last: datetime) -> str:
    return (f"\t<title>{_xml_text(title)}</title>\n\t<atom:link href=\"{self_url}\" rel=\"self\" type=\"application/rss+xml\" />\n"
            f"\t<link>{link}</link>\n\t<description>{_xml_text(description)}</description>\n"
            f"\t<lastBuildDate>{_rfc822(last)}</lastBuildDate>\n\t<language>en-GB</language>\n"
            f"\t<sy:updatePeriod>\n\thourly\t</sy:updatePeriod>\n\t<sy:updateFrequency>\n\t1\t</sy:updateFrequency>\n"
            f"\t<generator>https://wordpress.org/?v={WP_VERSION}</generator>\n")


def _posts_feed(ctx: _Ctx) -> Response:
    posts = sorted(data.POSTS, key=lambda p: p.date, reverse=True)[:data.FEED_ITEMS]
    items = []
    for post in posts:
        link = f"{ctx.site_url}{post.path}"
        cats = "".join(f"\n\t\t<category>{_cdata(c.name)}</category>" for c in _category_names(post))
        items.append(
            f"\t<item>\n\t\t<title>{_xml_text(post.title)}</title>\n\t\t<link>{link}</link>\n"
            f"\t\t<comments>{link}#comments</comments>\n\t\t<dc:creator>{_cdata(data.OWNER_NAME)}</dc:creator>\n"
            f"\t\t<pubDate>{_rfc822(post.date)}</pubDate>{cats}\n"
            f'\t\t<guid isPermaLink="false">{ctx.site_url}/?p={post.id}</guid>\n'
            f"\t\t<description>{_cdata(post.excerpt)}</description>\n"
            f"\t\t<content:encoded>{_cdata(post.content.replace('{site}', ctx.site_url))}</content:encoded>\n"
            f"\t\t<wfw:commentRss>{link}feed/</wfw:commentRss>\n"
            f"\t\t<slash:comments>{len(data.public_items(post.id))}</slash:comments>\n\t</item>\n"
        )
    body = (_RSS_OPEN + _channel_head(data.SITE_TITLE, f"{ctx.site_url}/feed/", f"{ctx.site_url}", data.SITE_TAGLINE,
                                      posts[0].date) + "".join(items) + "\t</channel>\n</rss>\n")
    return Response(200, (("Content-Type", RSS_TYPE),), body.encode("utf-8"))


def _comments_feed(ctx: _Ctx, post: Post | None) -> Response:
    """``feed-rss2-comments.php``: newest approved items of every type; no author URL, no type."""
    items = sorted(data.public_items(post.id if post else None), key=lambda i: i.date, reverse=True)[:data.FEED_ITEMS]
    entries = []
    for item in items:
        on = data.post_of(item)
        title = f"By: {item.author}" if post else f"Comment on {on.title} by {item.author}"
        text = markup.comment_text_html(item.resolved_content(ctx.base_url), ctx.site_url, dofollow=item.dofollow)
        entries.append(
            f"\t<item>\n\t\t<title>{_xml_text(title)}</title>\n\t\t<link>{comment_link(item, ctx.site_url)}</link>\n"
            f"\t\t<dc:creator>{_cdata(markup.plain_text(item.author))}</dc:creator>\n"
            f"\t\t<pubDate>{_rfc822(item.date)}</pubDate>\n"
            f'\t\t<guid isPermaLink="false">{ctx.site_url}/?p={on.id}#comment-{item.id}</guid>\n'
            f"\t\t<description>{_cdata(markup.plain_text(text))}</description>\n"
            f"\t\t<content:encoded>{_cdata(text)}</content:encoded>\n\t</item>\n"
        )
    if post:
        head = _channel_head(f"Comments on: {post.title}", f"{ctx.site_url}{post.path}feed/", f"{ctx.site_url}{post.path}",
                             data.SITE_TAGLINE, items[0].date if items else post.date)
    else:
        head = _channel_head(f"Comments for {data.SITE_TITLE}", f"{ctx.site_url}/comments/feed/", ctx.site_url,
                             data.SITE_TAGLINE, items[0].date)
    body = _RSS_OPEN + head + "".join(entries) + "\t</channel>\n</rss>\n"
    return Response(200, (("Content-Type", RSS_TYPE),), body.encode("utf-8"))


def _robots(ctx: _Ctx) -> Response:
    # do_robots() output for a public site, plus the core sitemap line (WordPress 5.5+).
    body = (f"User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\n"
            f"Sitemap: {ctx.site_url}/wp-sitemap.xml\n")
    return Response(200, (("Content-Type", TEXT_TYPE),), body.encode("utf-8"))


_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _sitemap_index(ctx: _Ctx) -> Response:
    names = ("posts-post-1", "posts-page-1", "taxonomies-category-1", "users-1")
    entries = "".join(f"<sitemap><loc>{ctx.site_url}/wp-sitemap-{name}.xml</loc></sitemap>" for name in names)
    body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<?xml-stylesheet type="text/xsl" href="{ctx.site_url}/wp-sitemap-index.xsl" ?>\n'
            f'<sitemapindex xmlns="{_SITEMAP_NS}">{entries}</sitemapindex>\n')
    return Response(200, (("Content-Type", XML_TYPE),), body.encode("utf-8"))


def _urlset(ctx: _Ctx, urls: list[tuple[str, datetime | None]]) -> Response:
    entries = "".join(f"<url><loc>{url}</loc>" + (f"<lastmod>{markup.iso(mod)}</lastmod>" if mod else "") + "</url>"
                      for url, mod in urls)
    body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<?xml-stylesheet type="text/xsl" href="{ctx.site_url}/wp-sitemap.xsl" ?>\n'
            f'<urlset xmlns="{_SITEMAP_NS}">{entries}</urlset>\n')
    return Response(200, (("Content-Type", XML_TYPE),), body.encode("utf-8"))


def _sitemap(ctx: _Ctx, name: str) -> Response | None:
    if name == "posts-post-1":
        return _urlset(ctx, [(f"{ctx.site_url}{p.path}", p.date) for p in sorted(data.POSTS, key=lambda p: p.date, reverse=True)])
    if name == "posts-page-1":
        # With "your latest posts" on the front page, the home URL leads the page sitemap.
        return _urlset(ctx, [(f"{ctx.site_url}/", None)] + [(f"{ctx.site_url}{p.path}", p.date) for p in data.PAGES])
    if name == "taxonomies-category-1":
        return _urlset(ctx, [(f"{ctx.site_url}{c.path}", None) for c in data.CATEGORIES])
    if name == "users-1":
        return _urlset(ctx, [(f"{ctx.site_url}/author/{data.OWNER_LOGIN}/", None)])
    return None


def _rsd(ctx: _Ctx) -> Response:
    body = (f'<?xml version="1.0" encoding="UTF-8"?><rsd version="1.0" xmlns="http://archipelago.phrasewise.com/rsd">\n'
            f"\t<service>\n\t\t<engineName>WordPress</engineName>\n\t\t<engineLink>https://wordpress.org/</engineLink>\n"
            f"\t\t<homePageLink>{ctx.site_url}</homePageLink>\n\t\t<apis>\n"
            f'\t\t\t<api name="WordPress" blogID="1" preferred="true" apiLink="{ctx.site_url}/xmlrpc.php" />\n'
            f'\t\t\t<api name="WP-API" blogID="1" preferred="false" apiLink="{ctx.site_url}/wp-json/" />\n'
            f"\t\t</apis>\n\t</service>\n</rsd>\n")
    return Response(200, (("Content-Type", "text/xml; charset=UTF-8"),), body.encode("utf-8"))


# --- REST API --------------------------------------------------------------------------------


def _wp_json(value: object) -> bytes:
    # wp_json_encode() escapes "/" as "\/" (PHP's default); "/" only occurs inside strings.
    return json.dumps(value, separators=(",", ":")).replace("/", "\\/").encode("ascii")


def _rest_response(ctx: _Ctx, status: int, value: object, extra: tuple[tuple[str, str], ...] = ()) -> Response:
    headers = (("Content-Type", JSON_TYPE), ("X-Robots-Tag", "noindex"),
               ("Link", f'<{ctx.site_url}/wp-json/>; rel="https://api.w.org/"'),
               ("X-Content-Type-Options", "nosniff"),
               ("Access-Control-Expose-Headers", "X-WP-Total, X-WP-TotalPages, Link"),
               ("Access-Control-Allow-Headers", "Authorization, X-WP-Nonce, Content-Disposition, Content-MD5, Content-Type"),
               ("Allow", "GET")) + extra
    return Response(status, headers, _wp_json(value))


def _rest_error(ctx: _Ctx, status: int, code: str, message: str, **more: object) -> Response:
    return _rest_response(ctx, status, {"code": code, "message": message, "data": {"status": status, **more}})


def _rest_date(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def _avatar_urls(email: str) -> dict[str, str]:
    digest = hashlib.md5(email.strip().lower().encode("utf-8")).hexdigest()
    return {str(size): f"https://secure.gravatar.com/avatar/{digest}?s={size}&d=mm&r=g" for size in (24, 48, 96)}


def _rest_post(ctx: _Ctx, post: Post) -> dict[str, object]:
    kind = "posts" if post.type == "post" else "pages"
    return {
        "id": post.id, "date": _rest_date(post.date), "date_gmt": _rest_date(post.date),
        "guid": {"rendered": f"{ctx.site_url}/?p={post.id}"},
        "modified": _rest_date(post.date), "modified_gmt": _rest_date(post.date), "slug": post.slug,
        "status": "publish", "type": post.type, "link": f"{ctx.site_url}{post.path}",
        "title": {"rendered": post.title},
        "content": {"rendered": post.content.replace("{site}", ctx.site_url) + "\n", "protected": False},
        "excerpt": {"rendered": f"<p>{post.excerpt}</p>\n", "protected": False},
        "author": data.OWNER_ID, "featured_media": 0,
        "comment_status": "open" if post.type == "post" else "closed",
        "ping_status": "open" if post.type == "post" else "closed",
        "sticky": False, "template": "", "format": "standard", "meta": {"footnotes": ""},
        "categories": [c.id for c in _category_names(post)], "tags": [],
        "_links": {
            "self": [{"href": f"{ctx.site_url}/wp-json/wp/v2/{kind}/{post.id}"}],
            "collection": [{"href": f"{ctx.site_url}/wp-json/wp/v2/{kind}"}],
            "replies": [{"embeddable": True, "href": f"{ctx.site_url}/wp-json/wp/v2/comments?post={post.id}"}],
        },
    }


def _rest_comment(ctx: _Ctx, item: DemoItem) -> dict[str, object]:
    return {
        "id": item.id, "post": item.post_id, "parent": item.parent_id, "author": item.user_id,
        "author_name": item.author, "author_url": item.resolved_author_url(ctx.base_url),
        "date": _rest_date(item.date), "date_gmt": _rest_date(item.date),
        "content": {"rendered": markup.comment_text_html(item.resolved_content(ctx.base_url), ctx.site_url,
                                                         dofollow=item.dofollow)},
        "link": comment_link(item, ctx.site_url), "status": "approved", "type": item.type,
        "author_avatar_urls": _avatar_urls(item.author_email), "meta": [],
        "_links": {
            "self": [{"href": f"{ctx.site_url}/wp-json/wp/v2/comments/{item.id}"}],
            "collection": [{"href": f"{ctx.site_url}/wp-json/wp/v2/comments"}],
            "up": [{"embeddable": True, "post_type": "post", "href": f"{ctx.site_url}/wp-json/wp/v2/posts/{item.post_id}"}],
        },
    }


def _int_param(query: dict[str, list[str]], name: str, default: int) -> int | None:
    raw = query.get(name, [str(default)])[-1]
    return int(raw) if raw.strip().isdigit() else None


def _paging(ctx: _Ctx, route: str, query: dict[str, list[str]], total: int, per_page: int,
            page: int) -> tuple[tuple[str, str], ...]:
    pages = math.ceil(total / per_page) if total else 0
    headers: list[tuple[str, str]] = [("X-WP-Total", str(total)), ("X-WP-TotalPages", str(pages))]
    base = {k: v[-1] for k, v in query.items() if k not in ("page", "rest_route")}
    if page > 1:
        headers.append(("Link", f'<{ctx.site_url}/wp-json{route}?{urlencode({**base, "page": page - 1})}>; rel="prev"'))
    if page < pages:
        headers.append(("Link", f'<{ctx.site_url}/wp-json{route}?{urlencode({**base, "page": page + 1})}>; rel="next"'))
    return tuple(headers)


def _bad_param(ctx: _Ctx, name: str, detail: str) -> Response:
    return _rest_error(ctx, 400, "rest_invalid_param", f"Invalid parameter(s): {name}", params={name: detail})


def _rest_posts(ctx: _Ctx, query: dict[str, list[str]], route: str = "/wp/v2/posts") -> Response:
    per_page, page = _int_param(query, "per_page", 10), _int_param(query, "page", 1)
    if per_page is None or not 1 <= per_page <= 100:
        return _bad_param(ctx, "per_page", "per_page must be between 1 (inclusive) and 100 (inclusive)")
    if page is None or page < 1:
        return _bad_param(ctx, "page", "page must be greater than or equal to 1")
    posts = sorted(data.POSTS if route == "/wp/v2/posts" else data.PAGES, key=lambda p: p.date, reverse=True)
    pages = max(1, math.ceil(len(posts) / per_page))
    if page > pages:
        return _rest_error(ctx, 400, "rest_post_invalid_page_number",
                           "The page number requested is larger than the number of pages available.")
    shown = posts[(page - 1) * per_page: page * per_page]
    return _rest_response(ctx, 200, [_rest_post(ctx, p) for p in shown],
                          _paging(ctx, route, query, len(posts), per_page, page))


def _forbidden_comment_params(query: dict[str, list[str]]) -> list[str]:
    """The parameters WP_REST_Comments_Controller refuses to a caller who cannot edit posts."""
    forbidden: list[str] = []
    for name in ("author", "author_exclude", "author_email", "type", "status"):
        value = query.get(name, [""])[-1]
        if name == "type" and name in query and value != "comment":
            forbidden.append(name)
        elif name == "status" and name in query and value != "approve":
            forbidden.append(name)
        elif name not in ("type", "status") and value:
            forbidden.append(name)
    return forbidden


def _id_list(raw: str) -> list[int] | None:
    parts = [part.strip() for part in raw.split(",") if part.strip()]
    return [int(part) for part in parts] if all(part.isdigit() for part in parts) else None


def _rest_comments(ctx: _Ctx, query: dict[str, list[str]]) -> Response:
    if query.get("context", ["view"])[-1] == "edit":
        return _rest_error(ctx, 401, "rest_forbidden_context", "Sorry, you are not allowed to edit comments.")
    forbidden = _forbidden_comment_params(query)
    if forbidden:
        return _rest_error(ctx, 401, "rest_forbidden_param", f"Query parameter not permitted: {', '.join(forbidden)}")
    per_page, page = _int_param(query, "per_page", 10), _int_param(query, "page", 1)
    if per_page is None or not 1 <= per_page <= 100:
        return _bad_param(ctx, "per_page", "per_page must be between 1 (inclusive) and 100 (inclusive)")
    if page is None or page < 1:
        return _bad_param(ctx, "page", "page must be greater than or equal to 1")
    # The public default: approved items of type "comment" only; pings stay hidden.
    items = [item for item in data.public_items() if item.type == "comment"]
    posts_raw = ",".join(query.get("post", []) + query.get("post[]", []))
    if posts_raw:
        post_ids = _id_list(posts_raw)
        if post_ids is None:
            return _bad_param(ctx, "post", "post[0] is not of type integer.")
        items = [item for item in items if item.post_id in post_ids]
    if "parent" in query:
        parent_ids = _id_list(query["parent"][-1])
        if parent_ids is None:
            return _bad_param(ctx, "parent", "parent[0] is not of type integer.")
        items = [item for item in items if item.parent_id in parent_ids]
    order = query.get("order", ["desc"])[-1]
    if order not in ("asc", "desc"):
        return _bad_param(ctx, "order", "order is not one of asc and desc.")
    items.sort(key=lambda item: (item.date, item.id), reverse=order == "desc")
    shown = items[(page - 1) * per_page: page * per_page]
    return _rest_response(ctx, 200, [_rest_comment(ctx, item) for item in shown],
                          _paging(ctx, "/wp/v2/comments", query, len(items), per_page, page))


def _rest_index(ctx: _Ctx) -> Response:
    routes = {route: {"namespace": "wp/v2", "methods": ["GET"], "endpoints": [{"methods": ["GET"]}],
                      "_links": {"self": [{"href": f"{ctx.site_url}/wp-json{route}"}]}}
              for route in ("/wp/v2/posts", "/wp/v2/pages", "/wp/v2/comments", "/wp/v2/categories")}
    value = {"name": data.SITE_TITLE, "description": data.SITE_TAGLINE, "url": ctx.site_url, "home": ctx.site_url,
             "gmt_offset": "0", "timezone_string": "Europe/London",
             "namespaces": ["oembed/1.0", "wp/v2", "wp-site-health/v1", "wp-block-editor/v1"],
             "authentication": {"application-passwords": {"endpoints": {
                 "authorization": f"{ctx.site_url}/wp-admin/authorize-application.php"}}},
             "routes": routes, "site_logo": 0, "site_icon": 0, "site_icon_url": "",
             "_links": {"help": [{"href": "https://developer.wordpress.org/rest-api/"}]}}
    return _rest_response(ctx, 200, value)


def _rest(ctx: _Ctx, route: str, query: dict[str, list[str]]) -> Response:
    route = "/" + route.strip("/")
    if route in ("/", ""):
        return _rest_index(ctx)
    if route in ("/wp/v2/posts", "/wp/v2/pages"):
        return _rest_posts(ctx, query, route)
    if route == "/wp/v2/comments":
        return _rest_comments(ctx, query)
    match = re.fullmatch(r"/wp/v2/(posts|pages)/(\d+)", route)
    if match:
        post = data.post_by_id(int(match.group(2)))
        if post and post.type == match.group(1)[:-1]:
            return _rest_response(ctx, 200, _rest_post(ctx, post))
        return _rest_error(ctx, 404, "rest_post_invalid_id", "Invalid post ID.")
    match = re.fullmatch(r"/wp/v2/comments/(\d+)", route)
    if match:
        item = _BY_ID.get(int(match.group(1)))
        if item is None:
            return _rest_error(ctx, 404, "rest_comment_invalid_id", "Invalid comment ID.")
        if not item.is_public:
            return _rest_error(ctx, 401, "rest_cannot_read", "Sorry, you are not allowed to read this comment.")
        return _rest_response(ctx, 200, _rest_comment(ctx, item))
    return _rest_error(ctx, 404, "rest_no_route", "No route was found matching the URL and request method.")


# --- Routing ---------------------------------------------------------------------------------


def _login_page(ctx: _Ctx) -> Response:
    html = (f'<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="UTF-8" /><title>Log In &lsaquo; {data.SITE_TITLE} '
            f"&#8212; WordPress</title><meta name='robots' content='noindex, follow' /></head>\n"
            f'<body class="login no-js login-action-login wp-core-ui"><div id="login"><h1><a href="https://wordpress.org/">'
            f'Powered by WordPress</a></h1><form name="loginform" id="loginform" action="{ctx.site_url}/wp-login.php" '
            f'method="post"><p><label for="user_login">Username or Email Address</label><input type="text" name="log" '
            f'id="user_login" /></p><p><label for="user_pass">Password</label><input type="password" name="pwd" '
            f'id="user_pass" /></p><p class="submit"><input type="submit" name="wp-submit" id="wp-submit" value="Log In" />'
            f'</p></form><p id="backtoblog"><a href="{ctx.site_url}/">&larr; Go to {data.SITE_TITLE}</a></p></div></body></html>\n')
    return Response(200, (("Content-Type", HTML_TYPE), ("X-Frame-Options", "SAMEORIGIN")), html.encode("utf-8"))


_STYLE_CSS = ("/*\nTheme Name: Twenty Twenty-One\nVersion: 2.2\n*/\n" + markup.THEME_INLINE_CSS + "\n").encode("utf-8")


def _route_post(ctx: _Ctx, path: str, query: dict[str, list[str]]) -> Response | None:
    match = re.fullmatch(r"/([a-z0-9-]+)(/.*)?", path)
    if not match:
        return None
    post = data.post_by_slug(match.group(1))
    if post is None:
        return None
    rest = match.group(2) or ""
    permalink = f"{ctx.site_url}{post.path}"
    if rest == "":
        return _redirect(301, permalink)  # redirect_canonical() adds the trailing slash
    if rest == "/":
        if "cpage" in query and post.type == "post":
            cpage = _int_param(query, "cpage", 1)
            if cpage and cpage >= 1:
                return _redirect(301, f"{permalink}comment-page-{cpage}/")
        return _singular(ctx, post, None)
    if post.type != "post":
        return None
    page_match = re.fullmatch(r"/comment-page-(\d+)/?", rest)
    if page_match:
        cpage = int(page_match.group(1))
        return _singular(ctx, post, cpage) if cpage >= 1 else None
    if rest in ("/feed/", "/feed"):
        return _comments_feed(ctx, post)
    if rest in ("/trackback/", "/trackback"):
        return _redirect(302, permalink)
    return None


def _route_archive(ctx: _Ctx, path: str) -> Response | None:
    match = re.fullmatch(r"(/|/category/([a-z0-9-]+)/|/(\d{4})/(\d{2})/|/author/([a-z0-9-]+)/)(?:page/(\d+)/)?", path)
    if not match:
        return None
    base, cat_slug, year, month, author = match.group(1, 2, 3, 4, 5)
    page = int(match.group(6) or 1)
    if page < 1:
        return None
    if cat_slug:
        category = next((c for c in data.CATEGORIES if c.slug == cat_slug), None)
        if category is None:
            return None
        posts = [p for p in data.POSTS if cat_slug in p.categories]
        return _archive(ctx, posts, page, base, f'Category: <span class="page-description">{category.name}</span>',
                        f"{markup.plain_text(category.name)} \u2013 {data.SITE_TITLE}",
                        f"archive category category-{cat_slug} category-{category.id}")
    if year:
        if not 1 <= int(month) <= 12:
            return None
        posts = [p for p in data.POSTS if p.date.year == int(year) and p.date.month == int(month)]
        label = f"{markup.MONTHS[int(month) - 1]} {year}"
        return _archive(ctx, posts, page, base, f'Month: <span class="page-description">{label}</span>',
                        f"{label} \u2013 {data.SITE_TITLE}", "archive date")
    if author:
        if author != data.OWNER_LOGIN:
            return None
        return _archive(ctx, list(data.POSTS), page, base, f'Author: <span class="page-description">{data.OWNER_NAME}</span>',
                        f"{data.OWNER_NAME} \u2013 {data.SITE_TITLE}", f"archive author author-{author} author-{data.OWNER_ID}")
    title = f"{data.SITE_TITLE} \u2013 {data.SITE_TAGLINE}" if page == 1 else f"{data.SITE_TITLE} \u2013 Page {page}"
    return _archive(ctx, list(data.POSTS), page, base, "", title, "home blog" if page == 1 else "home blog paged")


def _split_target(target: str) -> tuple[str, dict[str, list[str]]]:
    """Split a request target into path and query (origin-form, or absolute-form)."""
    target = target.split("#", 1)[0]
    if target.lower().startswith(("http://", "https://")):
        # Absolute-form (RFC 9112 §3.2.2): drop scheme and authority.
        rest = target.split("//", 1)[1]
        target = "/" + rest.split("/", 1)[1] if "/" in rest else "/"
    path, _, query = target.partition("?")
    return path or "/", parse_qs(query, keep_blank_values=True)


@lru_cache(maxsize=1024)
def render(path_and_query: str, base_url: str) -> Response:
    """Return the demo blog's response to a GET of ``path_and_query``.

    Pure: the same arguments always give the same response (so it is cached).

    Args:
        path_and_query: the request target, e.g. ``/my-house-pale-ale-recipe/comment-page-2/``
            or ``/wp-json/wp/v2/comments?post=42&per_page=5``.
        base_url: the URL the site is served at, e.g. ``http://127.0.0.1:54321/``;
            every absolute URL in the output starts with it.

    Returns:
        The :class:`Response`.
    """
    site_url = base_url.rstrip("/")
    ctx = _Ctx(base_url=site_url + "/", site_url=site_url)
    path, query = _split_target(path_and_query)
    if "rest_route" in query:
        return _rest(ctx, query["rest_route"][-1], query)
    if path == "/wp-json" or path.startswith("/wp-json/"):
        return _rest(ctx, path[len("/wp-json"):], query)
    if path == "/" and "p" in query:
        post = data.post_by_id(_int_param(query, "p", 0) or 0)
        return _redirect(301, f"{site_url}{post.path}") if post else _not_found(ctx)
    fixed = {
        "/robots.txt": lambda: _robots(ctx),
        "/feed/": lambda: _posts_feed(ctx),
        "/comments/feed/": lambda: _comments_feed(ctx, None),
        "/wp-sitemap.xml": lambda: _sitemap_index(ctx),
        "/wp-login.php": lambda: _login_page(ctx),
        "/wp-content/themes/twentytwentyone/style.css": lambda: Response(200, (("Content-Type", "text/css"),), _STYLE_CSS),
    }
    if path in fixed:
        return fixed[path]()
    if path == "/xmlrpc.php":
        if "rsd" in query:
            return _rsd(ctx)
        return Response(405, (("Content-Type", TEXT_TYPE), ("Allow", "POST")), b"XML-RPC server accepts POST requests only.")
    if path.startswith("/wp-admin"):
        return _redirect(302, f"{site_url}/wp-login.php?{urlencode({'redirect_to': site_url + path, 'reauth': 1})}")
    sitemap = re.fullmatch(r"/wp-sitemap-([a-z0-9-]+)\.xml", path)
    if sitemap:
        return _sitemap(ctx, sitemap.group(1)) or _not_found(ctx)
    return _route_archive(ctx, path) or _route_post(ctx, path, query) or _not_found(ctx)


def respond(host: str | None, path_and_query: str, base_url: str) -> Response:
    """Return the answer to a GET sent with ``Host: host``: a source site's, or the blog's.

    Example:
        >>> respond("hopnotes.net", "/2024/08/links-of-the-week/", "http://127.0.0.1:8000/").status
        200
        >>> respond("127.0.0.1:8000", "/", "http://127.0.0.1:8000/") == render("/", "http://127.0.0.1:8000/")
        True

    Args:
        host: the request's ``Host`` header (``None`` when absent). In an absolute-form
            request target the target's host wins (RFC 9112 §3.2.2).
        path_and_query: the request target.
        base_url: the URL the blog is served at.

    Returns:
        The :class:`Response`.
    """
    if path_and_query.lower().startswith(("http://", "https://")):
        host = path_and_query.split("//", 1)[1].split("/", 1)[0]
    path, _ = _split_target(path_and_query)
    answer = sources.render_source(host or "", path, base_url)
    if answer is None:
        return render(path_and_query, base_url)
    return Response(*answer)

