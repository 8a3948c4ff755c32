"""The backtest pipeline and the AutoML forecasting search, on AirPassengers."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mlops_components.atoms.forecast_baselines import SeasonalNaive
from mlops_components.atoms.forecast_metrics import mase, smape
from mlops_components.atoms.loaders_csv import load_series_csv
from mlops_components.molecules.ets import ExponentialSmoothingForecaster
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


def test_automl_finishes_within_budget_and_its_winner_beats_seasonal_naive(airline):
    train, test = airline.iloc[:-12], airline.iloc[-12:]
    tracker = RecordingTracker()
    budget = 20.0
    automl = AutoMLForecaster(horizon=12, season=12, budget_seconds=budget, tracker=tracker)
    automl.fit(train)
    assert automl.search_.elapsed_seconds <= budget + 3.0
    board = automl.leaderboard_
    assert board["mase"].is_monotonic_increasing and board["name"].iloc[0] == automl.best_name_
    assert {"seasonal-naive", "naive2"} <= set(board["name"])
    # validation: the winner beats seasonal naive across the folds ...
    snaive_cv = board.loc[board["name"] == "seasonal-naive", "mase"].item()
    assert board["mase"].iloc[0] < snaive_cv
    # ... and on the held-out year it was never shown
    pred = automl.predict(12)
    snaive = SeasonalNaive(12).fit(train).predict(12)
    assert mase(test, pred, train, 12) < mase(test, snaive, train, 12)
    assert smape(test, pred) < smape(test, snaive)
    assert list(pred.index) == list(test.index)
    assert tracker.params["best"] == automl.best_name_
    assert tracker.artifacts["leaderboard"] is board


def test_a_tiny_budget_skips_candidates_but_still_returns_a_winner(airline):
    automl = AutoMLForecaster(horizon=12, season=12, budget_seconds=0.3).fit(airline)
    tried, skipped = list(automl.leaderboard_["name"]), automl.search_.skipped
    every = [c.name for c in forecasting_candidates(airline, 12, 12, 3)]
    assert skipped and sorted(tried + skipped) == sorted(every)
    assert len(automl.predict(3)) == 3


def test_candidates_respect_what_the_data_allows():
    with_zero = pd.Series(np.r_[0.0, np.arange(1.0, 80.0)])
    names = [c.name for c in forecasting_candidates(with_zero, 6, 12, 3)]
    assert not any("mul" in n or "log" in n for n in names) and "naive2" not in names
    short = [c.name for c in forecasting_candidates(pd.Series(np.arange(1.0, 41.0)), 6, 12, 3)]
    # 40 - 3 * 6 = 22 training points in the first fold: less than two seasons
    assert not any("seasonal=add" in n or "x011" in n for n in short)


def test_automl_refuses_bad_settings(airline):
    with pytest.raises(ValueError, match="too few"):
        AutoMLForecaster(horizon=12, season=12).fit(airline.iloc[:40])
    with pytest.raises(ValueError, match="metric"):
        AutoMLForecaster(horizon=12, season=12, metric="r2").fit(airline)
    with pytest.raises(ValueError, match="missing"):
        AutoMLForecaster(horizon=12, season=12).fit(airline.where(airline.index.year != 1955))
    with pytest.raises(ValueError, match="budget"):
        AutoMLForecaster(horizon=12, season=12, budget_seconds=0).fit(airline)


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


def test_automl_on_a_non_seasonal_trend_picks_a_trend_model_over_the_naive_one():
    rng = np.random.default_rng(3)
    y = pd.Series(50 + 0.8 * np.arange(90.0) + rng.normal(0, 1.0, 90),
                  index=pd.date_range("2020-01-06", periods=90, freq="W-MON"))
    automl = AutoMLForecaster(horizon=8, season=1, budget_seconds=10).fit(y.iloc[:-8])
    names = list(automl.leaderboard_["name"])
    assert "seasonal-naive" not in names and not any("x011" in n for n in names)
    assert automl.best_name_ != "naive"
    pred = automl.predict(8)
    assert pred.index[0] == y.index[-8]
    naive = pd.Series(y.iloc[-9], index=pred.index)
    assert mase(y.iloc[-8:], pred, y.iloc[:-8], 1) < mase(y.iloc[-8:], naive, y.iloc[:-8], 1)


def test_automl_searches_only_the_candidates_of_the_chosen_components(airline):
    automl = AutoMLForecaster(
        horizon=12, season=12, budget_seconds=20, components=("theta", "sarima")
    ).fit(airline.iloc[:-12])
    names = list(automl.leaderboard_["name"])
    assert names and all(n.startswith(("theta(", "sarima")) for n in names)
    assert any(n.startswith("theta(") for n in names)
    assert any(n.startswith("sarima") for n in names)


def test_narrowing_to_components_without_candidates_says_what_is_offered(airline):
    from mlops_components.organisms.search import narrow_to_components

    cands = list(forecasting_candidates(airline, 12, 12, 3))
    with pytest.raises(ValueError, match="no candidate is built from knn-dtw; the candidates here "
                                         "come from .*theta"):
        narrow_to_components(cands, ["knn-dtw"])
    assert [c.name for c in narrow_to_components(cands, ["naive2"])] == ["naive2"]
