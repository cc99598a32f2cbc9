"""The language pre-filter of ``content.foreign_language``.

A text the function words leave open is taken to be in the site's language, without the
statistical identifier (py3langid), only when it plainly is: two distinct function words
of that language, none of another, and no letter foreign to it. Everything else still
goes to the identifier, so the signal's verdicts stay what the identifier says.
"""

from __future__ import annotations

import pytest

import grading.signals  # noqa: F401  (registers every signal)
from grading.core import AuditStats, Context, ItemFacts
from grading.rules import load_rules
from grading.signals import content

RULES = load_rules()

# English spam that names too few function words to be decided by them.
PLAIN_ENGLISH = [
    "Buy cheap viagra online without prescription and the best prices, visit us",
    "Payday loans approved in minutes, no credit check, apply with your phone today",
    "Check out my casino bonus page for free spins, it is the best one",
]
# Texts with words English lists as function words ("is", "are", "to", "was") in another language.
LOOK_ALIKES = [
    ("Ez is nagyon jo cikk, koszonom szepen, en is kiprobalom a kertben", "hu"),
    ("Articolul acesta este foarte bun si util, autorul are dreptate, multumesc", "ro"),
    ("To je opravdu skvely clanek o zahrade, to se mi libi, dekuji moc za vsechny informace a rady", "cs"),
    ("Das war wirklich ein toller Artikel mit vielen guten Tipps für den Garten", "de"),
]
OTHERS = [
    "Articolul acesta este foarte bun și util, autorul are dreptate și the best",
    "Bài viết này rất hay và hữu ích, cảm ơn tác giả đã chia sẻ the best",
    "Muchas gracias por este artículo sobre el huerto, me ha ayudado mucho",
    "Очень интересная статья, спасибо автору за подробное объяснение и примеры.",
    "cheap essay buy tramadol online without prescription best prices",
]


class Counting:
    """py3langid, counting the texts it is asked about."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.identifier = content._identifier()

    def classify(self, text: str) -> tuple[str, float]:
        self.asked.append(text)
        return self.identifier.classify(text)


@pytest.fixture
def identifier(monkeypatch) -> Counting:
    counting = Counting()
    monkeypatch.setattr(content, "_identifier", lambda: counting)
    content.lexicon_for(RULES).language.cache_clear()
    return counting


def verdict(text: str, site: str | None = "en"):
    item = ItemFacts(key="id:1", type="comment", author_name="Ann", text=text)
    return content.foreign_language(item, Context(rules=RULES, stats=AuditStats(site_language=site)))


def identifier_says(text: str) -> str | None:
    words = content.words_of(text)
    return content.guess_language(words, " ".join(words))


@pytest.mark.parametrize("text", PLAIN_ENGLISH)
def test_plain_site_language_is_decided_without_the_identifier(text, identifier):
    assert verdict(text) is None
    assert identifier.asked == []


@pytest.mark.parametrize("text, language", LOOK_ALIKES)
def test_look_alike_function_words_still_ask_the_identifier(text, language, identifier):
    hit = verdict(text)
    assert hit is not None and f"({language})" in hit.evidence
    assert identifier_says(text) == language


@pytest.mark.parametrize("text", PLAIN_ENGLISH + [t for t, _ in LOOK_ALIKES] + OTHERS)
@pytest.mark.parametrize("site", ["en", "de", "fr"])
def test_the_verdict_is_the_identifiers(text, site):
    language = identifier_says(text)
    expected = language is not None and language != site
    assert (verdict(text, site) is not None) == expected


def test_letters_foreign_to_the_site_language_ask_the_identifier(identifier):
    words = content.words_of("Zoë wrote the best post with pictures")
    assert content.guess_language(words, " ".join(words), expected="en") in ("en", None)
    assert len(identifier.asked) == 1
    identifier.asked.clear()
    words = content.words_of("Zoe wrote the best post with pictures")
    assert content.guess_language(words, " ".join(words), expected="en") == "en"
    assert identifier.asked == []
