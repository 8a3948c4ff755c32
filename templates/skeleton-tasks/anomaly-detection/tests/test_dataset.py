from ${{ values.package }} import dataset


def test_the_sample_series_has_a_labelled_window():
    series = dataset.load("sample")
    assert len(series) > 500
    assert len(series.windows) >= 1
