"""Benchmark the AutoML organisms on unseen public sets, scored as the published tables score them.

Run from the repository root:
    /usr/bin/python3 bench/automl.py [--budget 60] [--sets m4_hourly,m4_weekly,m3_other,ucr,nab]
    /usr/bin/python3 bench/automl.py --suite unseen [--budget 60] [--sets nile,co2,...] [--probe]

Data: ../shared/data/bench (see its README for the protocol and the published figures). One AutoML
call per set with ``--budget`` seconds (the whole M4 or M3 set is one panel; each UCR set is one
call; the 18 NAB series are one call each, with a budget of ``--budget`` / 18 seconds so the set
shares one budget). Prints, per set: our figure, the classic method run in this same harness, the
published references and the wall time. Writes ``components/docs/figures/bench.json``.

``--suite unseen`` runs the forecasting search, in the same harness and with the same scoring, on
public sets the project has never seen (``bench/unseen_sets.py``: what this machine has offline),
one call per set with the M4 horizon of the set's frequency, beside Theta; the goal there is to beat
Theta on every set. It records its table under ``unseen`` in the same file. ``--probe`` prints each
candidate's test OWA beside its validation score in the leaderboards (the evidence of how well
validation ranks the candidates; the test windows are read for the printout only).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "components"))

from mlops_components.atoms.forecast_metrics import mase, smape  # noqa: E402
from mlops_components.molecules.naive2 import Naive2  # noqa: E402
from mlops_components.molecules.theta import ThetaForecaster  # noqa: E402
from mlops_components.atoms.anomaly_metrics import NAB_PROFILES, nab_corpus_score  # noqa: E402
from mlops_components.atoms.nab_loader import load_nab  # noqa: E402
from mlops_components.atoms.rolling_zscore import RollingZScoreDetector  # noqa: E402
from mlops_components.molecules.nearest_neighbour import NearestNeighbourClassifier  # noqa: E402
from mlops_components.organisms.automl_anomaly import AutoMLAnomalyDetector  # noqa: E402
from mlops_components.organisms.automl_classification import AutoMLClassifier  # noqa: E402
from mlops_components.organisms.automl_forecasting import AutoMLForecaster  # noqa: E402
from unseen_sets import NO_UNSEEN_DATA, UNSEEN  # noqa: E402

BENCH = (ROOT / ".." / "shared" / "data" / "bench").resolve()
FIGURES = ROOT / "components" / "docs" / "figures" / "bench.json"

FORECASTING = {
    "m4_hourly": ("M4_hourly.json", "hourly", "owa",
                  {"Theta (on these 100)": 0.995, "Theta (full M4 Hourly)": 1.006,
                   "ES-RNN, M4 winner (full)": 0.440}, 0.85),
    "m4_weekly": ("M4_weekly.json", "weekly", "owa",
                  {"Theta (on these 100)": 1.008, "Theta (full M4 Weekly)": 0.971,
                   "Damped (full)": 0.917, "ES-RNN (full)": 0.851}, 0.85),
    "m3_other": ("M3_other.json", "other", "smape",
                 {"ARARMA": 4.38, "Theta": 4.41, "Comb S-H-D": 4.56, "ForecastPro": 4.60,
                  "Damped": 4.61, "B-J auto": 5.06, "Naive2": 6.30}, 4.41),
}
UCR = ["Adiac", "CBF", "Car", "DistalPhalanxOutlineCorrect", "Ham", "MedicalImages",
       "SwedishLeaf", "SyntheticControl"]
EUCLID_PUBLISHED = dict(zip(UCR, [0.611, 0.852, 0.733, 0.717, 0.600, 0.684, 0.789, 0.880]))
NAB_PUBLISHED = {"rolling z-score w200 (README, these 18)": 48.3,
                 "Numenta HTM (full corpus)": 70.1, "Random Cut Forest (full corpus)": 51.7,
                 "Twitter ADVec (full corpus)": 47.1, "windowed Gaussian (full corpus)": 39.6}


def m4_scores(series: list[dict], forecasts: dict[str, np.ndarray]) -> dict[str, float]:
    """Mean sMAPE and MASE over the set, and OWA against Naive2, as the M4 competition scores."""
    s, m, s2, m2 = [], [], [], []
    for item in series:
        train, test = np.asarray(item["train"], float), np.asarray(item["test"], float)
        season, h = item["season"], item["horizon"]
        n2 = Naive2(season=season).fit(pd.Series(train)).predict(h).to_numpy()
        f = np.asarray(forecasts[item["id"]], float)
        s.append(smape(test, f))
        m.append(mase(test, f, train, season))
        s2.append(smape(test, n2))
        m2.append(mase(test, n2, train, season))
    smape_, mase_ = float(np.mean(s)), float(np.mean(m))
    return {"smape": smape_, "mase": mase_,
            "owa": 0.5 * (smape_ / float(np.mean(s2)) + mase_ / float(np.mean(m2)))}


def candidate_forecasts(automl: AutoMLForecaster, name: str, h: int) -> dict[str, np.ndarray]:
    """One candidate's forecasts of every series, as the AutoML fitted it on all the data."""
    model = automl.models_[name]
    out = model.predict(h) if not isinstance(model, dict) else {
        k: m.predict(h) for k, m in model.items()}
    return {k: v.to_numpy() for k, v in out.items()}


def forecast_panel(series: list[dict], budget: float, frequency: str,
                   probe: bool = False) -> dict:
    """One AutoML call on the whole panel and Theta on each series, both scored as M4 scores.

    The AutoML is told the sampling frequency, as a user knows it (it may then find a seasonal
    period that M4's protocol leaves out, such as a yearly cycle in weekly data); Theta and the
    scores keep M4's seasonal period. ``probe`` adds each candidate's test OWA to the printed
    leaderboard (evidence of how well validation ranks the candidates)."""
    h, season = series[0]["horizon"], series[0]["season"]
    panel = {s["id"]: pd.Series(np.asarray(s["train"], float)) for s in series}
    t0 = time.monotonic()
    automl = AutoMLForecaster(horizon=h, season=season, budget_seconds=budget,
                              frequency=frequency).fit(panel)
    detected = {p: list(automl.seasons_.values()).count(p) for p in set(automl.seasons_.values())
                if p != season}
    if detected:
        print("seasonal periods found in the data (series): "
              + ", ".join(f"{p} ({n})" for p, n in sorted(detected.items())), flush=True)
    forecasts = automl.predict(h)
    forecasts = {k: v.to_numpy() for k, v in (
        forecasts.items() if isinstance(forecasts, dict) else [(series[0]["id"], forecasts)])}
    wall = time.monotonic() - t0
    ours = m4_scores(series, forecasts)
    theta = {k: ThetaForecaster(season=season).fit(y).predict(h).to_numpy()
             for k, y in panel.items()}
    classic = m4_scores(series, theta)
    board = automl.leaderboard_.drop(columns=["params"])
    if probe:  # each finished candidate's test OWA beside its validation score
        board["test_owa"] = [m4_scores(series, candidate_forecasts(automl, name, h))["owa"]
                             if name in automl.models_ else np.nan for name in board["candidate"]]
    print(board.to_string(index=False, float_format=lambda v: f"{v:.4f}"))
    return {"ours": ours, "theta": classic, "wall_seconds": wall, "best": automl.best_name_,
            "detected_seasons": {str(p): n for p, n in sorted(detected.items())}}


def bench_forecasting(key: str, budget: float) -> dict:
    file, frequency, metric, published, target = FORECASTING[key]
    result = forecast_panel(json.loads((BENCH / "forecasting" / file).read_text()), budget,
                            frequency)
    ours, classic = result["ours"], result["theta"]
    return {"set": key, "metric": metric, "ours": ours[metric], "classic": classic[metric],
            "classic_name": "Theta", "published": published, "target": target,
            "target_rule": "<=", "wall_seconds": result["wall_seconds"], "best": result["best"],
            "detected_seasons": result["detected_seasons"],
            "details": {"ours": ours, "theta": classic}}


def load_tsv(path: Path) -> tuple[np.ndarray, np.ndarray]:
    data = np.loadtxt(path, delimiter="\t")
    return data[:, 1:], data[:, 0]


def rocket_published() -> dict[str, float]:
    frame = pd.read_csv(BENCH / "classification" / "rocket_published.csv")
    return dict(zip(frame["dataset"], frame["accuracy_mean"]))


def bench_ucr_set(name: str, budget: float) -> dict:
    X, y = load_tsv(BENCH / "classification" / f"{name}_TRAIN.tsv")
    X_test, y_test = load_tsv(BENCH / "classification" / f"{name}_TEST.tsv")
    t0 = time.monotonic()
    automl = AutoMLClassifier(budget_seconds=budget).fit(X, y)
    wall = time.monotonic() - t0
    ours = automl.score(X_test, y_test)
    euclid = NearestNeighbourClassifier(metric="euclidean").fit(X, y).score(X_test, y_test)
    print(automl.leaderboard_.drop(columns=["params"]).to_string(
        index=False, float_format=lambda v: f"{v:.3f}"))
    return {"set": name, "metric": "accuracy", "ours": ours, "classic": euclid,
            "classic_name": "1-NN Euclidean",
            "published": {"1-NN Euclidean": EUCLID_PUBLISHED[name],
                          "ROCKET": round(rocket_published()[name], 3)},
            "target": EUCLID_PUBLISHED[name], "target_rule": ">=", "wall_seconds": wall,
            "best": automl.best_name_}


def bench_ucr(key: str, budget: float) -> list[dict]:
    rows = []
    for name in UCR:
        print(f"--- {name}", flush=True)
        rows.append(bench_ucr_set(name, budget))
    mean = {k: float(np.mean([r[k] for r in rows])) for k in ("ours", "classic")}
    return rows + [{"set": "ucr-mean", "metric": "accuracy", "ours": mean["ours"],
                    "classic": mean["classic"], "classic_name": "1-NN Euclidean",
                    "published": {"1-NN Euclidean": float(np.mean(list(EUCLID_PUBLISHED.values()))),
                                  "ROCKET": float(np.mean([rocket_published()[n] for n in UCR]))},
                    "target": 0.86, "target_rule": ">=",
                    "wall_seconds": sum(r["wall_seconds"] for r in rows), "best": "-"}]


def bench_nab(key: str, budget: float) -> list[dict]:
    windows = json.loads((BENCH / "anomaly" / "windows.json").read_text())
    per_series = budget / len(windows)
    ours, classic, labels, wall = [], [], [], 0.0
    for path in sorted(windows):
        series = load_nab(BENCH / "anomaly" / path, BENCH / "anomaly" / "windows.json")
        values = series.values
        # no labels at run time: the detector sees the values only
        t0 = time.monotonic()
        detector = AutoMLAnomalyDetector(budget_seconds=per_series).fit(values)
        ours.append(detector.score_samples(values))
        wall += time.monotonic() - t0  # fit and scoring of every row
        x = values.to_numpy()
        z = RollingZScoreDetector(window=200).fit(x).anomaly_score(x)
        classic.append(np.where(z > 3, 1 - np.exp(-(z - 3)), 0.0))
        labels.append(series.windows)
        print(f"{path:<52} ensemble of {', '.join(detector.best_['members'])}", flush=True)
    rows = []
    for profile in NAB_PROFILES:
        t_ours, s_ours = nab_corpus_score(ours, labels, profile)
        t_z, s_z = nab_corpus_score(classic, labels, profile)
        rows.append({"set": f"nab-{profile}", "metric": "NAB score", "ours": s_ours,
                     "classic": s_z, "classic_name": "rolling z-score w200",
                     "published": NAB_PUBLISHED if profile == "standard" else
                     {"rolling z-score w200 (README)": 37.2 if "FP" in profile else 56.4},
                     "target": 60.0 if profile == "standard" else float("-inf"),
                     "target_rule": ">=", "wall_seconds": wall,
                     "best": f"ensemble, threshold {t_ours:.3f}"})
    return rows


def show(row: dict, budget: float) -> None:
    refs = ", ".join(f"{k} {v:g}" for k, v in row["published"].items())
    below = row["target_rule"] == "<="
    ok = row["ours"] <= row["target"] if below else row["ours"] >= row["target"]
    print(f"\n>>> {row['set']}: {row['metric']} ours {row['ours']:.3f} ({row['best']}) | "
          f"{row['classic_name']} same harness {row['classic']:.3f} | published: {refs} | "
          f"target {row['target_rule']} {row['target']:g}: {'met' if ok else 'NOT met'} | "
          f"wall {row['wall_seconds']:.1f} s (budget {budget:g} s)", flush=True)


SETS = {**{k: bench_forecasting for k in FORECASTING}, "ucr": bench_ucr, "nab": bench_nab}


def bench_unseen(key: str, budget: float, probe: bool = False) -> dict:
    """One set the project has never seen: our AutoML against Theta, OWA as M4 scores it."""
    loader, frequency, source = UNSEEN[key]
    series = loader()
    result = forecast_panel(series, budget, frequency, probe)
    ours, classic = result["ours"], result["theta"]
    return {"set": key, "source": source, "frequency": frequency, "n_series": len(series),
            "horizon": series[0]["horizon"], "metric": "owa", "ours": ours["owa"],
            "classic": classic["owa"], "classic_name": "Theta", "wall_seconds":
            result["wall_seconds"], "best": result["best"],
            "detected_seasons": result["detected_seasons"], "beats_classic": bool(
                ours["owa"] < classic["owa"]), "details": {"ours": ours, "theta": classic}}


def run_unseen(wanted: list[str], budget: float, probe: bool = False) -> list[dict]:
    rows = []
    for key in wanted:
        print(f"\n=== {key} ({UNSEEN[key][1]}, {UNSEEN[key][2]}; budget {budget:g} s)",
              flush=True)
        try:
            rows.append(bench_unseen(key, budget, probe))
        except FileNotFoundError as exc:
            print(f">>> {key}: skipped, {exc}", flush=True)
    print(f"\nload average at the end: {', '.join(f'{v:.2f}' for v in os.getloadavg())}")
    print(f"\n{'set':<19} {'freq':<9} {'n':>4} {'h':>3} {'sMAPE ours':>10} {'Theta':>7} "
          f"{'MASE ours':>9} {'Theta':>7} {'OWA ours':>8} {'Theta':>7} {'beats':>5} "
          f"{'wall s':>6}  chosen")
    for r in rows:
        o, t = r["details"]["ours"], r["details"]["theta"]
        print(f"{r['set']:<19} {r['frequency']:<9} {r['n_series']:>4} {r['horizon']:>3} "
              f"{o['smape']:>10.3f} {t['smape']:>7.3f} {o['mase']:>9.3f} {t['mase']:>7.3f} "
              f"{o['owa']:>8.3f} {t['owa']:>7.3f} {'yes' if r['beats_classic'] else 'NO':>5} "
              f"{r['wall_seconds']:>6.1f}  {r['best']}")
    if rows:
        wins = sum(r["beats_classic"] for r in rows)
        print(f"{'mean of the sets':<40} OWA ours "
              f"{np.mean([r['ours'] for r in rows]):.3f}, Theta "
              f"{np.mean([r['classic'] for r in rows]):.3f}; ours better on {wins} of {len(rows)}")
    for task, why in NO_UNSEEN_DATA.items():
        print(f"{task}: not checked - {why}")
    return rows


def write_figures(key: str, value: object, budget: float, load_start: tuple) -> None:
    """Record one suite's rows in ``bench.json`` with the load average at its start and end,
    keeping the other suite's."""
    figures = json.loads(FIGURES.read_text()) if FIGURES.exists() else {}
    figures.update({"budget_seconds": budget, key: value})
    figures.setdefault("load_average", {})[key] = {
        "start": [round(v, 2) for v in load_start],
        "end": [round(v, 2) for v in os.getloadavg()]}
    FIGURES.write_text(json.dumps(figures, indent=2, default=float) + "\n", encoding="utf-8")
    print(f"wrote {FIGURES.relative_to(ROOT)} ({key})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=60.0, help="seconds per set")
    parser.add_argument("--suite", choices=("bench", "unseen"), default="bench",
                        help="bench: the bundle in ../shared/data/bench; unseen: public sets "
                             "the project has never seen (bench/unseen_sets.py)")
    parser.add_argument("--sets", default=None, help=f"comma-separated; bench: {','.join(SETS)}; "
                                                     f"unseen: {','.join(UNSEEN)}")
    parser.add_argument("--probe", action="store_true",
                        help="unseen: print each candidate's test OWA beside its validation "
                             "score (reads the test windows for the evidence only)")
    args = parser.parse_args()
    known = SETS if args.suite == "bench" else UNSEEN
    wanted = [s for s in (args.sets or ",".join(known)).split(",") if s]
    unknown = [s for s in wanted if s not in known]
    if unknown:
        parser.error(f"unknown set(s) {', '.join(unknown)}; choose from {', '.join(known)}")
    load_start = os.getloadavg()
    print(f"load average at the start: {', '.join(f'{v:.2f}' for v in load_start)}")
    if args.suite == "unseen":
        rows = run_unseen(wanted, args.budget, args.probe)
        if set(wanted) == set(UNSEEN):
            write_figures("unseen", {"sets": rows, "not_checked": NO_UNSEEN_DATA}, args.budget,
                          load_start)
        return 0
    rows = []
    for key in wanted:
        print(f"\n=== {key} (budget {args.budget:g} s)", flush=True)
        result = SETS[key](key, args.budget)
        for row in result if isinstance(result, list) else [result]:
            show(row, args.budget)
            rows.append(row)
    print(f"\nload average at the end: {', '.join(f'{v:.2f}' for v in os.getloadavg())}")
    print(f"\n{'set':<12} {'metric':<9} {'ours':>8} {'classic':>8} {'target':>8} {'wall s':>7}")
    for r in rows:
        print(f"{r['set']:<12} {r['metric']:<9} {r['ours']:>8.3f} {r['classic']:>8.3f} "
              f"{r['target_rule'] + format(r['target'], 'g'):>8} {r['wall_seconds']:>7.1f}")
    if set(wanted) == set(SETS):
        write_figures("sets", rows, args.budget, load_start)
    return 0


if __name__ == "__main__":
    sys.exit(main())
