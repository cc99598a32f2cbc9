"""Comment-content signals and outbound hygiene: exact strengths and evidence, the hard
cases of the grading fixture set, and properties (never raises, strengths in [0, 1],
deterministic, a spam feature never lowers the points)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import grading.signals  # noqa: F401  (registers every signal)
from backlint.urls import host_of, registrable_domain
from grading.core import SIGNALS, AuditStats, Context, Hit, ItemFacts, LinkFacts, Reason, combine
from grading.rules import load_rules
from grading.signals import content
from grading.signals.behaviour import audit_stats

RULES = load_rules()
FAMILIES = ("content.", "behaviour.")
ITEM_SIGNALS = [s for s in SIGNALS.values() if s.subject == "item" and s.name.startswith(FAMILIES)]


def ctx(stats: AuditStats | None = None, **fields) -> Context:
    return Context(rules=RULES, stats=stats or AuditStats(**fields))


def link(url: str, anchor: str = "", rel: tuple[str, ...] | None = ("nofollow", "ugc"), author: bool = False,
         direction: str = "outbound_ugc") -> LinkFacts:
    return LinkFacts(url=url, host=host_of(url), domain=registrable_domain(url), anchor=anchor, rel=rel,
                     is_author_link=author, direction=direction)


def comment(text: str, author: str = "Anna", links: tuple[LinkFacts, ...] = (), type: str = "comment",
            key: str = "id:1") -> ItemFacts:
    return ItemFacts(key=key, type=type, author_name=author, text=text, links=links)


def reasons(item: ItemFacts, context: Context) -> list[Reason]:
    """The item's reasons from the content and behaviour families, as the engine makes them."""
    found = []
    for sig in ITEM_SIGNALS:
        hit = sig.fn(item, context)
        if hit is not None:
            found.append(Reason(sig.name, round(RULES.weight(sig.name) * hit.strength, 2), hit.evidence))
    return found


def fired(item: ItemFacts, context: Context | None = None) -> dict[str, Hit]:
    context = context or ctx()
    return {s.name: h for s in ITEM_SIGNALS if (h := s.fn(item, context)) is not None}


# -- links ------------------------------------------------------------------------------------------

def test_one_link_in_the_text_is_not_counted_against_a_comment():
    item = comment("Here is my write-up", links=(link("https://anna.example/", author=True),
                                                  link("https://anna.example/post/", "write-up")))
    assert content.link_count(item, ctx()) is None


def test_link_count_counts_html_links_and_written_urls_once_each():
    item = comment("see https://a.example/x/ and http://c.example/x",
                   links=(link("https://anna.example/", author=True),
                          link("https://a.example/x", "https://a.example/x"), link("https://d.example/", "here")))
    assert content.link_count(item, ctx()) == Hit(
        0.5, "3 links in the text (WordPress holds comments with 2 or more): "
             "'https://a.example/x', 'https://d.example/', 'http://c.example/x'")


def test_link_count_grows_to_full_strength_at_five():
    strengths = []
    for n in range(1, 7):
        text = " ".join(f"http://s{i}.example/" for i in range(n))
        hit = content.link_count(comment(text), ctx())
        strengths.append(hit.strength if hit else 0.0)
    assert strengths == [0.0, 0.25, 0.5, 0.75, 1.0, 1.0]


def test_bbcode_link_is_found_with_its_anchor():
    item = comment("Great post! [url=http://cheap-pills.example/]cheap pills[/url]")
    assert content.bbcode_links(item, ctx()) == Hit(
        0.6, "1 BBCode link in the text: [url=http://cheap-pills.example/]cheap pills[/url]")


def test_bbcode_link_and_url_forms_and_unclosed_tags_all_count():
    item = comment("[URL=http://a.example/]A[/URL] [link=http://b.example/]B[/link] "
                   "[url]http://c.example/[/url] [url=http://d.example/]")
    hit = content.bbcode_links(item, ctx())
    assert hit.strength == 1.0
    assert hit.evidence == ("4 BBCode links in the text: [url=http://a.example/]A[/url], "
                            "[url=http://b.example/]B[/url], [url=http://c.example/]http://c.example/[/url] and 1 more")


def test_bare_urls_and_domain_names_written_in_the_text():
    item = comment("visit www.spam.example or casino-bonus.xyz today")
    assert content.bare_urls(item, ctx()) == Hit(
        0.6667, "2 URLs or domain names written in the text: 'www.spam.example', 'casino-bonus.xyz'")


def test_file_names_abbreviations_and_emails_are_not_domain_names():
    item = comment("e.g. node.js, README.md and script.py; write to anna@mail.example. End.Start")
    assert content.bare_urls(item, ctx()) is None


# -- keyword anchors and names ----------------------------------------------------------------------

def test_keyword_anchor_in_html_and_bbcode_links():
    item = comment("[url=http://x.example/]cheap pills[/url] and best payday loans",
                   links=(link("http://y.example/", "best payday loans"),))
    assert content.keyword_anchor(item, ctx()) == Hit(1.0, "2 keyword anchors: 'best payday loans', 'cheap pills'")


@pytest.mark.parametrize("anchor", ["here", "my blog", "click here", "John Smith", "https://anna.example/post",
                                    "anna.example", "read more"])
def test_names_urls_and_here_are_not_keyword_anchors(anchor):
    item = comment(f"see {anchor}", links=(link("https://anna.example/post", anchor),))
    assert content.keyword_anchor(item, ctx()) is None


def test_a_modifier_and_a_product_is_a_weaker_keyword_anchor():
    item = comment("try seo services", links=(link("http://y.example/", "seo services"),))
    assert content.keyword_anchor(item, ctx()) == Hit(0.5, "1 keyword anchor: 'seo services'")


@pytest.mark.parametrize("name, strength, words", [
    ("Best Payday Loans", 1.0, "'best', 'payday loan'"),
    ("Buy Cheap Pills", 1.0, "'buy', 'cheap', 'pill'"),
    ("cheap seo services", 0.7, "'cheap', 'seo services'"),
    ("Casino", 0.7, "'casino'"),
])
def test_keyword_author_names(name, strength, words):
    assert content.keyword_author_name(comment("Hi", author=name), ctx()) == Hit(
        strength, f"author name {name!r} is a keyword phrase: {words}")


@pytest.mark.parametrize("name", ["Anna", "John Best", "Sourdough Sam", "Top Gun Fan", ""])
def test_people_are_not_keyword_author_names(name):
    assert content.keyword_author_name(comment("Hi", author=name), ctx()) is None


def test_author_name_that_is_a_domain():
    own = comment("Hi", author="casino-bonus.xyz", links=(link("http://casino-bonus.xyz/", author=True),))
    assert content.author_name_is_domain(own, ctx()) == Hit(
        1.0, "author name 'casino-bonus.xyz' is a domain name (the author link's own domain)")
    assert content.author_name_is_domain(comment("Hi", author="https://www.Cheap-Loans.com/"), ctx()) == Hit(
        1.0, "author name 'https://www.Cheap-Loans.com/' is a domain name")
    ping = comment("[…] a quotation […]", author="myblog.com", type="pingback")
    assert content.author_name_is_domain(ping, ctx()).strength == 0.5


@pytest.mark.parametrize("name", ["Mr.Smith", "J.R.R. Tolkien", "Anna", "node.js"])
def test_names_with_dots_are_not_domains(name):
    assert content.author_name_is_domain(comment("Hi", author=name), ctx()) is None


# -- praise, vocabulary, templates ------------------------------------------------------------------

@pytest.mark.parametrize("text, found", [
    ("Great post, thanks for sharing!", "'great post', 'thanks for sharing'"),
    ("Nice blog", "'nice blog'"),
    ("I like this article very much", "'i like this article'"),
    ("Very informative.", "'very informative'"),
    ("thx u r awesome", "'thanks', 'awesome'"),
])
def test_generic_praise_alone(text, found):
    assert content.generic_praise(comment(text), ctx()) == Hit(0.6, f"the text is generic praise: {found}")


def test_generic_praise_with_a_link_is_stronger():
    item = comment("Great post, thanks for sharing! [url=http://cheap-pills.example/]cheap pills[/url]")
    assert content.generic_praise(item, ctx()) == Hit(
        1.0, "the text is generic praise: 'great post', 'thanks for sharing', and a link")


@pytest.mark.parametrize("text", [
    "Thanks, this fixed my sourdough starter! I wrote about mine here: my blog",
    "Great post. I disagree with the second point though: rye needs more water.",
    "Could you share the amounts for the levain?",
])
def test_praise_inside_a_real_comment_is_not_generic(text):
    assert content.generic_praise(comment(text), ctx()) is None


def test_spam_words_in_several_languages_and_in_bbcode_anchors():
    item = comment("Kredit ohne Schufa, казино and payday loans [url=http://x.example/]viagra[/url]")
    assert content.spam_words(item, ctx()) == Hit(
        1.0, "4 spam words: 'kredit ohne schufa', 'казино', 'payday loan', 'viagra'")


def test_one_spam_word_weighs_a_third():
    assert content.spam_words(comment("My essay on bread"), ctx()) == Hit(0.3333, "1 spam word: 'essay'")


@pytest.mark.parametrize("type, text, strength, evidence", [
    ("trackback", "[…] Read More here: example.com/x […]", 1.0,
     "trackback excerpt is a spam template: '[…] Read More here: example.com/x […]'"),
    ("pingback", "[...] Find More on that Topic: casino-bonus.xyz/post [...]", 1.0,
     "pingback excerpt is a spam template: 'find more on that topic'"),
    ("trackback", "[...] Informations on that Topic: http://x.example/a [...]", 1.0,
     "trackback excerpt is a spam template: 'informations on that topic'"),
    ("pingback", "Spam Blog wrote an interesting post today on bread. Here's a quick excerpt: flour and water", 1.0,
     "pingback excerpt is a spam template: 'wrote an interesting post today', \"here's a quick excerpt\""),
])
def test_template_pings(type, text, strength, evidence):
    assert content.template_trackback(comment(text, author="Spam Blog", type=type), ctx()) == Hit(strength, evidence)


def test_a_ping_that_is_its_title_only():
    item = comment("Best Cardio for Weight Loss", author="Best Cardio for Weight Loss", type="trackback")
    assert content.template_trackback(item, ctx()) == Hit(
        0.5, "trackback excerpt is its title only: 'Best Cardio for Weight Loss'")


@pytest.mark.parametrize("item", [
    comment("[…] I wrote about proofing baskets and this post explains the science well […]", type="pingback"),
    comment("", author="A hidden ping body", type="pingback"),
    comment("[…] Read More here: example.com/x […]", type="comment"),
])
def test_real_pings_empty_excerpts_and_comments_are_not_templates(item):
    assert content.template_trackback(item, ctx()) is None


# -- language, duplicates ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, language", [
    ("Das ist ein sehr schöner Artikel, vielen Dank für die Mühe und die ausführliche Erklärung.", "German (de)"),
    ("Очень интересная статья, спасибо автору за подробное объяснение и примеры.", "Russian (ru)"),
    # No function-word list decides Vietnamese: the statistical identifier does.
    ("Bài viết này rất hay và hữu ích, cảm ơn tác giả đã chia sẻ những thông tin quý giá.", "Vietnamese (vi)"),
], ids=["german", "russian", "vietnamese"])
def test_foreign_language(text, language):
    assert content.foreign_language(comment(text), ctx(site_language="en")) == Hit(
        1.0, f"written in {language}; the site's comments are in English (en)")


@pytest.mark.parametrize("text, site", [
    ("I tried the second method with rye flour and it took four days before it bubbled.", "en"),
    ("Danke schön!", "en"),  # too short to judge
    ("Das ist ein sehr schöner Artikel, vielen Dank für die Mühe und die Erklärung.", "de"),
    ("Das ist ein sehr schöner Artikel, vielen Dank für die Mühe und die Erklärung.", None),
])
def test_same_language_short_texts_and_unknown_site_language_do_not_fire(text, site):
    assert content.foreign_language(comment(text), ctx(site_language=site)) is None


def test_duplicate_text_reads_the_audit_statistics():
    text = "Such a wonderful post, I bookmarked your site and will come back"
    items = [comment(text.upper() if n == 2 else f"{text} {n}!", key=f"id:{n}") for n in range(4)]
    items.append(comment("Something else entirely, written by a reader", key="id:9"))
    context = ctx(audit_stats(items))
    assert content.duplicate_text(items[0], context) == Hit(
        0.525, "the same text (lower-cased, digits and links removed) is in 3 other items")
    assert content.duplicate_text(items[4], context) is None


# -- self-promotion, shouting, money -----------------------------------------------------------------

def test_youtube_style_self_promotion():
    assert content.youtube_style(comment("Check out my channel and please subscribe!!"), ctx()) == Hit(
        0.8, "2 self-promotion phrases: 'check out my channel', 'please subscribe'")
    assert content.youtube_style(comment("sub 4 sub"), ctx()) == Hit(0.6, "1 self-promotion phrase: 'sub 4 sub'")


def test_all_caps_shouting():
    item = comment("PLEASE LIKE THIS COMMENT I WANT A SUCCESSFUL CHANNEL")
    assert content.all_caps_shouting(item, ctx()) == Hit(
        1.0, "100% of the letters are capitals: 'PLEASE LIKE THIS COMMENT I WANT A SUCCESSFUL CHANNEL'")
    assert content.all_caps_shouting(comment("OMG YES"), ctx()) is None  # too short to judge
    assert content.all_caps_shouting(comment("I loved the NASA photos in this post"), ctx()) is None


def test_money_promises():
    item = comment("Earn $500 a day! Work from home, no experience needed")
    assert content.money_promises(item, ctx()) == Hit(
        1.0, "3 money promises: 'earn $500 a day', 'work from home', 'no experience needed'")
    assert content.money_promises(comment("I make 2,000 dollars per month now"), ctx()) == Hit(
        0.5, "1 money promise: 'make 2,000 dollars per month'")
    assert content.money_promises(comment("The flour cost $5 at the market"), ctx()) is None


# -- outbound hygiene ---------------------------------------------------------------------------------

def test_comment_link_without_ugc_or_nofollow():
    check = content.missing_ugc_nofollow
    assert check(link("https://x.example/", rel=("external",)), ctx()) == Hit(
        1.0, 'https://x.example/ has rel="external": neither ugc nor nofollow')
    assert check(link("https://x.example/", rel=()), ctx()) == Hit(
        1.0, "https://x.example/ has no rel attribute: neither ugc nor nofollow")


@pytest.mark.parametrize("facts", [
    link("https://x.example/", rel=None),  # read from the REST API: rel unknown
    link("https://x.example/", rel=("nofollow",)),
    link("https://x.example/", rel=("external", "ugc")),
    link("https://x.example/", rel=(), direction="inbound"),
    link("https://blog.example/other-post/", rel=()),  # the site's own page
])
def test_hygiene_does_not_fire_without_evidence(facts):
    assert content.missing_ugc_nofollow(facts, ctx(site_domains=frozenset({"blog.example"}))) is None


# -- the hard cases of the fixture set ------------------------------------------------------------------

def test_genuine_short_comment_with_a_link_to_the_commenters_blog_is_low():
    item = comment("Thanks, this fixed my sourdough starter! I wrote about mine here: my blog", author="Anna",
                   links=(link("https://anna.example/", author=True), link("https://anna.example/starter/", "my blog")))
    grade = combine(reasons(item, ctx(site_language="en")))
    assert (grade.score, grade.band) == (0, "low")


def test_praise_with_a_bbcode_keyword_link_from_a_keyword_author_is_high():
    item = comment("Great post, thanks for sharing! [url=http://cheap-pills.example/]cheap pills[/url]",
                   author="Buy Cheap Pills")
    grade = combine(reasons(item, ctx(site_language="en")))
    assert grade.band == "high"
    assert [r.signal for r in grade.reasons] == [
        "content.keyword_anchor", "content.keyword_author_name", "content.bbcode_links", "content.generic_praise",
        "content.spam_words"]
    assert grade.score == 75


def test_long_thoughtful_comment_mentioning_crypto_once_is_not_high():
    item = comment("I have been following the debate about crypto regulation for years, and I think your point "
                   "about consumer protection is right: most people who lose money never read the terms, and the "
                   "exchanges know it. Plain-language risk summaries would help more than another licence regime.",
                   author="Mark Miller", links=(link("https://mark.example/", author=True),))
    grade = combine(reasons(item, ctx(site_language="en")))
    assert grade.band in ("low", "medium")
    assert [(r.signal, r.points) for r in grade.reasons] == [("content.spam_words", 5.0)]


# -- properties -------------------------------------------------------------------------------------------

RELS = st.one_of(st.none(), st.lists(st.sampled_from(["nofollow", "ugc", "external", "sponsored", "noopener"]),
                                     max_size=3).map(tuple))
URLS = st.sampled_from(["https://a.example/", "http://casino-bonus.xyz/p", "https://blog.example/x/",
                        "https://www.payday-loans.example/?a=1"])
LINKS = st.builds(link, URLS, st.text(max_size=30), RELS, st.booleans())
TEXTS = st.one_of(st.text(max_size=300), st.lists(st.sampled_from([
    "Great post", "thanks for sharing!", "[url=http://x.example/]cheap pills[/url]", "http://y.example/a",
    "casino-bonus.xyz", "EARN $500 A DAY", "check out my channel", "Das ist sehr gut und", "[…] Read More here:",
    "crypto", "I baked bread", "[link=", "www.", "\u2019", "Очень", "..", "payday"]), max_size=12).map(" ".join))
ITEMS = st.builds(ItemFacts, key=st.text(min_size=1, max_size=5), type=st.sampled_from(["comment", "trackback",
                  "pingback"]), author_name=st.one_of(st.text(max_size=40), st.sampled_from(
                      ["Best Payday Loans", "casino-bonus.xyz", "Anna"])), text=TEXTS,
                  date=st.one_of(st.none(), st.sampled_from(["2024-05-01T10:00:00Z", "2024-05-01", "nonsense"])),
                  post_url=st.sampled_from(["https://blog.example/a/", "https://blog.example/b/"]),
                  links=st.lists(LINKS, max_size=4).map(tuple))


def points(item: ItemFacts, context: Context) -> float:
    return sum(r.points for r in reasons(item, context))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ITEMS, min_size=1, max_size=6))
def test_signals_never_raise_stay_in_range_and_are_deterministic(items):
    context = ctx(audit_stats(items, site_domains={"blog.example"}))
    context.stats.site_language = "en"
    for item in items:
        first = fired(item, context)
        for name, hit in first.items():
            assert 0.0 <= hit.strength <= 1.0, name
            assert hit.evidence, name
        # A fresh lexicon (no cached analyses) gives the same answers.
        content.lexicon_for(RULES).analyse.cache_clear()
        assert fired(item, context) == first
        for facts in item.links:
            hit = content.missing_ugc_nofollow(facts, context)
            assert hit is None or hit.strength == 1.0


@pytest.mark.parametrize("text", ["[url=" * 4000, "[url]" * 4000, "[link=http://a]x" * 1300, "a.b" * 6000,
                                  "www." * 5000, "Earn $" + "1" * 19000, "é." * 10000, "casino " * 3000,
                                  "http://" + "a" * 19000, "\x00\ud800" * 100],
                         ids=["url-open", "url-tag", "link-tags", "dots", "www", "money", "accents", "spam-word",
                              "long-url", "nul-surrogate"])
def test_hostile_texts_are_read_in_linear_time(text):
    # No assertion on time: the suite's timeout catches a regular expression gone quadratic
    # (these took seconds each before the patterns were bounded).
    item = comment(text, author=text[:300], type="trackback")
    for sig in ITEM_SIGNALS:
        hit = sig.fn(item, ctx(site_language="en"))
        assert hit is None or 0.0 <= hit.strength <= 1.0


SPAM_WORDS = sorted(w for w in RULES.words("spam_text_words") if " " not in w)
# Base texts hold no "[": an unclosed BBCode tag in the text would swallow an appended one.
PLAIN_TEXTS = TEXTS.filter(lambda t: "[" not in t)
COMMENTS = st.builds(ItemFacts, key=st.just("id:1"), type=st.just("comment"), text=PLAIN_TEXTS,
                     author_name=st.one_of(st.text(max_size=30), st.sampled_from(["Best Payday Loans", "Anna"])),
                     links=st.lists(LINKS, max_size=3).map(tuple))
FEATURES = st.one_of(
    st.sampled_from(SPAM_WORDS).map(lambda w: ("text", f" {w}")),
    st.sampled_from(["http://spam.example/buy", "www.cheap.example"]).map(lambda u: ("text", f" {u}")),
    st.just(("text", " [url=http://spam.example/]cheap pills[/url]")),
    LINKS.map(lambda facts: ("link", facts)),
)


@settings(max_examples=400, deadline=None)
@given(COMMENTS, st.lists(FEATURES, min_size=1, max_size=3))
def test_adding_a_spam_feature_never_lowers_the_points(item, features):
    # Comments only: a ping's excerpt that gains words stops being "its title only" and so
    # changes template. The site's language is left unknown because an added word may change
    # which language a short text is judged to be in.
    context = ctx()
    before = points(item, context)
    for kind, feature in features:
        if kind == "text":
            item = ItemFacts(key=item.key, type=item.type, author_name=item.author_name,
                             text=item.text + feature, links=item.links)
        else:
            item = ItemFacts(key=item.key, type=item.type, author_name=item.author_name, text=item.text,
                             links=item.links + (feature,))
        after = points(item, context)
        assert after >= before - 1e-9, (feature, item.text)
        before = after
