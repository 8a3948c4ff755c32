"""Time-aware splits: a hold-out of the last points, and rolling-origin folds for backtesting."""

from __future__ import annotations

from typing import Any, Iterator

import numpy as np
import pandas as pd

from ..registry import component
from .forecaster import check_positive_int


@component(name="temporal-train-test-split", tasks=("forecasting",), category="split")
def temporal_train_test_split(y: Any, test_size: int) -> tuple[Any, Any]:
    """Split a series (or frame) in time: all but the last ``test_size`` points, and those points.

    Never shuffles: the test set is always the most recent data, as when the model is used.

    ## When to use
    A single hold-out evaluation, e.g. the last 12 months of a monthly series.

    ## Example
    ```python
    import pandas as pd
    from mlops_components.atoms.time_split import temporal_train_test_split

    train, test = temporal_train_test_split(pd.Series(range(10)), test_size=3)  # 7 and 3 points
    ```
    """
    n = len(y)
    check_positive_int("test_size", test_size)
    if test_size >= n:
        raise ValueError(f"test_size {test_size} leaves no training data in a series of {n} points")
    if isinstance(y, (pd.Series, pd.DataFrame)):
        if not y.index.is_monotonic_increasing:
            raise ValueError("the index is not in increasing order: sort by time before splitting")
        return y.iloc[: n - test_size], y.iloc[n - test_size :]
    arr = np.asarray(y)
    return arr[: n - test_size], arr[n - test_size :]


@component(name="rolling-origin-split", tasks=("forecasting",), category="split")
class RollingOriginSplit:
    """Rolling-origin (expanding window) folds: fit on data up to an origin, test what follows.

    The last fold tests the final ``horizon`` points; earlier origins step back by ``step`` points
    (default ``horizon``), so test windows never overlap when ``step >= horizon``. Yields
    ``(train_positions, test_positions)`` integer arrays, oldest fold first, like sklearn's
    ``TimeSeriesSplit`` but anchored at the end of the series with a fixed horizon.

    ## When to use
    Backtesting a forecaster the way it will be used: fit on the past, predict the future, repeat.

    ## Example
    ```python
    from mlops_components.atoms.time_split import RollingOriginSplit

    for train, test in RollingOriginSplit(n_folds=3, horizon=12).split(range(144)):
        print(train[-1], test)  # origins 107, 119, 131; tests 108-119, 120-131, 132-143
    ```
    """

    def __init__(
        self, n_folds: int = 3, horizon: int = 1, step: int | None = None, min_train_size: int = 1
    ):
        self.n_folds = n_folds
        self.horizon = horizon
        self.step = step
        self.min_train_size = min_train_size

    def get_n_splits(self, y: Any = None) -> int:
        return self.n_folds

    def split(self, y: Any) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        for name in ("n_folds", "horizon", "min_train_size"):
            check_positive_int(name, getattr(self, name))
        step = check_positive_int("step", self.horizon if self.step is None else self.step)
        n = len(y)
        first_origin = n - self.horizon - (self.n_folds - 1) * step
        if first_origin < self.min_train_size:
            raise ValueError(
                f"{self.n_folds} folds of horizon {self.horizon} (step {step}) need at least "
                f"{self.min_train_size + self.horizon + (self.n_folds - 1) * step} points, got {n}"
            )
        for k in range(self.n_folds):
            origin = first_origin + k * step
            yield np.arange(origin), np.arange(origin, origin + self.horizon)
