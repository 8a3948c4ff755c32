"""Forecast combinations (the median or mean of several forecasters) and seasonal adjustment."""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd
from sklearn.base import clone

from ..atoms.forecaster import Forecaster
from ..atoms.seasonal_adjustment import SeasonalAdjuster
from ..registry import component


@component(
    name="seasonally-adjusted-forecaster",
    tasks=("forecasting",),
    category="model",
    built_from=("seasonal-adjustment",),
)
class SeasonallyAdjustedForecaster(Forecaster):
    """Forecast the seasonally adjusted series with ``forecaster``, then put the season back.

    The M4 benchmarks' recipe: the seasonal-adjustment atom divides out multiplicative seasonal
    indices when the M4 seasonality test passes at lag ``season``; ``forecaster`` (any
    non-seasonal forecaster, e.g. ETS with a damped trend, or ARIMA) models what is left. Series
    with values at or below 0 are modelled as they are. ``recent`` (optional) fits
    ``forecaster`` on only the last ``recent`` adjusted points, which bounds the cost of slow
    models on long series.

    ## When to use
    To give a non-seasonal model a seasonal series, cheaply and robustly.

    ## Example
    ```python
    from mlops_components.atoms.loaders_csv import load_series_csv
    from mlops_components.molecules.combination import SeasonallyAdjustedForecaster
    from mlops_components.molecules.ets import ExponentialSmoothingForecaster

    y = load_series_csv("data/forecasting/airline.csv")
    damped = ExponentialSmoothingForecaster(trend="add", damped=True, seasonal=None)
    SeasonallyAdjustedForecaster(damped, season=12).fit(y.iloc[:-12]).predict(12)
    ```
    """

    def __init__(self, forecaster: Forecaster, season: int = 1, recent: int | None = None):
        self.forecaster = forecaster
        self.season = season
        self.recent = recent

    def _fit(self, y: pd.Series) -> None:
        positive = bool((y > 0).all())
        self.adjuster_ = SeasonalAdjuster(season=self.season if positive else 1).fit(y)
        adjusted = self.adjuster_.transform(y)
        if self.recent is not None and len(adjusted) > self.recent:
            adjusted = adjusted.iloc[-int(self.recent):]
        self.model_ = clone(self.forecaster).fit(adjusted)

    def _predict(self, horizon: int) -> np.ndarray:
        return self.adjuster_.inverse_transform(self.model_.predict(horizon)).to_numpy()


@component(
    name="forecast-combination",
    tasks=("forecasting",),
    category="model",
)
class CombinationForecaster(Forecaster):
    """The median (or mean) of several forecasters' forecasts, point by point.

    ``fit`` fits a copy of each of ``forecasters``; ``predict`` combines their forecasts with
    ``how`` (``"median"`` or ``"mean"``). :meth:`from_fitted` builds one from members already
    fitted on the same series (what the AutoML organism does, at no extra cost).

    ## When to use
    When no single model is clearly best: the M3 and M4 competitions found that combinations of
    ETS, Theta and ARIMA beat picking one of them, because the errors of different families
    partly cancel and a combination is never as wrong as the worst member.

    ## Example
    ```python
    from mlops_components.atoms.loaders_csv import load_series_csv
    from mlops_components.molecules.combination import CombinationForecaster
    from mlops_components.molecules.ets import ExponentialSmoothingForecaster
    from mlops_components.molecules.theta import ThetaForecaster

    y = load_series_csv("data/forecasting/airline.csv")
    comb = CombinationForecaster([ExponentialSmoothingForecaster(trend="add", seasonal="mul"),
                                  ThetaForecaster(season=12)], how="mean")
    comb.fit(y.iloc[:-12]).predict(12)
    ```
    """

    def __init__(self, forecasters: Sequence[Forecaster] = (), how: str = "median"):
        self.forecasters = forecasters
        self.how = how

    def _check(self) -> None:
        if self.how not in ("median", "mean"):
            raise ValueError(f"how must be 'median' or 'mean', got {self.how!r}")
        if len(self.forecasters) == 0:
            raise ValueError("a combination needs at least one forecaster")

    def _fit(self, y: pd.Series) -> None:
        self._check()
        self.members_ = [clone(f).fit(y) for f in self.forecasters]

    @classmethod
    def from_fitted(
        cls, members: Sequence[Forecaster], how: str = "median"
    ) -> "CombinationForecaster":
        """A combination of members that are already fitted on one and the same series."""
        model = cls(list(members), how)
        model._check()
        model.members_ = list(members)
        model.y_ = members[0].y_
        return model

    def _predict(self, horizon: int) -> np.ndarray:
        forecasts = np.vstack([m.predict(horizon).to_numpy() for m in self.members_])
        return np.median(forecasts, axis=0) if self.how == "median" else forecasts.mean(axis=0)
