from pathlib import Path

import numpy as np
import pytest
from sklearn import metrics as skm

from mlops_components.atoms.ucr_loader import load_ucr
from mlops_components.molecules.nearest_neighbour import NearestNeighbourClassifier
from mlops_components.organisms.classification_evaluation import train_evaluate_classifier

DATA = Path(__file__).resolve().parents[2] / "data" / "classification"


class RecordingTracker:
    def __init__(self):
        self.params, self.scalars, self.artifacts = {}, {}, {}

    def log_params(self, params):
        self.params.update(params)

    def log_scalar(self, title, series, value, iteration=0):
        self.scalars[(title, series)] = value

    def log_artifact(self, name, obj):
        self.artifacts[name] = obj

    def close(self):
        pass


def test_the_pipeline_reproduces_the_published_error_and_reports_all_metrics():
    X, y = load_ucr(DATA / "ItalyPowerDemand_TRAIN.ts")
    X_test, y_test = load_ucr(DATA / "ItalyPowerDemand_TEST.ts")
    tracker = RecordingTracker()
    model = NearestNeighbourClassifier(metric="euclidean")
    result = train_evaluate_classifier(model, X, y, X_test, y_test, tracker=tracker)
    assert round(result.error, 3) == 0.045
    assert result.balanced_accuracy == pytest.approx(skm.balanced_accuracy_score(y_test, result.predictions))
    assert result.macro_f1 == pytest.approx(skm.f1_score(y_test, result.predictions, average="macro"))
    assert not hasattr(model, "X_")  # the estimator passed in is not fitted: a clone is
    assert tracker.params["model"] == "NearestNeighbourClassifier" and tracker.params["metric"] == "euclidean"
    assert tracker.scalars[("test", "accuracy")] == result.accuracy
    assert len(tracker.artifacts["predictions"]) == 1029


def test_bad_inputs_are_refused_before_fitting():
    rng = np.random.default_rng(0)
    X, X_test = rng.normal(size=(6, 10)), rng.normal(size=(3, 10))
    y = ["a", "b"] * 3
    clf = NearestNeighbourClassifier(metric="euclidean")
    with pytest.raises(ValueError, match="unknown labels in y_test: \\['c'\\]"):
        train_evaluate_classifier(clf, X, y, X_test, ["a", "b", "c"])
    with pytest.raises(ValueError, match="y_test has 2 labels but there are 3 series"):
        train_evaluate_classifier(clf, X, y, X_test, ["a", "b"])
    with pytest.raises(ValueError, match="train series have length 10 but test series have 8"):
        train_evaluate_classifier(clf, X, y, X_test[:, :8], ["a", "b", "a"])
    with pytest.raises(ValueError, match="X_train has 1 missing"):
        X_bad = X.copy()
        X_bad[2, 3] = np.nan
        train_evaluate_classifier(clf, X_bad, y, X_test, ["a", "b", "a"])
    with pytest.raises(ValueError, match="X_test is empty"):
        train_evaluate_classifier(clf, X, y, np.empty((0, 10)), [])
