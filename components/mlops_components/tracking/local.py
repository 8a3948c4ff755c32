"""Experiment tracking and dataset versioning in local files, for work without a ClearML server."""

from __future__ import annotations

import csv
import hashlib
import json
import pickle
import re
import shutil
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

from ..registry import component
from .base import OneRun

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._=+-]*$")
_SECRET_KEY = re.compile(
    r"secret|password|passwd|token|api[_-]?key|access[_-]?key|credential", re.IGNORECASE
)
REDACTED = "***redacted***"


def _check_name(kind: str, value: str) -> str:
    if not isinstance(value, str) or not _SAFE_NAME.match(value):
        raise ValueError(
            f"{kind} {value!r} must be a non-empty name of letters, digits, spaces and . _ = + - "
            "(no path separators)"
        )
    return value


def check_project(value: str) -> str:
    """A project path as ClearML names projects: names joined by ``/`` (``forecasting/sales``).

    Each part follows the rule of :func:`_check_name`, so a path can neither be absolute nor climb
    out of the tracking folder (``..``, empty parts and backslashes are refused).
    """
    parts = value.split("/") if isinstance(value, str) else [value]
    if not all(isinstance(p, str) and _SAFE_NAME.match(p) for p in parts):
        raise ValueError(
            f"project {value!r} must be names of letters, digits, spaces and . _ = + - joined by "
            "'/' (a ClearML project path such as 'forecasting/sales-demand')"
        )
    return value


def _plain(value: Any) -> Any:
    """Turn numpy scalars/arrays and other values into what JSON and ClearML parameters hold."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return repr(value)


def _json_or_none(obj: Any) -> str | None:
    """``obj`` as JSON text when it holds only JSON values (numpy ones included), else None."""

    def numpy_values(value: Any) -> Any:
        if isinstance(value, (np.generic, np.ndarray)):
            return value.tolist()
        raise TypeError(type(value).__name__)

    try:
        return json.dumps(obj, indent=2, sort_keys=True, default=numpy_values) + "\n"
    except (TypeError, ValueError):
        return None


def clean_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """Parameters ready to record: plain JSON values, and any credential-like key's value redacted.

    Trackers never store credentials: a key that names a secret, password, token or API/access key
    is kept (so you see it was set) but its value is replaced by ``***redacted***``.
    """
    if not isinstance(params, Mapping):
        raise ValueError(f"params must map names to values, got {type(params).__name__}")

    def scrub(mapping: Mapping[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in mapping.items():
            key = str(key)
            if _SECRET_KEY.search(key):
                out[key] = REDACTED
            elif isinstance(value, Mapping):
                out[key] = scrub(value)
            else:
                out[key] = _plain(value)
        return out

    return scrub(params)


def check_scalar(title: str, series: str, value: float, iteration: int) -> tuple[float, int]:
    """Validate one scalar report and return ``(value, iteration)`` as float and int."""
    if not title or not series:
        raise ValueError("a scalar needs a non-empty title (the chart) and series (the line)")
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
        raise ValueError(f"scalar {title}/{series} must be a number, got {type(value).__name__}")
    if isinstance(iteration, bool) or not isinstance(iteration, (int, np.integer)):
        raise ValueError(
            f"scalar {title}/{series}: iteration must be an integer, got {iteration!r}"
        )
    return float(value), int(iteration)


@component(
    name="local-tracker",
    tasks=("forecasting", "classification", "anomaly-detection"),
    category="tracking",
)
class LocalTracker(OneRun):
    """Record an experiment's parameters, metrics and artifacts as plain files in a run folder.

    Each tracker writes one run folder, ``<root_dir>/<project>/<task_name>-<UTC timestamp>/``,
    holding ``params.json``, ``scalars.csv`` (columns ``title, series, iteration, value``), an
    ``artifacts/`` folder (DataFrames as CSV, dicts and lists as JSON, existing file paths copied,
    anything else pickled) and ``run.json`` (names, start/end time, status). It has the same methods as the
    ClearML tracker, so an organism reports the same way whether or not ClearML is configured.

    ## When to use

    Use it on a laptop, in CI, or anywhere without a ClearML server; :func:`get_tracker` picks it
    automatically in that case. Use :meth:`log_dataset_version` to record exactly which data files a
    run used (a content-hashed version, see :class:`LocalDatasetVersions`).

    ## Example

    ```python
    import tempfile
    import pandas as pd
    from mlops_components.tracking import LocalTracker

    tracker = LocalTracker(tempfile.mkdtemp(), project="demo", task_name="seasonal-naive")
    tracker.log_params({"season_length": 12})
    for step, mae in enumerate([31.2, 27.9, 25.4]):
        tracker.log_scalar("validation", "mae", mae, iteration=step)
    tracker.log_artifact("leaderboard", pd.DataFrame({"model": ["naive"], "mae": [25.4]}))
    tracker.close()
    print(sorted(p.name for p in tracker.run_dir.iterdir()))
    ```
    """

    def __init__(self, root_dir: str | Path, project: str, task_name: str) -> None:
        self.root_dir = Path(root_dir)
        self.project = check_project(project)
        self.task_name = _check_name("task name", task_name)
        self.run_dir = self._new_run_dir()
        self._params: dict[str, Any] = {}
        self._started = datetime.now(timezone.utc)
        self._write_run_info(status="in_progress")
        with open(self.run_dir / "scalars.csv", "w", newline="") as fh:
            csv.writer(fh).writerow(["title", "series", "iteration", "value"])

    def _new_run_dir(self) -> Path:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        parent = self.root_dir / self.project
        parent.mkdir(parents=True, exist_ok=True)
        for attempt in range(1000):
            suffix = "" if attempt == 0 else f"-{attempt}"
            path = parent / f"{self.task_name}-{stamp}{suffix}"
            try:
                path.mkdir()
            except FileExistsError:
                continue
            (path / "artifacts").mkdir()
            return path
        raise RuntimeError(f"could not create a new run folder under {parent}")

    def _write_run_info(self, status: str) -> None:
        info = {
            "project": self.project,
            "task_name": self.task_name,
            "started": self._started.isoformat(),
            "status": status,
        }
        if status == "completed":
            info["ended"] = datetime.now(timezone.utc).isoformat()
        (self.run_dir / "run.json").write_text(json.dumps(info, indent=2) + "\n")

    def _run_label(self) -> str:
        return f"the run {self.run_dir.name}"

    def log_params(self, params: Mapping[str, Any]) -> None:
        """Merge ``params`` into the run's ``params.json`` (credential-like keys are redacted)."""
        self._check_open()
        self._params.update(clean_params(params))
        text = json.dumps(self._params, indent=2, sort_keys=True, allow_nan=True)
        (self.run_dir / "params.json").write_text(text + "\n")

    def log_scalar(self, title: str, series: str, value: float, iteration: int = 0) -> None:
        """Append one point of the ``title``/``series`` curve to ``scalars.csv``."""
        self._check_open()
        value, iteration = check_scalar(title, series, value, iteration)
        with open(self.run_dir / "scalars.csv", "a", newline="") as fh:
            csv.writer(fh).writerow([title, series, iteration, repr(value)])

    def log_artifact(self, name: str, obj: Any) -> Path:
        """Store ``obj`` under ``artifacts/`` and return the file written.

        DataFrames and Series are written as CSV; dicts and lists as JSON when every value is a
        JSON value (numbers, text, lists, dicts, numpy values); an existing file path is copied;
        anything else is pickled, so nothing is stored lossily.
        """
        self._check_open()
        _check_name("artifact name", name)
        folder = self.run_dir / "artifacts"
        if isinstance(obj, pd.Series):
            obj = obj.to_frame()
        if isinstance(obj, pd.DataFrame):
            path = folder / f"{name}.csv"
            obj.to_csv(path, index=not isinstance(obj.index, pd.RangeIndex))
        elif isinstance(obj, (Mapping, list, tuple)) and (text := _json_or_none(obj)) is not None:
            path = folder / f"{name}.json"
            path.write_text(text)
        elif isinstance(obj, Path) or (isinstance(obj, str) and Path(obj).is_file()):
            source = Path(obj)
            if not source.is_file():
                raise ValueError(f"artifact {name!r}: {source} is not a file")
            path = folder / f"{name}{''.join(source.suffixes)}"
            shutil.copyfile(source, path)
        else:
            path = folder / f"{name}.pkl"
            with open(path, "wb") as fh:
                pickle.dump(obj, fh)
        return path

    def log_dataset_version(
        self, name: str, paths: Iterable[str | Path], parent_id: str | None = None
    ) -> str:
        """Record the data files this run used as a dataset version; returns the version id.

        Versions are stored under ``<root_dir>/<project>/.datasets`` (see
        :class:`LocalDatasetVersions`) and the run's ``datasets.json`` lists the ids it logged.
        """
        self._check_open()
        version = LocalDatasetVersions(self.root_dir, self.project).create(name, paths, parent_id)
        record = self.run_dir / "datasets.json"
        logged = json.loads(record.read_text()) if record.exists() else []
        logged.append({"name": name, "id": version.id, "content_hash": version.content_hash})
        record.write_text(json.dumps(logged, indent=2) + "\n")
        return version.id

    def link_dataset(self, dataset_id: str, alias: str = "dataset") -> str | None:
        """Record that this run used the dataset version ``dataset_id``; returns its address.

        A local version (see :meth:`log_dataset_version`) is addressed by its manifest's file URL;
        an id this machine does not know (a ClearML version used offline) is recorded as given and
        has no address (None).
        """
        self._check_open()
        _check_name("dataset alias", alias)
        try:
            url: str | None = LocalDatasetVersions(self.root_dir, self.project)._manifest(
                dataset_id).resolve().as_uri()
        except ValueError:
            url = None
        record = self.run_dir / "datasets.json"
        logged = json.loads(record.read_text()) if record.exists() else []
        logged.append({"alias": alias, "id": dataset_id, "url": url})
        record.write_text(json.dumps(logged, indent=2) + "\n")
        return url

    def register_model(self, name: str, model: Any, metadata: Mapping[str, Any] | None = None) -> str:
        """Keep ``model`` (pickled) as the run's registered model; returns the file's URL.

        The local counterpart of ClearML's model registry: ``artifacts/<name>.pkl`` and
        ``model.json`` (the name and ``metadata``) in the run folder.
        """
        self._check_open()
        _check_name("model name", name)
        path = self.run_dir / "artifacts" / f"{name}.pkl"
        with open(path, "wb") as fh:
            pickle.dump(model, fh)
        info = {"name": name, "file": path.name, "metadata": clean_params(metadata or {})}
        (self.run_dir / "model.json").write_text(json.dumps(info, indent=2, sort_keys=True) + "\n")
        return path.resolve().as_uri()

    def set_properties(self, properties: Mapping[str, Any]) -> None:
        """Merge named values describing the run (its metric, dataset version, winning components)
        into ``properties.json``: the local counterpart of ClearML's user properties."""
        self._check_open()
        path = self.run_dir / "properties.json"
        merged = json.loads(path.read_text()) if path.exists() else {}
        merged.update(clean_params(properties))
        path.write_text(json.dumps(merged, indent=2, sort_keys=True) + "\n")

    @property
    def run_url(self) -> str | None:
        """Where the run can be seen: its folder, as a file URL."""
        return self.run_dir.resolve().as_uri()

    def _end(self) -> None:
        self._write_run_info(status="completed")


@dataclass(frozen=True)
class DatasetVersion:
    """One immutable version of a named dataset: its files (relative path -> sha256) and lineage."""

    id: str
    name: str
    project: str
    parent_id: str | None
    content_hash: str
    files: dict[str, str]
    created: str


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _content_hash(files: Mapping[str, str]) -> str:
    """A hash of the whole version: every relative path with its file hash, in sorted order."""
    digest = hashlib.sha256()
    for rel, file_hash in sorted(files.items()):
        digest.update(f"{rel}\0{file_hash}\n".encode())
    return digest.hexdigest()


@component(
    name="local-dataset-versions",
    tasks=("forecasting", "classification", "anomaly-detection"),
    category="tracking",
)
class LocalDatasetVersions:
    """Version data files locally the way ClearML Data does: content-hashed versions with a parent.

    A version is created from files or folders; it inherits its parent version's files (a file with
    the same relative path replaces the parent's). Every file is stored once, by its SHA-256, under
    ``<root_dir>/<project>/.datasets/blobs``; each version is a manifest
    ``.datasets/<name>/<id>.json`` mapping relative paths to file hashes. The version id is derived
    from the name, the parent and the content hash, so creating the same version twice returns the
    existing one.

    ## When to use

    Use it (or :meth:`LocalTracker.log_dataset_version`) to pin the exact data a run used when no
    ClearML server is available. With a server,
    :class:`~mlops_components.tracking.clearml.ClearMLTracker` creates real ClearML Data versions
    instead (``Dataset.create`` / ``add_files`` / ``upload`` / ``finalize``).

    ## Example

    ```python
    import tempfile
    from pathlib import Path
    from mlops_components.tracking import LocalDatasetVersions

    root = Path(tempfile.mkdtemp())
    (root / "sales.csv").write_text("month,sales\\n2024-01,10\\n")
    store = LocalDatasetVersions(root / "tracking", project="demo")
    v1 = store.create("sales", [root / "sales.csv"])
    (root / "sales.csv").write_text("month,sales\\n2024-01,10\\n2024-02,12\\n")
    v2 = store.create("sales", [root / "sales.csv"], parent_id=v1.id)
    print(v1.id, v2.id, v2.parent_id == v1.id, store.verify(v2.id))
    ```
    """

    def __init__(self, root_dir: str | Path, project: str) -> None:
        self.root_dir = Path(root_dir)
        self.project = check_project(project)

    @property
    def _base(self) -> Path:
        return self.root_dir / self.project / ".datasets"

    def _manifest(self, version_id: str) -> Path:
        matches = sorted(self._base.glob(f"*/{version_id}.json")) if self._base.exists() else []
        if not matches:
            raise ValueError(f"no dataset version {version_id!r} in project {self.project!r}")
        return matches[0]

    def get(self, version_id: str) -> DatasetVersion:
        """Load a version by id."""
        return DatasetVersion(**json.loads(self._manifest(version_id).read_text()))

    def list(self, name: str | None = None) -> list[DatasetVersion]:
        """All versions (of one dataset when ``name`` is given), oldest first."""
        if not self._base.exists():
            return []
        pattern = f"{_check_name('dataset name', name)}/*.json" if name else "*/*.json"
        versions = [DatasetVersion(**json.loads(p.read_text())) for p in self._base.glob(pattern)]
        return sorted(versions, key=lambda v: (v.created, v.id))

    def create(
        self, name: str, paths: Iterable[str | Path], parent_id: str | None = None
    ) -> DatasetVersion:
        """Create (or return the identical existing) version of ``name`` from files and folders."""
        _check_name("dataset name", name)
        if isinstance(paths, (str, Path)):
            paths = [paths]
        paths = [Path(p) for p in paths]
        if not paths:
            raise ValueError(f"dataset {name!r}: give at least one file or folder to version")
        files: dict[str, str] = dict(self.get(parent_id).files) if parent_id else {}
        added: dict[str, Path] = {}
        for path in paths:
            if path.is_file():
                added[path.name] = path
            elif path.is_dir():
                found = sorted(p for p in path.rglob("*") if p.is_file())
                if not found:
                    raise ValueError(f"dataset {name!r}: folder {path} holds no files")
                added.update({p.relative_to(path).as_posix(): p for p in found})
            else:
                raise ValueError(f"dataset {name!r}: {path} does not exist")
        blobs = self._base / "blobs"
        blobs.mkdir(parents=True, exist_ok=True)
        for rel, source in added.items():
            file_hash = _sha256(source)
            blob = blobs / file_hash
            if not blob.exists():
                shutil.copyfile(source, blob)
            files[rel] = file_hash
        content = _content_hash(files)
        identity = f"{name}\0{parent_id or ''}\0{content}".encode()
        version_id = hashlib.sha256(identity).hexdigest()[:16]
        manifest = self._base / name / f"{version_id}.json"
        if manifest.exists():
            return DatasetVersion(**json.loads(manifest.read_text()))
        version = DatasetVersion(
            id=version_id,
            name=name,
            project=self.project,
            parent_id=parent_id,
            content_hash=content,
            files=dict(sorted(files.items())),
            created=datetime.now(timezone.utc).isoformat(),
        )
        manifest.parent.mkdir(parents=True, exist_ok=True)
        manifest.write_text(json.dumps(asdict(version), indent=2) + "\n")
        return version

    def get_local_copy(self, version_id: str, dest: str | Path) -> Path:
        """Write the version's files (its own and inherited) under ``dest`` and return it."""
        version = self.get(version_id)
        dest = Path(dest)
        for rel, file_hash in version.files.items():
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self._base / "blobs" / file_hash, target)
        return dest

    def verify(self, version_id: str) -> bool:
        """True when every stored file still has the hash recorded in the version."""
        version = self.get(version_id)
        blobs = self._base / "blobs"
        return all(
            (blobs / h).is_file() and _sha256(blobs / h) == h for h in version.files.values()
        ) and _content_hash(version.files) == version.content_hash


__all__ = [
    "DatasetVersion",
    "LocalDatasetVersions",
    "LocalTracker",
    "REDACTED",
    "check_project",
    "check_scalar",
    "clean_params",
]
