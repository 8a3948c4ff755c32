"""ROCKET-style random convolutional features for time-series classification."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils import check_random_state

from ..registry import component
from ._series_checks import check_fitted, check_int, check_length, check_panel

# Work on at most this many output values at once when applying a group of kernels.
_CHUNK_VALUES = 4_000_000


@component(
    name="random-convolution-features", tasks=("classification",), category="feature"
)
class RandomConvolutionFeatures(TransformerMixin, BaseEstimator):
    """Convolve each series with ``n_kernels`` random kernels and keep two numbers per kernel.

    Follows ROCKET (Dempster et al., 2020): each kernel has a random length in {7, 9, 11}, weights
    drawn from N(0, 1) and centred, a bias drawn from U(-1, 1), a dilation ``floor(2**u)`` with
    ``u`` uniform in ``[0, log2((m - 1) / (length - 1))]`` for series of length ``m``, and zero
    padding on half of the kernels. The features are the proportion of positive values (PPV) and
    the maximum of each convolution output, so ``transform`` returns ``2 * n_kernels`` columns.
    ``fit`` only draws the kernels (for the training series' length); kernels sharing a length,
    dilation and padding are applied together as one vectorised numpy operation.

    ## When to use
    As the feature extractor of a fast, accurate classifier (see the ``rocket-classifier``
    molecule): linear models on these features are state of the art on the UCR archive.

    ## Example
    ```python
    import numpy as np
    from mlops_components.atoms.random_convolutions import RandomConvolutionFeatures

    X = np.random.default_rng(0).normal(size=(5, 60))
    RandomConvolutionFeatures(n_kernels=100, random_state=0).fit_transform(X).shape  # (5, 200)
    ```
    """

    def __init__(self, n_kernels: int = 2000, random_state: int | None = None):
        self.n_kernels = n_kernels
        self.random_state = random_state

    def fit(self, X: Any, y: Any = None) -> "RandomConvolutionFeatures":
        check_int(self.n_kernels, "n_kernels", 1)
        X = check_panel(X)
        m = X.shape[1]
        if m < 7:
            raise ValueError(f"series must have at least 7 points for the shortest kernel, got {m}")
        rng = check_random_state(self.random_state)
        lengths = rng.choice(np.array([7, 9, 11]), self.n_kernels)
        lengths = np.minimum(lengths, m if m % 2 else m - 1)
        groups: dict[tuple[int, int, int], list[int]] = defaultdict(list)
        self.weights_ = []
        self.biases_ = rng.uniform(-1.0, 1.0, self.n_kernels)
        for k, length in enumerate(lengths):
            weights = rng.normal(0.0, 1.0, length)
            self.weights_.append(weights - weights.mean())
            max_exponent = np.log2((m - 1) / (length - 1))
            dilation = int(2 ** rng.uniform(0, max_exponent))
            padding = ((length - 1) * dilation) // 2 if rng.randint(2) else 0
            groups[(int(length), dilation, padding)].append(k)
        self.groups_ = {key: np.array(ks) for key, ks in groups.items()}
        self.n_features_in_ = m
        return self

    def transform(self, X: Any) -> np.ndarray:
        check_fitted(self, "groups_")
        X = check_length(check_panel(X), self.n_features_in_)
        n, m = X.shape
        features = np.empty((n, 2 * self.n_kernels))
        for (length, dilation, padding), kernels in self.groups_.items():
            W = np.stack([self.weights_[k] for k in kernels])  # (kernels, length)
            bias = self.biases_[kernels][None, :, None]
            padded = np.pad(X, ((0, 0), (padding, padding))) if padding else X
            out_len = m + 2 * padding - (length - 1) * dilation
            step = max(1, _CHUNK_VALUES // (len(kernels) * out_len))
            for lo in range(0, n, step):
                rows = padded[lo : lo + step]
                out = np.broadcast_to(bias, (len(rows), len(kernels), out_len)).copy()
                for j in range(length):
                    segment = rows[:, None, j * dilation : j * dilation + out_len]
                    out += W[None, :, j, None] * segment
                features[lo : lo + step, 2 * kernels] = (out > 0).mean(axis=2)
                features[lo : lo + step, 2 * kernels + 1] = out.max(axis=2)
        return features
