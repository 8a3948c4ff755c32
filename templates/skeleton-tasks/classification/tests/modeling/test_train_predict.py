"""A short AutoML search on the sample: it finds a model that beats the majority class."""

import numpy as np
import pandas as pd
import pytest

from ${{ values.package }} import dataset
from ${{ values.package }}.modeling import predict, train


def test_a_full_run_logs_scores_and_saves_a_model_that_predicts(full_run):
    scores, model = full_run
    X_train, y_train, X_test, y_test = dataset.load("sample")
    assert len(predict.predict(model, X_test)) == len(X_test)
    majority = max(np.mean(y_test == c) for c in np.unique(y_train))
    assert scores["accuracy"] > majority


def test_train_returns_a_leaderboard_best_first():
    X_train, y_train, *_ = dataset.load("sample")
    _, board = train.train(X_train, y_train, budget_seconds=6)
    assert len(board) >= 1
    assert pd.isna(board.iloc[0]["error"]), "the best candidate ran without error"


def test_series_with_missing_values_are_refused():
    X_train, y_train, *_ = dataset.load("sample")
    broken = X_train.astype(float).copy()
    broken[0, 0] = np.nan
    with pytest.raises(ValueError, match="missing"):
        train.train(broken, y_train, budget_seconds=1)


def test_the_search_tries_only_the_chosen_models(monkeypatch):
    monkeypatch.setattr("${{ values.package }}.config.SEARCH_COMPONENTS", ("knn-dtw",))
    X_train, y_train, *_ = dataset.load("sample")
    _, board = train.train(X_train, y_train, budget_seconds=10)
    # knn-dtw: nearest neighbour, Euclidean or DTW
    assert len(board) >= 1
    assert all(name.startswith("1nn-") for name in board["candidate"]), list(board["candidate"])
