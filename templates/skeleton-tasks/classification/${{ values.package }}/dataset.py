"""Read the project's data: the bundled sample in data/raw, or a version of a ClearML dataset."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from mlops_components.atoms.ucr_loader import load_ucr

from .config import DATASET_ID, RAW_DATA_DIR, SAMPLE_DATASET_ID


def data_dir(dataset_id: str = DATASET_ID) -> Path:
    """The data files' folder: data/raw for the sample or its first version, else from ClearML."""
    if dataset_id in ("sample", SAMPLE_DATASET_ID):
        return RAW_DATA_DIR
    from clearml import Dataset  # needed only for a ClearML dataset: pip install ".[clearml]"

    return Path(Dataset.get(dataset_id=dataset_id).get_local_copy())


def load(dataset_id: str = DATASET_ID) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``X_train, y_train, X_test, y_test`` from ``train.ts`` and ``test.ts`` (the .ts format)."""
    folder = data_dir(dataset_id)
    X_train, y_train = load_ucr(folder / "train.ts")
    X_test, y_test = load_ucr(folder / "test.ts")
    return X_train, y_train, X_test, y_test
