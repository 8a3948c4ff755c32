"""Forecast with the saved model."""

from __future__ import annotations

from typing import Any

import numpy as np

from .store import load_model

__all__ = ["load_model", "predict"]


def predict(model: Any, horizon: int) -> np.ndarray:
    """The next ``horizon`` values after the series the model was fitted on."""
    return np.asarray(model.predict(horizon), dtype=float)
