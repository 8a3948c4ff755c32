from pathlib import Path

import numpy as np
import pytest

from mlops_components.atoms.nab_loader import load_nab
from mlops_components.molecules.adaptive_threshold import AdaptiveThresholdDetector
from mlops_components.molecules.forecast_residual import ForecastResidualDetector
from mlops_components.molecules.window_isolation_forest import WindowIsolationForestDetector
from mlops_components.organisms.anomaly_evaluation import evaluate_detector

DATA = Path(__file__).resolve().parents[2] / "data" / "anomaly"


def _series(key):
    return load_nab(DATA / key, DATA / "windows.json")


def test_forecast_residuals_are_the_change_since_one_season_earlier():
    x = np.array([1.0, 5.0, 2.0, 6.0, 4.0, 5.0, 2.0])
    r = ForecastResidualDetector(season=2).residuals(x)
    assert np.isnan(r[:2]).all()
    assert r[2:].tolist() == [1.0, 1.0, 2.0, -1.0, -2.0]


def test_forecast_residual_detector_finds_a_spike_and_its_echo():
    rng = np.random.default_rng(0)
    x = np.tile([0.0, 0.0, 5.0, 5.0], 100) + rng.normal(0, 0.1, 400)
    x[301] += 2.0
    det = ForecastResidualDetector(season=4, threshold=6.0).fit(x[:200])
    assert np.flatnonzero(det.predict(x)).tolist() == [301, 305]


def test_adaptive_threshold_rises_with_volatility_where_a_fixed_one_floods():
    rng = np.random.default_rng(1)
    calm, busy = rng.normal(0, 1, 3000), rng.standard_t(2, 3000)  # heavy-tailed second half
    x = np.r_[calm, busy]
    x[1500] = 15.0
    plain = AdaptiveThresholdDetector(window=100, k=0.0, memory=500, min_threshold=3.0)
    adaptive = AdaptiveThresholdDetector(window=100, k=6.0, memory=500, min_threshold=3.0)
    plain_alarms = plain.fit(x[:500]).predict(x)[500:].sum()
    adaptive_flags = adaptive.fit(x[:500]).predict(x)
    assert adaptive_flags[1500] == 1
    assert adaptive_flags[500:].sum() < plain_alarms / 3


def test_cooldown_keeps_one_alarm_per_incident():
    x = np.r_[np.random.default_rng(2).normal(size=1000), np.full(20, 50.0), np.zeros(100)]
    flags = AdaptiveThresholdDetector(window=100, memory=300, cooldown=50).fit(x[:500]).predict(x)
    assert np.flatnonzero(flags).tolist() == [1000]


def test_window_isolation_forest_flags_a_novel_shape():
    x = np.sin(np.arange(2000) * 2 * np.pi / 50)
    x[1500:1510] += 3.0
    flags = WindowIsolationForestDetector(width=25, random_state=0).fit(x[:1000]).predict(x)
    alarms = np.flatnonzero(flags)
    assert len(alarms) > 0 and alarms.min() >= 1500 and alarms.max() < 1510 + 25


@pytest.mark.parametrize(
    "detector",
    [
        AdaptiveThresholdDetector(),
        ForecastResidualDetector(season=288),
        WindowIsolationForestDetector(width=12),
    ],
    ids=lambda d: type(d).__name__,
)
def test_every_detector_finds_the_jumpsup_window(detector):
    result = evaluate_detector(detector, _series("artificialWithAnomaly/art_daily_jumpsup.csv"))
    assert result.series[0].windows.n_detected == 1


@pytest.mark.parametrize(
    "detector", [AdaptiveThresholdDetector(), ForecastResidualDetector(season=288)], ids=lambda d: type(d).__name__
)
def test_the_seasonal_detectors_stay_quiet_on_small_noise(detector):
    result = evaluate_detector(detector, _series("artificialNoAnomaly/art_daily_small_noise.csv"))
    assert result.series[0].flags.sum() == 0


def test_detectors_refuse_bad_input():
    with pytest.raises(ValueError, match="more than season=10"):
        ForecastResidualDetector(season=10).fit(np.arange(8.0))
    with pytest.raises(ValueError, match="missing"):
        ForecastResidualDetector(season=2).fit([1.0, np.nan, 2.0, 3.0])
    with pytest.raises(ValueError, match="fewer than one window"):
        WindowIsolationForestDetector(width=50).fit(np.arange(20.0))
    with pytest.raises(ValueError, match="empty"):
        AdaptiveThresholdDetector().fit([])
    with pytest.raises(ValueError, match="memory"):
        AdaptiveThresholdDetector(memory=1).fit(np.arange(10.0))
