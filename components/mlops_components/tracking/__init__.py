"""Where organisms report what they did: a ClearML server when configured, local files otherwise.

Use :func:`get_tracker` to get the right one; both trackers implement :class:`Tracker`
(``log_params``, ``log_scalar``, ``log_artifact``, ``close``) plus ``log_dataset_version``.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from pathlib import Path
from typing import Literal

from .base import NullTracker, Tracker
from .clearml import ClearMLTracker
from .local import DatasetVersion, LocalDatasetVersions, LocalTracker

log = logging.getLogger(__name__)

DEFAULT_ROOT_ENV = "MLOPS_TRACKING_DIR"


def clearml_configuration() -> str | None:
    """Say where ClearML's server configuration comes from, or None when it is not configured.

    Checked in the SDK's order: ``CLEARML_API_HOST``, a ``CLEARML_CONFIG_FILE`` that exists, then
    ``~/clearml.conf``. Only the source is returned, never a value from it.
    """
    if os.environ.get("CLEARML_API_HOST"):
        return "the CLEARML_API_HOST environment variable"
    config_file = os.environ.get("CLEARML_CONFIG_FILE")
    if config_file and Path(config_file).expanduser().is_file():
        return "the file named by CLEARML_CONFIG_FILE"
    if (Path.home() / "clearml.conf").is_file():
        return "~/clearml.conf"
    return None


def _clearml_installed() -> bool:
    try:
        return importlib.util.find_spec("clearml") is not None
    except ValueError:  # a module registered in sys.modules without a spec (e.g. a test double)
        return True


def get_tracker(
    project: str,
    task_name: str,
    root_dir: str | Path | None = None,
    backend: Literal["auto", "clearml", "local"] = "auto",
) -> ClearMLTracker | LocalTracker:
    """Return a ClearML tracker when ``clearml`` is importable and configured, else a local one.

    ``root_dir`` is where the local tracker writes (default: ``$MLOPS_TRACKING_DIR``, or else
    ``./mlops-runs``). ``backend="clearml"`` or ``"local"`` forces a choice; forcing ClearML when it
    is not installed and configured raises a ValueError.
    The choice and its reason are logged at INFO level on the ``mlops_components.tracking`` logger.
    """
    if backend not in ("auto", "clearml", "local"):
        raise ValueError(f"backend must be 'auto', 'clearml' or 'local', got {backend!r}")
    installed = _clearml_installed()
    source = clearml_configuration() if installed else None
    if backend != "local" and installed and source:
        log.info("tracking to ClearML (configured by %s): %s / %s", source, project, task_name)
        return ClearMLTracker(project, task_name)
    if backend == "clearml":
        why = "is not installed" if not installed else "is installed but not configured"
        raise ValueError(
            f"backend='clearml' was asked for, but the clearml package {why}: "
            "pip install 'mlops-components[clearml]' and run clearml-init"
        )
    root = Path(root_dir or os.environ.get(DEFAULT_ROOT_ENV) or "mlops-runs")
    if backend == "local":
        reason = "local tracking was asked for"
    elif not installed:
        reason = "the clearml package is not installed"
    else:
        reason = "clearml is installed but no server is configured"
    tracker = LocalTracker(root, project, task_name)
    log.info("tracking to local files in %s (%s)", tracker.run_dir, reason)
    return tracker


__all__ = [
    "ClearMLTracker",
    "DatasetVersion",
    "LocalDatasetVersions",
    "LocalTracker",
    "NullTracker",
    "Tracker",
    "clearml_configuration",
    "get_tracker",
]
