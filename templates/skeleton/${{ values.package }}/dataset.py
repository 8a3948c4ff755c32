"""Read the project's data: the bundled sample in data/raw, or a version of a ClearML dataset."""

from __future__ import annotations

from pathlib import Path

{%- if values.task == "forecasting" %}

import pandas as pd
from mlops_components.atoms.loaders_csv import load_series_csv
{%- elif values.task == "classification" %}

import numpy as np
from mlops_components.atoms.ucr_loader import load_ucr
{%- else %}

from mlops_components.atoms.nab_loader import LabelledSeries, load_nab
{%- endif %}

from .config import DATASET_ID, RAW_DATA_DIR


def data_dir(dataset_id: str = DATASET_ID) -> Path:
    """The folder holding the data files: data/raw for the sample, else a local copy from ClearML."""
    if dataset_id == "sample":
        return RAW_DATA_DIR
    from clearml import Dataset  # needed only for a ClearML dataset: pip install ".[clearml]"

    return Path(Dataset.get(dataset_id=dataset_id).get_local_copy())

{%- if values.task == "forecasting" %}


def load(dataset_id: str = DATASET_ID) -> pd.Series:
    """The series to forecast, a regular ``pd.Series`` on a DatetimeIndex (``series.csv``)."""
    return load_series_csv(data_dir(dataset_id) / "series.csv")
{%- elif values.task == "classification" %}


def load(dataset_id: str = DATASET_ID) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``X_train, y_train, X_test, y_test`` from ``train.ts`` and ``test.ts`` (sktime .ts format)."""
    folder = data_dir(dataset_id)
    X_train, y_train = load_ucr(folder / "train.ts")
    X_test, y_test = load_ucr(folder / "test.ts")
    return X_train, y_train, X_test, y_test
{%- else %}


def load(dataset_id: str = DATASET_ID) -> LabelledSeries:
    """The series and its labelled anomaly windows (``series.csv`` and NAB's ``windows.json``)."""
    folder = data_dir(dataset_id)
    return load_nab(folder / "series.csv", folder / "windows.json", key="series.csv")
{%- endif %}
