"""Load a NAB-style series (``timestamp,value`` CSV) with its labelled anomaly windows."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from ..registry import component
from ._series_checks import check_values, check_windows


@dataclass(frozen=True)
class LabelledSeries:
    """One series on a DatetimeIndex and its anomaly windows, as inclusive position pairs.

    Checked on creation: a non-empty series of numbers without missing values, timestamps that
    never decrease, and windows inside the series that do not overlap.
    """

    name: str
    values: pd.Series
    windows: list[tuple[int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        check_values(self.values, self.name)
        index = self.values.index
        if isinstance(index, pd.DatetimeIndex) and not index.is_monotonic_increasing:
            row = int(np.argmax(np.diff(index.asi8) < 0)) + 1
            raise ValueError(
                f"{self.name}'s timestamps are not increasing (row {row + 1}: {index[row]} comes "
                f"after {index[row - 1]}): sort the series first"
            )
        object.__setattr__(self, "windows", check_windows(self.windows, len(self.values)))

    def __len__(self) -> int:
        return len(self.values)

    def head(self, n: int) -> "LabelledSeries":
        """The first ``n`` points, with the windows cut at the end (later windows dropped)."""
        if not 0 < n <= len(self):
            raise ValueError(f"cannot take the first {n} points of a series of {len(self)}")
        kept = [(a, min(b, n - 1)) for a, b in self.windows if a < n]
        return LabelledSeries(self.name, self.values.iloc[:n], kept)


def windows_to_positions(
    index: pd.DatetimeIndex, windows: list, name: str = "series"
) -> list[tuple[int, int]]:
    """Turn ``[start, end]`` timestamp windows into inclusive positions of the points they cover."""
    out = []
    for window in windows:
        if len(window) != 2:
            raise ValueError(f"{name}: an anomaly window is a [start, end] pair, got {window!r}")
        start, end = pd.Timestamp(window[0]), pd.Timestamp(window[1])
        if end < start:
            raise ValueError(f"{name}: anomaly window {start} .. {end} ends before it starts")
        if start < index[0] or end > index[-1]:
            raise ValueError(
                f"{name}: anomaly window {start} .. {end} lies outside the series "
                f"({index[0]} .. {index[-1]})"
            )
        first = int(index.searchsorted(start, side="left"))
        last = int(index.searchsorted(end, side="right")) - 1
        if last < first:
            raise ValueError(f"{name}: anomaly window {start} .. {end} covers no data point")
        out.append((first, last))
    return sorted(out)


@component(name="nab-loader", tasks=("anomaly-detection",), category="loader")
def load_nab(
    csv_path: str | Path, windows_path: str | Path | None = None, key: str | None = None
) -> LabelledSeries:
    """Read a NAB series and, if given, its anomaly windows from a NAB ``windows.json``.

    The CSV has the columns ``timestamp,value``. ``windows.json`` maps a key such as
    ``"artificialWithAnomaly/art_daily_jumpsup.csv"`` (by default the CSV's folder and file name)
    to a list of ``[start, end]`` timestamps. The windows are returned as inclusive positions into
    the series. Empty files, missing values, unparsable or decreasing timestamps, a key
    absent from the windows file and windows outside the series are refused with a ValueError.

    ## When to use
    To feed the anomaly detectors and the NAB scoring with the Numenta Anomaly Benchmark's data, or
    with any ``timestamp,value`` series labelled in the same way.

    ## Example
    ```python
    from mlops_components.atoms.nab_loader import load_nab

    s = load_nab("data/anomaly/artificialWithAnomaly/art_daily_jumpsup.csv",
                 "data/anomaly/windows.json")
    len(s), s.windows  # 4032 points, one window of 403 points: [(2787, 3189)]
    ```
    """
    csv_path = Path(csv_path)
    name = key or f"{csv_path.parent.name}/{csv_path.name}"
    if not csv_path.is_file():
        raise ValueError(f"no CSV file at {csv_path}")
    frame = pd.read_csv(csv_path)
    if list(frame.columns[:2]) != ["timestamp", "value"]:
        raise ValueError(f"{name}: expected the columns timestamp,value, got {list(frame.columns)}")
    if frame.empty:
        raise ValueError(f"{name} is empty: it has a header but no rows")
    try:
        index = pd.DatetimeIndex(pd.to_datetime(frame["timestamp"]), name="timestamp")
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{name}: unparsable timestamp ({exc})") from None
    values = pd.to_numeric(frame["value"], errors="coerce")
    if values.isna().any():
        raise ValueError(f"{name} has {int(values.isna().sum())} missing or non-numeric values")
    # Building the series checks the timestamps: repeated ones are kept (NAB's own files have
    # them, e.g. at a daylight-saving change), decreasing ones are refused.
    series = LabelledSeries(name, pd.Series(values.to_numpy(dtype=float), index=index, name=name))
    if windows_path is None:
        return series
    labels = json.loads(Path(windows_path).read_text(encoding="utf-8"))
    if name not in labels:
        raise ValueError(f"{windows_path} has no windows for {name!r}; pass key= explicitly")
    return replace(series, windows=windows_to_positions(index, labels[name], name))
