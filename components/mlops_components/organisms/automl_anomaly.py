"""AutoML for anomaly detection: pick the detector that scores best on the labelled past."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from ..atoms.anomaly_metrics import nab_probation, nab_score
from ..atoms.nab_loader import LabelledSeries
from ..atoms.rolling_zscore import RollingZScoreDetector
from ..molecules.adaptive_threshold import AdaptiveThresholdDetector
from ..molecules.forecast_residual import ForecastResidualDetector
from ..molecules.window_isolation_forest import WindowIsolationForestDetector
from ..registry import component
from ..tracking.base import NullTracker, Tracker
from .search import Candidate, SearchResult, run_search


@dataclass
class AnomalyAutoMLResult:
    """The search's leaderboard and best detector, and where the training part ends."""

    search: SearchResult
    train_size: int
    season: int


def points_per_day(series: LabelledSeries) -> int:
    """The number of points in a day, from the series' typical time step (the default season)."""
    steps = np.diff(series.values.index.asi8)
    steps = steps[steps > 0]
    if len(steps) == 0:
        raise ValueError(f"{series.name}: cannot tell the time step; pass season= explicitly")
    return max(2, int(round(pd.Timedelta("1D").value / float(np.median(steps)))))


def anomaly_candidates(season: int) -> list[Candidate]:
    """Detectors and key hyper-parameters, the baseline first (it wins ties)."""
    cands: list[Candidate] = []

    def add(name: str, cls: type, **params: object) -> None:
        cands.append(Candidate(name, params, lambda: cls(**params)))

    for window in (season, 2 * season):
        for threshold in (3.0, 4.0, 5.0):
            add(f"rolling-z w={window} t={threshold:g}", RollingZScoreDetector,
                window=window, threshold=threshold)
    for k in (3.0, 5.0):
        for cooldown in (0, season // 4):
            add(f"adaptive w={season} k={k:g} cd={cooldown}", AdaptiveThresholdDetector,
                window=season, k=k, memory=7 * season, cooldown=cooldown)
    for threshold in (6.0, 10.0):
        add(f"forecast-residual s={season} t={threshold:g}", ForecastResidualDetector,
            season=season, threshold=threshold)
    for width in (max(4, season // 24), max(8, season // 6)):
        add(f"window-iforest w={width}", WindowIsolationForestDetector, width=width, random_state=0)
    return cands


@component(
    name="automl-anomaly",
    level="organism",
    tasks=("anomaly-detection",),
    category="automl",
    built_from=(
        "rolling-z-score",
        "adaptive-threshold-detector",
        "forecast-residual-detector",
        "window-isolation-forest",
        "nab-score",
    ),
)
def automl_anomaly(
    series: LabelledSeries,
    budget_seconds: float = 60.0,
    train_fraction: float = 0.6,
    season: int | None = None,
    candidates: Sequence[Candidate] | None = None,
    tracker: Tracker | None = None,
) -> AnomalyAutoMLResult:
    """Search anomaly detectors and key hyper-parameters on the first part of a labelled series.

    The series is split in time: the first ``train_fraction`` is the training part, the rest is
    left for testing and never looked at. Each candidate (rolling z-score, adaptive threshold,
    seasonal forecast residual and window isolation forest, with a few settings each; ``season``
    defaults to one day of points) is fitted on the training part's NAB probationary period, run on
    the whole training part, and scored by the raw NAB standard score of its alarms against the
    windows in the training part. With no window there, the raw score counts false alarms only, so
    the quietest detector wins and ties go to the earliest candidate (the baseline). The shared
    ``run_search`` loop keeps to ``budget_seconds`` and refits the best candidate on the whole
    training part.

    ## When to use
    On a new labelled series (NAB format) to choose a detector and its settings from its own past,
    then measure the choice on the later part with ``anomaly-evaluation``.

    ## Example
    ```python
    from mlops_components.atoms.nab_loader import load_nab
    from mlops_components.organisms.automl_anomaly import automl_anomaly

    s = load_nab("data/anomaly/realKnownCause/ec2_request_latency_system_failure.csv",
                 "data/anomaly/windows.json")
    result = automl_anomaly(s, budget_seconds=5)
    result.search.best_row.name, result.search.best.predict(s.values.to_numpy()).sum()
    ```

    ## Figures
    ``bench/automl_anomaly.py`` (60 s budget; each search took under 1 s): chosen on the first 60%
    of each series, scored on the last 40% (normalised NAB standard score):
    art_daily_jumpsup 91.8 (``rolling-z w=288 t=3``: window found, no false alarm);
    ec2_request_latency_system_failure 95.8 (``rolling-z w=288 t=4``: 2 of 2 windows, no false
    alarm); nyc_taxi 21.1 (``rolling-z w=48 t=3``: 1 of 4 windows); art_daily_small_noise: no
    alarm. Corpus of the four test parts: standard 52.5, reward_low_FP_rate 52.5,
    reward_low_FN_rate 54.1.
    """
    if not 0.0 < train_fraction < 1.0:
        raise ValueError(f"train_fraction must be between 0 and 1, got {train_fraction}")
    train_size = int(train_fraction * len(series))
    if train_size < 10:
        raise ValueError(f"the training part has {train_size} points: too few to choose a detector")
    train = series.head(train_size)
    values = train.values.to_numpy()
    probation = nab_probation(train_size)
    season = points_per_day(series) if season is None else int(season)

    def evaluate(candidate: Candidate) -> float:
        flags = candidate.make().fit(values[:probation]).predict(values)
        return nab_score(flags, train.windows, "standard", probation=probation).raw

    search = run_search(
        candidates if candidates is not None else anomaly_candidates(season),
        evaluate,
        lambda candidate: candidate.make().fit(values),
        budget_seconds=budget_seconds,
        greater_is_better=True,
    )
    tracker = tracker or NullTracker()
    tracker.log_params({"series": series.name, "budget_seconds": budget_seconds,
                        "train_size": train_size, "season": season})
    for i, row in enumerate(search.leaderboard):
        tracker.log_scalar("train NAB raw (standard)", row.name, row.score, iteration=i)
    tracker.log_artifact("leaderboard", [vars(row) for row in search.leaderboard])
    return AnomalyAutoMLResult(search, train_size, season)
