import json
from pathlib import Path

import pandas as pd
import pytest

from mlops_components.atoms.nab_loader import LabelledSeries, load_nab, windows_to_positions

DATA = Path(__file__).resolve().parents[2] / "data" / "anomaly"
WINDOWS = DATA / "windows.json"


def test_jumpsup_window_positions_match_the_labelled_timestamps():
    s = load_nab(DATA / "artificialWithAnomaly" / "art_daily_jumpsup.csv", WINDOWS)
    assert s.name == "artificialWithAnomaly/art_daily_jumpsup.csv" and len(s) == 4032
    assert s.windows == [(2787, 3189)]
    index = s.values.index
    assert index[2787] == pd.Timestamp("2014-04-10 16:15") and index[3189] == pd.Timestamp("2014-04-12 01:45")


def test_all_four_series_load_with_their_window_counts():
    counts = {}
    for path in sorted(DATA.glob("*/*.csv")):
        s = load_nab(path, WINDOWS)
        counts[s.name] = len(s.windows)
        assert s.values.notna().all() and s.values.index.is_monotonic_increasing
    assert counts == {
        "artificialNoAnomaly/art_daily_small_noise.csv": 0,
        "artificialWithAnomaly/art_daily_jumpsup.csv": 1,
        "realKnownCause/ec2_request_latency_system_failure.csv": 3,
        "realKnownCause/nyc_taxi.csv": 5,
    }


def test_head_cuts_windows_at_the_end():
    s = LabelledSeries("x", pd.Series(range(10), dtype=float), [(2, 3), (6, 9)])
    assert s.head(8).windows == [(2, 3), (6, 7)]
    assert s.head(5).windows == [(2, 3)]
    with pytest.raises(ValueError):
        s.head(11)


def _write(tmp_path, csv_text, windows=None):
    folder = tmp_path / "dir"
    folder.mkdir(exist_ok=True)
    path = folder / "s.csv"
    path.write_text(csv_text)
    labels = tmp_path / "windows.json"
    labels.write_text(json.dumps({"dir/s.csv": windows or []}))
    return path, labels


GOOD = "timestamp,value\n2020-01-01 00:00,1\n2020-01-01 00:05,2\n2020-01-01 00:10,3\n"


@pytest.mark.parametrize(
    "csv_text, reason",
    [
        ("timestamp,value\n2020-01-01 00:05,1\n2020-01-01 00:00,2\n", "not increasing"),
        ("timestamp,value\n2020-01-01 00:00,1\n2020-01-01 00:05,\n", "missing or non-numeric"),
        ("timestamp,value\n", "empty"),
        ("time,v\n2020-01-01,1\n", "timestamp,value"),
    ],
)
def test_bad_series_are_refused_with_the_reason(tmp_path, csv_text, reason):
    path, labels = _write(tmp_path, csv_text)
    with pytest.raises(ValueError, match=reason):
        load_nab(path, labels)


@pytest.mark.parametrize(
    "windows, key, reason",
    [
        ([["2020-01-01 00:05", "2020-01-02 00:00"]], None, "outside the series"),
        ([["2020-01-01 00:10", "2020-01-01 00:05"]], None, "ends before it starts"),
        (None, "other/s.csv", "no windows for 'other/s.csv'"),
    ],
)
def test_bad_windows_are_refused(tmp_path, windows, key, reason):
    path, labels = _write(tmp_path, GOOD, windows)
    with pytest.raises(ValueError, match=reason):
        load_nab(path, labels, key=key)


def test_a_window_inside_the_series_becomes_positions(tmp_path):
    path, labels = _write(tmp_path, GOOD, [["2020-01-01 00:05", "2020-01-01 00:10"]])
    assert load_nab(path, labels).windows == [(1, 2)]


def test_windows_between_points_cover_the_points_inside():
    index = pd.date_range("2020-01-01", periods=6, freq="10min")
    assert windows_to_positions(index, [["2020-01-01 00:05", "2020-01-01 00:35"]]) == [(1, 3)]
    with pytest.raises(ValueError, match="covers no data point"):
        windows_to_positions(index, [["2020-01-01 00:01", "2020-01-01 00:02"]])


def test_a_labelled_series_built_by_hand_is_checked_too():
    index = pd.date_range("2020-01-01", periods=4, freq="h")
    with pytest.raises(ValueError, match="not increasing"):
        LabelledSeries("s", pd.Series([1.0, 2.0, 3.0, 4.0], index=index[[0, 2, 1, 3]]))
    with pytest.raises(ValueError, match="missing"):
        LabelledSeries("s", pd.Series([1.0, None, 3.0, 4.0], index=index))
    with pytest.raises(ValueError, match="empty"):
        LabelledSeries("s", pd.Series([], dtype=float))
    with pytest.raises(ValueError, match="outside the series"):
        LabelledSeries("s", pd.Series([1.0, 2.0, 3.0, 4.0], index=index), [(2, 4)])
    repeated = index[[0, 1, 1, 2]]  # repeated timestamps are allowed, as in NAB's ec2 file
    assert len(LabelledSeries("s", pd.Series([1.0, 2.0, 3.0, 4.0], index=repeated))) == 4
