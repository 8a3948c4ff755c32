"""Forecasting molecules on AirPassengers (last 12 months held out) and on hand-checkable series."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from mlops_components.atoms.forecast_baselines import SeasonalNaive
from mlops_components.atoms.forecast_metrics import mase, owa, smape
from mlops_components.atoms.loaders_csv import load_series_csv
from mlops_components.atoms.seasonal_adjustment import SeasonalAdjuster
from mlops_components.molecules.arima import SARIMAForecaster
from mlops_components.molecules.ets import ExponentialSmoothingForecaster
from mlops_components.molecules.gradient_boosting import GradientBoostingForecaster
from mlops_components.molecules.naive2 import Naive2
from mlops_components.molecules.theta import ThetaForecaster

AIRLINE = Path(__file__).resolve().parents[2] / "data" / "forecasting" / "airline.csv"

MODELS = {
    "ets": lambda: ExponentialSmoothingForecaster(trend="add", seasonal="mul", season=12),
    "theta": lambda: ThetaForecaster(season=12),
    "sarima": lambda: SARIMAForecaster(
        order=(0, 1, 1), seasonal_order=(0, 1, 1), season=12, log=True
    ),
    "gbm": lambda: GradientBoostingForecaster(lags=(1, 2, 3, 12), season=12, difference=1),
}


@pytest.fixture(scope="module")
def split():
    y = load_series_csv(AIRLINE)
    return y.iloc[:-12], y.iloc[-12:]


@pytest.fixture(scope="module")
def forecasts(split):
    train, _ = split
    return {name: make().fit(train).predict(12) for name, make in MODELS.items()}


@pytest.fixture(scope="module")
def snaive_mase(split):
    train, test = split
    return mase(test, SeasonalNaive(12).fit(train).predict(12), train, 12)


@pytest.mark.parametrize("name", list(MODELS))
def test_each_model_beats_seasonal_naive_on_airpassengers(name, split, forecasts, snaive_mase):
    train, test = split
    pred = forecasts[name]
    assert list(pred.index) == list(test.index)
    assert mase(test, pred, train, 12) < snaive_mase


def test_the_best_model_beats_seasonal_naive_and_naive2_clearly(split, forecasts, snaive_mase):
    train, test = split
    best = min(mase(test, p, train, 12) for p in forecasts.values())
    assert best < 0.5 * snaive_mase  # seasonal naive: 1.571
    naive2 = Naive2(12).fit(train).predict(12)
    assert min(owa(test, p, train, 12, naive2) for p in forecasts.values()) < 0.5


def test_naive2_repeats_the_last_adjusted_value_times_the_seasonal_indices(split):
    train, test = split
    pred = Naive2(season=12).fit(train).predict(12)
    adj = SeasonalAdjuster(12).fit(train)
    last_adjusted = train.iloc[-1] / adj.indices_[(len(train) - 1) % 12]
    assert pred.to_numpy() == pytest.approx(last_adjusted * adj.indices_)  # train starts in January
    assert smape(test, pred) < smape(test, SeasonalNaive(12).fit(train).predict(12))


def test_sarima_reproduces_the_published_airline_model():
    # Box & Jenkins' airline model ARIMA(0,1,1)(0,1,1)_12 on log passengers, whole series:
    # MA(1) = -0.4018, seasonal MA(1) = -0.5569, sigma^2 = 0.001348 (as reported by R's arima()).
    model = SARIMAForecaster(order=(0, 1, 1), seasonal_order=(0, 1, 1), season=12, log=True)
    ma, sma, sigma2 = model.fit(load_series_csv(AIRLINE)).result_.params
    assert ma == pytest.approx(-0.4018, abs=2e-3)
    assert sma == pytest.approx(-0.5569, abs=2e-3)
    assert sigma2 == pytest.approx(0.001348, rel=0.02)


def test_theta_drifts_at_half_the_slope_of_a_linear_trend():
    # The classic Theta method is SES plus half the fitted line's slope (Hyndman & Billah, 2003).
    t = np.arange(80.0)
    y = pd.Series(10 + 2 * t + np.random.default_rng(0).normal(0, 0.5, 80))
    steps = np.diff(ThetaForecaster(season=1).fit(y).predict(10).to_numpy())
    assert steps == pytest.approx(np.full(9, 1.0), abs=0.02)


def test_ets_follows_a_linear_trend():
    y = pd.Series(5 + 3 * np.arange(40.0))
    pred = ExponentialSmoothingForecaster(trend="add", seasonal=None).fit(y).predict(3)
    assert pred.to_numpy() == pytest.approx([125.0, 128.0, 131.0], abs=0.01)


def test_gradient_boosting_is_deterministic_and_works_on_a_range_index(split):
    train, test = split
    on_dates = GradientBoostingForecaster(random_state=1).fit(train).predict(12)
    positions = train.reset_index(drop=True)
    on_positions = GradientBoostingForecaster(random_state=1).fit(positions).predict(12)
    assert list(on_positions.index) == list(range(132, 144))
    assert on_dates.to_numpy() == pytest.approx(on_positions.to_numpy())


@pytest.mark.parametrize("name", list(MODELS))
def test_models_are_clonable_sklearn_estimators(name):
    model = MODELS[name]()
    assert clone(model).get_params() == model.get_params()


@pytest.mark.parametrize("name", list(MODELS))
def test_models_refuse_bad_input(name, split):
    train, _ = split
    with pytest.raises(ValueError, match="empty"):
        MODELS[name]().fit(pd.Series([], dtype=float))
    gappy = train.copy()
    gappy.iloc[5] = np.nan
    with pytest.raises(ValueError, match="missing"):
        MODELS[name]().fit(gappy)
    with pytest.raises(ValueError, match="not equally spaced"):
        MODELS[name]().fit(train.drop(train.index[10]))
    with pytest.raises(ValueError, match="longer than the history"):
        MODELS[name]().fit(train.iloc[-40:]).predict(41)


def test_model_specific_errors_are_clear():
    short = pd.Series(np.arange(1.0, 15.0))
    with pytest.raises(ValueError, match="two full seasons"):
        ExponentialSmoothingForecaster(seasonal="add", season=12).fit(short)
    with pytest.raises(ValueError, match="strictly positive"):
        ExponentialSmoothingForecaster(seasonal="mul", season=2).fit(pd.Series([1.0, -1.0] * 5))
    with pytest.raises(ValueError, match="needs at least"):
        SARIMAForecaster(order=(1, 1, 1), seasonal_order=(1, 1, 1), season=12).fit(short)
    with pytest.raises(ValueError, match="three non-negative integers"):
        SARIMAForecaster(order=(1, 1)).fit(short)
    with pytest.raises(ValueError, match="too short"):
        GradientBoostingForecaster(lags=(12,), season=12).fit(short)
    with pytest.raises(ValueError, match="theta"):
        ThetaForecaster(theta=0.5).fit(short)
