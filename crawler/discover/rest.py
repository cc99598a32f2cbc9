"""WordPress REST API answers: posts to crawl, comments to store.

``/wp-json/wp/v2/comments`` is the richest public source of comments: unlike the
comment feeds it gives each commenter's ``author_url`` (DOMAIN.md §2). Without
credentials WordPress returns only approved items of type ``comment``; with an
Application Password it also returns pingbacks and trackbacks, and
:func:`parse_rest_comments` keeps their type; asked with ``context=edit``, each
comment also says its moderation status and the commenter's e-mail and IP
(``edit_context=True``).

What REST does not say is the ``rel`` of the author link: WordPress adds
``rel="external nofollow ugc"`` when it renders the page, not in the API. Author
links therefore carry ``rel=()`` here, and the HTML crawl of the same post supplies
the real value. Links inside ``content.rendered`` keep the ``rel`` WordPress stored
(``nofollow ugc`` on links commenters wrote).

Every function here is pure and never raises on bad input: malformed JSON gives an
empty list, and :func:`parse_rest_comments_checked` says why.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from typing import Any

from backlint.dates import wordpress_date
from backlint.records import ITEM_TYPES, Item, Link
from backlint.text import text_and_links
from backlint.urls import normalize_url
from crawler.discover.feeds import comment_post_url
from crawler.parse.safexml import collapse

#: Comment types that are never public discussion: WordPress's editorial notes
#: (``note``, 6.9+) and WooCommerce's private order notes.
PRIVATE_COMMENT_TYPES = frozenset({"note", "order_note"})

# WordPress ids are unsigned 64-bit integers.
_MAX_ID = 2**64


def parse_rest_posts(body: bytes | str | list[Any]) -> list[str]:
    """Return the ``link`` of each post or page in a ``/wp/v2/posts`` answer.

    Example:
        >>> parse_rest_posts(b'[{"id": 1, "link": "https:\\\\/\\\\/blog.example\\\\/hello-world\\\\/"}]')
        ['https://blog.example/hello-world/']

    Args:
        body: the JSON body, or the already-decoded list.

    Returns:
        The normalised links, in order, without duplicates; ``[]`` for anything
        that is not a list of objects.
    """
    data, _ = _decode(body)
    links: list[str] = []
    if not isinstance(data, list):
        return links
    for post in data:
        if isinstance(post, dict):
            link = normalize_url(_string(post.get("link")))
            if link and link not in links:
                links.append(link)
    return links


def parse_rest_comments(body: bytes | str | list[Any]) -> list[Item]:
    """Map a ``/wp/v2/comments`` answer to items.

    Example:
        >>> items = parse_rest_comments(b'''[{"id": 3, "parent": 0, "author_name": "Ann",
        ...   "author_url": "https://ann.example/", "date_gmt": "2024-01-15T10:20:30",
        ...   "content": {"rendered": "<p>Nice post!</p>\\\\n"}, "type": "comment",
        ...   "link": "https://blog.example/hello-world/#comment-3"}]''')
        >>> items[0].post_url, items[0].site_item_id, items[0].date, items[0].text
        ('https://blog.example/hello-world/', '3', '2024-01-15T10:20:30+00:00', 'Nice post!')

    Args:
        body: the JSON body, or the already-decoded list.

    Returns:
        One :class:`~backlint.records.Item` per usable comment (``source="rest"``,
        ``engine="wordpress"``); ``[]`` for malformed JSON or a WordPress error.
    """
    return parse_rest_comments_checked(body)[0]


def parse_rest_comments_checked(body: bytes | str | list[Any], *,
                                edit_context: bool = False) -> tuple[list[Item], str | None]:
    """Like :func:`parse_rest_comments`, and say what was wrong.

    Example:
        >>> items, error = parse_rest_comments_checked(b'''[{"id": 9, "status": "hold",
        ...   "type": "trackback", "author_email": "", "author_ip": "192.0.2.7",
        ...   "link": "https://blog.example/hello-world/#comment-9"}]''', edit_context=True)
        >>> items[0].type, items[0].status, items[0].author_ip, error
        ('trackback', 'pending', '192.0.2.7', None)

    Args:
        body: the JSON body, or the already-decoded list.
        edit_context: the answer is a ``context=edit`` listing by a user who may
            moderate: each item also carries its moderation ``status`` (see
            :func:`store_status`) and the commenter's raw ``author_email`` and
            ``author_ip`` — personal data the caller hashes or keeps.

    Returns:
        ``(items, error)``: ``error`` is ``None`` for a clean answer, else one
        message: malformed JSON, a WordPress error object (see :func:`rest_error`),
        an answer that is not a list, or how many entries were skipped.
    """
    data, problem = _decode(body)
    if problem:
        return [], problem
    wp_error = rest_error(data)
    if wp_error:
        return [], wp_error
    if not isinstance(data, list):
        return [], f"expected a JSON list of comments, got {type(data).__name__}"
    items: list[Item] = []
    skipped = 0
    for entry in data:
        item = _comment_item(entry, edit_context) if isinstance(entry, dict) else None
        if item is None:
            # Private notes are left out on purpose; anything else is worth reporting.
            if not (isinstance(entry, dict) and _comment_type(entry.get("type")) in PRIVATE_COMMENT_TYPES):
                skipped += 1
            continue
        items.append(item)
    if skipped:
        return items, f"skipped {skipped} entr{'y' if skipped == 1 else 'ies'} without a usable id or link"
    return items, None


def rest_total_pages(headers: Mapping[str, str]) -> int | None:
    """Return ``X-WP-TotalPages`` as an int, or ``None`` when absent or invalid.

    Example:
        >>> rest_total_pages({"x-wp-totalpages": "7"})
        7

    Args:
        headers: response headers; names are matched case-insensitively.
    """
    try:
        pairs = list(headers.items())
    except (AttributeError, TypeError):
        return None
    for name, value in pairs:
        if isinstance(name, str) and name.lower() == "x-wp-totalpages":
            if isinstance(value, int) and not isinstance(value, bool):
                return value if value >= 0 else None
            return _small_int(value) if isinstance(value, str) else None
    return None


def rest_error(body: bytes | str | Any) -> str | None:
    """Recognise a WordPress REST error object and describe it.

    WordPress answers errors as ``{"code": ..., "message": ..., "data": {"status": N}}``;
    an unauthenticated request for pings gets ``rest_forbidden_param``.

    Example:
        >>> rest_error(b'{"code": "rest_forbidden_param", "message": "Query parameter '
        ...            b'not permitted: type", "data": {"status": 401}}')
        'rest_forbidden_param (HTTP 401): Query parameter not permitted: type'

    Args:
        body: the JSON body or the decoded value.

    Returns:
        ``"<code> (HTTP <status>): <message>"`` (status when given), or ``None``
        when ``body`` is not an error object.
    """
    data = _decode(body)[0] if isinstance(body, (bytes, bytearray, str)) else body
    if not isinstance(data, dict):
        return None
    code, message = data.get("code"), data.get("message")
    if not isinstance(code, str) or not code or not isinstance(message, str):
        return None
    details = data.get("data")
    status = details.get("status") if isinstance(details, dict) else None
    if isinstance(status, int) and not isinstance(status, bool):
        return f"{code} (HTTP {status}): {collapse(message)}"
    return f"{code}: {collapse(message)}"


#: REST's ``status`` (``prepare_status_response`` in WordPress's comments controller)
#: in the store's words; ``post-trashed`` marks comments of a post in the trash.
_STORE_STATUS = {"approved": "approved", "approve": "approved", "1": "approved",
                 "hold": "pending", "0": "pending", "spam": "spam", "trash": "trash",
                 "post-trashed": "post-trashed"}


def store_status(value: Any) -> str | None:
    """Map a REST comment ``status`` to the store's ``items.status``.

    Example:
        >>> store_status("hold"), store_status("approved"), store_status("weird")
        ('pending', 'approved', None)
    """
    return _STORE_STATUS.get(_string(value).strip().lower())


# --- one comment ---------------------------------------------------------------


def _comment_item(entry: dict[str, Any], edit_context: bool = False) -> Item | None:
    item_type = _item_type(entry.get("type"))
    site_item_id = _id(entry.get("id"))
    link = _string(entry.get("link"))
    post_url = comment_post_url(link)
    if item_type is None or site_item_id is None or post_url is None:
        return None
    # Pings store the source page's <title> as written, entities and all
    # ("Other Blog &#8211; Links"); the page shows it decoded, and so do we.
    author_name = collapse(html.unescape(_string(entry.get("author_name"))))
    # WordPress stores a missing author URL as "" (and older sites as "http://").
    author_url = normalize_url(_string(entry.get("author_url")))
    content = entry.get("content")
    rendered = _string(content.get("rendered")) if isinstance(content, dict) else ""
    # Relative hrefs in a comment resolve against the page it is shown on.
    text, body_links = html_text_and_links(rendered, base=normalize_url(link) or post_url)
    links = [Link(url=author_url, anchor=author_name, rel=(), is_author_link=True)] if author_url else []
    moderation: dict[str, Any] = {}
    if edit_context:
        moderation = {"status": store_status(entry.get("status")),
                      "author_email": _string(entry.get("author_email")).strip() or None,
                      "author_ip": _string(entry.get("author_ip")).strip() or None}
    return Item(
        type=item_type,
        post_url=post_url,
        site_item_id=site_item_id,
        author_name=author_name,
        author_url=author_url,
        # date_gmt is in UTC without an offset; "date" is in the site's own zone, which
        # the answer does not name: kept without an offset rather than guessed.
        date=wordpress_date(entry.get("date_gmt"), gmt=True) or wordpress_date(entry.get("date"), gmt=False),
        text=text,
        parent_id=_id(entry.get("parent")),
        source="rest",
        engine="wordpress",
        links=links + body_links,
        **moderation,
    )


def _comment_type(value: Any) -> str:
    return _string(value).strip().lower()


def _item_type(value: Any) -> str | None:
    # Old rows have an empty type; "comment" is what WordPress means by it.
    # Plugin types (WooCommerce "review", ...) are public user text: comments.
    item_type = _comment_type(value)
    if item_type in PRIVATE_COMMENT_TYPES:
        return None
    return item_type if item_type in ITEM_TYPES else "comment"


def _id(value: Any) -> str | None:
    # WordPress ids are positive integers; 0 means "none" (a top-level parent).
    if isinstance(value, str):
        value = _small_int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return str(value) if 0 < value < _MAX_ID else None


def _small_int(text: str) -> int | None:
    # Digits only, and short: int() of a 5,000-digit string raises ValueError.
    text = text.strip()
    if text.isascii() and text.isdigit() and len(text) <= 18:
        return int(text)
    return None


# --- rendered HTML ---------------------------------------------------------------


def html_text_and_links(fragment: str, base: str) -> tuple[str, list[Link]]:
    """Turn rendered comment HTML into plain text and its links.

    ``content.rendered`` is the ``comment_text`` filter's output: ``make_clickable()``
    has already made links of the URLs written as text, so its ``<a>`` are all the links
    there are, as on the crawled page (:func:`backlint.text.markup_to_text` with
    ``rendered=True``).

    Example:
        >>> html_text_and_links('<p>See <a href="/x" rel="Nofollow UGC">this</a></p>',
        ...                     "https://blog.example/post/")
        ('See this', [Link(url='https://blog.example/x', anchor='this', rel=('nofollow', 'ugc'), is_author_link=False)])

    Args:
        fragment: an HTML fragment (``content.rendered``).
        base: the URL relative hrefs resolve against.

    Returns:
        ``(text, links)``: the text with one line per block and whitespace
        collapsed inside lines; every ``<a href>`` that is an http(s) URL, in
        document order, with its anchor text and lower-cased ``rel`` values.
    """
    return text_and_links(fragment, base=base, rendered=True)


# --- JSON ----------------------------------------------------------------------


def _decode(body: Any) -> tuple[Any, str | None]:
    if isinstance(body, (bytes, bytearray)):
        try:
            # utf-8-sig: a BOM before the JSON (a plugin's stray output) is harmless.
            body = bytes(body).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            return None, f"REST answer is not UTF-8: {exc.reason} at byte {exc.start}"
    if isinstance(body, str):
        try:
            return json.loads(body.lstrip("\ufeff")), None
        except (ValueError, RecursionError) as exc:
            return None, f"REST answer is not JSON: {_json_problem(exc)}"
    return body, None


def _json_problem(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at line {exc.lineno} column {exc.colno}"
    return str(exc) or type(exc).__name__


def _string(value: Any) -> str:
    return value if isinstance(value, str) else ""
