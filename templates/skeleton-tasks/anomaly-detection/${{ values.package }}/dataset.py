"""Read the project's data: the bundled sample in data/raw, or a version of a ClearML dataset."""

from __future__ import annotations

from pathlib import Path

from mlops_components.atoms.nab_loader import LabelledSeries, load_nab

from .config import DATASET_ID, RAW_DATA_DIR, SAMPLE_DATASET_ID


def data_dir(dataset_id: str = DATASET_ID) -> Path:
    """The data files' folder: data/raw for the sample or its first version, else from ClearML."""
    if dataset_id in ("sample", SAMPLE_DATASET_ID):
        return RAW_DATA_DIR
    from clearml import Dataset  # needed only for a ClearML dataset: pip install ".[clearml]"

    return Path(Dataset.get(dataset_id=dataset_id).get_local_copy())


def load(dataset_id: str = DATASET_ID) -> LabelledSeries:
    """The series and its labelled anomaly windows (``series.csv`` and NAB's ``windows.json``)."""
    folder = data_dir(dataset_id)
    return load_nab(folder / "series.csv", folder / "windows.json", key="series.csv")
