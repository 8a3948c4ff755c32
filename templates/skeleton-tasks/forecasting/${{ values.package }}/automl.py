"""The training run: load the series, hold out its last season, search, forecast it once, report.

Run ``python -m ${{ values.package }}.automl`` (or ``make train``); see ``experiment.py`` for where
it is logged and ``reports/baseline.json`` for what it leaves.
"""

from __future__ import annotations

from typing import Any

from mlops_components.atoms.forecast_metrics import mase, smape
from mlops_components.atoms.time_split import temporal_train_test_split

from . import dataset, experiment
from .config import BUDGET_SECONDS, SETTINGS
from .modeling import predict, train


def run(budget_seconds: float = BUDGET_SECONDS, tracker: Any = None) -> dict[str, float]:
    """One complete run; returns the held-out scores (MASE: below 1 beats the seasonal naive)."""
    current = experiment.start(tracker)
    horizon, season = int(SETTINGS["horizon"]), dataset.SEASON
    y_train, y_test = temporal_train_test_split(dataset.load(), test_size=horizon)
    model, board = train.train(y_train, budget_seconds, current.tracker)
    forecast = predict.predict(model, horizon)
    scores = {"mase": mase(y_test, forecast, y_train, season=season),
              "smape": smape(y_test, forecast)}
    experiment.finish(current, model, board, scores, metric="mase", higher_is_better=False)
    return scores


def main(argv: list[str] | None = None) -> None:
    experiment.command_line(run, __doc__, argv)


if __name__ == "__main__":
    main()
