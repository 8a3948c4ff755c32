"""A rolling detector whose alarm threshold follows the recent level of its own scores."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator

from ..atoms._series_checks import check_int
from ..atoms.rolling_zscore import RollingZScoreDetector
from ..registry import component


@component(
    name="adaptive-threshold-detector",
    tasks=("anomaly-detection",),
    category="detector",
    built_from=("rolling-z-score",),
)
class AdaptiveThresholdDetector(BaseEstimator):
    """Rolling z-scores against a threshold that adapts to how noisy the scores have recently been.

    The scores come from the ``rolling-z-score`` atom (trailing ``window``). Point ``t`` raises an
    alarm when its score exceeds ``max(min_threshold, mean + k * std)`` of the ``memory`` scores
    before it, so a stretch of volatile data lifts the bar instead of firing alarm after alarm.
    After an alarm, further alarms are held back for ``cooldown`` points (one incident, one alert).

    ## When to use
    On series whose volatility changes over time (real traffic, latency) where a fixed z-score
    threshold either misses incidents in calm periods or floods alerts in busy ones.

    ## Example
    ```python
    import numpy as np
    from mlops_components.molecules.adaptive_threshold import AdaptiveThresholdDetector

    rng = np.random.default_rng(0)
    x = rng.normal(size=3000)
    x[2500] = 12.0
    det = AdaptiveThresholdDetector(window=100, memory=500).fit(x[:1000])
    np.flatnonzero(det.predict(x))  # [2500]
    ```

    ## Figures
    ``window`` = one day, ``memory`` = one week, other defaults, each whole NAB series under NAB's
    protocol (normalised standard score; recorded in ``docs/figures/anomaly.json``):
    art_daily_jumpsup 91.8, ec2_request_latency_system_failure 94.9 (0 false alarms, against 21 for the fixed-threshold
    rolling z-score), nyc_taxi 0.0 (no alarm); no alarm on art_daily_small_noise.
    """

    def __init__(
        self,
        window: int = 288,
        k: float = 5.0,
        memory: int = 2016,
        min_threshold: float = 3.0,
        cooldown: int = 0,
    ):
        self.window = window
        self.k = k
        self.memory = memory
        self.min_threshold = min_threshold
        self.cooldown = cooldown

    def _scorer(self) -> RollingZScoreDetector:
        return RollingZScoreDetector(window=self.window, threshold=self.min_threshold)

    def fit(self, X: Any, y: Any = None) -> "AdaptiveThresholdDetector":
        check_int(self.memory, "memory", 2)
        check_int(self.cooldown, "cooldown", 0)
        self.scorer_ = self._scorer().fit(X)
        return self

    def anomaly_score(self, X: Any) -> np.ndarray:
        """The rolling z-score of every point (see the ``rolling-z-score`` atom)."""
        return self._scorer().anomaly_score(X)

    def thresholds(self, scores: np.ndarray) -> np.ndarray:
        """The threshold in force at each point, from the ``memory`` scores before it."""
        past = pd.Series(scores).rolling(self.memory, min_periods=2)
        adaptive = (past.mean() + self.k * past.std(ddof=0)).shift(1).to_numpy()
        return np.fmax(adaptive, self.min_threshold)

    def predict(self, X: Any) -> np.ndarray:
        """One 0/1 alarm per point."""
        scores = self.anomaly_score(X)
        raised = np.flatnonzero(scores > self.thresholds(scores))
        flags = np.zeros(len(scores), dtype=int)
        next_allowed = 0
        for i in raised:
            if i >= next_allowed:
                flags[i] = 1
                next_allowed = i + self.cooldown + 1
        return flags
