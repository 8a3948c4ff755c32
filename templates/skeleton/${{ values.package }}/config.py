"""Where things are and the settings of this project, in one place."""

from __future__ import annotations

import json
import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = PROJECT_ROOT / "data"
RAW_DATA_DIR = DATA_DIR / "raw"
PROCESSED_DATA_DIR = DATA_DIR / "processed"
MODELS_DIR = PROJECT_ROOT / "models"
REPORTS_DIR = PROJECT_ROOT / "reports"

PROJECT_NAME = "${{ values.name }}"
TASK = "${{ values.task }}"
# The ClearML project experiments are logged to (created with the repository by the MLOps Portal).
# The CI/CD variable MLOPS_CLEARML_PROJECT, set by the portal, overrides it.
CLEARML_PROJECT = os.environ.get("MLOPS_CLEARML_PROJECT", ${{ values.clearmlProject | dump }})
# "sample" is the small data set in data/raw; otherwise a ClearML dataset id.
# MLOPS_DATASET_ID overrides it.
DATASET_ID = os.environ.get("MLOPS_DATASET_ID", ${{ values.dataset | dump }})
# The ClearML dataset version the portal made of data/raw when it created the project (the CI/CD
# variable MLOPS_SAMPLE_DATASET_ID): its files are data/raw's, so training reads them from there and
# links that version, with or without the ClearML SDK.
SAMPLE_DATASET_ID = os.environ.get("MLOPS_SAMPLE_DATASET_ID", "sample")

# What the MLOps Portal composed from the catalog: the AutoML organism, the chosen components and
# the pinned component library (see pipeline.json and requirements-components.txt).
PIPELINE = json.loads((PROJECT_ROOT / "pipeline.json").read_text(encoding="utf-8"))
AUTOML = PIPELINE["automl"]

# The kinds of component an AutoML search is made of (the others, such as metrics, are used as
# they are).
SEARCHABLE_CATEGORIES = ("model", "detector", "baseline")


def search_components(pipeline: dict) -> tuple[str, ...] | None:
    """The models chosen besides the AutoML organism: its search tries only their candidates.

    None when no model was chosen: the organism searches everything it knows.
    """
    names = tuple(c["name"] for c in pipeline["components"]
                  if c["category"] in SEARCHABLE_CATEGORIES)
    return names or None


SEARCH_COMPONENTS = search_components(PIPELINE)

# The task's settings; BUDGET_SECONDS bounds each AutoML search.
SETTINGS: dict[str, float] = ${{ values.settings | dump(4) }}
BUDGET_SECONDS = float(os.environ.get("MLOPS_BUDGET_SECONDS", SETTINGS["budget_seconds"]))
if "horizon" in SETTINGS:
    # forecasting: how many steps ahead, as chosen in the portal; the CI/CD variable MLOPS_HORIZON
    # overrides it
    SETTINGS["horizon"] = int(os.environ.get("MLOPS_HORIZON", SETTINGS["horizon"]))
