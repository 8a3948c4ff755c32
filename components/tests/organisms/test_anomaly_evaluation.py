import json
from pathlib import Path

import numpy as np
import pytest
from sklearn.base import BaseEstimator

from mlops_components.atoms.nab_loader import load_nab
from mlops_components.atoms.rolling_zscore import RollingZScoreDetector
from mlops_components.organisms.anomaly_evaluation import evaluate_detector
from mlops_components.tracking.local import LocalTracker

DATA = Path(__file__).resolve().parents[2] / "data" / "anomaly"
JUMPSUP = "artificialWithAnomaly/art_daily_jumpsup.csv"
NOISE = "artificialNoAnomaly/art_daily_small_noise.csv"
EC2 = "realKnownCause/ec2_request_latency_system_failure.csv"


def _series(key):
    return load_nab(DATA / key, DATA / "windows.json")


class FixedAlarms(BaseEstimator):
    """A test double: raises alarms at given positions, whatever the data."""

    def __init__(self, positions=()):
        self.positions = positions

    def fit(self, X, y=None):
        return self

    def predict(self, X):
        flags = np.zeros(len(X), dtype=int)
        flags[list(self.positions)] = 1
        return flags


def test_the_pipeline_finds_the_jumpsup_window_without_false_alarms():
    result = evaluate_detector(RollingZScoreDetector(window=288, threshold=3.0), _series(JUMPSUP))
    (s,) = result.series
    assert s.train_size == 604  # NAB's probationary period
    assert s.windows.n_detected == 1 and s.windows.n_false_alarms == 0
    alarms = np.flatnonzero(s.flags)
    assert len(alarms) > 0 and all(2787 <= a <= 3189 for a in alarms)
    assert result.nab_normalised["standard"] > 50


def test_the_pipeline_raises_no_alarm_on_small_noise(tmp_path):
    tracker = LocalTracker(tmp_path, project="h2", task_name="small-noise")
    detector = RollingZScoreDetector(window=288, threshold=3.0)
    result = evaluate_detector(detector, _series(NOISE), tracker=tracker)
    assert result.series[0].flags.sum() == 0 and result.n_false_alarms == 0
    assert result.nab("standard").raw == 0.0
    params = json.loads((tracker.run_dir / "params.json").read_text())
    assert params["detector"] == "RollingZScoreDetector" and params["window"] == 288
    alarms = json.loads((tracker.run_dir / "artifacts" / "alarms.json").read_text())
    assert alarms == {NOISE: []}


def test_perfect_and_null_detectors_score_100_and_0_on_real_windows():
    ec2 = _series(EC2)
    perfect = evaluate_detector(FixedAlarms([first for first, _ in ec2.windows]), ec2)
    null = evaluate_detector(FixedAlarms(), ec2)
    for profile in ("standard", "reward_low_FP_rate", "reward_low_FN_rate"):
        assert perfect.nab_normalised[profile] == pytest.approx(100.0)
        assert null.nab_normalised[profile] == pytest.approx(0.0)


def test_the_corpus_score_sums_series_before_normalising():
    jumpsup, ec2 = _series(JUMPSUP), _series(EC2)
    alarms = FixedAlarms([2787, ec2.windows[0][0]])  # the first point of one window in each series
    corpus = evaluate_detector(alarms, [jumpsup, ec2])
    # jumpsup: 1 of 1 windows perfect; ec2: 1 of 3 perfect, plus a false alarm at 2787 in ec2 and
    # one at 2014 in jumpsup (both before any window: -0.11 each)
    raw = corpus.nab("standard").raw
    assert raw == pytest.approx(1 - 0.11 + (1 - 1 - 1) - 0.11)
    assert corpus.nab_normalised["standard"] == pytest.approx(100 * (raw + 4) / 8)


def test_a_training_part_is_excluded_from_scoring():
    jumpsup = _series(JUMPSUP)
    result = evaluate_detector(FixedAlarms([100, 2800]), jumpsup, train_size=0.5)
    assert result.series[0].train_size == 2016
    assert result.series[0].flags[100] == 0 and result.series[0].windows.n_false_alarms == 0


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="no series"):
        evaluate_detector(RollingZScoreDetector(), [])
    with pytest.raises(ValueError, match="train_size"):
        evaluate_detector(RollingZScoreDetector(), _series(NOISE), train_size=5000)
