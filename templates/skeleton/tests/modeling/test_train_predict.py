"""A short AutoML search on the sample: it finds a model that beats the trivial one."""

import numpy as np
import pandas as pd
from mlops_components.tracking.local import LocalTracker

from ${{ values.package }} import automl, config, dataset, features
from ${{ values.package }}.modeling import predict, train


def test_a_full_run_logs_scores_and_saves_a_model_that_predicts(isolated):
    tracker = LocalTracker(isolated / "runs", "tests", "run")
    scores = automl.run(budget_seconds=5, tracker=tracker)
    model = predict.load_model(config.MODELS_DIR / "model.pkl")
{%- if values.task == "forecasting" %}
    assert np.isfinite(predict.predict(model, 3)).all()
    # better than the seasonal naive forecast's scale on the held-out year
    assert scores["mase"] < 2.0
{%- elif values.task == "classification" %}
    X_train, y_train, X_test, y_test = dataset.load("sample")
    assert len(predict.predict(model, features.as_panel(X_test))) == len(X_test)
    majority = max(np.mean(y_test == c) for c in np.unique(y_train))
    assert scores["accuracy"] > majority
{%- else %}
    series = dataset.load("sample")
    values = series.values.to_numpy()
    flags = predict.predict(model, values)
    assert set(np.unique(flags)) <= {0, 1}
    score = predict.score(model, values)
    assert ((0 <= score) & (score <= 1)).all() and (flags == (score >= 0.5)).all()
    assert np.isfinite(scores["nab_raw"])
{%- endif %}


def test_train_returns_a_leaderboard_best_first():
{%- if values.task == "forecasting" %}
    y_train, _ = features.holdout(dataset.load("sample"), 12)
    _, board = train.train(y_train, budget_seconds=3)
{%- elif values.task == "classification" %}
    X_train, y_train, *_ = dataset.load("sample")
    _, board = train.train(features.as_panel(X_train), y_train, budget_seconds=3)
{%- else %}
    _, board = train.train(dataset.load("sample"), budget_seconds=3)
{%- endif %}
    assert len(board) >= 1
    assert pd.isna(board.iloc[0]["error"]), "the best candidate ran without error"


def test_the_search_tries_only_the_chosen_models(monkeypatch):
{%- if values.task == "forecasting" %}
    monkeypatch.setattr("${{ values.package }}.config.SEARCH_COMPONENTS", ("theta",))
    y_train, _ = features.holdout(dataset.load("sample"), 12)
    _, board = train.train(y_train, budget_seconds=3)
    prefix = "theta"
{%- elif values.task == "classification" %}
    monkeypatch.setattr("${{ values.package }}.config.SEARCH_COMPONENTS", ("knn-dtw",))
    X_train, y_train, *_ = dataset.load("sample")
    _, board = train.train(features.as_panel(X_train), y_train, budget_seconds=3)
    prefix = "1nn-"  # knn-dtw: nearest neighbour, Euclidean or DTW
{%- else %}
    monkeypatch.setattr("${{ values.package }}.config.SEARCH_COMPONENTS",
                        ("window-isolation-forest",))
    _, board = train.train(dataset.load("sample"), budget_seconds=3)
    prefix = "window-iforest"
    board = board[board["candidate"] != "ensemble"]  # the ensemble of the detectors tried
{%- endif %}
    assert len(board) >= 1
    assert all(name.startswith(prefix) for name in board["candidate"]), list(board["candidate"])


def test_the_chosen_models_come_from_the_pipeline_the_portal_composed():
    pipeline = {"components": [
        {"name": config.AUTOML, "category": "automl"},
        {"name": "rolling-origin-evaluation", "category": "metric"},
        {"name": "theta", "category": "model"},
        {"name": "window-isolation-forest", "category": "detector"},
    ]}
    assert config.search_components(pipeline) == ("theta", "window-isolation-forest")
    # only the AutoML organism (and helpers): its whole search
    assert config.search_components({"components": pipeline["components"][:2]}) is None
