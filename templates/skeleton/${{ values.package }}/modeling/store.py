"""Save and load the fitted AutoML search (it predicts with its best model)."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

from .. import config


def save(model: Any, path: Path | None = None) -> Path:
    """Pickle the fitted model to models/model.pkl (not committed; the tracker keeps each run's)."""
    path = path or config.MODELS_DIR / "model.pkl"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        pickle.dump(model, f)
    return path


def load_model(path: Path | None = None) -> Any:
    """The model saved by :func:`save` (run ``make train`` first)."""
    path = path or config.MODELS_DIR / "model.pkl"
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist: run `make train` first")
    with open(path, "rb") as f:
        return pickle.load(f)
