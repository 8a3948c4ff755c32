"""Turn the data into what the models see. Splits are always in time order, never random."""

from __future__ import annotations

{%- if values.task == "forecasting" %}

import pandas as pd


def holdout(y: pd.Series, horizon: int) -> tuple[pd.Series, pd.Series]:
    """The series without its last ``horizon`` points, and those points (kept for the final test)."""
    if not 0 < horizon < len(y):
        raise ValueError(f"cannot hold out {horizon} points of a series of {len(y)}")
    return y.iloc[:-horizon], y.iloc[-horizon:]
{%- elif values.task == "classification" %}

import numpy as np


def as_panel(X: np.ndarray) -> np.ndarray:
    """Series as a float panel of shape (n_series, length), refusing missing values."""
    panel = np.asarray(X, dtype=float)
    if panel.ndim != 2:
        raise ValueError(f"expected a 2-D panel of equal-length series, got shape {panel.shape}")
    if not np.isfinite(panel).all():
        raise ValueError("the series contain missing or infinite values")
    return panel
{%- else %}

from mlops_components.atoms.nab_loader import LabelledSeries


def split_in_time(series: LabelledSeries, train_fraction: float) -> tuple[int, LabelledSeries]:
    """Where the training part ends, and the training part itself (the rest is the test part)."""
    if not 0.0 < train_fraction < 1.0:
        raise ValueError(f"train_fraction must be between 0 and 1, got {train_fraction}")
    size = int(train_fraction * len(series))
    return size, series.head(size)
{%- endif %}
