"""The training run: fit the detectors on the start of the series, flag the rest once, report.

Run ``python -m ${{ values.package }}.automl`` (or ``make train``); see ``experiment.py`` for where
it is logged and ``reports/baseline.json`` for what it leaves.
"""

from __future__ import annotations

from typing import Any

from mlops_components.atoms.anomaly_metrics import nab_score

from . import dataset, experiment
from .config import BUDGET_SECONDS, SETTINGS
from .modeling import predict, train


def run(budget_seconds: float = BUDGET_SECONDS, tracker: Any = None) -> dict[str, float]:
    """One complete run; returns the NAB score of the alarms on the part after training."""
    current = experiment.start(tracker)
    series = dataset.load()
    model, board = train.train(series, budget_seconds, current.tracker)
    flags = predict.predict(model, series.values.to_numpy())
    start = int(float(SETTINGS["train_fraction"]) * len(series))  # where the fitting stopped
    windows = [(a - start, b - start) for a, b in series.windows if a >= start]
    scores = {"nab_raw": nab_score(flags[start:], windows, "standard").raw}
    experiment.finish(current, model, board, scores, metric="nab_raw", higher_is_better=True)
    return scores


def main(argv: list[str] | None = None) -> None:
    experiment.command_line(run, __doc__, argv)


if __name__ == "__main__":
    main()
