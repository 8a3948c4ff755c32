"""The tracker interface the organisms report to."""

from __future__ import annotations

from typing import Any, Mapping, Protocol, runtime_checkable


@runtime_checkable
class Tracker(Protocol):
    """Where an organism reports what it did: parameters, scalar metrics and artifacts.

    Implementations: :class:`~mlops_components.tracking.local.LocalTracker` (files) and
    :class:`~mlops_components.tracking.clearml.ClearMLTracker` (a ClearML task).
    """

    def log_params(self, params: Mapping[str, Any]) -> None: ...

    def log_scalar(self, title: str, series: str, value: float, iteration: int = 0) -> None: ...

    def log_artifact(self, name: str, obj: Any) -> None: ...

    def close(self) -> None: ...


class OneRun:
    """What both trackers share: one run, which refuses to log once it is closed.

    A tracker names its run for the error (``_run_label``) and says how the run ends (``_end``);
    every logging method starts with ``self._check_open()``.
    """

    _closed = False

    def _run_label(self) -> str:
        raise NotImplementedError

    def _end(self) -> None:
        raise NotImplementedError

    def _check_open(self) -> None:
        if self._closed:
            raise ValueError(f"{self._run_label()} is closed; start a new tracker")

    def close(self) -> None:
        """End the run (marks it completed). Closing twice is harmless; logging after closing is
        an error."""
        if not self._closed:
            self._end()
            self._closed = True


class NullTracker:
    """A tracker that records nothing, for callers that do not want tracking."""

    def log_params(self, params: Mapping[str, Any]) -> None:
        pass

    def log_scalar(self, title: str, series: str, value: float, iteration: int = 0) -> None:
        pass

    def log_artifact(self, name: str, obj: Any) -> None:
        pass

    def link_dataset(self, dataset_id: str, alias: str = "dataset") -> None:
        return None

    def register_model(self, name: str, model: Any, metadata: Mapping[str, Any] | None = None) -> None:
        return None

    def set_properties(self, properties: Mapping[str, Any]) -> None:
        pass

    run_url = None

    def close(self) -> None:
        pass
