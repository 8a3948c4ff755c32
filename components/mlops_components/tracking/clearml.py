"""Experiment tracking and dataset versioning on a ClearML server, through the ClearML SDK."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any, Iterable, Mapping

from ..registry import component
from .base import OneRun
from .local import check_scalar, clean_params


def _text(value: Any) -> str:
    """A property value as ClearML shows it: lists joined by commas, booleans lowercase."""
    if isinstance(value, (list, tuple)):
        return ",".join(_text(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _clearml() -> Any:
    try:
        return importlib.import_module("clearml")
    except ImportError as exc:
        raise ImportError(
            "ClearMLTracker needs the ClearML SDK: pip install 'mlops-components[clearml]' "
            "and configure it with clearml-init (or CLEARML_API_HOST and its key variables)"
        ) from exc


@component(
    name="clearml-tracker",
    tasks=("forecasting", "classification", "anomaly-detection"),
    category="tracking",
)
class ClearMLTracker(OneRun):
    """Report an experiment to a ClearML server as one ClearML task.

    Creates a new task with ``Task.init(project_name=..., task_name=..., reuse_last_task_id=False)``
    and maps the tracker methods onto the SDK: parameters go to ``task.connect``, scalars to
    ``task.get_logger().report_scalar``, artifacts to ``task.upload_artifact`` (objects ClearML
    cannot store natively are pickled), and :meth:`log_dataset_version` creates a ClearML Data
    version with ``Dataset.create`` / ``add_files`` / ``upload`` / ``finalize``. Credentials come
    from the SDK's own configuration (``clearml.conf`` or ``CLEARML_*`` variables); this class never
    reads or logs them, and parameter keys that look like secrets are redacted before sending.

    ## When to use

    Use it when the team's ClearML server is configured on the machine; :func:`get_tracker` picks it
    automatically in that case and falls back to :class:`LocalTracker` otherwise. It needs the
    optional dependency: ``pip install "mlops-components[clearml]"``. The SDK runs one task per
    process, so :meth:`close` a tracker before creating the next one.

    ## Example

    ```python
    from mlops_components.tracking import get_tracker

    # ClearMLTracker when clearml is installed and configured, LocalTracker otherwise
    tracker = get_tracker(project="forecasting", task_name="airline-seasonal-naive")
    tracker.log_params({"season_length": 12})
    tracker.log_scalar("test", "mase", 0.87, iteration=0)
    tracker.close()
    ```
    """

    def __init__(self, project: str, task_name: str) -> None:
        if not project or not task_name:
            raise ValueError("a ClearML task needs a non-empty project and task name")
        self.project = project
        self.task_name = task_name
        self._task = _clearml().Task.init(
            project_name=project, task_name=task_name, reuse_last_task_id=False
        )

    @property
    def task_id(self) -> str:
        """The ClearML task id (open it in the ClearML web app)."""
        return self._task.id

    def _run_label(self) -> str:
        return f"the ClearML task {self.task_name!r}"

    def log_params(self, params: Mapping[str, Any]) -> None:
        """Connect the parameters to the task (they appear under its hyperparameters)."""
        self._check_open()
        self._task.connect(clean_params(params))

    def log_scalar(self, title: str, series: str, value: float, iteration: int = 0) -> None:
        """Report one point of the ``title``/``series`` scalar plot."""
        self._check_open()
        value, iteration = check_scalar(title, series, value, iteration)
        self._task.get_logger().report_scalar(title, series, value, iteration)

    def log_artifact(self, name: str, obj: Any) -> None:
        """Upload ``obj`` as a task artifact (tables, dicts, arrays, files natively; else pickled)."""
        self._check_open()
        if not name:
            raise ValueError("an artifact needs a non-empty name")
        self._task.upload_artifact(name, artifact_object=obj, auto_pickle=True)

    def log_dataset_version(
        self, name: str, paths: Iterable[str | Path], parent_id: str | None = None
    ) -> str:
        """Create, upload and finalize a ClearML Data version of the given files; returns its id."""
        self._check_open()
        if isinstance(paths, (str, Path)):
            paths = [paths]
        paths = [Path(p) for p in paths]
        if not paths:
            raise ValueError(f"dataset {name!r}: give at least one file or folder to version")
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise ValueError(f"dataset {name!r}: {', '.join(missing)} does not exist")
        dataset = _clearml().Dataset.create(
            dataset_name=name,
            dataset_project=self.project,
            parent_datasets=[parent_id] if parent_id else None,
        )
        for path in paths:
            dataset.add_files(path=str(path))
        dataset.upload()
        dataset.finalize()
        return dataset.id

    def link_dataset(self, dataset_id: str, alias: str = "dataset") -> str | None:
        """Record that this run used the ClearML dataset version ``dataset_id``; returns its web URL.

        ``Dataset.get(dataset_id=..., alias=...)`` records the id on the task (the hyperparameter
        section "Datasets", which the web app shows as a link to the version), and the version's web
        page is attached to the task as a link artifact named ``alias`` (a URL is registered, not
        uploaded).
        """
        self._check_open()
        clearml = _clearml()
        dataset = clearml.Dataset.get(dataset_id=dataset_id, alias=alias)
        url = clearml.Task.get_task(task_id=dataset.id).get_output_log_web_page()
        self._task.upload_artifact(alias, artifact_object=url)
        return url

    def register_model(self, name: str, model: Any, metadata: Mapping[str, Any] | None = None) -> str:
        """Register ``model`` (pickled) in ClearML's model registry as this task's output model.

        ``OutputModel(task=..., name=..., framework="scikit-learn")`` then ``update_weights`` uploads
        the pickle; the model appears in the project's Models list. ``metadata`` (scores, winner)
        is kept as the model's design (``config_dict``). Returns the model id.
        """
        self._check_open()
        if not name:
            raise ValueError("a model needs a non-empty name")
        import os
        import pickle
        import tempfile

        # the SDK uploads in the background and deletes the file once uploaded (auto_delete_file)
        handle, path = tempfile.mkstemp(prefix=f"{name}-", suffix=".pkl")
        with os.fdopen(handle, "wb") as fh:
            pickle.dump(model, fh)
        output = _clearml().OutputModel(
            task=self._task, name=name, framework="scikit-learn",
            config_dict=clean_params(metadata or {}),
        )
        output.update_weights(weights_filename=path, auto_delete_file=True)
        return output.id

    def set_properties(self, properties: Mapping[str, Any]) -> None:
        """Describe the run with named text values: the task's *user properties*.

        ``task.set_user_properties`` keeps them in the hyperparameter section ``properties`` (the
        web app's CONFIGURATION > USER PROPERTIES), where the portal's leaderboard reads the
        metric, the dataset version and the winning components of a run. Unlike :meth:`log_params`
        they may be set at any time, also once the run has its result. Values are sent as text;
        credential-like keys are redacted.
        """
        self._check_open()
        values = {k: _text(v) for k, v in clean_params(properties).items()}
        self._task.set_user_properties(values)

    @property
    def run_url(self) -> str:
        """The task's page in the ClearML web app."""
        return self._task.get_output_log_web_page()

    def _end(self) -> None:
        """Close the ClearML task (marks it completed)."""
        self._task.close()
