"""Exponential smoothing (Holt-Winters / ETS) forecaster on statsmodels."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from statsmodels.tsa.holtwinters import ExponentialSmoothing

from ..atoms.forecaster import Forecaster
from ..atoms.log_transform import LogTransformer
from ..registry import component

_COMPONENTS = (None, "add", "mul")


@component(
    name="exponential-smoothing",
    tasks=("forecasting",),
    category="model",
    built_from=("log-transform",),
)
class ExponentialSmoothingForecaster(Forecaster):
    """Exponential smoothing with an optional (damped) trend and additive or multiplicative season.

    Wraps statsmodels' Holt-Winters ``ExponentialSmoothing`` with parameters estimated by maximum
    likelihood. ``trend`` and ``seasonal`` are ``None``, ``"add"`` or ``"mul"``; ``damped`` damps
    the trend; ``log=True`` fits on ``log(y)`` (the log-transform atom) and exponentiates the
    forecast. A seasonal model needs at least two full seasons.

    ## When to use
    The first model to try on a series with level, trend and stable seasonality (retail, traffic,
    demand). Fast, robust, strong in the M competitions.

    ## Example
    ```python
    from mlops_components.atoms.loaders_csv import load_series_csv
    from mlops_components.molecules.ets import ExponentialSmoothingForecaster

    y = load_series_csv("data/forecasting/airline.csv")
    model = ExponentialSmoothingForecaster(trend="add", seasonal="mul", season=12)
    model.fit(y.iloc[:-12]).predict(12)
    ```

    ## Figures
    AirPassengers, trained on 1949-1959, forecasting 1960 (12 months), ``trend="add",
    seasonal="mul"``: MASE 0.3383, sMAPE 2.16, OWA 0.307, against seasonal naive's MASE 1.5709 and
    sMAPE 10.57. Backtested over 1958, 1959 and 1960 (3 rolling origins): mean MASE 0.5182 against
    seasonal naive's 1.2130. Recorded in `docs/figures/forecasting.json`.
    """

    def __init__(
        self,
        trend: str | None = "add",
        damped: bool = False,
        seasonal: str | None = "add",
        season: int = 12,
        log: bool = False,
    ):
        self.trend = trend
        self.damped = damped
        self.seasonal = seasonal
        self.season = season
        self.log = log

    def _fit(self, y: pd.Series) -> None:
        if self.trend not in _COMPONENTS or self.seasonal not in _COMPONENTS:
            raise ValueError(
                "trend and seasonal must be None, 'add' or 'mul', "
                f"got {self.trend!r} and {self.seasonal!r}"
            )
        if self.damped and self.trend is None:
            raise ValueError("damped=True needs a trend")
        if self.seasonal is not None and len(y) < 2 * self.season:
            raise ValueError(
                f"a seasonal model needs two full seasons ({2 * self.season} points), got {len(y)}"
            )
        if "mul" in (self.trend, self.seasonal) and (y <= 0).any():
            raise ValueError("multiplicative trend or seasonality needs strictly positive values")
        self.log_ = LogTransformer().fit(y) if self.log else None
        values = self.log_.transform(y.to_numpy()) if self.log_ else y.to_numpy()
        model = ExponentialSmoothing(
            values,
            trend=self.trend,
            damped_trend=self.damped,
            seasonal=self.seasonal,
            seasonal_periods=self.season if self.seasonal else None,
            initialization_method="estimated",
        )
        with warnings.catch_warnings():
            # statsmodels' convergence chatter: a poor fit shows up in validation instead
            warnings.simplefilter("ignore")
            self.result_ = model.fit(optimized=True)

    def _predict(self, horizon: int) -> np.ndarray:
        forecast = np.asarray(self.result_.forecast(horizon), dtype=float)
        return self.log_.inverse_transform(forecast) if self.log_ else forecast
