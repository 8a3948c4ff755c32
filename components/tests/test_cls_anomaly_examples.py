"""Every docstring example of the classification and anomaly components runs as written."""

import os
from pathlib import Path

import pytest

from mlops_components.docs import example_code
from mlops_components.registry import all_components

COMPONENTS_DIR = Path(__file__).resolve().parents[1]
MODULES = {
    "atoms.ucr_loader", "atoms.nab_loader", "atoms.znormalize", "atoms.sliding_windows",
    "atoms.majority_class", "atoms.rolling_zscore", "atoms.classification_metrics",
    "atoms.anomaly_metrics", "atoms.random_convolutions", "atoms.minirocket",
    "molecules.minirocket_classifier", "molecules.nearest_neighbour",
    "molecules.rocket_classifier", "molecules.window_isolation_forest", "molecules.forecast_residual",
    "molecules.adaptive_threshold", "organisms.classification_evaluation",
    "organisms.anomaly_evaluation", "organisms.automl_classification", "organisms.automl_anomaly",
}
OURS = sorted(
    name for name, meta in all_components().items()
    if meta.import_path.split(":")[0].removeprefix("mlops_components.") in MODULES
)


def test_every_module_of_this_part_declares_a_component():
    modules = {all_components()[name].import_path.split(":")[0].removeprefix("mlops_components.") for name in OURS}
    assert modules == MODULES


@pytest.mark.parametrize("name", OURS)
def test_the_docstring_example_runs(name):
    code = example_code(all_components()[name])
    assert code, f"{name} has no example"
    cwd = os.getcwd()
    os.chdir(COMPONENTS_DIR)  # the examples read data/... relative to the library folder
    try:
        exec(compile(code, f"<{name} example>", "exec"), {})
    finally:
        os.chdir(cwd)
