import pytest

from ${{ values.package }} import dataset, features
{%- if values.task == "forecasting" %}


def test_holdout_keeps_time_order():
    y = dataset.load("sample")
    train, test = features.holdout(y, 12)
    assert len(test) == 12
    assert train.index.max() < test.index.min()
    with pytest.raises(ValueError, match="cannot hold out"):
        features.holdout(y, len(y))
{%- elif values.task == "classification" %}
import numpy as np


def test_as_panel_refuses_missing_values():
    X_train, *_ = dataset.load("sample")
    assert features.as_panel(X_train).dtype == float
    broken = X_train.astype(float).copy()
    broken[0, 0] = np.nan
    with pytest.raises(ValueError, match="missing"):
        features.as_panel(broken)
{%- else %}


def test_split_in_time_keeps_the_start():
    series = dataset.load("sample")
    size, train = features.split_in_time(series, 0.6)
    assert len(train) == size == int(0.6 * len(series))
    assert train.values.index.equals(series.values.index[:size])
    with pytest.raises(ValueError, match="train_fraction"):
        features.split_in_time(series, 1.5)
{%- endif %}
