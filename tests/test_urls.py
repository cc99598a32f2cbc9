"""URL normalisation and registrable domains, with property tests."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from backlint.urls import normalize_loose_url, normalize_url, registrable_domain, site_hosts


def test_normalisation_examples():
    assert normalize_url("HTTP://Blog.Example:80/a/../post/?utm_source=x&b=2&a=1#comment-3") == \
        "http://blog.example/post/?a=1&b=2"
    assert normalize_url("https://blog.example") == "https://blog.example/"
    assert normalize_url("https://blog.example:443/p/?replytocom=5") == "https://blog.example/p/"
    assert normalize_url("/p/?cpage=2", base="https://blog.example/x/") == "https://blog.example/p/?cpage=2"
    assert normalize_url("https://blog.example/%7euser/") == normalize_url("https://blog.example/~user/")


def test_non_http_urls_are_refused():
    for url in ("mailto:a@b.example", "javascript:alert(1)", "ftp://x.example/", "", "http://", "http://[::1"):
        assert normalize_url(url) is None


def test_an_encoded_slash_is_another_page():
    assert normalize_url("https://blog.example/a%2Fb") == "https://blog.example/a%2Fb"
    assert normalize_url("https://blog.example/a%2fb") == "https://blog.example/a%2Fb"
    assert normalize_url("https://blog.example/a%2Fb") != normalize_url("https://blog.example/a/b")


def test_an_encoded_percent_sign_is_decoded_once_and_for_all():
    once = normalize_url("https://blog.example/%2541")
    assert once == "https://blog.example/%2541"
    assert normalize_url(once) == once
    assert normalize_url("https://blog.example/%41") == "https://blog.example/A"


def test_plus_signs_in_a_query_keep_their_meaning():
    encoded = normalize_url("https://blog.example/?q=a%2Bb")
    assert encoded == "https://blog.example/?q=a%2Bb"
    assert normalize_url(encoded) == encoded
    assert normalize_url("https://blog.example/?q=a+b") == "https://blog.example/?q=a+b"
    assert normalize_url("https://blog.example/?q=a%20b") == "https://blog.example/?q=a%20b"


def test_a_stray_percent_sign_is_encoded():
    assert normalize_url("https://blog.example/100%") == "https://blog.example/100%25"
    assert normalize_url("https://blog.example/a%zz/b%2") == "https://blog.example/a%25zz/b%252"
    assert normalize_url("https://blog.example/?q=100%") == "https://blog.example/?q=100%25"


def test_percent_escapes_decoded_only_where_meaning_is_kept():
    # Unreserved characters decode (RFC 3986 section 6.2.2.2); hex digits are upper-cased.
    assert normalize_url("https://blog.example/%7e%7E%2d%41/caf%c3%a9") == "https://blog.example/~~-A/caf%C3%A9"
    # A path's "?", "#", ";" and "%" keep their escape; its other sub-delimiters decode.
    assert normalize_url("https://blog.example/a%3fb%23c%3bd%25e%26f%3Dg%2Bh") == \
        "https://blog.example/a%3Fb%23c%3Bd%25e&f=g+h"
    # A query's "&", "=", "+", "#" and "%" keep theirs; ":" and "/" decode (as WordPress's oEmbed links need).
    assert normalize_url("https://blog.example/?u=https%3A%2F%2Fa.example%2F&v=%26%3d%2b%23%25") == \
        "https://blog.example/?u=https://a.example/&v=%26%3D%2B%23%25"
    # Bytes that are no UTF-8 stay as they are: two pages, not one replacement character.
    assert normalize_url("https://blog.example/%e9") == "https://blog.example/%E9"
    assert normalize_url("https://blog.example/%E9") != normalize_url("https://blog.example/%E8")


def test_loose_urls_get_http_when_they_start_with_a_host():
    assert normalize_loose_url("Ann.Example/Blog/?utm_source=x#f") == "http://ann.example/Blog/"
    assert normalize_loose_url("//ann.example/x") == "http://ann.example/x"
    assert normalize_loose_url("ann.example:8080/x") == "http://ann.example:8080/x"
    assert normalize_loose_url("ann.example.") == "http://ann.example/"
    assert normalize_loose_url("bücher.example/ä") == "http://xn--bcher-kva.example/%C3%A4"
    assert normalize_loose_url("192.0.2.7/x") == "http://192.0.2.7/x"
    assert normalize_loose_url("[2001:db8::1]/x") == "http://[2001:db8::1]/x"
    assert normalize_loose_url(" HTTPS://Ann.Example ") == "https://ann.example/"


def test_loose_urls_that_start_with_no_host_are_none():
    for value in ("", "n/a", "rel/path", "/rel/path", "///ann.example/x", "localhost", "ann", "1.5", "ann.123",
                  "a@b.example", "user:pw@ann.example", "mailto:a@b.example", "javascript:alert(1)",
                  "ftp://ann.example/", "http:/ann.example", "ann.example x", "-bad-.example", "ann.example://x"):
        assert normalize_loose_url(value) is None, value


def test_idn_hosts_become_punycode():
    assert normalize_url("https://bücher.example/") == "https://xn--bcher-kva.example/"


def test_registrable_domain_uses_the_public_suffix_list():
    assert registrable_domain("https://a.b.example.co.uk/x") == "example.co.uk"
    assert registrable_domain("someone.blogspot.com") == "someone.blogspot.com"  # private suffix
    assert registrable_domain("http://192.0.2.7/x") == "192.0.2.7"
    assert registrable_domain("localhost") == "localhost"
    assert registrable_domain("[2001:db8::1]") == registrable_domain("http://[2001:db8::1]:8080/x") == "2001:db8::1"
    assert registrable_domain("example.com:8080") == "example.com"
    assert registrable_domain("WWW.Example.COM") == "example.com"


def test_site_hosts_include_the_www_twin():
    assert site_hosts("https://www.blog.example/") == {"www.blog.example", "blog.example"}


# Percent-escapes of every byte (reserved, unreserved, controls, non-UTF-8), in upper
# and lower case hex, and the characters whose escapes matter.
_ESCAPE = st.builds(lambda byte, upper: f"%{byte:02X}" if upper else f"%{byte:02x}", st.integers(0, 255), st.booleans())
_PIECE = st.one_of(
    _ESCAPE,
    st.sampled_from(["%2F", "%2f", "%2B", "%25", "%2541", "%3F", "%23", "%26", "%3D", "%7E", "%41", "%C3%A9", "%c3%a9",
                     "+", "%", "%%", "%2", "%zz", "/", "?", "&", "=", ";", ".", "..", "%2E", "~", "é", " "]),
    st.text(max_size=4),
)
_PIECES = st.lists(_PIECE, max_size=10).map("".join)
_HOSTS = st.one_of(
    st.from_regex(r"[A-Za-z0-9.\-]{1,20}(:[0-9]{1,5})?", fullmatch=True),
    st.sampled_from(["bücher.example", "BÜCHER.Example.", "straße.example", "xn--bcher-kva.example", "例え.テスト",
                     "münchen.example:8080", "[2001:DB8::1]", "192.0.2.7:443"]),
)

urls = st.one_of(
    st.text(max_size=80),
    st.builds(lambda scheme, host, path, query, frag: f"{scheme}://{host}{path}?{query}#{frag}",
              st.sampled_from(["http", "https", "HTTP", "ftp"]),
              st.from_regex(r"[A-Za-z0-9.\-]{1,20}(:[0-9]{1,5})?", fullmatch=True),
              st.text(max_size=30).map(lambda t: "/" + t),
              st.text(max_size=30), st.text(max_size=10)),
    st.builds(lambda scheme, host, path, query: f"{scheme}://{host}/{path}?{query}",
              st.sampled_from(["http", "https"]), _HOSTS, _PIECES, _PIECES),
)
# An escape left in a normal URL: hex upper-cased, never a stray "%", never an unreserved character.
_ESCAPE_LEFT = re.compile(r"%(?![0-9A-F]{2})|%(?:2D|2E|3[0-9]|4[1-9A-F]|5[0-9AF]|6[1-9A-F]|7[0-9AE])")


@settings(max_examples=600, deadline=None)
@given(urls)
def test_normalisation_is_idempotent(url):
    once = normalize_url(url)
    if once is not None:
        assert normalize_url(once) == once
        assert _ESCAPE_LEFT.search(once) is None, once


_SEGMENT_PIECES = st.lists(_PIECE.filter(lambda p: not any(c in p for c in "/?#")), max_size=6).map("".join)


@settings(max_examples=400, deadline=None)
@given(_HOSTS, _SEGMENT_PIECES, _SEGMENT_PIECES, st.sampled_from(["%2F", "%2f"]))
def test_an_encoded_slash_keeps_urls_apart(host, before, after, slash):
    encoded = normalize_url(f"https://{host}/{before}{slash}{after}")
    if encoded is not None:
        assert "%2F" in encoded
        assert encoded != normalize_url(f"https://{host}/{before}/{after}")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_registrable_domain_never_raises(text):
    assert isinstance(registrable_domain(text), str)
