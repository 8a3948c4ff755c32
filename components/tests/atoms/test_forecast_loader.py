from pathlib import Path

import pytest

from mlops_components.atoms.loaders_csv import load_series_csv

AIRLINE = Path(__file__).resolve().parents[2] / "data" / "forecasting" / "airline.csv"


def test_airline_loads_as_a_monthly_series():
    y = load_series_csv(AIRLINE)
    assert len(y) == 144 and y.name == "Passengers"
    assert y.index.freqstr == "MS"
    assert (y.index[0], y.iloc[0]) == (y.index[0].replace(year=1949, month=1, day=1), 112.0)
    assert y.iloc[-1] == 432.0


def test_bad_files_give_clear_errors(tmp_path):
    gap = tmp_path / "gap.csv"
    gap.write_text("t,v\n2020-01-01,1\n2020-01-02,\n2020-01-03,3\n")
    with pytest.raises(ValueError, match="missing values"):
        load_series_csv(gap)
    unsorted = tmp_path / "unsorted.csv"
    unsorted.write_text("t,v\n2020-01-02,1\n2020-01-01,2\n2020-01-03,3\n")
    with pytest.raises(ValueError, match="increasing order"):
        load_series_csv(unsorted)
    wide = tmp_path / "wide.csv"
    wide.write_text("t,a,b\n2020-01-01,1,2\n")
    with pytest.raises(ValueError, match="value_column"):
        load_series_csv(wide)
    with pytest.raises(ValueError, match="no column 'c'"):
        load_series_csv(wide, value_column="c")
