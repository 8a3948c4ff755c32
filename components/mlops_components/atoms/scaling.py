"""Scale a series or feature matrix to zero mean / unit variance or to [0, 1], and back."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin

from ._series_checks import check_choice, check_fitted
from ..registry import component

_METHODS = ("standard", "minmax")


@component(name="scaler", tasks=("forecasting",), category="preprocessing")
class SeriesScaler(BaseEstimator, TransformerMixin):
    """Standard (``(x - mean) / std``) or min-max (``(x - min) / (max - min)``) scaling, invertible.

    Works column-wise on frames and arrays, and on a single ``pd.Series`` (keeping its index, which
    sklearn's scalers do not). Statistics come from ``fit`` only, so fit on the training window.
    A constant column is left unscaled (scale 1) rather than divided by zero.

    ## When to use
    Before models sensitive to scale (distance-based, neural, regularised linear), and to bring
    forecasts back with ``inverse_transform``.

    ## Example
    ```python
    import pandas as pd
    from mlops_components.atoms.scaling import SeriesScaler

    s = SeriesScaler("minmax").fit(pd.Series([2.0, 4.0, 6.0]))
    s.transform(pd.Series([4.0, 8.0]))       # 0.5, 1.5
    s.inverse_transform(pd.Series([0.5]))   # 4.0
    ```
    """

    def __init__(self, method: str = "standard"):
        self.method = method

    def fit(self, X: Any, y: Any = None) -> "SeriesScaler":
        check_choice("method", self.method, _METHODS)
        arr = self._array(X)
        if self.method == "standard":
            self.center_, scale = arr.mean(axis=0), arr.std(axis=0)
        else:
            self.center_, scale = arr.min(axis=0), arr.max(axis=0) - arr.min(axis=0)
        self.scale_ = np.where(scale > 0, scale, 1.0)
        return self

    def transform(self, X: Any) -> Any:
        return self._apply(X, lambda a: (a - self.center_) / self.scale_)

    def inverse_transform(self, X: Any) -> Any:
        return self._apply(X, lambda a: a * self.scale_ + self.center_)

    def _apply(self, X: Any, fn: Any) -> Any:
        check_fitted(self, "scale_")
        arr = self._array(X)
        if arr.shape[1] != len(self.scale_):
            raise ValueError(f"fitted on {len(self.scale_)} columns, got {arr.shape[1]}")
        out = fn(arr)
        if isinstance(X, pd.Series):
            return pd.Series(out[:, 0], index=X.index, name=X.name)
        if isinstance(X, pd.DataFrame):
            return pd.DataFrame(out, index=X.index, columns=X.columns)
        return out.reshape(np.shape(X))

    @staticmethod
    def _array(X: Any) -> np.ndarray:
        arr = np.asarray(X, dtype=float)
        if arr.ndim == 1:
            arr = arr.reshape(-1, 1)
        if arr.ndim != 2 or arr.shape[0] == 0:
            raise ValueError(f"expected a non-empty series or 2-D array, got shape {np.shape(X)}")
        if not np.isfinite(arr).all():
            raise ValueError("the scaler got missing or infinite values: impute them first")
        return arr
