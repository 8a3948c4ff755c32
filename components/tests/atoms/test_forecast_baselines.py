from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from mlops_components.atoms.forecast_baselines import Drift, Naive, SeasonalNaive
from mlops_components.atoms.forecast_metrics import mase, smape
from mlops_components.atoms.loaders_csv import load_series_csv

AIRLINE = Path(__file__).resolve().parents[2] / "data" / "forecasting" / "airline.csv"

MONTHLY = pd.date_range("2020-01-01", periods=6, freq="MS")


def test_naive_repeats_the_last_value_on_the_following_timestamps():
    y = pd.Series([1.0, 3.0, 2.0, 5.0, 4.0, 7.0], index=MONTHLY)
    pred = Naive().fit(y).predict(3)
    assert list(pred) == [7.0, 7.0, 7.0]
    assert list(pred.index) == list(pd.date_range("2020-07-01", periods=3, freq="MS"))


def test_seasonal_naive_repeats_the_last_season():
    y = pd.Series([1.0, 5.0, 2.0, 6.0, 3.0, 7.0])
    pred = SeasonalNaive(season=2).fit(y).predict(5)
    assert list(pred) == [3.0, 7.0, 3.0, 7.0, 3.0]
    assert list(pred.index) == [6, 7, 8, 9, 10]


def test_drift_extends_the_line_through_the_first_and_last_points():
    pred = Drift().fit(pd.Series([10.0, 12.0, 13.0, 16.0])).predict(2)
    assert list(pred) == pytest.approx([18.0, 20.0])


def test_baselines_are_sklearn_estimators():
    model = SeasonalNaive(season=4)
    assert model.get_params() == {"season": 4}
    assert clone(model).season == 4


def test_seasonal_naive_on_airpassengers_reproduces_the_hand_computed_errors():
    # Hold out 1960: seasonal naive predicts 1959's values.
    y = load_series_csv(AIRLINE)
    train, test = y.iloc[:-12], y.iloc[-12:]
    pred = SeasonalNaive(season=12).fit(train).predict(12)
    assert list(pred) == [360, 342, 406, 396, 420, 472, 548, 559, 463, 407, 362, 405]
    assert list(test) == [417, 391, 419, 461, 472, 535, 622, 606, 508, 461, 390, 432]
    # |1960 - 1959| = 57 49 13 65 52 63 74 47 45 54 28 27, sum 574
    assert np.mean(np.abs(test.to_numpy() - pred.to_numpy())) == pytest.approx(574 / 12)
    scale = train.diff(12).abs().mean()  # seasonal naive's in-sample MAE, 1950-1959
    assert mase(test, pred, train, 12) == pytest.approx((574 / 12) / scale)
    assert mase(test, pred, train, 12) == pytest.approx(1.5709, abs=1e-4)
    terms = [abs(a - f) / (a + f) for a, f in zip(test, pred)]
    assert smape(test, pred) == pytest.approx(200 * sum(terms) / 12)
    assert smape(test, pred) == pytest.approx(10.5718, abs=1e-4)


def test_seasonal_naive_needs_a_full_season():
    with pytest.raises(ValueError, match="full season"):
        SeasonalNaive(season=12).fit(pd.Series(np.arange(5.0)))


def test_drift_needs_two_points():
    with pytest.raises(ValueError, match="2 observations"):
        Drift().fit(pd.Series([1.0]))
