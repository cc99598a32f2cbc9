"""robots.txt rules: Protego behind a small interface, and RFC 9309's status rules."""

from __future__ import annotations

import asyncio
import doctest
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crawler.robots
from crawler.fetch import FetchResult
from crawler.robots import MAX_ROBOTS_CHARS, Robots, RobotsByOrigin, robots_for_status

FIXTURES = Path(__file__).parent / "fixtures" / "discovery"
ROBOTS_URL = "https://blog.example/robots.txt"
UA = "backlint/0.1 (+https://github.com/backlint/backlint)"


@pytest.fixture
def wordpress_robots() -> Robots:
    return Robots.parse((FIXTURES / "robots.txt").read_text(encoding="utf-8"), ROBOTS_URL)


@pytest.mark.parametrize(("path", "allowed"), [
    ("/", True),
    ("/2024/01/15/hello-world/", True),
    ("/2024/01/15/hello-world/comment-page-2/", True),
    ("/wp-admin/", False),
    ("/wp-admin/options-general.php", False),
    ("/wp-admin/admin-ajax.php", True),  # the longer Allow wins (RFC 9309 §2.2.2)
    ("/wp-admin", True),  # "/wp-admin/" does not match without its slash
    ("/wp-json/wp/v2/comments?post=1", True),
])
def test_wordpress_robots_rules(wordpress_robots: Robots, path: str, allowed: bool) -> None:
    assert wordpress_robots.can_fetch(f"https://blog.example{path}", UA) is allowed


def test_wordpress_robots_sitemap_and_delay(wordpress_robots: Robots) -> None:
    assert wordpress_robots.kind == "parsed"
    assert wordpress_robots.sitemaps == ["https://blog.example/wp-sitemap.xml"]
    assert wordpress_robots.crawl_delay(UA) is None


def test_group_for_our_agent_beats_the_star_group() -> None:
    robots = Robots.parse(
        "User-agent: *\nDisallow: /\n\n"
        "User-agent: backlint\nDisallow: /private/\nCrawl-delay: 2.5\n",
        ROBOTS_URL,
    )
    # Protego matches the product token inside a full User-Agent header.
    assert robots.can_fetch("https://blog.example/hello-world/", UA) is True
    assert robots.can_fetch("https://blog.example/private/notes", UA) is False
    assert robots.crawl_delay(UA) == 2.5
    assert robots.can_fetch("https://blog.example/hello-world/", "OtherBot/1.0") is False
    assert robots.crawl_delay("OtherBot/1.0") is None


def test_sitemaps_are_absolute_normalised_and_unique() -> None:
    robots = Robots.parse(
        "Sitemap: /sitemap_index.xml\n"
        "Sitemap: HTTPS://Blog.Example:443/wp-sitemap.xml\n"
        "sitemap: https://blog.example/wp-sitemap.xml\n"
        "Sitemap: ftp://blog.example/sitemap.xml\n"
        "User-agent: *\nDisallow:\n",
        ROBOTS_URL,
    )
    assert robots.sitemaps == [
        "https://blog.example/sitemap_index.xml",
        "https://blog.example/wp-sitemap.xml",
    ]


def test_byte_order_mark_does_not_hide_the_first_group() -> None:
    text = "\ufeffUser-agent: *\nDisallow: /wp-admin/\n"
    assert Robots.parse(text, ROBOTS_URL).can_fetch("https://blog.example/wp-admin/x", UA) is False
    data = text.encode("utf-8")
    assert Robots.parse(data, ROBOTS_URL).can_fetch("https://blog.example/wp-admin/x", UA) is False


def test_bytes_with_invalid_utf8_are_read() -> None:
    robots = Robots.parse(b"User-agent: *\nDisallow: /caf\xe9/\nDisallow: /private/\n", ROBOTS_URL)
    assert robots.can_fetch("https://blog.example/private/a", UA) is False
    assert robots.can_fetch("https://blog.example/public/a", UA) is True


@pytest.mark.parametrize("value", ["-5", "inf", "nan", "soon"])
def test_unusable_crawl_delay_is_absent(value: str) -> None:
    robots = Robots.parse(f"User-agent: *\nCrawl-delay: {value}\nDisallow: /x\n", ROBOTS_URL)
    assert robots.crawl_delay(UA) is None


def test_rules_past_the_parsing_limit_are_ignored() -> None:
    # RFC 9309 §2.5: a parsing limit of at least 500 KiB; ours is exactly that.
    padding = "# padding line\n" * (MAX_ROBOTS_CHARS // 15 + 1)
    robots = Robots.parse("User-agent: *\nDisallow: /early/\n" + padding + "Disallow: /late/\n", ROBOTS_URL)
    assert robots.can_fetch("https://blog.example/early/", UA) is False
    assert robots.can_fetch("https://blog.example/late/", UA) is True


def test_garbage_text_allows_everything() -> None:
    robots = Robots.parse("<html><body>Not Found</body></html>\n\x00\x01", ROBOTS_URL)
    assert robots.can_fetch("https://blog.example/anything", UA) is True
    assert robots.sitemaps == []


def test_allow_all_and_disallow_all() -> None:
    assert Robots.allow_all().can_fetch("https://blog.example/wp-admin/", UA) is True
    assert Robots.disallow_all().can_fetch("https://blog.example/", UA) is False
    for robots in (Robots.allow_all(), Robots.disallow_all()):
        assert robots.sitemaps == []
        assert robots.crawl_delay(UA) is None
    assert repr(Robots.disallow_all()) == "Robots(kind='disallow-all', sitemaps=[])"


@pytest.mark.parametrize(("status", "kind"), [
    (None, "disallow-all"),  # §2.3.1.4: no answer at all
    (200, "parsed"),
    (203, "parsed"),
    (301, "allow-all"),      # §2.3.1.2: redirects not resolved after the hops
    (401, "allow-all"),      # §2.3.1.3: every 4xx is "unavailable", 401/403 included
    (403, "allow-all"),
    (404, "allow-all"),
    (410, "allow-all"),
    (429, "disallow-all"),   # "slow down" is not "no file"
    (500, "disallow-all"),   # §2.3.1.4
    (503, "disallow-all"),
    (599, "disallow-all"),
    (102, "disallow-all"),
])
def test_robots_for_status(status: int | None, kind: str) -> None:
    text = "User-agent: *\nDisallow: /wp-admin/\n"
    robots = robots_for_status(status, text, ROBOTS_URL)
    assert robots.kind == kind
    if kind == "parsed":
        assert robots.can_fetch("https://blog.example/wp-admin/", UA) is False
        assert robots.can_fetch("https://blog.example/", UA) is True


def test_status_200_with_empty_body_allows_everything() -> None:
    robots = robots_for_status(200, "", ROBOTS_URL)
    assert robots.can_fetch("https://blog.example/wp-admin/", UA) is True


def test_docstring_examples() -> None:
    results = doctest.testmod(crawler.robots)
    assert results.attempted > 0
    assert results.failed == 0


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(), st.binary()), url=st.text(), user_agent=st.text())
def test_parse_never_raises(text: str | bytes, url: str, user_agent: str) -> None:
    robots = Robots.parse(text, ROBOTS_URL)
    assert isinstance(robots.can_fetch("https://blog.example/" + url, user_agent), bool)
    assert isinstance(robots.can_fetch(url, user_agent), bool)
    delay = robots.crawl_delay(user_agent)
    assert delay is None or (math.isfinite(delay) and delay >= 0)
    assert all(s.startswith(("http://", "https://")) for s in robots.sitemaps)


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(st.sampled_from([
    "User-agent: *", "User-agent: backlint", "Disallow: /", "Disallow: /wp-admin/",
    "Allow: /wp-admin/admin-ajax.php", "Disallow: /*?replytocom=", "Allow: /$",
    "Crawl-delay: 10", "Sitemap: https://blog.example/wp-sitemap.xml", "", "# comment",
])), path=st.text())
def test_rule_soups_never_raise(lines: list[str], path: str) -> None:
    robots = Robots.parse("\n".join(lines), ROBOTS_URL)
    assert isinstance(robots.can_fetch("https://blog.example/" + path, UA), bool)


# -- one fetch per origin, shared by the crawl and the verification ----------------------------

class _CountingFetcher:
    """Answers robots.txt requests after a pause, counting them."""

    def __init__(self, status: int, text: str = "") -> None:
        self.status, self.text = status, text
        self.fetched: list[str] = []
        self.delays: dict[str, float | None] = {}

    async def fetch(self, url: str):
        self.fetched.append(url)
        await asyncio.sleep(0.01)  # every other task asks while this fetch is under way
        return FetchResult(url=url, status=self.status, content_type="text/plain", text=self.text)

    def set_crawl_delay(self, host: str, delay: float | None) -> None:
        self.delays[host] = delay


def test_each_origin_is_fetched_once_however_many_ask() -> None:
    fetcher = _CountingFetcher(200, "User-agent: *\nDisallow: /private/\nCrawl-delay: 3\n")
    seen = []
    rules = RobotsByOrigin(fetcher, "backlint", on_fetched=lambda *args: seen.append(args[:2]))

    async def ask():
        return await asyncio.gather(*(rules.get(f"https://blog.example/p/{n}/") for n in range(20)),
                                    rules.get("https://other.example/"))

    answers = asyncio.run(ask())
    assert sorted(fetcher.fetched) == ["https://blog.example/robots.txt", "https://other.example/robots.txt"]
    assert seen.count(("https://blog.example", "https://blog.example/robots.txt")) == 1
    robots, failed = answers[0]
    assert failed is None and not robots.can_fetch("https://blog.example/private/x", "backlint")
    assert fetcher.delays["blog.example"] == 3.0


def test_a_server_error_disallows_all_and_hands_back_the_failed_fetch() -> None:
    robots, failed = asyncio.run(RobotsByOrigin(_CountingFetcher(503), "backlint").get("https://down.example/a"))
    assert robots.kind == "disallow-all"
    assert failed is not None and failed.status == 503
