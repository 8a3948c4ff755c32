"""Log transform of a positive series, with its inverse."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin

from ..registry import component


@component(name="log-transform", tasks=("forecasting",), category="preprocessing")
class LogTransformer(BaseEstimator, TransformerMixin):
    """``log(y)`` and back with ``exp``: makes multiplicative seasonality and growth additive.

    Refuses values that are not strictly positive, naming how many there are.

    ## When to use
    Series whose seasonal swings grow with their level (sales, passengers), before additive models
    (ARIMA, additive ETS, regressors on differences).

    ## Example
    ```python
    import pandas as pd
    from mlops_components.atoms.log_transform import LogTransformer

    t = LogTransformer()
    z = t.fit_transform(pd.Series([1.0, 10.0, 100.0]))   # 0, 2.30, 4.61
    t.inverse_transform(z)                               # 1, 10, 100
    ```
    """

    def fit(self, X: Any, y: Any = None) -> "LogTransformer":
        self.transform(X)
        return self

    def transform(self, X: Any) -> Any:
        arr = np.asarray(X, dtype=float)
        if arr.size == 0:
            raise ValueError("cannot log-transform an empty series")
        if np.isnan(arr).any():
            raise ValueError("the log transform got missing values: impute them first")
        if (arr <= 0).any():
            n_bad = int((arr <= 0).sum())
            raise ValueError(f"the log transform needs strictly positive values; {n_bad} are <= 0")
        return self._wrap(X, np.log(arr))

    def inverse_transform(self, X: Any) -> Any:
        return self._wrap(X, np.exp(np.asarray(X, dtype=float)))

    @staticmethod
    def _wrap(X: Any, values: np.ndarray) -> Any:
        if isinstance(X, pd.Series):
            return pd.Series(values, index=X.index, name=X.name)
        if isinstance(X, pd.DataFrame):
            return pd.DataFrame(values, index=X.index, columns=X.columns)
        return values
