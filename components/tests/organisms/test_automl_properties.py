"""What a user relies on, for the three AutoML organisms: the budget holds even with a slow
candidate, the same seed gives the same leaderboard, detectors never look ahead."""

import time
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mlops_components.atoms.forecaster import Forecaster
from mlops_components.atoms.loaders_csv import load_series_csv
from mlops_components.atoms.nab_loader import load_nab
from mlops_components.atoms.ucr_loader import load_ucr
from mlops_components.organisms import automl_classification, automl_forecasting
from mlops_components.organisms.automl_anomaly import AutoMLAnomalyDetector
from mlops_components.organisms.automl_classification import AutoMLClassifier
from mlops_components.organisms.automl_forecasting import AutoMLForecaster
from mlops_components.organisms.search import Candidate, run_budgeted

DATA = Path(__file__).resolve().parents[2] / "data"


class SlowForecaster(Forecaster):
    """Takes far longer than any budget here, as a seasonal SARIMA on a long series can."""

    def _fit(self, y):
        time.sleep(60)

    def _predict(self, horizon):
        return np.zeros(horizon)


class CountingForecaster(Forecaster):
    """A drift forecast that writes a line to ``log`` at each fit (workers are processes) and
    takes a noticeable time to fit, as a real model does."""

    def __init__(self, log=None, name="member"):
        self.log = log
        self.name = name

    def _fit(self, y):
        with open(self.log, "a", encoding="utf-8") as out:
            out.write(f"{self.name}\n")
        time.sleep(0.2)
        self.slope_ = (y.iloc[-1] - y.iloc[0]) / (len(y) - 1)

    def _predict(self, horizon):
        return self.y_.iloc[-1] + self.slope_ * np.arange(1, horizon + 1)


def test_the_combination_fits_none_of_its_members_again(monkeypatch, tmp_path):
    y = load_series_csv(DATA / "forecasting" / "airline.csv")
    log = tmp_path / "fits.log"
    members = automl_forecasting.COMBINED
    original = automl_forecasting.forecasting_candidates

    def counting(*args, **kwargs):
        return [Candidate(c.name, {}, partial(CountingForecaster, str(log), c.name))
                if c.name in members else c for c in original(*args, **kwargs)]

    monkeypatch.setattr(automl_forecasting, "forecasting_candidates", counting)
    automl = AutoMLForecaster(horizon=12, season=12, n_folds=3, budget_seconds=20).fit(y)
    automl.predict(12)
    board = automl.leaderboard_.set_index("candidate")
    comb = next(n for n in board.index if n.startswith("combination"))
    assert board.loc[comb, "score"] == board.loc[comb, "score"]  # scored like any candidate
    fits = log.read_text().split()
    # three validation windows and one final fit each; the combination adds none
    assert {m: fits.count(m) for m in members} == {m: 4 for m in members}
    # its time is the combining, not its members' fits again
    assert board.loc[comb, "fit_seconds"] < board.loc[list(members), "fit_seconds"].min()


def test_the_worker_pool_stops_a_slow_task_at_the_deadline_and_keeps_the_others():
    t0 = time.monotonic()
    results = run_budgeted(
        [("quick", lambda: 1), ("slow", lambda: time.sleep(60)), ("broken", lambda: 1 / 0),
         ("late", lambda: 2)],
        deadline=time.monotonic() + 6, n_jobs=2)
    assert time.monotonic() - t0 < 8
    by = {r.name: r for r in results}
    assert by["quick"].value == 1 and by["quick"].error is None
    assert "deadline" in by["slow"].error
    assert by["broken"].error.startswith("ZeroDivisionError")
    assert by["late"].value == 2


def test_forecasting_budget_holds_with_a_deliberately_slow_candidate(monkeypatch):
    y = load_series_csv(DATA / "forecasting" / "airline.csv")
    original = automl_forecasting.forecasting_candidates

    def with_a_slow_one(*args, **kwargs):
        return [Candidate("slow", {}, SlowForecaster)] + original(*args, **kwargs)

    monkeypatch.setattr(automl_forecasting, "forecasting_candidates", with_a_slow_one)
    budget = 6.0
    t0 = time.monotonic()
    automl = AutoMLForecaster(horizon=12, season=12, budget_seconds=budget, n_jobs=2).fit(y)
    assert time.monotonic() - t0 <= budget + 0.5  # the refit of the winner included
    board = automl.leaderboard_.set_index("candidate")
    assert "deadline" in board.loc["slow", "error"] and automl.best_name_ != "slow"
    assert len(automl.predict(12)) == 12


def test_classification_budget_holds_and_an_unfinished_candidate_never_wins(monkeypatch):
    X, y = load_ucr(DATA / "classification" / "ItalyPowerDemand_TRAIN.ts")
    original = automl_classification.classification_candidates

    class Slow:
        def fit(self, X, y):
            time.sleep(60)

    def with_a_slow_one(*args, **kwargs):
        return [Candidate("slow", {}, Slow)] + original(*args, **kwargs)

    monkeypatch.setattr(automl_classification, "classification_candidates", with_a_slow_one)
    budget = 12.0
    t0 = time.monotonic()
    automl = AutoMLClassifier(budget_seconds=budget, n_jobs=2).fit(X, y)
    assert time.monotonic() - t0 <= budget + 0.5
    board = automl.leaderboard_.set_index("candidate")
    assert "deadline" in board.loc["slow", "error"] and np.isnan(board.loc["slow", "score"])
    assert automl.best_name_ != "slow" and automl.predict(X[:5]).shape == (5,)


def _same_finished_rows(a, b):
    cols = ["candidate", "score"]
    finished = (set(a.loc[a["error"].isna(), "candidate"])
                & set(b.loc[b["error"].isna(), "candidate"]))
    rows = [x[x["candidate"].isin(finished)][cols].sort_values("candidate").reset_index(drop=True)
            for x in (a, b)]
    pd.testing.assert_frame_equal(*rows)
    return finished


def test_the_same_seed_gives_the_same_leaderboard():
    X, y = load_ucr(DATA / "classification" / "ItalyPowerDemand_TRAIN.ts")
    fits = [AutoMLClassifier(budget_seconds=30, random_state=3,
                             components=("minirocket-classifier", "knn-dtw")).fit(X, y)
            for _ in range(2)]
    assert {"minirocket", "1nn-euclidean"} <= _same_finished_rows(
        fits[0].leaderboard_, fits[1].leaderboard_)
    y_air = load_series_csv(DATA / "forecasting" / "airline.csv").iloc[:-12]
    fits = [AutoMLForecaster(horizon=12, season=12, budget_seconds=30).fit(y_air)
            for _ in range(2)]
    assert {"theta", "ets-damped", "naive"} <= _same_finished_rows(
        fits[0].leaderboard_, fits[1].leaderboard_)


def test_a_rows_anomaly_score_does_not_change_when_later_rows_change():
    s = load_nab(DATA / "anomaly" / "realKnownCause" / "nyc_taxi.csv")
    values = s.values.to_numpy()[:3000]
    detector = AutoMLAnomalyDetector(budget_seconds=20, season=48).fit(values)
    before = detector.score_samples(values)
    changed = values.copy()
    changed[2000:] = changed[2000:][::-1] * 3 + 1000  # rewrite the future
    after = detector.score_samples(changed)
    np.testing.assert_array_equal(before[:2000], after[:2000])
    assert not np.array_equal(before[2000:], after[2000:])


@pytest.mark.parametrize("fit, message", [
    (lambda: AutoMLForecaster(horizon=5).fit(pd.Series([1.0, np.nan, 3.0] * 10)), "missing"),
    (lambda: AutoMLForecaster(horizon=5).fit(pd.Series(np.full(40, 2.0))), "constant"),
    (lambda: AutoMLForecaster(horizon=12).fit(pd.Series(np.arange(1.0, 10.0))), "too few"),
    (lambda: AutoMLForecaster(horizon=2).fit({"a": pd.Series(np.arange(1.0, 30.0)),
                                              "b": pd.Series(np.arange(1.0, 4.0))}), "'b'"),
    (lambda: AutoMLClassifier().fit(np.ones((4, 20)), [1, 1, 1, 1]), "single class"),
    (lambda: AutoMLAnomalyDetector().fit(np.full(300, 7.0)), "constant"),
    (lambda: AutoMLAnomalyDetector().fit([1.0, 2.0, np.inf] * 50), "infinite"),
])
def test_bad_input_gets_one_clear_sentence(fit, message):
    with pytest.raises(ValueError, match=message) as info:
        fit()
    text = str(info.value)
    assert "\n" not in text and len(text) < 300
