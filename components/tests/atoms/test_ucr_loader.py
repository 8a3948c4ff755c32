from pathlib import Path

import numpy as np
import pytest

from mlops_components.atoms.ucr_loader import load_ucr

DATA = Path(__file__).resolve().parents[2] / "data" / "classification"
HEADER = "# a comment\n@problemName Toy\n@classLabel true a b\n@data\n"


def test_gunpoint_and_italy_power_demand_load_with_their_published_sizes():
    X, y = load_ucr(DATA / "GunPoint_TRAIN.ts")
    assert X.shape == (50, 150) and X.dtype == float
    assert dict(zip(*np.unique(y, return_counts=True))) == {"1": 24, "2": 26}
    assert X[0, :2].tolist() == [-0.6478854, -0.64199155] and y[0] == "2"
    X_test, y_test = load_ucr(DATA / "GunPoint_TEST.ts")
    assert X_test.shape == (150, 150) and len(y_test) == 150
    X, y = load_ucr(DATA / "ItalyPowerDemand_TRAIN.ts")
    assert X.shape == (67, 24) and set(y) == {"1", "2"}
    assert load_ucr(DATA / "ItalyPowerDemand_TEST.ts")[0].shape == (1029, 24)


def test_a_small_file_is_parsed_exactly(tmp_path):
    path = tmp_path / "toy.ts"
    path.write_text(HEADER + "1,2,3:a\n4.5,5,6:b\n")
    X, y = load_ucr(path)
    assert X.tolist() == [[1, 2, 3], [4.5, 5, 6]] and y.tolist() == ["a", "b"]


@pytest.mark.parametrize(
    "body, message",
    [
        ("1,2,3:a\n4,5,6:c\n", "unknown label 'c'"),
        ("1,?,3:a\n", "missing values"),
        ("1,NaN,3:a\n", "missing values"),
        ("1,2,3:a\n4,5:b\n", "length 2 among series of length 3"),
        ("", "holds no series"),
        ("1,2,3\n", "must end with ':<class label>'"),
        ("1,2:3,4:a\n", "only univariate"),
        ("1,x,3:a\n", "not a number"),
    ],
)
def test_bad_files_are_refused_with_the_reason(tmp_path, body, message):
    path = tmp_path / "bad.ts"
    path.write_text(HEADER + body)
    with pytest.raises(ValueError, match=message):
        load_ucr(path)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(ValueError, match="no UCR .ts file"):
        load_ucr(tmp_path / "absent.ts")
