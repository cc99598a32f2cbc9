"""Every reader of a URL that may lack its scheme reads it as backlint.urls.normalize_loose_url does."""

from __future__ import annotations

from backlint.text import markup_to_text
from crawler.importers import backlinks as bl
from crawler.importers.backlinks import BacklinkRow, read_backlinks
from crawler.importers.disavow import parse_disavow
from crawler.importers.labelled import author_url_of


def test_comment_links_without_a_scheme():
    _, links = markup_to_text('<a href="//ann.example/x">a</a> <a href="mailto:a@b.example">b</a> '
                              '<a href="rel/path">c</a> <a href="ann.example/blog">d</a>')
    assert [url for url, _, _ in links] == ["http://ann.example/x", "http://ann.example/blog"]


def test_author_urls_without_a_scheme():
    assert author_url_of("//ann.example/x") == "http://ann.example/x"
    assert author_url_of("ann.example/a%2Fb") == "http://ann.example/a%2Fb"
    # An e-mail address is not its domain's home page.
    assert author_url_of("a@b.example") is None
    assert author_url_of("mailto:a@b.example") is None


def test_backlink_sources_and_targets_without_a_scheme():
    data = ("Linking page,Target page\n"
            "bücher.example/ä,mysite.example/guide\n"
            "192.0.2.7/x,//mysite.example/\n"
            "n/a,mysite.example\n").encode("utf-8")
    backlinks = read_backlinks(data)
    rows = list(backlinks.rows())
    found = [(row.source_url, row.target_url) for row in rows if isinstance(row, BacklinkRow)]
    assert found == [("http://xn--bcher-kva.example/%C3%A4", "http://mysite.example/guide"),
                     ("http://192.0.2.7/x", "http://mysite.example/")]
    assert backlinks.summary.warnings[bl.SCHEME_ASSUMED] == 2
    assert [row.line for row in rows if not isinstance(row, BacklinkRow)] == [4]


def test_top_linking_sites_keep_the_site_as_given():
    backlinks = read_backlinks(b"Site,Linking pages,Target pages\nspam.example,3,1\n//www.other.example/,1,1\n")
    assert [row.source_url for row in backlinks.rows()] == ["http://spam.example/", "http://www.other.example/"]


def test_disavow_suggests_http_only_for_a_host():
    disavow = parse_disavow("spam.example/page\nrel/path\nuser@spam.example/x\n")
    assert [(p.line, p.suggestion) for p in disavow.errors] == [
        (1, "http://spam.example/page"), (2, None), (3, None)]
