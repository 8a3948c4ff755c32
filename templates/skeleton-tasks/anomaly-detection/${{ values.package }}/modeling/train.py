"""Search anomaly detectors with the project's AutoML organism.

The search tries only the candidates of the models chosen when the project was created
(``config.SEARCH_COMPONENTS``, from pipeline.json), or all the organism knows when none was chosen.
It fits on the first ``train_fraction`` of the series (labels there are used if any).
"""

from __future__ import annotations

import pandas as pd
from mlops_components.atoms.nab_loader import LabelledSeries
from mlops_components.organisms.automl_anomaly import AutoMLAnomalyDetector
from mlops_components.tracking.base import NullTracker, Tracker

from .. import config
from ..config import BUDGET_SECONDS, SETTINGS


def train(series: LabelledSeries, budget_seconds: float = BUDGET_SECONDS,
          tracker: Tracker | None = None) -> tuple[AutoMLAnomalyDetector, pd.DataFrame]:
    """Fit the detectors; return the search (``score_samples`` in [0, 1], 0.5 raising an alarm)
    and its leaderboard, best first."""
    automl = AutoMLAnomalyDetector(
        budget_seconds=budget_seconds, train_size=float(SETTINGS["train_fraction"]),
        tracker=tracker or NullTracker(), components=config.SEARCH_COMPONENTS,
    ).fit(series)
    return automl, automl.leaderboard_
