from ${{ values.package }} import dataset


def test_the_sample_series_is_regular_and_complete():
    y = dataset.load("sample")
    assert len(y) >= 48
    assert y.index.freq is not None
    assert not y.isna().any()
