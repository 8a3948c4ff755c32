"""Forecasting baselines: naive, seasonal naive and drift; a model must beat them to be of use."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..registry import component
from .forecaster import Forecaster, check_positive_int


@component(name="naive", tasks=("forecasting",), category="baseline")
class Naive(Forecaster):
    """Naive forecast: every future value equals the last observed value.

    ## When to use
    The reference for series that behave like a random walk (prices, levels without seasonality);
    MASE with ``season=1`` is the error relative to this forecast made in-sample.

    ## Example
    ```python
    import pandas as pd
    from mlops_components.atoms.forecast_baselines import Naive

    y = pd.Series([1.0, 2.0, 4.0], index=pd.date_range("2024-01-01", periods=3, freq="D"))
    Naive().fit(y).predict(2)  # 4.0, 4.0 on 2024-01-04 and 2024-01-05
    ```

    ## Figures
    AirPassengers, trained on 1949-1959, forecasting 1960 (12 months): MASE 2.4959, sMAPE 16.12
    (recorded in `docs/figures/forecasting.json`).
    """

    def _fit(self, y: pd.Series) -> None:
        self.last_ = float(y.iloc[-1])

    def _predict(self, horizon: int) -> np.ndarray:
        return np.full(horizon, self.last_)


@component(name="seasonal-naive", tasks=("forecasting",), category="baseline")
class SeasonalNaive(Forecaster):
    """Seasonal naive forecast: each future value repeats the value one season earlier.

    ## When to use
    The baseline to beat on any seasonal series (monthly data with ``season=12``, hourly with 24,
    ...). Its in-sample errors are what MASE divides by; its residuals are a simple anomaly signal.

    ## Example
    ```python
    import pandas as pd
    from mlops_components.atoms.forecast_baselines import SeasonalNaive

    y = pd.Series([1.0, 5.0, 2.0, 6.0])            # a RangeIndex works too
    SeasonalNaive(season=2).fit(y).predict(3)      # 2.0, 6.0, 2.0 at positions 4, 5, 6
    ```

    ## Figures
    AirPassengers, trained on 1949-1959, forecasting 1960 (12 months, season 12): MASE 1.5709,
    sMAPE 10.57, OWA 1.461 (it repeats 1959, and traffic grew). Backtested over 1958, 1959 and 1960
    (3 rolling origins): mean MASE 1.2130. Recorded in `docs/figures/forecasting.json`.
    """

    def __init__(self, season: int = 12):
        self.season = season

    def _fit(self, y: pd.Series) -> None:
        check_positive_int("season", self.season)
        if len(y) < self.season:
            raise ValueError(
                f"seasonal naive needs a full season ({self.season} points), got {len(y)}"
            )
        self.last_season_ = y.to_numpy()[-self.season :]

    def _predict(self, horizon: int) -> np.ndarray:
        return np.resize(self.last_season_, horizon)


@component(name="drift", tasks=("forecasting",), category="baseline")
class Drift(Forecaster):
    """Drift forecast: extend the straight line through the first and last observations.

    ## When to use
    The baseline for trending series without seasonality: it is the naive forecast plus the average
    change per period seen in the history.

    ## Example
    ```python
    import pandas as pd
    from mlops_components.atoms.forecast_baselines import Drift

    y = pd.Series([10.0, 12.0, 13.0, 16.0])
    Drift().fit(y).predict(2)  # 18.0, 20.0  (average step (16 - 10) / 3 = 2)
    ```

    ## Figures
    AirPassengers, trained on 1949-1959, forecasting 1960 (12 months): MASE 2.1776, sMAPE 13.81
    (recorded in `docs/figures/forecasting.json`).
    """

    def _fit(self, y: pd.Series) -> None:
        if len(y) < 2:
            raise ValueError("the drift forecast needs at least 2 observations to measure a slope")
        values = y.to_numpy()
        self.last_ = float(values[-1])
        self.slope_ = float(values[-1] - values[0]) / (len(values) - 1)

    def _predict(self, horizon: int) -> np.ndarray:
        return self.last_ + self.slope_ * np.arange(1, horizon + 1)
