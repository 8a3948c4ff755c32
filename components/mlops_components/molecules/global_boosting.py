"""A global gradient-boosting forecaster: one model learnt across the series of a panel."""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.ensemble import HistGradientBoostingRegressor

from ..atoms._series_checks import check_fitted
from .gradient_boosting import _one_thread
from ..atoms.forecaster import check_horizon, check_positive_int, check_series, future_index
from ..registry import component

#: Training rows (window, step ahead) used at most: beyond this, more rows cost time, not accuracy.
MAX_ROWS = 50_000


def check_panel_series(panel: Any, name: str = "y") -> dict[str, pd.Series]:
    """A panel of series as ``{id: checked Series}``; from a Series, a mapping or a list."""
    if isinstance(panel, (pd.Series, np.ndarray)) or (
        isinstance(panel, list) and panel and np.isscalar(panel[0])
    ):
        return {"y": check_series(panel, name)}
    if isinstance(panel, Mapping):
        items = list(panel.items())
    elif isinstance(panel, (list, tuple)):
        items = [(str(i), s) for i, s in enumerate(panel)]
    else:
        raise ValueError(
            f"{name} must be one series (pd.Series) or several (a dict or list of series), "
            f"got {type(panel).__name__}"
        )
    if not items:
        raise ValueError(f"{name} holds no series")
    return {str(k): check_series(v, f"series {k!r}") for k, v in items}


@component(
    name="global-boosting-forecaster",
    tasks=("forecasting",),
    category="model",
)
class GlobalBoostingForecaster(BaseEstimator):
    """One gradient-boosted tree model (sklearn ``HistGradientBoostingRegressor``) for many series.

    Every series is cut into windows of its last ``n_lags`` values (by default two horizons or
    three seasons, whichever is longer; at most ``max_cells`` feature values and 50,000 rows are
    used, by sampling windows); each window is scaled by its mean absolute value, and the
    model learns the scaled change from the window's last value to each of the next ``horizon``
    values, with the step ahead and the seasonal-naive value of that step as features (a direct
    multi-step model: no error feeds back). Windows from all series train the same model, so short
    series borrow strength from the others. ``fit(panel)`` takes a mapping ``{id: series}``;
    ``predict(horizon)`` returns ``{id: forecast}``; ``update(panel)`` makes it forecast from newer
    data without retraining. With ``n_trials`` > 0, ``fit`` first tunes the window, the learning
    rate and the number of leaves with optuna (``best_params_``), on a hold-out of the last
    ``horizon`` points of every series, then fits with the best.

    ## When to use
    Many related series (hundreds of stores, sensors, hours): a global model often beats one
    statistical model per series (M4's and M5's lesson), and costs one fit for the whole panel.

    ## Example
    ```python
    import numpy as np, pandas as pd
    from mlops_components.molecules.global_boosting import GlobalBoostingForecaster

    rng = np.random.default_rng(0)
    t = np.arange(200)
    panel = {f"s{i}": pd.Series(10 + i + np.sin(2 * np.pi * t / 24) + rng.normal(0, .1, 200))
             for i in range(20)}
    GlobalBoostingForecaster(horizon=24, season=24).fit(panel).predict(24)["s3"]
    ```
    """

    def __init__(
        self,
        horizon: int = 1,
        season: int = 1,
        n_lags: int | None = None,
        max_cells: int = 6_000_000,
        learning_rate: float = 0.05,
        max_iter: int = 300,
        max_leaf_nodes: int = 31,
        l2_regularization: float = 0.0,
        random_state: int = 0,
        n_trials: int = 0,
    ):
        self.horizon = horizon
        self.season = season
        self.n_lags = n_lags
        self.max_cells = max_cells
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.max_leaf_nodes = max_leaf_nodes
        self.l2_regularization = l2_regularization
        self.random_state = random_state
        self.n_trials = n_trials

    def _base_window(self) -> int:
        return max(2 * self.horizon, 3 * self.season, 8)

    def _rows(self, window: np.ndarray, steps: np.ndarray) -> tuple[np.ndarray, float, float]:
        scale = float(np.mean(np.abs(window)))
        scale = scale if scale > 0 else 1.0
        last = window[-1]
        z = (window - last) / scale
        season = max(1, self.season)
        # seasonal naive of each step ahead, from the window itself
        back = season * np.ceil(steps / season).astype(int)
        snaive = z[np.clip(len(z) - back + steps - 1, 0, len(z) - 1)]
        rows = np.column_stack([np.tile(z, (len(steps), 1)), steps, snaive])
        return rows, last, scale

    def _tune(self, series: dict[str, pd.Series]) -> dict[str, Any]:
        """Optuna (TPE, seeded) over the window, learning rate and leaf count, each trial fitted
        on a quarter of the windows of all but the last ``horizon`` points of every series and
        scored on those points."""
        import optuna

        optuna.logging.set_verbosity(optuna.logging.WARNING)
        h = self.horizon
        inner = {k: y.iloc[:-h] for k, y in series.items() if len(y) > 2 * h + 1}
        if not inner:
            return {}
        base = self._base_window()
        typical = int(np.median([len(y) for y in inner.values()]))
        windows = [base * f for f in (1, 2, 4) if f == 1 or base * f <= typical]

        def objective(trial: Any) -> float:
            params = {
                "n_lags": trial.suggest_categorical("n_lags", windows),
                "learning_rate": trial.suggest_float("learning_rate", 0.02, 0.2, log=True),
                "max_leaf_nodes": trial.suggest_int("max_leaf_nodes", 8, 64, log=True),
            }
            self._fit_with(inner, **params, cells=self.max_cells // 4)  # trials: a sample
            pred = self.predict(h)
            errors = []
            for k, y in inner.items():
                actual = series[k].to_numpy()[len(y):len(y) + h]
                scale = np.mean(np.abs(np.diff(y.to_numpy()))) or 1.0
                errors.append(np.mean(np.abs(actual - pred[k].to_numpy())) / scale)
            return float(np.mean(errors))

        study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=self.random_state))
        study.optimize(objective, n_trials=int(self.n_trials))
        return dict(study.best_params)

    def fit(self, panel: Any, X: Any = None) -> "GlobalBoostingForecaster":
        check_positive_int("horizon", self.horizon)
        check_positive_int("season", self.season)
        series = check_panel_series(panel)
        params = {"n_lags": self.n_lags if self.n_lags is not None else self._base_window(),
                  "learning_rate": self.learning_rate, "max_leaf_nodes": self.max_leaf_nodes}
        check_positive_int("n_lags", params["n_lags"])
        self.best_params_ = params
        if self.n_trials:
            self.best_params_ = {**params, **self._tune(series)}
        return self._fit_with(series, **self.best_params_)

    def _fit_with(self, series: dict[str, pd.Series], n_lags: int, learning_rate: float,
                  max_leaf_nodes: int, cells: int | None = None) -> "GlobalBoostingForecaster":
        horizon, lags = self.horizon, int(n_lags)
        rng = np.random.default_rng(self.random_state)
        steps = np.arange(1, horizon + 1)
        origins = []
        for key, y in series.items():
            v = y.to_numpy()
            for end in range(len(v) - 1, lags - 1, -1):  # newest windows first
                if end + 1 < len(v):
                    origins.append((key, end))
        if not origins:
            raise ValueError(f"the series are too short for windows of {lags} lags plus a target")
        per_origin = horizon
        max_rows = min(MAX_ROWS, max(1000, (cells or self.max_cells) // (lags + 2)))
        if len(origins) * per_origin > max_rows:
            keep = rng.choice(len(origins), max_rows // per_origin, replace=False)
            origins = [origins[i] for i in np.sort(keep)]
        Xs, ys = [], []
        values = {k: s.to_numpy() for k, s in series.items()}
        for key, end in origins:
            v = values[key]
            rows, last, scale = self._rows(v[end - lags + 1:end + 1], steps)
            target = v[end + 1:end + 1 + horizon]
            k = len(target)
            Xs.append(rows[:k])
            ys.append((target - last) / scale)
        regressor = HistGradientBoostingRegressor(
            loss="absolute_error",
            learning_rate=learning_rate,
            max_iter=self.max_iter,
            max_leaf_nodes=int(max_leaf_nodes),
            l2_regularization=self.l2_regularization,
            random_state=self.random_state,
        )
        with _one_thread():  # OpenMP threads on a busy machine slow each fit down many times
            self.regressor_ = regressor.fit(np.vstack(Xs), np.concatenate(ys))
        self.lags_ = lags
        self.series_ = series
        return self

    def update(self, panel: Any) -> "GlobalBoostingForecaster":
        """Forecast from these (longer) series from now on, without retraining the model."""
        check_fitted(self, "regressor_", "fit(panel)")
        self.series_ = check_panel_series(panel)
        return self

    def predict(self, horizon: int | None = None) -> dict[str, pd.Series]:
        check_fitted(self, "regressor_", "fit(panel)")
        horizon = self.horizon if horizon is None else horizon
        if not 1 <= horizon <= self.horizon:
            raise ValueError(f"horizon must be between 1 and {self.horizon} (the fitted horizon)")
        lags, steps = self.lags_, np.arange(1, horizon + 1)
        out = {}
        for key, y in self.series_.items():
            check_horizon(horizon, len(y))
            v = y.to_numpy()
            window = v[-lags:] if len(v) >= lags else np.r_[np.full(lags - len(v), v[0]), v]
            rows, last, scale = self._rows(window, steps)
            with _one_thread():
                pred = last + scale * self.regressor_.predict(rows)
            out[key] = pd.Series(pred, index=future_index(y.index, horizon), name=y.name)
        return out
