"""Cross-video evaluation of the grading on the labelled YouTube comments, and model speed.

Prints, for each held-out video and as a mean over the three, the accuracy, precision,
recall and ROC AUC of the rules alone and of the rules + the learned model (a comment
is flagged at score 31, band Medium), the model's training record per fold, then the
model's training time and batch prediction rate over many comments (the corpus's
comments repeated, so the texts have real lengths; the stacked rule signals are
computed as part of the prediction). CPU time is printed beside wall
time: on a shared machine it is the figure to compare. Figures only; nothing is
asserted here (``tests/test_model_gate.py`` holds the floors).

The corpus is read in place from ``shared/data/youtube-spam-dev/`` beside the
repository.

Usage::

    .venv/bin/python bench/eval_comments.py [--predict-items 500000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from grading.evaluation import DatasetError, cross_video_evaluation, format_table, read_videos
from grading.model import train_on_items

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "youtube-spam-dev"


def timed(fn):
    """Run ``fn()``; return its result, wall seconds and CPU seconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--predict-items", type=int, default=500_000,
                        help="comments to score in the prediction-rate run (default 500,000)")
    args = parser.parse_args()
    try:
        videos = read_videos(DATA)
    except DatasetError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1

    evaluation, wall, cpu = timed(lambda: cross_video_evaluation(videos))
    print(f"Cross-video evaluation (train on two videos, grade the third; flagged = score >= 31), "
          f"{wall:.1f} s wall, {cpu:.1f} s CPU")
    if evaluation.note:
        print(f"Note: {evaluation.note}")
    print(format_table(evaluation))
    print(f"\nRules alone = {len(evaluation.rule_signals)} item signals: {', '.join(evaluation.rule_signals)}")
    print("\nModel trained per fold:")
    for fold in evaluation.folds:
        m = fold.model_metrics
        print(f"  held out {fold.held_out:<20} trained on {m['n']} comments ({m['spam_share']:.0%} spam), "
              f"C={m['C']:g}, cross-validated AUC {m['cv_auc']}, {fold.train_seconds:.1f} s")

    items = [item for video in videos for item in video.items]
    labels = [label for video in videos for label in video.labels]
    model, wall, cpu = timed(lambda: train_on_items(items, labels))
    print(f"\nTraining on all {len(items)} comments (rule signals, feature hashing, 3 strengths x 5 folds, "
          f"calibration, final fit): {wall:.2f} s wall, {cpu:.2f} s CPU; cross-validated AUC {model.metrics['cv_auc']}; "
          f"stored size {len(model.to_bytes()) / 1024:.0f} KiB")
    model.spam_probabilities(items[:10])  # builds the word-character table once
    many = (items * (args.predict_items // len(items) + 1))[: args.predict_items]
    _, wall, cpu = timed(lambda: model.spam_probabilities(many))
    print(f"Batch prediction of {len(many):,} comments: {wall:.2f} s wall ({len(many) / wall:,.0f} a second), "
          f"{cpu:.2f} s CPU ({len(many) / cpu:,.0f} a second)")
    one = items[:2000]
    _, wall, _ = timed(lambda: [model.spam_probability(item) for item in one])
    print(f"One at a time (no batch): {len(one) / wall:,.0f} comments a second")
    return 0


if __name__ == "__main__":
    sys.exit(main())
