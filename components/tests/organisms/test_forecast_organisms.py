"""The backtest pipeline and the AutoML forecasting search, on AirPassengers."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mlops_components.atoms.forecast_baselines import SeasonalNaive
from mlops_components.atoms.forecast_metrics import mase, smape
from mlops_components.atoms.loaders_csv import load_series_csv
from mlops_components.molecules.ets import ExponentialSmoothingForecaster
from mlops_components.molecules.theta import ThetaForecaster
from mlops_components.organisms.automl_forecasting import AutoMLForecaster, forecasting_candidates
from mlops_components.organisms.backtest import backtest_forecaster

AIRLINE = Path(__file__).resolve().parents[2] / "data" / "forecasting" / "airline.csv"


class RecordingTracker:
    def __init__(self):
        self.params, self.scalars, self.artifacts = {}, [], {}

    def log_params(self, params):
        self.params.update(params)

    def log_scalar(self, title, series, value, iteration=0):
        self.scalars.append((title, series, iteration, value))

    def log_artifact(self, name, obj):
        self.artifacts[name] = obj

    def close(self):
        pass


@pytest.fixture(scope="module")
def airline():
    return load_series_csv(AIRLINE)


def test_backtest_reports_each_fold_the_mean_and_the_baseline(airline):
    tracker = RecordingTracker()
    model = ExponentialSmoothingForecaster(trend="add", seasonal="mul", season=12)
    report = backtest_forecaster(model, airline, horizon=12, season=12, n_folds=3, tracker=tracker)
    assert len(report.folds) == 3
    assert report.mean["mase"] == pytest.approx(report.folds["mase"].mean())
    assert report.baseline_folds["mae"].iloc[-1] == pytest.approx(574 / 12)  # seasonal naive, 1960
    assert report.beats_baseline and report.mean["mase"] < 0.6 * report.baseline_mean["mase"]
    # tracked: the settings, 4 metrics x (3 folds + mean) for model and baseline, the fold table
    assert tracker.params["forecaster"] == "ExponentialSmoothingForecaster"
    assert tracker.params["season"] == 12
    assert len(tracker.scalars) == 2 * 4 * 4
    assert ("backtest", "mase", 3, report.mean["mase"]) in tracker.scalars
    assert tracker.artifacts["backtest_folds"] is report.folds


def test_backtest_without_baseline_or_tracker(airline):
    report = backtest_forecaster(SeasonalNaive(12), airline, horizon=6, season=12, n_folds=2,
                                 compare_to_baseline=False)
    assert report.baseline_mean is None and report.beats_baseline is None
    assert list(report.folds["train_size"]) == [132, 138]


def test_automl_finishes_within_budget_and_its_choice_beats_seasonal_naive(airline):
    train, test = airline.iloc[:-12], airline.iloc[-12:]
    tracker = RecordingTracker()
    budget = 20.0
    automl = AutoMLForecaster(horizon=12, season=12, budget_seconds=budget, tracker=tracker)
    automl.fit(train)
    assert automl.search_.elapsed_seconds <= budget + 1.0
    board = automl.leaderboard_
    assert list(board.columns[:4]) == ["candidate", "score", "fit_seconds", "error"]
    scored = board.dropna(subset=["score"])
    assert scored["score"].is_monotonic_increasing
    assert board.loc[board["chosen"], "candidate"].item() == automl.best_name_
    assert {"naive", "theta", "ets-damped", "arima"} <= set(board["candidate"])
    assert any(n.startswith("combination") for n in board["candidate"])
    pred = automl.predict(12)
    assert list(pred.index) == list(test.index)
    snaive = SeasonalNaive(12).fit(train).predict(12)
    assert mase(test, pred, train, 12) < mase(test, snaive, train, 12)
    assert smape(test, pred) < smape(test, snaive)
    assert tracker.params["best"] == automl.best_name_
    assert "leaderboard" in tracker.artifacts


def test_on_one_series_the_combination_wins_unless_a_candidate_is_clearly_better(airline):
    automl = AutoMLForecaster(horizon=12, season=12, budget_seconds=20).fit(airline.iloc[:-12])
    board = automl.leaderboard_.set_index("candidate")
    comb = [n for n in board.index if n.startswith("combination")][0]
    # three validation windows cannot show that one family is better: the combination is kept
    # even where another candidate scored lower, and since they cannot tell it from Theta either,
    # it is averaged with Theta
    assert automl.best_name_ == f"combination(mean of {comb} and theta)"


def test_an_answer_validation_cannot_tell_from_theta_is_averaged_with_theta(airline):
    automl = AutoMLForecaster(horizon=12, season=12, budget_seconds=20).fit(airline.iloc[:-12])
    first, second = automl.leaderboard_.set_index("candidate").loc[automl.best_name_, "params"][
        "members"]
    assert second == "theta"
    expected = (automl.models_[first].predict(12) + automl.models_["theta"].predict(12)) / 2
    assert np.allclose(automl.predict(12), expected)
    # and the averaged answer forecasts the held-out year better than the seasonal naive forecast
    held_out, history = airline.iloc[-12:], airline.iloc[:-12]
    snaive = SeasonalNaive(12).fit(history).predict(12)
    assert mase(held_out, automl.predict(12), history, 12) < mase(held_out, snaive, history, 12)


def test_an_answer_clearly_better_than_theta_is_not_averaged_with_it():
    # a steady trend: Theta's drift (half the fitted slope) falls behind at every origin
    rng = np.random.default_rng(3)
    y = pd.Series(50 + 0.8 * np.arange(90.0) + rng.normal(0, 0.3, 90))
    automl = AutoMLForecaster(horizon=8, season=1, n_folds=6, budget_seconds=15).fit(y)
    board = automl.leaderboard_.set_index("candidate")
    assert board.loc[automl.best_name_, "score"] < board.loc["theta", "score"]
    assert "theta" not in automl.best_name_


def test_a_panel_is_fitted_under_one_budget_with_a_global_model(airline):
    rng = np.random.default_rng(0)
    panel = {f"s{i}": airline.iloc[:-12] * (1 + 0.1 * i) + rng.normal(0, 5, len(airline) - 12)
             for i in range(12)}
    automl = AutoMLForecaster(horizon=12, season=12, budget_seconds=25).fit(panel)
    assert automl.search_.elapsed_seconds <= 26
    assert any(n.startswith("global-boosting") for n in automl.leaderboard_["candidate"])
    assert (automl.leaderboard_["windows"] == 12).all()  # one window per series, pooled
    pred = automl.predict(12)
    assert sorted(pred) == sorted(panel) and all(len(p) == 12 for p in pred.values())
    test = airline.iloc[-12:]
    assert mase(test * 1.5, pred["s5"], panel["s5"], 12) < 1.5


def test_candidates_respect_what_the_data_allows():
    names = [c.name for c in forecasting_candidates(12, False, 80, 1, 6)]
    assert "theta" not in names and "seasonal-naive" in names  # Theta needs positive data
    short = [c.name for c in forecasting_candidates(12, True, 22, 1, 6)]
    assert "ets-seasonal" not in short  # less than two seasons
    assert not any(n.startswith("global") for n in short)  # one series: no global model
    many = [c.name for c in forecasting_candidates(1, True, 60, 50, 8)]
    assert any(n.startswith("global") for n in many)


def test_automl_refuses_bad_settings(airline):
    with pytest.raises(ValueError, match="too few to validate"):
        AutoMLForecaster(horizon=12, season=12).fit(airline.iloc[:14])
    with pytest.raises(ValueError, match="metric"):
        AutoMLForecaster(horizon=12, season=12, metric="r2").fit(airline)
    with pytest.raises(ValueError, match="missing"):
        AutoMLForecaster(horizon=12, season=12).fit(airline.where(airline.index.year != 1955))
    with pytest.raises(ValueError, match="budget"):
        AutoMLForecaster(horizon=12, season=12, budget_seconds=0).fit(airline)
    with pytest.raises(ValueError, match="constant"):
        AutoMLForecaster(horizon=3).fit(pd.Series(np.full(30, 4.0)))


def test_backtest_writes_its_report_through_the_local_tracker(airline, tmp_path):
    from mlops_components.tracking.local import LocalTracker

    tracker = LocalTracker(tmp_path, project="forecasting", task_name="airline-seasonal-naive")
    report = backtest_forecaster(SeasonalNaive(12), airline, horizon=12, season=12, n_folds=2,
                                 compare_to_baseline=False, tracker=tracker)
    tracker.close()
    scalars = pd.read_csv(tracker.run_dir / "scalars.csv")
    rows = scalars.query("title == 'backtest' and series == 'mase' and iteration == 2")
    mean_mase = rows["value"]
    assert mean_mase.item() == pytest.approx(report.mean["mase"])
    assert len(scalars) == 4 * 3  # 4 metrics x (2 folds + mean)
    artifacts = (tracker.run_dir / "artifacts").iterdir()
    assert any(p.name.startswith("backtest_folds") for p in artifacts)


def test_automl_on_a_non_seasonal_trend_beats_the_naive_forecast():
    rng = np.random.default_rng(3)
    y = pd.Series(50 + 0.8 * np.arange(90.0) + rng.normal(0, 1.0, 90),
                  index=pd.date_range("2020-01-06", periods=90, freq="W-MON"))
    automl = AutoMLForecaster(horizon=8, season=1, budget_seconds=10).fit(y.iloc[:-8])
    names = list(automl.leaderboard_["candidate"])
    assert "seasonal-naive" not in names and "ets-seasonal" not in names
    assert automl.best_name_ != "naive"
    pred = automl.predict(8)
    assert pred.index[0] == y.index[-8]
    naive = pd.Series(y.iloc[-9], index=pred.index)
    assert mase(y.iloc[-8:], pred, y.iloc[:-8], 1) < mase(y.iloc[-8:], naive, y.iloc[:-8], 1)


def test_automl_searches_only_the_candidates_of_the_chosen_components(airline):
    automl = AutoMLForecaster(
        horizon=12, season=12, budget_seconds=20, components=("theta", "sarima")
    ).fit(airline.iloc[:-12])
    board = automl.leaderboard_.set_index("candidate")
    searched = {n for n in board.index if not n.startswith("combination")}
    assert searched == {"theta", "arima"}
    assert "combination(median of theta, arima)" in board.index
    # a combination (the median, and its mean with Theta) is made of those candidates only
    for name in board.index.difference(searched):
        assert set(board.loc[name, "params"]["members"]) <= set(board.index)


def test_narrowing_to_components_without_candidates_says_what_is_offered():
    from mlops_components.organisms.search import narrow_to_components

    cands = forecasting_candidates(12, True, 120, 1, 12)
    with pytest.raises(ValueError, match="no candidate is built from knn-dtw; the candidates here "
                                         "come from .*theta"):
        narrow_to_components(cands, ["knn-dtw"])


def test_a_series_shorter_than_twice_the_horizon_still_gets_a_validated_forecast(airline):
    # ten yearly totals and a six-year horizon, as in short yearly economic series
    yearly = airline.groupby(airline.index.year).sum().iloc[:10].astype(float)
    automl = AutoMLForecaster(horizon=6, budget_seconds=10).fit(yearly)
    scored = automl.leaderboard_.dropna(subset=["score"])
    assert {"naive", "theta", "ets-damped"} <= set(scored["candidate"])
    pred = automl.predict(6)
    assert len(pred) == 6 and np.isfinite(pred.to_numpy()).all()


def test_weekly_data_given_season_1_gets_its_yearly_cycle_from_the_data():
    # eight years of weekly data with a yearly cycle; M4's protocol would give season 1
    t = np.arange(8 * 52 + 13)
    rng = np.random.default_rng(4)
    values = 300 + 0.05 * t + 6 * np.sin(2 * np.pi * t / 52.18) + rng.normal(scale=0.5, size=len(t))
    y = pd.Series(values, index=pd.date_range("2015-01-04", periods=len(t), freq="W-SUN"))
    train, test = y.iloc[:-13], y.iloc[-13:]
    automl = AutoMLForecaster(horizon=13, season=1, budget_seconds=30).fit(train)
    assert list(automl.seasons_.values()) == [52]  # weekly, as the index says
    ours = smape(test, automl.predict(13))
    theta = smape(test, ThetaForecaster(season=1).fit(train).predict(13))
    assert ours < 0.25 * theta  # without the cycle: half of Theta's error, no better
    # the same series without its cycle keeps season 1
    flat = pd.Series(300 + 0.05 * t + rng.normal(scale=0.5, size=len(t)), index=y.index)
    assert AutoMLForecaster(horizon=13, season=1, budget_seconds=10,
                            components=("naive",)).fit(flat.iloc[:-13]).seasons_ == {"y": 1}


def test_an_unknown_frequency_is_refused_in_one_sentence(airline):
    with pytest.raises(ValueError, match="frequency must be one of"):
        AutoMLForecaster(horizon=12, season=12, frequency="fortnightly").fit(airline)


def test_a_global_model_in_a_combination_forecasts_the_panel_once_per_horizon(airline):
    from mlops_components.molecules.combination import CombinationForecaster
    from mlops_components.molecules.global_boosting import GlobalBoostingForecaster
    from mlops_components.organisms.automl_forecasting import _OneSeriesOfPanel

    panel = {f"s{i}": airline.iloc[i * 4: i * 4 + 100].reset_index(drop=True) for i in range(10)}
    model = GlobalBoostingForecaster(horizon=12, season=12, n_lags=36).fit(panel)
    calls = []
    original = model.predict
    model.predict = lambda h=None: calls.append(h) or original(h)
    shared = {}
    combined = {key: CombinationForecaster.from_fitted(
        [ExponentialSmoothingForecaster(trend="add", seasonal=None).fit(y),
         _OneSeriesOfPanel.of(model, key, y, shared)], how="mean") for key, y in panel.items()}
    local = ExponentialSmoothingForecaster(trend="add", seasonal=None).fit(panel["s3"]).predict(12)
    forecasts = {key: m.predict(12) for key, m in combined.items()}
    assert calls == [12]  # ten series, one forecast of the panel
    assert np.allclose(forecasts["s3"], (local + original(12)["s3"]) / 2)
