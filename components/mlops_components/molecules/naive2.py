"""Naive2, the M4 competition's reference forecast: naive on the seasonally adjusted series."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..atoms.forecast_baselines import Naive
from ..atoms.forecaster import Forecaster
from ..atoms.seasonal_adjustment import SeasonalAdjuster
from ..registry import component


@component(
    name="naive2",
    tasks=("forecasting",),
    category="baseline",
    built_from=("seasonal-adjustment", "naive"),
)
class Naive2(Forecaster):
    """Naive2 (M4 benchmark): seasonally adjust, repeat the last adjusted value, reseasonalise.

    Seasonal adjustment is classical multiplicative decomposition, applied only if the M4
    seasonality test at lag ``season`` passes. Naive2's forecast is what the OWA metric divides by.

    ## When to use
    As the reference forecast for ``owa``, and as a sturdy baseline for seasonal series.

    ## Example
    ```python
    from mlops_components.atoms.loaders_csv import load_series_csv
    from mlops_components.molecules.naive2 import Naive2

    y = load_series_csv("data/forecasting/airline.csv")
    Naive2(season=12).fit(y.iloc[:-12]).predict(12)
    ```

    ## Figures
    AirPassengers, trained on 1949-1959, forecasting 1960: MASE 1.1077, sMAPE 7.03 (seasonal naive:
    1.5709 and 10.57). Recorded in `docs/figures/forecasting.json`.
    """

    def __init__(self, season: int = 12):
        self.season = season

    def _fit(self, y: pd.Series) -> None:
        self.adjuster_ = SeasonalAdjuster(season=self.season).fit(y)
        self.naive_ = Naive().fit(self.adjuster_.transform(y))

    def _predict(self, horizon: int) -> np.ndarray:
        return self.adjuster_.inverse_transform(self.naive_.predict(horizon)).to_numpy()
