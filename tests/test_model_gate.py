"""The quality gate of the grading, and unit tests of the learned comment model.

The gate runs the cross-video evaluation of :mod:`grading.evaluation` on the labelled
YouTube comments (train on two videos, grade the third, all three ways) and refuses to
pass below the floors pinned here. The corpus is read in place from
``shared/data/youtube-spam-dev/`` beside the repository.
"""

from __future__ import annotations

import io
import json
import struct
from pathlib import Path

import numpy as np
import pytest

from backlint.errors import BacklintError
from grading.core import ItemFacts, LinkFacts
from grading.engine import Context
from grading.evaluation import (DatasetError, comment_html_to_text, cross_video_evaluation, dataset_dir,
                                measure, read_videos)
from grading.model import (MIN_LABELS, CommentModel, ModelError, _Featurizer, comment_spam, strength_of,
                           train_comment_model, train_on_items)
from grading.rules import load_rules

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "youtube-spam-dev"

# Floors, per held-out video: (accuracy, ROC AUC), flagged = score >= 31.
#
# These floors must never be lowered silently. They are the measured figures minus a
# small margin; a change that falls below one is a regression of the grading, to be
# fixed, not a number to edit. If a floor must move (a deliberate trade-off), lower it
# in its own commit that says why and shows the new table of bench/eval_comments.py.
#
# Rules + learned model: measured minus 0.005. (The targets are 0.95 accuracy
# and 0.98 AUC on each video; measured: accuracy 0.943 / 0.943 / 0.927, AUC 0.979 /
# 0.984 / 0.987. Raise the floors when the figures rise; the KatyPerry AUC floor stays
# at its earlier value, 0.979, as floors are only raised.)
LEARNED_FLOORS = {
    "Youtube01-Psy": (0.938, 0.974),
    "Youtube02-KatyPerry": (0.938, 0.979),
    "Youtube03-LMFAO": (0.922, 0.982),
}
# Rules alone: measured minus 0.02 (the rules flag little on video comments, most of
# whose spam carries no link; their AUC says they still rank spam above the rest).
RULES_FLOORS = {
    "Youtube01-Psy": (0.500, 0.895),
    "Youtube02-KatyPerry": (0.502, 0.882),
    "Youtube03-LMFAO": (0.678, 0.937),
}


@pytest.fixture(scope="module")
def videos():
    if not DATA.is_dir():
        pytest.fail(f"the labelled comment corpus is missing: expected {DATA} "
                    f"(shared/data/youtube-spam-dev/ beside the repository; never copied into it)")
    return read_videos(DATA)


@pytest.fixture(scope="module")
def evaluation(videos):
    return cross_video_evaluation(videos)


@pytest.fixture(scope="module")
def small_model(videos):
    """A model trained on 120 comments of one video (CV, calibration): fast, and real."""
    psy = videos[0]
    picked = range(0, 240, 2)
    return train_on_items([psy.items[i] for i in picked], [psy.labels[i] for i in picked])


# -- the gate --------------------------------------------------------------------------

def test_gate_rules_plus_model_per_held_out_video(evaluation):
    assert evaluation.note is None, evaluation.note
    assert [f.held_out for f in evaluation.folds] == list(LEARNED_FLOORS)
    for fold in evaluation.folds:
        accuracy, auc = LEARNED_FLOORS[fold.held_out]
        assert fold.learned.accuracy >= accuracy, (fold.held_out, fold.learned)
        assert fold.learned.auc >= auc, (fold.held_out, fold.learned)


def test_gate_rules_alone_per_held_out_video(evaluation):
    names = set(evaluation.rule_signals)
    assert not any(name.startswith("model.") for name in names)
    assert {"content.link_count", "behaviour.campaign"} <= names  # the real rules, not a subset
    for fold in evaluation.folds:
        accuracy, auc = RULES_FLOORS[fold.held_out]
        assert fold.rules.accuracy >= accuracy, (fold.held_out, fold.rules)
        assert fold.rules.auc >= auc, (fold.held_out, fold.rules)


def test_model_adds_to_the_rules_on_every_held_out_video(evaluation):
    for fold in evaluation.folds:
        assert fold.learned.auc > fold.rules.auc and fold.learned.accuracy > fold.rules.accuracy
        # The held-out video was never trained on: two videos' comments, and CV inside them.
        assert fold.held_out not in fold.trained_on and len(fold.trained_on) == 2
        assert fold.model_metrics["n"] == sum(
            {"Youtube01-Psy": 350, "Youtube02-KatyPerry": 350, "Youtube03-LMFAO": 438}[v] for v in fold.trained_on)
        assert fold.model_metrics["cv_auc"] > 0.95


def test_measure_counts_flags_from_31():
    metrics = measure([1, 1, 0, 0], [31, 30, 0, 61])
    assert (metrics.accuracy, metrics.precision, metrics.recall, metrics.auc) == (0.5, 0.5, 0.5, 0.5)
    metrics = measure([1, 0, 0], [31, 30, 0])
    assert (metrics.accuracy, metrics.precision, metrics.recall, metrics.auc) == (1.0, 1.0, 1.0, 1.0)


# -- the corpus reader -----------------------------------------------------------------

def test_corpus_reads_as_item_facts(videos):
    assert [(v.name, len(v), v.spam) for v in videos] == [
        ("Youtube01-Psy", 350, 175), ("Youtube02-KatyPerry", 350, 175), ("Youtube03-LMFAO", 438, 236)]
    item = videos[2].items[0]
    assert item.type == "comment" and item.author_name == "Corey Wilson" and item.text == "2:19 best part"
    assert item.links == (LinkFacts(url="http://www.youtube.com/watch?t=2m19s&v=KQ6zr6kCPj8",
                                    host="www.youtube.com", domain="youtube.com", anchor="2:19", rel=()),)
    texts = [i.text for v in videos for i in v.items]
    assert not any("&amp;" in t or "&#39;" in t or "<br" in t or "\ufeff" in t for t in texts)


def test_comment_markup_to_text_and_links():
    text, links = comment_html_to_text(
        'Hey&#39;s <a rel="nofollow" href="https://plus.google.com/s/%23tag">#tag</a><br /><br />'
        "more at http://Shop.Example.co.uk/deal. &lt;3")
    assert text == "Hey's #tag\nmore at http://Shop.Example.co.uk/deal. <3"
    assert [(link.url, link.domain, link.rel) for link in links] == [
        ("https://plus.google.com/s/%23tag", "google.com", ("nofollow",)),
        ("http://shop.example.co.uk/deal", "example.co.uk", None)]


@pytest.mark.parametrize("markup", ["<a href='http://x.example/'>unclosed", "<<<>>>&&;;", "</a></p><br",
                                    '<a href="javascript:alert(1)">x</a>', "\x00\udcff", ""])
def test_malformed_markup_never_raises(markup):
    text, links = comment_html_to_text(markup)
    assert isinstance(text, str) and all(link.url.startswith("http") for link in links)


def test_missing_corpus_says_where_it_was_looked_for(tmp_path):
    with pytest.raises(DatasetError, match=r"not at .* \(missing Youtube01-Psy.csv"):
        dataset_dir(tmp_path)


# -- the model -------------------------------------------------------------------------

def test_round_trip_gives_identical_probabilities_and_bytes(small_model, videos):
    data = small_model.to_bytes()
    loaded = CommentModel.from_bytes(data)
    items = videos[1].items
    assert np.array_equal(loaded.spam_probabilities(items), small_model.spam_probabilities(items))
    assert loaded.to_bytes() == data
    assert loaded.metrics == small_model.metrics and loaded.sklearn_version == small_model.sklearn_version
    header = json.loads(data[len(b"BACKLINT-COMMENT-MODEL\n") + 8:].split(b"\x93NUMPY", 1)[0])
    assert header["metrics"]["n"] == 120 and header["sklearn_version"]


def test_loading_never_unpickles(small_model):
    data = small_model.to_bytes()
    head = data[: data.index(b"\x93NUMPY")]
    evil = io.BytesIO()
    np.save(evil, np.array([object()], dtype=object), allow_pickle=True)
    with pytest.raises(ModelError, match="damaged comment model"):
        CommentModel.from_bytes(head + evil.getvalue() + evil.getvalue())
    with pytest.raises(ModelError, match="bad magic"):
        CommentModel.from_bytes(b"\x80\x04\x95" + data)
    size = struct.unpack("<Q", data[23:31])[0]
    bad_header = json.dumps({"format": "backlint-comment-model", "version": 99}).encode()
    with pytest.raises(ModelError, match="version 99"):
        CommentModel.from_bytes(data[:23] + struct.pack("<Q", len(bad_header)) + bad_header + data[31 + size:])
    with pytest.raises(ModelError):
        CommentModel.from_bytes(data[:-40])


def test_training_is_deterministic(videos):
    lmfao = videos[2]
    items, labels = list(lmfao.items[:150]), list(lmfao.labels[:150])
    first = train_on_items(items, labels)
    assert train_on_items(items, labels).to_bytes() == first.to_bytes()
    assert first.metrics["cv_folds"] == 5 and first.metrics["cv_auc"] is not None


def test_training_records_its_metrics(small_model):
    metrics = small_model.metrics
    assert metrics["n"] == 120 and metrics["spam"] + (120 - metrics["spam"]) == 120
    assert metrics["spam_share"] == round(metrics["spam"] / 120, 4)
    assert 0.8 < metrics["cv_auc"] <= 1.0 and metrics["C"] in (10.0, 100.0, 1000.0)


def test_no_cross_validated_auc_below_fifty_labels():
    texts = [f"subscribe to my channel number {i}" for i in range(15)] + [f"love this song {i}" for i in range(15)]
    model = train_comment_model(texts, ["spam"] * 15 + ["ham"] * 15)
    assert model.metrics["cv_auc"] is None and model.metrics["n"] == 30
    assert model.probability("subscribe to my channel") > 0.5 > model.probability("love this song")


def test_refuses_too_few_labels():
    texts = [f"comment {i}" for i in range(MIN_LABELS - 1)]
    labels = [i % 2 for i in range(MIN_LABELS - 1)]
    with pytest.raises(ModelError, match=f"only {MIN_LABELS - 1} labelled comments; the model needs at least 20"):
        train_comment_model(texts, labels)
    # Unlabelled items do not count towards the minimum.
    with pytest.raises(ModelError, match="only 19 labelled"):
        train_comment_model(texts + ["x"] * 10, labels + [None] * 5 + [""] * 5)
    assert issubclass(ModelError, BacklintError)


def test_refuses_a_single_class():
    texts = [f"check out my channel {i}" for i in range(40)]
    with pytest.raises(ModelError, match="40 spam and 0 legitimate"):
        train_comment_model(texts, [1] * 40)
    with pytest.raises(ModelError, match="unknown label"):
        train_comment_model(texts, ["maybe"] * 40)


def test_batch_scores_equal_the_training_features(small_model, videos):
    texts = [i.text for i in videos[2].items] + ["", "x" * 5000, "\u00e9t\u00e9 \u65e5\u672c 123"]
    authors = [i.author_name for i in videos[2].items] + ["", "A", "B"]
    urls = [[link.url for link in i.links] for i in videos[2].items] + [[], [], ["http://a.example/b"]]
    featurizer = _Featurizer(small_model.config)
    matrix = featurizer.transform(texts, authors, urls)
    assert np.allclose(matrix @ small_model.weights, featurizer.scores(texts, authors, urls, small_model.weights))


# -- the signal ------------------------------------------------------------------------

def test_signal_evidence_names_the_probability_and_the_labels(small_model):
    spam = ItemFacts(key="s", type="comment", author_name="Promo Guy",
                     text="Hey guys check out my channel and please subscribe!! http://my-channel.example/")
    rules = load_rules()
    hit = comment_spam(spam, Context(rules=rules, model=small_model))
    probability = small_model.spam_probability(spam)
    assert probability > 0.5 and hit is not None
    assert hit.evidence == f"the site's learned model: {probability:.0%} spam, trained on 120 labelled comments"
    assert hit.strength == pytest.approx(strength_of(probability))
    assert comment_spam(spam, Context(rules=rules)) is None
    assert rules.weight("model.comment_spam") > 0


def test_signal_is_silent_when_the_model_clears_a_comment():
    texts = [f"subscribe to my channel number {i}" for i in range(15)] + [f"love this song {i}" for i in range(15)]
    model = train_comment_model(texts, [1] * 15 + [0] * 15)
    ham = ItemFacts(key="h", type="comment", text="love this song")
    assert model.spam_probability(ham) < 0.1
    assert comment_spam(ham, Context(rules=load_rules(), model=model)) is None


def test_strength_keeps_the_ranking_and_stays_in_range():
    values = [strength_of(p / 100) for p in range(101)]
    assert values[:10] == [0.0] * 10 and values[-1] == 1.0
    assert all(a < b for a, b in zip(values[10:], values[11:]))
