"""One tracked training run, the same for every task: where it logs, which data version it used,
what it found. The task's own steps (load, split, search, score) are in ``automl.py``.

With ClearML installed and configured the run is a ClearML task: its parameters, the dataset version
it used (a link to the version), the leaderboard, the held-out scores and the winning model in the
project's model registry, and what the portal's leaderboard compares (the task, the metric, the
dataset version and the winning components, as the task's user properties). Without ClearML it goes
to local files (``./mlops-runs``, or ``$MLOPS_TRACKING_DIR``). Either way it leaves
``reports/baseline.json`` for the portal.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pandas as pd
from mlops_components.registry import all_components
from mlops_components.tracking import get_tracker

from . import config
from .modeling.store import save


@dataclass
class Run:
    """An open run: its tracker and the dataset version it trains on."""

    tracker: Any
    dataset_version: str | None
    dataset_url: str | None


def start(tracker: Any = None) -> Run:
    """Open the run in the project's ClearML project (or local files) and record its data.

    The bundled sample becomes a dataset version first (ClearML Data, or a local content-hashed
    version), so every run names the exact data it used.
    """
    tracker = tracker or get_tracker(project=config.CLEARML_PROJECT,
                                     task_name=f"{config.PROJECT_NAME}-{config.AUTOML}")
    tracker.log_params({"automl": config.AUTOML, "dataset": config.DATASET_ID,
                        "components": list(config.SEARCH_COMPONENTS or ()), **config.SETTINGS})
    version = config.DATASET_ID
    if version == "sample":
        version = tracker.log_dataset_version(f"{config.PROJECT_NAME}-data", [config.RAW_DATA_DIR])
    return Run(tracker, version, tracker.link_dataset(version))


def _link(url: str | None) -> str | None:
    """Only addresses the portal can open (a local run's file URLs are of no use there)."""
    return url if url and url.startswith(("http://", "https://")) else None


def winning_components(model: Any) -> list[str]:
    """The catalogued components the winner is made of: the AutoML organism, then the component
    of each model it chose (its class, looked up in the component registry)."""
    by_class = {meta.obj: name for name, meta in all_components().items()}
    found = [config.AUTOML]
    best = getattr(model, "best_", model)
    if isinstance(best, dict) and "members" in best:  # an ensemble names its fitted members
        best = [getattr(model, "detectors_", {}).get(m) for m in best["members"]]

    def walk(obj: Any, depth: int = 0) -> None:
        name = by_class.get(type(obj))
        if name and name not in found:
            found.append(name)
        if depth < 3 and isinstance(obj, (dict, list, tuple)):
            for part in obj.values() if isinstance(obj, dict) else obj:
                walk(part, depth + 1)

    walk(best)
    return found


def finish(run: Run, model: Any, board: pd.DataFrame, scores: dict[str, float], metric: str,
           higher_is_better: bool) -> dict[str, Any]:
    """Log the held-out scores and the leaderboard, register and save the winner, close the run,
    and write ``reports/baseline.json``; returns what it wrote."""
    tracker = run.tracker
    for name, value in scores.items():
        tracker.log_scalar("held-out", name, float(value))
    tracker.log_artifact("leaderboard", board)
    winner = str(getattr(model, "best_name_", type(model).__name__))
    tracker.register_model(config.PROJECT_NAME, model, {
        "winner": winner, **{k: float(v) for k, v in scores.items()},
        "dataset_version": run.dataset_version})
    # what the portal's leaderboard compares runs by (the score is the held-out scalar above)
    tracker.set_properties({"task": config.TASK, "metric": metric,
                            "higher_is_better": higher_is_better,
                            "dataset_version": run.dataset_version or "", "winner": winner,
                            "components": winning_components(model)})
    save(model)
    report = {
        "task": config.TASK,
        "metric": metric,
        "score": float(scores[metric]),
        "higher_is_better": higher_is_better,
        "model": winner,
        "dataset_version": run.dataset_version,
        "dataset_url": _link(run.dataset_url),
        "run_url": _link(getattr(tracker, "run_url", None)),
        # the best candidates first, as plain JSON (NaN becomes null)
        "leaderboard": json.loads(board.head(20).to_json(orient="records")),
    }
    tracker.close()
    write_report(report)
    print(board.head(10).to_string(index=False))
    print("held-out:", ", ".join(f"{k}={v:.4f}" for k, v in scores.items()))
    return report


def write_report(report: dict[str, Any], path: Path | None = None) -> Path:
    """``reports/baseline.json``: the CI job keeps it as an artifact, the portal's card reads it."""
    path = path or config.REPORTS_DIR / "baseline.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return path


def command_line(run_once: Callable[..., dict[str, float]], description: str,
                 argv: list[str] | None = None) -> None:
    """``python -m <package>.automl [--budget SECONDS]``: one run with the budget asked for."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--budget", type=float, default=config.BUDGET_SECONDS,
                        help="seconds to search")
    run_once(budget_seconds=parser.parse_args(argv).budget)
