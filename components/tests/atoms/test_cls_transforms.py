import numpy as np
import pytest

from mlops_components.atoms.random_convolutions import RandomConvolutionFeatures
from mlops_components.atoms.sliding_windows import SlidingWindows
from mlops_components.atoms.znormalize import ZNormalizer


def test_every_row_gets_mean_zero_and_unit_deviation():
    X = np.random.default_rng(0).normal(5, 3, size=(4, 30))
    Z = ZNormalizer().fit_transform(X)
    np.testing.assert_allclose(Z.mean(axis=1), 0, atol=1e-12)
    np.testing.assert_allclose(Z.std(axis=1), 1, atol=1e-12)
    np.testing.assert_allclose(ZNormalizer().fit_transform([[1.0, 2.0, 3.0]]), [[-1.5**0.5, 0, 1.5**0.5]])
    assert ZNormalizer().fit_transform([[7.0, 7.0, 7.0]]).tolist() == [[0.0, 0.0, 0.0]]


def test_z_normalizer_refuses_missing_values_and_one_dimensional_input():
    with pytest.raises(ValueError, match="missing or infinite"):
        ZNormalizer().fit_transform([[1.0, np.nan, 3.0]])
    with pytest.raises(ValueError, match="2-D"):
        ZNormalizer().fit_transform([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="empty"):
        ZNormalizer().fit_transform(np.empty((0, 3)))


def test_sliding_windows_follow_width_and_stride():
    sw = SlidingWindows(width=3, stride=2).fit(np.arange(8.0))
    assert sw.transform(np.arange(8.0)).tolist() == [[0, 1, 2], [2, 3, 4], [4, 5, 6]]
    assert sw.window_ends(8).tolist() == [2, 4, 6]
    assert SlidingWindows(width=4).fit_transform(np.arange(5.0)).tolist() == [[0, 1, 2, 3], [1, 2, 3, 4]]


def test_sliding_windows_refuse_bad_input():
    with pytest.raises(ValueError, match="fewer than one window"):
        SlidingWindows(width=10).fit_transform(np.arange(5.0))
    with pytest.raises(ValueError, match="width must be an integer of at least 1"):
        SlidingWindows(width=0).fit(np.arange(5.0))
    with pytest.raises(ValueError, match="empty"):
        SlidingWindows(width=2).fit_transform([])
    with pytest.raises(ValueError, match="missing"):
        SlidingWindows(width=2).fit_transform([1.0, np.nan, 2.0])


def test_random_convolution_features_match_a_direct_convolution():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(3, 40))
    rocket = RandomConvolutionFeatures(n_kernels=20, random_state=3).fit(X)
    features = rocket.transform(X)
    assert features.shape == (3, 40)
    for (length, dilation, padding), kernels in rocket.groups_.items():
        for k in kernels:
            w, b = rocket.weights_[k], rocket.biases_[k]
            assert length == len(w) and abs(w.mean()) < 1e-12 and -1 <= b <= 1
            for row, x in enumerate(np.pad(X, ((0, 0), (padding, padding)))):
                out = [b + sum(w[j] * x[t + j * dilation] for j in range(length))
                       for t in range(len(x) - (length - 1) * dilation)]
                assert features[row, 2 * k] == pytest.approx(np.mean(np.array(out) > 0))
                assert features[row, 2 * k + 1] == pytest.approx(max(out))


def test_random_convolution_features_are_reproducible_and_checked():
    X = np.random.default_rng(0).normal(size=(4, 30))
    a = RandomConvolutionFeatures(n_kernels=50, random_state=7).fit_transform(X)
    b = RandomConvolutionFeatures(n_kernels=50, random_state=7).fit_transform(X)
    np.testing.assert_array_equal(a, b)
    fitted = RandomConvolutionFeatures(n_kernels=5, random_state=0).fit(X)
    with pytest.raises(ValueError, match="length 20"):
        fitted.transform(X[:, :20])
    with pytest.raises(ValueError, match="at least 7 points"):
        RandomConvolutionFeatures(n_kernels=5).fit(X[:, :5])
