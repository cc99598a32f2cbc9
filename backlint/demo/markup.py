"""WordPress's front-end markup, reproduced as pure string functions.

What a crawler meets on a real WordPress site is the output of a handful of core
functions (``wp_list_comments`` with the ``Walker_Comment`` walker,
``get_comment_author_link``, ``comment_class``, ``comment_text``'s filters,
``paginate_comments_links``) inside a theme's templates. This module reproduces that
output for the classic html5 comment format used by Twenty Twenty-One, so the demo
blog, the benchmark site and the crawl-test fixture site all serve the same markup.

Faithful details that a parser must cope with:

* comment author links are ``<a href="..." class="url" rel="ugc external nofollow">``
  (WordPress 6.2+ order; ``rel="ugc"`` alone when the URL is on the site itself);
* links in comment text carry ``rel="nofollow ugc"`` (added when the comment was
  saved), bare URLs are turned into links at display time with ``rel="nofollow"`` only;
* trackbacks *and* pingbacks are printed by ``Walker_Comment::ping()`` with the label
  ``Pingback:`` (core uses one label for both): the ``class`` tells them apart;
* an anonymous visitor sees no ``Edit`` links and no pending comments.

Example:
    >>> from datetime import datetime, timezone
    >>> node = CommentNode(id=7, type="comment", author="Ann", author_url="https://ann.example/",
    ...                    date=datetime(2024, 5, 1, 9, 30, tzinfo=timezone.utc), text="Nice brew!")
    >>> html = comment_list_html([node], site_url="http://127.0.0.1:8000",
    ...                          post_id=3, post_permalink="http://127.0.0.1:8000/beer/",
    ...                          page_url="http://127.0.0.1:8000/beer/")
    >>> 'id="comment-7" class="comment even thread-even depth-1"' in html
    True
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

#: ``date_format`` and ``time_format`` of a fresh English install ("F j, Y", "g:i a").
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")

#: ``thread_comments_depth`` default: replies nest five levels deep at most.
MAX_DEPTH = 5


_BARE_AMPERSAND = re.compile(r"&(?!(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)")


def esc_html(text: str) -> str:
    """Escape text for an HTML text node or attribute, as ``esc_html()`` does.

    Like WordPress, entities already in the text (``&#8211;``, ``&amp;``) are kept,
    not escaped twice.

    Example:
        >>> esc_html('Barley &amp; Brine <b> & "co"')
        'Barley &amp; Brine &lt;b&gt; &amp; &quot;co&quot;'
    """
    text = _BARE_AMPERSAND.sub("&amp;", text)
    return text.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#039;")


def esc_url(url: str) -> str:
    """Escape a URL for an ``href``, as ``esc_url()`` does (``&`` becomes ``&#038;``)."""
    return url.replace("&", "&#038;").replace('"', "%22").replace("'", "&#039;").replace(" ", "%20")


def wp_date(moment: datetime) -> str:
    """Return ``moment`` in WordPress's default date format, e.g. ``April 7, 2024``."""
    return f"{MONTHS[moment.month - 1]} {moment.day}, {moment.year}"


def wp_time(moment: datetime) -> str:
    """Return ``moment`` in WordPress's default time format, e.g. ``9:14 am``."""
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {'am' if moment.hour < 12 else 'pm'}"


def iso(moment: datetime) -> str:
    """Return ``moment`` as PHP's ``date('c')`` prints it: ``2024-04-07T09:14:00+00:00``."""
    return moment.isoformat(timespec="seconds")


def wpautop(text: str) -> str:
    """Wrap blank-line-separated paragraphs in ``<p>`` and turn lone newlines into ``<br />``.

    A small subset of WordPress's ``wpautop()``: enough for comment text, which holds
    only inline markup.

    Example:
        >>> wpautop("One.\\n\\nTwo\\nlines.")
        '<p>One.</p>\\n<p>Two<br />\\nlines.</p>\\n'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join("<p>" + p.replace("\n", "<br />\n") + "</p>\n" for p in paragraphs)


_ANCHOR = re.compile(r"<a\b[^>]*>.*?</a>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_BARE_URL = re.compile(r"(?:(?<=^)|(?<=[\s>(]))(https?://[^\s<>\"']+)", re.IGNORECASE)


def _clickable_segment(segment: str, site_url: str) -> str:
    def link(match: re.Match[str]) -> str:
        url = match.group(1)
        # Like _make_url_clickable_cb(): trailing punctuation is not part of the URL.
        trail = ""
        while url and url[-1] in ".,;:!?)":
            trail = url[-1] + trail
            url = url[:-1]
        rel = _clickable_rel(url, site_url)
        rel_attr = f' rel="{rel}"' if rel else ""
        return f'<a href="{esc_url(url)}"{rel_attr}>{url}</a>{trail}'

    # Only text between tags is scanned, never attribute values.
    parts = re.split(r"(<[^>]*>)", segment)
    return "".join(p if p.startswith("<") else _BARE_URL.sub(link, p) for p in parts)


def _clickable_rel(url: str, site_url: str) -> str:
    # _make_clickable_rel_attr(): "nofollow" unless the link stays on the site.
    return "" if is_internal(url, site_url) else "nofollow"


def make_clickable(text: str, site_url: str) -> str:
    """Turn bare URLs in comment text into links, leaving existing anchors alone.

    WordPress runs ``make_clickable`` on ``comment_text`` at display time; the links it
    makes carry ``rel="nofollow"`` only (``ugc`` is added when a comment is saved, to
    the anchors its author typed, not to these).

    Example:
        >>> make_clickable("see http://spam.example/x. ok", "http://blog.example")
        'see <a href="http://spam.example/x" rel="nofollow">http://spam.example/x</a>. ok'
    """
    out: list[str] = []
    position = 0
    for match in _ANCHOR.finditer(text):
        out.append(_clickable_segment(text[position:match.start()], site_url))
        out.append(match.group(0))
        position = match.end()
    out.append(_clickable_segment(text[position:], site_url))
    return "".join(out)


def strip_rel(text: str) -> str:
    """Remove ``rel`` attributes from every anchor, as "dofollow" plugins do."""
    return re.sub(r'(<a\b[^>]*?)\s+rel="[^"]*"', r"\1", text, flags=re.IGNORECASE)


def comment_text_html(text: str, site_url: str, *, dofollow: bool = False) -> str:
    """Return stored comment text as ``comment_text()`` prints it.

    Args:
        text: ``comment_content`` as stored (inline HTML, anchors already carrying the
            ``rel`` that ``wp_rel_ugc`` added on save).
        site_url: the site's home URL, to tell internal links from external ones.
        dofollow: a "dofollow" plugin is active for this commenter: every ``rel`` is
            removed from the links, which is an outbound-hygiene fault.

    Returns:
        The HTML for the inside of ``.comment-content``.
    """
    rendered = wpautop(make_clickable(text, site_url))
    return strip_rel(rendered) if dofollow else rendered


def is_internal(url: str, site_url: str) -> bool:
    """Tell whether ``url`` is on the site, as ``wp_is_internal_link()`` does (same host)."""
    try:
        return (urlsplit(url).hostname or "").lower() == (urlsplit(site_url).hostname or "").lower()
    except ValueError:
        return False


def author_rel(url: str, site_url: str, *, dofollow: bool = False) -> tuple[str, ...]:
    """Return the ``rel`` values ``get_comment_author_link()`` gives ``url``.

    Example:
        >>> author_rel("https://other.example/", "http://127.0.0.1:8000")
        ('ugc', 'external', 'nofollow')
    """
    if dofollow:
        # The "dofollow" plugins filter comment_author_link_rel down to "external".
        return ("external",)
    if is_internal(url, site_url):
        return ("ugc",)
    return ("ugc", "external", "nofollow")


def comment_author_link(name: str, url: str, site_url: str, *, dofollow: bool = False) -> str:
    """Return ``get_comment_author_link()``: the name, linked when the author gave a URL.

    Example:
        >>> comment_author_link("Ann", "https://ann.example/", "http://127.0.0.1:8000")
        '<a href="https://ann.example/" class="url" rel="ugc external nofollow">Ann</a>'
        >>> comment_author_link("Bob", "", "http://127.0.0.1:8000")
        'Bob'
    """
    if not url or url == "http://":
        return esc_html(name)
    rel = " ".join(author_rel(url, site_url, dofollow=dofollow))
    return f'<a href="{esc_url(url)}" class="url" rel="{rel}">{esc_html(name)}</a>'


@dataclass
class CommentNode:
    """One approved item ready to be listed, with its replies.

    Example:
        >>> from datetime import datetime, timezone
        >>> CommentNode(id=3, type="pingback", author="Hop Notes", author_url="https://hop.example/a/",
        ...             date=datetime(2024, 1, 2, tzinfo=timezone.utc)).children
        []

    Attributes:
        id: ``comment_ID``.
        type: ``comment``, ``pingback`` or ``trackback``.
        author: ``comment_author`` (for pings, the source's title or blog name).
        author_url: ``comment_author_url``, absolute, or ``""``.
        date: when it was posted, timezone-aware.
        text: ``comment_content`` as stored.
        user_nicename: the registered user's nicename when a logged-in user wrote it.
        by_post_author: the post's author wrote it (class ``bypostauthor``).
        dofollow: a "dofollow" plugin strips ``nofollow``/``ugc`` from this author's links.
        children: replies, oldest first.
    """

    id: int
    type: str
    author: str
    author_url: str
    date: datetime
    text: str = ""
    user_nicename: str = ""
    by_post_author: bool = False
    dofollow: bool = False
    children: list[CommentNode] = field(default_factory=list)


class _Alternation:
    """The ``$comment_alt`` / ``$comment_thread_alt`` globals of ``get_comment_class()``."""

    def __init__(self) -> None:
        self.alt = 0
        self.thread_alt = 0

    def classes(self, node: CommentNode, depth: int, has_children: bool) -> str:
        classes = [node.type or "comment"]
        if node.user_nicename:
            classes += ["byuser", f"comment-author-{node.user_nicename}"]
            if node.by_post_author:
                classes.append("bypostauthor")
        classes += ["odd", "alt"] if self.alt % 2 else ["even"]
        self.alt += 1
        if depth == 1:
            classes += ["thread-odd", "thread-alt"] if self.thread_alt % 2 else ["thread-even"]
            self.thread_alt += 1
        classes.append(f"depth-{depth}")
        if has_children:
            classes.append("parent")
        return " ".join(classes)


def _ping_html(node: CommentNode, classes: str, site_url: str, indent: str) -> str:
    # Walker_Comment::ping(): the same "Pingback:" label for trackbacks too.
    return (
        f'{indent}<li id="comment-{node.id}" class="{classes}">\n'
        f'{indent}\t<div class="comment-body">\n'
        f'{indent}\t\tPingback: {comment_author_link(node.author, node.author_url, site_url, dofollow=node.dofollow)} \n'
        f"{indent}\t</div>\n"
    )


def _reply_link(node: CommentNode, post_id: int, post_permalink: str) -> str:
    # get_comment_reply_link(): a ?replytocom= link on the post, handled by comment-reply.js.
    label = esc_html(f"Reply to {node.author}")
    href = esc_url(f"{post_permalink}?replytocom={node.id}#respond")
    return (
        f'<div class="reply"><a rel="nofollow" class="comment-reply-link" href="{href}" '
        f'data-commentid="{node.id}" data-postid="{post_id}" data-belowelement="div-comment-{node.id}" '
        f'data-respondelement="respond" data-replyto="{label}" aria-label="{label}">Reply</a></div>'
    )


def _comment_html(node: CommentNode, classes: str, depth: int, *, site_url: str, post_id: int,
                  post_permalink: str, page_url: str, indent: str) -> str:
    author = comment_author_link(node.author, node.author_url, site_url, dofollow=node.dofollow)
    link = esc_url(f"{page_url}#comment-{node.id}")
    when = f"{wp_date(node.date)} at {wp_time(node.date)}"
    text = comment_text_html(node.text, site_url, dofollow=node.dofollow)
    reply = _reply_link(node, post_id, post_permalink) if depth < MAX_DEPTH else ""
    return (
        f'{indent}<li id="comment-{node.id}" class="{classes}">\n'
        f'{indent}\t<article id="div-comment-{node.id}" class="comment-body">\n'
        f'{indent}\t\t<footer class="comment-meta">\n'
        f'{indent}\t\t\t<div class="comment-author vcard">\n'
        f'{indent}\t\t\t\t<b class="fn">{author}</b> <span class="says">says:</span>\t\t\t\t\t</div><!-- .comment-author -->\n\n'
        f'{indent}\t\t\t<div class="comment-metadata">\n'
        f'{indent}\t\t\t\t<a href="{link}"><time datetime="{iso(node.date)}">{when}</time></a>\t\t\t\t\t</div><!-- .comment-metadata -->\n\n'
        f"{indent}\t\t\t\t\t\t\t</footer><!-- .comment-meta -->\n\n"
        f'{indent}\t\t<div class="comment-content">\n'
        f"{text}"
        f"{indent}\t\t</div><!-- .comment-content -->\n\n"
        f"{indent}\t\t{reply}\n"
        f"{indent}\t</article><!-- .comment-body -->\n"
    )


def comment_list_html(nodes: list[CommentNode], *, site_url: str, post_id: int,
                      post_permalink: str, page_url: str) -> str:
    """Return the items of ``<ol class="comment-list">`` as ``wp_list_comments()`` prints them.

    Arguments are those of Twenty Twenty-One's ``comments.php``: ``style`` ``ol``,
    ``short_ping`` on, avatars off (Settings > Discussion > "Show avatars" unticked, so
    no image is ever requested from a third party).

    Args:
        nodes: top-level items of this comment page, oldest first, replies attached.
        site_url: the home URL, without trailing slash.
        post_id: the post's ID (used by reply links).
        post_permalink: the post's URL.
        page_url: the URL of the comment page being shown (comment permalinks point here).

    Returns:
        The ``<li>`` elements, without the enclosing ``<ol>``.
    """
    alternation = _Alternation()
    out: list[str] = []

    def walk(node: CommentNode, depth: int) -> None:
        indent = "\t" * (depth + 1)
        # Past the maximum depth WordPress flattens deeper replies into the last level.
        has_children = bool(node.children) and depth < MAX_DEPTH
        classes = alternation.classes(node, depth, has_children)
        if node.type in ("pingback", "trackback"):
            out.append(_ping_html(node, classes, site_url, indent))
        else:
            out.append(_comment_html(node, classes, depth, site_url=site_url, post_id=post_id,
                                     post_permalink=post_permalink, page_url=page_url, indent=indent))
        if node.children:
            if depth < MAX_DEPTH:
                out.append(f'{indent}<ol class="children">\n')
                for child in node.children:
                    walk(child, depth + 1)
                out.append(f"{indent}</ol><!-- .children -->\n")
        out.append(f"{indent}</li><!-- #comment-## -->\n")
        if node.children and depth >= MAX_DEPTH:
            for child in node.children:
                walk(child, depth)

    for node in nodes:
        walk(node, 1)
    return "".join(out)


_ARROW_LEFT = ('<svg class="svg-icon" width="24" height="24" aria-hidden="true" role="img" focusable="false" '
               'viewBox="0 0 24 24" fill="none" xmlns="http://www.w3.org/2000/svg"><path fill-rule="evenodd" '
               'clip-rule="evenodd" d="M20 13v-2H8l4-4-1-2-7 7 7 7 1-2-4-4z" fill="currentColor"></path></svg>')
_ARROW_RIGHT = ('<svg class="svg-icon" width="24" height="24" aria-hidden="true" role="img" focusable="false" '
                'viewBox="0 0 24 24" fill="none" xmlns="http://www.w3.org/2000/svg"><path fill-rule="evenodd" '
                'clip-rule="evenodd" d="m4 13v-2h12l-4-4 1-2 7 7-7 7-1-2 4-4z" fill="currentColor"></path></svg>')


def comment_page_url(post_permalink: str, page: int, total_pages: int) -> str:
    """Return ``get_comments_pagenum_link()`` for ``page`` (without the ``#comments``).

    With "newest page first" (the default), the last page is the post's own URL.

    Example:
        >>> comment_page_url("http://b.example/post/", 1, 3)
        'http://b.example/post/comment-page-1/'
        >>> comment_page_url("http://b.example/post/", 3, 3)
        'http://b.example/post/'
    """
    if page == total_pages:
        return post_permalink
    return f"{post_permalink}comment-page-{page}/"


def comments_pagination_html(post_permalink: str, current: int, total_pages: int) -> str:
    """Return Twenty Twenty-One's ``the_comments_pagination()`` block (empty for one page).

    ``paginate_links()`` with ``end_size`` 1 and ``mid_size`` 0: first, current and last
    page numbers, dots for the gaps, then "Older"/"Newer comments".
    """
    if total_pages <= 1:
        return ""

    def href(page: int) -> str:
        return esc_url(comment_page_url(post_permalink, page, total_pages) + "#comments")

    links: list[str] = []
    if current > 1:
        links.append(f'<a class="prev page-numbers" href="{href(current - 1)}">{_ARROW_LEFT} '
                     f'<span class="nav-prev-text">Older comments</span></a>')
    dots = False
    for page in range(1, total_pages + 1):
        label = f'<span class="meta-nav screen-reader-text">Page </span>{page}'
        if page == current:
            links.append(f'<span aria-current="page" class="page-numbers current">{label}</span>')
            dots = True
        elif page == 1 or page == total_pages:
            links.append(f'<a class="page-numbers" href="{href(page)}">{label}</a>')
            dots = True
        elif dots:
            links.append('<span class="page-numbers dots">&hellip;</span>')
            dots = False
    if current < total_pages:
        links.append(f'<a class="next page-numbers" href="{href(current + 1)}">'
                     f'<span class="nav-next-text">Newer comments</span> {_ARROW_RIGHT}</a>')
    return (
        '\n\t<nav class="navigation comments-pagination" aria-label="Comments">\n'
        '\t\t<h2 class="screen-reader-text">Comments navigation</h2>\n'
        '\t\t<div class="nav-links">' + "\n".join(links) + "</div>\n\t</nav>"
    )


def comment_form_html(site_url: str, post_id: int) -> str:
    """Return ``comment_form()`` as Twenty Twenty-One prints it for an anonymous visitor."""
    return f"""
	<div id="respond" class="comment-respond">
		<h2 id="reply-title" class="comment-reply-title">Leave a comment <small><a rel="nofollow" id="cancel-comment-reply-link" href="#respond" style="display:none;">Cancel reply</a></small></h2><form action="{site_url}/wp-comments-post.php" method="post" id="commentform" class="comment-form" novalidate><p class="comment-notes"><span id="email-notes">Your email address will not be published.</span> <span class="required-field-message">Required fields are marked <span class="required">*</span></span></p><p class="comment-form-comment"><label for="comment">Comment <span class="required">*</span></label> <textarea id="comment" name="comment" cols="45" rows="5" maxlength="65525" required></textarea></p><p class="comment-form-author"><label for="author">Name <span class="required">*</span></label> <input id="author" name="author" type="text" value="" size="30" maxlength="245" autocomplete="name" required /></p>
<p class="comment-form-email"><label for="email">Email <span class="required">*</span></label> <input id="email" name="email" type="email" value="" size="30" maxlength="100" aria-describedby="email-notes" autocomplete="email" required /></p>
<p class="comment-form-url"><label for="url">Website</label> <input id="url" name="url" type="url" value="" size="30" maxlength="200" autocomplete="url" /></p>
<p class="comment-form-cookies-consent"><input id="wp-comment-cookies-consent" name="wp-comment-cookies-consent" type="checkbox" value="yes" /> <label for="wp-comment-cookies-consent">Save my name, email, and website in this browser for the next time I comment.</label></p>
<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment" /> <input type='hidden' name='comment_post_ID' value='{post_id}' id='comment_post_ID' />
<input type='hidden' name='comment_parent' id='comment_parent' value='0' />
</p></form>	</div><!-- #respond -->
	"""


def comments_area_html(*, count: int, list_html: str, pagination_html: str, form_html: str) -> str:
    """Return Twenty Twenty-One's ``comments.php`` output around a comment list.

    Args:
        count: ``get_comments_number()``: approved items of every type on the post.
        list_html: the ``<li>`` items of this page (empty: no list is printed at all,
            as on a comment page past the end).
        pagination_html: :func:`comments_pagination_html` output.
        form_html: :func:`comment_form_html` output.
    """
    head = ""
    if list_html:
        title = "1 Reply" if count == 1 else f"{count:,} Replies"
        head = (
            f'\n\t\t<h2 class="comments-title">\n\t\t\t\t\t\t\t{title}\t\t\t\t\t</h2><!-- .comments-title -->\n\n'
            f'\t\t<ol class="comment-list">\n{list_html}\t\t</ol><!-- .comment-list -->\n'
            f"{pagination_html}\n"
        )
    return f'<div id="comments" class="comments-area default-max-width ">\n{head}{form_html}\n</div><!-- #comments -->\n'


def plain_text(fragment: str) -> str:
    """Return the visible text of an HTML fragment, whitespace collapsed.

    Example:
        >>> plain_text("<p>Caf&eacute; <a href='x'>link</a></p>\\n<p>two</p>")
        'Café link two'
    """
    return re.sub(r"\s+", " ", html.unescape(_TAG.sub(" ", fragment))).strip()


# --- Theme chrome ------------------------------------------------------------------------

#: A trimmed copy of the inline styles a Twenty Twenty-One page carries in its <head>.
THEME_INLINE_CSS = """:root{--global--font-primary:var(--font-headings,-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Oxygen-Sans,Ubuntu,Cantarell,"Helvetica Neue",sans-serif);--global--font-secondary:var(--font-base,-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Oxygen-Sans,Ubuntu,Cantarell,"Helvetica Neue",sans-serif);--global--font-size-base:1.25rem;--global--line-height-body:1.7;--global--color-black:#000;--global--color-dark-gray:#28303d;--global--color-gray:#39414d;--global--color-light-gray:#f0f0f0;--global--color-green:#d1e4dd;--global--color-primary:var(--global--color-dark-gray);--global--color-background:var(--global--color-green);--global--spacing-unit:20px;--global--spacing-horizontal:25px;--global--spacing-vertical:30px;--responsive--spacing-horizontal:calc(2*var(--global--spacing-horizontal)*0.6);--responsive--aligndefault-width:calc(100vw - var(--responsive--spacing-horizontal))}
body{background-color:var(--global--color-background);color:var(--global--color-primary);font-family:var(--global--font-secondary);font-size:var(--global--font-size-base);line-height:var(--global--line-height-body);margin:0}
.site{margin:0 auto;max-width:1240px;padding:0 var(--global--spacing-horizontal)}.site-header{display:flex;flex-wrap:wrap;align-items:center;padding:72px 0}.site-title{font-size:1.5rem;letter-spacing:normal;text-transform:uppercase;margin:0}.site-title a{color:currentColor;font-weight:400}.site-description{font-size:1.1rem;margin:0 0 0 1.5em}
.primary-navigation{margin-left:auto}.primary-navigation ul{list-style:none;margin:0;padding:0;display:flex;gap:1em}.primary-navigation a{color:currentColor;text-decoration:none}.primary-navigation .current-menu-item>a{text-decoration:underline}
a{color:var(--global--color-primary);text-underline-offset:3px}a:hover{text-decoration-style:dotted}
.entry-title{font-size:2.8rem;line-height:1.3;font-weight:300}.entry-header,.entry-content,.entry-footer,.page-header,.post-navigation,.pagination,.error-404{max-width:610px;margin-left:auto;margin-right:auto}.entry-footer{font-size:1rem;border-bottom:3px solid var(--global--color-dark-gray);padding-bottom:var(--global--spacing-vertical)}
.comments-area{max-width:610px;margin:var(--global--spacing-vertical) auto 0}.comment-list{list-style:none;padding:0}.comment-list .children{list-style:none;padding-left:var(--global--spacing-horizontal)}.comment-body{margin:var(--global--spacing-vertical) 0}.comment-meta .comment-author{font-weight:600}.comment-metadata{font-size:.9rem}.comment-metadata a{color:currentColor}.says{display:none}.reply a{font-size:1rem}.pingback .comment-body,.trackback .comment-body{font-size:1rem;font-style:italic}
.comments-pagination .nav-links{display:flex;flex-wrap:wrap;gap:.5em;align-items:center}.page-numbers.current{text-decoration:underline}.svg-icon{vertical-align:middle}
.comment-form textarea,.comment-form input[type=text],.comment-form input[type=email],.comment-form input[type=url]{display:block;width:100%;border:3px solid var(--global--color-dark-gray);padding:10px;font-size:1rem}
.widget-area{display:grid;grid-template-columns:repeat(3,1fr);gap:var(--global--spacing-vertical);margin-top:calc(3*var(--global--spacing-vertical));font-size:1.1rem}.widget ul{list-style:none;padding:0}.widget-title{font-size:1.3rem}
.site-footer{padding:var(--global--spacing-vertical) 0;font-size:1rem}.screen-reader-text{border:0;clip:rect(1px,1px,1px,1px);height:1px;margin:-1px;overflow:hidden;padding:0;position:absolute!important;width:1px;word-wrap:normal!important}
.post-navigation .nav-links{display:flex;justify-content:space-between;gap:1em}.archive .entry-title,.home .entry-title{font-size:2rem}.more-link{display:block;margin-top:.5em}"""

#: wp-emoji-release detection stub, the script every WordPress front page used to carry.
THEME_INLINE_JS = """window._wpemojiSettings = {"baseUrl":"","ext":".png","svgUrl":"","svgExt":".svg","source":{"concatemoji":""}};
/*! This file is auto-generated */
!function(i,n){var o,s,e;function c(e){try{var t={supportTests:e,timestamp:(new Date).valueOf()};sessionStorage.setItem(o,JSON.stringify(t))}catch(e){}}function p(e,t,n){e.clearRect(0,0,e.canvas.width,e.canvas.height),e.fillText(t,0,0);var t=new Uint32Array(e.getImageData(0,0,e.canvas.width,e.canvas.height).data),r=(e.clearRect(0,0,e.canvas.width,e.canvas.height),e.fillText(n,0,0),new Uint32Array(e.getImageData(0,0,e.canvas.width,e.canvas.height).data));return t.every(function(e,t){return e===r[t]})}function u(e,t,n){switch(t){case"flag":return n(e,"\\ud83c\\udff3\\ufe0f\\u200d\\u26a7\\ufe0f","\\ud83c\\udff3\\ufe0f\\u200b\\u26a7\\ufe0f")?!1:!n(e,"\\ud83c\\uddfa\\ud83c\\uddf3","\\ud83c\\uddfa\\u200b\\ud83c\\uddf3");case"emoji":return!n(e,"\\ud83d\\udc26\\u200d\\u2b1b","\\ud83d\\udc26\\u200b\\u2b1b")}return!1}}(window,document);
document.documentElement.className = document.documentElement.className.replace( 'no-js', 'js' );"""


@dataclass(frozen=True)
class SiteInfo:
    """What every page of a WordPress site repeats: name, tagline, menu.

    Example:
        >>> SiteInfo(url="http://127.0.0.1:8000", title="The Brew Shed", tagline="Beer.").feed_url
        'http://127.0.0.1:8000/feed/'

    Attributes:
        url: the home URL without trailing slash.
        title: the blog's name.
        tagline: the blog's description.
        menu: ``(label, url)`` pairs of the primary menu.
        language: the ``lang`` of ``<html>``.
    """

    url: str
    title: str
    tagline: str
    menu: tuple[tuple[str, str], ...] = ()
    language: str = "en-GB"

    @property
    def feed_url(self) -> str:
        return f"{self.url}/feed/"

    @property
    def comments_feed_url(self) -> str:
        return f"{self.url}/comments/feed/"


def widget_html(widget_id: str, css_class: str, title: str, inner: str) -> str:
    """Return one classic widget as Twenty Twenty-One's footer widget area prints it."""
    return (f'<section id="{widget_id}" class="widget {css_class}"><h2 class="widget-title">{esc_html(title)}</h2>'
            f'<nav aria-label="{esc_html(title)}">{inner}</nav></section>')


def recent_comments_widget(entries: list[tuple[str, str, str, str]], site_url: str) -> str:
    """Return the core "Recent Comments" widget.

    Its author links look exactly like those in a comment list: a crawler must take
    items from the post's ``ol.comment-list`` only (DOMAIN.md §2).

    Args:
        entries: ``(author, author_url, post_title, comment_url)``, newest first.
        site_url: the home URL, to give internal author links ``rel="ugc"`` only.
    """
    rows = "".join(
        f'<li class="recentcomments"><span class="comment-author-link">{comment_author_link(author, url, site_url)}'
        f'</span> on <a href="{esc_url(link)}">{esc_html(title)}</a></li>'
        for author, url, title, link in entries
    )
    return widget_html("recent-comments-2", "widget_recent_comments", "Recent Comments",
                       f'<ul id="recentcomments">{rows}</ul>')


def link_list_widget(widget_id: str, css_class: str, title: str, links: list[tuple[str, str]]) -> str:
    """Return a widget that is a plain list of links (Recent Posts, Archives, Categories)."""
    rows = "".join(f'<li><a href="{esc_url(url)}">{esc_html(label)}</a></li>\n' for label, url in links)
    return widget_html(widget_id, css_class, title, f"<ul>\n{rows}</ul>")


def search_widget(site_url: str) -> str:
    """Return the core search widget."""
    return (f'<section id="search-2" class="widget widget_search"><form role="search" method="get" '
            f'class="search-form" action="{site_url}/"><label for="search-form-1">Search&hellip;</label>'
            f'<input type="search" id="search-form-1" class="search-field" value="" name="s" />'
            f'<input type="submit" class="search-submit" value="Search" /></form></section>')


def _menu_item(item_id: int, label: str, url: str, current: bool) -> str:
    current_class = " current-menu-item" if current else ""
    aria = ' aria-current="page"' if current else ""
    return (f'<li id="menu-item-{item_id}" class="menu-item menu-item-type-custom menu-item-object-custom'
            f'{current_class} menu-item-{item_id}"><a href="{esc_url(url)}"{aria}>{esc_html(label)}</a></li>')


def page_html(site: SiteInfo, *, title: str, body_class: str, head_links: str, main: str,
              widgets: str, current_url: str = "", extra_head: str = "") -> str:
    """Return a whole Twenty Twenty-One page around ``main``.

    Args:
        site: the blog's name, tagline and menu.
        title: the ``<title>`` text (unescaped).
        body_class: ``body_class()`` output.
        head_links: extra ``<link>`` tags for this page (canonical, feeds, pingback).
        main: the inside of ``<main id="main">``.
        widgets: the footer widget area's widgets.
        current_url: the page's URL, to mark the current menu item.
        extra_head: more inline styles or scripts (the benchmark pads pages with these).

    Returns:
        The HTML document.
    """
    menu_items = "".join(_menu_item(10 + i, label, url, url == current_url)
                         for i, (label, url) in enumerate(site.menu))
    name = esc_html(site.title)
    return f"""<!doctype html>
<html lang="{site.language}" class="no-js">
<head>
	<meta charset="UTF-8" />
	<meta name="viewport" content="width=device-width, initial-scale=1.0" />
	<script>document.documentElement.className = document.documentElement.className.replace( 'no-js', 'js' );</script>
<meta name='robots' content='max-image-preview:large' />
	<title>{esc_html(title)}</title>
<link rel="alternate" type="application/rss+xml" title="{name} &raquo; Feed" href="{site.feed_url}" />
<link rel="alternate" type="application/rss+xml" title="{name} &raquo; Comments Feed" href="{site.comments_feed_url}" />
{head_links}<style id='twenty-twenty-one-style-inline-css'>
{THEME_INLINE_CSS}
</style>
<script id="wp-emoji-settings">
{THEME_INLINE_JS}
</script>
{extra_head}<link rel='stylesheet' id='twenty-twenty-one-style-css' href='{site.url}/wp-content/themes/twentytwentyone/style.css?ver=2.2' media='all' />
<link rel="https://api.w.org/" href="{site.url}/wp-json/" /><link rel="EditURI" type="application/rsd+xml" title="RSD" href="{site.url}/xmlrpc.php?rsd" />
<meta name="generator" content="WordPress 6.5.5" />
</head>

<body class="{body_class}">
<div id="page" class="site">
	<a class="skip-link screen-reader-text" href="#content">Skip to content</a>

<header id="masthead" class="site-header has-title-and-tagline has-menu">
<div class="site-branding">
	<p class="site-title"><a href="{site.url}/" rel="home">{name}</a></p>
	<p class="site-description">{esc_html(site.tagline)}</p>
</div><!-- .site-branding -->
	<nav id="site-navigation" class="primary-navigation" aria-label="Primary menu">
		<div class="primary-menu-container"><ul id="primary-menu-list" class="menu-wrapper">{menu_items}</ul></div>	</nav><!-- #site-navigation -->
</header><!-- #masthead -->

	<div id="content" class="site-content">
		<div id="primary" class="content-area">
			<main id="main" class="site-main">
{main}
			</main><!-- #main -->
		</div><!-- #primary -->
	</div><!-- #content -->

	<aside class="widget-area">
		{widgets}
	</aside><!-- .widget-area -->

	<footer id="colophon" class="site-footer">
		<div class="site-info">
			<div class="site-name"><a href="{site.url}/">{name}</a></div><!-- .site-name -->
			<div class="powered-by">Proudly powered by <a href="https://wordpress.org/">WordPress</a>.</div><!-- .powered-by -->
		</div><!-- .site-info -->
	</footer><!-- #colophon -->

</div><!-- #page -->
</body>
</html>
"""
