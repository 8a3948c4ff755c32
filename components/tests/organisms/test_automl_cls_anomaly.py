import json
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mlops_components.atoms.nab_loader import load_nab
from mlops_components.atoms.ucr_loader import load_ucr
from mlops_components.molecules.window_isolation_forest import WindowIsolationForestDetector
from mlops_components.organisms.anomaly_evaluation import evaluate_detector
from mlops_components.organisms.automl_anomaly import automl_anomaly, points_per_day
from mlops_components.organisms.automl_classification import automl_classification
from mlops_components.organisms.search import Candidate
from mlops_components.tracking.local import LocalTracker

DATA = Path(__file__).resolve().parents[2] / "data"
SLACK = 2.0  # seconds allowed after the budget (the refit of the best candidate)


def test_classification_automl_picks_a_strong_model_within_the_budget(tmp_path):
    X, y = load_ucr(DATA / "classification" / "ItalyPowerDemand_TRAIN.ts")
    X_test, y_test = load_ucr(DATA / "classification" / "ItalyPowerDemand_TEST.ts")
    tracker = LocalTracker(tmp_path, project="h2", task_name="automl-italy")
    t0 = time.monotonic()
    result = automl_classification(X, y, budget_seconds=20, tracker=tracker)
    assert time.monotonic() - t0 <= 20 + SLACK
    scalars = pd.read_csv(tracker.run_dir / "scalars.csv")
    assert len(scalars[scalars.title == "cv accuracy"]) == len(result.leaderboard)
    assert scalars[scalars.title == "best"].value.item() == result.best_row.score
    logged = json.loads((tracker.run_dir / "artifacts" / "leaderboard.json").read_text())
    assert [row["name"] for row in logged] == [row.name for row in result.leaderboard]
    names = [row.name for row in result.leaderboard]
    assert names[-1] == "majority-class" and result.skipped == []
    scores = [row.score for row in result.leaderboard]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0.9
    assert result.best.score(X_test, y_test) > 0.95


def test_classification_automl_stops_starting_candidates_when_the_budget_is_spent():
    X, y = load_ucr(DATA / "classification" / "GunPoint_TRAIN.ts")
    budget = 3.0
    t0 = time.monotonic()
    result = automl_classification(X, y, budget_seconds=budget)
    assert time.monotonic() - t0 <= budget + SLACK
    assert result.skipped  # the whole grid takes about 10 s here
    assert result.best is not None and result.best_row.score > 0.8


def test_classification_automl_refuses_unusable_labels():
    X = np.random.default_rng(0).normal(size=(6, 10))
    with pytest.raises(ValueError, match="single class"):
        automl_classification(X, ["a"] * 6, budget_seconds=5)
    with pytest.raises(ValueError, match="rarest class has 1"):
        automl_classification(X, ["a"] * 5 + ["b"], budget_seconds=5)


def test_anomaly_automl_chooses_on_the_past_and_finds_the_later_jumpsup_window():
    s = load_nab(DATA / "anomaly" / "artificialWithAnomaly" / "art_daily_jumpsup.csv",
                 DATA / "anomaly" / "windows.json")
    t0 = time.monotonic()
    result = automl_anomaly(s, budget_seconds=20)
    assert time.monotonic() - t0 <= 20 + SLACK
    assert result.train_size == 2419 and result.season == 288 and points_per_day(s) == 288
    test = evaluate_detector(result.search.best, s, train_size=result.train_size)
    assert test.series[0].windows.n_detected == 1 and test.series[0].windows.n_false_alarms == 0


def test_anomaly_automl_ranks_by_the_nab_score_on_the_labelled_training_part():
    s = load_nab(DATA / "anomaly" / "realKnownCause" / "ec2_request_latency_system_failure.csv",
                 DATA / "anomaly" / "windows.json")
    result = automl_anomaly(s, budget_seconds=20)
    rows = [r for r in result.search.leaderboard if r.error is None]
    assert [r.score for r in rows] == sorted((r.score for r in rows), reverse=True)
    # the first window (2014..2148) lies in the training part, and the best detector finds it
    assert rows[0].score > 0 > rows[-1].score


def test_anomaly_automl_keeps_to_a_small_budget():
    s = load_nab(DATA / "anomaly" / "realKnownCause" / "nyc_taxi.csv", DATA / "anomaly" / "windows.json")
    # about 0.4 s each here, 12 s in all
    slow = [
        Candidate(f"iforest-{i}", {"random_state": i},
                  lambda i=i: WindowIsolationForestDetector(width=48, random_state=i))
        for i in range(30)
    ]
    budget = 3.0
    t0 = time.monotonic()
    result = automl_anomaly(s, budget_seconds=budget, candidates=slow)
    assert time.monotonic() - t0 <= budget + SLACK
    assert result.search.skipped and len(result.search.leaderboard) < 30


def test_anomaly_automl_refuses_a_bad_split():
    s = load_nab(DATA / "anomaly" / "artificialNoAnomaly" / "art_daily_small_noise.csv")
    with pytest.raises(ValueError, match="train_fraction"):
        automl_anomaly(s, train_fraction=1.0)
