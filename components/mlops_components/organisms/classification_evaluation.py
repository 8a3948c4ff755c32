"""Train a classifier on the training series and measure it on held-out test series."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, clone

from ..atoms._series_checks import check_labels, check_panel
from ..atoms.classification_metrics import accuracy, balanced_accuracy, macro_f1
from ..registry import component
from ..tracking.base import NullTracker, Tracker


@dataclass
class ClassificationEvaluation:
    """Test scores of a fitted classifier, its predictions and the time it took."""

    model: BaseEstimator
    predictions: np.ndarray
    accuracy: float
    balanced_accuracy: float
    macro_f1: float
    fit_seconds: float
    predict_seconds: float

    @property
    def error(self) -> float:
        """``1 - accuracy``, the figure the UCR archive publishes."""
        return 1.0 - self.accuracy


@component(
    name="classification-evaluation",
    tasks=("classification",),
    category="pipeline",
    built_from=("accuracy", "balanced-accuracy", "macro-f1"),
)
def train_evaluate_classifier(
    estimator: BaseEstimator,
    X_train: Any,
    y_train: Any,
    X_test: Any,
    y_test: Any,
    tracker: Tracker | None = None,
) -> ClassificationEvaluation:
    """Fit a copy of ``estimator`` on the training series, predict the test series, score them.

    Inputs are checked first: series as 2-D arrays (one per row) without missing values, as many
    labels as series, the same length in train and test, and no test label the training set has
    never seen (a model cannot predict it, so the score would be misleading). The scores are the
    ``accuracy``, ``balanced-accuracy`` and ``macro-f1`` atoms; they, the parameters and the fit and
    predict times go to ``tracker``.

    ## When to use
    For the final, honest measurement on a held-out test set (e.g. a UCR ``_TEST`` file), once the
    model has been chosen on the training set only (see ``automl-classification``).

    ## Example
    ```python
    from mlops_components.atoms.ucr_loader import load_ucr
    from mlops_components.molecules.nearest_neighbour import NearestNeighbourClassifier
    from mlops_components.organisms.classification_evaluation import train_evaluate_classifier

    X, y = load_ucr("data/classification/ItalyPowerDemand_TRAIN.ts")
    X_test, y_test = load_ucr("data/classification/ItalyPowerDemand_TEST.ts")
    model = NearestNeighbourClassifier(metric="euclidean")
    train_evaluate_classifier(model, X, y, X_test, y_test).error
    # 0.045 (published 1-NN Euclidean error: 0.045)
    ```
    """
    X_train, X_test = check_panel(X_train, "X_train"), check_panel(X_test, "X_test")
    y_train = check_labels(y_train, len(X_train), "y_train")
    y_test = check_labels(y_test, len(X_test), "y_test")
    if X_train.shape[1] != X_test.shape[1]:
        raise ValueError(
            f"train series have length {X_train.shape[1]} but test series have {X_test.shape[1]}"
        )
    known = np.unique(y_train)
    unknown = sorted(set(np.unique(y_test).tolist()) - set(known.tolist()))
    if unknown:
        raise ValueError(
            f"unknown labels in y_test: {unknown}; the training labels are {known.tolist()}"
        )
    tracker = tracker or NullTracker()
    tracker.log_params({"model": type(estimator).__name__, **estimator.get_params(deep=False)})
    t0 = time.monotonic()
    model = clone(estimator).fit(X_train, y_train)
    t1 = time.monotonic()
    predictions = np.asarray(model.predict(X_test))
    t2 = time.monotonic()
    result = ClassificationEvaluation(
        model=model,
        predictions=predictions,
        accuracy=accuracy(y_test, predictions),
        balanced_accuracy=balanced_accuracy(y_test, predictions, labels=known),
        macro_f1=macro_f1(y_test, predictions, labels=known),
        fit_seconds=t1 - t0,
        predict_seconds=t2 - t1,
    )
    for name in ("accuracy", "balanced_accuracy", "macro_f1", "error"):
        tracker.log_scalar("test", name, float(getattr(result, name)))
    for name in ("fit_seconds", "predict_seconds"):
        tracker.log_scalar("time", name, float(getattr(result, name)))
    tracker.log_artifact("predictions", predictions.tolist())
    return result
