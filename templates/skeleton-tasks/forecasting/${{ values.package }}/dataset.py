"""Read the project's data: the bundled sample in data/raw, or a version of a ClearML dataset."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from mlops_components.atoms.loaders_csv import load_series_csv

from .config import DATASET_ID, RAW_DATA_DIR


def data_dir(dataset_id: str = DATASET_ID) -> Path:
    """The folder of the data files: data/raw for the sample, else a local copy from ClearML."""
    if dataset_id == "sample":
        return RAW_DATA_DIR
    from clearml import Dataset  # needed only for a ClearML dataset: pip install ".[clearml]"

    return Path(Dataset.get(dataset_id=dataset_id).get_local_copy())


def load(dataset_id: str = DATASET_ID) -> pd.Series:
    """The series to forecast, a regular ``pd.Series`` on a DatetimeIndex (``series.csv``)."""
    return load_series_csv(data_dir(dataset_id) / "series.csv")
