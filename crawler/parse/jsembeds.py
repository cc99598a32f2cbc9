"""JavaScript comment systems: their comments are not in the HTML.

A page that embeds Disqus (or Facebook comments, Commento, ...) shows zero comments to
a crawler. Recognising the embed lets the crawl say "comments are loaded by Disqus;
use an import" instead of reporting an empty post. Evidence is read from markup only
(script and iframe sources, the mount element, inline configuration), never from the
page's prose, so an article *about* Disqus is not mistaken for one that uses it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree


@dataclass(frozen=True)
class Embed:
    """How one comment system shows itself in a page.

    Example:
        >>> Embed("Giscus", sources=("giscus.app/client.js",)).name
        'Giscus'

    Attributes:
        name: the product name reported to the user.
        sources: lower-case substrings of a ``<script src>`` or ``<iframe src>``.
        ids: ``id`` values of the element the widget mounts into.
        classes: class tokens of that element.
        tags: custom element names the widget defines.
        inline: markers in inline ``<script>`` text (configuration variables).
    """

    name: str
    sources: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    classes: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    inline: tuple[str, ...] = ()


#: Known embeds, checked in this order.
EMBEDS: tuple[Embed, ...] = (
    Embed("Disqus", sources=("disqus.com/embed.js", "disqus.com/embed/comments"),
          ids=("disqus_thread",), inline=("disqus_config", "disqus_shortname", "disqus.com/embed.js")),
    Embed("Facebook comments", sources=("facebook.com/plugins/comments",), classes=("fb-comments",)),
    Embed("Commento", sources=("commento.io/js/commento.js", "/js/commento.js"), ids=("commento",)),
    Embed("Comentario", sources=("/comentario.js",), tags=("comentario-comments",)),
    Embed("Hyvor Talk", sources=("talk.hyvor.com",), ids=("hyvor-talk-view",), tags=("hyvor-talk-comments",)),
    Embed("Remark42", ids=("remark42",), inline=("remark_config",)),
    Embed("Giscus", sources=("giscus.app/client.js",), tags=("giscus-widget",)),
    Embed("utterances", sources=("utteranc.es/client.js",)),
    Embed("IntenseDebate", sources=("intensedebate.com",), ids=("idc-container",),
          inline=("idcomments_acct",)),
    Embed("Isso", ids=("isso-thread",)),
    Embed("Cusdis", sources=("cusdis.com/js/",), ids=("cusdis_thread",)),
    Embed("Coral", ids=("coral_thread",), inline=("Coral.createStreamEmbed",)),
    Embed("OpenWeb", sources=("launcher.spot.im",)),
    Embed("Vuukle", sources=("cdn.vuukle.com",), ids=("vuukle-comments",)),
    Embed("Discourse", ids=("discourse-comments",), inline=("DiscourseEmbed",)),
    Embed("GraphComment", sources=("graphcomment.com",), ids=("graphcomment",)),
    Embed("Livefyre", sources=("livefyre.com",), ids=("livefyre-comments",)),
    Embed("HyperComments", sources=("hypercomments.com",), ids=("hypercomments_widget",)),
    Embed("Cackle", sources=("cackle.me",), ids=("mc-container",)),
    Embed("Talkyard", sources=("talkyard-comments.min.js",), classes=("talkyard-comments",),
          inline=("talkyardServerUrl",)),
    Embed("Waline", sources=("@waline/client",), ids=("waline",)),
    Embed("Twikoo", sources=("twikoo",), ids=("tcomment",)),
    Embed("Valine", sources=("valine.min.js",), ids=("vcomments",)),
    Embed("Replybox", sources=("replybox.io",), ids=("replybox",)),
)

#: wpDiscuz can load its whole thread over AJAX: its mount ``#wpdcom`` is then in the
#: page with no ``wpd-comm-N`` item in it.
WPDISCUZ = "wpDiscuz"

# Cost notes (libxml2 XPath on a 100 KB page): name steps ("//script/@src") and plain
# attribute scans ("//@id") are cheap; predicates run on every element ("@id='a' or
# @id='b' ...", "self::x or self::y") cost five to ten times more. Plain strings
# (smart_strings=False) skip building a back-reference per result.
_ALL_IDS = etree.XPath("//@id", smart_strings=False)
# Every class evidence in EMBEDS ends in "-comments": scan only those attributes.
_COMMENTS_CLASSES = etree.XPath("//@class[contains(., '-comments')]", smart_strings=False)
_TAGS = etree.XPath(" | ".join(f"//{t}" for e in EMBEDS for t in e.tags))
_SOURCES = etree.XPath("//script/@src | //iframe/@src | //iframe/@data-src", smart_strings=False)
_INLINE = etree.XPath("//script[not(@src)]/text()", smart_strings=False)
_ISSO_SCRIPT = etree.XPath("boolean(//script[@data-isso])")
_INLINE_MARKERS = re.compile("|".join(re.escape(m) for e in EMBEDS for m in e.inline))
_WANTED_CLASSES = frozenset(c for e in EMBEDS for c in e.classes)
assert all(c.endswith("-comments") for c in _WANTED_CLASSES), "keep _COMMENTS_CLASSES in step with EMBEDS"


def detect(root: etree._Element) -> str | None:
    """Return the name of the JavaScript comment system the page embeds, or ``None``.

    Example:
        >>> from crawler.parse.document import parse_document
        >>> detect(parse_document('<div id="disqus_thread"></div><script>var disqus_config = 1;</script>'))
        'Disqus'
        >>> detect(parse_document('<p>We left Disqus: see disqus.com/embed.js</p>')) is None
        True

    Args:
        root: the parsed page.

    Returns:
        The product name (see :data:`EMBEDS`), ``"wpDiscuz"`` for an AJAX-only
        wpDiscuz thread, or ``None``.
    """
    ids = set(_ALL_IDS(root))
    classes = {token for value in _COMMENTS_CLASSES(root) for token in value.split()} & _WANTED_CLASSES
    tags = {element.tag for element in _TAGS(root)}
    joined_sources = "\n".join(_SOURCES(root)).lower()
    markers = set(_INLINE_MARKERS.findall("\n".join(_INLINE(root))))
    if _ISSO_SCRIPT(root):
        return "Isso"  # Isso's loader is the only script carrying data-isso
    for embed in EMBEDS:
        if (any(src in joined_sources for src in embed.sources) or ids.intersection(embed.ids)
                or classes.intersection(embed.classes) or tags.intersection(embed.tags)
                or markers.intersection(embed.inline)):
            return embed.name
    if "wpdcom" in ids and not any(value.startswith("wpd-comm-") for value in ids):
        return WPDISCUZ
    return None
