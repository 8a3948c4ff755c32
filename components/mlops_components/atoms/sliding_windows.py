"""Cut a series into fixed-length, possibly overlapping windows."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from ..registry import component
from ._series_checks import check_int, check_values


@component(
    name="sliding-windows",
    tasks=("anomaly-detection", "classification"),
    category="feature",
)
class SlidingWindows(TransformerMixin, BaseEstimator):
    """Turn one series into a 2-D array of windows of ``width`` points, one every ``stride`` points.

    Window ``k`` covers positions ``k * stride .. k * stride + width - 1``; a tail shorter than a
    full window is dropped. :meth:`window_ends` gives the last position of each window, which is
    where a causal detector reports the window's score.

    ## When to use
    To give point-wise series to models that expect fixed-length samples: window-based anomaly
    detectors (isolation forest on windows) or classifiers of sub-sequences.

    ## Example
    ```python
    import numpy as np
    from mlops_components.atoms.sliding_windows import SlidingWindows

    SlidingWindows(width=3, stride=2).fit_transform(np.arange(7.0))
    # [[0, 1, 2], [2, 3, 4], [4, 5, 6]]
    ```
    """

    def __init__(self, width: int = 16, stride: int = 1):
        self.width = width
        self.stride = stride

    def _check_params(self) -> None:
        check_int(self.width, "width", 1)
        check_int(self.stride, "stride", 1)

    def fit(self, X: Any, y: Any = None) -> "SlidingWindows":
        self._check_params()
        check_values(X)
        return self

    def window_ends(self, n_points: int) -> np.ndarray:
        """The last position of every window cut from a series of ``n_points``."""
        self._check_params()
        if n_points < self.width:
            raise ValueError(
                f"the series has {n_points} points, fewer than one window of width {self.width}"
            )
        return np.arange(self.width - 1, n_points, self.stride)

    def transform(self, X: Any) -> np.ndarray:
        values = check_values(X)
        ends = self.window_ends(len(values))
        windows = np.lib.stride_tricks.sliding_window_view(values, self.width)
        return windows[ends - (self.width - 1)].copy()
