"""Comment-content signals (subject ``item``) and outbound-link hygiene (subject ``link``).

Each signal reads one comment, trackback or pingback and says what in its text, its
author name or its links looks like spam (DOMAIN.md §6 "Comment content"): links in
the text, BBCode, URLs written out, keyword anchors and author names, generic praise,
spam vocabulary, template pings, a language unlike the site's, duplicated text,
video-site self-promotion, shouting and money promises. :func:`missing_ugc_nofollow`
checks the site's own hygiene: a comment link without ``ugc``/``nofollow`` passes
ranking credit to whoever posted it.

An audit holds half a million items and every signal runs on each, so a text is read
once: :meth:`Lexicon.analyse` tokenises it, finds its links and matches every word
list in one pass over its words, and caches the result for the other signals. The
word lists come from the rules (``[lists]`` in ``grading/rules.toml``); the lexicon
built from them, and the thresholds (:func:`settings_for`), are cached per
:class:`~grading.rules.Rules` object. Spam repeats itself: a hit that depends only on
what was found (the phrases, the anchors, the BBCode links) is made once and shared,
which is safe as grading only reads a :class:`~grading.core.Hit` (the engine turns it
into a new :class:`~grading.core.Reason`).

Example:
    >>> from grading.core import ItemFacts
    >>> from grading.core import Context
    >>> from grading.rules import load_rules
    >>> ctx = Context(rules=load_rules())
    >>> item = ItemFacts(key="k1", type="comment", author_name="Buy Cheap Pills",
    ...                  text="Great post, thanks for sharing! [url=http://pills.example/]cheap pills[/url]")
    >>> keyword_author_name(item, ctx)
    Hit(strength=1.0, evidence="author name 'Buy Cheap Pills' is a keyword phrase: 'buy', 'cheap', 'pill'")
    >>> print(bbcode_links(item, ctx).evidence)
    1 BBCode link in the text: [url=http://pills.example/]cheap pills[/url]
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, NamedTuple

from grading.core import Context, Hit, ItemFacts, LinkFacts, signal
from grading.rules import DATA_DIR, Rules, read_list

# -- reading a text once ----------------------------------------------------------------------

#: Letters-only words: digits are dropped so "sub4sub", "casino777" and "$500" read as words
#: without their numbers, which makes templates and duplicates match across variants.
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
# BBCode as spam bots post it, forum markup pasted blindly into a blog's comment form:
# [url=http://x]anchor[/url], [url]http://x[/url], [link=http://x]anchor[/link].
# The anchor is read up to 1,000 characters: an unclosed tag must not make every later one
# scan to the end of a long text.
# A URL never holds a raw "[": stopping there keeps a run of "[url=[url=…" linear.
_BBCODE = re.compile(r"\[(url|link)(?:=\s*[\"']?([^\[\]\"'\s]*)[\"']?)?\s*\](.{0,1000}?)\[/\1\s*\]", re.I | re.S)
_BBCODE_UNCLOSED = re.compile(r"\[(?:url|link)=\s*[\"']?([^\[\]\"'\s]+)[\"']?\s*\]", re.I)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'\[\]{}|\\^`]+", re.I)
# The same, captured, so one split gives both the URLs and the text between them.
_URL_SPLIT = re.compile(r"((?:https?://|www\.)[^\s<>\"'\[\]{}|\\^`]+)", re.I)
# A word that is a domain written without a scheme ("casino-bonus.xyz", "example.com/page");
# its suffix is checked against the Public Suffix List before it counts.
_DOMAIN_WORD = re.compile(r"((?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+[a-z]{2,24})(?:/[^\s<>\"'\[\]]*)?", re.I)
_EDGE_PUNCTUATION = ".,;:!?'\"()<>[]{}*"
_TRAILING_PUNCTUATION = ".,;:!?'\")"
# File names that look like domains: these public suffixes are also common file extensions.
_FILE_SUFFIXES = frozenset({"md", "py", "sh", "rs", "ts", "cs", "so", "ai", "zip", "mov", "pm", "ps", "ml",
                            "sql", "csv", "txt", "php", "js", "css", "html", "htm", "jpg", "png", "gif",
                            "exe", "doc", "pdf"})
#: Longest text read: a 100 kB comment is spam whatever its end says.
MAX_TEXT = 20_000

_SPELLINGS = {"thx": "thanks", "thanx": "thanks", "thnx": "thanks", "tnx": "thanks",
              "u": "you", "ur": "your", "pls": "please", "plz": "please", "gr": "great"}
_SPELLING_WORDS = frozenset(_SPELLINGS)

#: Words a generic comment or template ping wraps its phrases in; they say nothing of their own.
FILLER_WORDS = frozenset("""
a an the this that these it it's its is was are be so very really truly such just
quite too also indeed again all much many lot lots of for to on in at by with from and or
i i'm i've i'll me my we our us you your you're yours he she they their them here there
post posts article articles blog site website page content writing write written share sharing
information info topic read reading keep up dear sir madam admin guys man friend friends
one some what how good nice great please
der die das den für ein eine sehr le la les ce cet cette pour un une el este esta por muy
il lo questo per molto o um uma и за
""".split())

KINDS = ("spam", "commercial", "praise", "promo", "money", "ping")
#: The rules' ``[lists]`` name of each kind of phrase.
LIST_NAMES = {"spam": "spam_text_words", "commercial": "commercial_terms", "praise": "praise_templates",
              "promo": "self_promotion_phrases", "money": "money_phrases", "ping": "trackback_templates"}


# Words of an ASCII text at C speed: every byte but a letter or an apostrophe becomes a space.
_ASCII_WORD_BYTES = bytes(c if (65 <= c <= 90 or 97 <= c <= 122 or c == 39) else 32 for c in range(256))
_NOT_UPPER_BYTES = bytes(c for c in range(256) if not 65 <= c <= 90)


def tokens_of(text: str) -> list[str]:
    """Return the words of a text as written: letters only, curly apostrophes made straight.

    Example:
        >>> tokens_of("Sub4Sub! It’s GREAT, 'thx'")
        ['Sub', 'Sub', "It's", 'GREAT', 'thx']
    """
    if "\u2019" in text:
        text = text.replace("\u2019", "'")
    if not text.isascii():
        return _WORD.findall(text)
    tokens = text.encode("ascii").translate(_ASCII_WORD_BYTES).decode("ascii").split()
    if "'" in text:
        tokens = [t for t in (t.strip("'") for t in tokens) if t]
    return tokens


def words_of(text: str) -> list[str]:
    """Return the lower-cased words of a text: letters only, curly apostrophes made straight.

    Example:
        >>> words_of("Sub4Sub! It’s GREAT, thx")
        ['sub', 'sub', "it's", 'great', 'thx']
    """
    return tokens_of(text.lower())


def strip_links(text: str) -> str:
    """Return a text with its BBCode links and written-out URLs replaced by spaces.

    Example:
        >>> strip_links("see [url=http://a.example/]this[/url] and http://b.example/x ok").split()
        ['see', 'and', 'ok']
    """
    if "[" in text:
        text = _BBCODE_UNCLOSED.sub(" ", _BBCODE.sub(" ", text))
    return _URL.sub(" ", text) if "://" in text or "www." in text.lower() else text


def _phrase_words(entry: str) -> tuple[str, ...]:
    return tuple(_SPELLINGS.get(w, w) for w in words_of(entry))


def _has_dotted_name(text: str) -> bool:
    # A dot between two letters or digits ("a.example"); sentences put a space after theirs.
    at = text.find(".")
    while 0 <= at < len(text) - 1:
        if at > 0 and text[at + 1].isalnum() and text[at - 1].isalnum():
            return True
        at = text.find(".", at + 1)
    return False


@lru_cache(maxsize=1)
def _suffixes() -> tuple[frozenset[str], frozenset[str]]:
    import tldextract

    # The Public Suffix List snapshot bundled with tldextract (no fetch: an empty URL list):
    # every public suffix, and the top-level labels they end in.
    suffixes = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None).tlds
    return frozenset(suffixes), frozenset(s.rsplit(".", 1)[-1] for s in suffixes)


def _is_domain_name(host: str) -> bool:
    """Tell whether ``host`` is a domain name under a public suffix, not a file name.

    Example:
        >>> [_is_domain_name(h) for h in ("casino-bonus.xyz", "co.uk", "node.js", "readme.md", "mr.smith")]
        [True, False, False, False, False]
    """
    host = host.lower().rstrip(".")
    if "." not in host:
        return False
    suffixes, tops = _suffixes()
    top = host.rsplit(".", 1)[1]
    return top in tops and top not in _FILE_SUFFIXES and host not in suffixes


#: One phrase of a word list found in a text: ``(kind, entry, first word, word after the last)``.
Match = tuple[str, str, int, int]


class TextFacts(NamedTuple):
    """What a text holds, read once: its words, links, capitals and phrases found.

    Attributes:
        words: the lower-cased words of the prose (BBCode, URLs and domain names removed).
        bbcode: ``(url, anchor)`` of each BBCode link.
        urls: URLs written out as text (``http://…``, ``www.…``), outside BBCode.
        domains: domain names written without a scheme (``casino-bonus.xyz``).
        letters: letters of the prose, spam and commercial words left out.
        capitals: of those, the capital letters.
        matches: every word-list phrase found in :attr:`words`.
        entries: kind → the distinct entries of that kind found, in order of appearance.
        money: the money promises with figures found ("earn $500 a day").
    """

    words: tuple[str, ...]
    bbcode: tuple[tuple[str, str], ...]
    urls: tuple[str, ...]
    domains: tuple[str, ...]
    letters: int
    capitals: int
    matches: tuple[Match, ...]
    entries: dict[str, tuple[str, ...]]
    money: tuple[str, ...]

    def found(self, kind: str) -> tuple[str, ...]:
        """The distinct entries of one kind found, in order of appearance."""
        return self.entries.get(kind, ())

    def covered(self, kinds: Iterable[str]) -> set[int]:
        """Word positions inside a phrase of the given kinds."""
        wanted = set(kinds)
        return {i for kind, _, start, end in self.matches if kind in wanted for i in range(start, end)}


def _capitals(text: str) -> int:
    if text.isascii():
        return len(text.encode("ascii").translate(None, _NOT_UPPER_BYTES))
    return sum(map(str.isupper, text))


class Lexicon:
    """The rules' word lists compiled for matching, with a cache of analysed texts.

    Phrases are looked up by their words: one pass over a text's words finds the
    phrases of every list (a few microseconds for a comment).

    Example:
        >>> lex = Lexicon({"spam": ["payday loan"], "commercial": ["best"], "praise": [], "promo": [],
        ...                "money": [], "ping": []})
        >>> lex.analyse("Best Payday Loans!").found("spam"), lex.analyse("Best Payday Loans!").found("commercial")
        (('payday loan',), ('best',))

    Args:
        lists: kind (one of :data:`KINDS`) → its entries.
    """

    def __init__(self, lists: dict[str, Iterable[str]]) -> None:
        #: phrase words → (kind, entry) of each list entry spelt so.
        self.phrases: dict[tuple[str, ...], list[tuple[str, str]]] = {}
        for kind in KINDS:
            for entry in sorted(lists.get(kind, ())):
                words = _phrase_words(entry)
                if not words:
                    continue
                variants = [words]
                # "loan" also finds "loans": word lists name the singular only.
                if kind in ("spam", "commercial") and not words[-1].endswith("s"):
                    variants.append(words[:-1] + (words[-1] + "s",))
                for variant in variants:
                    self.phrases.setdefault(variant, []).append((kind, entry))
        #: A trie of the phrases: word → [(kind, entry) of the phrases ending here, next words].
        self.trie: dict[str, list] = {}
        for phrase, entries in self.phrases.items():
            level = self.trie
            for depth, word in enumerate(phrase):
                node = level.get(word)
                if node is None:
                    node = level[word] = [[], {}]
                if depth == len(phrase) - 1:
                    node[0].extend(entries)
                level = node[1]
        self.first_words = frozenset(self.trie)
        self.analyse = lru_cache(maxsize=8192)(self._analyse)
        self.language = lru_cache(maxsize=8192)(self._language)
        # Spam bots reuse a few names and anchors thousands of times: each is judged once.
        self.anchor_strength = lru_cache(maxsize=8192)(self._anchor_strength)
        self.anchors_hit = lru_cache(maxsize=8192)(self._anchors_hit)
        self.name_hit = lru_cache(maxsize=8192)(self._name_hit)
        self.praise_only = lru_cache(maxsize=8192)(self._praise_only)
        self.foreign_hit = lru_cache(maxsize=8192)(self._foreign_hit)

    @classmethod
    def from_rules(cls, rules: Rules) -> Lexicon:
        """Build the lexicon from the word lists the rules name (missing lists are empty)."""
        return cls({kind: rules.words(name) for kind, name in LIST_NAMES.items()})

    def _analyse(self, text: str) -> TextFacts:
        prose = text[:MAX_TEXT]
        bbcode: list[tuple[str, str]] = []
        if "[" in prose:
            for match in _BBCODE.finditer(prose):
                target, inner = match.group(2), " ".join(match.group(3).split())
                bbcode.append((target or inner, inner))
            prose = _BBCODE.sub(" ", prose)
            for match in _BBCODE_UNCLOSED.finditer(prose):
                bbcode.append((match.group(1), ""))
            prose = _BBCODE_UNCLOSED.sub(" ", prose)
        urls: list[str] = []
        if "://" in prose or "www." in prose.lower():
            parts = _URL_SPLIT.split(prose)
            urls = [u.rstrip(_TRAILING_PUNCTUATION) for u in parts[1::2]]
            prose = " ".join(parts[0::2])
        domains: list[str] = []
        if _has_dotted_name(prose):
            kept = []
            for word in prose.split():
                core = word.strip(_EDGE_PUNCTUATION) if "." in word else ""
                named = _DOMAIN_WORD.fullmatch(core) if core else None
                if named is not None and _is_domain_name(named.group(1)):
                    domains.append(core)
                else:
                    kept.append(word)
            if domains:
                prose = " ".join(kept)
        tokens = tokens_of(prose)
        words = tuple(" ".join(tokens).lower().split())
        if not _SPELLING_WORDS.isdisjoint(words):
            words = tuple(_SPELLINGS.get(w, w) for w in words)
        matches = self._match(words)
        letters = sum(map(len, tokens))
        capitals = _capitals(prose)
        entries: dict[str, dict[str, None]] = {}
        for kind, entry, start, end in matches:
            entries.setdefault(kind, {})[entry] = None
            if kind in ("spam", "commercial"):
                # Spam words are judged by content.spam_words; shouting reads the rest.
                for token in tokens[start:end]:
                    letters -= len(token)
                    capitals -= _capitals(token)
        money: tuple[str, ...] = ()
        lowered = text[:MAX_TEXT].lower()
        if "$" in lowered or "€" in lowered or "£" in lowered or "usd" in lowered or "eur" in lowered \
                or "dollar" in lowered or "buck" in lowered:
            money = tuple(dict.fromkeys(" ".join(m.group(0).split()) for m in _MONEY.finditer(lowered)))
        return TextFacts(words, tuple(bbcode), tuple(urls), tuple(domains), letters, max(0, capitals),
                         tuple(matches), {kind: tuple(found) for kind, found in entries.items()}, money)

    def _anchor_strength(self, anchor: str) -> float:
        # 1.0 with a spam word and a modifier, 0.7 with a spam word or two modifiers, 0.5 for a
        # modifier and its product ("seo services"); names, URLs and "here" are not keywords.
        if not anchor or _is_url_like(anchor):
            return 0.0
        facts = self.analyse(anchor)
        if not 1 <= len(facts.words) <= 8:
            return 0.0
        strength, _ = keyword_strength(facts)
        if strength == 0.0 and facts.found("commercial") and len(facts.words) >= 2:
            return 0.5
        return strength

    def _anchors_hit(self, anchors: tuple[str, ...]) -> Hit | None:
        # content.keyword_anchor's hit for an item's link texts, in order. Cached: it depends
        # on them and this lexicon alone, and bots post the same anchors on thousands of items.
        found: list[tuple[float, str]] = []
        for anchor in dict.fromkeys(a.strip() for a in anchors):
            strength = self.anchor_strength(anchor)
            if strength > 0:
                found.append((strength, anchor))
        if not found:
            return None
        best = max(s for s, _ in found)
        strength = min(1.0, best + 0.15 * (len(found) - 1))
        noun = "keyword anchor" if len(found) == 1 else "keyword anchors"
        return Hit(round(strength, 4), f"{len(found)} {noun}: {quoted(a for _, a in found)}")

    def _name_hit(self, name: str) -> Hit | None:
        name = name.strip()
        if not name:
            return None
        strength, words = keyword_strength(self.analyse(name))
        if strength == 0.0:
            return None
        return Hit(strength, f"author name {name!r} is a keyword phrase: {quoted(words, 4)}")

    def _praise_only(self, text: str, max_words: int) -> str | None:
        # The evidence when a short text is nothing but praise, fillers and its payload (spam
        # and commercial words do not count against it: "Great post! cheap pills" is the same
        # template with its payload), else None.
        facts = self.analyse(text)
        praise = facts.found("praise")
        keywords = facts.covered(("spam", "commercial"))
        if not praise or len(facts.words) - len(keywords) > max_words:
            return None
        covered = keywords | facts.covered(("praise",))
        rest = [w for i, w in enumerate(facts.words) if i not in covered and w not in FILLER_WORDS]
        return None if len(rest) > 1 else f"the text is generic praise: {quoted(praise, 4)}"

    def _foreign_hit(self, text: str, site: str, min_letters: int) -> Hit | None:
        # content.foreign_language's hit for a text, given the site's language. Cached: it
        # depends on the arguments and this lexicon alone, and saves joining and hashing the
        # words of a text seen before.
        words = self.analyse(text).words
        if sum(map(len, words)) < min_letters:
            return None
        # Judged on the prose's words (links, digits and punctuation removed), as the site's
        # language is: near-identical texts share one judgement.
        language = self.language(" ".join(words), site)
        if language is None or language == site:
            return None
        return Hit(1.0, f"written in {language_name(language)}; the site's comments are in {language_name(site)}")

    def _language(self, prose: str, expected: str | None = None) -> str | None:
        return guess_language(prose.split(), prose, expected)

    def _match(self, words: tuple[str, ...]) -> list[Match]:
        first_words = self.first_words
        if first_words.isdisjoint(words):
            return []
        found: list[Match] = []
        # Where the last phrase of each kind ends: a word inside "payday loan" is not also "loan".
        taken: dict[str, int] = {}
        trie, count = self.trie, len(words)
        for i, word in enumerate(words):
            node = trie.get(word)
            if node is None:
                continue
            ends: list[tuple[int, list[tuple[str, str]]]] = []
            end = i + 1
            while True:
                if node[0]:
                    ends.append((end, node[0]))
                if not node[1] or end >= count:
                    break
                node = node[1].get(words[end])
                if node is None:
                    break
                end += 1
            if len(ends) == 1 and len(ends[0][1]) == 1:  # the usual case: one phrase of one list
                end, ((kind, entry),) = ends[0]
                if taken.get(kind, 0) <= i:
                    found.append((kind, entry, i, end))
                    taken[kind] = end
                continue
            kinds: set[str] = set()
            for end, entries in reversed(ends):  # the longest phrase of each kind wins
                for kind, entry in entries:
                    if kind not in kinds and taken.get(kind, 0) <= i:
                        kinds.add(kind)
                        found.append((kind, entry, i, end))
                        taken[kind] = end
        return found


#: The last rules object read and what was built from it, by builder: a grading run reads
#: one rules object, and rules are not changed once loaded (an edited rule set is a new object).
_LAST_BUILT: dict[Callable[[Rules], Any], tuple[Rules, Any]] = {}


def _built_for(rules: Rules, build: Callable[[Rules], Any]) -> Any:
    last = _LAST_BUILT.get(build)
    if last is not None and last[0] is rules:
        return last[1]
    built = build(rules)
    _LAST_BUILT[build] = (rules, built)
    return built


def lexicon_for(rules: Rules) -> Lexicon:
    """Return the :class:`Lexicon` of a rules object, built once per rules object."""
    return _built_for(rules, Lexicon.from_rules)


_LAST_ITEM: tuple[ItemFacts, Rules, TextFacts] | None = None


def item_text_facts(item: ItemFacts, ctx: Context) -> TextFacts:
    """The :class:`TextFacts` of an item's text under the rules in force.

    The engine runs every signal on one item before the next, so the last answer is
    kept at hand: the signals after the first pay one identity check.
    """
    global _LAST_ITEM
    last = _LAST_ITEM
    if last is not None and last[0] is item and last[1] is ctx.rules:
        return last[2]
    facts = lexicon_for(ctx.rules).analyse(item.text)
    _LAST_ITEM = (item, ctx.rules, facts)
    return facts


class Settings(NamedTuple):
    """The content signals' thresholds, read from the rules (``content.*`` params).

    Example:
        >>> from grading.rules import load_rules
        >>> settings_for(load_rules()).min_links
        2
    """

    min_links: int
    saturate_links: int
    praise_max_words: int
    language_min_letters: int
    duplicate_saturate: float
    caps_min_letters: int
    caps_min_share: float

    @classmethod
    def from_rules(cls, rules: Rules) -> Settings:
        """Read the thresholds, each with its default when the rules do not name it."""
        return cls(min_links=int(rules.param("content.link_count.min_links", 2)),
                   saturate_links=int(rules.param("content.link_count.saturate", 5)),
                   praise_max_words=int(rules.param("content.generic_praise.max_words", 25)),
                   language_min_letters=int(rules.param("content.foreign_language.min_letters",
                                                        MIN_LANGUAGE_LETTERS)),
                   duplicate_saturate=float(rules.param("content.duplicate_text.saturate", 20)),
                   caps_min_letters=int(rules.param("content.all_caps_shouting.min_letters", 15)),
                   caps_min_share=float(rules.param("content.all_caps_shouting.min_share", 0.7)))




def settings_for(rules: Rules) -> Settings:
    """Return the :class:`Settings` of a rules object, read once per rules object."""
    return _built_for(rules, Settings.from_rules)


# -- language -----------------------------------------------------------------------------------

#: Names for the languages evidence mentions most; others are shown by their ISO 639-1 code.
LANGUAGE_NAMES = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "nl": "Dutch", "pl": "Polish", "ru": "Russian", "uk": "Ukrainian", "tr": "Turkish", "id": "Indonesian",
    "sv": "Swedish", "da": "Danish", "no": "Norwegian", "fi": "Finnish", "cs": "Czech", "ro": "Romanian",
    "hu": "Hungarian", "el": "Greek", "zh": "Chinese", "ja": "Japanese", "ko": "Korean", "ar": "Arabic",
    "he": "Hebrew", "hi": "Hindi", "th": "Thai", "vi": "Vietnamese", "fa": "Persian", "bg": "Bulgarian",
}
#: Fewest letters of text the language is judged on: shorter texts ("Thanks!") are any language.
MIN_LANGUAGE_LETTERS = 40
#: Least confidence of the statistical identifier for its answer to count.
MIN_LANGUAGE_CONFIDENCE = 0.9


@lru_cache(maxsize=1)
def _function_words() -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for line in read_list(DATA_DIR / "function_words.txt"):
        language, _, word = line.partition(" ")
        if word:
            table.setdefault(word.strip(), []).append(language)
    return {word: tuple(sorted(languages)) for word, languages in table.items()}


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def guess_language(words: tuple[str, ...] | list[str], text: str, expected: str | None = None) -> str | None:
    """Return the ISO 639-1 language of a text, or ``None`` when it cannot be told.

    Function words decide first (a few microseconds): three or more, at least 15 % of
    the words, and twice as many as any other language's. Then the writing system, for
    scripts one language owns (Greek, Hebrew, Thai, Korean, Japanese kana; Han without
    kana is read as Chinese). Then, when the caller expects a language (the site's), the
    text is taken to be in it if it plainly is (:func:`_plainly_in`). Texts all leave
    open go to py3langid (some 150 µs), whose answer counts at 90 % confidence or more.

    Example:
        >>> text = "Das ist ein sehr schöner Artikel, vielen Dank für die Mühe und die Erklärung"
        >>> guess_language(words_of(text), text)
        'de'
        >>> text = "buy cheap pills online with the best prices"
        >>> guess_language(words_of(text), text, expected="en")
        'en'

    Whether a text is long enough to judge (:data:`MIN_LANGUAGE_LETTERS`) is the
    caller's question.

    Args:
        words: the text's words, as :func:`words_of` gives them.
        text: the text itself (for the statistical identifier).
        expected: the language the caller expects, or ``None``.
    """
    if not words:
        return None
    table = _function_words()
    counts: dict[str, int] = {}
    for word in words:
        for language in table.get(word, ()):
            counts[language] = counts.get(language, 0) + 1
    if counts:
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        best, top = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0
        if top >= 3 and top >= 0.15 * len(words) and top >= 2 * second:
            return best
    if not text.isascii():
        script = _script_language(text)
        if script is not None:
            return script
    if expected is not None and _plainly_in(expected, words, text, counts):
        return expected
    language, confidence = _identifier().classify(text[:300])
    return language if confidence >= MIN_LANGUAGE_CONFIDENCE else None


def _plainly_in(language: str, words: tuple[str, ...] | list[str], text: str, counts: dict[str, int]) -> bool:
    """Tell whether a text is plainly in ``language`` though too few function words say so.

    It is when two distinct function words of that language are found and none of another,
    and the text holds no letter that the language's function words lack (any letter
    outside ASCII, for English). One word is not enough: "to", "is" and "are" are also
    Czech, Hungarian and Romanian words. On the texts this was checked on (real comments,
    generated spam, comments in twenty languages), py3langid agreed every time, and it is
    spared on some half of the texts that reach it.

    Example:
        >>> words = ["the", "best", "pills", "with", "no", "prescription"]
        >>> _plainly_in("en", words, " ".join(words), {"en": 2})
        True
        >>> words = ["ez", "is", "nagyon", "jo", "es", "az", "is", "szep"]  # Hungarian: "is" twice
        >>> _plainly_in("en", words, " ".join(words), {"en": 2})
        False
    """
    if len(counts) != 1 or counts.get(language, 0) < 2:
        return False
    if not text.isascii() and not _letters_of(language).issuperset(text):
        return False
    table = _function_words()
    return len({word for word in words if word in table}) >= 2


@lru_cache(maxsize=64)
def _letters_of(language: str) -> frozenset[str]:
    # ASCII, and the letters the language's own function words are written with.
    table = _function_words()
    own = {char for word, languages in table.items() if language in languages for char in word}
    return frozenset(own | {chr(code) for code in range(128)})


#: Writing systems one language owns: (first code point, last code point, language).
_SCRIPTS = ((0x0370, 0x03FF, "el"), (0x0590, 0x05FF, "he"), (0x0E00, 0x0E7F, "th"), (0x1100, 0x11FF, "ko"),
            (0x3040, 0x30FF, "ja"), (0x3130, 0x318F, "ko"), (0x4E00, 0x9FFF, "zh"), (0xAC00, 0xD7AF, "ko"))


def _script_language(text: str) -> str | None:
    # The first 80 letters decide; a majority of them in one owned script names the language.
    # Japanese mixes kana with Han: any kana makes it Japanese.
    counts: dict[str, int] = {}
    letters = 0
    for char in text:
        if not char.isalpha():
            continue
        letters += 1
        code = ord(char)
        if code >= 0x0370:
            for low, high, language in _SCRIPTS:
                if low <= code <= high:
                    counts[language] = counts.get(language, 0) + 1
                    break
        if letters >= 80:
            break
    if counts.get("ja") and counts.get("ja", 0) + counts.get("zh", 0) > letters / 2:
        return "ja"
    for language, count in counts.items():
        if count > letters / 2:
            return language
    return None


def language_name(code: str) -> str:
    """``"German (de)"`` for ``"de"``."""
    name = LANGUAGE_NAMES.get(code)
    return f"{name} ({code})" if name else code


# -- helpers -------------------------------------------------------------------------------------

def ramp(count: float, low: float, high: float) -> float:
    """Strength for a count: 0 below ``low``, 0.25 at ``low``, 1.0 from ``high``, log-scaled.

    Example:
        >>> [round(ramp(n, 5, 50), 2) for n in (4, 5, 16, 50, 500)]
        [0.0, 0.25, 0.63, 1.0, 1.0]
    """
    if count < low:
        return 0.0
    if count >= high or high <= low:
        return 1.0
    return round(0.25 + 0.75 * math.log(count / low) / math.log(high / low), 4)


def quoted(values: Iterable[str], limit: int = 3) -> str:
    """Quote up to ``limit`` values: ``'a', 'b', 'c' and 2 more``."""
    values = list(values)
    if len(values) <= limit:
        return ", ".join(map(repr, values))
    return f"{', '.join(map(repr, values[:limit]))} and {len(values) - limit} more"


def _excerpt(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def _body_links(item: ItemFacts) -> list[LinkFacts]:
    return [link for link in item.links if not link.is_author_link]


def text_link_urls(item: ItemFacts, facts: TextFacts) -> list[str]:
    """Every distinct URL in an item's text: HTML links, BBCode links, URLs written out.

    A URL that is both a link and its own visible text counts once.

    Example:
        >>> from grading.core import ItemFacts, LinkFacts
        >>> from grading.rules import load_rules
        >>> link = LinkFacts(url="https://a.example/x", host="a.example", domain="a.example")
        >>> item = ItemFacts(key="k", type="comment", text="see https://a.example/x/ and www.b.example",
        ...                  links=(link,))
        >>> text_link_urls(item, lexicon_for(load_rules()).analyse(item.text))
        ['https://a.example/x', 'www.b.example']
    """
    found = [link.url for link in item.links if not link.is_author_link]
    if facts.bbcode:
        found += [url for url, _ in facts.bbcode if url]
    found += facts.urls
    urls: dict[str, str] = {}
    for url in found:
        # Enough to tell a link from the same URL written as its own text: scheme, "www." and a
        # trailing slash do not make another link (normalising every URL would cost ten times
        # more). Written out here, not called, as this runs for every link of every item.
        key = url.lower()
        scheme, sep, rest = key.partition("://")
        if sep and (scheme == "https" or scheme == "http"):
            key = rest
        urls.setdefault(key.removeprefix("www.").rstrip("/"), url)
    return list(urls.values())


def _is_url_like(anchor: str) -> bool:
    anchor = anchor.strip().lower()
    if anchor.startswith(("http://", "https://", "www.")):
        return True
    host = anchor.split("/", 1)[0]
    return " " not in host and "." in host and _is_domain_name(host)


# -- content signals (subject: item) -----------------------------------------------------------

@signal("content.link_count", "item", "Links in the text; WordPress holds a comment with 2 or more for moderation.")
def link_count(item: ItemFacts, ctx: Context) -> Hit | None:
    """Fire at ``content.link_count.min_links`` (2) links, full strength at ``.saturate`` (5)."""
    facts = item_text_facts(item, ctx)
    settings = settings_for(ctx.rules)
    low = settings.min_links
    if len(item.links) + len(facts.bbcode) + len(facts.urls) < low:
        return None
    urls = text_link_urls(item, facts)
    if len(urls) < low:
        return None
    strength, lead = _link_count_terms(len(urls), low, settings.saturate_links)
    return Hit(strength, lead + quoted(urls))


@lru_cache(maxsize=1024)
def _link_count_terms(count: int, low: int, high: int) -> tuple[float, str]:
    # The strength and the evidence's opening for a count of links, which depend on the
    # arguments alone: a few counts recur over every item, and rounding a float costs more
    # than the rest of the signal.
    strength = min(1.0, (count - low + 1) / max(1, high - low + 1))
    return round(strength, 4), f"{count} links in the text (WordPress holds comments with {low} or more): "


@signal("content.bbcode_links", "item", "BBCode links ([url=…]) in the text: forum markup a bot pastes into any form.")
def bbcode_links(item: ItemFacts, ctx: Context) -> Hit | None:
    """0.6 for one BBCode link, 0.2 more for each further one."""
    bbcode = item_text_facts(item, ctx).bbcode
    return _bbcode_links_hit(bbcode) if bbcode else None


@lru_cache(maxsize=4096)
def _bbcode_links_hit(bbcode: tuple[tuple[str, str], ...]) -> Hit:
    # Depends on the BBCode links alone, which a bot pastes unchanged into many comments.
    shown = [f"[url={url}]{anchor}[/url]" if anchor else f"[url={url}]" for url, anchor in bbcode]
    strength = min(1.0, 0.6 + 0.2 * (len(shown) - 1))
    noun = "BBCode link" if len(shown) == 1 else "BBCode links"
    return Hit(round(strength, 4), f"{len(shown)} {noun} in the text: {', '.join(shown[:3])}"
               + (f" and {len(shown) - 3} more" if len(shown) > 3 else ""))


@signal("content.bare_urls", "item", "URLs or domain names written out as text.")
def bare_urls(item: ItemFacts, ctx: Context) -> Hit | None:
    """A third of full strength per URL or domain name written out, full from three."""
    facts = item_text_facts(item, ctx)
    if not facts.urls and not facts.domains:
        return None
    written = list(dict.fromkeys(facts.urls + facts.domains))
    noun = "URL or domain name" if len(written) == 1 else "URLs or domain names"
    return Hit(round(min(1.0, len(written) / 3), 4), f"{len(written)} {noun} written in the text: {quoted(written)}")


def keyword_strength(facts: TextFacts) -> tuple[float, list[str]]:
    """How much a short text reads as a keyword phrase, and the keywords that say so.

    1.0 for a spam word with a commercial modifier, two spam words or three modifiers;
    0.7 for one spam word or two modifiers; 0 otherwise (one modifier alone: a person
    may be called Best).
    """
    spam = facts.found("spam")
    commercial = facts.found("commercial")
    if not spam and len(commercial) < 2:
        return 0.0, []
    found = list(dict.fromkeys(entry for kind, entry, _, _ in facts.matches if kind in ("spam", "commercial")))
    if spam and (commercial or len(spam) > 1):
        return 1.0, found
    if spam:
        return 0.7, found
    if len(commercial) >= 3:
        return 1.0, found
    if len(commercial) == 2:
        return 0.7, found
    return 0.0, []


@signal("content.keyword_anchor", "item", "Link texts that are commercial keyword phrases, not names, URLs or 'here'.")
def keyword_anchor(item: ItemFacts, ctx: Context) -> Hit | None:
    """The strongest anchor's strength (1.0 with a spam word, 0.7 commercial only), +0.15 per further one."""
    facts = item_text_facts(item, ctx)
    anchors = [link.anchor for link in item.links if not link.is_author_link and link.anchor]
    if facts.bbcode:
        anchors += [anchor for _, anchor in facts.bbcode if anchor]
    if not anchors:
        return None
    return lexicon_for(ctx.rules).anchors_hit(tuple(anchors))


@signal("content.keyword_author_name", "item", "The author name is a keyword phrase ('Best Payday Loans').")
def keyword_author_name(item: ItemFacts, ctx: Context) -> Hit | None:
    """1.0 for a spam word with a modifier or two spam words; 0.7 for one spam word or two modifiers."""
    return lexicon_for(ctx.rules).name_hit(item.author_name) if item.author_name else None


_NAME_AS_DOMAIN = re.compile(r"(?:https?://)?(?:www\.)?((?:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.)+[a-z]{2,24})/?", re.I)


@signal("content.author_name_is_domain", "item", "The author name is a domain name ('casino-bonus.xyz').")
def author_name_is_domain(item: ItemFacts, ctx: Context) -> Hit | None:
    """1.0 for a comment; 0.5 for a ping, whose name is often its blog's address."""
    name = item.author_name.strip()
    if "." not in name or len(name) > 253:
        return None
    match = _NAME_AS_DOMAIN.fullmatch(name)
    if match is None or not _is_domain_name(match.group(1)):
        return None
    host, own_domain = match.group(1).lower(), item.author_domain
    own = " (the author link's own domain)" if own_domain and (
        host == own_domain or host.endswith("." + own_domain)) else ""
    strength = 1.0 if item.type == "comment" else 0.5
    return Hit(strength, f"author name {name!r} is a domain name{own}")


@signal("content.generic_praise", "item",
        "A short text of nothing but generic praise ('Great post, thanks for sharing!').")
def generic_praise(item: ItemFacts, ctx: Context) -> Hit | None:
    """0.6 for praise alone, 1.0 when the praise carries a link in the text.

    Spam and commercial words do not stop a text being praise-only: "Great post!
    cheap pills" is the same template with its payload.
    """
    facts = item_text_facts(item, ctx)
    if not facts.found("praise"):
        return None
    evidence = lexicon_for(ctx.rules).praise_only(item.text, settings_for(ctx.rules).praise_max_words)
    if evidence is None:
        return None
    linked = bool(facts.bbcode or facts.urls or facts.domains or _body_links(item))
    return Hit(1.0, evidence + ", and a link") if linked else Hit(0.6, evidence)


@signal("content.spam_words", "item", "Spam vocabulary (pharma, casino, loans, essays, replicas, crypto, adult …).")
def spam_words(item: ItemFacts, ctx: Context) -> Hit | None:
    """A third of full strength per distinct spam word or phrase, full from three."""
    facts = item_text_facts(item, ctx)
    found = facts.found("spam")
    if facts.bbcode:
        analyse = lexicon_for(ctx.rules).analyse
        words = list(found)
        for _, anchor in facts.bbcode:
            words += analyse(anchor).found("spam")
        found = tuple(dict.fromkeys(words))
    return _spam_words_hit(found) if found else None


@lru_cache(maxsize=4096)
def _spam_words_hit(found: tuple[str, ...]) -> Hit:
    # Depends on the words found alone; a few hundred sets of them recur over an audit.
    noun = "spam word" if len(found) == 1 else "spam words"
    return Hit(round(min(1.0, len(found) / 3), 4), f"{len(found)} {noun}: {quoted(found, 5)}")


@signal("content.template_trackback", "item",
        "A trackback or pingback excerpt that is a spam template or its title only.")
def template_trackback(item: ItemFacts, ctx: Context) -> Hit | None:
    """1.0 for a template excerpt ("[…] Read More here: […]"), 0.5 for an excerpt that is the title."""
    if item.type not in ("trackback", "pingback") or not item.text.strip():
        return None
    lexicon = lexicon_for(ctx.rules)
    facts = item_text_facts(item, ctx)
    templates = [m for m in facts.matches if m[0] == "ping"]
    distinctive = [entry for _, entry, start, end in templates if end - start >= 4]
    if distinctive:
        return Hit(1.0, f"{item.type} excerpt is a spam template: {quoted(dict.fromkeys(distinctive))}")
    if templates and len(facts.words) <= 15:
        covered = facts.covered(("ping",))
        rest = [w for i, w in enumerate(facts.words) if i not in covered and w not in FILLER_WORDS]
        if len(rest) <= 1:
            return Hit(1.0, f"{item.type} excerpt is a spam template: {_excerpt(item.text)!r}")
    if facts.words and facts.words == lexicon.analyse(item.author_name).words:
        return Hit(0.5, f"{item.type} excerpt is its title only: {_excerpt(item.text)!r}")
    return None


def _load_language_identifier(ctx: Context) -> None:
    # py3langid's model takes a second and 80 MB to load: loaded before the workers fork,
    # they share it.
    if ctx.stats.site_language is not None:
        _identifier()


@signal("content.foreign_language", "item", "The text is in another language than most of the site's comments.",
        prepare=_load_language_identifier)
def foreign_language(item: ItemFacts, ctx: Context) -> Hit | None:
    """1.0 when the text (40 letters or more) is surely in a language other than ``stats.site_language``."""
    site = ctx.stats.site_language
    if site is None:
        return None
    return lexicon_for(ctx.rules).foreign_hit(item.text, site, settings_for(ctx.rules).language_min_letters)


@signal("content.duplicate_text", "item", "The same or a near-identical text appears in other items of the audit.")
def duplicate_text(item: ItemFacts, ctx: Context) -> Hit | None:
    """0.25 for one other copy, full strength at ``content.duplicate_text.saturate`` (20)."""
    copies = ctx.stats.near_duplicates.get(item.key, 0)
    if copies < 1:
        return None
    return _duplicate_hit(copies, settings_for(ctx.rules).duplicate_saturate)


@lru_cache(maxsize=1024)
def _duplicate_hit(copies: int, saturate: float) -> Hit:
    other = "other item" if copies == 1 else "other items"
    return Hit(ramp(copies, 1, saturate),
               f"the same text (lower-cased, digits and links removed) is in {copies} {other}")


@signal("content.youtube_style", "item",
        "Video-site self-promotion and like-bait ('check out my channel', 'please like').")
def youtube_style(item: ItemFacts, ctx: Context) -> Hit | None:
    """0.6 for one phrase, 0.2 more for each further one."""
    found = item_text_facts(item, ctx).found("promo")
    return _youtube_style_hit(found) if found else None


@lru_cache(maxsize=4096)
def _youtube_style_hit(found: tuple[str, ...]) -> Hit:
    # Depends on the phrases found alone, which recur over an audit.
    noun = "self-promotion phrase" if len(found) == 1 else "self-promotion phrases"
    return Hit(round(min(1.0, 0.6 + 0.2 * (len(found) - 1)), 4), f"{len(found)} {noun}: {quoted(found)}")


@signal("content.all_caps_shouting", "item", "Most of the text is written in capitals.")
def all_caps_shouting(item: ItemFacts, ctx: Context) -> Hit | None:
    """0.5 at ``content.all_caps_shouting.min_share`` (70 %) of letters in capitals, 1.0 at all."""
    facts = item_text_facts(item, ctx)
    settings = settings_for(ctx.rules)
    if facts.letters < settings.caps_min_letters:
        return None
    share = facts.capitals / facts.letters
    low = settings.caps_min_share
    if share < low:
        return None
    strength = 1.0 if low >= 1 else 0.5 + 0.5 * (share - low) / (1 - low)
    return Hit(round(min(1.0, strength), 4),
               f"{round(share * 100)}% of the letters are capitals: {_excerpt(item.text)!r}")


_MONEY = re.compile(
    r"\b(?:earn|earning|earned|make|making|made|get|receive|paid)\s+(?:up\s+to\s+|over\s+|about\s+|around\s+)?"
    r"(?:[$€£]\s?\d[\d,.]*\s*k?|\d[\d,.]*\s*k?\s*(?:[$€£]|usd|eur|dollars|euros|bucks))"
    r"(?:\s+(?:a|per|every|each|/)\s*|\s*/\s*)(?:day|daily|week|month|hour|hr|h)\b", re.I)


@signal("content.money_promises", "item", "Money promises: 'earn $500 a day', 'work from home', 'passive income'.")
def money_promises(item: ItemFacts, ctx: Context) -> Hit | None:
    """0.5 for one promise, 0.25 more for each further one."""
    facts = item_text_facts(item, ctx)
    found = facts.money + facts.found("money")
    return _money_promises_hit(found) if found else None


@lru_cache(maxsize=4096)
def _money_promises_hit(found: tuple[str, ...]) -> Hit:
    # Depends on the promises found alone (a promise may be found twice), which recur over an audit.
    promises = tuple(dict.fromkeys(found))
    noun = "money promise" if len(promises) == 1 else "money promises"
    return Hit(round(min(1.0, 0.5 + 0.25 * (len(promises) - 1)), 4), f"{len(promises)} {noun}: {quoted(promises)}")


# -- outbound hygiene (subject: link) ----------------------------------------------------------

@signal("hygiene.missing_ugc_nofollow", "link",
        "A comment link on the site carries neither rel=ugc nor rel=nofollow: it passes ranking credit.")
def missing_ugc_nofollow(link: LinkFacts, ctx: Context) -> Hit | None:
    """1.0 for an outbound UGC link whose known ``rel`` has neither token; unknown ``rel`` never fires."""
    if link.direction != "outbound_ugc" or link.rel is None:
        return None
    if "ugc" in link.rel or "nofollow" in link.rel or link.domain in ctx.stats.site_domains:
        return None
    found = f'rel="{" ".join(link.rel)}"' if link.rel else "no rel attribute"
    return Hit(1.0, f"{link.url} has {found}: neither ugc nor nofollow")
