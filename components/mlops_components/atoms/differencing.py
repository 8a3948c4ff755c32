"""Differencing and seasonal differencing with the inverse that turns forecasts back."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin

from ._series_checks import check_fitted
from ..registry import component
from .forecaster import check_positive_int, check_series, future_index


@component(name="differencer", tasks=("forecasting",), category="preprocessing")
class Differencer(BaseEstimator, TransformerMixin):
    """``z_t = y_t - y_(t-lag)``: lag 1 removes a trend, lag = season (e.g. 12) a seasonal pattern.

    ``transform(y)`` drops the first ``lag`` points (they have nothing to subtract).
    ``inverse_transform(z)`` integrates differences back to levels: if ``z`` covers the periods
    right after the fitted series (a forecast), it starts from the fitted series' last ``lag``
    values; if ``z`` is ``transform`` of the fitted series, it rebuilds that series exactly.
    Chain two (lag 12 then lag 1) for seasonal plus ordinary differencing.

    ## When to use
    To make a trending or seasonal series stationary before a model that cannot extrapolate levels
    (tree ensembles, ARMA), then to bring its forecasts back to the original scale.

    ## Example
    ```python
    import pandas as pd
    from mlops_components.atoms.differencing import Differencer

    y = pd.Series([1.0, 3.0, 6.0, 10.0])
    d = Differencer(lag=1).fit(y)
    d.transform(y)                                         # 2, 3, 4 at positions 1..3
    d.inverse_transform(pd.Series([5.0, 6.0], index=[4, 5]))  # 15, 21
    ```
    """

    def __init__(self, lag: int = 1):
        self.lag = lag

    def fit(self, y: Any, X: Any = None) -> "Differencer":
        check_positive_int("lag", self.lag)
        self.y_ = self._long_enough(check_series(y))
        return self

    def transform(self, y: Any) -> pd.Series:
        self._check_fitted()
        y = self._long_enough(check_series(y))
        return (y - y.shift(self.lag)).iloc[self.lag :]

    def inverse_transform(self, z: Any) -> pd.Series:
        self._check_fitted()
        z = check_series(z, name="the differences")
        fitted = self.y_
        if z.index.equals(fitted.index[self.lag :]):
            start = fitted.to_numpy()[: self.lag]
        elif z.index[0] == future_index(fitted.index, 1)[0]:
            start = fitted.to_numpy()[-self.lag :]
        else:
            raise ValueError(
                "inverse_transform needs the differences of the fitted series, or values for the "
                f"periods right after it (starting at {future_index(fitted.index, 1)[0]}), "
                f"got values starting at {z.index[0]}"
            )
        levels = np.concatenate([start, np.zeros(len(z))])
        diffs = z.to_numpy()
        for i in range(len(z)):
            levels[self.lag + i] = levels[i] + diffs[i]
        return pd.Series(levels[self.lag :], index=z.index, name=fitted.name)

    def _long_enough(self, y: pd.Series) -> pd.Series:
        if len(y) <= self.lag:
            raise ValueError(
                f"differencing at lag {self.lag} needs more than {self.lag} points, got {len(y)}"
            )
        return y

    def _check_fitted(self) -> None:
        check_fitted(self, "y_", "fit(y)")
