"""Input checks shared by the components (not a component).

Each check raises a ValueError that says what is wrong with the researcher's data or settings and
how to fix it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sklearn.utils.validation import check_is_fitted


def check_values(x: Any, name: str = "series") -> np.ndarray:
    """Return one univariate series as a 1-D float array; refuse empty input, NaNs, infinities."""
    if isinstance(x, pd.DataFrame):
        if x.shape[1] != 1:
            raise ValueError(
                f"{name} must be one series, got a DataFrame with {x.shape[1]} columns"
            )
        x = x.iloc[:, 0]
    try:
        values = np.asarray(x, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must hold numbers: {exc}") from None
    if values.ndim != 1:
        raise ValueError(
            f"{name} must be one-dimensional (one value per time step), got {values.shape}"
        )
    if values.size == 0:
        raise ValueError(f"{name} is empty: there is nothing to score")
    _refuse_missing(values, name)
    return values


def check_panel(X: Any, name: str = "X") -> np.ndarray:
    """Return a set of equal-length series as a 2-D float array (one series per row)."""
    try:
        values = np.asarray(X, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"{name} must be a 2-D array of numbers (one series per row): {exc}"
        ) from None
    if values.ndim != 2:
        raise ValueError(
            f"{name} must be 2-D with one series per row, got shape {values.shape}; "
            "reshape a single series with x.reshape(1, -1)"
        )
    if values.shape[0] == 0 or values.shape[1] == 0:
        raise ValueError(f"{name} is empty (shape {values.shape})")
    _refuse_missing(values, name)
    return values


def check_length(X: np.ndarray, length: int) -> np.ndarray:
    """Return the series ``X`` (one per row) when they are as long as those it was fitted on."""
    if X.shape[1] != length:
        raise ValueError(
            f"series have length {X.shape[1]}, but the estimator was fitted on series of "
            f"length {length}"
        )
    return X


def check_labels(y: Any, n: int, name: str = "y") -> np.ndarray:
    """Return labels as a 1-D array of length ``n``; refuse missing labels and length mismatches."""
    labels = np.asarray(y)
    if labels.ndim != 1:
        raise ValueError(f"{name} must be one label per series (1-D), got shape {labels.shape}")
    if len(labels) != n:
        raise ValueError(
            f"{name} has {len(labels)} labels but there are {n} series: lengths must match"
        )
    if labels.dtype.kind == "f" and np.isnan(labels).any():
        raise ValueError(f"{name} has missing labels (NaN)")
    return labels


def check_flags(flags: Any, name: str = "flags") -> np.ndarray:
    """Return alarm flags (one per time step, 0/1 or bool) as a boolean array."""
    arr = np.asarray(flags)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one flag per time step (1-D), got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} is empty")
    if arr.dtype != bool:
        if arr.dtype.kind not in "iuf" or not np.isin(arr, (0, 1)).all():
            raise ValueError(f"{name} must be 0/1 or boolean alarms, got values like {arr[:5]!r}")
    return arr.astype(bool)


def check_windows(windows: Any, n: int) -> list[tuple[int, int]]:
    """Return anomaly windows as sorted, inclusive ``(first, last)`` positions inside ``[0, n)``."""
    out = []
    for w in windows:
        if len(w) != 2:
            raise ValueError(f"an anomaly window is a (first, last) pair, got {w!r}")
        first, last = int(w[0]), int(w[1])
        if first > last:
            raise ValueError(f"anomaly window {w!r} ends before it starts")
        if first < 0 or last >= n:
            raise ValueError(f"anomaly window {w!r} lies outside the series (positions 0..{n - 1})")
        out.append((first, last))
    out.sort()
    for (_, last), (first, _) in zip(out, out[1:]):
        if first <= last:
            raise ValueError(f"anomaly windows overlap: {out}")
    return out


def check_int(value: Any, name: str, minimum: int) -> int:
    """Return ``value`` if it is an integer of at least ``minimum`` (booleans refused)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be an integer of at least {minimum}, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be an integer of at least {minimum}, got {value!r}")
    return int(value)


def check_fitted(estimator: Any, attribute: str, call: str = "fit(X)") -> None:
    """Refuse to use ``estimator`` before ``call`` has set ``attribute``: a ``NotFittedError``
    (a ValueError) that names the estimator and the call to make first."""
    check_is_fitted(estimator, attribute, msg=f"%(name)s is not fitted yet: call {call} first")


def check_choice(name: str, value: Any, choices: Any) -> None:
    """Refuse a setting that is not one of ``choices``, listing them."""
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}, got {value!r}")


def _refuse_missing(values: np.ndarray, name: str) -> None:
    bad = ~np.isfinite(values)
    if bad.any():
        where = np.argwhere(bad)[:3].tolist()
        raise ValueError(
            f"{name} has {int(bad.sum())} missing or infinite values (first at positions {where}); "
            "impute or drop them first"
        )
