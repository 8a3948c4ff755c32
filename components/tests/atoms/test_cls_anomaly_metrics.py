import math

import numpy as np
import pytest
from sklearn import metrics as skm

from mlops_components.atoms.anomaly_metrics import (
    NAB_PROFILES,
    NabScore,
    nab_probation,
    nab_score,
    scaled_sigmoid,
    window_scores,
)
from mlops_components.atoms.classification_metrics import accuracy, balanced_accuracy, macro_f1


# --- classification ------------------------------------------------------------------------------

def test_classification_metrics_equal_hand_computed_values():
    y_true = ["a", "a", "a", "b", "b", "c"]
    y_pred = ["a", "b", "a", "b", "a", "a"]
    assert accuracy(y_true, y_pred) == pytest.approx(3 / 6)
    # recalls: a 2/3, b 1/2, c 0
    assert balanced_accuracy(y_true, y_pred) == pytest.approx((2 / 3 + 1 / 2 + 0) / 3)
    # a: P 2/4, R 2/3 -> F1 4/7; b: P 1/2, R 1/2 -> 1/2; c: 0
    assert macro_f1(y_true, y_pred) == pytest.approx((4 / 7 + 1 / 2 + 0) / 3)


def test_classification_metrics_agree_with_scikit_learn_on_random_labels():
    rng = np.random.default_rng(0)
    y_true, y_pred = rng.integers(0, 4, 200), rng.integers(0, 4, 200)
    assert accuracy(y_true, y_pred) == pytest.approx(skm.accuracy_score(y_true, y_pred))
    assert balanced_accuracy(y_true, y_pred) == pytest.approx(skm.balanced_accuracy_score(y_true, y_pred))
    assert macro_f1(y_true, y_pred) == pytest.approx(skm.f1_score(y_true, y_pred, average="macro"))


def test_classification_metrics_refuse_bad_input():
    with pytest.raises(ValueError, match="lengths must match"):
        accuracy([1, 2, 3], [1, 2])
    with pytest.raises(ValueError, match="empty"):
        macro_f1([], [])
    with pytest.raises(ValueError, match="unknown labels"):
        balanced_accuracy(["a", "b"], ["a", "z"], labels=["a", "b"])


# --- window precision / recall / F1 --------------------------------------------------------------

def test_window_scores_count_alarm_runs_and_detected_windows():
    flags = [0, 1, 1, 0, 0, 0, 1, 0, 0, 0]
    s = window_scores(flags, [(2, 4), (8, 9)])
    assert (s.precision, s.recall, s.f1) == (0.5, 0.5, 0.5)
    assert (s.n_alarms, s.n_false_alarms, s.n_windows, s.n_detected) == (2, 1, 2, 1)
    perfect = window_scores([0, 0, 1, 1, 0, 0, 0, 0, 1, 0], [(2, 4), (8, 9)])
    assert (perfect.precision, perfect.recall, perfect.f1) == (1.0, 1.0, 1.0)
    quiet = window_scores(np.zeros(10), [(2, 4)])
    assert (quiet.precision, quiet.recall, quiet.f1) == (1.0, 0.0, 0.0)
    assert window_scores(np.zeros(10), []).f1 == 1.0


def test_window_scores_refuse_bad_windows_and_flags():
    with pytest.raises(ValueError, match="outside the series"):
        window_scores(np.zeros(10), [(5, 10)])
    with pytest.raises(ValueError, match="ends before it starts"):
        window_scores(np.zeros(10), [(5, 4)])
    with pytest.raises(ValueError, match="overlap"):
        window_scores(np.zeros(10), [(1, 5), (4, 6)])
    with pytest.raises(ValueError, match="0/1"):
        window_scores([0, 2, 1], [])
    with pytest.raises(ValueError, match="empty"):
        window_scores([], [])


# --- NAB score -----------------------------------------------------------------------------------

def _s(x):  # NAB's scaled sigmoid, written out: 2 / (1 + e^(5x)) - 1
    return 2 / (1 + math.exp(5 * x)) - 1


def test_scaled_sigmoid_matches_nab_reference_points():
    assert scaled_sigmoid(-1.0) == pytest.approx(0.98661, abs=1e-5)
    assert scaled_sigmoid(-0.5) == pytest.approx(0.84828, abs=1e-5)
    assert scaled_sigmoid(0.0) == 0.0
    assert scaled_sigmoid(1.0) == pytest.approx(-0.98661, abs=1e-5)
    assert scaled_sigmoid(3.0) == -1.0


def test_nab_probation_is_15_percent_capped_at_750_points():
    assert nab_probation(4032) == 604 and nab_probation(10320) == 750 and nab_probation(100) == 15


@pytest.mark.parametrize("profile", list(NAB_PROFILES))
def test_perfect_detector_scores_100_and_null_detector_0(profile):
    n, windows = 4032, [(1000, 1399), (2500, 2599)]
    perfect = np.zeros(n, dtype=int)
    perfect[[1000, 2500]] = 1
    assert nab_score(perfect, windows, profile).normalised == pytest.approx(100.0)
    assert nab_score(np.zeros(n, dtype=int), windows, profile).normalised == pytest.approx(0.0)
    fn = NAB_PROFILES[profile]["fn"]
    assert nab_score(np.zeros(n), windows, profile) == NabScore(raw=-2 * fn, null=-2 * fn, perfect=2.0)


def test_nab_rewards_and_penalties_equal_the_hand_computed_values():
    n, window = 1000, [(600, 649)]  # probation 150 points, window width 50
    flags = np.zeros(n, dtype=int)
    flags[649] = 1  # last point of the window: position -1/50
    late = nab_score(flags, window)
    assert late.raw == pytest.approx(_s(-1 / 50) / _s(-1.0))
    flags[620] = 1  # earlier detection in the same window counts instead (only the best counts)
    assert nab_score(flags, window).raw == pytest.approx(_s(-30 / 50) / _s(-1.0))
    flags[300] = 1  # false positive before any window: full penalty
    assert nab_score(flags, window).raw == pytest.approx(_s(-30 / 50) / _s(-1.0) - 0.11)
    assert nab_score(flags, window, "reward_low_FP_rate").raw == pytest.approx(_s(-30 / 50) / _s(-1.0) - 0.22)
    flags[700] = 1  # false positive 51 points after the window's end: (700 - 649) / (50 - 1) widths
    expected = _s(-30 / 50) / _s(-1.0) - 0.11 + 0.11 * _s(51 / 49)
    assert nab_score(flags, window).raw == pytest.approx(expected)
    flags[100] = 1  # inside the probationary period: ignored
    assert nab_score(flags, window).raw == pytest.approx(expected)


def test_nab_ignores_windows_inside_the_probationary_period_and_sums_series():
    flags = np.zeros(1000, dtype=int)
    assert nab_score(flags, [(10, 20)]) == NabScore(0.0, 0.0, 0.0)
    assert math.isnan(nab_score(flags, []).normalised)
    a = nab_score(flags, [(600, 649)])
    flags[600] = 1
    b = nab_score(flags, [(600, 649)])
    assert (a + b).normalised == pytest.approx(50.0)


def test_nab_refuses_unknown_profiles_and_bad_windows():
    with pytest.raises(ValueError, match="unknown NAB profile"):
        nab_score(np.zeros(10), [], profile="strict")
    with pytest.raises(ValueError, match="outside the series"):
        nab_score(np.zeros(10), [(-1, 3)])
    with pytest.raises(ValueError, match="probation"):
        nab_score(np.zeros(10), [], probation=11)
