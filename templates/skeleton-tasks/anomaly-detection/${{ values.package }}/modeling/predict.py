"""Flag anomalies with the saved model."""

from __future__ import annotations

from typing import Any

import numpy as np

from .store import load_model

__all__ = ["load_model", "predict", "score"]


def predict(model: Any, values: np.ndarray) -> np.ndarray:
    """0/1 alarms, one per point of ``values``: where ``score`` reaches 0.5."""
    return (score(model, values) >= 0.5).astype(int)


def score(model: Any, values: np.ndarray) -> np.ndarray:
    """An anomaly score in [0, 1] per point of ``values``, from the points before it only."""
    return np.asarray(model.score_samples(np.asarray(values, dtype=float)))
