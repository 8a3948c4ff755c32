"""Time-budgeted AutoML for forecasting one series or a panel: selection, or a combination."""

from __future__ import annotations

import time
from functools import partial
from typing import Any, Callable

import numpy as np
import pandas as pd

from ..atoms._series_checks import check_choice, check_fitted
from ..atoms.forecast_baselines import Naive, SeasonalNaive
from ..atoms.forecast_metrics import smape
from ..atoms.forecaster import Forecaster, check_positive_int
from ..atoms.seasonal_period import candidate_periods, detect_season, frequency_of
from ..molecules.arima import SARIMAForecaster
from ..molecules.combination import CombinationForecaster, SeasonallyAdjustedForecaster
from ..molecules.ets import ExponentialSmoothingForecaster
from ..molecules.global_boosting import GlobalBoostingForecaster, check_panel_series
from ..molecules.naive2 import Naive2
from ..molecules.theta import ThetaForecaster
from ..registry import component
from ..tracking.base import Tracker
from .search import AutoMLSearch, Candidate, leaderboard_frame, narrow_to_components

METRICS = ("owa", "smape", "mase")
#: The members of the combination candidate: one of each family the M competitions combine.
COMBINED = ("ets-damped", "theta", "arima")
#: The classic method an answer is averaged with when validation cannot tell the two apart.
HEDGE = "theta"
#: From this many series on, a global model trained across the panel is a candidate.
GLOBAL_MIN_SERIES = 10
#: Trials of the optuna search of the global model's window, learning rate and leaves.
OPTUNA_TRIALS = 8
#: Fit ARIMA on at most this many recent (adjusted) points: its cost grows with the length.
ARIMA_RECENT = 300


def _candidate(name: str, make: Callable[[], Any], **params: Any) -> Candidate:
    return Candidate(name, params, make)


def forecasting_candidates(
    season: int, positive: bool, shortest: int, n_series: int, horizon: int,
    random_state: int = 0, typical: int | None = None, local_season: int | None = None,
) -> list[Candidate]:
    """The configurations tried, cheapest first; those the data rules out are left out.

    ``shortest`` is the length of the shortest training window, ``typical`` the median one.
    Local candidates are fitted per series (the AutoML sets each to its series' own period, see
    :func:`with_season`; ``local_season`` is the longest of them and decides which seasonal
    candidates are tried, default ``season``); ``global-boosting`` (with ``GLOBAL_MIN_SERIES``
    series or more) once for the panel, with ``season``.
    """
    global_season = season
    season = global_season if local_season is None else local_season
    adjusted = partial(SeasonallyAdjustedForecaster, season=season)
    typical = shortest if typical is None else typical

    def ets(trend: str | None, damped: bool) -> Callable[[], Forecaster]:
        return lambda: adjusted(ExponentialSmoothingForecaster(trend=trend, damped=damped,
                                                               seasonal=None))

    cands = [_candidate("naive", Naive)]
    if season > 1 and shortest >= season:
        cands.append(_candidate("seasonal-naive", partial(SeasonalNaive, season)))
    cands += [
        _candidate("ses", ets(None, False)),
        _candidate("holt", ets("add", False)),
        _candidate("ets-damped", ets("add", True)),
    ]
    if positive or season == 1:  # Theta's seasonal adjustment is multiplicative
        cands.append(_candidate("theta", partial(ThetaForecaster, season=season)))
    if shortest >= 8:
        cands.append(_candidate("arima", lambda: adjusted(
            SARIMAForecaster(order=(1, 1, 1), seasonal_order=None, trend="c"),
            recent=ARIMA_RECENT)))
    if season > 1 and shortest >= 2 * season:
        cands.append(_candidate("ets-seasonal", partial(
            ExponentialSmoothingForecaster, trend="add", damped=True, seasonal="add",
            season=season)))
    season = global_season
    base = max(2 * horizon, 3 * season, 8)
    if n_series >= GLOBAL_MIN_SERIES:
        # the window is the global model's key setting: two horizons (or three seasons), and
        # four and eight times longer when the typical series is long enough to fill it
        for factor in (1, 2, 4):
            if factor == 1 or base * factor <= typical:
                cands.append(_candidate(
                    f"global-boosting(window={base * factor})",
                    partial(GlobalBoostingForecaster, horizon=horizon, season=season,
                            n_lags=base * factor, random_state=random_state),
                    n_lags=base * factor))
        # and the same model tuned by optuna, last: it pays when the budget leaves time for it
        cands.append(_candidate(
            "global-boosting(optuna)",
            partial(GlobalBoostingForecaster, horizon=horizon, season=season,
                    random_state=random_state, n_trials=OPTUNA_TRIALS),
            n_trials=OPTUNA_TRIALS))
    # cheap and strong first, so that a small budget still covers them; slow ones last
    # (one global model beside the combination's members, before the costlier variants)
    order = ["naive", "seasonal-naive", f"global-boosting(window={base})", "theta", "ets-damped",
             f"global-boosting(window={2 * base})", "ses", "arima", "global-boosting(window",
             "holt", "ets-seasonal", "global-boosting(optuna)"]
    return sorted(cands, key=lambda c: next(
        (i for i, p in enumerate(order) if c.name.startswith(p)), len(order)))


def with_season(model: Any, season: int) -> Any:
    """``model`` (a fresh local candidate) set to one series' own seasonal period.

    Every ``season`` parameter, also of a wrapped forecaster, takes the period; a seasonal
    Holt-Winters model given a series with no season becomes the damped non-seasonal one. The
    global model keeps the panel's season.
    """
    if isinstance(model, GlobalBoostingForecaster):
        return model
    names = [k for k in model.get_params(deep=True) if k.split("__")[-1] == "season"]
    if names:
        model.set_params(**{k: season for k in names})
    if isinstance(model, ExponentialSmoothingForecaster) and model.seasonal and season < 2:
        model.set_params(seasonal=None)
    return model


class _OneSeriesOfPanel(Forecaster):
    """One series' forecast from a global model fitted on the panel (a combination member).

    The members of one panel share ``forecasts``, so the panel is forecast once per horizon."""

    def __init__(self, model: GlobalBoostingForecaster | None = None, key: str = ""):
        self.model = model
        self.key = key

    @classmethod
    def of(cls, model: GlobalBoostingForecaster, key: str, y: pd.Series,
           forecasts: dict[int, dict[str, pd.Series]]) -> "_OneSeriesOfPanel":
        member = cls(model, key)
        member.y_ = y
        member.forecasts_ = forecasts
        return member

    def _predict(self, horizon: int) -> np.ndarray:
        if horizon not in self.forecasts_:
            self.forecasts_[horizon] = self.model.predict(horizon)
        return self.forecasts_[horizon][self.key].to_numpy()


def _clearly_better(errors: np.ndarray, than: np.ndarray) -> bool:
    """Whether ``errors`` are lower than ``than`` by more than two standard errors of the paired
    window-by-window difference (never, with a single window)."""
    diff = errors - than
    if len(diff) < 2:
        return False
    return bool(diff.mean() + 2 * diff.std(ddof=1) / np.sqrt(len(diff)) < 0)


def _scale(train: np.ndarray, season: int) -> float:
    for lag in (season, 1):
        if len(train) > lag:
            s = float(np.mean(np.abs(train[lag:] - train[:-lag])))
            if s > 0:
                return s
    return float(np.mean(np.abs(train))) or 1.0


@component(
    name="automl-forecasting",
    tasks=("forecasting",),
    category="automl",
    built_from=(
        "naive",
        "seasonal-naive",
        "naive2",
        "exponential-smoothing",
        "theta",
        "sarima",
        "seasonally-adjusted-forecaster",
        "seasonal-period",
        "forecast-combination",
        "global-boosting-forecaster",
        "smape",
        "mase",
    ),
)
class AutoMLForecaster(AutoMLSearch):
    """Forecast one series or many under one time budget: the best candidate, or a combination.

    ``fit(y)`` takes one series or a panel (a dict or list of series). Every candidate - naive,
    seasonal naive, SES, Holt, damped ETS, Theta and ARIMA (the non-seasonal ones on the M4
    seasonally adjusted series), seasonal Holt-Winters, and with ten series or more a global
    gradient-boosting model trained across the panel (three window lengths, and one tuned by
    optuna when the budget leaves time for it) - is validated on the last ``n_folds``
    windows of ``horizon`` points of every series (one window per series for a panel of ten or
    more, fewer for short series; a series shorter than twice the horizon is validated on
    windows of half its length, so that no model forecasts further than its history reaches),
    and refitted on all the data (the global model instead reads the full series without being
    retrained), each in a worker process
    (``n_jobs`` at once) that is stopped at the deadline, so ``budget_seconds`` covers
    everything. Validation errors are pooled over all windows of all series: ``metric`` ``owa``
    (sMAPE and MASE relative to Naive2's, as M4 ranks), ``smape`` or ``mase``. The combination
    candidate is the median of the ``ets-damped``, ``theta`` and ``arima`` forecasts, built from
    the members' own validation forecasts and fits: no member is fitted twice, and its
    leaderboard row's ``fit_seconds`` is the cost of combining. The candidate with
    the lowest pooled error wins only if it beats the combination by more than two standard
    errors of the paired window-by-window difference; otherwise the combination wins. On a short
    series validation cannot tell the families apart, so the combination is the default. When
    the global model validated best but not clearly better than that combination, the answer is
    the mean of the two (same principle: what validation cannot separate is combined). Last, an
    answer that is not clearly better than Theta, the classic method (two standard errors again),
    is averaged with it: the absolute error is convex, so the mean of two forecasts has at most
    the mean of their MASEs (usually less), and where validation cannot tell the answer from the
    classic method the forecast stays close to it instead of betting on noise.
    ``frequency`` (``"weekly"``, ``"hourly"``...; read from a DatetimeIndex when not given) lets
    each series' seasonal period be tested (the ``seasonal-period`` atom): the local candidates use
    the period the data confirm (``seasons_``), the global model and the scores keep ``season``.

    After fitting: ``leaderboard_`` (one row per candidate, best first: ``candidate, score,
    fit_seconds, error, params, windows``), ``seasons_`` (each series' period), ``best_name_``,
    ``best_`` (a fitted forecaster, or ``{id: forecaster}`` for a panel), ``models_`` (every
    candidate that finished, fitted on all the data, in the same form; the global model as one
    object), ``search_``. ``predict(horizon)`` gives a ``pd.Series``, or ``{id: pd.Series}`` for
    a panel. ``components`` (registry names such as
    ``("theta", "sarima")``) limits the search to candidates made from them.

    ## When to use
    A strong forecast of new series without hand-tuning, and a leaderboard that shows what each
    family gains over the baselines. Give it the seasonal period and the horizon you need.

    ## Example
    ```python
    from mlops_components.atoms.loaders_csv import load_series_csv
    from mlops_components.organisms.automl_forecasting import AutoMLForecaster

    y = load_series_csv("data/forecasting/airline.csv")
    automl = AutoMLForecaster(horizon=12, season=12, budget_seconds=20).fit(y.iloc[:-12])
    automl.leaderboard_.head()
    automl.predict(12)
    ```

    ## Figures
    `bench/automl.py` with 60 s per set on a 2-core machine (one call per set): see the
    library's README for M4 Hourly, M4 Weekly and M3 Other beside the published figures.
    """

    def __init__(
        self,
        horizon: int = 1,
        season: int = 1,
        budget_seconds: float = 60.0,
        n_folds: int = 3,
        metric: str = "owa",
        n_jobs: int | None = -1,
        random_state: int = 0,
        tracker: Tracker | None = None,
        components: tuple[str, ...] | None = None,
        frequency: str | None = None,
    ):
        self.horizon = horizon
        self.season = season
        self.frequency = frequency
        self.budget_seconds = budget_seconds
        self.n_folds = n_folds
        self.metric = metric
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.tracker = tracker
        self.components = components

    # --- input -------------------------------------------------------------------------------
    def _check(self, y: Any) -> tuple[dict[str, pd.Series], int, int]:
        check_choice("metric", self.metric, METRICS)
        horizon = check_positive_int("horizon", self.horizon)
        season = check_positive_int("season", self.season)
        check_positive_int("n_folds", self.n_folds)
        candidate_periods(self.frequency)  # an unknown frequency is refused before the work
        panel = check_panel_series(y)
        for key, s in panel.items():
            label = "the series" if len(panel) == 1 else f"series {key!r}"
            if len(s) < horizon + 3:
                raise ValueError(
                    f"{label} has {len(s)} observations: too few to validate a forecast of "
                    f"horizon {horizon} (need at least {horizon + 3})"
                )
            if np.ptp(s.to_numpy()) == 0:
                raise ValueError(
                    f"{label} is constant ({s.iloc[0]:g} throughout): there is nothing to "
                    "choose between, every method forecasts that value"
                )
        return panel, horizon, season

    # --- the search --------------------------------------------------------------------------
    def fit(self, y: Any, X: Any = None) -> "AutoMLForecaster":
        panel, horizon, season = self._check(y)
        self.single_ = not isinstance(y, (dict, list, tuple)) or len(panel) == 1 and not isinstance(
            y, (dict, list, tuple))
        folds = self.n_folds if len(panel) < GLOBAL_MIN_SERIES else 1
        # validation windows: (series, k) = train on all but the last k*step points, forecast
        # step points; step is the horizon, or half the series when it is shorter than twice
        # the horizon (a model is never asked to forecast further than its history reaches)
        step = {key: min(horizon, len(s) // 2) for key, s in panel.items()}
        units = []
        for key, s in panel.items():
            usable = max(1, min(folds, (len(s) - max(3, step[key])) // step[key]))
            units += [(key, k) for k in range(1, usable + 1)]
        shortest = min(len(panel[key]) - k * step[key] for key, k in units)
        positive = all(bool((s > 0).all()) for s in panel.values())
        typical = int(np.median([len(panel[key]) - k * step[key] for key, k in units]))
        # each series' own seasonal period: the given one unless its data show another of the
        # frequency's usual periods (weekly data given season 1 may have a yearly cycle of 52)
        frequency = self.frequency or frequency_of(next(iter(panel.values())))
        periods = candidate_periods(frequency)
        self.seasons_ = {key: detect_season(s, periods, season) for key, s in panel.items()}
        local_season = max(self.seasons_.values())
        cands = forecasting_candidates(season, positive, shortest, len(panel), horizon,
                                       self.random_state, typical, local_season)
        if self.components is not None:
            cands = narrow_to_components(cands, self.components)
        deadline = self._start()  # the budget starts once the candidates are known

        def train_part(key: str, k: int) -> pd.Series:
            return panel[key].iloc[: len(panel[key]) - k * step[key]]

        def work(c: Candidate) -> tuple[dict, Any]:
            if isinstance(c.make(), GlobalBoostingForecaster):
                forecasts = {}
                for k in sorted({k for _, k in units}):
                    keys = [key for key, kk in units if kk == k]
                    model = c.make().fit({key: train_part(key, k) for key in keys})
                    pred = model.predict(horizon)
                    forecasts.update({(key, k): pred[key].to_numpy()[:step[key]]
                                      for key in keys})
                # not refitted: the model learnt from thousands of windows; it now reads the
                # full series (their latest windows) to forecast, at half the cost of a refit
                return forecasts, model.update(panel)

            def make(key: str) -> Forecaster:  # set to the series' own seasonal period
                return with_season(c.make(), self.seasons_[key])

            forecasts = {
                (key, k): make(key).fit(train_part(key, k)).predict(step[key]).to_numpy()
                for key, k in units
            }
            return forecasts, {key: make(key).fit(s) for key, s in panel.items()}

        truth = {u: panel[u[0]].to_numpy()[len(panel[u[0]]) - u[1] * step[u[0]]:][:step[u[0]]]
                 for u in units}
        naive2 = {u: self._naive2(train_part(*u), step[u[0]], season) for u in units}
        scales = {u: _scale(train_part(*u).to_numpy(), season) for u in units}
        # the baselines cost less than starting a worker: run here, so there is always an answer
        results = self._run([(c.name, partial(work, c)) for c in cands], deadline,
                            inline=("naive", "seasonal-naive"))

        losses: dict[str, np.ndarray] = {}
        fitted: dict[str, Any] = {}
        rows = []
        by_name = {c.name: c for c in cands}
        for r in results:
            row = {"candidate": r.name, "score": np.nan, "fit_seconds": round(r.seconds, 3),
                   "error": r.error, "params": by_name[r.name].params, "windows": len(units)}
            if r.error is None:
                forecasts, models = r.value
                losses[r.name] = self._losses(forecasts, truth, naive2, scales, units)
                fitted[r.name] = models
            rows.append(row)
        # every candidate's validation forecasts, by name (the combinations' are added below)
        validation = {r.name: r.value[0] for r in results if r.error is None}
        members = [m for m in COMBINED if m in fitted]
        local_combination = None
        if len(members) >= 2:
            # formed from the members' own validation forecasts and final fits: no member is
            # fitted again, and the row's time is what combining costs
            t0 = time.monotonic()
            name = f"combination(median of {', '.join(members)})"
            validation[name] = {u: np.median([validation[m][u] for m in members], axis=0)
                                for u in units}
            local_combination = name
            losses[name] = self._losses(validation[name], truth, naive2, scales, units)
            fitted[name] = {key: CombinationForecaster.from_fitted(
                [fitted[m][key] for m in members]) for key in panel}
            rows.append({"candidate": name, "score": np.nan,
                         "fit_seconds": round(time.monotonic() - t0, 3), "error": None,
                         "params": {"members": members, "how": "median"},
                         "windows": len(units)})
        if not losses:
            errors = "; ".join(f"{r.name}: {r.error}" for r in results[:3])
            raise ValueError(f"no forecaster could be validated within the budget ({errors})")
        normaliser = self._normaliser(naive2, truth, scales, units)
        per_window = {n: (l / normaliser).sum(axis=1) for n, l in losses.items()}
        choice = self._choose(per_window)
        shared: dict[int, dict[str, pd.Series]] = {}  # the global model's panel forecasts

        def member(name: str, key: str, s: pd.Series) -> Forecaster:
            model = fitted[name]
            return model[key] if isinstance(model, dict) else _OneSeriesOfPanel.of(
                model, key, s, shared)

        def mean_of(first: str, second: str) -> str:
            """The mean of two candidates' forecasts, as a new candidate (no model refitted)."""
            t0 = time.monotonic()
            name = f"combination(mean of {first} and {second})"
            validation[name] = {u: 0.5 * (validation[first][u] + validation[second][u])
                                for u in units}
            losses[name] = self._losses(validation[name], truth, naive2, scales, units)
            per_window[name] = (losses[name] / normaliser).sum(axis=1)
            fitted[name] = {key: CombinationForecaster.from_fitted(
                [member(first, key, s), member(second, key, s)], how="mean")
                for key, s in panel.items()}
            rows.append({"candidate": name, "score": np.nan,
                         "fit_seconds": round(time.monotonic() - t0, 3), "error": None,
                         "params": {"members": [first, second], "how": "mean"},
                         "windows": len(units)})
            return name

        best_global = min((n for n in losses if n.startswith("global-boosting")),
                          key=lambda n: per_window[n].mean(), default=None)
        if local_combination and choice == local_combination and best_global is not None \
                and per_window[best_global].mean() < per_window[choice].mean():
            # the global model validated best but not clearly better than the combination of
            # local models: validation cannot tell the two apart, so combine them as well
            choice = mean_of(local_combination, best_global)
        if HEDGE in per_window and choice != HEDGE and not _clearly_better(
                per_window[choice], per_window[HEDGE]):
            # validation cannot tell the answer from Theta, the classic method: the mean of the
            # two has at most the mean of their absolute errors, usually less
            choice = mean_of(choice, HEDGE)
        for row in rows:
            if row["candidate"] in losses:
                row["score"] = float((losses[row["candidate"]] / normaliser).sum(axis=1).mean())
        self.leaderboard_ = leaderboard_frame(rows, greater_is_better=False)
        self.best_name_ = choice
        self.leaderboard_["chosen"] = self.leaderboard_["candidate"] == self.best_name_
        self.models_ = {name: model[next(iter(panel))] if self.single_ and isinstance(model, dict)
                        else model for name, model in fitted.items()}
        self.best_ = self.models_[self.best_name_]
        self.panel_keys_ = list(panel)
        self.search_ = self._summary(results)
        self._report(self.tracker, self.metric, {
            "horizon": horizon, "season": season, "n_series": len(panel), "n_folds": folds,
            "metric": self.metric, "frequency": frequency,
            "detected_seasons": sorted({p for p in self.seasons_.values() if p != season})})
        return self

    def _naive2(self, train: pd.Series, horizon: int, season: int) -> np.ndarray:
        try:
            return Naive2(season=season).fit(train).predict(horizon).to_numpy()
        except ValueError:  # not positive: naive
            return np.repeat(train.iloc[-1], horizon)

    def _losses(self, forecasts, truth, naive2, scales, units) -> np.ndarray:
        """Per window: (sMAPE, MASE) of the forecast, as a 2-column array."""
        out = np.empty((len(units), 2))
        for i, u in enumerate(units):
            f = np.asarray(forecasts[u], dtype=float)
            if f.shape != truth[u].shape or not np.isfinite(f).all():
                f = np.full_like(truth[u], np.nan)
            out[i] = smape(truth[u], f) if np.isfinite(f).all() else np.nan, \
                np.mean(np.abs(truth[u] - f)) / scales[u]
        # a window a candidate could not forecast counts as Naive2's error, doubled
        bad = ~np.isfinite(out).all(axis=1)
        if bad.any():
            ref = np.array([[smape(truth[u], naive2[u]), np.mean(np.abs(truth[u] - naive2[u]))
                             / scales[u]] for u in units])
            out[bad] = 2 * ref[bad]
        return out

    def _normaliser(self, naive2, truth, scales, units) -> np.ndarray:
        """Turn per-window (sMAPE, MASE) into per-window contributions to the pooled metric."""
        ref = np.array([[smape(truth[u], naive2[u]), np.mean(np.abs(truth[u] - naive2[u]))
                         / scales[u]] for u in units])
        if self.metric == "smape":
            return np.array([1.0, np.inf])
        if self.metric == "mase":
            return np.array([np.inf, 1.0])
        mean = ref.mean(axis=0)
        return 2 * np.where(mean > 0, mean, 1.0)

    def _choose(self, per_window: dict[str, np.ndarray]) -> str:
        """The candidate of lowest pooled error if it is clearly better than the combination,
        else the combination."""
        best = min(per_window, key=lambda n: per_window[n].mean())
        combs = [n for n in per_window if n.startswith("combination")]
        if not combs or best in combs:
            return best
        return best if _clearly_better(per_window[best], per_window[combs[0]]) else combs[0]

    def predict(self, horizon: int | None = None) -> Any:
        """The forecast of the next ``horizon`` points (default: the fitted horizon)."""
        check_fitted(self, "best_", "fit(y)")
        horizon = self.horizon if horizon is None else horizon
        if isinstance(self.best_, GlobalBoostingForecaster):
            out = self.best_.predict(horizon)
        elif isinstance(self.best_, dict):
            out = {key: m.predict(horizon) for key, m in self.best_.items()}
        else:
            return self.best_.predict(horizon)
        return out[self.panel_keys_[0]] if self.single_ else out
