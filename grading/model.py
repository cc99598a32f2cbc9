"""The learned comment model: a text classifier trained on the site's own labels.

A site that has moderated its comments already holds the best training data there
is: which comments it kept and which it marked spam. ``backlint learn`` turns those
labels into a :class:`CommentModel`, and the signal ``model.comment_spam`` adds its
verdict to a comment's grade as one weighted, explained reason among the rules.

The model is deliberately small and plain:

* **Features are hashed**, never fitted. Word 1–2-grams and character n-grams of the
  text, the author name, and tokens of the URLs (domain, host, path words, how many
  links) each go through scikit-learn's ``HashingVectorizer`` into a block of its own.
  Hashing needs no vocabulary, so the stored model is only the classifier's weights
  and the few numbers that rebuild the vectorizers.
* **The classifier is linear** (logistic regression, fixed ``random_state``), so
  training is deterministic and a probability is one sparse dot product.
* **The regularisation strength is chosen by cross-validation** on the training
  labels alone, in folds that keep identical texts together (a copy-pasted campaign
  in both halves of a fold would flatter the score), and the same out-of-fold scores
  calibrate the probability (Platt scaling), so "93 % spam" means what it says on
  comments the model has not seen.
* **Stored without pickle**: :meth:`CommentModel.to_bytes` writes a JSON header and
  numpy arrays saved with ``allow_pickle=False``, so loading a model file can never
  run code.

Example:
    >>> texts = [f"check out my channel {i} subscribe please" for i in range(15)]
    >>> texts += [f"this song is great, number {i} in my playlist" for i in range(15)]
    >>> model = train_comment_model(texts, [1] * 15 + [0] * 15)
    >>> model.probability("subscribe to my channel") > 0.5 > model.probability("great song")
    True
    >>> CommentModel.from_bytes(model.to_bytes()).probability("great song") == model.probability("great song")
    True
"""

from __future__ import annotations

import io
import json
import math
import re
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from backlint.errors import BacklintError
from grading.core import Hit, ItemFacts, signal

#: Fewest labelled comments the model will train on: below this a "model" learns a
#: handful of words by heart and its probabilities mean nothing.
MIN_LABELS = 20
#: Fewest comments of each class (spam and legitimate): a class seen a few times
#: cannot teach what sets it apart.
MIN_PER_CLASS = 5
#: Fewest labels for which the training metrics include a cross-validated AUC; the
#: regularisation strength is chosen and the probabilities calibrated from the same
#: folds. Below it the model trains with the default strength, uncalibrated.
MIN_LABELS_FOR_CV = 50
#: Regularisation strengths tried (logistic regression's ``C``: larger fits harder).
C_GRID = (0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
DEFAULT_C = 10.0
CV_FOLDS = 5
RANDOM_STATE = 0

FORMAT_NAME = "backlint-comment-model"
FORMAT_VERSION = 1
_MAGIC = b"BACKLINT-COMMENT-MODEL\n"


class ModelError(BacklintError):
    """The comment model cannot be trained, loaded or used (too few labels, a bad file)."""


@dataclass(frozen=True)
class FeatureConfig:
    """How texts, author names and URLs become hashed features.

    Stored in the model's header, so a loaded model rebuilds exactly the features it
    was trained on.

    Example:
        >>> FeatureConfig().width
        1048576

    Attributes:
        bits: each block has ``2**bits`` hashed columns.
        word_ngrams: word n-gram range of the text.
        char_ngrams: character n-gram range of the text (within word boundaries).
        max_chars: only the first ``max_chars`` characters of a text are read: enough
            to recognise a comment, and it bounds the cost of a pasted novel.
    """

    bits: int = 18
    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (2, 5)
    max_chars: int = 2000

    #: The feature blocks, in column order.
    blocks = ("words", "chars", "author", "urls")

    @property
    def width(self) -> int:
        """Total number of feature columns."""
        return len(self.blocks) * (1 << self.bits)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the model header."""
        return {"bits": self.bits, "word_ngrams": list(self.word_ngrams),
                "char_ngrams": list(self.char_ngrams), "max_chars": self.max_chars}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FeatureConfig:
        """Rebuild from :meth:`to_dict`'s output."""
        return cls(bits=int(data["bits"]), word_ngrams=_pair(data["word_ngrams"]),
                   char_ngrams=_pair(data["char_ngrams"]), max_chars=int(data["max_chars"]))


def _pair(value: Sequence[Any]) -> tuple[int, int]:
    low, high = (int(v) for v in value)
    return low, high


# -- turning items into the model's three inputs -------------------------------------

_URL_WORDS = re.compile(r"[a-z0-9]{2,}")


def url_tokens(urls: Iterable[str]) -> str:
    """Describe an item's URLs as space-separated tokens for hashing.

    The registrable domain and host say *where* the links go; the words of the path
    say what they promote (``/moretraffic``, ``/free-iphone``); the count says how
    many links the item carries (WordPress holds comments with two or more).

    Example:
        >>> url_tokens(["https://www.Shop.example.com/cheap-pills?id=3"])
        'links:1 d:example.com h:www.shop.example.com w:cheap w:pills w:id'
        >>> url_tokens([])
        'links:0'
    """
    from crawler.urls import host_of, registrable_domain

    urls = [u for u in urls if u]
    tokens = [f"links:{min(len(urls), 3)}"]
    for url in urls:
        host = host_of(url)
        if host:
            tokens += [f"d:{registrable_domain(host)}", f"h:{host}"]
        rest = url.split("//", 1)[-1]
        path = rest.split("/", 1)[1] if "/" in rest else ""
        tokens += [f"w:{word}" for word in _URL_WORDS.findall(path.lower())]
    return " ".join(tokens)


def item_urls(item: ItemFacts) -> list[str]:
    """Every URL an item carries: its author link and the links in its text."""
    urls = [link.url for link in item.links]
    if item.author_url and item.author_url not in urls:
        urls.insert(0, item.author_url)
    return urls


def model_inputs(items: Iterable[ItemFacts]) -> tuple[list[str], list[str], list[list[str]]]:
    """Split items into the model's inputs: texts, author names, URL lists.

    Example:
        >>> model_inputs([ItemFacts(key="1", type="comment", author_name="Ann", text="Hi")])
        (['Hi'], ['Ann'], [[]])
    """
    texts: list[str] = []
    authors: list[str] = []
    urls: list[list[str]] = []
    for item in items:
        texts.append(item.text)
        authors.append(item.author_name)
        urls.append(item_urls(item))
    return texts, authors, urls


# -- features ------------------------------------------------------------------------

class _Featurizer:
    """The hashing vectorizers of one :class:`FeatureConfig` (stateless, built once)."""

    def __init__(self, config: FeatureConfig) -> None:
        from sklearn.feature_extraction.text import HashingVectorizer

        width = 1 << config.bits
        common = {"n_features": width, "alternate_sign": False, "norm": "l2", "dtype": np.float64}
        self.config = config
        self.words = HashingVectorizer(analyzer="word", ngram_range=config.word_ngrams, **common)
        self.chars = HashingVectorizer(analyzer="char_wb", ngram_range=config.char_ngrams, **common)
        # Author names: whole words and their character pieces ("VEVO1", "Official").
        self.author = HashingVectorizer(analyzer="char_wb", ngram_range=(1, 4), **common)
        self.urls = HashingVectorizer(analyzer="word", token_pattern=r"\S+", lowercase=False, **common)

    def transform(self, texts: Sequence[str], authors: Sequence[str],
                  urls: Sequence[Sequence[str] | str]) -> Any:
        """The feature matrix (CSR, one row per item, :attr:`FeatureConfig.width` columns)."""
        from scipy.sparse import hstack

        limit = self.config.max_chars
        clipped = [(t or "")[:limit] for t in texts]
        url_text = [url_tokens([u] if isinstance(u, str) else u) for u in urls]
        blocks = [self.words.transform(clipped), self.chars.transform(clipped),
                  self.author.transform([a or "" for a in authors]), self.urls.transform(url_text)]
        return hstack(blocks, format="csr")


# -- the model -----------------------------------------------------------------------

@dataclass(eq=False)
class CommentModel:
    """A trained comment classifier: hashed features, linear weights, training record.

    Build one with :func:`train_comment_model`; store it with :meth:`to_bytes`.

    Example:
        >>> texts = ["buy followers now"] * 12 + ["lovely song"] * 12
        >>> model = train_comment_model(texts, [1] * 12 + [0] * 12)
        >>> round(model.probability("lovely song"), 2) < 0.5
        True
        >>> model.metrics["n"], model.metrics["spam"]
        (24, 12)

    Attributes:
        config: the feature settings.
        weights: one weight per feature column (calibration folded in).
        intercept: the bias (calibration folded in).
        metrics: the training record: ``n``, ``spam``, ``spam_share``, ``C``,
            ``cv_auc`` (``None`` below :data:`MIN_LABELS_FOR_CV` labels), ``cv_folds``.
        sklearn_version: the scikit-learn that trained it.
    """

    config: FeatureConfig
    weights: np.ndarray
    intercept: float
    metrics: dict[str, Any] = field(default_factory=dict)
    sklearn_version: str = ""

    def __post_init__(self) -> None:
        self._featurizer: _Featurizer | None = None
        self._primed: dict[ItemFacts, float] = {}

    # -- predicting --

    @property
    def n_labels(self) -> int:
        """How many labelled comments it was trained on."""
        return int(self.metrics.get("n", 0))

    def _features(self) -> _Featurizer:
        if self._featurizer is None:
            self._featurizer = _Featurizer(self.config)
        return self._featurizer

    def probabilities(self, texts: Sequence[str], authors: Sequence[str] | None = None,
                      urls: Sequence[Sequence[str] | str] | None = None) -> np.ndarray:
        """Spam probabilities of many comments at once (vectorised).

        Args:
            texts: the plain texts.
            authors: the author names (default: none).
            urls: per comment, its URLs (a list, or one URL as a string).

        Returns:
            A float array, one probability (0–1) per text.
        """
        n = len(texts)
        authors = list(authors) if authors is not None else [""] * n
        urls = list(urls) if urls is not None else [[]] * n
        if not (len(authors) == len(urls) == n):
            raise ModelError(f"{n} texts but {len(authors)} author names and {len(urls)} URL lists")
        if n == 0:
            return np.zeros(0)
        scores = self._features().transform(texts, authors, urls) @ self.weights + self.intercept
        return _sigmoid(scores)

    def probability(self, text: str, author: str = "", urls: Sequence[str] = ()) -> float:
        """The spam probability of one comment given as text, author name and URLs."""
        return float(self.probabilities([text], [author], [list(urls)])[0])

    def spam_probabilities(self, items: Sequence[ItemFacts]) -> np.ndarray:
        """Spam probabilities of many items at once (vectorised; use this on an audit).

        Example:
            >>> model = train_comment_model(["win cash"] * 12 + ["nice"] * 12, [1] * 12 + [0] * 12)
            >>> model.spam_probabilities([]).shape
            (0,)
        """
        texts, authors, urls = model_inputs(items)
        return self.probabilities(texts, authors, urls)

    def prime(self, items: Sequence[ItemFacts], batch_size: int = 50_000) -> None:
        """Compute the probabilities of many items in batches and remember them.

        :meth:`spam_probability` (what the ``model.comment_spam`` signal calls, once
        per item) then answers from memory; items not primed are computed one by one,
        which is correct but about a hundred times slower.
        """
        for start in range(0, len(items), batch_size):
            batch = items[start:start + batch_size]
            for item, p in zip(batch, self.spam_probabilities(batch).tolist(), strict=True):
                self._primed[item] = p

    def forget(self) -> None:
        """Drop the probabilities remembered by :meth:`prime`."""
        self._primed.clear()

    def spam_probability(self, item: ItemFacts) -> float:
        """The spam probability (0–1) of one item."""
        primed = self._primed.get(item)
        if primed is not None:
            return primed
        return float(self.spam_probabilities([item])[0])

    # -- storing --

    def header(self) -> dict[str, Any]:
        """The JSON header of the stored form: everything but the weight arrays."""
        return {"format": FORMAT_NAME, "version": FORMAT_VERSION, "features": self.config.to_dict(),
                "intercept": self.intercept, "metrics": self.metrics,
                "sklearn_version": self.sklearn_version}

    def to_bytes(self) -> bytes:
        """The model as bytes: magic line, JSON header, non-zero weights as ``.npy`` arrays.

        No pickle anywhere: :meth:`from_bytes` reads it with ``allow_pickle=False``.
        The same model always gives the same bytes.
        """
        columns = np.flatnonzero(self.weights).astype(np.int64)
        header = json.dumps(self.header(), sort_keys=True).encode("utf-8")
        out = io.BytesIO()
        out.write(_MAGIC)
        out.write(struct.pack("<Q", len(header)))
        out.write(header)
        np.save(out, columns, allow_pickle=False)
        np.save(out, self.weights[columns].astype(np.float64), allow_pickle=False)
        return out.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> CommentModel:
        """Load a model written by :meth:`to_bytes`.

        Raises:
            ModelError: the bytes are not a stored comment model of a known version.
        """
        if not data.startswith(_MAGIC):
            raise ModelError("not a backlint comment model (bad magic line)")
        stream = io.BytesIO(data)
        stream.seek(len(_MAGIC))
        try:
            (size,) = struct.unpack("<Q", stream.read(8))
            header = json.loads(stream.read(size).decode("utf-8"))
            if header.get("format") != FORMAT_NAME or header.get("version") != FORMAT_VERSION:
                raise ModelError(f"unsupported comment model format {header.get('format')!r} "
                                 f"version {header.get('version')!r}; retrain with `backlint learn`")
            config = FeatureConfig.from_dict(header["features"])
            columns = np.load(stream, allow_pickle=False)
            values = np.load(stream, allow_pickle=False)
        except ModelError:
            raise
        except (ValueError, KeyError, TypeError, struct.error, EOFError, UnicodeDecodeError) as exc:
            raise ModelError(f"damaged comment model: {exc}") from None
        if (columns.shape != values.shape or columns.ndim != 1 or columns.dtype.kind != "i"
                or values.dtype.kind != "f" or (columns.size and not 0 <= columns.min() <= columns.max()
                                                < config.width)):
            raise ModelError("damaged comment model: weight arrays do not fit its feature settings")
        weights = np.zeros(config.width, dtype=np.float64)
        weights[columns] = values
        return cls(config=config, weights=weights, intercept=float(header["intercept"]),
                   metrics=dict(header.get("metrics", {})),
                   sklearn_version=str(header.get("sklearn_version", "")))


def _sigmoid(scores: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(scores, -500, 500)))


# -- training ------------------------------------------------------------------------

_LABELS = {"spam": 1, "ham": 0, "1": 1, "0": 0, "true": 1, "false": 0}


def _label(value: Any) -> int | None:
    """1 for spam, 0 for legitimate, ``None`` for an item left to grade."""
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)):
        return int(value)
    if isinstance(value, (int, np.integer)) and value in (0, 1):
        return int(value)
    if isinstance(value, float) and math.isnan(value):
        return None
    text = str(value).strip().lower()
    if not text:
        return None
    if text in _LABELS:
        return _LABELS[text]
    raise ModelError(f"unknown label {value!r}: use spam/ham, 1/0 or true/false (empty to leave unlabelled)")


def _text_groups(texts: Sequence[str]) -> np.ndarray:
    """One group id per distinct text (case and spacing ignored): copies stay together."""
    ids: dict[str, int] = {}
    return np.array([ids.setdefault(" ".join(t.lower().split()), len(ids)) for t in texts])


def _check_labels(y: np.ndarray) -> None:
    spam = int(y.sum())
    ham = len(y) - spam
    if len(y) < MIN_LABELS:
        raise ModelError(f"only {len(y)} labelled comments; the model needs at least {MIN_LABELS} "
                         f"(label more as spam or ham, or grade with the rules alone)")
    if min(spam, ham) < MIN_PER_CLASS:
        raise ModelError(f"{spam} spam and {ham} legitimate labelled comments; the model needs at "
                         f"least {MIN_PER_CLASS} of each to learn what sets them apart")


def _classifier(c: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, solver="liblinear", random_state=RANDOM_STATE, max_iter=1000)


def _folds(y: np.ndarray, groups: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Stratified folds that keep identical texts together, or ``[]`` when too few."""
    from sklearn.model_selection import StratifiedGroupKFold

    n_splits = min(CV_FOLDS, len(set(groups[y == 1])), len(set(groups[y == 0])))
    if n_splits < 2:
        return []
    splitter = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=RANDOM_STATE)
    return list(splitter.split(np.zeros(len(y)), y, groups))


def _out_of_fold_scores(x: Any, y: np.ndarray, folds: list[tuple[np.ndarray, np.ndarray]],
                        c: float) -> np.ndarray:
    scores = np.zeros(len(y))
    for train, test in folds:
        scores[test] = _classifier(c).fit(x[train], y[train]).decision_function(x[test])
    return scores


def _choose_c(x: Any, y: np.ndarray, folds: list[tuple[np.ndarray, np.ndarray]]) -> tuple[float, np.ndarray]:
    """The strength with the best out-of-fold AUC (ties: the stronger regularisation)."""
    from sklearn.metrics import roc_auc_score

    best: tuple[float, float, np.ndarray] | None = None
    for c in C_GRID:
        scores = _out_of_fold_scores(x, y, folds, c)
        auc = float(np.mean([roc_auc_score(y[test], scores[test]) for _, test in folds]))
        if best is None or auc > best[0] + 1e-9:
            best = (auc, c, scores)
    assert best is not None
    return best[1], best[2]


def _platt(scores: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Scale and shift that turn out-of-fold scores into calibrated log-odds."""
    from sklearn.linear_model import LogisticRegression

    fit = LogisticRegression(C=1e6, solver="lbfgs", max_iter=1000).fit(scores.reshape(-1, 1), y)
    return float(fit.coef_[0, 0]), float(fit.intercept_[0])


def train_comment_model(texts: Sequence[str], labels: Sequence[Any],
                        authors: Sequence[str] | None = None,
                        urls: Sequence[Sequence[str] | str] | None = None,
                        config: FeatureConfig | None = None) -> CommentModel:
    """Train a comment model from labelled comments.

    Items whose label is empty (``None``, ``""``) are left out: they are the ones to
    grade. With :data:`MIN_LABELS_FOR_CV` labels or more, grouped stratified
    cross-validation on these labels picks the regularisation strength, measures the
    AUC recorded in :attr:`CommentModel.metrics`, and calibrates the probabilities.

    Example:
        >>> train_comment_model(["spam!"] * 3, [1, 1, 0])
        Traceback (most recent call last):
        ...
        grading.model.ModelError: only 3 labelled comments; the model needs at least 20 (label more as spam or ham, or grade with the rules alone)

    Args:
        texts: the comments' plain texts.
        labels: per text, ``1``/``"spam"``/``True`` for spam, ``0``/``"ham"``/``False``
            for legitimate, ``None`` or ``""`` for unlabelled.
        authors: the author names, parallel to ``texts``.
        urls: per text, its URLs (author URL and links in the text).
        config: the feature settings (default :class:`FeatureConfig`).

    Returns:
        The trained :class:`CommentModel`.

    Raises:
        ModelError: fewer than :data:`MIN_LABELS` labels, fewer than
            :data:`MIN_PER_CLASS` of a class, an unknown label, or inputs of
            different lengths.
    """
    import sklearn

    n = len(texts)
    if len(labels) != n or (authors is not None and len(authors) != n) or (urls is not None and len(urls) != n):
        raise ModelError("texts, labels, authors and urls must have one entry per comment")
    parsed = [_label(v) for v in labels]
    keep = [i for i, v in enumerate(parsed) if v is not None]
    y = np.array([parsed[i] for i in keep], dtype=np.int64)
    _check_labels(y)
    config = config or FeatureConfig()
    kept_texts = [texts[i] or "" for i in keep]
    kept_authors = [authors[i] or "" for i in keep] if authors is not None else [""] * len(keep)
    kept_urls = [urls[i] for i in keep] if urls is not None else [[] for _ in keep]
    x = _Featurizer(config).transform(kept_texts, kept_authors, kept_urls)

    folds = _folds(y, _text_groups(kept_texts)) if len(y) >= MIN_LABELS_FOR_CV else []
    c, cv_auc, scale, shift = DEFAULT_C, None, 1.0, 0.0
    if folds:
        from sklearn.metrics import roc_auc_score

        c, scores = _choose_c(x, y, folds)
        cv_auc = round(float(roc_auc_score(y, scores)), 4)
        scale, shift = _platt(scores, y)
    fit = _classifier(c).fit(x, y)
    weights = fit.coef_[0].astype(np.float64) * scale
    intercept = float(fit.intercept_[0]) * scale + shift
    metrics = {"n": int(len(y)), "spam": int(y.sum()), "spam_share": round(float(y.mean()), 4),
               "C": c, "cv_auc": cv_auc, "cv_folds": len(folds)}
    return CommentModel(config=config, weights=weights, intercept=intercept, metrics=metrics,
                        sklearn_version=sklearn.__version__)


def train_on_items(items: Sequence[ItemFacts], labels: Sequence[Any],
                   config: FeatureConfig | None = None) -> CommentModel:
    """Train a comment model from labelled items (see :func:`train_comment_model`)."""
    texts, authors, urls = model_inputs(items)
    return train_comment_model(texts, labels, authors, urls, config=config)


# -- the signal ----------------------------------------------------------------------

#: Below this probability the model leans legitimate and adds nothing.
STRENGTH_FLOOR = 0.5


def strength_of(probability: float) -> float:
    """Map a spam probability to a signal strength.

    0 at or below 0.5, rising in a straight line to 1 at 1.0. Below one half the
    model thinks the comment more likely legitimate than not, and a signal only ever
    adds points (weights are never negative), so it stays silent rather than adding a
    few points to every legitimate comment. Above one half, the points grow with the
    model's confidence; with its default weight a comment reaches Medium on the
    model alone only once the model is fairly sure, and the rules decide the rest.

    Example:
        >>> [strength_of(p) for p in (0.2, 0.5, 0.75, 1.0)]
        [0.0, 0.0, 0.5, 1.0]
    """
    if probability <= STRENGTH_FLOOR:
        return 0.0
    return min(1.0, (probability - STRENGTH_FLOOR) / (1.0 - STRENGTH_FLOOR))


def model_evidence(probability: float, model: CommentModel) -> str:
    """The evidence line of ``model.comment_spam``.

    Example:
        >>> model = CommentModel(FeatureConfig(bits=4), np.zeros(64), 0.0, {"n": 412})
        >>> model_evidence(0.934, model)
        "the site's learned model: 93% spam, trained on 412 labelled comments"
    """
    return (f"the site's learned model: {probability:.0%} spam, "
            f"trained on {model.n_labels} labelled comments")


@signal("model.comment_spam", "item",
        "The site's own learned comment model thinks this comment is spam.")
def comment_spam(item: ItemFacts, ctx: Any) -> Hit | None:
    """Fire with the learned model's probability when it leans spam."""
    model = getattr(ctx, "model", None)
    if model is None:
        return None
    probability = model.spam_probability(item)
    strength = strength_of(probability)
    if strength <= 0.0:
        return None
    return Hit(strength, model_evidence(probability, model))
