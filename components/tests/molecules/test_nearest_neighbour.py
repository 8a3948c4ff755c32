from pathlib import Path

import numpy as np
import pytest

from mlops_components.atoms.majority_class import MajorityClassClassifier
from mlops_components.atoms.ucr_loader import load_ucr
from mlops_components.molecules.nearest_neighbour import NearestNeighbourClassifier, dtw_distances

DATA = Path(__file__).resolve().parents[2] / "data" / "classification"


def _load(name):
    return (*load_ucr(DATA / f"{name}_TRAIN.ts"), *load_ucr(DATA / f"{name}_TEST.ts"))


def _reference_dtw(a, b, radius):
    """Textbook DTW with a Sakoe-Chiba band, one cell at a time."""
    m = len(a)
    D = np.full((m + 1, m + 1), np.inf)
    D[0, 0] = 0.0
    for i in range(1, m + 1):
        for j in range(max(1, i - radius), min(m, i + radius) + 1):
            D[i, j] = (a[i - 1] - b[j - 1]) ** 2 + min(D[i - 1, j - 1], D[i - 1, j], D[i, j - 1])
    return D[m, m]


@pytest.mark.parametrize("radius", [0, 1, 3, 15])
def test_vectorised_dtw_equals_the_textbook_recursion(radius):
    rng = np.random.default_rng(radius)
    A, B = rng.normal(size=(3, 15)), rng.normal(size=(4, 15))
    expected = [[_reference_dtw(a, b, radius) for b in B] for a in A]
    np.testing.assert_allclose(dtw_distances(A, B, radius), expected)


def test_dtw_aligns_a_shifted_pattern_that_euclidean_distance_penalises():
    a = np.array([[0, 0, 1, 2, 1, 0, 0, 0.0]])
    b = np.array([[0, 0, 0, 1, 2, 1, 0, 0.0]])
    assert dtw_distances(a, b, 1)[0, 0] == 0.0
    assert dtw_distances(a, b, 0)[0, 0] == pytest.approx(4.0)


@pytest.mark.parametrize("name, published", [("GunPoint", 0.087), ("ItalyPowerDemand", 0.045)])
def test_1nn_euclidean_on_z_normalised_series_reproduces_the_published_error(name, published):
    X, y, X_test, y_test = _load(name)
    error = 1 - NearestNeighbourClassifier(metric="euclidean").fit(X, y).score(X_test, y_test)
    assert round(error, 3) == published


@pytest.mark.parametrize("name, published", [("GunPoint", 0.093), ("ItalyPowerDemand", 0.050)])
def test_1nn_unconstrained_dtw_reproduces_the_published_error(name, published):
    X, y, X_test, y_test = _load(name)
    error = 1 - NearestNeighbourClassifier(metric="dtw", window=1.0).fit(X, y).score(X_test, y_test)
    assert round(error, 3) == published


def test_banded_dtw_beats_the_majority_baseline_on_gunpoint():
    X, y, X_test, y_test = _load("GunPoint")
    dtw = NearestNeighbourClassifier(metric="dtw", window=0.1).fit(X, y).score(X_test, y_test)
    assert dtw > MajorityClassClassifier().fit(X, y).score(X_test, y_test) + 0.3


def test_bad_input_is_refused():
    X = np.random.default_rng(0).normal(size=(4, 10))
    with pytest.raises(ValueError, match="metric"):
        NearestNeighbourClassifier(metric="cosine").fit(X, [0, 0, 1, 1])
    with pytest.raises(ValueError, match="window"):
        NearestNeighbourClassifier(window=1.5).fit(X, [0, 0, 1, 1])
    with pytest.raises(ValueError, match="4 labels but there are 3"):
        NearestNeighbourClassifier().fit(X[:3], [0, 0, 1, 1])
    clf = NearestNeighbourClassifier().fit(X, [0, 0, 1, 1])
    with pytest.raises(ValueError, match="length 8"):
        clf.predict(X[:, :8])
    with pytest.raises(ValueError, match="missing"):
        clf.predict(np.full((1, 10), np.nan))
