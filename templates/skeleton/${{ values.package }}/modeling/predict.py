"""Use a saved model."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import numpy as np

from .. import config


def load_model(path: Path | None = None) -> Any:
    """The model saved by ``train.save`` (run ``make train`` first)."""
    path = path or config.MODELS_DIR / "model.pkl"
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist: run `make train` first")
    with open(path, "rb") as f:
        return pickle.load(f)

{%- if values.task == "forecasting" %}


def predict(model: Any, horizon: int) -> np.ndarray:
    """The next ``horizon`` values after the series the model was fitted on."""
    return np.asarray(model.predict(horizon), dtype=float)
{%- elif values.task == "classification" %}


def predict(model: Any, X: np.ndarray) -> np.ndarray:
    """The class of each series in ``X``."""
    return np.asarray(model.predict(X))
{%- else %}


def predict(model: Any, values: np.ndarray) -> np.ndarray:
    """0/1 alarms, one per point of ``values``: where ``score`` reaches 0.5."""
    return (score(model, values) >= 0.5).astype(int)


def score(model: Any, values: np.ndarray) -> np.ndarray:
    """An anomaly score in [0, 1] per point of ``values``, from the points before it only."""
    return np.asarray(model.score_samples(np.asarray(values, dtype=float)))
{%- endif %}
