from pathlib import Path

import numpy as np
import pytest

from mlops_components.atoms.majority_class import MajorityClassClassifier
from mlops_components.atoms.ucr_loader import load_ucr
from mlops_components.molecules.rocket_classifier import RocketClassifier

DATA = Path(__file__).resolve().parents[2] / "data" / "classification"


@pytest.mark.parametrize("name", ["GunPoint", "ItalyPowerDemand"])
def test_rocket_reaches_95_percent_test_accuracy(name):
    X, y = load_ucr(DATA / f"{name}_TRAIN.ts")
    X_test, y_test = load_ucr(DATA / f"{name}_TEST.ts")
    clf = RocketClassifier(n_kernels=2000, random_state=0).fit(X, y)
    accuracy = clf.score(X_test, y_test)
    assert accuracy >= 0.95
    assert accuracy > MajorityClassClassifier().fit(X, y).score(X_test, y_test) + 0.4
    assert set(clf.classes_) == {"1", "2"}


def test_rocket_is_reproducible_with_a_fixed_seed():
    X, y = load_ucr(DATA / "ItalyPowerDemand_TRAIN.ts")
    a = RocketClassifier(n_kernels=300, random_state=5).fit(X, y).predict(X)
    b = RocketClassifier(n_kernels=300, random_state=5).fit(X, y).predict(X)
    np.testing.assert_array_equal(a, b)


def test_rocket_refuses_bad_input():
    X = np.random.default_rng(0).normal(size=(6, 20))
    with pytest.raises(ValueError, match="6 series"):
        RocketClassifier(n_kernels=10).fit(X, [0, 1])
    with pytest.raises(ValueError, match="n_kernels"):
        RocketClassifier(n_kernels=0).fit(X, [0, 1] * 3)
    with pytest.raises(ValueError, match="missing"):
        RocketClassifier(n_kernels=10).fit(np.full((2, 20), np.nan), [0, 1])
