import numpy as np
import pandas as pd
import pytest

from mlops_components.atoms.ts_features import (
    CalendarFeatures,
    FourierFeatures,
    LagFeatures,
    RollingFeatures,
)


def test_lag_features_shift_the_series():
    out = LagFeatures(lags=(1, 2)).fit_transform(pd.Series([1.0, 2.0, 3.0, 4.0]))
    assert list(out.columns) == ["lag_1", "lag_2"]
    assert out["lag_1"].tolist()[1:] == [1.0, 2.0, 3.0]
    assert out["lag_2"].tolist()[2:] == [1.0, 2.0] and out["lag_2"].isna().sum() == 2


def test_rolling_features_only_use_the_past():
    y = pd.Series([1.0, 3.0, 5.0, 7.0, 100.0])
    out = RollingFeatures(windows=(2,), stats=("mean", "max", "std")).fit_transform(y)
    assert out["roll_2_mean"].tolist()[2:] == [2.0, 4.0, 6.0]  # the 100 never appears
    assert out["roll_2_max"].iloc[4] == 7.0
    assert out["roll_2_std"].iloc[2] == pytest.approx(np.std([1.0, 3.0], ddof=1))


def test_calendar_features_read_the_timestamps():
    idx = pd.date_range("2024-12-30", periods=3, freq="D")  # Monday 30 Dec 2024 .. Wed 1 Jan 2025
    features = CalendarFeatures(("month", "dayofweek", "quarter", "weekofyear"))
    out = features.fit_transform(pd.Series(0.0, index=idx))
    assert out["month"].tolist() == [12, 12, 1]
    assert out["dayofweek"].tolist() == [0, 1, 2]
    assert out["quarter"].tolist() == [4, 4, 1]
    assert out["weekofyear"].tolist() == [1, 1, 1]  # ISO week 1 of 2025


def test_fourier_features_have_the_right_period_and_phase_for_future_rows():
    idx = pd.date_range("2020-01-01", periods=24, freq="MS")
    out = FourierFeatures(period=12, order=2).fit_transform(pd.Series(0.0, index=idx))
    assert list(out.columns) == ["sin_12_1", "cos_12_1", "sin_12_2", "cos_12_2"]
    assert np.allclose(out.iloc[:12].to_numpy(), out.iloc[12:].to_numpy())  # one year apart
    assert not np.allclose(out.iloc[0].to_numpy(), out.iloc[6].to_numpy())
    # a later window gets the same terms as the same months in the first one
    later = FourierFeatures(period=12, order=2).transform(pd.Series(0.0, index=idx[5:9]))
    assert np.allclose(later.to_numpy(), out.iloc[5:9].to_numpy())
    quarter = FourierFeatures(period=4, order=1).transform(pd.Series([0.0] * 4))
    assert np.allclose(quarter["sin_4_1"], [0, 1, 0, -1])
    assert np.allclose(quarter["cos_4_1"], [1, 0, -1, 0])


def test_features_refuse_bad_parameters_and_inputs():
    with pytest.raises(ValueError, match="positive integers"):
        LagFeatures(lags=(0,)).fit(pd.Series([1.0]))
    with pytest.raises(ValueError, match="stats"):
        RollingFeatures(stats=("median",)).fit(pd.Series([1.0]))
    with pytest.raises(ValueError, match="DatetimeIndex"):
        CalendarFeatures().fit(pd.Series([1.0]))
    with pytest.raises(ValueError, match="empty"):
        LagFeatures().fit(pd.Series([], dtype=float))
    with pytest.raises(ValueError, match="pd.Series"):
        LagFeatures().fit(np.arange(3.0))
    with pytest.raises(ValueError, match="period"):
        FourierFeatures(period=1).fit(pd.Series([1.0]))
