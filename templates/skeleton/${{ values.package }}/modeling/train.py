"""Search models with the project's AutoML organism and save the best one.

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
    """Fit the AutoML forecaster on ``y``; return the fitted model and its leaderboard."""
    automl = AutoMLForecaster(
        horizon=int(SETTINGS["horizon"]), season=int(SETTINGS["season"]),
        budget_seconds=budget_seconds, tracker=tracker or NullTracker(),
        components=config.SEARCH_COMPONENTS,
    ).fit(y)
    return automl, automl.leaderboard_
{%- elif values.task == "classification" %}
import numpy as np
from mlops_components.organisms.automl_classification import (
    automl_classification,
    classification_candidates,
)
from mlops_components.organisms.search import narrow_to_components


def train(X: np.ndarray, y: np.ndarray, budget_seconds: float = BUDGET_SECONDS,
          tracker: Tracker | None = None) -> tuple[Any, pd.DataFrame]:
    """Search classifiers on the training series; return the refitted best and the leaderboard."""
    candidates = None
    if config.SEARCH_COMPONENTS is not None:
        candidates = narrow_to_components(classification_candidates(), config.SEARCH_COMPONENTS)
    result = automl_classification(
        X, y, budget_seconds=budget_seconds, n_splits=int(SETTINGS["n_splits"]),
        n_repeats=int(SETTINGS["n_repeats"]), candidates=candidates,
        tracker=tracker or NullTracker(),
    )
    if result.best is None:
        raise ValueError("no classifier could be validated on these series")
    board = pd.DataFrame([{"name": r.name, "accuracy": r.score, "error": r.error}
                          for r in result.leaderboard])
    return result.best, board
{%- else %}
from mlops_components.atoms.nab_loader import LabelledSeries
from mlops_components.organisms.automl_anomaly import (
    anomaly_candidates,
    automl_anomaly,
    points_per_day,
)
from mlops_components.organisms.search import narrow_to_components


def train(series: LabelledSeries, budget_seconds: float = BUDGET_SECONDS,
          tracker: Tracker | None = None) -> tuple[Any, pd.DataFrame]:
    """Choose a detector on the training part of ``series``; return it fitted and the leaderboard."""
    candidates = None
    if config.SEARCH_COMPONENTS is not None:
        candidates = narrow_to_components(
            anomaly_candidates(points_per_day(series)), config.SEARCH_COMPONENTS
        )
    result = automl_anomaly(
        series, budget_seconds=budget_seconds, train_fraction=float(SETTINGS["train_fraction"]),
        candidates=candidates, tracker=tracker or NullTracker(),
    )
    if result.search.best is None:
        raise ValueError("no detector could be validated on this series")
    board = pd.DataFrame([{"name": r.name, "nab_raw": r.score, "error": r.error}
                          for r in result.search.leaderboard])
    return result.search.best, board
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
