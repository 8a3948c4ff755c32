"""Fill missing values in a time series without looking further ahead than the method needs."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin

from ._series_checks import check_choice, check_fitted
from ..registry import component

_METHODS = ("ffill", "linear", "mean")


@component(name="imputer", tasks=("forecasting",), category="preprocessing")
class TimeSeriesImputer(BaseEstimator, TransformerMixin):
    """Fill gaps in a series or in each column of a frame: forward fill, interpolation or the mean.

    - ``"ffill"``: carry the last observation forward (causal: uses only the past). Leading gaps
      take the first observed value.
    - ``"linear"``: interpolate in time between the neighbours of each gap (uses the next
      observation, so only for offline cleaning); leading/trailing gaps take the nearest value.
    - ``"mean"``: the mean seen by ``fit`` (so a test set is filled with the training mean).

    A column with no observed value at all is refused.

    ## When to use
    Before any forecaster, which refuses missing values; after resampling an irregular series.

    ## Example
    ```python
    import numpy as np
    import pandas as pd
    from mlops_components.atoms.imputation import TimeSeriesImputer

    TimeSeriesImputer("linear").fit_transform(pd.Series([1.0, np.nan, 3.0]))  # 1, 2, 3
    ```
    """

    def __init__(self, method: str = "ffill"):
        self.method = method

    def fit(self, X: Any, y: Any = None) -> "TimeSeriesImputer":
        check_choice("method", self.method, _METHODS)
        frame = self._frame(X)
        empty = [c for c in frame.columns if frame[c].isna().all()]
        if empty:
            raise ValueError(f"column(s) {empty} have no observed values to impute from")
        self.means_ = frame.mean().to_numpy()
        return self

    def transform(self, X: Any) -> Any:
        check_fitted(self, "means_")
        frame = self._frame(X)
        if frame.shape[1] != len(self.means_):
            raise ValueError(f"fitted on {len(self.means_)} columns, got {frame.shape[1]}")
        if self.method == "mean":
            filled = frame.fillna(pd.Series(self.means_, index=frame.columns))
        elif self.method == "ffill":
            filled = frame.ffill().bfill()
        else:
            how = "time" if isinstance(frame.index, pd.DatetimeIndex) else "linear"
            filled = frame.interpolate(method=how, limit_direction="both")
        filled = filled.fillna(pd.Series(self.means_, index=frame.columns))  # all-NaN test columns
        if isinstance(X, pd.Series):
            return filled.iloc[:, 0].rename(X.name)
        if isinstance(X, pd.DataFrame):
            return filled
        return filled.to_numpy().reshape(np.shape(X))

    @staticmethod
    def _frame(X: Any) -> pd.DataFrame:
        if isinstance(X, pd.Series):
            frame = X.to_frame()
        elif isinstance(X, pd.DataFrame):
            frame = X
        else:
            arr = np.asarray(X, dtype=float)
            frame = pd.DataFrame(arr.reshape(len(arr), -1))
        if len(frame) == 0:
            raise ValueError("cannot impute an empty series")
        if not all(pd.api.types.is_numeric_dtype(t) for t in frame.dtypes):
            raise ValueError("the imputer needs numeric values")
        if isinstance(frame.index, pd.DatetimeIndex) and not frame.index.is_monotonic_increasing:
            raise ValueError("timestamps are not in increasing order: sort the series first")
        return frame.astype(float)
