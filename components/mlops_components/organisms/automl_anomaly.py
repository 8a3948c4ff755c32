"""AutoML for anomaly detection without labels: calibrated causal scores and an ensemble."""

from __future__ import annotations

from functools import partial
from typing import Any

import numba
import numpy as np
import pandas as pd

from ..atoms._series_checks import check_fitted, check_values
from ..atoms.anomaly_metrics import NAB_PROFILES, nab_probation, nab_score
from ..atoms.nab_loader import LabelledSeries
from ..atoms.rolling_zscore import RollingZScoreDetector
from ..molecules.forecast_residual import ForecastResidualDetector
from ..molecules.window_isolation_forest import WindowIsolationForestDetector
from ..registry import component
from ..tracking.base import Tracker
from .search import AutoMLSearch, Candidate, leaderboard_frame, narrow_to_components

ENSEMBLE = "ensemble"


def points_per_day(series: LabelledSeries | pd.Series) -> int:
    """The number of points in a day, from the series' typical time step (the default season)."""
    values = series.values if isinstance(series, LabelledSeries) else series
    if not isinstance(values.index, pd.DatetimeIndex):
        raise ValueError("the series has no timestamps to tell its time step: pass season=")
    steps = np.diff(values.index.asi8)
    steps = steps[steps > 0]
    if len(steps) == 0:
        raise ValueError("cannot tell the time step from the timestamps: pass season= explicitly")
    return max(2, int(round(pd.Timedelta("1D").value / float(np.median(steps)))))


@numba.njit(cache=True)
def _count_past_at_least(ranks: np.ndarray, n_ranks: int) -> np.ndarray:
    """For each t, how many of ranks[:t] are >= ranks[t] (a Fenwick tree over the ranks)."""
    tree = np.zeros(n_ranks + 1, dtype=np.int64)
    out = np.empty(len(ranks), dtype=np.int64)
    for t in range(len(ranks)):
        r = ranks[t] + 1
        below = 0
        i = r - 1
        while i > 0:  # how many past ranks are < ranks[t]
            below += tree[i]
            i -= i & (-i)
        out[t] = t - below
        i = r
        while i <= n_ranks:
            tree[i] += 1
            i += i & (-i)
    return out


def causal_calibration(raw: np.ndarray, start: int) -> np.ndarray:
    """Turn raw anomaly scores into scores in [0, 1] from each row's own past only.

    Row ``t``'s tail probability is ``(1 + #{s < t : raw[s] >= raw[t]}) / (t + 1)``: how rare its
    raw score is among every score before it. The score is ``log(tail) / (2 log alpha)``, clipped
    to [0, 1], with ``alpha = 1 / start`` (``start``: the training part's length), so 0.5 - the
    alarm threshold - means "rarer than once in a training part's length of history", and 1
    means rarer than the square of that. Rows before ``start`` score 0.
    """
    score = _calibrate(raw, start)
    score[:start] = 0.0
    return score


def _calibrate(raw: np.ndarray, start: int) -> np.ndarray:
    """:func:`causal_calibration` without zeroing the training part (to combine detectors)."""
    raw = np.nan_to_num(np.asarray(raw, dtype=float), nan=0.0)
    _, ranks = np.unique(raw, return_inverse=True)
    ge = _count_past_at_least(ranks.astype(np.int64), int(ranks.max()) + 1)
    tail = (1.0 + ge) / (np.arange(len(raw)) + 1.0)
    return np.clip(np.log(tail) / (2 * np.log(1.0 / max(start, 2))), 0.0, 1.0)


def anomaly_candidates(season: int, random_state: int = 0) -> list[Candidate]:
    """The detectors tried, each with a setting or two tied to the season, slowest first."""
    cands: list[Candidate] = []

    def add(name: str, cls: type, **params: Any) -> None:
        cands.append(Candidate(name, params, partial(cls, **params)))

    # the slowest first, so that the workers finish together
    for width in sorted({max(4, season // 24), max(8, season // 6)}):
        add(f"window-iforest w={width}", WindowIsolationForestDetector, width=width,
            random_state=random_state)
    add(f"forecast-residual s={season}", ForecastResidualDetector, season=season)
    short = max(10, season // 4)
    add(f"rolling-z w={short}", RollingZScoreDetector, window=short)
    add(f"rolling-z w={season}", RollingZScoreDetector, window=max(season, 3))
    return cands


def _as_values(X: Any) -> tuple[np.ndarray, pd.Series | None, list[tuple[int, int]]]:
    if isinstance(X, LabelledSeries):
        return check_values(X.values, X.name), X.values, list(X.windows)
    series = X if isinstance(X, pd.Series) else None
    return check_values(X), series, []


@component(
    name="automl-anomaly",
    tasks=("anomaly-detection",),
    category="automl",
    built_from=(
        "rolling-z-score",
        "forecast-residual-detector",
        "window-isolation-forest",
        "nab-score",
    ),
)
class AutoMLAnomalyDetector(AutoMLSearch):
    """Score every row of a series for anomalies, without labels, under one time budget.

    ``fit(X)`` takes a series (values, a ``pd.Series`` or a ``LabelledSeries``); its first
    ``train_size`` rows (default: NAB's probationary period, 15 % of the series, at most 750) are
    the training part. Each candidate detector (rolling z-scores, seasonal forecast residuals,
    isolation forests on sliding windows; ``season`` defaults to one day of points) is fitted on
    the training part only (the cheap ones here, the others in a worker process stopped at the
    deadline; ``fit`` reads no row after the training part), and its raw scores are calibrated
    causally: a row's score in [0, 1] says how rare its raw score is among every row before it
    (see :func:`causal_calibration`; 0.5 is the alarm threshold). Without labels, each
    detector's agreement with the others on the training part (the rank correlation of its
    scores with the mean of theirs, after NAB's probation within the part) is reported, and the
    ensemble averages every detector that could be fitted (without labels there is no evidence
    of which one is wrong), then is calibrated again the same way. With labels (``windows``
    given to ``fit``, or a ``LabelledSeries`` with windows in its training part), detectors are
    scored by the NAB standard score on the training part instead, and the ensemble keeps the
    better half. The ensemble is the choice unless a single detector scored higher with labels.

    ``score_samples(X)`` gives every row of ``X`` (the same series, possibly extended) a score in
    [0, 1] that uses only the rows before it and the training part; ``predict(X)`` is
    ``score_samples(X) >= 0.5``. After fitting: ``leaderboard_``, ``best_name_``, ``best_``
    (the detectors and the weights used), ``train_size_``, ``season_``, ``search_``.

    ## When to use
    Monitoring a new metric where nobody has labelled incidents yet: one call gives a score per
    row on a common scale, and an alarm threshold that adapts to the series' own history.

    ## Example
    ```python
    from mlops_components.atoms.nab_loader import load_nab
    from mlops_components.organisms.automl_anomaly import AutoMLAnomalyDetector

    s = load_nab("data/anomaly/realKnownCause/ec2_request_latency_system_failure.csv")
    detector = AutoMLAnomalyDetector(budget_seconds=10).fit(s)
    detector.leaderboard_[["candidate", "score"]]
    detector.score_samples(s).max(), detector.predict(s).sum()
    ```

    ## Figures
    `bench/automl.py` on 18 NAB series, no labels given: see the library's README.
    """

    def __init__(
        self,
        budget_seconds: float = 60.0,
        train_size: int | float | None = None,
        season: int | None = None,
        n_jobs: int | None = -1,
        random_state: int = 0,
        tracker: Tracker | None = None,
        components: tuple[str, ...] | None = None,
    ):
        self.budget_seconds = budget_seconds
        self.train_size = train_size
        self.season = season
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.tracker = tracker
        self.components = components

    def _train_size(self, n: int) -> int:
        size = self.train_size
        if size is None:
            size = nab_probation(n)
        elif isinstance(size, float) and 0 < size < 1:
            size = int(size * n)
        elif isinstance(size, float) or isinstance(size, bool) or not isinstance(size, int):
            raise ValueError(
                f"train_size is a number of rows or a fraction in (0, 1), got {size!r}")
        if not 10 <= size < n:
            raise ValueError(
                f"the training part must hold at least 10 rows and leave rows to score: got "
                f"{size} of {n}"
            )
        return int(size)

    def fit(self, X: Any, windows: Any = None) -> "AutoMLAnomalyDetector":
        values, series, own_windows = _as_values(X)
        if np.ptp(values) == 0:
            raise ValueError(
                f"the series is constant ({values[0]:g} throughout): there is nothing to detect"
            )
        train = self._train_size(len(values))
        if self.season is not None:
            season = int(self.season)
        elif series is not None and isinstance(series.index, pd.DatetimeIndex):
            season = points_per_day(series)
        else:
            season = max(10, train // 10)
        labels = list(windows) if windows is not None else own_windows
        labels = [(a, b) for a, b in labels if a < train]  # only labels of the training part
        cands = anomaly_candidates(season, self.random_state)
        if self.components is not None:
            cands = narrow_to_components(cands, self.components)
        deadline = self._start()  # the budget starts once the candidates are known

        def work(c: Candidate) -> Any:
            model = c.make().fit(values[:train])
            model.anomaly_score(values[:train])  # fails here, not later, if it cannot score
            return model

        cheap = [c.name for c in cands if c.name.startswith(("rolling-z", "forecast-residual"))]
        results = self._run([(c.name, partial(work, c)) for c in cands], deadline, inline=cheap)
        models = {r.name: r.value for r in results if r.error is None}
        if not models:
            errors = "; ".join(f"{r.name}: {r.error}" for r in results[:3])
            raise ValueError(f"no detector could be fitted on the training part ({errors})")
        self.train_size_, self.season_ = train, season
        # everything below looks at the training part only: no row after it is read
        probation = max(2, nab_probation(train))
        inner = {n: _calibrate(m.anomaly_score(values[:train]), probation)
                 for n, m in models.items()}
        quality = self._quality(inner, probation, train, labels)
        if labels:
            ranked = sorted(quality, key=quality.get, reverse=True)
            members = ranked[: max(1, (len(ranked) + 1) // 2)]
            ens_quality = self._nab_train(self._ensemble(inner, members, probation), train, labels)
        else:
            # no labels, no evidence of which detector is wrong: all of them vote
            members = list(quality)
            ens_quality = float(np.mean([quality[m] for m in members]))
        self.detectors_ = models
        self.best_ = {"members": members}
        rows = []
        by_name = {c.name: c for c in cands}
        for r in results:
            rows.append({"candidate": r.name, "score": quality.get(r.name, np.nan),
                         "fit_seconds": round(r.seconds, 3), "error": r.error,
                         "params": by_name[r.name].params})
        rows.append({"candidate": ENSEMBLE, "score": ens_quality, "fit_seconds": 0.0,
                     "error": None, "params": {"members": members}})
        self.leaderboard_ = leaderboard_frame(rows, greater_is_better=True)
        best_single = max(quality, key=quality.get)
        if labels and quality[best_single] > ens_quality:
            self.best_name_, self.best_ = best_single, {"members": [best_single]}
        else:
            self.best_name_ = ENSEMBLE
        self.leaderboard_["chosen"] = self.leaderboard_["candidate"] == self.best_name_
        self.labelled_ = bool(labels)
        self.search_ = self._summary(results)
        metric = "nab standard (training part)" if labels else "agreement"
        self._report(self.tracker, metric, {"train_size": train, "season": season,
                                            "labelled_windows": len(labels)})
        return self

    def _nab_train(self, score: np.ndarray, train: int, labels: list) -> float:
        flags = score[:train] >= 0.5
        probation = max(2, nab_probation(train))
        return nab_score(flags, [(a, min(b, train - 1)) for a, b in labels], "standard",
                         probation=probation).raw

    def _quality(self, inner: dict, probation: int, train: int, labels: list) -> dict:
        """Per detector, on the training part after its probationary period: the NAB raw score
        with labels, else its agreement (rank correlation with the mean of the others)."""
        if labels:
            return {n: self._nab_train(self._ensemble({n: s}, [n], probation), train, labels)
                    for n, s in inner.items()}
        names = list(inner)
        if len(names) == 1:
            return {names[0]: 1.0}
        ranks = {n: pd.Series(inner[n][probation:train]).rank().to_numpy() for n in names}
        out = {}
        for n in names:
            others = np.mean([ranks[m] for m in names if m != n], axis=0)
            a, b = ranks[n], others
            out[n] = float(np.corrcoef(a, b)[0, 1]) if a.std() > 0 and b.std() > 0 else 0.0
        return out

    def _ensemble(self, scores: dict, members: list[str], train: int) -> np.ndarray:
        """Members' calibrated scores (training part included) -> the calibrated mean, 0 on the
        training part."""
        mean = np.mean([scores[m] for m in members], axis=0)
        out = _calibrate(mean, train) if len(members) > 1 else mean.copy()
        out[:train] = 0.0
        return out

    def score_samples(self, X: Any) -> np.ndarray:
        """A score in [0, 1] for every row of ``X``; 0.5 is the alarm threshold. Row ``t``'s score
        depends only on rows up to ``t`` (and the fitted training part)."""
        check_fitted(self, "detectors_")
        values, _, _ = _as_values(X)
        if len(values) <= self.train_size_:
            raise ValueError(f"X has {len(values)} rows: there is nothing after the training part "
                             f"({self.train_size_} rows) to score")
        members = self.best_["members"]
        scores = {m: _calibrate(self.detectors_[m].anomaly_score(values), self.train_size_)
                  for m in members}
        return self._ensemble(scores, members, self.train_size_)

    def predict(self, X: Any) -> np.ndarray:
        """One 0/1 alarm per row: 1 where ``score_samples`` reaches 0.5."""
        return (self.score_samples(X) >= 0.5).astype(int)


__all__ = ["AutoMLAnomalyDetector", "anomaly_candidates", "causal_calibration", "points_per_day",
           "NAB_PROFILES"]
