"""Tests run on the bundled sample with a short search, and never write into the project."""

import pytest
from mlops_components.tracking.local import LocalTracker

from ${{ values.package }} import automl, config
from ${{ values.package }}.modeling.store import load_model


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("MLOPS_TRACKING_DIR", str(tmp_path / "runs"))
    monkeypatch.setattr("${{ values.package }}.config.MODELS_DIR", tmp_path / "models")
    monkeypatch.setattr("${{ values.package }}.config.REPORTS_DIR", tmp_path / "reports")
    return tmp_path


@pytest.fixture
def full_run(isolated):
    """One complete short training run logged to a local tracker: its held-out scores and the
    model it saved."""
    tracker = LocalTracker(isolated / "runs", "tests", "run")
    scores = automl.run(budget_seconds=8, tracker=tracker)
    return scores, load_model(config.MODELS_DIR / "model.pkl")
