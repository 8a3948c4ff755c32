"""Point-forecast error metrics, as defined for the M4 competition (Makridakis et al., 2020).

All take array-likes and return a float; lower is better. They refuse empty inputs, inputs of
different lengths and missing values with a ValueError.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..registry import component
from .forecaster import check_positive_int


def _as_arrays(**named: Any) -> list[np.ndarray]:
    arrays = []
    for name, values in named.items():
        arr = np.asarray(values, dtype=float).ravel()
        if arr.size == 0:
            raise ValueError(f"{name} is empty")
        if not np.isfinite(arr).all():
            raise ValueError(f"{name} has missing or infinite values")
        arrays.append(arr)
    return arrays


def _pair(y_true: Any, y_pred: Any) -> tuple[np.ndarray, np.ndarray]:
    true, pred = _as_arrays(y_true=y_true, y_pred=y_pred)
    if true.shape != pred.shape:
        raise ValueError(f"y_true has {true.size} values but y_pred has {pred.size}")
    return true, pred


def _seasonal_scale(y_train: Any, season: int) -> float:
    (train,) = _as_arrays(y_train=y_train)
    check_positive_int("season", season)
    if train.size <= season:
        raise ValueError(
            f"MASE needs more than one season of training data: got {train.size} points "
            f"for season {season}"
        )
    scale = float(np.mean(np.abs(train[season:] - train[:-season])))
    if scale == 0:
        raise ValueError(
            "MASE is undefined: the training series is constant (or exactly periodic with this "
            "season), so the seasonal naive in-sample error it divides by is 0"
        )
    return scale


@component(name="mae", tasks=("forecasting",), category="metric")
def mae(y_true: Any, y_pred: Any) -> float:
    """Mean absolute error: the average size of the forecast errors, in the series' units.

    ## When to use
    To compare forecasts of one series; it is not comparable across series of different scales.

    ## Example
    ```python
    from mlops_components.atoms.forecast_metrics import mae

    mae([1, 2, 3], [2, 2, 5])  # (1 + 0 + 2) / 3 = 1.0
    ```
    """
    true, pred = _pair(y_true, y_pred)
    return float(np.mean(np.abs(true - pred)))


@component(name="rmse", tasks=("forecasting",), category="metric")
def rmse(y_true: Any, y_pred: Any) -> float:
    """Root mean squared error: like MAE but weighs large errors more.

    ## When to use
    When a few big misses cost more than many small ones; in the series' units.

    ## Example
    ```python
    from mlops_components.atoms.forecast_metrics import rmse

    rmse([0, 0], [3, 4])  # sqrt((9 + 16) / 2) = 3.5355...
    ```
    """
    true, pred = _pair(y_true, y_pred)
    return float(np.sqrt(np.mean((true - pred) ** 2)))


@component(name="smape", tasks=("forecasting",), category="metric")
def smape(y_true: Any, y_pred: Any) -> float:
    """Symmetric mean absolute percentage error in percent (0 to 200), as in the M4 competition.

    ``sMAPE = 200 / h * sum(|y - f| / (|y| + |f|))``. A step where both the actual and the forecast
    are 0 counts as a perfect forecast (error 0).

    ## When to use
    To compare accuracy across series of different scales; one half of the M4 OWA.

    ## Example
    ```python
    from mlops_components.atoms.forecast_metrics import smape

    smape([100, 200], [110, 180])  # 100 * (10/210 + 20/380) = 10.025...
    ```
    """
    true, pred = _pair(y_true, y_pred)
    denom = np.abs(true) + np.abs(pred)
    ratio = np.divide(np.abs(true - pred), denom, out=np.zeros_like(denom), where=denom > 0)
    return float(200.0 * np.mean(ratio))


@component(name="mase", tasks=("forecasting",), category="metric")
def mase(y_true: Any, y_pred: Any, y_train: Any, season: int = 1) -> float:
    """Mean absolute scaled error: MAE divided by the in-sample MAE of the seasonal naive forecast.

    ``MASE = mean|y - f| / mean(|y_t - y_(t-season)|)`` over the training series. Below 1 means the
    forecast beats seasonal naive's one-step in-sample error.

    ## When to use
    The scale-free error of choice (M4); with ``season`` the seasonal period of the data.
    It raises a ValueError when the training series has no seasonal variation (scale 0).

    ## Example
    ```python
    from mlops_components.atoms.forecast_metrics import mase

    mase([5, 6], [4, 8], y_train=[1, 2, 4, 5], season=1)  # 1.5 / ((1 + 2 + 1) / 3) = 1.125
    ```
    """
    return mae(y_true, y_pred) / _seasonal_scale(y_train, season)


@component(name="owa", tasks=("forecasting",), category="metric")
def owa(y_true: Any, y_pred: Any, y_train: Any, season: int, y_naive2: Any) -> float:
    """Overall weighted average of the M4 competition: sMAPE and MASE relative to Naive2's.

    ``OWA = (sMAPE / sMAPE_naive2 + MASE / MASE_naive2) / 2``; below 1 beats Naive2. ``y_naive2`` is
    the Naive2 forecast of the same horizon (the ``naive2`` molecule makes it).

    ## When to use
    To report accuracy the way M4 ranked methods. It raises a ValueError if Naive2 is exact (its
    errors are 0 and the ratios undefined).

    ## Example
    ```python
    from mlops_components.atoms.forecast_metrics import owa

    owa([10, 10], [10, 12], y_train=[8, 9, 10, 11], season=1, y_naive2=[12, 12])  # 0.5
    ```
    """
    true, naive2 = _pair(y_true, y_naive2)
    base_smape, base_mase = smape(true, naive2), mase(true, naive2, y_train, season)
    if base_smape == 0 or base_mase == 0:
        raise ValueError("OWA is undefined: the Naive2 forecast has zero error on y_true")
    relative_mase = mase(true, y_pred, y_train, season) / base_mase
    return 0.5 * (smape(true, y_pred) / base_smape + relative_mase)
