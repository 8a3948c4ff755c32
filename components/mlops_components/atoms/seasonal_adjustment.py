"""Classical multiplicative seasonal adjustment with the M4 seasonality test (Naive2, Theta)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from statsmodels.tsa.seasonal import seasonal_decompose
from statsmodels.tsa.stattools import acf

from ._series_checks import check_fitted
from ..registry import component
from .forecaster import check_positive_int, check_series, future_index


def is_seasonal(y: Any, season: int) -> bool:
    """The M4 test: is the autocorrelation at lag ``season`` significant (90 %, one-sided)?

    ``|r_m| > 1.645 * sqrt((1 + 2 * sum_{k<m} r_k^2) / n)``; needs at least 3 seasons of data.
    """
    values = np.asarray(y, dtype=float)
    if season <= 1 or len(values) < 3 * season:
        return False
    r = acf(values, nlags=season, fft=False)[1:]
    limit = 1.645 * np.sqrt((1 + 2 * np.sum(r[: season - 1] ** 2)) / len(values))
    return bool(abs(r[season - 1]) > limit)


@component(
    name="seasonal-adjustment", tasks=("forecasting",), category="preprocessing"
)
class SeasonalAdjuster(BaseEstimator, TransformerMixin):
    """Divide out seasonal indices from a classical multiplicative decomposition, and put them back.

    ``fit`` tests for seasonality (the M4 autocorrelation test at lag ``season``, 90 %); if the
    series is seasonal it estimates one index per position in the season (centred moving average,
    indices averaging 1). ``transform`` divides by the indices, ``inverse_transform`` multiplies
    future or in-sample values by them. A non-seasonal series (or ``season <= 1``) is left
    unchanged.

    ## When to use
    Before methods without a seasonal component (naive, Theta, simple exponential smoothing),
    exactly as the M4 competition's benchmarks do. Needs strictly positive values when seasonal.

    ## Example
    ```python
    from mlops_components.atoms.loaders_csv import load_series_csv
    from mlops_components.atoms.seasonal_adjustment import SeasonalAdjuster

    y = load_series_csv("data/forecasting/airline.csv")
    adj = SeasonalAdjuster(season=12).fit(y)
    adj.seasonal_, adj.indices_.round(2)   # True, July about 1.23, November about 0.80
    ```
    """

    def __init__(self, season: int = 12, test: bool = True):
        self.season = season
        self.test = test

    def fit(self, y: Any, X: Any = None) -> "SeasonalAdjuster":
        season = check_positive_int("season", self.season)
        y = check_series(y)
        if self.test:
            self.seasonal_ = is_seasonal(y, season)
        else:
            self.seasonal_ = season > 1 and len(y) >= 2 * season
        if self.seasonal_:
            if (y <= 0).any():
                raise ValueError("multiplicative seasonal adjustment needs values above 0")
            decomposition = seasonal_decompose(y.to_numpy(), model="multiplicative", period=season)
            self.indices_ = np.asarray(decomposition.seasonal[: self.season], dtype=float)
        else:
            self.indices_ = np.ones(self.season)
        self.index_ = y.index
        return self

    def transform(self, y: Any) -> pd.Series:
        y = check_series(y)
        return y / self._factors(y.index)

    def inverse_transform(self, y: Any) -> pd.Series:
        y = check_series(y)
        return y * self._factors(y.index)

    def _factors(self, index: pd.Index) -> np.ndarray:
        """Seasonal index of each timestamp, by its position from the start of the fitted series."""
        check_fitted(self, "indices_", "fit(y)")
        span = self.index_.append(future_index(self.index_, len(index) + len(self.index_)))
        where = span.get_indexer(index)
        if (where < 0).any():
            raise ValueError("values must lie within, or follow, the series seen by fit")
        return self.indices_[where % self.season]
