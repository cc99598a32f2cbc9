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
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

from backlint.errors import BacklintError
from grading.core import Context, ItemFacts, LinkFacts
from grading.evaluation import (
    DatasetError,
    comment_html_to_text,
    cross_video_evaluation,
    dataset_dir,
    measure,
    read_videos,
)
from grading.model import (
    _MAGIC,
    MIN_LABELS,
    CommentModel,
    FeatureConfig,
    ModelError,
    _Featurizer,
    comment_spam,
    legacy_strength,
    model_evidence,
    model_points,
    normalise_text,
    stacked_rule_points,
    strength_of,
    train_comment_model,
    train_on_items,
)
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
# and 0.98 AUC on each video. Measured with the stacked model and its points mapping,
# Psy / KatyPerry / LMFAO: accuracy 0.954 / 0.943 / 0.963, AUC 0.986 / 0.984 / 0.990;
# KatyPerry's accuracy is still under its target. Before: accuracy 0.943 / 0.943 /
# 0.927, AUC 0.979 / 0.984 / 0.987. Raise the floors when the figures rise; floors are
# only raised.)
LEARNED_FLOORS = {
    "Youtube01-Psy": (0.949, 0.981),
    "Youtube02-KatyPerry": (0.938, 0.979),
    "Youtube03-LMFAO": (0.958, 0.985),
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
    ctx = Context(rules=rules, model=small_model)
    hit = comment_spam(spam, ctx)
    probability = small_model.spam_probability(spam)
    counted = stacked_rule_points(spam, small_model.config.stacked, ctx)
    assert probability > 0.5 and hit is not None and counted > 0
    assert hit.evidence == (f"the site's learned model: {probability:.0%} spam, trained on 120 labelled comments; "
                            f"it weighed the rules' {counted:.0f} points, counted once")
    assert hit.evidence == model_evidence(probability, small_model, counted)
    weight = rules.weight("model.comment_spam")
    assert weight > 0 and hit.strength == pytest.approx(strength_of(probability, counted, weight))
    assert comment_spam(spam, Context(rules=rules)) is None


def test_signal_counts_the_stacked_rules_once(small_model):
    """Rules + model points = the score the model's verdict calls for, or the rules' own if higher."""
    rules = load_rules()
    ctx = Context(rules=rules, model=small_model)
    weight = rules.weight("model.comment_spam")
    items = [ItemFacts(key=str(i), type="comment", text=text) for i, text in enumerate([
        "Hey guys check out my channel and please subscribe!!", "PLEASE SUBSCRIBE TO MY CHANNEL!!!!!!",
        "this song is great", "Subscribe to my channel http://a.example/ http://b.example/"])]
    counted_any = False
    for item in items:
        probability = small_model.spam_probability(item)
        counted = stacked_rule_points(item, small_model.config.stacked, ctx)
        counted_any |= counted > 0
        hit = comment_spam(item, ctx)
        added = hit.strength * weight if hit else 0.0
        assert added == pytest.approx(model_points(probability, counted, weight))
        wanted = model_points(probability, cap=1000.0)  # the score the verdict calls for, uncapped
        assert counted + added == pytest.approx(max(counted, min(counted + weight, wanted)))
    assert counted_any


def test_signal_is_silent_when_the_model_clears_a_comment():
    texts = [f"subscribe to my channel number {i}" for i in range(15)] + [f"love this song {i}" for i in range(15)]
    model = train_comment_model(texts, [1] * 15 + [0] * 15)
    ham = ItemFacts(key="h", type="comment", text="love this song")
    assert model.spam_probability(ham) < 0.1
    assert comment_spam(ham, Context(rules=load_rules(), model=model)) is None


def test_strength_keeps_the_ranking_and_stays_in_range():
    values = [strength_of(p / 100) for p in range(101)]
    assert values[:3] == [0.0] * 3 and values[-1] == 1.0 and all(0.0 <= v <= 1.0 for v in values)
    assert all(a < b for a, b in pairwise(values[3:99]))
    assert all(strength_of(0.7, r) > strength_of(0.7, r + 5) for r in range(0, 40, 5))
    assert strength_of(0.9, weight=0) == 0.0


def test_rules_and_model_flag_where_either_says_spam():
    """Score >= 31 (Medium) iff the stacked rules reach it alone or the model says spam (50 %)."""
    for rules in (0, 8, 21, 30, 31, 45, 70):
        for probability in (0.01, 0.2, 0.45, 0.55, 0.8, 0.999):
            score = round(min(100.0, rules + model_points(probability, rule_points=rules)))
            assert (score >= 31) == (rules >= 31 or probability > 0.5), (rules, probability, score)
    assert model_points(0.5) == 31 and model_points(0.999999, cap=80) == 80


def test_text_is_read_with_urls_as_one_word_and_repeats_cut():
    assert normalise_text("sooooo good!!!! see http://x.example/a?b=1 or mysite.com") == \
        "soo good!! see httpurl or httpurl"
    assert normalise_text("watch?v=abc www.a.example/b e.g. 3.5 stars") == "watch?v=abc httpurl e.g. 3.5 stars"
    featurizer = _Featurizer(FeatureConfig())
    first = featurizer.transform(["Check my site http://a.example/x now!!!!!"], ["Ann"], [[]])
    second = featurizer.transform(["check my site https://b.example/yy NOW!!!"], ["Bob"], [[]])
    assert (first != second).nnz == 0  # the URL's target is the URL block's; names are not read
    with_names = _Featurizer(FeatureConfig(author_names=True, normalise=False))
    assert (with_names.transform(["hi"], ["Ann"], [[]]) != with_names.transform(["hi"], ["Bob"], [[]])).nnz > 0


def test_bare_inputs_are_stacked_unless_asked_not_to():
    texts = [f"subscribe to my channel number {i}" for i in range(15)] + [f"love this song {i}" for i in range(15)]
    stacked = train_comment_model(texts, [1] * 15 + [0] * 15)
    assert "content.youtube_style" in stacked.config.stacked
    assert stacked.weights[stacked.config.hashed_width + stacked.config.stacked.index("content.youtube_style")] > 0
    assert train_comment_model(texts, [1] * 15 + [0] * 15, stack=False).config.stacked == ()


def test_version_1_models_load_with_their_features_and_mapping(videos):
    """A model stored before version 2 rebuilds its own features and keeps its squared mapping."""
    psy = videos[0]
    old_config = FeatureConfig(normalise=False, author_names=True, url_weight=3.0)
    model = train_on_items(psy.items[:120], psy.labels[:120], config=old_config, stack=False)
    data = model.to_bytes()
    size = struct.unpack("<Q", data[len(_MAGIC):len(_MAGIC) + 8])[0]
    header = json.loads(data[len(_MAGIC) + 8:len(_MAGIC) + 8 + size])
    header["version"] = 1
    for key in ("normalise", "author_names"):
        del header["features"][key]
    old_header = json.dumps(header, sort_keys=True).encode()
    old = CommentModel.from_bytes(_MAGIC + struct.pack("<Q", len(old_header)) + old_header
                                  + data[len(_MAGIC) + 8 + size:])
    assert old.format_version == 1 and old.config == old_config
    assert np.array_equal(old.spam_probabilities(videos[1].items), model.spam_probabilities(videos[1].items))
    spam = ItemFacts(key="s", type="comment", text="check out my channel and subscribe please")
    hit = comment_spam(spam, Context(rules=load_rules(), model=old))
    assert hit is not None and hit.strength == pytest.approx(legacy_strength(old.spam_probability(spam)))
    assert CommentModel.from_bytes(old.to_bytes()).format_version == 1
