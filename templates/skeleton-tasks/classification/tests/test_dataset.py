from ${{ values.package }} import dataset


def test_the_sample_has_labelled_train_and_test_series_of_one_length():
    X_train, y_train, X_test, y_test = dataset.load("sample")
    assert len(X_train) == len(y_train) > 10
    assert len(X_test) == len(y_test) > 10
    assert X_train.shape[1] == X_test.shape[1]
    assert set(y_test) <= set(y_train)
