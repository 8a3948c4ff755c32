from pathlib import Path

import numpy as np
import pytest

from mlops_components.atoms.majority_class import MajorityClassClassifier
from mlops_components.atoms.rolling_zscore import RollingZScoreDetector
from mlops_components.atoms.ucr_loader import load_ucr

DATA = Path(__file__).resolve().parents[2] / "data" / "classification"


def test_majority_class_scores_the_share_of_the_largest_training_class():
    X, y = load_ucr(DATA / "GunPoint_TRAIN.ts")  # 24 of class 1, 26 of class 2
    X_test, y_test = load_ucr(DATA / "GunPoint_TEST.ts")  # 76 of class 1, 74 of class 2
    clf = MajorityClassClassifier().fit(X, y)
    assert set(clf.predict(X_test)) == {"2"}
    assert clf.score(X_test, y_test) == pytest.approx(74 / 150)
    np.testing.assert_allclose(clf.predict_proba(X_test[:1]), [[24 / 50, 26 / 50]])


def test_majority_ties_go_to_the_smallest_label_and_lengths_must_match():
    assert MajorityClassClassifier().fit(np.zeros((2, 3)), ["b", "a"]).predict(np.zeros((1, 3))) == ["a"]
    with pytest.raises(ValueError, match="2 labels but there are 3 series"):
        MajorityClassClassifier().fit(np.zeros((3, 2)), [1, 2])


def test_rolling_z_score_equals_the_hand_computed_value():
    x = np.array([1.0, 2.0, 3.0, 4.0, 10.0, 2.0])
    score = RollingZScoreDetector(window=4, threshold=3.0).fit(x).anomaly_score(x)
    assert score[:4].tolist() == [0, 0, 0, 0]  # no full history yet
    assert score[4] == pytest.approx(7.5 / np.sqrt(1.25))  # mean 2.5, population std sqrt(1.25)
    past = np.array([2.0, 3.0, 4.0, 10.0])
    assert score[5] == pytest.approx(abs(2.0 - past.mean()) / past.std())
    assert RollingZScoreDetector(window=4, threshold=3.0).fit(x).predict(x).tolist() == [0, 0, 0, 0, 1, 0]


def test_rolling_z_score_on_a_flat_history_is_large_but_finite():
    x = np.r_[np.ones(10), 2.0]
    score = RollingZScoreDetector(window=5).fit(x).anomaly_score(x)
    assert np.isfinite(score).all() and score[-1] > 1e5 and score[-2] == 0


def test_rolling_z_score_refuses_bad_input():
    with pytest.raises(ValueError, match="empty"):
        RollingZScoreDetector().fit([])
    with pytest.raises(ValueError, match="missing"):
        RollingZScoreDetector().fit([1.0, np.nan])
    with pytest.raises(ValueError, match="window"):
        RollingZScoreDetector(window=1).fit([1.0, 2.0])
    with pytest.raises(ValueError, match="threshold"):
        RollingZScoreDetector(threshold=-1).fit([1.0, 2.0])
