"""Search classifiers with the project's AutoML organism.

The search tries only the candidates of the models chosen when the project was created
(``config.SEARCH_COMPONENTS``, from pipeline.json), or all the organism knows when none was chosen.
The organism checks the panel (equal-length series, no missing values) itself.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from mlops_components.organisms.automl_classification import AutoMLClassifier
from mlops_components.tracking.base import NullTracker, Tracker

from .. import config
from ..config import BUDGET_SECONDS


def train(X: np.ndarray, y: np.ndarray, budget_seconds: float = BUDGET_SECONDS,
          tracker: Tracker | None = None) -> tuple[AutoMLClassifier, pd.DataFrame]:
    """Search classifiers on the training series; return the search (it predicts with ``best_``)
    and its leaderboard, best first."""
    automl = AutoMLClassifier(
        budget_seconds=budget_seconds, tracker=tracker or NullTracker(),
        components=config.SEARCH_COMPONENTS,
    ).fit(X, y)
    return automl, automl.leaderboard_
