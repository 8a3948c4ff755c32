"""A short AutoML search on the sample: it finds a model that beats the trivial one."""

import numpy as np
import pandas as pd
from mlops_components.atoms.time_split import temporal_train_test_split

from ${{ values.package }} import dataset
from ${{ values.package }}.modeling import predict, train


def test_a_full_run_logs_scores_and_saves_a_model_that_predicts(full_run):
    scores, model = full_run
    assert np.isfinite(predict.predict(model, 3)).all()
    # better than the seasonal naive forecast's scale on the held-out year
    assert scores["mase"] < 2.0


def test_train_returns_a_leaderboard_best_first():
    y_train, _ = temporal_train_test_split(dataset.load("sample"), 12)
    _, board = train.train(y_train, budget_seconds=6)
    assert len(board) >= 1
    assert pd.isna(board.iloc[0]["error"]), "the best candidate ran without error"


def test_the_search_tries_only_the_chosen_models(monkeypatch):
    monkeypatch.setattr("${{ values.package }}.config.SEARCH_COMPONENTS", ("theta",))
    y_train, _ = temporal_train_test_split(dataset.load("sample"), 12)
    _, board = train.train(y_train, budget_seconds=10)
    assert len(board) >= 1
    assert all(name.startswith("theta") for name in board["candidate"]), list(board["candidate"])
