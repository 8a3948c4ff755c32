"""Search forecasters with the project's AutoML organism.

The search tries only the candidates of the models chosen when the project was created
(``config.SEARCH_COMPONENTS``, from pipeline.json), or all the organism knows when none was chosen.
"""

from __future__ import annotations

import pandas as pd
from mlops_components.organisms.automl_forecasting import AutoMLForecaster
from mlops_components.tracking.base import NullTracker, Tracker

from .. import config, dataset
from ..config import BUDGET_SECONDS, SETTINGS


def train(y: pd.Series, budget_seconds: float = BUDGET_SECONDS,
          tracker: Tracker | None = None) -> tuple[AutoMLForecaster, pd.DataFrame]:
    """Fit the AutoML forecaster on ``y``; return it (it predicts with ``best_``) and its
    leaderboard, best first."""
    automl = AutoMLForecaster(
        horizon=int(SETTINGS["horizon"]), season=dataset.SEASON,
        budget_seconds=budget_seconds, tracker=tracker or NullTracker(),
        components=config.SEARCH_COMPONENTS,
    ).fit(y)
    return automl, automl.leaderboard_
