"""Time-budgeted AutoML for forecasting: try the eligible models, keep the best by validation."""

from __future__ import annotations

from functools import partial
from typing import Any, Iterator

import numpy as np
import pandas as pd

from ..atoms.forecast_baselines import Drift, Naive, SeasonalNaive
from ..atoms.forecaster import Forecaster, check_horizon, check_positive_int
from ..molecules.arima import SARIMAForecaster
from ..molecules.ets import ExponentialSmoothingForecaster
from ..molecules.forecast_evaluation import METRICS, evaluate_forecaster
from ..molecules.gradient_boosting import GradientBoostingForecaster
from ..molecules.naive2 import Naive2
from ..molecules.theta import ThetaForecaster
from ..registry import component
from ..tracking.base import NullTracker, Tracker
from .search import Candidate, SearchResult, narrow_to_components, run_search

ARIMA_ORDERS = ((0, 1, 1), (1, 1, 0), (1, 1, 1), (2, 1, 1))
THETAS = (1.0, 2.0, 3.0)


def _candidate(name: str, cls: type, **params: Any) -> Candidate:
    return Candidate(name, params, partial(cls, **params))


def forecasting_candidates(
    y: pd.Series, horizon: int, season: int, n_folds: int
) -> Iterator[Candidate]:
    """The configurations worth trying on ``y``, cheapest first, without those its data rules out.

    Eligibility looks at the shortest training window of the validation folds: seasonal models
    need two full seasons in it; multiplicative and log models need strictly positive data.
    """
    shortest = len(y) - n_folds * horizon
    positive = bool((y > 0).all())
    seasonal = season > 1 and shortest >= 2 * season
    logs = (False, True) if positive else (False,)

    yield _candidate("naive", Naive)
    yield _candidate("drift", Drift)
    if season > 1 and shortest >= season:
        yield _candidate("seasonal-naive", SeasonalNaive, season=season)
        if positive:
            yield _candidate("naive2", Naive2, season=season)

    kinds = [k for k in ("add", "mul") if positive or k == "add"] if seasonal else [None]
    for trend, damped in ((None, False), ("add", False), ("add", True)):
        for kind in kinds:
            name = f"ets(trend={trend}{',damped' if damped else ''},seasonal={kind})"
            yield _candidate(name, ExponentialSmoothingForecaster,
                             trend=trend, damped=damped, seasonal=kind, season=season)

    if positive or season == 1:  # Theta's seasonal adjustment is multiplicative
        for theta in THETAS:
            yield _candidate(f"theta({theta:g})", ThetaForecaster, season=season, theta=theta)

    for order in ARIMA_ORDERS:
        for log in reversed(logs):
            name = "sarima" + "".join(map(str, order))
            if seasonal:
                name += f"x011[{season}]"
                s_order, trend = (0, 1, 1), None
            else:  # without seasonal differencing, a constant is the drift of the differences
                name += "+drift"
                s_order, trend = None, "c"
            yield _candidate(name + (",log" if log else ""), SARIMAForecaster, order=order,
                             seasonal_order=s_order, season=season, log=log, trend=trend)

    lags = (1, 2, 3, season) if season > 3 else (1, 2, 3)
    for difference in (1, season) if season > 1 else (1,):
        for log in logs:
            name = f"gbm(lags={','.join(map(str, lags))};diff={difference}{';log' if log else ''})"
            yield _candidate(name, GradientBoostingForecaster,
                             lags=lags, season=season, difference=difference, log=log)


@component(
    name="automl-forecasting",
    level="organism",
    tasks=("forecasting",),
    category="automl",
    built_from=(
        "rolling-origin-evaluation",
        "naive",
        "drift",
        "seasonal-naive",
        "naive2",
        "exponential-smoothing",
        "theta",
        "sarima",
        "gradient-boosting-forecaster",
    ),
)
class AutoMLForecaster(Forecaster):
    """Search baselines, ETS, Theta, SARIMA and gradient boosting in a time budget; use the best.

    ``fit(y)`` builds the eligible candidates for ``y`` (see ``forecasting_candidates``), scores
    each by rolling-origin validation (``n_folds`` folds of ``horizon`` points, mean of ``metric``,
    MASE by default) with the shared ``run_search`` loop, stops starting candidates when
    ``budget_seconds`` would be exceeded, and refits the winner on all of ``y``. After fitting:
    ``leaderboard_`` (a DataFrame, best first, with each candidate's score, time and any error),
    ``best_`` (the fitted winner), ``best_name_`` and ``search_`` (the raw search result).
    ``predict(horizon)`` forecasts with the winner. The ``tracker`` gets the settings, every
    candidate's score, the winner and the leaderboard. ``components`` (registry names such as
    ``("theta", "sarima")``) limits the search to the candidates built from them.

    ## When to use
    A strong forecaster for a new series without hand-tuning, and a leaderboard that shows how much
    each family gains over the baselines. Give it the seasonal period and the horizon you need.

    ## Example
    ```python
    from mlops_components.atoms.loaders_csv import load_series_csv
    from mlops_components.organisms.automl_forecasting import AutoMLForecaster

    y = load_series_csv("data/forecasting/airline.csv")
    automl = AutoMLForecaster(horizon=12, season=12, budget_seconds=30).fit(y.iloc[:-12])
    automl.leaderboard_.head()
    automl.predict(12)
    ```

    ## Figures
    AirPassengers, searched on 1949-1959 (25 candidates, 3 folds of 12 months, 60 s budget; all
    tried in 7.6 s wall time on a 2-core machine), then forecasting the held-out 1960: the winner
    ``gbm(lags=1,2,3,12;diff=1;log)`` (validation MASE 0.5102) scored MASE 0.7539, sMAPE 4.87, OWA
    0.687, against seasonal naive's MASE 1.5709 and sMAPE 10.57. The best single model on that year,
    ETS with multiplicative seasonality, ranked second in validation (0.5716) and scored 0.3383:
    validation on three origins picks well, not perfectly. Measured by
    `bench/automl_forecasting.py`, which writes `components/docs/figures/forecasting.json`.
    """

    def __init__(
        self,
        horizon: int = 1,
        season: int = 1,
        budget_seconds: float = 60.0,
        n_folds: int = 3,
        metric: str = "mase",
        tracker: Tracker | None = None,
        components: tuple[str, ...] | None = None,
    ):
        self.horizon = horizon
        self.season = season
        self.budget_seconds = budget_seconds
        self.n_folds = n_folds
        self.metric = metric
        self.tracker = tracker
        self.components = components

    def _fit(self, y: pd.Series) -> None:
        if self.metric not in METRICS:
            raise ValueError(f"metric must be one of {', '.join(METRICS)}, got {self.metric!r}")
        check_positive_int("season", self.season)
        horizon = check_horizon(self.horizon, len(y))
        needed = self.n_folds * horizon + self.season + 1
        if len(y) < needed:
            raise ValueError(
                f"{len(y)} observations are too few to validate {self.n_folds} folds of horizon "
                f"{horizon} with season {self.season}: need at least {needed}"
            )
        tracker = self.tracker or NullTracker()
        tracker.log_params(
            {"horizon": horizon, "season": self.season, "budget_seconds": self.budget_seconds,
             "n_folds": self.n_folds, "metric": self.metric, "n_observations": len(y)}
        )

        def evaluate(c: Candidate) -> float:
            scores = evaluate_forecaster(
                c.make(), y, horizon, season=self.season, n_folds=self.n_folds
            )
            return scores.mean[self.metric]

        candidates = forecasting_candidates(y, horizon, self.season, self.n_folds)
        if self.components is not None:
            candidates = narrow_to_components(candidates, self.components)
        result = run_search(
            candidates,
            evaluate,
            lambda c: c.make().fit(y),
            budget_seconds=self.budget_seconds,
            greater_is_better=False,
        )
        if result.best is None:
            errors = "; ".join(f"{r.name}: {r.error}" for r in result.leaderboard[:3])
            raise ValueError(f"no forecaster could be validated on this series ({errors})")
        self.search_: SearchResult = result
        self.leaderboard_ = pd.DataFrame(
            [
                {"rank": i + 1, "name": r.name, self.metric: r.score, "seconds": r.fit_seconds,
                 "error": r.error}
                for i, r in enumerate(result.leaderboard)
            ]
        )
        self.best_: Forecaster = result.best
        self.best_name_ = result.best_row.name
        for i, row in enumerate(result.leaderboard):
            if row.error is None:
                tracker.log_scalar("automl leaderboard", self.metric, row.score, iteration=i)
        tracker.log_scalar("automl", f"best {self.metric}", result.best_row.score)
        tracker.log_scalar("automl", "elapsed seconds", result.elapsed_seconds)
        tracker.log_params({"best": self.best_name_, "best_params": result.best_row.params,
                            "skipped": result.skipped})
        tracker.log_artifact("leaderboard", self.leaderboard_)

    def _predict(self, horizon: int) -> np.ndarray:
        return self.best_.predict(horizon).to_numpy()
