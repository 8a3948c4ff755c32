"""The AutoML entry point: load the data, search, test once on held-out data, log and save.

Run ``python -m ${{ values.package }}.automl`` (or ``make train``). Experiments go to ClearML when the
``clearml`` package is installed and configured (``clearml-init``), else to ./mlops-runs.
"""

from __future__ import annotations

import argparse
from typing import Any

from mlops_components.tracking import get_tracker

from . import dataset, features
from .config import AUTOML, BUDGET_SECONDS, CLEARML_PROJECT, DATASET_ID, PROJECT_NAME, SETTINGS
from .modeling import predict, train
{%- if values.task == "forecasting" %}
from mlops_components.atoms.forecast_metrics import mase, smape
{%- elif values.task == "classification" %}
from mlops_components.atoms.classification_metrics import accuracy
{%- else %}
from mlops_components.atoms.anomaly_metrics import nab_score
{%- endif %}


def run(budget_seconds: float = BUDGET_SECONDS, tracker: Any = None) -> dict[str, float]:
    """One complete run; returns the held-out scores."""
    tracker = tracker or get_tracker(project=CLEARML_PROJECT, task_name=f"{PROJECT_NAME}-{AUTOML}")
    tracker.log_params({"automl": AUTOML, "dataset": DATASET_ID, **SETTINGS})
{%- if values.task == "forecasting" %}
    y = dataset.load()
    horizon = int(SETTINGS["horizon"])
    y_train, y_test = features.holdout(y, horizon)
    model, board = train.train(y_train, budget_seconds, tracker)
    forecast = predict.predict(model, horizon)
    scores = {"mase": mase(y_test, forecast, y_train, season=int(SETTINGS["season"])),
              "smape": smape(y_test, forecast)}
{%- elif values.task == "classification" %}
    X_train, y_train, X_test, y_test = dataset.load()
    model, board = train.train(features.as_panel(X_train), y_train, budget_seconds, tracker)
    scores = {"accuracy": accuracy(y_test, predict.predict(model, features.as_panel(X_test)))}
{%- else %}
    series = dataset.load()
    train_size, _ = features.split_in_time(series, float(SETTINGS["train_fraction"]))
    model, board = train.train(series, budget_seconds, tracker)
    flags = predict.predict(model, series.values.to_numpy())
    test = [(a - train_size, b - train_size) for a, b in series.windows if a >= train_size]
    score = nab_score(flags[train_size:], test, "standard")
    scores = {"nab_raw": score.raw}
{%- endif %}
    for name, value in scores.items():
        tracker.log_scalar("held-out", name, float(value))
    tracker.log_artifact("leaderboard", board)
    train.save(model)
    tracker.close()
    print(board.head(10).to_string(index=False))
    print("held-out:", ", ".join(f"{k}={v:.4f}" for k, v in scores.items()))
    return scores


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--budget", type=float, default=BUDGET_SECONDS, help="seconds to search")
    run(budget_seconds=parser.parse_args(argv).budget)


if __name__ == "__main__":
    main()
