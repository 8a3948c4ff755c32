"""AutoML for time-series classification: pick the best classifier within a time budget."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
from sklearn.model_selection import StratifiedKFold

from ..atoms._series_checks import check_labels, check_panel
from ..atoms.classification_metrics import accuracy
from ..atoms.majority_class import MajorityClassClassifier
from ..molecules.nearest_neighbour import NearestNeighbourClassifier
from ..molecules.rocket_classifier import RocketClassifier
from ..registry import component
from ..tracking.base import NullTracker, Tracker
from .search import Candidate, SearchResult, run_search


def classification_candidates(random_state: int = 0) -> list[Candidate]:
    """The configurations tried, cheapest first so a small budget still covers the strong ones."""
    cands = [
        Candidate("majority-class", {}, MajorityClassClassifier),
        Candidate("1nn-euclidean", {"metric": "euclidean"}, lambda: NearestNeighbourClassifier("euclidean")),
    ]
    for n_kernels in (500, 2000):
        params = {"n_kernels": n_kernels, "random_state": random_state}
        cands.append(Candidate(f"rocket-{n_kernels}", params, lambda p=params: RocketClassifier(**p)))
    for window in (0.05, 0.1, 0.2, 1.0):
        params = {"metric": "dtw", "window": window}
        cands.append(Candidate(f"1nn-dtw-w{window:g}", params, lambda p=params: NearestNeighbourClassifier(**p)))
    return cands


@component(
    name="automl-classification",
    level="organism",
    tasks=("classification",),
    category="automl",
    built_from=("majority-class", "knn-dtw", "rocket-classifier", "accuracy"),
)
def automl_classification(
    X_train: Any,
    y_train: Any,
    budget_seconds: float = 60.0,
    n_splits: int = 5,
    random_state: int = 0,
    candidates: Sequence[Candidate] | None = None,
    tracker: Tracker | None = None,
) -> SearchResult:
    """Search classifiers and their key hyper-parameters on the training set, within ``budget_seconds``.

    The candidates are the majority-class baseline, 1-NN Euclidean, 1-NN DTW with Sakoe-Chiba bands
    of 5%, 10%, 20% and 100% of the length, and the ROCKET classifier with 500 and 2000 kernels.
    Each is scored by mean accuracy over stratified ``n_splits``-fold cross-validation of the
    TRAINING series only (series are independent samples, so folds are stratified by class; the
    test set is never seen). The shared ``run_search`` loop stops starting candidates when the budget
    would be exceeded and refits the best on the whole training set. Returns the leaderboard (best
    first) and the fitted best model; the leaderboard and best score go to ``tracker``.

    ## When to use
    On a new labelled data set of equal-length series, to get a strong model and an honest
    comparison of the standard approaches without hand-tuning.

    ## Example
    ```python
    from mlops_components.atoms.ucr_loader import load_ucr
    from mlops_components.organisms.automl_classification import automl_classification

    X, y = load_ucr("data/classification/GunPoint_TRAIN.ts")
    result = automl_classification(X, y, budget_seconds=20)
    [(row.name, round(row.score, 3)) for row in result.leaderboard]
    result.best.predict(X[:3])
    ```
    """
    X = check_panel(X_train, "X_train")
    y = check_labels(y_train, len(X), "y_train")
    _, counts = np.unique(y, return_counts=True)
    if len(counts) < 2:
        raise ValueError("y_train has a single class: there is nothing to classify")
    folds = min(n_splits, int(counts.min()))
    if folds < 2:
        raise ValueError(
            f"the rarest class has {counts.min()} training series; stratified validation needs at least 2"
        )
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=random_state)
    splits = list(splitter.split(X, y))

    def evaluate(candidate: Candidate) -> float:
        scores = []
        for train, valid in splits:
            model = candidate.make().fit(X[train], y[train])
            scores.append(accuracy(y[valid], model.predict(X[valid])))
        return float(np.mean(scores))

    result = run_search(
        candidates if candidates is not None else classification_candidates(random_state),
        evaluate,
        lambda candidate: candidate.make().fit(X, y),
        budget_seconds=budget_seconds,
        greater_is_better=True,
    )
    tracker = tracker or NullTracker()
    tracker.log_params({"budget_seconds": budget_seconds, "n_splits": folds, "random_state": random_state})
    for i, row in enumerate(result.leaderboard):
        tracker.log_scalar("cv accuracy", row.name, row.score, iteration=i)
    tracker.log_artifact("leaderboard", [vars(row) for row in result.leaderboard])
    if result.best_row is not None:
        tracker.log_scalar("best", "cv accuracy", result.best_row.score)
    return result
