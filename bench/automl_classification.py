"""Benchmark the classification AutoML on the UCR development sets and compare with published errors.

Run from the repository root:  /usr/bin/python3 bench/automl_classification.py [--budget 60]

For each data set: run ``automl_classification`` on the TRAIN file only (stratified CV inside it),
print the leaderboard, then measure the chosen model and the reference models on the TEST file
next to the published figures (UCR archive 2018 and the ROCKET paper), and the wall time. Writes
``components/docs/figures/classification.json``, which the docstrings' Figures sections quote.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "components"))

from mlops_components.atoms.ucr_loader import load_ucr  # noqa: E402
from mlops_components.molecules.nearest_neighbour import NearestNeighbourClassifier  # noqa: E402
from mlops_components.molecules.rocket_classifier import RocketClassifier  # noqa: E402
from mlops_components.organisms.automl_classification import automl_classification  # noqa: E402
from mlops_components.organisms.classification_evaluation import train_evaluate_classifier  # noqa: E402

DATA = ROOT / "components" / "data" / "classification"
FIGURES = ROOT / "components" / "docs" / "figures" / "classification.json"

# Published test errors (/work/shared/data/README.md: UCR archive 2018; ROCKET accuracy as 1 - error).
PUBLISHED = {
    "GunPoint": {"1nn-euclidean": 0.087, "1nn-dtw-full": 0.093, "rocket": 0.000},
    "ItalyPowerDemand": {"1nn-euclidean": 0.045, "1nn-dtw-full": 0.050, "rocket": 0.030},
}
REFERENCES = {
    "1nn-euclidean": lambda: NearestNeighbourClassifier(metric="euclidean"),
    "1nn-dtw-full": lambda: NearestNeighbourClassifier(metric="dtw", window=1.0),
    "rocket": lambda: RocketClassifier(n_kernels=2000, random_state=0),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=60.0, help="AutoML time budget per data set (s)")
    args = parser.parse_args()
    figures = {}
    for name in PUBLISHED:
        X, y = load_ucr(DATA / f"{name}_TRAIN.ts")
        X_test, y_test = load_ucr(DATA / f"{name}_TEST.ts")
        print(f"\n=== {name}: {len(X)} train / {len(X_test)} test series of length {X.shape[1]}")
        t0 = time.monotonic()
        search = automl_classification(X, y, budget_seconds=args.budget)
        wall = time.monotonic() - t0
        print(f"AutoML wall time {wall:.1f} s (budget {args.budget:g} s); skipped: {search.skipped or 'none'}")
        print(f"{'candidate':<18} {'CV accuracy':>11} {'seconds':>8}")
        for row in search.leaderboard:
            print(f"{row.name:<18} {row.score:>11.3f} {row.fit_seconds:>8.2f} {row.error or ''}")
        best = train_evaluate_classifier(search.best, X, y, X_test, y_test)
        print(f"best = {search.best_row.name}: test error {best.error:.3f}, accuracy {best.accuracy:.3f}, "
              f"balanced accuracy {best.balanced_accuracy:.3f}, macro F1 {best.macro_f1:.3f}")
        print(f"{'reference model':<18} {'test error':>10} {'published':>10}")
        refs = {}
        for ref, make in REFERENCES.items():
            error = train_evaluate_classifier(make(), X, y, X_test, y_test).error
            refs[ref] = round(error, 4)
            print(f"{ref:<18} {error:>10.3f} {PUBLISHED[name][ref]:>10.3f}")
        figures[name] = {
            "automl_best": search.best_row.name,
            "automl_cv_accuracy": round(search.best_row.score, 4),
            "automl_test_error": round(best.error, 4),
            "automl_wall_seconds": round(wall, 1),
            "budget_seconds": args.budget,
            "test_error": refs,
            "published_test_error": PUBLISHED[name],
            "leaderboard": [{"name": r.name, "cv_accuracy": round(r.score, 4)} for r in search.leaderboard],
        }
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    FIGURES.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {FIGURES.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
