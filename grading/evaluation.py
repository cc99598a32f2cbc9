"""Measure the grading on real, hand-labelled comments: rules alone, and rules + model.

The corpus is the YouTube Spam Collection (three videos' comments, each labelled spam
or legitimate by hand; see ``shared/data/youtube-spam-dev/README.md``). The protocol
is **cross-video**: train the learned model on two videos, grade the third, all three
ways. A video's comments are a different audience and a different month from the
others', which is what the model meets on a real site: it is trained on what was
moderated before and grades what came after.

Two graders are measured on each held-out video:

* **rules alone** — the summed points of every registered item signal except
  ``model.*``, with the default weights and an :class:`~grading.core.AuditStats` built
  over the held-out video's own comments (as an audit would build it);
* **rules + model** — the same, plus ``model.comment_spam`` with a model trained on the
  two other videos.

A comment counts as flagged when its score is 31 or more (band Medium or High).
Accuracy, precision and recall are of that flag; ROC AUC is of the score itself.
``tests/test_model_gate.py`` pins floors under these figures.

Example:
    >>> item = comment_facts("c1", "Ann", "2014-01-02T03:04:05",
    ...     'Nice &amp; <a href="http://www.Example.com/x">my site</a><br />bye\\ufeff', "video")
    >>> item.text, [(link.url, link.domain, link.anchor) for link in item.links]
    ('Nice & my site\\nbye', [('http://www.example.com/x', 'example.com', 'my site')])
"""

from __future__ import annotations

import csv
import importlib
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from backlint.errors import BacklintError
from crawler.urls import host_of, normalize_url, registrable_domain
from grading.core import SIGNALS, AuditStats, ItemFacts, LinkFacts

#: Where the development corpus lives: ``shared/data/`` beside the repository.
DATASET_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "youtube-spam-dev"
#: The three videos, in the corpus's order.
VIDEO_FILES = ("Youtube01-Psy.csv", "Youtube02-KatyPerry.csv", "Youtube03-LMFAO.csv")
#: A score of 31 or more is band Medium or High: the comment is flagged.
FLAG_SCORE = 31
#: Signal families left out of "rules alone".
MODEL_PREFIX = "model."


class DatasetError(BacklintError):
    """The labelled corpus is missing or not in the expected format."""


# -- reading the corpus --------------------------------------------------------------

_BARE_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}'\"\u00bb\u2026"
_SPACES = re.compile(r"[^\S\n]+")
_BREAK_TAGS = frozenset({"br", "p", "div", "li"})


class _CommentHTML(HTMLParser):
    """Collect the plain text and the ``<a href>`` links of a comment's markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[tuple[str, str, tuple[str, ...]]] = []
        self._open: tuple[str, tuple[str, ...], int] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BREAK_TAGS:
            self.parts.append("\n")
        if tag == "a":
            values = dict(attrs)
            rel = tuple((values.get("rel") or "").lower().split())
            self._open = (values.get("href") or "", rel, len(self.parts))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "a":
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open is not None:
            href, rel, start = self._open
            self.links.append((href, " ".join("".join(self.parts[start:]).split()), rel))
            self._open = None

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _plain(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.replace("\ufeff", "").split("\n"))
    return "\n".join(line for line in lines if line)


def _link(url: str, anchor: str, rel: tuple[str, ...] | None) -> LinkFacts | None:
    normal = normalize_url(url if "//" in url else f"http://{url}")
    if normal is None:
        return None
    host = host_of(normal)
    return LinkFacts(url=normal, host=host, domain=registrable_domain(host), anchor=anchor, rel=rel)


def comment_html_to_text(content: str) -> tuple[str, tuple[LinkFacts, ...]]:
    """Turn a comment's markup into plain text and its links.

    Entities are unescaped, tags dropped (``<br />`` becomes a line break), and each
    ``<a href>`` kept as a :class:`LinkFacts` with its anchor and ``rel``. URLs written
    as bare text (``http://…`` or ``www.…``) become links too, with ``rel`` unknown:
    the older videos' comments hold their URLs that way and YouTube showed them as
    clickable links, as WordPress does with URLs in a comment's text.

    Example:
        >>> text, links = comment_html_to_text("see www.shop.example/deal! &gt;&lt;")
        >>> text, links[0].url, links[0].rel
        ('see www.shop.example/deal! ><', 'http://www.shop.example/deal', None)

    Args:
        content: the ``CONTENT`` cell.

    Returns:
        The plain text and the links, in the order they appear. Markup that cannot
        be read yields what could be read; it never raises.
    """
    parser = _CommentHTML()
    try:
        parser.feed(content or "")
        parser.close()
    except (AssertionError, ValueError):  # html.parser's last-resort errors on broken markup
        pass
    text = _plain("".join(parser.parts))
    links = [_link(href, anchor, rel) for href, anchor, rel in parser.links]
    anchored = {anchor for _, anchor, _ in parser.links}
    for match in _BARE_URL.finditer(text):
        url = match.group(0).rstrip(_TRAILING)
        if url not in anchored:  # an <a> whose visible text is its own URL is one link
            links.append(_link(url, url, None))
    return text, tuple(link for link in links if link is not None)


def comment_facts(comment_id: str, author: str, date: str | None, content: str,
                  post_url: str) -> ItemFacts:
    """One corpus row as the :class:`ItemFacts` grading reads (type ``comment``)."""
    text, links = comment_html_to_text(content)
    return ItemFacts(key=comment_id, type="comment", author_name=(author or "").strip(),
                     text=text, date=date or None, post_url=post_url, links=links,
                     site_id=comment_id)


@dataclass(frozen=True)
class LabelledComments:
    """One video's comments and their hand labels (1 = spam).

    Example:
        >>> video = LabelledComments("v", (ItemFacts(key="a", type="comment"),), (1,))
        >>> video.spam, len(video)
        (1, 1)
    """

    name: str
    items: tuple[ItemFacts, ...]
    labels: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.items)

    @property
    def spam(self) -> int:
        """How many are labelled spam."""
        return sum(self.labels)


def dataset_dir(path: str | Path | None = None) -> Path:
    """The corpus directory, checked.

    Raises:
        DatasetError: it is missing or lacks one of :data:`VIDEO_FILES`.
    """
    folder = Path(path) if path is not None else DATASET_DIR
    missing = [name for name in VIDEO_FILES if not (folder / name).is_file()]
    if missing:
        raise DatasetError(f"the labelled YouTube comment corpus is not at {folder} "
                           f"(missing {', '.join(missing)}); it is read in place from "
                           f"shared/data/youtube-spam-dev/ beside the repository")
    return folder


def read_youtube_csv(path: str | Path) -> LabelledComments:
    """Read one video's CSV (``COMMENT_ID, AUTHOR, DATE, CONTENT, CLASS``).

    Raises:
        DatasetError: the file cannot be read or lacks a column or a 0/1 class.
    """
    path = Path(path)
    post_url = f"https://www.youtube.com/{path.stem}"
    items: list[ItemFacts] = []
    labels: list[int] = []
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                label = row["CLASS"].strip()
                if label not in ("0", "1"):
                    raise DatasetError(f"{path}: CLASS {label!r} is not 0 or 1 (comment {row['COMMENT_ID']})")
                items.append(comment_facts(row["COMMENT_ID"], row["AUTHOR"], row["DATE"],
                                           row["CONTENT"], post_url))
                labels.append(int(label))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DatasetError(f"cannot read {path}: {exc}") from None
    except (KeyError, AttributeError):
        raise DatasetError(f"{path}: expected the columns COMMENT_ID, AUTHOR, DATE, CONTENT, CLASS") from None
    return LabelledComments(path.stem, tuple(items), tuple(labels))


def read_videos(path: str | Path | None = None) -> list[LabelledComments]:
    """Read the three videos of the corpus (default: :data:`DATASET_DIR`)."""
    folder = dataset_dir(path)
    return [read_youtube_csv(folder / name) for name in VIDEO_FILES]
