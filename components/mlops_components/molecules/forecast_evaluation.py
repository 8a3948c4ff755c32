"""Rolling-origin evaluation of one forecaster: fit on the past, score the next horizon, repeat."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from sklearn.base import clone

from ..atoms.forecast_metrics import mae, mase, rmse, smape
from ..atoms.forecaster import Forecaster, check_series
from ..atoms.time_split import RollingOriginSplit
from ..registry import component

METRICS = ("mae", "rmse", "smape", "mase")


@dataclass
class RollingOriginScores:
    """Per-fold errors (``folds``: one row per origin) and each fold's forecast."""

    folds: pd.DataFrame
    forecasts: list[pd.Series]

    @property
    def mean(self) -> dict[str, float]:
        """Each metric averaged over the folds."""
        return {m: float(self.folds[m].mean()) for m in METRICS}


@component(
    name="rolling-origin-evaluation",
    tasks=("forecasting",),
    category="metric",
    built_from=("rolling-origin-split", "mae", "rmse", "smape", "mase"),
)
def evaluate_forecaster(
    forecaster: Forecaster,
    y: Any,
    horizon: int,
    *,
    season: int = 1,
    n_folds: int = 3,
    step: int | None = None,
) -> RollingOriginScores:
    """Score a forecaster by rolling-origin validation: MAE, RMSE, sMAPE and MASE for every fold.

    For each of ``n_folds`` origins (the last fold ends at the end of ``y``; earlier ones step back
    by ``step``, default ``horizon``), a fresh clone of ``forecaster`` is fitted on all data up to
    the origin and predicts the next ``horizon`` points. MASE is scaled by the seasonal naive
    in-sample error of that fold's training data, with period ``season``. The forecaster passed in
    stays unfitted.

    ## When to use
    Whenever a forecaster is compared or tuned: it is the time-aware replacement for
    cross-validation, used by the backtest and AutoML organisms.

    ## Example
    ```python
    from mlops_components.atoms.forecast_baselines import SeasonalNaive
    from mlops_components.atoms.loaders_csv import load_series_csv
    from mlops_components.molecules.forecast_evaluation import evaluate_forecaster

    y = load_series_csv("data/forecasting/airline.csv")
    scores = evaluate_forecaster(SeasonalNaive(12), y, horizon=12, season=12, n_folds=3)
    scores.folds      # origin, train_size, mae, rmse, smape, mase for 1958, 1959, 1960
    scores.mean["mase"]
    ```
    """
    if not isinstance(forecaster, Forecaster):
        kind = type(forecaster).__name__
        raise ValueError(f"expected a Forecaster (fit(y), predict(horizon)), got {kind}")
    y = check_series(y)
    splitter = RollingOriginSplit(
        n_folds=n_folds, horizon=horizon, step=step, min_train_size=season + 1
    )
    rows, forecasts = [], []
    for k, (train_pos, test_pos) in enumerate(splitter.split(y)):
        train, test = y.iloc[train_pos], y.iloc[test_pos]
        pred = clone(forecaster).fit(train).predict(horizon)
        rows.append(
            {
                "fold": k,
                "origin": train.index[-1],
                "train_size": len(train),
                "mae": mae(test, pred),
                "rmse": rmse(test, pred),
                "smape": smape(test, pred),
                "mase": mase(test, pred, train, season),
            }
        )
        forecasts.append(pred)
    return RollingOriginScores(pd.DataFrame(rows), forecasts)
