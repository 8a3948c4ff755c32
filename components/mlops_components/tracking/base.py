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
