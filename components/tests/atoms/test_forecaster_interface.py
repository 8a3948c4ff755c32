import numpy as np
import pandas as pd
import pytest
from sklearn.exceptions import NotFittedError

from mlops_components.atoms.forecast_baselines import Naive
from mlops_components.atoms.forecaster import check_series


def test_plain_arrays_get_a_range_index_and_integer_indexes_are_regularised():
    assert isinstance(check_series([1, 2, 3]).index, pd.RangeIndex)
    y = check_series(pd.Series([1.0, 2.0, 3.0], index=[10, 12, 14]))
    assert list(Naive().fit(y).predict(2).index) == [16, 18]


def test_period_index_becomes_timestamps_with_a_frequency():
    y = pd.Series([1.0, 2.0, 3.0], index=pd.period_range("2020-01", periods=3, freq="M"))
    out = check_series(y)
    assert isinstance(out.index, pd.DatetimeIndex) and out.index.freq is not None


def test_empty_series_is_refused():
    with pytest.raises(ValueError, match="empty"):
        Naive().fit(pd.Series([], dtype=float))


def test_missing_values_are_refused_with_a_pointer_to_the_imputer():
    with pytest.raises(ValueError, match="missing values.*imputer"):
        Naive().fit(pd.Series([1.0, np.nan, 3.0]))


def test_non_monotonic_timestamps_are_refused():
    idx = pd.to_datetime(["2020-01-01", "2020-01-03", "2020-01-02"])
    with pytest.raises(ValueError, match="increasing order"):
        Naive().fit(pd.Series([1.0, 2.0, 3.0], index=idx))


def test_duplicate_timestamps_are_refused():
    idx = pd.to_datetime(["2020-01-01", "2020-01-02", "2020-01-02"])
    with pytest.raises(ValueError, match="duplicate"):
        Naive().fit(pd.Series([1.0, 2.0, 3.0], index=idx))


def test_irregular_frequency_is_refused():
    idx = pd.to_datetime(["2020-01-01", "2020-01-02", "2020-01-05", "2020-01-06"])
    with pytest.raises(ValueError, match="irregular"):
        Naive().fit(pd.Series([1.0, 2.0, 3.0, 4.0], index=idx))


def test_horizon_longer_than_history_is_refused():
    model = Naive().fit(pd.Series([1.0, 2.0, 3.0]))
    with pytest.raises(ValueError, match="longer than the history"):
        model.predict(4)
    with pytest.raises(ValueError, match="at least 1"):
        model.predict(0)
    with pytest.raises(ValueError, match="integer"):
        model.predict(2.5)


def test_predict_before_fit_is_refused():
    with pytest.raises(NotFittedError):
        Naive().predict(1)


def test_non_numeric_series_is_refused():
    with pytest.raises(ValueError, match="numeric"):
        check_series(pd.Series(["a", "b"]))


def test_a_model_that_returns_the_wrong_number_or_non_finite_values_is_caught():
    from mlops_components.atoms.forecaster import Forecaster

    class Broken(Forecaster):
        def __init__(self, output=(1.0,)):
            self.output = output

        def _fit(self, y):
            pass

        def _predict(self, horizon):
            return np.array(self.output)

    y = pd.Series([1.0, 2.0, 3.0])
    with pytest.raises(RuntimeError, match="not 2"):
        Broken().fit(y).predict(2)
    with pytest.raises(RuntimeError, match="infinite"):
        Broken(output=(np.nan,)).fit(y).predict(1)
