"""How long ``parse_page`` takes on a realistic 100 KB WordPress post with 50 comments.

The crawler's budget is 150 pages/s on 2 cores, i.e. about 13 ms of CPU per page for
fetch, parse and store together; the parser's share is meant to stay under 5 ms.
For comparison the script also times a bare BeautifulSoup parse of the same page
(no extraction at all).

Run:
    .venv/bin/python bench/bench_parse.py [--pages N]

Prints figures; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings

from backlint.urls import normalize_url
from crawler.parse import parse_page

POST_URL = "https://bench.example/2024/05/a-long-post-about-gardens/"
COMMENTS = 50


def _comment(n: int, depth: int) -> str:
    # The markup Walker_Comment::html5_comment() prints in twentytwentyone.
    author = (f'<a href="https://commenter{n}.example/blog/" class="url" rel="ugc external nofollow">Commenter {n}</a>'
              if n % 3 else f"Commenter {n}")
    spam = f' [url=https://spam{n}.example/]cheap thing {n}[/url]' if n % 10 == 0 else ""
    return f"""
		<li id="comment-{1000 + n}" class="comment {'even' if n % 2 else 'odd alt'} depth-{depth}">
			<article id="div-comment-{1000 + n}" class="comment-body">
				<footer class="comment-meta">
					<div class="comment-author vcard">
						<img alt='' src='https://secure.gravatar.com/avatar/{n:032x}?s=60&#038;d=mm&#038;r=g' srcset='https://secure.gravatar.com/avatar/{n:032x}?s=120&#038;d=mm&#038;r=g 2x' class='avatar avatar-60 photo' height='60' width='60' loading='lazy' decoding='async'/>
						<b class="fn">{author}</b> <span class="says">says:</span>
					</div><!-- .comment-author -->
					<div class="comment-metadata">
						<a href="{POST_URL}#comment-{1000 + n}"><time datetime="2024-05-{1 + n % 28:02d}T10:{n % 60:02d}:00+00:00">May {1 + n % 28}, 2024 at 10:{n % 60:02d} am</time></a>
					</div><!-- .comment-metadata -->
				</footer><!-- .comment-meta -->
				<div class="comment-content">
					<p>Thanks for this detailed write-up about raised beds and soil. I tried the approach you describe
					with <a href="https://garden-tools-{n % 7}.example/guide/{n}" rel="nofollow ugc">this guide</a> and it worked well
					for tomatoes, less so for peppers.{spam}</p>
					<p>One question: how do you handle slugs in a wet spring? Mine ate everything last year, twice.</p>
				</div><!-- .comment-content -->
				<div class="reply"><a rel='nofollow' class='comment-reply-link' href='{POST_URL}?replytocom={1000 + n}#respond' data-commentid="{1000 + n}" data-postid="7" data-belowelement="div-comment-{1000 + n}" data-respondelement="respond" data-replyto="Reply to Commenter {n}" aria-label='Reply to Commenter {n}'>Reply</a></div>
			</article><!-- .comment-body -->"""


def _comment_list() -> str:
    parts = []
    n = 0
    while n < COMMENTS:
        parts.append(_comment(n, 1))
        n += 1
        if n % 5 == 0 and n < COMMENTS:  # every fifth thread has a reply
            parts.append('<ol class="children">' + _comment(n, 2) + "</li></ol>")
            n += 1
        parts.append("</li><!-- #comment-## -->")
    return "\n".join(parts)


def build_page(comments: bool = True) -> str:
    """Return a WordPress (twentytwentyone) post page of about 100 KB with 50 comments.

    Args:
        comments: ``False`` leaves the comment list out, padding the post instead: the
            shape of most pages a crawl meets (archives, pages, posts without
            comments), on which every engine runs and finds nothing.
    """
    css = "\n".join(f".wp-block-{i} {{ margin: {i}px; padding: {i % 9}px; color: #{i:06x}; }}" for i in range(120))
    menu = "".join(f'<li class="menu-item menu-item-{i}"><a href="https://bench.example/topic-{i}/">Topic {i}</a></li>'
                   for i in range(40))
    paragraphs = 40 if comments else 400
    content = "".join(f"<p>Paragraph {i} about compost, mulch and <a href=\"https://bench.example/tag/t{i}/\">tag {i}</a>."
                      " Raised beds drain better, warm sooner and keep paths clear of mud.</p>" for i in range(paragraphs))
    comment_list = _comment_list() if comments else ""
    widgets = "".join(f'<li><a href="https://bench.example/2023/{1 + i % 12:02d}/post-{i}/">Older post {i}</a></li>'
                      for i in range(40))
    page = f"""<!doctype html>
<html lang="en-US"><head><meta charset="UTF-8" />
<title>A long post about gardens &#8211; Bench Blog</title>
<link rel="pingback" href="https://bench.example/xmlrpc.php">
<link rel="alternate" type="application/rss+xml" href="https://bench.example/feed/" />
<link rel="https://api.w.org/" href="https://bench.example/wp-json/" />
<link rel="canonical" href="{POST_URL}" />
<style id="global-styles-inline-css">{css}</style>
<script>window._wpemojiSettings = {{"baseUrl":"https:\\/\\/s.w.org\\/images\\/core\\/emoji\\/15.0.3\\/72x72\\/"}};</script>
</head><body class="single single-post">
<header id="masthead"><nav id="site-navigation"><ul class="menu">{menu}</ul></nav></header>
<main id="main"><article id="post-7" class="post"><h1 class="entry-title">A long post about gardens</h1>
<div class="entry-content">{content}</div></article>
<div id="comments" class="comments-area"><h2 class="comments-title">{COMMENTS} Replies</h2>
<ol class="comment-list">{comment_list}</ol>
<nav class="navigation comments-pagination" aria-label="Comments"><div class="nav-links">
<a class="prev page-numbers" href="{POST_URL}comment-page-1/#comments">Older comments</a></div></nav>
<div id="respond" class="comment-respond"><form action="https://bench.example/wp-comments-post.php" method="post" id="commentform" class="comment-form">
<textarea id="comment" name="comment"></textarea><input name="submit" type="submit" id="submit" class="submit" value="Post Comment" /></form></div>
</div></main>
<aside class="widget-area"><section class="widget widget_recent_entries"><ul>{widgets}</ul></section></aside>
<footer id="colophon"><a href="https://wordpress.org/">Proudly powered by WordPress</a></footer>
</body></html>"""
    return page


def _time_per_page(run, pages: int) -> list[float]:
    samples = []
    for _ in range(pages):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def _report(label: str, samples: list[float]) -> None:
    # The minimum is the cost of the work itself; median and p95 add whatever else the
    # machine was doing.
    samples = sorted(samples)
    p95 = samples[int(len(samples) * 0.95) - 1]
    print(f"{label:<44} min {samples[0]:6.2f}   median {statistics.median(samples):6.2f}   p95 {p95:6.2f} ms/page")


def main() -> None:
    """Build the page, time the parsers, print ms/page."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300, help="pages to time per variant")
    args = parser.parse_args()

    data = build_page().encode("utf-8")
    bare = build_page(comments=False).encode("utf-8")
    for label, body in (("with comments", data), ("without comments", bare)):
        page = parse_page(body, POST_URL)
        print(f"page {label}: {len(body) / 1024:.1f} KB, {len(page.items)} items, {len(page.links)} links, "
              f"engine={page.engine!r}, comment_pages={len(page.comment_pages)}")

    def cold(body: bytes) -> None:
        # Empty the cross-page URL cache: every URL is normalised afresh, as on the
        # first page of a site.
        normalize_url.cache_clear()
        parse_page(body, POST_URL)

    _report("parse_page, 50 comments, URL cache cold", _time_per_page(lambda: cold(data), args.pages))
    _report("parse_page, 50 comments, URL cache warm", _time_per_page(lambda: parse_page(data, POST_URL), args.pages))
    _report("parse_page, no comments (all engines run)", _time_per_page(lambda: cold(bare), args.pages))

    from bs4 import BeautifulSoup

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _report("BeautifulSoup(html.parser), parse only", _time_per_page(lambda: BeautifulSoup(data, "html.parser"),
                                                                           max(20, args.pages // 10)))
        _report("BeautifulSoup(lxml), parse only", _time_per_page(lambda: BeautifulSoup(data, "lxml"),
                                                                  max(20, args.pages // 10)))


if __name__ == "__main__":
    main()
