"""Time split, imputation, scaling, differencing, log transform and seasonal adjustment."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.pipeline import make_pipeline

from mlops_components.atoms.differencing import Differencer
from mlops_components.atoms.imputation import TimeSeriesImputer
from mlops_components.atoms.loaders_csv import load_series_csv
from mlops_components.atoms.log_transform import LogTransformer
from mlops_components.atoms.scaling import SeriesScaler
from mlops_components.atoms.seasonal_adjustment import SeasonalAdjuster, is_seasonal
from mlops_components.atoms.time_split import RollingOriginSplit, temporal_train_test_split

AIRLINE = Path(__file__).resolve().parents[2] / "data" / "forecasting" / "airline.csv"


@pytest.fixture(scope="module")
def airline():
    return load_series_csv(AIRLINE)


# --- splits -------------------------------------------------------------------------------------


def test_temporal_split_keeps_the_last_points_for_testing(airline):
    train, test = temporal_train_test_split(airline, test_size=12)
    assert len(train) == 132 and len(test) == 12
    assert train.index[-1] < test.index[0] and test.index[0] == pd.Timestamp("1960-01-01")


def test_temporal_split_refuses_bad_sizes():
    with pytest.raises(ValueError, match="no training data"):
        temporal_train_test_split(pd.Series([1.0, 2.0]), test_size=2)
    with pytest.raises(ValueError, match="positive"):
        temporal_train_test_split(pd.Series([1.0, 2.0]), test_size=0)


def test_rolling_origin_folds_end_at_the_series_end_and_never_look_ahead():
    folds = list(RollingOriginSplit(n_folds=3, horizon=12).split(np.arange(144)))
    bounds = [(tr[-1], te[0], te[-1]) for tr, te in folds]
    assert bounds == [(107, 108, 119), (119, 120, 131), (131, 132, 143)]
    for train, test in folds:
        assert train[0] == 0 and train.max() < test.min()
    steps = list(RollingOriginSplit(n_folds=2, horizon=3, step=1).split(np.arange(10)))
    assert [list(te) for _, te in steps] == [[6, 7, 8], [7, 8, 9]]


def test_rolling_origin_refuses_too_short_a_series():
    with pytest.raises(ValueError, match="need at least 41 points"):
        list(RollingOriginSplit(n_folds=3, horizon=12, min_train_size=5).split(np.arange(40)))


# --- imputation ---------------------------------------------------------------------------------


def test_imputer_methods_fill_as_documented():
    idx = pd.date_range("2020-01-01", periods=5, freq="D")
    y = pd.Series([np.nan, 2.0, np.nan, np.nan, 8.0], index=idx)
    assert list(TimeSeriesImputer("ffill").fit_transform(y)) == [2.0, 2.0, 2.0, 2.0, 8.0]
    assert list(TimeSeriesImputer("linear").fit_transform(y)) == [2.0, 2.0, 4.0, 6.0, 8.0]
    imputer = TimeSeriesImputer("mean").fit(y)  # mean of the observed 2 and 8
    assert list(imputer.transform(pd.Series([np.nan, 1.0]))) == [5.0, 1.0]


def test_imputer_refuses_a_column_with_no_values_and_unknown_methods():
    with pytest.raises(ValueError, match="no observed values"):
        TimeSeriesImputer().fit(pd.Series([np.nan, np.nan]))
    with pytest.raises(ValueError, match="method"):
        TimeSeriesImputer("median").fit(pd.Series([1.0]))
    with pytest.raises(ValueError, match="empty"):
        TimeSeriesImputer().fit(pd.Series([], dtype=float))


# --- scaling ------------------------------------------------------------------------------------


def test_standard_scaling_uses_training_statistics_and_inverts(airline):
    train, test = airline.iloc[:-12], airline.iloc[-12:]
    scaler = SeriesScaler("standard").fit(train)
    z = scaler.transform(train)
    assert z.mean() == pytest.approx(0.0, abs=1e-12) and z.std(ddof=0) == pytest.approx(1.0)
    assert scaler.transform(test).iloc[0] == pytest.approx((417 - train.mean()) / train.std(ddof=0))
    pd.testing.assert_series_equal(scaler.inverse_transform(scaler.transform(test)), test)


def test_minmax_scaling_and_constant_columns():
    scaler = SeriesScaler("minmax").fit(np.array([[2.0, 5.0], [6.0, 5.0]]))
    assert scaler.transform(np.array([[4.0, 5.0]])).tolist() == [[0.5, 0.0]]
    with pytest.raises(ValueError, match="missing"):
        scaler.transform(np.array([[np.nan, 1.0]]))


def test_atoms_compose_in_a_sklearn_pipeline():
    pipe = make_pipeline(TimeSeriesImputer("linear"), SeriesScaler("minmax"))
    out = pipe.fit_transform(np.array([[0.0], [np.nan], [4.0]]))
    assert out.ravel().tolist() == [0.0, 0.5, 1.0]
    assert clone(pipe).get_params()["seriesscaler__method"] == "minmax"


# --- differencing -------------------------------------------------------------------------------


def test_differencing_and_its_inverse_on_airpassengers(airline):
    train = airline.iloc[:-12]
    seasonal = Differencer(lag=12).fit(train)
    z = seasonal.transform(train)
    assert len(z) == 120 and z.iloc[0] == 115 - 112  # Jan 1950 - Jan 1949
    pd.testing.assert_series_equal(seasonal.inverse_transform(z), train.iloc[12:])
    # a forecast of "same change as last year" integrates back onto 1959's values plus that change
    future = pd.Series(z.iloc[-12:].to_numpy(), index=airline.index[-12:])
    back = seasonal.inverse_transform(future)
    assert np.allclose(back.to_numpy(), train.iloc[-12:].to_numpy() + z.iloc[-12:].to_numpy())


def test_differencer_refuses_misaligned_values_and_short_series():
    d = Differencer(lag=1).fit(pd.Series([1.0, 2.0, 4.0]))
    with pytest.raises(ValueError, match="right after"):
        d.inverse_transform(pd.Series([1.0], index=[7]))
    with pytest.raises(ValueError, match="more than 3 points"):
        Differencer(lag=3).fit(pd.Series([1.0, 2.0, 4.0]))


# --- log and seasonal adjustment ----------------------------------------------------------------


def test_log_transform_round_trips_and_refuses_non_positive_values():
    t = LogTransformer()
    y = pd.Series([1.0, np.e, np.e**2])
    assert t.fit_transform(y).tolist() == pytest.approx([0.0, 1.0, 2.0])
    assert t.inverse_transform(t.transform(y)).tolist() == pytest.approx(y.tolist())
    with pytest.raises(ValueError, match="strictly positive.*1 are <= 0"):
        t.fit(pd.Series([1.0, 0.0]))


def test_airpassengers_is_seasonal_and_its_indices_match_the_decomposition(airline):
    assert is_seasonal(airline, 12)
    adj = SeasonalAdjuster(season=12).fit(airline)
    assert adj.seasonal_ and adj.indices_.mean() == pytest.approx(1.0)
    # the summer peak and the November trough of air travel
    assert adj.indices_.argmax() in (6, 7) and adj.indices_.argmin() == 10
    # the index of each month equals the mean of (y / centred 2x12 moving average) for that month
    trend = airline.rolling(12, center=True).mean().rolling(2).mean().shift(-1)
    ratio = (airline / trend).groupby(airline.index.month).mean()
    assert adj.indices_ == pytest.approx((ratio / ratio.mean()).to_numpy(), rel=1e-9)
    adjusted = adj.transform(airline)
    pd.testing.assert_series_equal(adj.inverse_transform(adjusted), airline)


def test_white_noise_is_not_seasonal():
    noise = pd.Series(np.random.default_rng(0).normal(10, 1, 120))
    adj = SeasonalAdjuster(season=12).fit(noise)
    assert not adj.seasonal_ and (adj.transform(noise) == noise).all()
