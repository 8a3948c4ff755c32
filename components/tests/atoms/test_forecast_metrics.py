import math

import numpy as np
import pytest

from mlops_components.atoms.forecast_metrics import mae, mase, owa, rmse, smape


def test_mae_and_rmse_match_hand_computation():
    assert mae([1, 2, 3], [2, 2, 5]) == pytest.approx(1.0)
    assert rmse([1, 2, 3], [2, 2, 5]) == pytest.approx(math.sqrt((1 + 0 + 4) / 3))
    assert rmse([0, 0], [3, 4]) == pytest.approx(math.sqrt(12.5))


def test_smape_matches_the_m4_definition():
    # 200/h * sum |y-f| / (|y|+|f|)
    expected = 200 / 2 * (10 / 210 + 20 / 380)
    assert smape([100, 200], [110, 180]) == pytest.approx(expected)
    assert smape([5, 5], [5, 5]) == 0.0
    assert smape([1], [0]) == pytest.approx(200.0)  # the upper bound
    assert smape([0, 2], [0, 2]) == 0.0  # 0/0 counts as exact


def test_mase_divides_by_the_seasonal_naive_in_sample_error():
    # season 1: in-sample |diffs| = 1, 2, 1 -> scale 4/3; MAE = (1 + 2) / 2 = 1.5
    assert mase([5, 6], [4, 8], y_train=[1, 2, 4, 5], season=1) == pytest.approx(1.5 / (4 / 3))
    # season 2: |y_t - y_(t-2)| on [1, 5, 2, 8, 4] = 1, 3, 2 -> scale 2; MAE = 3
    assert mase([0], [3], y_train=[1, 5, 2, 8, 4], season=2) == pytest.approx(1.5)


def test_owa_is_relative_to_naive2():
    y_true, y_train = [10, 10], [8, 9, 10, 11]
    pred, naive2 = [10, 12], [12, 12]
    rel_smape = smape(y_true, pred) / smape(y_true, naive2)
    rel_mase = mase(y_true, pred, y_train, 1) / mase(y_true, naive2, y_train, 1)
    assert owa(y_true, pred, y_train, 1, naive2) == pytest.approx(0.5 * (rel_smape + rel_mase))
    assert owa(y_true, pred, y_train, 1, naive2) == pytest.approx(0.5)
    assert owa(y_true, naive2, y_train, 1, naive2) == pytest.approx(1.0)


def test_mase_refuses_a_constant_training_series():
    with pytest.raises(ValueError, match="constant"):
        mase([1, 2], [1, 1], y_train=[3, 3, 3, 3], season=1)
    # exactly periodic with the season: the seasonal naive scale is 0 too
    with pytest.raises(ValueError, match="constant"):
        mase([1], [1], y_train=[1, 2, 1, 2, 1, 2], season=2)


def test_mase_needs_more_than_one_season_and_a_valid_season():
    with pytest.raises(ValueError, match="more than one season"):
        mase([1], [1], y_train=[1, 2, 3], season=3)
    with pytest.raises(ValueError, match="season"):
        mase([1], [1], y_train=[1, 2, 3], season=0)


def test_owa_refuses_an_exact_naive2():
    with pytest.raises(ValueError, match="Naive2"):
        owa([1, 2], [1, 3], [1, 2, 3], 1, y_naive2=[1, 2])


@pytest.mark.parametrize("metric", [mae, rmse, smape])
def test_bad_inputs_are_refused(metric):
    with pytest.raises(ValueError, match="empty"):
        metric([], [])
    with pytest.raises(ValueError, match="3 values but y_pred has 2"):
        metric([1, 2, 3], [1, 2])
    with pytest.raises(ValueError, match="missing"):
        metric([1, np.nan], [1, 2])
