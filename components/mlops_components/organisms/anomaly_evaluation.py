"""Run a detector over labelled series and score its alarms as NAB does."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
from sklearn.base import BaseEstimator, clone

from ..atoms.anomaly_metrics import (
    NAB_PROFILES,
    NabScore,
    WindowScores,
    nab_probation,
    nab_score,
    window_scores,
)
from ..atoms.nab_loader import LabelledSeries
from ..registry import component
from ..tracking.base import NullTracker, Tracker


@dataclass
class SeriesResult:
    """What a detector did on one series: its alarms and their scores."""

    name: str
    train_size: int
    flags: np.ndarray
    windows: WindowScores
    nab: dict[str, NabScore]


@dataclass
class AnomalyEvaluation:
    """Per-series results and the corpus NAB scores (summed over series, then normalised)."""

    series: list[SeriesResult] = field(default_factory=list)

    def nab(self, profile: str = "standard") -> NabScore:
        return sum((r.nab[profile] for r in self.series), NabScore(0.0, 0.0, 0.0))

    @property
    def nab_normalised(self) -> dict[str, float]:
        return {profile: self.nab(profile).normalised for profile in NAB_PROFILES}

    @property
    def n_false_alarms(self) -> int:
        return sum(r.windows.n_false_alarms for r in self.series)


def _train_size(train_size: int | float | None, n: int) -> int:
    if train_size is None:
        size = nab_probation(n)
    elif isinstance(train_size, float) and 0 < train_size < 1:
        size = int(train_size * n)
    else:
        size = int(train_size)
    if not 0 < size < n:
        raise ValueError(
            f"train_size must leave points to train on and to score: got {size} of {n}"
        )
    return size


@component(
    name="anomaly-evaluation",
    tasks=("anomaly-detection",),
    category="pipeline",
    built_from=("nab-score", "window-f1"),
)
def evaluate_detector(
    detector: BaseEstimator,
    series: LabelledSeries | Sequence[LabelledSeries],
    train_size: int | float | None = None,
    tracker: Tracker | None = None,
) -> AnomalyEvaluation:
    """Fit a copy of ``detector`` on the start of each series, run it on the whole series, score it.

    For each series the first ``train_size`` points (by default NAB's probationary period: 15% of
    the series, at most 750 points; a float in (0, 1) is a fraction) train the detector and are not
    scored. Alarms after them are scored with the ``window-f1`` and ``nab-score`` atoms for the
    three NAB profiles; the corpus NAB score sums the series' raw, null and perfect scores before
    normalising, as NAB does. The detector must have ``fit(values)`` and ``predict(values)``
    returning one 0/1 alarm per point. Parameters, scores and alarm positions go to ``tracker``.

    ## When to use
    To measure a detector on labelled data (NAB or your own incidents in the same format) and to
    compare detectors on equal terms; the AutoML organism uses it to score candidates.

    ## Example
    ```python
    from mlops_components.atoms.nab_loader import load_nab
    from mlops_components.atoms.rolling_zscore import RollingZScoreDetector
    from mlops_components.organisms.anomaly_evaluation import evaluate_detector

    s = load_nab("data/anomaly/artificialWithAnomaly/art_daily_jumpsup.csv",
                 "data/anomaly/windows.json")
    result = evaluate_detector(RollingZScoreDetector(window=288, threshold=3.0), s)
    result.nab_normalised["standard"], result.series[0].windows.recall
    ```
    """
    items = [series] if isinstance(series, LabelledSeries) else list(series)
    if not items:
        raise ValueError("no series to evaluate the detector on")
    tracker = tracker or NullTracker()
    name = type(detector).__name__
    tracker.log_params({"detector": name, **detector.get_params(), "train_size": train_size})
    result = AnomalyEvaluation()
    for s in items:
        values = s.values.to_numpy()
        size = _train_size(train_size, len(values))
        model = clone(detector).fit(values[:size])
        flags = np.asarray(model.predict(values)).astype(int)
        if flags.shape != values.shape:
            raise ValueError(
                f"{type(detector).__name__}.predict returned {flags.shape} alarms for "
                f"{values.shape} points"
            )
        flags[:size] = 0  # the training part is not scored
        scored_windows = [(max(first, size), last) for first, last in s.windows if last >= size]
        result.series.append(
            SeriesResult(
                name=s.name,
                train_size=size,
                flags=flags,
                windows=window_scores(flags, scored_windows),
                nab={p: nab_score(flags, s.windows, p, probation=size) for p in NAB_PROFILES},
            )
        )
    for profile, value in result.nab_normalised.items():
        tracker.log_scalar("NAB score", profile, value)
    tracker.log_scalar("alarms", "false alarms", result.n_false_alarms)
    alarms = {r.name: np.flatnonzero(r.flags).tolist() for r in result.series}
    tracker.log_artifact("alarms", alarms)
    return result
