"""``make train`` in a fresh clone without ClearML: it picks its own tracker, leaves a report."""

import json

from ${{ values.package }} import automl, config


def test_make_train_works_without_clearml_and_leaves_the_baseline_report(isolated, monkeypatch):
    # a fresh clone: no tracker passed in, no tracking folder set, no ClearML configuration
    for var in ("MLOPS_TRACKING_DIR", "CLEARML_API_HOST", "CLEARML_CONFIG_FILE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(isolated))
    monkeypatch.chdir(isolated)
    automl.main(["--budget", "6"])

    report = json.loads((config.REPORTS_DIR / "baseline.json").read_text())
    assert report["task"] == config.TASK
    assert isinstance(report["score"], float) and isinstance(report["higher_is_better"], bool)
    assert report["model"] in {row["candidate"] for row in report["leaderboard"]}
    assert report["dataset_version"], "the sample was versioned before training"
    assert set(report) == {"task", "metric", "score", "higher_is_better", "model",
                           "dataset_version", "dataset_url", "run_url", "leaderboard"}
    # the local tracker wrote the run under ./mlops-runs/<ClearML project path>/
    (run,) = (isolated / "mlops-runs").joinpath(*config.CLEARML_PROJECT.split("/")).glob("*-*")
    assert json.loads((run / "run.json").read_text())["status"] == "completed"
    assert (run / "model.json").exists() and (run / "datasets.json").exists()
    # what the portal's leaderboard reads: the metric, the data and the winning components
    properties = json.loads((run / "properties.json").read_text())
    assert properties["metric"] == report["metric"] and properties["task"] == config.TASK
    assert properties["dataset_version"] == report["dataset_version"]
    assert properties["components"][0] == config.AUTOML and properties["winner"] == report["model"]
    assert (config.MODELS_DIR / "model.pkl").exists()
