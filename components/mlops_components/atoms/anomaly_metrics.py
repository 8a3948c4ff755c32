"""Anomaly-detection metrics on labelled windows: window-aware precision/recall/F1, NAB score."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..registry import component
from ._series_checks import check_flags, check_windows

#: NAB's application profiles (config/profiles.json): weights of a true positive, of a false
#: positive and of a missed window.
NAB_PROFILES: dict[str, dict[str, float]] = {
    "standard": {"tp": 1.0, "fp": 0.11, "fn": 1.0},
    "reward_low_FP_rate": {"tp": 1.0, "fp": 0.22, "fn": 1.0},
    "reward_low_FN_rate": {"tp": 1.0, "fp": 0.11, "fn": 2.0},
}


def _alarm_runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """Runs of consecutive raised flags, as inclusive (first, last) positions."""
    edges = np.diff(np.r_[0, flags.astype(np.int8), 0])
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1
    return list(zip(starts.tolist(), ends.tolist()))


@dataclass(frozen=True)
class WindowScores:
    precision: float
    recall: float
    f1: float
    n_alarms: int
    n_false_alarms: int
    n_windows: int
    n_detected: int


@component(name="window-f1", tasks=("anomaly-detection",), category="metric")
def window_scores(flags: Any, windows: Any) -> WindowScores:
    """Window-aware precision, recall and F1 of 0/1 alarms against labelled anomaly windows.

    An *alarm* is a run of consecutive raised flags (what an operator receives as one alert); it is
    true if it overlaps a window. Recall is the share of windows overlapped by at least one alarm,
    precision the share of alarms that are true, F1 their harmonic mean. With no alarm, precision
    is 1 (nothing false was raised); with no window, recall is 1 (nothing was missed). ``windows``
    are inclusive ``(first, last)`` positions, as returned by the NAB loader.

    ## When to use
    Next to the NAB score, as an easily explained summary: "found 4 of 5 incidents, 2 of 6 alerts
    were false". It ignores how early a window is detected, which the NAB score rewards.

    ## Example
    ```python
    from mlops_components.atoms.anomaly_metrics import window_scores

    flags = [0, 1, 1, 0, 0, 0, 1, 0, 0, 0]
    window_scores(flags, [(2, 4), (8, 9)])
    # alarms at 1-2 (true) and 6 (false): precision 0.5, recall 0.5, f1 0.5
    ```
    """
    flags = check_flags(flags)
    windows = check_windows(windows, len(flags))
    runs = _alarm_runs(flags)
    detected = [any(a <= last and first <= b for a, b in runs) for first, last in windows]
    true_alarms = sum(any(a <= last and first <= b for first, last in windows) for a, b in runs)
    precision = true_alarms / len(runs) if runs else 1.0
    recall = sum(detected) / len(windows) if windows else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return WindowScores(
        precision, recall, f1, len(runs), len(runs) - true_alarms, len(windows), sum(detected)
    )


def scaled_sigmoid(position: float) -> float:
    """NAB's reward for a detection at a relative ``position`` to a window (-1 = its first point,
    0 = just after its last point, positive = that many window widths after it)."""
    if position >= 3.0:
        return -1.0
    return 2.0 / (1.0 + math.exp(5.0 * position)) - 1.0


def nab_probation(n_points: int, percent: float = 0.15) -> int:
    """NAB's probationary period: the first 15% of a series (at most 750 points) is not scored."""
    return int(min(math.floor(percent * n_points), percent * 5000))


@dataclass(frozen=True)
class NabScore:
    """A raw NAB score with the null and perfect detectors' scores on the same windows.

    Scores of several series add up (``a + b``) into the corpus score, as NAB sums them.
    """

    raw: float
    null: float
    perfect: float

    @property
    def normalised(self) -> float:
        """``100 * (raw - null) / (perfect - null)``: 100 is perfect, 0 the null detector; NaN
        when there is no window to find (the perfect and null detectors then tie)."""
        if self.perfect == self.null:
            return float("nan")
        return 100.0 * (self.raw - self.null) / (self.perfect - self.null)

    def __add__(self, other: "NabScore") -> "NabScore":
        return NabScore(self.raw + other.raw, self.null + other.null, self.perfect + other.perfect)


@component(name="nab-score", tasks=("anomaly-detection",), category="metric")
def nab_score(
    flags: Any, windows: Any, profile: str = "standard", probation: int | None = None
) -> NabScore:
    """The Numenta Anomaly Benchmark score of 0/1 alarms against labelled windows, for one profile.

    As NAB does: points in the probationary period (``probation``, by default the first 15% of the
    series, at most 750 points) are ignored. Each window counts once: its earliest alarm earns
    ``tp * S(p) / S(-1)``, where ``S`` is NAB's scaled sigmoid and ``p`` the alarm's relative
    position in the window (-1 at its first point, near 0 at its last), or ``-fn`` if no alarm falls
    in it. Every alarm outside the windows costs ``fp * S(d)``, where ``d`` is its distance past the
    previous window in window widths (-1 if no window precedes it or it is 3+ widths away), so an
    alarm just after a window is cheap. The profiles ``standard``, ``reward_low_FP_rate`` and
    ``reward_low_FN_rate`` carry NAB's weights (:data:`NAB_PROFILES`). ``normalised`` on the result
    rescales between the null detector (0) and the perfect one (100); add the results of several
    series first to get NAB's corpus score.

    ## When to use
    To compare detectors as NAB does: it rewards early detection and penalises false alarms by how
    far they are from a real anomaly. Pick the profile matching the cost of a false alarm (low-FP)
    or of a missed incident (low-FN).

    ## Example
    ```python
    import numpy as np
    from mlops_components.atoms.anomaly_metrics import nab_score

    flags = np.zeros(1000, dtype=int)
    flags[600] = 1                                     # the first point of the window
    nab_score(flags, [(600, 649)]).normalised          # 100.0 (perfect)
    nab_score(np.zeros(1000), [(600, 649)]).normalised  # 0.0 (null detector)
    ```
    """
    if profile not in NAB_PROFILES:
        raise ValueError(f"unknown NAB profile {profile!r}; choose one of {list(NAB_PROFILES)}")
    weights = NAB_PROFILES[profile]
    flags = check_flags(flags)
    windows = check_windows(windows, len(flags))
    probation = nab_probation(len(flags)) if probation is None else int(probation)
    if not 0 <= probation <= len(flags):
        raise ValueError(f"probation must be between 0 and {len(flags)} points, got {probation}")
    # A window whose points all fall in the probationary period is not scored (as in NAB).
    window_score = {k: -weights["fn"] for k, (_, last) in enumerate(windows) if last >= probation}
    starts = np.array([first for first, _ in windows], dtype=int)
    false_positive = 0.0
    best_tp = scaled_sigmoid(-1.0)
    for i in np.flatnonzero(flags):
        if i < probation:
            continue
        k = int(np.searchsorted(starts, i, side="right")) - 1  # last window starting at or before i
        if k >= 0 and i <= windows[k][1]:
            first, last = windows[k]
            position = -(last - i + 1) / (last - first + 1)
            reward = weights["tp"] * scaled_sigmoid(position) / best_tp
            window_score[k] = max(window_score[k], reward)
        else:
            if k < 0:
                distance = 3.0
            else:
                first, last = windows[k]
                distance = (i - last) / max(last - first, 1)
            false_positive += weights["fp"] * scaled_sigmoid(distance)
    n_scored = len(window_score)
    return NabScore(
        raw=sum(window_score.values()) + false_positive,
        null=-weights["fn"] * n_scored,
        perfect=weights["tp"] * n_scored,
    )


def nab_corpus_score(
    scores: list[Any], windows: list[Any], profile: str = "standard",
    thresholds: Any = None,
) -> tuple[float, float]:
    """NAB's corpus score of per-row anomaly scores in [0, 1]: ``(best threshold, normalised)``.

    As NAB does, one threshold is chosen for the whole corpus - the one that maximises the
    corpus score for the profile - rows at or above it are detections, each series keeps its own
    probationary period (the first 15 %), and the raw, null and perfect scores of the series are
    summed before normalising. ``thresholds`` defaults to a grid of steps of 0.005 over [0, 1].
    """
    if len(scores) != len(windows) or not scores:
        raise ValueError("give one score array and one window list per series, at least one")
    grid = np.linspace(0.0, 1.0, 201) if thresholds is None else np.asarray(thresholds, float)
    arrays = [np.asarray(s, dtype=float) for s in scores]
    best = (float("nan"), -float("inf"))
    for t in grid:
        total = NabScore(0.0, 0.0, 0.0)
        for s, w in zip(arrays, windows):
            total = total + nab_score(s >= t, w, profile)
        if total.normalised > best[1]:
            best = (float(t), total.normalised)
    return best
