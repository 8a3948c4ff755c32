import hashlib
import json
import logging
import pickle
import sys

import numpy as np
import pandas as pd
import pytest

from mlops_components.tracking import LocalDatasetVersions, LocalTracker, Tracker, get_tracker
from mlops_components.tracking.local import REDACTED


@pytest.fixture
def tracker(tmp_path):
    return LocalTracker(tmp_path / "runs", project="forecasting", task_name="seasonal-naive")


def test_run_folder_is_project_then_task_with_timestamp(tmp_path, tracker):
    assert tracker.run_dir.parent == tmp_path / "runs" / "forecasting"
    assert tracker.run_dir.name.startswith("seasonal-naive-")
    info = json.loads((tracker.run_dir / "run.json").read_text())
    assert info["status"] == "in_progress"
    tracker.close()
    info = json.loads((tracker.run_dir / "run.json").read_text())
    assert info["status"] == "completed" and info["ended"] >= info["started"]


def test_two_runs_of_the_same_task_get_separate_folders(tmp_path):
    first = LocalTracker(tmp_path, "p", "t")
    second = LocalTracker(tmp_path, "p", "t")
    assert first.run_dir != second.run_dir


def test_it_satisfies_the_tracker_protocol(tracker):
    assert isinstance(tracker, Tracker)


def test_params_merge_into_json_with_numpy_values_made_plain(tracker):
    tracker.log_params({"season_length": np.int64(12), "alpha": np.float32(0.5)})
    tracker.log_params({"model": "ets", "lags": (1, 2, 3)})
    params = json.loads((tracker.run_dir / "params.json").read_text())
    assert params == {"season_length": 12, "alpha": 0.5, "model": "ets", "lags": [1, 2, 3]}


def test_credentials_are_never_written(tracker):
    tracker.log_params(
        {"CLEARML_API_SECRET_KEY": "s3cr3t", "db": {"password": "hunter2", "host": "db"}, "n": 1}
    )
    text = (tracker.run_dir / "params.json").read_text()
    assert "s3cr3t" not in text and "hunter2" not in text
    params = json.loads(text)
    assert params["CLEARML_API_SECRET_KEY"] == REDACTED
    assert params["db"] == {"password": REDACTED, "host": "db"}


def test_scalars_are_appended_as_title_series_iteration_value(tracker):
    for step, mae in enumerate([3.0, 2.5, 2.25]):
        tracker.log_scalar("validation", "mae", mae, iteration=step)
    tracker.log_scalar("test", "mase", np.float64(0.875), 0)
    table = pd.read_csv(tracker.run_dir / "scalars.csv")
    assert list(table.columns) == ["title", "series", "iteration", "value"]
    assert table["value"].tolist() == [3.0, 2.5, 2.25, 0.875]
    assert table["iteration"].tolist() == [0, 1, 2, 0]
    assert table.loc[3, ["title", "series"]].tolist() == ["test", "mase"]


def test_a_nan_metric_is_kept_as_nan(tracker):
    tracker.log_scalar("validation", "mae", float("nan"), 0)
    assert np.isnan(pd.read_csv(tracker.run_dir / "scalars.csv")["value"][0])


@pytest.mark.parametrize(
    "args, message",
    [
        (("", "mae", 1.0, 0), "title"),
        (("val", "mae", "1.0", 0), "must be a number"),
        (("val", "mae", 1.0, 1.5), "iteration must be an integer"),
    ],
)
def test_bad_scalars_are_refused(tracker, args, message):
    with pytest.raises(ValueError, match=message):
        tracker.log_scalar(*args)


def test_artifacts_use_csv_json_copy_or_pickle(tmp_path, tracker):
    board = pd.DataFrame({"model": ["naive", "ets"], "mae": [30.5, 21.0]})
    assert tracker.log_artifact("leaderboard", board).name == "leaderboard.csv"
    pd.testing.assert_frame_equal(pd.read_csv(tracker.run_dir / "artifacts/leaderboard.csv"), board)

    summary = {"best": "ets", "mae": np.float64(21.0)}
    path = tracker.log_artifact("summary", summary)
    assert json.loads(path.read_text()) == {"best": "ets", "mae": 21.0}

    source = tmp_path / "forecast.csv"
    source.write_text("t,y\n1,2\n")
    assert tracker.log_artifact("forecast", source).read_text() == "t,y\n1,2\n"

    path = tracker.log_artifact("model", np.arange(5))
    assert path.suffix == ".pkl"
    np.testing.assert_array_equal(pickle.loads(path.read_bytes()), np.arange(5))


def test_a_leaderboard_of_records_is_json_and_odd_values_are_pickled_not_mangled(tracker):
    board = [{"name": "theta", "score": np.float64(0.91), "params": {"season": 12}}]
    path = tracker.log_artifact("leaderboard", board)
    assert json.loads(path.read_text()) == [
        {"name": "theta", "score": 0.91, "params": {"season": 12}}
    ]
    odd = {"when": pd.Timestamp("2024-01-01"), "n": 3}
    path = tracker.log_artifact("odd", odd)
    assert path.suffix == ".pkl" and pickle.loads(path.read_bytes()) == odd


def test_artifact_names_cannot_escape_the_run_folder(tracker):
    with pytest.raises(ValueError, match="no path separators"):
        tracker.log_artifact("../evil", {"a": 1})


def test_names_with_path_separators_are_refused(tmp_path):
    for project in ("/abs", "a/../b", "a//b", "a/", "..", "a\\b"):
        with pytest.raises(ValueError, match="project"):
            LocalTracker(tmp_path, project, "t")
    with pytest.raises(ValueError, match="task name"):
        LocalTracker(tmp_path, "p", "a/b")
    with pytest.raises(ValueError, match="task name"):
        LocalTracker(tmp_path, "p", "")


def test_a_clearml_project_path_is_accepted_as_nested_folders(tmp_path):
    # the templates log to "<task>/<project name>", as ClearML nests projects
    tracker = LocalTracker(tmp_path, "forecasting/sales-demand", "sales-demand-automl")
    assert tracker.run_dir.parent == tmp_path / "forecasting" / "sales-demand"
    assert get_tracker("forecasting/sales-demand", "t", root_dir=tmp_path, backend="local")


def test_the_dataset_used_and_the_model_registered_are_recorded(tracker, tmp_path):
    data = tmp_path / "sales.csv"
    data.write_text("month,sales\n2024-01,10\n")
    version = tracker.log_dataset_version("sales", [data])
    url = tracker.link_dataset(version)
    assert url.startswith("file://") and url.endswith(f"{version}.json")
    assert tracker.link_dataset("0" * 32) is None  # a version this machine does not hold
    logged = json.loads((tracker.run_dir / "datasets.json").read_text())
    assert [d.get("alias") for d in logged] == [None, "dataset", "dataset"]
    model_url = tracker.register_model("winner", {"w": 1}, {"score": np.float64(0.5)})
    assert pickle.loads((tracker.run_dir / "artifacts" / "winner.pkl").read_bytes()) == {"w": 1}
    assert json.loads((tracker.run_dir / "model.json").read_text())["metadata"] == {"score": 0.5}
    assert model_url.endswith("winner.pkl") and tracker.run_url.startswith("file://")


def test_properties_merge_into_json(tracker):
    tracker.set_properties({"metric": "mase", "components": ["automl-forecasting"]})
    tracker.set_properties({"higher_is_better": False})
    assert json.loads((tracker.run_dir / "properties.json").read_text()) == {
        "components": ["automl-forecasting"], "higher_is_better": False, "metric": "mase"}


def test_logging_after_close_is_an_error(tracker):
    tracker.close()
    tracker.close()
    with pytest.raises(ValueError, match="closed"):
        tracker.log_scalar("a", "b", 1.0)


# --- dataset versions -----------------------------------------------------------------------------


@pytest.fixture
def data_dir(tmp_path):
    folder = tmp_path / "data"
    (folder / "nested").mkdir(parents=True)
    (folder / "train.csv").write_text("t,y\n1,10\n2,12\n")
    (folder / "nested" / "labels.csv").write_text("t,label\n1,0\n")
    return folder


def test_a_version_hashes_its_files(tmp_path, data_dir):
    store = LocalDatasetVersions(tmp_path / "runs", "p")
    version = store.create("sales", [data_dir])
    expected = hashlib.sha256(b"t,y\n1,10\n2,12\n").hexdigest()
    assert version.files["train.csv"] == expected
    assert set(version.files) == {"train.csv", "nested/labels.csv"}
    assert version.parent_id is None and store.verify(version.id)


def test_the_same_content_gives_the_same_version(tmp_path, data_dir):
    store = LocalDatasetVersions(tmp_path / "runs", "p")
    assert store.create("sales", [data_dir]).id == store.create("sales", [data_dir]).id
    assert len(store.list("sales")) == 1


def test_a_child_version_inherits_and_overrides_its_parent(tmp_path, data_dir):
    store = LocalDatasetVersions(tmp_path / "runs", "p")
    v1 = store.create("sales", [data_dir])
    (data_dir / "train.csv").write_text("t,y\n1,10\n2,12\n3,15\n")
    v2 = store.create("sales", [data_dir / "train.csv"], parent_id=v1.id)
    assert v2.parent_id == v1.id and v2.content_hash != v1.content_hash
    assert v2.files["nested/labels.csv"] == v1.files["nested/labels.csv"]
    copy = store.get_local_copy(v1.id, tmp_path / "v1")
    assert (copy / "train.csv").read_text() == "t,y\n1,10\n2,12\n"  # v1 is immutable
    copy = store.get_local_copy(v2.id, tmp_path / "v2")
    assert (copy / "train.csv").read_text().endswith("3,15\n")
    assert (copy / "nested/labels.csv").exists()
    assert [v.id for v in store.list("sales")] == [v1.id, v2.id]


def test_a_tampered_blob_fails_verification(tmp_path, data_dir):
    store = LocalDatasetVersions(tmp_path / "runs", "p")
    version = store.create("sales", [data_dir])
    blob = tmp_path / "runs/p/.datasets/blobs" / version.files["train.csv"]
    blob.write_text("changed")
    assert not store.verify(version.id)


def test_bad_dataset_inputs_are_explained(tmp_path, data_dir):
    store = LocalDatasetVersions(tmp_path / "runs", "p")
    with pytest.raises(ValueError, match="at least one"):
        store.create("sales", [])
    with pytest.raises(ValueError, match="does not exist"):
        store.create("sales", [tmp_path / "missing.csv"])
    with pytest.raises(ValueError, match="no dataset version 'nope'"):
        store.create("sales", [data_dir], parent_id="nope")


def test_the_tracker_records_which_versions_a_run_used(tracker, data_dir):
    version_id = tracker.log_dataset_version("sales", [data_dir])
    logged = json.loads((tracker.run_dir / "datasets.json").read_text())
    assert [entry["id"] for entry in logged] == [version_id]
    store = LocalDatasetVersions(tracker.root_dir, tracker.project)
    assert store.get(version_id).content_hash == logged[0]["content_hash"]


# --- choosing a tracker ---------------------------------------------------------------------------


def test_without_clearml_get_tracker_is_local_and_says_why(tmp_path, monkeypatch, caplog):
    monkeypatch.setitem(sys.modules, "clearml", None)  # makes `import clearml` fail
    monkeypatch.setenv("CLEARML_API_HOST", "https://api.example.org")
    with caplog.at_level(logging.INFO, logger="mlops_components.tracking"):
        tracker = get_tracker("p", "t", root_dir=tmp_path)
    assert isinstance(tracker, LocalTracker) and tracker.run_dir.parent == tmp_path / "p"
    assert "local files" in caplog.text and "not installed" in caplog.text


def test_forcing_clearml_without_it_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "clearml", None)
    with pytest.raises(ValueError, match="clearml package is not installed"):
        get_tracker("p", "t", root_dir=tmp_path, backend="clearml")


def test_the_local_root_defaults_to_the_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "clearml", None)
    monkeypatch.setenv("MLOPS_TRACKING_DIR", str(tmp_path / "env-root"))
    assert get_tracker("p", "t").run_dir.parent == tmp_path / "env-root" / "p"
