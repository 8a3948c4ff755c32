"""Search models with the project's AutoML organism and save it (it predicts with the best one).

The search tries only the candidates of the models chosen when the project was created
(``config.SEARCH_COMPONENTS``, from pipeline.json), or all the organism knows when none was chosen.
"""

from __future__ import annotations

import argparse
import pickle
from pathlib import Path
from typing import Any

import pandas as pd
from mlops_components.tracking.base import NullTracker, Tracker

from .. import config
from ..config import BUDGET_SECONDS, SETTINGS
{%- if values.task == "forecasting" %}
from mlops_components.organisms.automl_forecasting import AutoMLForecaster


def train(y: pd.Series, budget_seconds: float = BUDGET_SECONDS,
          tracker: Tracker | None = None) -> tuple[Any, pd.DataFrame]:
    """Fit the AutoML forecaster on ``y``; return it (it predicts with its best) and its leaderboard."""
    automl = AutoMLForecaster(
        horizon=int(SETTINGS["horizon"]), season=int(SETTINGS["season"]),
        budget_seconds=budget_seconds, tracker=tracker or NullTracker(),
        components=config.SEARCH_COMPONENTS,
    ).fit(y)
    return automl, automl.leaderboard_
{%- elif values.task == "classification" %}
import numpy as np
from mlops_components.organisms.automl_classification import AutoMLClassifier


def train(X: np.ndarray, y: np.ndarray, budget_seconds: float = BUDGET_SECONDS,
          tracker: Tracker | None = None) -> tuple[Any, pd.DataFrame]:
    """Search classifiers on the training series; return the search (it predicts with its best)
    and its leaderboard."""
    automl = AutoMLClassifier(
        budget_seconds=budget_seconds, tracker=tracker or NullTracker(),
        components=config.SEARCH_COMPONENTS,
    ).fit(X, y)
    return automl, automl.leaderboard_
{%- else %}
from mlops_components.atoms.nab_loader import LabelledSeries
from mlops_components.organisms.automl_anomaly import AutoMLAnomalyDetector


def train(series: LabelledSeries, budget_seconds: float = BUDGET_SECONDS,
          tracker: Tracker | None = None) -> tuple[Any, pd.DataFrame]:
    """Fit the detectors on the training part of ``series`` (labels there are used if any);
    return the search (it scores every row in [0, 1], 0.5 raising an alarm) and its leaderboard."""
    automl = AutoMLAnomalyDetector(
        budget_seconds=budget_seconds, train_size=float(SETTINGS["train_fraction"]),
        tracker=tracker or NullTracker(), components=config.SEARCH_COMPONENTS,
    ).fit(series)
    return automl, automl.leaderboard_
{%- endif %}


def save(model: Any, path: Path | None = None) -> Path:
    """Pickle the fitted model to models/model.pkl (not committed; ClearML keeps the artifacts)."""
    path = path or config.MODELS_DIR / "model.pkl"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        pickle.dump(model, f)
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--budget", type=float, default=BUDGET_SECONDS, help="seconds to search")
    args = parser.parse_args(argv)
    from ..automl import run

    run(budget_seconds=args.budget)


if __name__ == "__main__":
    main()
