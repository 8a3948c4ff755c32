"""The classification AutoML: MiniRocket at its core, leave-one-out ranking, a budget that holds."""

from pathlib import Path

import numpy as np
import pytest

from mlops_components.atoms.ucr_loader import load_ucr
from mlops_components.molecules.minirocket_classifier import MiniRocketClassifier
from mlops_components.organisms.automl_classification import AutoMLClassifier
from mlops_components.tracking.local import LocalTracker

DATA = Path(__file__).resolve().parents[2] / "data" / "classification"


@pytest.fixture(scope="module")
def italy():
    X, y = load_ucr(DATA / "ItalyPowerDemand_TRAIN.ts")
    X_test, y_test = load_ucr(DATA / "ItalyPowerDemand_TEST.ts")
    return X, y, X_test, y_test


def test_minirocket_matches_the_published_rocket_accuracy_on_italy_power_demand(italy):
    X, y, X_test, y_test = italy
    model = MiniRocketClassifier(random_state=0).fit(X, y)
    assert model.score(X_test, y_test) >= 0.95  # published ROCKET: 0.970
    assert 0.9 <= model.loo_accuracy_ <= 1.0


def test_the_search_ranks_by_leave_one_out_accuracy_and_beats_one_nn(italy, tmp_path):
    X, y, X_test, y_test = italy
    tracker = LocalTracker(tmp_path, project="j", task_name="automl-italy")
    automl = AutoMLClassifier(budget_seconds=30, tracker=tracker).fit(X, y)
    board = automl.leaderboard_
    assert list(board.columns[:4]) == ["candidate", "score", "fit_seconds", "error"]
    assert {"minirocket", "1nn-euclidean", "majority-class"} <= set(board["candidate"])
    scores = board["score"].dropna().tolist()
    assert scores == sorted(scores, reverse=True)
    assert automl.best_name_ == board["candidate"].iloc[0]
    assert automl.score(X_test, y_test) >= 0.95  # 1-NN Euclidean published: 0.955
    logged = (tracker.run_dir / "artifacts").iterdir()
    assert any(p.name.startswith("leaderboard") for p in logged)


def test_bad_labels_get_one_clear_sentence():
    X = np.random.default_rng(0).normal(size=(6, 20))
    with pytest.raises(ValueError, match="single class"):
        AutoMLClassifier(budget_seconds=5).fit(X, ["a"] * 6)
    with pytest.raises(ValueError, match="missing"):
        AutoMLClassifier(budget_seconds=5).fit(np.where(X > 1, np.nan, X), ["a", "b"] * 3)
    with pytest.raises(ValueError, match="labels but there are"):
        AutoMLClassifier(budget_seconds=5).fit(X, ["a", "b"])
