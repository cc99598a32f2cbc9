"""URL normalisation and registrable domains, with property tests."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from backlint.urls import normalize_url, registrable_domain, site_hosts


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


urls = st.one_of(
    st.text(max_size=80),
    st.builds(lambda scheme, host, path, query, frag: f"{scheme}://{host}{path}?{query}#{frag}",
              st.sampled_from(["http", "https", "HTTP", "ftp"]),
              st.from_regex(r"[A-Za-z0-9.\-]{1,20}(:[0-9]{1,5})?", fullmatch=True),
              st.text(max_size=30).map(lambda t: "/" + t),
              st.text(max_size=30), st.text(max_size=10)),
)


@settings(max_examples=400, deadline=None)
@given(urls)
def test_normalisation_is_idempotent(url):
    once = normalize_url(url)
    if once is not None:
        assert normalize_url(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_registrable_domain_never_raises(text):
    assert isinstance(registrable_domain(text), str)
