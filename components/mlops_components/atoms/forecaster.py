"""The interface every forecaster shares, and the input checks that go with it.

A forecaster is fitted on one univariate series and predicts the next ``horizon`` periods::

    model.fit(y)              # y: pd.Series on a regular DatetimeIndex or a RangeIndex
    model.predict(12)         # pd.Series indexed by the 12 periods after y's last timestamp

:class:`Forecaster` checks the input once (empty, NaNs, unsorted, duplicated or irregular
timestamps, a horizon longer than the history) so each model only implements ``_fit`` and
``_predict``.
It is the shared base class, not a catalogued component.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator

from ._series_checks import check_fitted


def check_series(y: Any, name: str = "y") -> pd.Series:
    """Return ``y`` as a float Series on a regular DatetimeIndex (``freq`` set) or a RangeIndex.

    Raises a ValueError naming the problem for: an empty series, missing or infinite values, a
    non-numeric series, timestamps that are duplicated, not increasing or not equally spaced.
    Plain arrays and lists get a RangeIndex; a PeriodIndex is converted to timestamps.
    """
    if isinstance(y, pd.DataFrame):
        if y.shape[1] != 1:
            raise ValueError(f"{name} must be one series, got a DataFrame of {y.shape[1]} columns")
        y = y.iloc[:, 0]
    if not isinstance(y, pd.Series):
        arr = np.asarray(y)
        if arr.ndim != 1:
            raise ValueError(f"{name} must be one-dimensional, got shape {arr.shape}")
        y = pd.Series(arr)
    if len(y) == 0:
        raise ValueError(f"{name} is empty: a forecaster needs at least one observation")
    if not pd.api.types.is_numeric_dtype(y.dtype) or pd.api.types.is_bool_dtype(y.dtype):
        raise ValueError(f"{name} must be numeric, got dtype {y.dtype}")
    values = y.to_numpy(dtype=float)
    if np.isnan(values).any():
        where = list(y.index[np.isnan(values)][:3])
        raise ValueError(
            f"{name} has {int(np.isnan(values).sum())} missing values (first at {where}); "
            "fill them first, e.g. with the imputer atom"
        )
    if np.isinf(values).any():
        raise ValueError(f"{name} has infinite values")
    return pd.Series(values, index=_regular_index(y.index, name), name=y.name)


def _regular_index(index: pd.Index, name: str) -> pd.Index:
    if isinstance(index, pd.PeriodIndex):
        index = index.to_timestamp()
    if isinstance(index, pd.DatetimeIndex):
        if index.has_duplicates:
            dups = list(index[index.duplicated()][:3])
            raise ValueError(f"{name} has duplicate timestamps, e.g. {dups}")
        if not index.is_monotonic_increasing:
            raise ValueError(f"{name}'s timestamps are not in increasing order: sort them first")
        freq = index.freq or (pd.infer_freq(index) if len(index) >= 3 else None)
        if freq is None:
            if len(index) < 3:
                raise ValueError(
                    f"{name} has too few timestamps to tell its frequency: set index.freq "
                    "(e.g. y.asfreq('MS')) or use a RangeIndex"
                )
            raise ValueError(
                f"{name}'s timestamps are not equally spaced (irregular frequency): resample it "
                "to a regular frequency first, e.g. y.resample('D').mean() then impute"
            )
        return pd.DatetimeIndex(index, freq=freq)
    if isinstance(index, pd.RangeIndex):
        if index.step <= 0:
            raise ValueError(f"{name}'s index must increase")
        return index
    if pd.api.types.is_integer_dtype(index.dtype):
        if index.has_duplicates:
            raise ValueError(f"{name} has duplicate index values")
        steps = np.diff(index.to_numpy())
        if len(steps) and (steps <= 0).any():
            raise ValueError(f"{name}'s index is not in increasing order: sort the series first")
        if len(steps) and (steps != steps[0]).any():
            raise ValueError(f"{name}'s integer index is not equally spaced (irregular frequency)")
        step = int(steps[0]) if len(steps) else 1
        return pd.RangeIndex(int(index[0]), int(index[-1]) + step, step)
    raise ValueError(
        f"{name} must be indexed by timestamps (DatetimeIndex) or positions (RangeIndex), "
        f"got {type(index).__name__}"
    )


def is_whole(value: Any, minimum: int = 1) -> bool:
    """True if ``value`` is an integer (not a bool) of at least ``minimum``."""
    return (
        isinstance(value, (int, np.integer))
        and not isinstance(value, (bool, np.bool_))
        and value >= minimum
    )


def check_positive_int(name: str, value: Any) -> int:
    """Return ``value`` as an int, or raise a ValueError naming the parameter if it is not >= 1."""
    if not is_whole(value):
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def future_index(index: pd.Index, horizon: int) -> pd.Index:
    """The ``horizon`` periods that follow a regular index returned by :func:`check_series`."""
    if isinstance(index, pd.DatetimeIndex):
        return pd.date_range(index[-1] + index.freq, periods=horizon, freq=index.freq)
    step = index.step
    start = index[-1] + step
    return pd.RangeIndex(start, start + horizon * step, step)


def check_horizon(horizon: Any, n_history: int) -> int:
    """Return ``horizon`` as an int, or raise if it is not positive or longer than the history."""
    if not is_whole(horizon):
        raise ValueError(f"horizon must be a positive integer (at least 1), got {horizon!r}")
    if horizon > n_history:
        raise ValueError(
            f"horizon {horizon} is longer than the history the model was fitted on ({n_history} "
            "points): forecasting further ahead than the data reaches back is not supported"
        )
    return int(horizon)


class Forecaster(BaseEstimator):
    """Base class: ``fit(y, X=None) -> self`` and ``predict(horizon) -> pd.Series``.

    Subclasses implement ``_fit(y: pd.Series)`` (``y`` already checked) and
    ``_predict(horizon: int) -> array`` (``horizon`` already checked). After ``fit`` the checked
    training series is ``self.y_``. Exogenous ``X`` is accepted for sklearn compatibility and
    ignored unless a subclass uses it.
    """

    def fit(self, y: Any, X: Any = None) -> "Forecaster":
        y = check_series(y)
        self._fit(y)
        self.y_ = y
        return self

    def predict(self, horizon: int) -> pd.Series:
        check_fitted(self, "y_", "fit(y)")
        horizon = check_horizon(horizon, len(self.y_))
        values = np.asarray(self._predict(horizon), dtype=float)
        name = type(self).__name__
        if values.shape != (horizon,):
            raise RuntimeError(f"{name} returned {values.shape} values, not {horizon}")
        if not np.isfinite(values).all():
            raise RuntimeError(f"{name} produced missing or infinite forecasts (a diverged fit?)")
        return pd.Series(values, index=future_index(self.y_.index, horizon), name=self.y_.name)

    def _fit(self, y: pd.Series) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def _predict(self, horizon: int) -> np.ndarray:  # pragma: no cover - interface
        raise NotImplementedError
