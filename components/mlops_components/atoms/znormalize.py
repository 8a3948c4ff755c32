"""Per-series z-normalisation, the standard first step of time-series classification."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from ..registry import component
from ._series_checks import check_panel


@component(
    name="z-normalizer",
    tasks=("classification", "anomaly-detection"),
    category="preprocessing",
)
class ZNormalizer(TransformerMixin, BaseEstimator):
    """Rescale every series (row) to mean 0 and standard deviation 1, each on its own.

    Unlike sklearn's ``StandardScaler`` (one scale per column, learnt on the training set), each row
    is normalised with its own mean and (population) standard deviation, so the transform learns
    nothing and treats train and test alike. A constant series becomes all zeros. Input is a 2-D
    array with one equal-length series per row; NaNs are refused.

    ## When to use
    Before comparing shapes rather than levels: the UCR archive's published 1-NN figures are on
    z-normalised series, and distance-based and convolutional classifiers expect it.

    ## Example
    ```python
    import numpy as np
    from mlops_components.atoms.znormalize import ZNormalizer

    ZNormalizer().fit_transform(np.array([[1.0, 2.0, 3.0], [5.0, 5.0, 5.0]]))
    # [[-1.2247, 0.0, 1.2247], [0.0, 0.0, 0.0]]
    ```
    """

    def fit(self, X: Any, y: Any = None) -> "ZNormalizer":
        self.n_features_in_ = check_panel(X).shape[1]
        return self

    def transform(self, X: Any) -> np.ndarray:
        X = check_panel(X)
        mean = X.mean(axis=1, keepdims=True)
        std = X.std(axis=1, keepdims=True)
        centred = X - mean
        return np.divide(centred, std, out=np.zeros_like(centred), where=std > 1e-12)
