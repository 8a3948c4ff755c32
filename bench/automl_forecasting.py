"""Benchmark the forecasting AutoML on AirPassengers with the last 12 months held out.

Run from the repository root:  /usr/bin/python3 bench/automl_forecasting.py [--budget 60]

Fits ``AutoMLForecaster`` (rolling-origin validation, 3 folds of 12 months, inside 1949-1959 only),
prints its leaderboard, then scores its forecast of 1960 (MASE, sMAPE, OWA) next to seasonal naive,
Naive2 and each forecasting molecule with its default settings, and the wall time. Writes
``components/docs/figures/forecasting.json``, which the docstrings' Figures sections quote.
Exits with status 1 if the search overruns its budget or its winner does not beat seasonal naive.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "components"))

from mlops_components.atoms.forecast_baselines import Drift, Naive, SeasonalNaive  # noqa: E402
from mlops_components.atoms.forecast_metrics import mase, owa, smape  # noqa: E402
from mlops_components.atoms.loaders_csv import load_series_csv  # noqa: E402
from mlops_components.molecules.arima import SARIMAForecaster  # noqa: E402
from mlops_components.molecules.ets import ExponentialSmoothingForecaster  # noqa: E402
from mlops_components.molecules.gradient_boosting import GradientBoostingForecaster  # noqa: E402
from mlops_components.molecules.naive2 import Naive2  # noqa: E402
from mlops_components.molecules.theta import ThetaForecaster  # noqa: E402
from mlops_components.organisms.automl_forecasting import AutoMLForecaster  # noqa: E402
from mlops_components.organisms.backtest import backtest_forecaster  # noqa: E402

DATA = ROOT / "components" / "data" / "forecasting" / "airline.csv"
FIGURES = ROOT / "components" / "docs" / "figures" / "forecasting.json"
HORIZON, SEASON, SLACK_SECONDS = 12, 12, 5.0

MODELS = {
    "naive": lambda: Naive(),
    "drift": lambda: Drift(),
    "seasonal-naive": lambda: SeasonalNaive(SEASON),
    "naive2": lambda: Naive2(SEASON),
    "exponential-smoothing(trend=add,seasonal=mul)": lambda: ExponentialSmoothingForecaster(
        trend="add", seasonal="mul", season=SEASON
    ),
    "theta": lambda: ThetaForecaster(season=SEASON),
    "sarima(0,1,1)(0,1,1)[12] log": lambda: SARIMAForecaster(
        order=(0, 1, 1), seasonal_order=(0, 1, 1), season=SEASON, log=True
    ),
    "gradient-boosting-forecaster(defaults)": lambda: GradientBoostingForecaster(season=SEASON),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=60.0, help="AutoML time budget (s)")
    args = parser.parse_args()

    y = load_series_csv(DATA)
    train, test = y.iloc[:-HORIZON], y.iloc[-HORIZON:]
    naive2 = Naive2(SEASON).fit(train).predict(HORIZON)

    def scores(pred):
        return {
            "mase": round(mase(test, pred, train, SEASON), 4),
            "smape": round(smape(test, pred), 4),
            "owa": round(owa(test, pred, train, SEASON, naive2), 4),
        }

    print(f"AirPassengers: train {train.index[0]:%Y-%m}..{train.index[-1]:%Y-%m} "
          f"({len(train)} months), test {test.index[0]:%Y-%m}..{test.index[-1]:%Y-%m}")
    t0 = time.monotonic()
    automl = AutoMLForecaster(horizon=HORIZON, season=SEASON, budget_seconds=args.budget).fit(train)
    pred = automl.predict(HORIZON)
    wall = time.monotonic() - t0
    print(f"\nAutoML wall time {wall:.1f} s (budget {args.budget:g} s); "
          f"skipped: {automl.search_.skipped or 'none'}")
    print(automl.leaderboard_.to_string(index=False, float_format=lambda v: f"{v:.4f}"))

    print(f"\n{'held-out 1960':<48} {'MASE':>7} {'sMAPE':>7} {'OWA':>7}")
    def show(name, s):
        print(f"{name:<48} {s['mase']:>7.4f} {s['smape']:>7.4f} {s['owa']:>7.4f}")

    best = scores(pred)
    show("AutoML best: " + automl.best_name_, best)
    holdout = {}
    for name, make in MODELS.items():
        holdout[name] = scores(make().fit(train).predict(HORIZON))
        show(name, holdout[name])

    backtest = backtest_forecaster(MODELS["exponential-smoothing(trend=add,seasonal=mul)"](), y,
                                   horizon=HORIZON, season=SEASON, n_folds=3)
    print(f"\nbacktest of ETS(add, mul) on 1958-1960 (3 folds): mean MASE "
          f"{backtest.mean['mase']:.4f}, seasonal naive {backtest.baseline_mean['mase']:.4f}")

    snaive = holdout["seasonal-naive"]
    figures = {
        "data": "AirPassengers 1949-1960, train 1949-1959, test 1960 (horizon 12, season 12)",
        "budget_seconds": args.budget,
        "automl_wall_seconds": round(wall, 1),
        "automl_search_seconds": round(automl.search_.elapsed_seconds, 1),
        "automl_best": automl.best_name_,
        "automl_best_cv_mase": round(float(automl.leaderboard_["mase"].iloc[0]), 4),
        "automl_test": best,
        "test": holdout,
        "backtest_ets_add_mul_3_folds": {
            "mean_mase": round(backtest.mean["mase"], 4),
            "mean_smape": round(backtest.mean["smape"], 4),
            "seasonal_naive_mean_mase": round(backtest.baseline_mean["mase"], 4),
        },
        "leaderboard": [
            {"name": r.name, "cv_mase": None if r.error else round(r.score, 4), "error": r.error}
            for r in automl.search_.leaderboard
        ],
        "skipped": automl.search_.skipped,
    }
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    FIGURES.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {FIGURES.relative_to(ROOT)}")

    failures = []
    if automl.search_.elapsed_seconds > args.budget + SLACK_SECONDS:
        failures.append(f"the search took {automl.search_.elapsed_seconds:.1f} s, "
                        f"over its {args.budget:g} s budget")
    if not best["mase"] < snaive["mase"]:
        failures.append(f"the AutoML winner's MASE {best['mase']} does not beat "
                        f"seasonal naive's {snaive['mase']}")
    for failure in failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
