"""Read the project's data: the bundled sample in data/raw, or a version of a ClearML dataset."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
from mlops_components.atoms.loaders_csv import load_series_csv

from .config import DATASET_ID, RAW_DATA_DIR, SAMPLE_DATASET_ID

# The column to forecast and how often the series has a value (a pandas frequency), as chosen in the
# portal; the CI/CD variables MLOPS_TARGET_COLUMN and MLOPS_FREQUENCY override them.
TARGET_COLUMN = os.environ.get("MLOPS_TARGET_COLUMN", ${{ values.targetColumn | dump }})
FREQUENCY = os.environ.get("MLOPS_FREQUENCY", ${{ values.frequency | dump }})
# One season in steps of that frequency: a day of hours, a week of days, a year of weeks, months or
# quarters; yearly series have none.
SEASON = {"H": 24, "D": 7, "W": 52, "MS": 12, "QS": 4, "YS": 1}.get(FREQUENCY, 1)


def data_dir(dataset_id: str = DATASET_ID) -> Path:
    """The data files' folder: data/raw for the sample or its first version, else from ClearML."""
    if dataset_id in ("sample", SAMPLE_DATASET_ID):
        return RAW_DATA_DIR
    from clearml import Dataset  # needed only for a ClearML dataset: pip install ".[clearml]"

    return Path(Dataset.get(dataset_id=dataset_id).get_local_copy())


def load(dataset_id: str = DATASET_ID) -> pd.Series:
    """The series to forecast, a regular ``pd.Series`` on a DatetimeIndex (``series.csv``)."""
    return load_series_csv(
        data_dir(dataset_id) / "series.csv", value_column=TARGET_COLUMN, freq=FREQUENCY
    )
