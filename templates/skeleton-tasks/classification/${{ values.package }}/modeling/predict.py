"""Classify series with the saved model."""

from __future__ import annotations

from typing import Any

import numpy as np

from .store import load_model

__all__ = ["load_model", "predict"]


def predict(model: Any, X: np.ndarray) -> np.ndarray:
    """The class of each series in ``X`` (one series per row)."""
    return np.asarray(model.predict(X))
