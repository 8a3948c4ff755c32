"""Features for forecasting with regressors: lags, rolling-window statistics, calendar, Fourier.

Every transformer takes a ``pd.Series`` on a time (or Range) index and returns a ``pd.DataFrame`` on
the same index, one row per time step. Lag and rolling features at time ``t`` only use values up to
``t - 1``, so they never leak the target; their first rows are NaN where the history is too short.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin

from ..registry import component
from .forecaster import is_whole


def _series(X: Any) -> pd.Series:
    if isinstance(X, pd.DataFrame) and X.shape[1] == 1:
        X = X.iloc[:, 0]
    if not isinstance(X, pd.Series):
        raise ValueError(f"expected a pd.Series indexed by time, got {type(X).__name__}")
    if len(X) == 0:
        raise ValueError("cannot make features from an empty series")
    if not X.index.is_monotonic_increasing:
        raise ValueError("the series' index is not in increasing order: sort it first")
    return X.astype(float)


def _positive_ints(name: str, values: Sequence[int]) -> list[int]:
    values = list(values)
    if not values or not all(is_whole(v) for v in values):
        raise ValueError(f"{name} must be a non-empty list of positive integers, got {values!r}")
    return values


class _Stateless(BaseEstimator, TransformerMixin):
    def fit(self, X: Any, y: Any = None) -> "_Stateless":
        self.transform(X)  # validates the parameters and the input
        return self


@component(name="lag-features", tasks=("forecasting",), category="feature")
class LagFeatures(_Stateless):
    """Columns ``lag_k = y_(t-k)`` for each ``k`` in ``lags``.

    ## When to use
    The core input of any regressor used as a forecaster: yesterday, last week, last year's value.

    ## Example
    ```python
    import pandas as pd
    from mlops_components.atoms.ts_features import LagFeatures

    LagFeatures(lags=(1, 2)).fit_transform(pd.Series([1.0, 2.0, 3.0]))
    #    lag_1  lag_2
    # 0   NaN    NaN
    # 1   1.0    NaN
    # 2   2.0    1.0
    ```
    """

    def __init__(self, lags: Sequence[int] = (1,)):
        self.lags = lags

    def transform(self, X: Any) -> pd.DataFrame:
        y = _series(X)
        return pd.DataFrame({f"lag_{k}": y.shift(k) for k in _positive_ints("lags", self.lags)})


_STATS = ("mean", "std", "min", "max")


@component(name="rolling-features", tasks=("forecasting",), category="feature")
class RollingFeatures(_Stateless):
    """Rolling-window statistics of the past: ``roll_<w>_<stat>`` over ``y_(t-w) .. y_(t-1)``.

    ``stats`` are taken from mean, std, min and max. A window is only computed once it is full.

    ## When to use
    To give a regressor the recent level and volatility of the series.

    ## Example
    ```python
    import pandas as pd
    from mlops_components.atoms.ts_features import RollingFeatures

    RollingFeatures(windows=(2,), stats=("mean",)).fit_transform(pd.Series([1.0, 3.0, 5.0, 7.0]))
    # roll_2_mean: NaN, NaN, 2.0, 4.0
    ```
    """

    def __init__(self, windows: Sequence[int] = (3,), stats: Sequence[str] = ("mean",)):
        self.windows = windows
        self.stats = stats

    def transform(self, X: Any) -> pd.DataFrame:
        y = _series(X)
        unknown = [s for s in self.stats if s not in _STATS]
        if unknown or not list(self.stats):
            raise ValueError(f"stats must be among {', '.join(_STATS)}, got {list(self.stats)!r}")
        past = y.shift(1)
        columns = {}
        for w in _positive_ints("windows", self.windows):
            roll = past.rolling(w, min_periods=w)
            for stat in self.stats:
                columns[f"roll_{w}_{stat}"] = getattr(roll, stat)()
        return pd.DataFrame(columns, index=y.index)


_CALENDAR = ("month", "quarter", "dayofweek", "dayofyear", "hour", "weekofyear")


@component(name="calendar-features", tasks=("forecasting",), category="feature")
class CalendarFeatures(_Stateless):
    """Calendar columns of each timestamp: month, quarter, day of week or year, hour, ISO week.

    Needs a DatetimeIndex; values are integers (month 1-12, day of week 0 = Monday, ...).

    ## When to use
    Seasonality that follows the calendar (weekends, holidays months) for tree-based regressors.

    ## Example
    ```python
    import pandas as pd
    from mlops_components.atoms.ts_features import CalendarFeatures

    idx = pd.date_range("2024-01-31", periods=2, freq="D")
    CalendarFeatures(("month", "dayofweek")).fit_transform(pd.Series([1.0, 2.0], index=idx))
    # month 1, 2; dayofweek 2, 3
    ```
    """

    def __init__(self, features: Sequence[str] = ("month",)):
        self.features = features

    def transform(self, X: Any) -> pd.DataFrame:
        y = _series(X)
        if not isinstance(y.index, pd.DatetimeIndex):
            raise ValueError("calendar features need a DatetimeIndex")
        unknown = [f for f in self.features if f not in _CALENDAR]
        if unknown or not list(self.features):
            known = ", ".join(_CALENDAR)
            raise ValueError(f"features must be among {known}, got {list(self.features)!r}")
        idx = y.index
        columns = {}
        for name in self.features:
            if name == "weekofyear":
                columns[name] = idx.isocalendar().week.to_numpy(dtype=int)
            else:
                columns[name] = np.asarray(getattr(idx, name), dtype=int)
        return pd.DataFrame(columns, index=idx)


@component(name="fourier-features", tasks=("forecasting",), category="feature")
class FourierFeatures(_Stateless):
    """Sine and cosine terms ``sin(2 pi k t / period)``, ``cos(...)`` for ``k = 1..order``.

    ``t`` counts periods of the index's frequency (for a RangeIndex, the index value), from a fixed
    origin, so training and future rows get consistent phases.

    ## When to use
    Smooth seasonality with few columns, especially long periods (52 weeks, 24*7 hours) where
    one-hot calendar columns would be too many.

    ## Example
    ```python
    import pandas as pd
    from mlops_components.atoms.ts_features import FourierFeatures

    FourierFeatures(period=4, order=1).fit_transform(pd.Series([0.0] * 4))
    # sin_4_1: 0, 1, 0, -1;  cos_4_1: 1, 0, -1, 0
    ```
    """

    def __init__(self, period: float = 12, order: int = 1):
        self.period = period
        self.order = order

    def transform(self, X: Any) -> pd.DataFrame:
        y = _series(X)
        if not np.isscalar(self.period) or not self.period > 1:
            raise ValueError(f"period must be a number of steps above 1, got {self.period!r}")
        (order,) = _positive_ints("order", [self.order])
        t = np.mod(_positions(y.index), self.period)  # same angles, without float drift for large t
        columns = {}
        for k in range(1, order + 1):
            angle = 2 * np.pi * k * t / self.period
            columns[f"sin_{self.period}_{k}"] = np.sin(angle)
            columns[f"cos_{self.period}_{k}"] = np.cos(angle)
        return pd.DataFrame(columns, index=y.index).round(12)


def _positions(index: pd.Index) -> np.ndarray:
    if isinstance(index, pd.DatetimeIndex):
        freq = index.freq or (pd.infer_freq(index) if len(index) >= 3 else None)
        if freq is None:
            raise ValueError("Fourier features need a regular DatetimeIndex (with a frequency)")
        periods = pd.DatetimeIndex(index, freq=freq).to_period()
        return (periods.asi8 // max(periods.freq.n, 1)).astype(float)
    if pd.api.types.is_integer_dtype(index.dtype):
        return index.to_numpy(dtype=float)
    kind = type(index).__name__
    raise ValueError(f"Fourier features need a DatetimeIndex or an integer index, got {kind}")
