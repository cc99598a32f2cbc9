"""Domain identity signals: each fires or not with its exact evidence; the hard cases
graded with ``combine``; false positives on well-known genuine domains; properties."""

from __future__ import annotations

import dataclasses
import random
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backlint.errors import ConfigError
from grading.core import SIGNALS, Context, DomainFacts, Grade, Reason, combine
from grading.rules import load_rules
from grading.signals import domain as dom

RULES = load_rules()
CTX = Context(rules=RULES)
DOMAIN_SIGNALS = sorted(name for name, s in SIGNALS.items()
                        if s.subject == "domain" and name.startswith("domain."))

#: Well-known genuine domains: news, tech, shops, brands, public bodies, in several languages.
LEGIT = """
google.com youtube.com facebook.com wikipedia.org amazon.com twitter.com instagram.com linkedin.com
reddit.com netflix.com microsoft.com apple.com yahoo.com bing.com duckduckgo.com stackoverflow.com
stackexchange.com github.com gitlab.com bitbucket.org ycombinator.com nytimes.com washingtonpost.com
theguardian.com bbc.co.uk bbc.com cnn.com reuters.com bloomberg.com economist.com ft.com wsj.com
npr.org pbs.org nationalgeographic.com smithsonianmag.com theatlantic.com newyorker.com wired.com
arstechnica.com techcrunch.com theverge.com engadget.com gizmodo.com lifehacker.com mashable.com
buzzfeed.com huffpost.com vox.com axios.com politico.com thehill.com forbes.com fortune.com
businessinsider.com cnbc.com marketwatch.com investopedia.com nasdaq.com morningstar.com
mozilla.org firefox.com python.org pypi.org djangoproject.com palletsprojects.com
rubyonrails.org rubygems.org npmjs.com nodejs.org golang.org rust-lang.org crates.io
kubernetes.io docker.com ubuntu.com debian.org archlinux.org fedoraproject.org kernel.org
wordpress.org drupal.org joomla.org medium.com substack.com tumblr.com pinterest.com
quora.com imdb.com rottentomatoes.com metacritic.com spotify.com soundcloud.com bandcamp.com
twitch.tv vimeo.com dailymotion.com flickr.com dropbox.com evernote.com slack.com zoom.us
salesforce.com oracle.com ibm.com intel.com nvidia.com adobe.com autodesk.com cisco.com
samsung.com sony.com panasonic.com philips.com siemens.com bosch.de volkswagen.de bmw.de
mercedes-benz.com toyota.com honda.com ford.com tesla.com ebay.com etsy.com walmart.com
target.com bestbuy.com costco.com ikea.com zalando.de otto.de aldi.de lidl.de tesco.com
sainsburys.co.uk marksandspencer.com johnlewis.com argos.co.uk booking.com expedia.com
tripadvisor.com airbnb.com skyscanner.net kayak.com lonelyplanet.com weather.com accuweather.com
wolframalpha.com khanacademy.org coursera.org edx.org udemy.com duolingo.com openstreetmap.org
archive.org gutenberg.org wiktionary.org wikimedia.org creativecommons.org eff.org w3.org
ietf.org icann.org iana.org letsencrypt.org cloudflare.com akamai.com fastly.com digitalocean.com
spiegel.de zeit.de faz.net sueddeutsche.de tagesschau.de heise.de golem.de welt.de
lemonde.fr lefigaro.fr liberation.fr leboncoin.fr elpais.com elmundo.es marca.com
corriere.it repubblica.it gazzetta.it publico.pt wyborcza.pl onet.pl allegro.pl
yandex.ru rambler.ru seznam.cz tweakers.net nu.nl nrk.no yle.fi svt.se dr.dk
stripe.com paypal.com shopify.com squarespace.com mailchimp.com hubspot.com atlassian.com
trello.com notion.so figma.com canva.com grammarly.com wix.com godaddy.com namecheap.com
bandsintown.com goodreads.com audible.com kickstarter.com indiegogo.com patreon.com
craigslist.org yelp.com zillow.com indeed.com glassdoor.com monster.com
independent.co.uk telegraph.co.uk dailymail.co.uk mirror.co.uk essexlive.news sussex.ac.uk
theregister.com slashdot.org hackaday.com instructables.com makezine.com
smashingmagazine.com alistapart.com css-tricks.com codepen.io jsfiddle.net
whitehouse.gov europa.eu who.int ox.ac.uk harvard.edu mit.edu
""".split()


def facts(domain: str, *hosts: str) -> DomainFacts:
    return DomainFacts(domain, tuple(hosts))


def grade(domain: str, *hosts: str, ctx: Context = CTX) -> Grade:
    """The grade of a domain from the domain identity signals alone."""
    subject = facts(domain, *hosts)
    reasons = []
    for name in DOMAIN_SIGNALS:
        hit = SIGNALS[name].fn(subject, ctx)
        if hit is not None:
            reasons.append(Reason(name, ctx.rules.weight(name) * hit.strength, hit.evidence))
    return combine(reasons)


def rules_file(tmp_path, text: str):
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return load_rules(path)


def test_every_identity_signal_is_registered_with_a_weight():
    assert DOMAIN_SIGNALS == sorted([
        "domain.abused_tld", "domain.blocklisted", "domain.digits", "domain.free_host",
        "domain.hyphens", "domain.ip_literal", "domain.long_name", "domain.punycode_lookalike",
        "domain.random_looking", "domain.spam_words", "domain.url_shortener"])
    assert all(RULES.weight(name) > 0 for name in DOMAIN_SIGNALS)


def test_name_features_have_modest_weights_and_the_blocklist_100():
    near_proofs = {"domain.blocklisted", "domain.ip_literal", "domain.punycode_lookalike"}
    for name in DOMAIN_SIGNALS:
        if name not in near_proofs:
            assert 5 <= RULES.weight(name) <= 25, name
    assert RULES.weight("domain.blocklisted") == 100


# -- domain.abused_tld ---------------------------------------------------------------------------

@pytest.mark.parametrize("domain, strength, evidence", [
    ("janes-garden.xyz", 0.6, ".xyz: one of the most abused TLDs in Spamhaus' 2024 figures"),
    ("cheap-viagra-online24.top", 1.0, ".top: one of the most abused TLDs in Spamhaus' 2024 figures"),
    ("free-prizes.tk", 0.8, ".tk: 1st most abused TLD in Spamhaus' 2020 figures (badness index 4.99)"),
    ("Win-Big.REST.", 0.8, ".rest: 2nd most abused TLD in Spamhaus' 2020 figures (badness index 4.37)"),
    ("offers.work", 0.7, ".work: 5th most abused TLD in Spamhaus' 2020 figures (badness index 3.62)"),
    ("deal.click", 0.7, ".click: 6th most abused TLD in Spamhaus' 2016 figures (badness index 3.80)"),
    ("pills.monster", 0.7, ".monster: a cheap TLD common in spam (not from Spamhaus' figures)"),
    ("someone.sbs", 0.9, ".sbs: one of the most abused TLDs in Spamhaus' 2024 figures"),
])
def test_abused_tld_names_the_tld_and_the_year(domain, strength, evidence):
    hit = dom.abused_tld(facts(domain), CTX)
    assert (hit.strength, hit.evidence) == (strength, evidence)


def test_abused_tld_strengths_are_graded_not_all_one():
    strengths = {row.strength for row in dom.rulebook(RULES).tlds.values()}
    assert len(strengths) >= 5 and min(strengths) < 0.5
    for tld in ("xyz", "top", "click", "icu", "buzz", "cfd", "sbs", "live", "shop", "online", "site",
                "store", "rest", "cam", "monster", "quest", "bond", "pw", "tk", "ml", "ga", "cf", "gq",
                "work"):
        assert tld in dom.rulebook(RULES).tlds, tld


@pytest.mark.parametrize("domain", ["example.com", "example.org", "example.co.uk", "example.de",
                                    "192.0.2.7", "localhost", ""])
def test_abused_tld_quiet_on_ordinary_tlds(domain):
    assert dom.abused_tld(facts(domain), CTX) is None


def test_abused_tld_table_comes_from_the_rules(tmp_path):
    (tmp_path / "tlds.txt").write_text("# mine\ncom 0.5 hand\n", encoding="utf-8")
    ctx = Context(rules=rules_file(tmp_path, '[lists]\ndomain_abused_tlds = "tlds.txt"\n'))
    assert dom.abused_tld(facts("example.com"), ctx).strength == 0.5
    assert dom.abused_tld(facts("example.xyz"), ctx) is None


# -- domain.long_name, domain.digits, domain.hyphens ----------------------------------------------

def test_long_name_graded_by_length():
    hit = dom.long_name(facts("nationalgeographic.com"), CTX)
    assert hit.evidence == "'nationalgeographic' is 18 characters long"
    assert hit.strength == pytest.approx(3 / 15)
    assert dom.long_name(facts("best-cheap-replica-watches-online-shop.com"), CTX).strength == 1.0
    assert dom.long_name(facts("stackoverflow.com"), CTX) is None


@pytest.mark.parametrize("domain, strength, evidence", [
    ("casino4u2024.xyz", 1.0, "5 digits in 'casino4u2024'"),
    ("w3.org", 0.2, "1 digit in 'w3'"),
    ("cheap-viagra-online24.top", 0.5, "2 digits in 'cheap-viagra-online24'"),
    ("loans365.com", 0.75, "3 digits in 'loans365'"),
])
def test_digits_graded_by_count(domain, strength, evidence):
    hit = dom.digits(facts(domain), CTX)
    assert (hit.strength, hit.evidence) == (strength, evidence)


@pytest.mark.parametrize("domain", ["bbc.co.uk", "xn--pypal-4ve.com", "192.0.2.7"])
def test_digits_quiet_without_digits_in_the_label(domain):
    assert dom.digits(facts(domain), CTX) is None


@pytest.mark.parametrize("domain, strength, evidence", [
    ("janes-garden.xyz", 0.25, "1 hyphen in 'janes-garden'"),
    ("cheap-viagra-online24.top", 0.6, "2 hyphens in 'cheap-viagra-online24'"),
    ("buy-cheap-pills-now.com", 1.0, "3 hyphens in 'buy-cheap-pills-now'"),
])
def test_hyphens_graded_by_count(domain, strength, evidence):
    hit = dom.hyphens(facts(domain), CTX)
    assert (hit.strength, hit.evidence) == (strength, evidence)


def test_hyphens_read_the_decoded_label_not_punycode():
    assert dom.hyphens(facts("xn--pypal-4ve.com"), CTX) is None
    assert dom.hyphens(facts("example.com"), CTX) is None


# -- domain.random_looking -----------------------------------------------------------------------

def test_random_looking_names_the_odd_letter_pairs():
    hit = dom.random_looking(facts("xkqzvwptl.top"), CTX)
    assert hit.strength == 1.0
    assert hit.evidence == ("'xkqzvwptl' looks random: letter pairs unlike English words "
                            "(vw, kq, xk; 8.9 bits a pair, ordinary names 3-4)")


@pytest.mark.parametrize("domain", ["stackoverflow.com", "bbc.co.uk", "ycombinator.com",
                                    "wikipedia.org", "nytimes.com", "xkcd.com", "xn--mnchen-3ya.de"])
def test_random_looking_quiet_on_brands_acronyms_and_idn(domain):
    assert dom.random_looking(facts(domain), CTX) is None


def test_random_looking_has_no_false_positive_on_well_known_domains():
    fired = [d for d in LEGIT if dom.random_looking(facts(d), CTX) is not None]
    assert len(LEGIT) >= 200
    assert fired == []


def test_random_looking_catches_random_letter_strings():
    rng = random.Random(20240501)
    caught: dict[str, list[bool]] = {"7": [], "8-14": []}
    for _ in range(3000):
        length = rng.randint(7, 14)
        label = "".join(rng.choice(string.ascii_lowercase) for _ in range(length))
        bucket = "7" if length == 7 else "8-14"
        caught[bucket].append(dom.random_looking(facts(label + ".com"), CTX) is not None)
    rate = {k: sum(v) / len(v) for k, v in caught.items()}
    assert rate["8-14"] >= 0.85, rate
    assert rate["7"] >= 0.75, rate


# -- domain.spam_words ---------------------------------------------------------------------------

@pytest.mark.parametrize("domain, strength, evidence", [
    ("cheap-viagra-online24.top", 1.0,
     "'cheap', 'viagra' and 'online' are spam words in 'cheap-viagra-online24'"),
    ("casino4u2024.xyz", 1.0, "'casino' is a spam word in 'casino4u2024'"),
    ("cheaponline.com", 0.405, "'cheap' and 'online' are spam words in 'cheaponline'"),
    ("paydayloans.net", 0.96, "'payday' and 'loans' are spam words in 'paydayloans'"),
    ("essaywriting-help.com", 1.0, "'essaywriting' is a spam word in 'essaywriting-help'"),
    ("replica-watches.co.uk", 0.9, "'replica' is a spam word in 'replica-watches'"),
    ("buyfollowers.net", 1.0, "'buyfollowers' is a spam word in 'buyfollowers'"),
    # German, French, Spanish, Portuguese, Italian, Polish, Russian (transliterated)
    ("potenzmittel-kaufen.de", 0.9, "'potenzmittel' is a spam word in 'potenzmittel-kaufen'"),
    ("sportwetten-bonus.de", 0.9, "'sportwetten' is a spam word in 'sportwetten-bonus'"),
    ("casino-en-ligne.fr", 1.0, "'casino' is a spam word in 'casino-en-ligne'"),
    ("referencement-pascher.fr", 0.72,
     "'referencement' and 'pascher' are spam words in 'referencement-pascher'"),
    ("apuestas-deportivas.es", 0.8, "'apuestas' is a spam word in 'apuestas-deportivas'"),
    ("emprestimo-facil.com.br", 0.6, "'emprestimo' is a spam word in 'emprestimo-facil'"),
    ("scommesse-online.it", 0.83, "'scommesse' and 'online' are spam words in 'scommesse-online'"),
    ("kredyt-chwilowki.pl", 0.88, "'kredyt' and 'chwilowki' are spam words in 'kredyt-chwilowki'"),
    ("prostitutki-moskva.ru", 1.0, "'prostitutki' is a spam word in 'prostitutki-moskva'"),
])
def test_spam_words_quote_every_word_found(domain, strength, evidence):
    hit = dom.spam_words(facts(domain), CTX)
    assert (hit.strength, hit.evidence) == (pytest.approx(strength), evidence)


@pytest.mark.parametrize("domain", [
    # innocent words that contain a spam word (spam_word_exceptions.txt)
    "essex-gardens.co.uk", "sussex.ac.uk", "middlesexhospital.org", "expertsexchange.com",
    "specialist-cars.com", "socialistworker.org", "updating-blog.com", "museo-prado.es",
    "seoulfood.kr", "alphabet.com", "bettertogether.org", "tibet.net", "ambientmusic.com",
    # short "edge" words do not fire inside a word
    "diabetes.org", "ambetter.com", "chelseosteopathy.com",
    # words left out on purpose
    "analysis.com", "grapevine.com", "document.io",
])
def test_spam_words_quiet_on_innocent_words(domain):
    assert dom.spam_words(facts(domain), CTX) is None


@pytest.mark.parametrize("domain, word", [
    ("bet365.com", "bet"), ("freebet.com", "bet"), ("sportbetonline.com", "bet"),
    ("betting-tips.com", "betting"), ("seo-tools.net", "seo"), ("bestseo.com", "seo"),
])
def test_edge_words_fire_at_an_edge_or_beside_another_spam_word(domain, word):
    hit = dom.spam_words(facts(domain), CTX)
    assert hit is not None and f"'{word}'" in hit.evidence


def test_spam_words_in_subdomains_and_in_look_alike_letters():
    hit = dom.spam_words(facts("example.com", "www.example.com", "casino.example.com"), CTX)
    assert hit.evidence == "'casino' is a spam word in 'casino.example.com'"
    hit = dom.spam_words(facts("xn--vigra-5ve.com"), CTX)  # vi\u0430gra, a Cyrillic a
    assert (hit.strength, hit.evidence) == (1.0, "'viagra' is a spam word in 'vi\u0430gra'")


def test_spam_words_quiet_or_weak_on_well_known_domains():
    for domain in LEGIT:
        hit = dom.spam_words(facts(domain), CTX)
        assert hit is None or hit.strength <= 0.3, (domain, hit)


# -- domain.punycode_lookalike -------------------------------------------------------------------

@pytest.mark.parametrize("domain, strength, evidence", [
    ("xn--pypal-4ve.com", 1.0,
     "'p\u0430ypal' (xn--pypal-4ve) spells 'paypal' with look-alike letters (Cyrillic and Latin)"),
    ("xn--80ak6aa92e.com", 1.0,
     "'\u0430\u0440\u0440\u04cf\u0435' (xn--80ak6aa92e) spells 'apple' with look-alike letters (Cyrillic)"),
    ("xn--exmple-4nf.com", 0.8, "'ex\u0430mple' (xn--exmple-4nf) mixes Cyrillic and Latin letters"),
    ("xn--shop-j79hm9d.com", 0.4, "'shop\u65e5\u672c' (xn--shop-j79hm9d) mixes CJK and Latin letters"),
    ("xn--mnchen-3ya.de", 0.1,
     "'m\u00fcnchen' (xn--mnchen-3ya) is an internationalised name in one script (Latin)"),
    ("xn--v8j0cwa6gy22xv2ya.jp", 0.1,
     "'\u3072\u3089\u304c\u306a\u6f22\u5b57' (xn--v8j0cwa6gy22xv2ya) is an internationalised name in one "
     "script (CJK)"),
    ("xn--a.com", 0.8, "'xn--a' is not valid punycode"),
])
def test_punycode_lookalike_graded_by_what_the_letters_do(domain, strength, evidence):
    hit = dom.punycode_lookalike(facts(domain), CTX)
    assert (hit.strength, hit.evidence) == (strength, evidence)


def test_punycode_lookalike_in_a_subdomain_and_quiet_on_ascii():
    hit = dom.punycode_lookalike(facts("evil.com", "xn--pypal-4ve.evil.com"), CTX)
    assert hit.strength == 1.0 and "'paypal'" in hit.evidence
    assert dom.punycode_lookalike(facts("paypal.com", "www.paypal.com"), CTX) is None


# -- domain.free_host, domain.url_shortener, domain.ip_literal ------------------------------------

@pytest.mark.parametrize("domain, hosts, strength, evidence", [
    ("someone.blogspot.com", (), 0.4, "'someone.blogspot.com' is a site on blogspot.com, a free host"),
    ("000webhostapp.com", ("cheap-pills.000webhostapp.com",), 0.8,
     "'cheap-pills.000webhostapp.com' is a site on 000webhostapp.com, a free host"),
    ("janedoe.github.io", ("janedoe.github.io",), 0.3,
     "'janedoe.github.io' is a site on github.io, a free host"),
    ("google.com", ("sites.google.com",), 0.5,
     "'sites.google.com' is a site on sites.google.com, a free host"),
    ("wordpress.com", ("www.wordpress.com", "gardener.wordpress.com"), 0.4,
     "'gardener.wordpress.com' is a site on wordpress.com, a free host"),
])
def test_free_host_fires_on_sites_under_a_free_host(domain, hosts, strength, evidence):
    hit = dom.free_host(facts(domain, *hosts), CTX)
    assert (hit.strength, hit.evidence) == (strength, evidence)


@pytest.mark.parametrize("domain, hosts", [
    ("blogspot.com", ("www.blogspot.com",)), ("wordpress.com", ("wordpress.com",)),
    ("example.com", ("www.example.com",)), ("google.com", ("www.google.com", "mail.google.com")),
])
def test_free_host_quiet_on_the_platforms_own_sites(domain, hosts):
    assert dom.free_host(facts(domain, *hosts), CTX) is None


def test_url_shortener():
    hit = dom.url_shortener(facts("bit.ly", "bit.ly"), CTX)
    assert hit.strength == 0.8
    assert hit.evidence == "'bit.ly' is a URL shortener: the link's real target is hidden"
    assert dom.url_shortener(facts("adf.ly"), CTX).strength == 1.0
    assert dom.url_shortener(facts("t.co", "www.t.co"), CTX) is not None
    assert dom.url_shortener(facts("notbit.ly"), CTX) is None
    assert dom.url_shortener(facts("example.com"), CTX) is None


@pytest.mark.parametrize("domain, hosts, evidence", [
    ("192.0.2.7", (), "'192.0.2.7' is an IPv4 address, not a domain name"),
    ("3232235777", (), "'3232235777' is an IPv4 address in a disguised form, not a domain name"),
    ("0x7f.0.0.1", (), "'0x7f.0.0.1' is an IPv4 address in a disguised form, not a domain name"),
    ("2001", ("2001:db8::1",), "'2001:db8::1' is an IPv6 address, not a domain name"),
    ("[2001:db8::7]", (), "'[2001:db8::7]' is an IPv6 address, not a domain name"),
])
def test_ip_literal(domain, hosts, evidence):
    hit = dom.ip_literal(facts(domain, *hosts), CTX)
    assert (hit.strength, hit.evidence) == (1.0, evidence)


@pytest.mark.parametrize("domain", ["163.com", "1.2.3.4.nip.example", "example.com", "360.cn"])
def test_ip_literal_quiet_on_names(domain):
    assert dom.ip_literal(facts(domain), CTX) is None


# -- domain.blocklisted --------------------------------------------------------------------------

def test_blocklisted_domain_is_always_high(tmp_path):
    ctx = Context(rules=rules_file(tmp_path, '[blocklist]\ndomains = ["Spam-Farm.example"]\n'))
    hit = dom.blocklisted(facts("spam-farm.example"), ctx)
    assert (hit.strength, hit.evidence) == (1.0, "'spam-farm.example' is on your blocklist")
    hit = dom.blocklisted(facts("blog.spam-farm.example"), ctx)
    assert hit.evidence == "'blog.spam-farm.example' is under 'spam-farm.example', which is on your blocklist"
    assert grade("spam-farm.example", ctx=ctx).band == "high"
    assert grade("spam-farm.example", ctx=ctx).score == 100
    assert dom.blocklisted(facts("example.com"), ctx) is None
    assert dom.blocklisted(facts("spam-farm.example"), CTX) is None


# -- the hard cases, graded with combine over the domain signals ----------------------------------

@pytest.mark.parametrize("domain, bands", [
    ("janes-garden.xyz", {"low", "medium"}),  # a genuine blog on a cheap TLD: never High
    ("cheap-viagra-online24.top", {"high"}),
    ("bbc.co.uk", {"low"}),
    ("stackoverflow.com", {"low"}),
    ("ycombinator.com", {"low"}),
    ("xn--pypal-4ve.com", {"medium", "high"}),  # p\u0430ypal with a Cyrillic a
    ("192.0.2.7", {"medium", "high"}),
    ("xkqzvwptl-casino.top", {"high"}),  # three strong signals
])
def test_hard_cases(domain, bands):
    assert grade(domain).band in bands, grade(domain).explain()


@pytest.mark.parametrize("domain", ["bbc.co.uk", "stackoverflow.com", "ycombinator.com",
                                    "wikipedia.org", "nytimes.com"])
def test_well_known_brands_score_zero(domain):
    assert grade(domain).score == 0, grade(domain).explain()


def test_a_clean_name_on_any_abused_tld_stays_low():
    for tld in dom.rulebook(RULES).tlds:
        assert grade(f"gardenclub.{tld}").band == "low", tld


def test_every_well_known_domain_is_low():
    graded = {d: grade(d) for d in LEGIT}
    assert [d for d, g in graded.items() if g.band != "low"] == []
    assert sum(g.score == 0 for g in graded.values()) >= 0.9 * len(LEGIT)


# -- rules, caches and properties -----------------------------------------------------------------

def test_a_threshold_that_is_not_a_number_is_a_config_error(tmp_path):
    ctx = Context(rules=rules_file(tmp_path, '[params]\n"domain.digits.strengths" = "high"\n'))
    with pytest.raises(ConfigError, match="domain.digits.strengths"):
        dom.digits(facts("casino4u.com"), ctx)


def test_params_change_the_thresholds(tmp_path):
    ctx = Context(rules=rules_file(tmp_path, '[params]\n"domain.long_name.min_length" = 10\n'))
    assert dom.long_name(facts("stackoverflow.com"), ctx).evidence == "'stackoverflow' is 13 characters long"


def test_results_do_not_depend_on_the_order_signals_run_in():
    subjects = [facts(d, f"www.{d}") for d in ("cheap-viagra-online24.top", "bbc.co.uk", "xn--pypal-4ve.com",
                                               "someone.blogspot.com", "192.0.2.7", "bit.ly")]
    by_domain = [[SIGNALS[n].fn(s, CTX) for n in DOMAIN_SIGNALS] for s in subjects]
    by_signal = [[SIGNALS[n].fn(s, CTX) for s in subjects] for n in DOMAIN_SIGNALS]
    assert by_domain == [list(row) for row in zip(*by_signal)]


HOSTISH = st.from_regex(r"\A(?:[a-z0-9-]{0,20}\.){0,3}(?:xn--[a-z0-9-]{1,12}|[a-z0-9]{1,10})\Z")
ANY_TEXT = st.text(max_size=60)


@settings(max_examples=300, deadline=None)
@given(domain=st.one_of(ANY_TEXT, HOSTISH), hosts=st.lists(st.one_of(ANY_TEXT, HOSTISH), max_size=3))
def test_signals_never_raise_stay_in_range_and_are_deterministic(domain, hosts):
    subject = DomainFacts(domain, tuple(hosts))
    again = DomainFacts(domain, tuple(hosts))
    for name in DOMAIN_SIGNALS:
        hit = SIGNALS[name].fn(subject, CTX)
        if hit is not None:
            assert 0.0 <= hit.strength <= 1.0
            assert isinstance(hit.evidence, str) and hit.evidence
        assert SIGNALS[name].fn(again, CTX) == hit


@settings(max_examples=100, deadline=None)
@given(domain=st.one_of(ANY_TEXT, HOSTISH))
def test_grades_stay_in_range(domain):
    assert 0 <= grade(domain).score <= 100


def test_rulebook_is_read_once_per_rules_object():
    assert dom.rulebook(RULES) is dom.rulebook(RULES)
    other = dataclasses.replace(RULES)
    assert dom.rulebook(other) is not dom.rulebook(RULES)
