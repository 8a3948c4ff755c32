"""A short AutoML search on the sample: alarms are 0/1 where the score reaches 0.5."""

import numpy as np
import pandas as pd

from ${{ values.package }} import dataset
from ${{ values.package }}.modeling import predict, train


def test_a_full_run_logs_scores_and_saves_a_model_that_predicts(full_run):
    scores, model = full_run
    values = dataset.load("sample").values.to_numpy()
    flags = predict.predict(model, values)
    assert set(np.unique(flags)) <= {0, 1}
    score = predict.score(model, values)
    assert ((0 <= score) & (score <= 1)).all() and (flags == (score >= 0.5)).all()
    assert np.isfinite(scores["nab_raw"])


def test_train_returns_a_leaderboard_best_first():
    _, board = train.train(dataset.load("sample"), budget_seconds=6)
    assert len(board) >= 1
    assert pd.isna(board.iloc[0]["error"]), "the best candidate ran without error"


def test_the_search_tries_only_the_chosen_models(monkeypatch):
    monkeypatch.setattr("${{ values.package }}.config.SEARCH_COMPONENTS",
                        ("window-isolation-forest",))
    # two window sizes only, but each fit is slow on a busy machine: a longer budget than the rest
    _, board = train.train(dataset.load("sample"), budget_seconds=10)
    board = board[board["candidate"] != "ensemble"]  # the ensemble of the detectors tried
    assert len(board) >= 1
    assert all(name.startswith("window-iforest") for name in board["candidate"]), list(
        board["candidate"])
