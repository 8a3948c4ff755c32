from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mlops_components.atoms.forecast_baselines import Naive, SeasonalNaive
from mlops_components.atoms.forecast_metrics import mase
from mlops_components.atoms.loaders_csv import load_series_csv
from mlops_components.molecules.forecast_evaluation import evaluate_forecaster

AIRLINE = Path(__file__).resolve().parents[2] / "data" / "forecasting" / "airline.csv"


def test_folds_refit_on_the_past_and_score_the_next_horizon():
    y = load_series_csv(AIRLINE)
    model = SeasonalNaive(12)
    scores = evaluate_forecaster(model, y, horizon=12, season=12, n_folds=3)
    assert not hasattr(model, "y_")  # the caller's estimator stays unfitted
    assert list(scores.folds["origin"].dt.year) == [1957, 1958, 1959]
    assert list(scores.folds["train_size"]) == [108, 120, 132]
    # the last fold is the 1960 hold-out: seasonal naive's MAE there is 574 / 12
    assert scores.folds["mae"].iloc[-1] == pytest.approx(574 / 12)
    last = scores.forecasts[-1]
    assert list(last) == list(y.iloc[120:132]) and last.index[0] == pd.Timestamp("1960-01-01")
    first = mase(y.iloc[108:120], y.iloc[96:108], y.iloc[:108], 12)  # 1957 repeated for 1958
    assert scores.folds["mase"].iloc[0] == pytest.approx(first)
    assert scores.mean["mae"] == pytest.approx(scores.folds["mae"].mean())


def test_step_controls_the_spacing_of_origins():
    y = pd.Series(np.arange(1.0, 31.0))
    scores = evaluate_forecaster(Naive(), y, horizon=2, n_folds=4, step=1)
    assert list(scores.folds["train_size"]) == [25, 26, 27, 28]
    # naive on a line with slope 1 misses by 1 then 2: MAE 1.5, and in-sample naive MAE is 1
    assert scores.folds["mae"].tolist() == [1.5] * 4 and scores.folds["mase"].tolist() == [1.5] * 4


def test_evaluation_refuses_what_it_cannot_do():
    with pytest.raises(ValueError, match="need at least"):
        evaluate_forecaster(Naive(), pd.Series(np.arange(10.0)), horizon=4, n_folds=3)
    with pytest.raises(ValueError, match="Forecaster"):
        evaluate_forecaster(object(), pd.Series(np.arange(10.0)), horizon=1)
    with pytest.raises(ValueError, match="missing"):
        evaluate_forecaster(Naive(), pd.Series([1.0, np.nan] * 10), horizon=1)
