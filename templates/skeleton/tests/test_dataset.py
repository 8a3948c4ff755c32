from ${{ values.package }} import dataset
from ${{ values.package }}.config import PIPELINE, TASK


def test_the_pipeline_was_composed_for_this_task():
    assert PIPELINE["task"] == TASK
    assert PIPELINE["automl"] in {c["name"] for c in PIPELINE["components"]}

{%- if values.task == "forecasting" %}


def test_the_sample_series_is_regular_and_complete():
    y = dataset.load("sample")
    assert len(y) >= 48
    assert y.index.freq is not None
    assert not y.isna().any()
{%- elif values.task == "classification" %}


def test_the_sample_has_labelled_train_and_test_series_of_one_length():
    X_train, y_train, X_test, y_test = dataset.load("sample")
    assert len(X_train) == len(y_train) > 10
    assert len(X_test) == len(y_test) > 10
    assert X_train.shape[1] == X_test.shape[1]
    assert set(y_test) <= set(y_train)
{%- else %}


def test_the_sample_series_has_a_labelled_window():
    series = dataset.load("sample")
    assert len(series) > 500
    assert len(series.windows) >= 1
{%- endif %}
