"""Benchmark the anomaly AutoML on the NAB development series and score it as NAB does.

Run from the repository root:  /usr/bin/python3 bench/automl_anomaly.py [--budget 60]

For each NAB series: run ``automl_anomaly`` on its first 60% (the training part), print the
leaderboard, then score the chosen detector's alarms on the remaining 40% with the NAB profiles and
window F1, and the wall time. The corpus NAB score sums the series' test parts. For reference, each
detector with its default settings is also scored on the whole series with NAB's own protocol
(probationary period = first 15%). Writes ``components/docs/figures/anomaly.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "components"))

from mlops_components.atoms.nab_loader import load_nab  # noqa: E402
from mlops_components.atoms.rolling_zscore import RollingZScoreDetector  # noqa: E402
from mlops_components.molecules.adaptive_threshold import AdaptiveThresholdDetector  # noqa: E402
from mlops_components.molecules.forecast_residual import ForecastResidualDetector  # noqa: E402
from mlops_components.molecules.window_isolation_forest import WindowIsolationForestDetector  # noqa: E402
from mlops_components.organisms.anomaly_evaluation import AnomalyEvaluation, evaluate_detector  # noqa: E402
from mlops_components.organisms.automl_anomaly import automl_anomaly, points_per_day  # noqa: E402

DATA = ROOT / "components" / "data" / "anomaly"
FIGURES = ROOT / "components" / "docs" / "figures" / "anomaly.json"
SERIES = [
    "artificialNoAnomaly/art_daily_small_noise.csv",
    "artificialWithAnomaly/art_daily_jumpsup.csv",
    "realKnownCause/ec2_request_latency_system_failure.csv",
    "realKnownCause/nyc_taxi.csv",
]
DEFAULTS = {
    "rolling-z-score": lambda season: RollingZScoreDetector(window=season),
    "adaptive-threshold-detector": lambda season: AdaptiveThresholdDetector(window=season, memory=7 * season),
    "forecast-residual-detector": lambda season: ForecastResidualDetector(season=season),
    "window-isolation-forest": lambda season: WindowIsolationForestDetector(width=max(4, season // 24)),
}


def _fmt(scores: dict[str, float]) -> str:
    return ", ".join(f"{p} {v:.1f}" if v == v else f"{p} n/a (no window)" for p, v in scores.items())


def _rounded(scores: dict[str, float]) -> dict[str, float | None]:
    """Scores for the JSON file: one decimal, None where undefined (no window to find)."""
    return {p: round(v, 1) if v == v else None for p, v in scores.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=60.0, help="AutoML time budget per series (s)")
    args = parser.parse_args()
    figures: dict = {"series": {}, "budget_seconds": args.budget}
    corpus = AnomalyEvaluation()
    for key in SERIES:
        series = load_nab(DATA / key, DATA / "windows.json")
        print(f"\n=== {key}: {len(series)} points, {len(series.windows)} labelled windows")
        t0 = time.monotonic()
        result = automl_anomaly(series, budget_seconds=args.budget)
        wall = time.monotonic() - t0
        search = result.search
        print(f"AutoML wall time {wall:.1f} s (budget {args.budget:g} s), trained on the first "
              f"{result.train_size} points; skipped: {search.skipped or 'none'}")
        print(f"{'candidate':<34} {'train NAB raw':>13}")
        for row in search.leaderboard:
            print(f"{row.name:<34} {row.score:>13.3f} {row.error or ''}")
        best = search.best_row
        if best is None:
            raise SystemExit(f"every candidate failed on {key}: see the leaderboard's errors")
        test = evaluate_detector(search.best, series, train_size=result.train_size)
        corpus.series.extend(test.series)
        s = test.series[0]
        print(f"best = {best.name}: test part {len(series) - result.train_size} points, "
              f"{s.windows.n_windows} windows, detected {s.windows.n_detected}, "
              f"false alarms {s.windows.n_false_alarms}, window F1 {s.windows.f1:.2f}")
        print(f"test NAB (normalised): {_fmt(test.nab_normalised)}")
        season = points_per_day(series)
        defaults = {name: evaluate_detector(make(season), series) for name, make in DEFAULTS.items()}
        for name, evaluation in defaults.items():
            print(f"  default {name:<28} whole series, NAB protocol: {_fmt(evaluation.nab_normalised)}; "
                  f"false alarms {evaluation.n_false_alarms}")
        figures["series"][key] = {
            "automl_best": best.name,
            "automl_wall_seconds": round(wall, 1),
            "train_size": result.train_size,
            "test_windows": s.windows.n_windows,
            "test_detected": s.windows.n_detected,
            "test_false_alarms": s.windows.n_false_alarms,
            "test_nab": _rounded(test.nab_normalised),
            "defaults_whole_series": {
                n: {"nab": _rounded(ev.nab_normalised), "false_alarms": ev.n_false_alarms}
                for n, ev in defaults.items()
            },
        }
    figures["corpus_test_nab"] = _rounded(corpus.nab_normalised)
    print(f"\ncorpus NAB on the test parts (normalised, null 0 / perfect 100): {_fmt(corpus.nab_normalised)}")
    print("published: /work/shared/data/README.md gives no NAB figures for these four series; "
          "NAB's scoreboard is over its whole 58-series corpus, so compare detectors here, not with it.")
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    FIGURES.write_text(json.dumps(figures, indent=2, allow_nan=False) + "\n", encoding="utf-8")
    print(f"wrote {FIGURES.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
