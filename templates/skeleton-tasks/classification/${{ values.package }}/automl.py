"""The training run: load the train and test series, search on the train series, classify the test
series once, report.

Run ``python -m ${{ values.package }}.automl`` (or ``make train``); see ``experiment.py`` for where
it is logged and ``reports/baseline.json`` for what it leaves.
"""

from __future__ import annotations

from typing import Any

from mlops_components.atoms.classification_metrics import accuracy

from . import dataset, experiment
from .config import BUDGET_SECONDS
from .modeling import predict, train


def run(budget_seconds: float = BUDGET_SECONDS, tracker: Any = None) -> dict[str, float]:
    """One complete run; returns the held-out scores."""
    current = experiment.start(tracker)
    X_train, y_train, X_test, y_test = dataset.load()
    model, board = train.train(X_train, y_train, budget_seconds, current.tracker)
    scores = {"accuracy": accuracy(y_test, predict.predict(model, X_test))}
    experiment.finish(current, model, board, scores, metric="accuracy", higher_is_better=True)
    return scores


def main(argv: list[str] | None = None) -> None:
    experiment.command_line(run, __doc__, argv)


if __name__ == "__main__":
    main()
