"""Load one timestamped series from a CSV file."""

from __future__ import annotations

import os

import pandas as pd

from ..registry import component
from .forecaster import check_series


@component(name="csv-series-loader", tasks=("forecasting",), category="loader")
def load_series_csv(
    path: str | os.PathLike,
    time_column: str | None = None,
    value_column: str | None = None,
    freq: str | None = None,
) -> pd.Series:
    """Read a CSV of timestamps and values into a checked, regular ``pd.Series``.

    ``time_column`` defaults to the first column and ``value_column`` to the only other column.
    Timestamps are parsed as dates; ``freq`` (e.g. ``"MS"``) is set if given, otherwise inferred.
    The result passes the forecaster's input checks: no missing values, increasing, unique and
    equally spaced timestamps; otherwise a ValueError says which row is at fault.

    ## When to use
    The first step of any forecasting experiment on a file such as ``Date,Passengers``.

    ## Example
    ```python
    from mlops_components.atoms.loaders_csv import load_series_csv

    y = load_series_csv("data/forecasting/airline.csv")  # 144 months, freq "MS"
    ```
    """
    frame = pd.read_csv(path)
    if frame.empty:
        raise ValueError(f"{path} has no rows")
    time_column = time_column or frame.columns[0]
    if time_column not in frame.columns:
        raise ValueError(f"{path} has no column {time_column!r}: it has {list(frame.columns)}")
    others = [c for c in frame.columns if c != time_column]
    if value_column is None:
        if len(others) != 1:
            raise ValueError(f"{path} has several value columns {others}: name one as value_column")
        value_column = others[0]
    if value_column not in frame.columns:
        raise ValueError(f"{path} has no column {value_column!r}: it has {list(frame.columns)}")
    try:
        index = pd.DatetimeIndex(pd.to_datetime(frame[time_column]), name=time_column)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{path}: column {time_column!r} does not hold dates ({exc})") from None
    if freq is not None:
        index = pd.DatetimeIndex(index, freq=freq)  # raises if the stamps do not follow freq
    values = pd.to_numeric(frame[value_column], errors="coerce")
    series = pd.Series(values.to_numpy(), index=index, name=value_column)
    return check_series(series, name=str(path))
