"""The ClearML tracker, tested against a faithful fake of the part of the ClearML SDK it uses.

clearml cannot be installed here, so ``fake_clearml`` puts a module named ``clearml`` into
``sys.modules``. Its methods copy the real SDK's signatures (parameter names and defaults, from
clearml's ``task.py``, ``logger.py`` and ``datasets/dataset.py``), so a call with a misspelt or
invented keyword fails with TypeError exactly as it would against the real SDK, and it reproduces
the SDK rules the tracker relies on: a closed task refuses ``connect``, a dataset cannot be
finalized with pending uploads, and a parent dataset must exist and be finalized.
"""

import hashlib
import logging
import pickle
import sys
import types
import uuid
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mlops_components.tracking import ClearMLTracker, LocalTracker, Tracker, get_tracker
from mlops_components.tracking.local import REDACTED


class UsageError(RuntimeError):
    pass


class FakeLogger:
    def __init__(self, task):
        self._task = task

    def report_scalar(self, title, series, value, iteration):
        self._task.calls.append(("report_scalar", title, series, float(value), iteration))


class FakeTask:
    """Task.init / connect / get_logger / upload_artifact / close, with the SDK's signatures."""

    class TaskTypes:
        training = "training"

    main_task = None
    created: list = []

    def __init__(self, project_name, task_name):
        self.id = uuid.uuid4().hex
        self.project_name = project_name
        self.name = task_name
        self.calls: list = []
        self.artifacts: dict = {}
        self.closed = False

    @classmethod
    def init(
        cls,
        project_name=None,
        task_name=None,
        task_type=TaskTypes.training,
        tags=None,
        reuse_last_task_id=True,
        continue_last_task=False,
        output_uri=None,
        auto_connect_arg_parser=True,
        auto_connect_frameworks=True,
        auto_resource_monitoring=True,
        auto_connect_streams=True,
        deferred_init=False,
    ):
        if cls.main_task is not None:
            # the SDK returns the running main task, and refuses other names until it is closed
            if (project_name, task_name) != (cls.main_task.project_name, cls.main_task.name):
                raise UsageError("Current task already created; close it before calling Task.init")
            return cls.main_task
        task = cls(project_name, task_name)
        task.init_kwargs = dict(reuse_last_task_id=reuse_last_task_id, task_type=task_type)
        cls.main_task = task
        cls.created.append(task)
        return task

    def connect(self, mutable, name=None, ignore_remote_overrides=False):
        if self.closed:
            raise ValueError("Task object can only be updated if created or in_progress")
        if isinstance(mutable, dict) and any(not isinstance(k, str) for k in mutable):
            raise ValueError("only str keys are supported in connected dictionaries")
        self.calls.append(("connect", dict(mutable), name))
        return mutable

    def get_logger(self):
        return FakeLogger(self)

    def upload_artifact(
        self,
        name,
        artifact_object,
        metadata=None,
        delete_after_upload=False,
        auto_pickle=None,
        preview=None,
        wait_on_upload=False,
        extension_name=None,
        serialization_function=None,
        retries=0,
        sort_keys=True,
    ):
        native = (str, Path, dict, pd.DataFrame, np.ndarray)
        if not isinstance(artifact_object, native) and not auto_pickle:
            raise ValueError(f"Artifact type {type(artifact_object)} not supported")
        self.artifacts[name] = pickle.dumps(artifact_object)
        self.calls.append(("upload_artifact", name))
        return True

    def close(self):
        self.closed = True
        if FakeTask.main_task is self:
            FakeTask.main_task = None

    @classmethod
    def get_task(cls, task_id=None, project_name=None, task_name=None, tags=None,
                 allow_archived=True, task_filter=None):
        known = {t.id: t for t in cls.created}
        known.update({d.id: d for d in FakeDataset.store.values()})  # a dataset is a task
        if task_id not in known:
            raise ValueError(f"No task found with id {task_id}")
        found = known[task_id]
        if isinstance(found, FakeTask):
            return found
        backing = FakeTask(found.project, found.name)
        backing.id = found.id
        return backing

    def get_output_log_web_page(self):
        return f"https://app.clearml.example.org/projects/*/experiments/{self.id}/output/log"

    def set_parameter(self, name, value, description=None, value_type=None):
        self.calls.append(("set_parameter", name, value))

    def set_user_properties(self, *iterables, **properties):
        if self.closed:
            raise ValueError("Task object can only be updated if created or in_progress")
        merged = {}
        for iterable in iterables:
            merged.update(iterable)
        merged.update(properties)
        self.calls.append(("set_user_properties", merged))
        return True


class FakeDataset:
    """Dataset.create / add_files / upload / finalize / id, with the SDK's signatures and rules."""

    store: dict = {}

    def __init__(self, name, project, parents):
        self.id = uuid.uuid4().hex
        self.name, self.project, self.parents = name, project, parents
        self.files: dict = {}
        for parent in parents:
            self.files.update(parent.files)
        self.dirty = False
        self.finalized = False

    @classmethod
    def create(
        cls,
        dataset_name=None,
        dataset_project=None,
        dataset_tags=None,
        parent_datasets=None,
        use_current_task=False,
        dataset_version=None,
        output_uri=None,
        description=None,
    ):
        parents = []
        for parent in parent_datasets or []:
            if isinstance(parent, str):
                if parent not in cls.store:
                    raise ValueError(f"Could not get dataset with id={parent}")
                parent = cls.store[parent]
            parents.append(parent)
        if any(not p.finalized for p in parents):
            raise ValueError("Cannot inherit from a parent that was not finalized/closed")
        dataset = cls(dataset_name, dataset_project, parents)
        cls.store[dataset.id] = dataset
        return dataset

    def add_files(
        self,
        path,
        wildcard=None,
        local_base_folder=None,
        dataset_path=None,
        recursive=True,
        verbose=False,
        max_workers=None,
    ):
        path = Path(path)
        found = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for file in found:
            rel = file.name if path.is_file() else file.relative_to(path).as_posix()
            self.files[rel] = hashlib.sha256(file.read_bytes()).hexdigest()
        self.dirty = True
        return len(found)

    def upload(
        self,
        show_progress=True,
        verbose=False,
        output_url=None,
        compression=None,
        chunk_size=None,
        max_workers=None,
        retries=3,
        preview=True,
        upload_as_external_links=False,
    ):
        self.dirty = False

    def finalize(self, verbose=False, raise_on_error=True, auto_upload=False):
        if self.dirty and not auto_upload:
            raise ValueError("Cannot finalize dataset, pending uploads. Call Dataset.upload(...)")
        self.finalized = True
        return True

    @classmethod
    def get(
        cls,
        dataset_id=None,
        dataset_project=None,
        dataset_name=None,
        dataset_tags=None,
        only_completed=False,
        only_published=False,
        include_archived=False,
        auto_create=False,
        writable_copy=False,
        dataset_version=None,
        alias=None,
        overridable=False,
        shallow_search=False,
        **kwargs,
    ):
        if dataset_id not in cls.store:
            raise ValueError(f"Could not find Dataset id={dataset_id}")
        if alias and FakeTask.main_task is not None:
            # the SDK records "alias: id" in the running task's "Datasets" hyperparameter section
            FakeTask.main_task.set_parameter(f"Datasets/{alias}", dataset_id)
        return cls.store[dataset_id]


class FakeOutputModel:
    """OutputModel(...) / update_weights / id, with the SDK's signatures."""

    registered: list = []

    def __init__(self, task=None, config_text=None, config_dict=None, label_enumeration=None,
                 name=None, tags=None, comment=None, framework=None, base_model_id=None):
        if task is None:
            raise ValueError("an output model needs a task (or a running main task)")
        self.id = uuid.uuid4().hex
        self.task, self.name, self.framework = task, name, framework
        self.config_dict = config_dict
        self.weights = None
        FakeOutputModel.registered.append(self)

    def update_weights(self, weights_filename=None, upload_uri=None, target_filename=None,
                       auto_delete_file=True, register_uri=None, iteration=None,
                       update_comment=True, is_package=False, async_enable=True):
        path = Path(weights_filename)
        self.weights = path.read_bytes()
        if auto_delete_file:
            path.unlink()
        return f"https://files.clearml.example.org/{self.name}.pkl"


@pytest.fixture
def fake_clearml(monkeypatch):
    FakeTask.main_task = None
    FakeTask.created = []
    FakeDataset.store = {}
    FakeOutputModel.registered = []
    module = types.ModuleType("clearml")
    module.Task, module.Dataset, module.Logger = FakeTask, FakeDataset, FakeLogger
    module.OutputModel = FakeOutputModel
    monkeypatch.setitem(sys.modules, "clearml", module)
    return module


@pytest.fixture
def tracker(fake_clearml):
    return ClearMLTracker("forecasting", "airline-ets")


def test_a_new_task_is_forced_for_every_tracker(tracker):
    (task,) = FakeTask.created
    assert (task.project_name, task.name) == ("forecasting", "airline-ets")
    assert task.init_kwargs["reuse_last_task_id"] is False
    assert tracker.task_id == task.id
    assert isinstance(tracker, Tracker)


def test_params_scalars_and_artifacts_reach_the_task(tracker):
    task = FakeTask.created[0]
    tracker.log_params({"season_length": np.int64(12), "trend": "add"})
    tracker.log_scalar("validation", "mae", np.float32(2.5), iteration=3)
    board = pd.DataFrame({"model": ["ets"], "mae": [2.5]})
    tracker.log_artifact("leaderboard", board)
    tracker.log_artifact("model", types.SimpleNamespace(weights=[1, 2]))  # pickled by the SDK
    assert task.calls[0] == ("connect", {"season_length": 12, "trend": "add"}, None)
    assert task.calls[1] == ("report_scalar", "validation", "mae", 2.5, 3)
    pd.testing.assert_frame_equal(pickle.loads(task.artifacts["leaderboard"]), board)
    assert pickle.loads(task.artifacts["model"]).weights == [1, 2]


def test_credential_like_params_are_redacted_before_they_are_sent(tracker):
    tracker.log_params({"aws_secret_access_key": "AKIA-very-secret", "lr": 0.1})
    (_, sent, _) = FakeTask.created[0].calls[0]
    assert sent == {"aws_secret_access_key": REDACTED, "lr": 0.1}


def test_close_closes_the_task_and_a_second_tracker_can_start(tracker):
    tracker.close()
    tracker.close()
    assert FakeTask.created[0].closed
    with pytest.raises(ValueError, match="closed"):
        tracker.log_params({"a": 1})
    ClearMLTracker("forecasting", "another-run")  # the SDK would refuse this if the first were open
    assert len(FakeTask.created) == 2


def test_bad_scalars_are_refused_before_reaching_clearml(tracker):
    with pytest.raises(ValueError, match="must be a number"):
        tracker.log_scalar("validation", "mae", None)
    assert FakeTask.created[0].calls == []


def test_dataset_versions_are_created_uploaded_and_finalized(tmp_path, tracker):
    data = tmp_path / "airline.csv"
    data.write_text("month,passengers\n1949-01,112\n")
    first = tracker.log_dataset_version("airline", [data])
    data.write_text("month,passengers\n1949-01,112\n1949-02,118\n")
    extra = tmp_path / "holidays.csv"
    extra.write_text("date\n1949-12-25\n")
    second = tracker.log_dataset_version("airline", [data, extra], parent_id=first)
    v1, v2 = FakeDataset.store[first], FakeDataset.store[second]
    assert v1.finalized and v2.finalized and v2.parents == [v1]
    assert (v1.name, v1.project) == ("airline", "forecasting")
    assert set(v2.files) == {"airline.csv", "holidays.csv"}
    assert v2.files["airline.csv"] != v1.files["airline.csv"]


def test_the_dataset_a_run_used_is_a_link_on_the_task(tmp_path, tracker):
    data = tmp_path / "airline.csv"
    data.write_text("month,passengers\n1949-01,112\n")
    version = tracker.log_dataset_version("airline", [data])
    url = tracker.link_dataset(version)
    task = FakeTask.created[0]
    assert ("set_parameter", "Datasets/dataset", version) in task.calls
    assert url.startswith("https://") and version in url
    assert pickle.loads(task.artifacts["dataset"]) == url  # a link artifact, not a text field
    with pytest.raises(ValueError, match="Could not find"):
        tracker.link_dataset("0" * 32)


def test_the_winner_is_registered_as_the_tasks_output_model(tracker):
    model_id = tracker.register_model("sales-demand", {"weights": [1, 2]},
                                      {"winner": "theta", "mase": np.float64(0.8)})
    (model,) = FakeOutputModel.registered
    assert model.id == model_id and model.task is FakeTask.created[0]
    assert (model.name, model.framework) == ("sales-demand", "scikit-learn")
    assert pickle.loads(model.weights) == {"weights": [1, 2]}
    assert model.config_dict == {"winner": "theta", "mase": 0.8}
    assert tracker.run_url.endswith(f"/experiments/{tracker.task_id}/output/log")


def test_what_the_leaderboard_compares_is_sent_as_user_properties(tracker):
    tracker.set_properties({"metric": "mase", "higher_is_better": False, "dataset_version": None,
                            "components": ["automl-forecasting", "theta"], "api_token": "x"})
    assert FakeTask.created[0].calls == [("set_user_properties", {
        "metric": "mase", "higher_is_better": "false", "dataset_version": "",
        "components": "automl-forecasting,theta", "api_token": REDACTED})]


def test_dataset_errors_are_explained(tmp_path, tracker):
    with pytest.raises(ValueError, match="does not exist"):
        tracker.log_dataset_version("airline", [tmp_path / "missing.csv"])
    with pytest.raises(ValueError, match="at least one"):
        tracker.log_dataset_version("airline", [])


# --- choosing a tracker ---------------------------------------------------------------------------


@pytest.fixture
def no_clearml_config(tmp_path, monkeypatch):
    for var in ("CLEARML_API_HOST", "CLEARML_CONFIG_FILE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    return tmp_path / "home"


def test_clearml_installed_and_configured_by_env_is_used(
    fake_clearml, no_clearml_config, monkeypatch, caplog
):
    monkeypatch.setenv("CLEARML_API_HOST", "https://api.clearml.example.org")
    monkeypatch.setenv("CLEARML_API_ACCESS_KEY", "ACCESS-123")
    monkeypatch.setenv("CLEARML_API_SECRET_KEY", "SECRET-456")
    with caplog.at_level(logging.INFO, logger="mlops_components.tracking"):
        tracker = get_tracker("p", "t", root_dir=no_clearml_config)
    assert isinstance(tracker, ClearMLTracker)
    assert "ClearML" in caplog.text and "CLEARML_API_HOST" in caplog.text
    assert "ACCESS-123" not in caplog.text and "SECRET-456" not in caplog.text


def test_clearml_configured_by_clearml_conf_is_used(fake_clearml, no_clearml_config):
    (no_clearml_config / "clearml.conf").write_text("api { }\n")
    assert isinstance(get_tracker("p", "t", root_dir=no_clearml_config), ClearMLTracker)


def test_clearml_installed_but_not_configured_falls_back_to_local(
    fake_clearml, no_clearml_config, caplog
):
    with caplog.at_level(logging.INFO, logger="mlops_components.tracking"):
        tracker = get_tracker("p", "t", root_dir=no_clearml_config / "runs")
    assert isinstance(tracker, LocalTracker)
    assert "no server is configured" in caplog.text
    assert FakeTask.created == []


def test_local_can_be_forced_even_when_clearml_is_configured(
    fake_clearml, no_clearml_config, monkeypatch
):
    monkeypatch.setenv("CLEARML_API_HOST", "https://api.clearml.example.org")
    tracker = get_tracker("p", "t", root_dir=no_clearml_config / "runs", backend="local")
    assert isinstance(tracker, LocalTracker) and FakeTask.created == []


def test_an_unknown_backend_is_refused(fake_clearml):
    with pytest.raises(ValueError, match="backend must be"):
        get_tracker("p", "t", backend="mlflow")
