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
  two other videos (:func:`grading.model.train_on_items` with its defaults: the rule
  signals stacked, their strengths computed with the held-out video's own context, and
  the model's points counting the stacked rules' points once).

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
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backlint.errors import BacklintError
from backlint.text import markup_to_text
from backlint.urls import host_of, registrable_domain
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

def comment_html_to_text(content: str) -> tuple[str, tuple[LinkFacts, ...]]:
    """Turn a comment's markup into plain text and its links (see
    :func:`backlint.text.markup_to_text`, which the importer of labelled files uses
    too, so an imported file is graded as the evaluation grades it).

    Example:
        >>> text, links = comment_html_to_text("see www.shop.example/deal! &gt;&lt;")
        >>> text, links[0].url, links[0].rel
        ('see www.shop.example/deal! ><', 'http://www.shop.example/deal', None)
    """
    text, links = markup_to_text(content)
    return text, tuple(LinkFacts(url=url, host=host_of(url), domain=registrable_domain(host_of(url)), anchor=anchor,
                                 rel=rel) for url, anchor, rel in links)


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


# -- grading the corpus --------------------------------------------------------------

@dataclass(frozen=True)
class Metrics:
    """How well one grader separated spam from legitimate comments.

    Example:
        >>> m = measure([1, 1, 0, 0], [80, 10, 40, 0])
        >>> (m.accuracy, m.precision, m.recall, m.auc)
        (0.5, 0.5, 0.5, 0.75)

    Attributes:
        accuracy: share of comments flagged correctly (score ≥ :data:`FLAG_SCORE` = spam).
        precision: share of flagged comments that are spam.
        recall: share of spam comments flagged.
        auc: ROC AUC of the score (ties count half).
        n: comments.
        spam: spam comments among them.
    """

    accuracy: float
    precision: float
    recall: float
    auc: float
    n: int
    spam: int


def measure(labels: Sequence[int], scores: Sequence[float], threshold: float = FLAG_SCORE) -> Metrics:
    """Accuracy, precision and recall of ``score ≥ threshold``, and the scores' ROC AUC."""
    from sklearn.metrics import accuracy_score, precision_score, recall_score, roc_auc_score

    flagged = [int(s >= threshold) for s in scores]
    labels = list(labels)
    auc = float(roc_auc_score(labels, list(scores))) if 0 < sum(labels) < len(labels) else float("nan")
    return Metrics(accuracy=float(accuracy_score(labels, flagged)),
                   precision=float(precision_score(labels, flagged, zero_division=0.0)),
                   recall=float(recall_score(labels, flagged, zero_division=0.0)),
                   auc=auc, n=len(labels), spam=sum(labels))


def load_signals() -> str | None:
    """Import the signal modules (registering them); return why not, when they cannot be."""
    importlib.import_module("grading.model")
    try:
        importlib.import_module("grading.signals")
    except ImportError as exc:
        return f"rule signals not loaded ({exc}); rules alone scores 0"
    return None


def item_signals(rules: Any, with_model: bool) -> list[tuple[Any, float]]:
    """Every registered item signal the rules weigh, with its weight (``model.*`` optional)."""
    return [(s, rules.weight(s.name)) for s in SIGNALS.values()
            if s.subject == "item" and rules.weight(s.name) > 0
            and (with_model or not s.name.startswith(MODEL_PREFIX))]


def item_score(item: ItemFacts, signals: list[tuple[Any, float]], ctx: Any) -> int:
    """The item's 0–100 score from its own signals (weight × strength, summed, clipped)."""
    from grading.core import Reason, combine

    reasons = []
    for sig, weight in signals:
        hit = sig.fn(item, ctx)
        if hit is not None and hit.strength > 0:
            reasons.append(Reason(sig.name, weight * min(1.0, hit.strength), hit.evidence))
    return combine(reasons).score


def audit_stats_for(items: Sequence[ItemFacts], site_domains: frozenset[str]) -> AuditStats:
    """The audit statistics behaviour signals compare with, built over these items.

    Uses :func:`grading.signals.behaviour.audit_stats`; an empty
    :class:`~grading.core.AuditStats` while that module is not there.
    """
    try:
        behaviour = importlib.import_module("grading.signals.behaviour")
    except ImportError:
        return AuditStats(site_domains=site_domains)
    build: Callable[..., AuditStats] | None = getattr(behaviour, "audit_stats", None)
    return build(items, site_domains=site_domains) if build else AuditStats(site_domains=site_domains)


@dataclass
class _KnownProbabilities:
    """A model whose probabilities for the graded items were computed in one batch.

    Everything else (its settings, format version, training record) is the model's own.
    """

    model: Any
    by_key: dict[str, float]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.model, name)

    def spam_probability(self, item: ItemFacts) -> float:
        found = self.by_key.get(item.key)
        return self.model.spam_probability(item) if found is None else found


@dataclass(frozen=True)
class FoldResult:
    """One held-out video: how rules alone and rules + model graded it.

    Attributes:
        held_out: the video graded.
        trained_on: the videos the model learned from.
        rules: rules alone.
        learned: rules + learned model.
        model_metrics: the model's training record (n, spam share, chosen C, CV AUC).
        train_seconds: time to train the model.
        predict_rate: comments a second the model scored (batch, feature hashing included).
    """

    held_out: str
    trained_on: tuple[str, ...]
    rules: Metrics
    learned: Metrics
    model_metrics: dict[str, Any]
    train_seconds: float
    predict_rate: float


@dataclass(frozen=True)
class Evaluation:
    """The cross-video evaluation: one :class:`FoldResult` per held-out video.

    Attributes:
        folds: the results, in corpus order of the held-out video.
        rule_signals: the item signals that made up "rules alone".
        note: why the rule signals could not be loaded, when they could not.
    """

    folds: tuple[FoldResult, ...]
    rule_signals: tuple[str, ...]
    note: str | None = None

    def mean(self, grader: str) -> dict[str, float]:
        """Mean of each metric over the held-out videos, for ``rules`` or ``learned``."""
        names = ("accuracy", "precision", "recall", "auc")
        return {name: sum(getattr(getattr(f, grader), name) for f in self.folds) / len(self.folds)
                for name in names}


def evaluate_fold(train: Sequence[LabelledComments], test: LabelledComments,
                  rules: Any = None) -> FoldResult:
    """Train on ``train``, grade ``test`` with rules alone and with rules + model.

    Args:
        train: the videos the model learns from.
        test: the held-out video; its labels are used only to measure.
        rules: the :class:`~grading.rules.Rules` (default: the built-in rules).
    """
    from grading.core import Context
    from grading.model import train_on_items
    from grading.rules import load_rules

    rules = rules or load_rules()
    load_signals()
    started = time.perf_counter()
    model = train_on_items([i for video in train for i in video.items],
                           [label for video in train for label in video.labels])
    train_seconds = time.perf_counter() - started
    site_domains = frozenset({registrable_domain(test.items[0].post_url)}) if test.items else frozenset()
    stats = audit_stats_for(test.items, site_domains)
    alone = Context(rules=rules, stats=stats)
    started = time.perf_counter()
    # The stacked rule signals are computed with the context the rules are graded with.
    probabilities = model.spam_probabilities(test.items, alone)
    predict_rate = len(test) / max(time.perf_counter() - started, 1e-9)
    learned = Context(rules=rules, stats=stats,
                      model=_KnownProbabilities(model, {i.key: float(p) for i, p in
                                                         zip(test.items, probabilities, strict=True)}))
    rule_set, with_model = item_signals(rules, False), item_signals(rules, True)
    return FoldResult(
        held_out=test.name, trained_on=tuple(video.name for video in train),
        rules=measure(test.labels, [item_score(i, rule_set, alone) for i in test.items]),
        learned=measure(test.labels, [item_score(i, with_model, learned) for i in test.items]),
        model_metrics=dict(model.metrics), train_seconds=train_seconds, predict_rate=predict_rate)


def cross_video_evaluation(videos: Sequence[LabelledComments] | None = None,
                           rules: Any = None) -> Evaluation:
    """Hold out each video in turn, train on the others, grade it (see the module doc).

    Args:
        videos: the labelled videos (default: :func:`read_videos`).
        rules: the rules (default: the built-in rules).

    Raises:
        DatasetError: the corpus is missing or malformed.
    """
    from grading.rules import load_rules

    videos = list(videos) if videos is not None else read_videos()
    rules = rules or load_rules()
    note = load_signals()
    folds = tuple(evaluate_fold([v for v in videos if v is not held], held, rules) for held in videos)
    names = tuple(sorted(s.name for s, _ in item_signals(rules, False)))
    return Evaluation(folds=folds, rule_signals=names, note=note)


def format_table(evaluation: Evaluation) -> str:
    """The evaluation as a plain-text table: one row per held-out video and grader, then means."""
    head = f"{'held-out video':<22} {'grader':<14} {'n':>4} {'spam':>4} {'acc':>6} {'prec':>6} {'recall':>6} {'AUC':>6}"
    lines = [head, "-" * len(head)]
    for fold in evaluation.folds:
        for label, m in (("rules alone", fold.rules), ("rules + model", fold.learned)):
            lines.append(f"{fold.held_out:<22} {label:<14} {m.n:>4} {m.spam:>4} {m.accuracy:>6.3f} "
                         f"{m.precision:>6.3f} {m.recall:>6.3f} {m.auc:>6.3f}")
    for grader, label in (("rules", "rules alone"), ("learned", "rules + model")):
        means = evaluation.mean(grader)
        lines.append(f"{'mean':<22} {label:<14} {'':>4} {'':>4} {means['accuracy']:>6.3f} "
                     f"{means['precision']:>6.3f} {means['recall']:>6.3f} {means['auc']:>6.3f}")
    return "\n".join(lines)
